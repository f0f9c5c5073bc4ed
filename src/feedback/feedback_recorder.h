// FeedbackRecorder: impressions, clicks, conversions and dismisses reported by the channels for
// a decision, counted once each (a channel that retries a post does not count twice), into the
// campaign's counters that ranking and reports read, and a conversion of a shown offer into the
// arm adaptive ranking learns from (bandit.h). A dismiss rests the campaign for that subscriber
// (the policy's dismiss_cooldown_days), and so does a conversion (converted_rest_days: who just
// took an offer is not asked again).
//
// Rules: the decision must exist; a control decision showed nothing, so only a conversion may be
// reported for it (a conversion of a held-out subscriber is what the uplift is measured against).
// Thread-safety: Record is safe from many threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "decide/arbiter.h"
#include "decide/decide_store.h"

namespace ripple::feedback {

enum class FeedbackEvent : uint8_t { kImpression, kClick, kConvert, kDismiss };
std::string_view FeedbackEventName(FeedbackEvent e);

struct FeedbackRequest {
  uint64_t decision_id = 0;
  FeedbackEvent event = FeedbackEvent::kImpression;
  int64_t ts_ms = 0;
};

// A JSON body {"decision_id": "...", "event": "click", "ts": "2026-11-09T10:00:00+08:00" | ms}.
// `ts` is optional (default `now_ms`). Errors name the field: {field, message}.
struct FeedbackParseError {
  std::string field, message;
};
bool ParseFeedback(std::string_view body, int64_t now_ms, FeedbackRequest* out,
                   FeedbackParseError* error);

struct FeedbackResult {
  bool duplicate = false;
  decide::DecisionRecord decision;
};

class FeedbackRecorder {
 public:
  FeedbackRecorder(decide::DecideStore& store, decide::ContactLedger& ledger,
                   decide::CounterRegistry& counters, const decide::Arbiter& arbiter,
                   std::function<uint32_t(PhoneKey)> subscriber_of)
      : store_(store),
        ledger_(ledger),
        counters_(counters),
        arbiter_(arbiter),
        subscriber_of_(std::move(subscriber_of)) {}

  // Errors: NotFound (no such decision), InvalidArgument (an event a decision cannot have:
  // anything but a conversion for a control decision or one that showed nothing).
  Result<FeedbackResult> Record(const FeedbackRequest& request);

 private:
  decide::DecideStore& store_;
  decide::ContactLedger& ledger_;
  decide::CounterRegistry& counters_;
  const decide::Arbiter& arbiter_;
  std::function<uint32_t(PhoneKey)> subscriber_of_;
};

}  // namespace ripple::feedback
