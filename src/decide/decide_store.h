// DecideStore: the decision server's durable state in one RocksDB folder (OUT/decide-state):
//
//   m            the marketing model's current version (JSON)
//   a/<ver>      the audit trail: one entry per model change (version, when, who, what)
//   v/<ver>      the campaign ids of each model version (decisions name campaigns by index)
//   c/<phone>    a subscriber's ContactEntry (keyed by number, stable across snapshots)
//   d/<id>       every decision, compact, for feedback and explanation
//   f/<id>/<ev>  feedback already taken (idempotence)
//   k/<campaign> the campaign's counters (contacts against the quota, outcomes)
//   b/<arm key>  adaptive ranking's arms (bandit.h): shows and conversions per cell
//   meta/boot    how many times the store was opened: the high bits of decision ids
//   o/<phone>/<channel>  an opt-out taken through the API ("*": every channel)
//   meta/channels the ledger's channel indexes
// Decisions and contact entries are journalled write-behind: Record appends them to a pending
// batch and a writer thread writes it every 2 ms (one RocksDB write for many decisions, off the
// request's path); a killed process can lose the last 2 ms of decisions. Everything else is
// written when asked. Writes go through RocksDB's write-ahead log without fsync (a power cut can
// lose the last moments), except the model, its audit and opt-outs, which are synced.
// Thread-safety: RocksDB's; MarkFeedback serialises per decision id.
#pragma once

#include <array>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/status.h"
#include "decide/arbiter.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace ripple::decide {

// A decision as stored: names, not model indexes (the model changes under it).
struct DecisionRecord {
  uint64_t id = 0;
  int64_t ts_ms = 0;
  PhoneKey phone = kNoPhone;
  std::string channel, slot, campaign;  // campaign: the winner ("" when none)
  bool control = false;
  uint64_t model_version = 0;
  Ranking ranking = Ranking::kPriority;
  int equals = 0, rotation = 0;
  uint32_t cell = 0;  // the subscriber's cell on the slot (adaptive ranking)
  bool explored = false;
  struct Item {
    std::string campaign;
    Verdict verdict = Verdict::kNotActive;
    double score = 0;
  };
  std::vector<Item> considered;
};
DecisionRecord ToRecord(const Decision& d);
// What Record() stores: campaigns by index in their model version (see decide_store.cc).
std::string EncodeDecisionCompact(const Decision& d);
bool DecodeDecisionCompact(std::string_view bytes,
                           const std::function<const std::vector<std::string>*(uint64_t)>& ids,
                           DecisionRecord* r);
std::string FormatDecisionId(uint64_t id);  // 16 hex digits
std::optional<uint64_t> ParseDecisionId(std::string_view text);

struct AuditEntry {
  uint64_t version = 0;
  int64_t at_ms = 0;
  std::string who;     // "marketer:3f2a" (role and a fingerprint of the token), "config"
  std::string action;  // "create campaign spring_data", "update policy", ...
  std::string detail;  // JSON of what was written
};

class DecideStore : public DecisionJournal {
 public:
  static Result<std::unique_ptr<DecideStore>> Open(const std::string& dir);
  ~DecideStore() override;

  uint64_t boot() const { return boot_; }
  // The first decision id of this process: (boot << 40) + 1.
  uint64_t FirstDecisionId() const { return (boot_ << 40) + 1; }

  Result<std::optional<MarketingModel>> LoadModel();
  // The new model and its audit entry in one atomic write.
  Status SaveModel(const MarketingModel& model, const AuditEntry& audit);
  // Newest first.
  std::vector<AuditEntry> Audit(size_t limit);

  // Loads every stored ContactEntry into the ledger (subscriber_of maps a number to the
  // snapshot's id; numbers no longer subscribers are skipped) and the ledger's channel list.
  Status LoadLedger(ContactLedger& ledger, const std::function<uint32_t(PhoneKey)>& subscriber_of);
  Status SaveChannels(const std::vector<std::string>& channels);
  // Opt-outs taken at run time (POST /v1/policy/opt-out): stored so that a restart honours them.
  Status SaveOptOut(PhoneKey phone, std::string_view channel);
  Status LoadOptOuts(ContactLists& lists);
  // Journalled like Record's entries, so that both reach the store in the order they were made
  // (callers hold the subscriber's lock).
  void SaveContact(PhoneKey phone, const ContactEntry& entry);
  // Writes the pending journal now.
  Status Flush();

  // DecisionJournal: the decision, the subscriber's entry and the winner's counters.
  void Record(const Decision& d, const ContactEntry& entry) override;
  uint64_t write_errors() const { return write_errors_; }

  Result<DecisionRecord> FindDecision(uint64_t id);
  // True when (id, event) was not recorded before: then `apply` runs (it counts the outcome and
  // returns the counters to store, or null) and both are written in one batch. False for a
  // repeat, and `apply` does not run. Serialised per id, so two identical posts count once.
  Result<bool> MarkFeedback(uint64_t id, std::string_view event, const std::string& campaign,
                            const std::function<const CampaignCounters*()>& apply);
  Status SaveCounters(const std::string& campaign, const CampaignCounters& counters);
  // Every campaign's counters in one write (the server calls it every second and at stop).
  Status FlushCounters(CounterRegistry& registry);
  // The campaign ids of a model version, in model order (null: unknown version).
  const std::vector<std::string>* VersionIds(uint64_t version);
  Status LoadCounters(CounterRegistry& registry);
  // Adaptive ranking's arms, written like the counters (every second and at stop).
  Status FlushArms(BanditRegistry& registry);
  Status LoadArms(BanditRegistry& registry);

  // --- Reading the whole store, for reports (decide_store_scan.cc) ----------------------------
  // Opens an existing store for reading only (rocksdb::DB::OpenForReadOnly): it takes no lock,
  // so it works while `ripple serve` or `ripple push` holds the store, and it sees what was on
  // disk when it opened (not decisions still in the other process's 2 ms journal). Every write
  // through it fails; boot() is 0. Errors: NotFound when DIR holds no store, IoError.
  static Result<std::unique_ptr<DecideStore>> OpenReadOnly(const std::string& dir);
  // Calls `visit` for every stored decision, in id order, with the feedback events marked for it
  // ("impression", "click", "convert", "dismiss"; each at most once; the views live for the
  // call), all read from one snapshot: one pass over d/ merged with one over f/ (both are in id
  // order). Writes the pending journal first. Errors: Corruption naming a decision that does not
  // decode, IoError.
  Status ForEachDecision(
      const std::function<void(const DecisionRecord&, const std::vector<std::string_view>& events)>&
          visit);
  // --- end of the scan block --------------------------------------------------------------------

 private:
  explicit DecideStore(std::unique_ptr<rocksdb::DB> db);
  void WriterLoop();
  std::unique_ptr<rocksdb::DB> db_;
  std::mutex pending_mutex_;
  std::condition_variable pending_cv_;
  std::unique_ptr<rocksdb::WriteBatch> pending_;
  std::mutex flush_mutex_;  // one batch written at a time, in order
  bool stopping_ = false;
  std::thread writer_;
  uint64_t boot_ = 0;
  std::atomic<uint64_t> write_errors_{0};
  std::array<std::mutex, 64> feedback_locks_;
  std::mutex versions_mutex_;
  std::map<uint64_t, std::vector<std::string>> version_ids_;
  std::atomic<uint64_t> ids_written_for_{0};  // version + 1 whose ids Record knows are stored
};

}  // namespace ripple::decide
