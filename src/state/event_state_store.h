// EventStateStore: the durable copy of the event engine's state (its partial matches per
// subscriber and its clock) in a RocksDB folder, written by incremental checkpoints.
//
// A checkpoint is ONE atomic, synced write batch: the values of the subscribers that changed
// since the last one (an empty value deletes the subscriber's record) and the caller's progress
// blob (the stream position, the engine's clock and whatever else resuming needs). After a crash
// the store therefore holds the engine's state exactly as of some checkpoint together with the
// stream position that produced it.
//
// Keys: 'e' | dense subscriber id (4 bytes, big-endian) -> the engine's encoding of its slots;
// 'm' "progress" -> the progress blob. Dense ids are only meaningful for the same reference
// tables: the caller keeps a fingerprint of them in the progress and starts fresh (Clear) when
// they differ.
// Thread-safety: not thread-safe; one owner thread. RocksDB's LOCK keeps a second process out.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "core/status.h"

namespace rocksdb {
class DB;
}

namespace ripple::state {

class EventStateStore {
 public:
  // Opens (creating it and its parent folders if missing) the store in `dir`.
  static Result<std::unique_ptr<EventStateStore>> Open(const std::string& dir);
  ~EventStateStore();
  EventStateStore(const EventStateStore&) = delete;
  EventStateStore& operator=(const EventStateStore&) = delete;

  // Writes the changed subscribers and `progress` in one synced batch. On failure the previous
  // checkpoint stays intact.
  Status Checkpoint(std::span<const std::pair<uint32_t, std::string>> changed,
                    std::string_view progress);
  // The progress of the last checkpoint (nullopt for a fresh store).
  Result<std::optional<std::string>> Progress() const;
  // Calls fn(subscriber, value) for every stored subscriber in id order; fn's error stops it.
  Status ForEachSubscriber(const std::function<Status(uint32_t, std::string_view)>& fn) const;
  // Deletes everything (a fresh start), synced.
  Status Clear();

  const std::string& dir() const { return dir_; }
  uint64_t last_checkpoint_bytes() const { return last_bytes_; }

 private:
  EventStateStore(std::string dir, std::unique_ptr<rocksdb::DB> db);
  std::string dir_;
  std::unique_ptr<rocksdb::DB> db_;
  uint64_t last_bytes_ = 0;
};

}  // namespace ripple::state
