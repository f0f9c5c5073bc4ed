// Engine: runs a RuleSet over a live stream of records and emits triggers.
//
// Records go through a ReorderBuffer (event time, bounded out-of-orderness): they are matched
// in event-time order once the watermark passes them, so within the bound the triggers do not
// depend on arrival order; older records are late (counted, handed to TriggerSink::OnLate, never
// matched). A call or SMS between two subscribers is matched in both streams.
//
// For each released record and each on-net party: the rules with state for that subscriber
// (its slot chain) and the rules the RuleSet's index names for the record are handled once
// each — no rule looks at records it cannot match. Absences fire from timers when the watermark
// passes their deadline, not when some later record happens to arrive; AdvanceWatermark lets an
// idle stream's clock do that.
//
// Semantics per pattern (docs/events.md has the full text):
//   sequence   each step within `within` of the first; the latest start is kept per step, a
//              match fires once and consumes its partial matches
//   absence    the first A opens a window (A.ts, A.ts + D]; a B inside it closes it; at the
//              deadline the trigger fires with time = deadline
//   count      fires when the N-th matching record falls within D of the first of the N, then
//              counts afresh
//   sum        `today`: once per local day when the day's total crosses the threshold;
//              `within D`: over 20 buckets of D/20, once per crossing (re-armed below it)
//   dwell      the subscriber's records with a cell keep meeting the condition (a record with
//              a cell that does not, or a silence over max(2 D, dwell_max_gap), ends the stay);
//              fires once per stay at the first record D after its start (and after the
//              `meanwhile` event, if any)
//   change     the field differs from its value on the subscriber's previous matching record
//   first      a matching record with none in the D before it
// Memory is per subscriber with a match in progress (SlotStore); state of subscribers who go
// quiet expires with the rule's window.
// Thread-safety: single-threaded; the RuleSet and EngineContext must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <span>
#include <string>
#include <vector>

#include "cep/event_view.h"
#include "cep/reorder_buffer.h"
#include "cep/rule_set.h"
#include "cep/slot_store.h"
#include "cep/trigger.h"
#include "core/bytes.h"
#include "core/flat_map.h"

namespace ripple::cep {

struct EngineOptions {
  int64_t out_of_order_bound_ms = 60'000;
  int64_t dwell_max_gap_ms = 30 * 60'000;
  // Subscribers whose expired state is swept per record matched.
  uint32_t sweep_per_record = 2;
  // Remember pairs seen in calls/SMS so that `new_contact` is false the second time (on top
  // of the context's contact graph). Only when some rule uses new_contact.
  bool remember_contacts = true;
  // Keep the list of subscribers whose state changed, for TakeChanged (1 byte per subscriber).
  bool track_changes = false;
};

struct EngineStats {
  uint64_t pushed = 0;   // records given to Push
  uint64_t late = 0;     // of those, late
  uint64_t matched = 0;  // records released and matched
  uint64_t handled = 0;  // (record, subscriber, rule) handlings
  uint64_t triggers = 0;
  uint64_t expired_slots = 0;
  uint64_t live_slots = 0;
  uint64_t pending_timers = 0;
  int64_t watermark = 0;
};

// Called as matching proceeds, for `ripple events test` (explain each step). Optional; null on
// the hot path costs one branch.
class EngineObserver {
 public:
  virtual ~EngineObserver() = default;
  // `what`: "started", "advanced to step 2", "closed", "counted 3 of 5", "entered", ...
  virtual void OnStep(const ingest::Record& record, ingest::SubscriberId subscriber,
                      const CompiledRule& rule, const std::string& what) = 0;
};

class Engine {
 public:
  Engine(std::shared_ptr<const RuleSet> rules, EngineContext* context, EngineOptions options,
         TriggerSink* sink);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void Push(const ingest::Record& record) { PushBatch({&record, 1}); }
  // The same as pushing each record in turn (the same triggers in the same order), faster: the
  // released records are matched with the next ones' state fetched ahead.
  void PushBatch(std::span<const ingest::Record> records);
  // The stream's clock moved (idle stream): records and timers up to `watermark` are due.
  void AdvanceWatermark(int64_t watermark_ms);
  // End of input: everything buffered is released and timers up to the last record's time
  // fire; absences whose deadline is later stay pending (their B may still come).
  void Flush();

  // Swaps in a new rule set. Rules whose canonical text is unchanged keep their state (partial
  // matches survive); the state of changed and removed rules is dropped. Returns how many rules
  // kept their state.
  uint32_t Reload(std::shared_ptr<const RuleSet> rules);

  const RuleSet& rules() const { return *rules_; }
  std::shared_ptr<const RuleSet> rules_ptr() const { return rules_; }
  EngineStats stats() const;
  // Bytes of engine state: slots, reorder buffer, timers, remembered contacts.
  size_t MemoryBytes() const;
  void set_observer(EngineObserver* observer) { observer_ = observer; }

  // Checkpoint of one subscriber's slots (rules named by canonical-text hash, so a restart
  // with changed rules drops only theirs, counted in *dropped), and of the reorder buffer's
  // records and the clock. Valid for the same reference tables (values hold their ids).
  void EncodeSubscriber(ingest::SubscriberId s, ByteWriter& w) const;
  Status DecodeSubscriber(ingest::SubscriberId s, ByteReader& r, uint32_t* dropped = nullptr);
  // With EngineOptions::track_changes: appends to *out (each once) the subscribers whose slots
  // may have changed since the last call — what an incremental checkpoint writes.
  void TakeChanged(std::vector<ingest::SubscriberId>* out);
  void EncodeClock(ByteWriter& w) const;
  Status DecodeClock(ByteReader& r);

 private:
  struct Timer {
    int64_t deadline;
    ingest::SubscriberId subscriber;
    uint16_t rule;
    bool operator>(const Timer& o) const { return deadline > o.deadline; }
  };

  void ReleaseAndMatch();
  void Match(const ingest::Record& record);
  void MatchFor(const ingest::Record& record, ingest::SubscriberId s);
  void Handle(uint16_t rule, EventView& view, uint32_t slot);
  void HandleSequence(uint16_t rule, EventView& view, uint32_t slot);
  void HandleAbsence(uint16_t rule, EventView& view, uint32_t slot);
  void HandleCount(uint16_t rule, EventView& view, uint32_t slot);
  void HandleSum(uint16_t rule, EventView& view, uint32_t slot);
  void HandleDwell(uint16_t rule, EventView& view, uint32_t slot);
  void HandleChange(uint16_t rule, EventView& view, uint32_t slot);
  void HandleFirst(uint16_t rule, EventView& view, uint32_t slot);
  bool Matches(const CompiledEvent& event, EventView& view);
  void Fire(uint16_t rule, EventView* view, ingest::SubscriberId s, int64_t ts,
            const uint64_t* carried);
  void FireTimers(int64_t before_ms);
  void Sweep(int64_t now_ms);
  void Note(EventView& view, uint16_t rule, const char* what);
  void RememberContact(const ingest::Record& record);
  static bool KnownContact(void* self, ingest::SubscriberId s, PhoneKey other);
  void RebuildTimers();
  void IndexSlotFeeds();
  void MarkChanged(ingest::SubscriberId s) {
    if (!changed_flag_.empty() && !changed_flag_[s]) {
      changed_flag_[s] = 1;
      changed_.push_back(s);
    }
  }

  std::shared_ptr<const RuleSet> rules_;
  EngineContext* context_;
  EngineOptions options_;
  TriggerSink* sink_;
  EngineObserver* observer_ = nullptr;
  ReorderBuffer buffer_;
  std::vector<ingest::Record> released_;  // reused: the records one release hands over
  SlotStore slots_;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<uint32_t> seen_epoch_;  // per rule: the epoch it was last handled in
  // Per rule: the feeds (bit per Feed) of the records its handler may act on when the
  // subscriber has a slot of it. For a record of another feed the handler would look and leave
  // the slot as it is, so the slot walk counts the handling and skips the call.
  std::vector<uint8_t> slot_feeds_;
  static_assert(kFeedCount <= 8, "slot_feeds_ has a bit per feed");
  uint32_t epoch_ = 0;
  uint32_t sweep_cursor_ = 0;
  int64_t now_ms_ = 0;  // event time of the record being matched
  FlatMap64 contacts_seen_;
  std::vector<uint8_t> changed_flag_;  // per subscriber, with track_changes
  std::vector<ingest::SubscriberId> changed_;
  EngineStats stats_;
};

}  // namespace ripple::cep
