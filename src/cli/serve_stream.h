// The live side of `ripple serve`: a JSON Lines stream read through the event engine on its own
// thread, triggers into the TriggerStore the API reads, the latency from a record's arrival to
// its trigger, and the engine's checkpoints (EventsCheckpoint) so that a restart resumes.
// Thread-safety: RunStream runs on one thread; Live's members are atomics or thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>

#include "cep/engine.h"
#include "cep/trigger.h"
#include "cli/events_setup.h"
#include "serve/metrics.h"
#include "serve/trigger_store.h"

namespace ripple::cli {

using Clock = std::chrono::steady_clock;

struct StreamOptions {
  std::string stream;        // a JSON Lines file, or "-" for standard input
  std::string snapshot;      // OUT of `ripple batch`
  std::string events_state;  // empty: OUT/events-state
  double speed = 0;          // 0: as fast as it comes; else paced by event time, X times real time
};

// The live side: the stream's counters and the latency from a record's arrival to its trigger.
struct Live {
  serve::TriggerStore triggers;
  serve::LatencyHistogram trigger_latency;
  serve::LatencyHistogram request_latency;
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> late{0};         // late for the engine (within the ingest gate)
  std::atomic<uint64_t> ingest_late{0};  // late at the ingest gate: dead-lettered as `late`
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> reloads{0};
  std::atomic<bool> stream_done{false};
};

// Triggers into the store; the latency is measured from the wall time the completing record
// arrived (kept per (subscriber, event time) while the record may still be matched).
class StoreSink : public cep::TriggerSink {
 public:
  StoreSink(Live& live, EventsSetup& setup) : live_(live), setup_(setup) {}
  void set_rules(const cep::RuleSet* rules) { rules_ = rules; }
  void Arrived(const ingest::Record& r, Clock::time_point at) {
    for (const ingest::SubscriberId s : {r.from_sub, r.to_sub}) {
      if (s == ingest::kNoSubscriber) continue;
      arrivals_[Key(s, r.ts_ms)] = at;
      order_.push_back({Key(s, r.ts_ms), r.ts_ms});
    }
  }
  // Records at or before the watermark have been matched: their triggers are out. Arrival
  // order is event-time order within the bound, so the queue's front is released first.
  void Forget(int64_t watermark) {
    while (!order_.empty() && order_.front().ts_ms <= watermark) {
      arrivals_.erase(order_.front().key);
      order_.pop_front();
    }
  }
  void OnTrigger(const cep::Trigger& t) override {
    const cep::CompiledRule& r = rules_->rules()[t.rule];
    serve::LiveTrigger live;
    live.ts_ms = t.ts_ms;
    live.expires_ms = t.expires_ms;
    live.priority = r.priority;
    live.rule = r.id;
    live.trigger = r.trigger;
    live.attributes_json = cep::AttributesJson(t, *rules_, *setup_.context);
    live_.triggers.Add(t.subscriber, std::move(live));
    const auto it = arrivals_.find(Key(t.subscriber, t.ts_ms));
    if (it != arrivals_.end()) {
      live_.trigger_latency.Observe(
          std::chrono::duration<double>(Clock::now() - it->second).count());
    }
  }
  void OnLate(const ingest::Record&) override { live_.late.fetch_add(1); }

 private:
  static uint64_t Key(uint32_t s, int64_t ts) {
    return (uint64_t{s} << 44) ^ static_cast<uint64_t>(ts);
  }
  Live& live_;
  EventsSetup& setup_;
  const cep::RuleSet* rules_ = nullptr;
  std::unordered_map<uint64_t, Clock::time_point> arrivals_;
  struct Pending {
    uint64_t key;
    int64_t ts_ms;
  };
  std::deque<Pending> order_;
};

// Reads the stream until its end or `stop`, then flushes (at the end) and checkpoints.
void RunStream(const StreamOptions& options, EventsSetup& setup, Live& live, StoreSink& sink,
               const std::atomic<bool>& stop);

}  // namespace ripple::cli
