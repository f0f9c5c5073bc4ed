// Trigger: what the engine emits when a rule's pattern completes for a subscriber, and the
// sink it is handed to. Carried attributes are the values of the rule's `carry` fields on the
// record that completed the match (for an absence: on the record that opened it), kept as value
// words and rendered to text only when written out.
// Thread-safety: plain values; a sink is called on the engine's thread.
#pragma once

#include <cstdint>
#include <string>

#include "ingest/record.h"

namespace ripple::cep {

class EngineContext;
class RuleSet;

struct Trigger {
  static constexpr int kMaxCarried = 4;
  int64_t ts_ms = 0;       // event time of the match
  int64_t expires_ms = 0;  // ts_ms + the rule's ttl
  ingest::SubscriberId subscriber = ingest::kNoSubscriber;
  uint16_t rule = 0;  // index in the RuleSet the engine ran
  uint8_t carried_count = 0;
  uint64_t carried[kMaxCarried] = {};
};

class TriggerSink {
 public:
  virtual ~TriggerSink() = default;
  virtual void OnTrigger(const Trigger& trigger) = 0;
  // A record older than the engine's watermark (not used for matching).
  virtual void OnLate(const ingest::Record& record) { (void)record; }
};

// `{"ts":"2026-11-20T09:14:03+08:00","ts_ms":...,"subscriber":"<pseudonym or msisdn>",
//   "rule":"...","trigger":"...","priority":80,"expires":"...","attributes":{"area_id":"..."}}`
// (one line, no newline). `subscriber_text` is what to print for the subscriber.
std::string TriggerJson(const Trigger& trigger, const RuleSet& rules, EngineContext& context,
                        const std::string& subscriber_text);
// The "attributes" object alone: {"area_id":"A110"} ({} when nothing is carried).
std::string AttributesJson(const Trigger& trigger, const RuleSet& rules, EngineContext& context);

}  // namespace ripple::cep
