// StateStore: the durable copy of SubscriberState in a RocksDB folder, written by checkpoints.
//
// A checkpoint is ONE atomic, synced RocksDB write batch holding every dirty subscriber and the
// caller's opaque progress blob (its input positions: file offsets today, Kafka offsets later).
// After a crash the store therefore holds the state exactly as of some checkpoint together with
// the input position that produced it: resuming from that position neither loses nor
// double-counts a record.
//
// Keys (big-endian, so a partition is one contiguous key range that scale-out can hand over):
//   's' | partition (2 bytes) | pseudonym (8 bytes)  -> state_codec.h value of that subscriber
//   'x' | tag | partition | pseudonym         -> a SubscriberAttachment's value for that subscriber
//   'm' "attach" tag                          -> that attachment's settings
//   'm' "settings"                                   -> encoding version, retention_days,
//                                                       utc_offset_minutes, partitions
//   'm' "progress"                                   -> the caller's progress blob
//   'm' "counters"                                   -> expired_records, so totals survive a
//   restart
// Subscribers are keyed by pseudonym, never by dense id: the dense ids follow the order of
// subscribers.csv, which may change between runs. A stored subscriber missing from the current
// list is an orphan: counted by Load, kept untouched (the number may come back).
//
// Invariants:
//   1. The settings record is written before any subscriber record and never changes; a store is
//      only ever opened with the settings it was created with.
//   2. A subscriber with nothing to store (SubscriberState::IsEmpty) has no record.
// Thread-safety: not thread-safe; one owner thread (the state's single writer). RocksDB's LOCK
// file keeps a second process out of the folder.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/flat_map.h"
#include "core/status.h"
#include "state/subscriber_state.h"

namespace rocksdb {
class DB;
}

namespace ripple::state {

// Per-subscriber data another part keeps beside the state (the profile's activity
// accumulators) and needs checkpointed in the same atomic batch, keyed like the subscriber:
// 'x' | tag | partition | pseudonym. The attachment must only change for subscribers whose state
// is dirty (it is written for exactly the state's dirty subscribers).
class SubscriberAttachment {
 public:
  virtual ~SubscriberAttachment() = default;
  // Distinct per attachment kind; part of its keys.
  virtual char tag() const = 0;
  // Settings stored once per store under 'm' "attach" tag (e.g. a category list); Load hands the
  // stored settings back to DecodeSettings before any Decode so the attachment can map old
  // layouts onto its current one.
  virtual std::string Settings() const = 0;
  virtual Status DecodeSettings(std::string_view stored) = 0;
  // Appends what to store for `s` to *out; false when there is nothing (the record is deleted).
  virtual bool Encode(SubscriberId s, std::string* out) const = 0;
  // Replaces the data of `s` with `value`; an error message names what is wrong (the store adds
  // which subscriber).
  virtual Status Decode(SubscriberId s, std::string_view value) = 0;
};

struct CheckpointStats {
  uint64_t subscribers_written = 0;  // Put records
  uint64_t subscribers_deleted = 0;  // Delete records (became empty)
  uint64_t bytes = 0;                // size of the write batch
  double encode_seconds = 0;         // building the batch
  double write_seconds = 0;          // RocksDB write + fsync of the WAL
};

// The key of a subscriber's record: 's', partition and pseudonym, big-endian.
std::string SubscriberKey(uint16_t partition, uint64_t pseudonym);

class StateStore {
 public:
  // Opens (creating it and its parent folders if missing) the store in folder `dir`, for state
  // with `options`. Errors name `dir`: a path that is a file, a folder another process holds, a
  // store written with different settings (InvalidArgument naming the setting; start with a
  // fresh output folder), or invalid `options`.
  static Result<std::unique_ptr<StateStore>> Open(const std::string& dir,
                                                  const StateOptions& options = {});
  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  // Writes every dirty subscriber of `state` (deleting those that are now empty) and `progress`
  // in one synced batch, then clears the dirty bits. On failure nothing is cleared and the
  // previous checkpoint stays intact. REQUIRES: `pseudonyms` is the list `state` was built from.
  // Each attachment's data is written for the same dirty subscribers.
  Status Checkpoint(SubscriberState& state, const std::vector<uint64_t>& pseudonyms,
                    std::string_view progress,
                    std::span<SubscriberAttachment* const> attachments = {});
  // Fills `state` from the store and returns the progress blob of the last checkpoint (nullopt
  // for a fresh store). Afterwards no subscriber is dirty. Stored subscribers whose pseudonym is
  // not in `pseudonyms` are counted in orphaned(). A value that does not decode is a Corruption
  // naming the subscriber's pseudonym in hex; after any error `state` is partly filled and must
  // be discarded. REQUIRES: nothing applied to `state` yet (else InvalidArgument).
  // Attachments are filled from their stored records (orphans skipped likewise).
  Result<std::optional<std::string>> Load(SubscriberState& state,
                                          const std::vector<uint64_t>& pseudonyms,
                                          std::span<SubscriberAttachment* const> attachments = {});

  uint64_t orphaned() const { return orphaned_; }
  const CheckpointStats& last_checkpoint() const { return last_checkpoint_; }
  const std::string& dir() const { return dir_; }
  const StateOptions& options() const { return options_; }

 private:
  StateStore(std::string dir, const StateOptions& options, std::unique_ptr<rocksdb::DB> db);
  // Compares the stored settings with options_, writing them when the store has none.
  Status CheckSettings();
  Status LoadAttachment(SubscriberAttachment* a, const std::vector<uint64_t>& pseudonyms,
                        const FlatMap64& ids, uint32_t zero_id);
  // InvalidArgument unless `state` and `pseudonyms` belong to this store.
  Status CheckCaller(const SubscriberState& state, const std::vector<uint64_t>& pseudonyms,
                     const char* operation) const;

  std::string dir_;
  StateOptions options_;
  std::unique_ptr<rocksdb::DB> db_;
  uint64_t orphaned_ = 0;
  CheckpointStats last_checkpoint_;
};

}  // namespace ripple::state
