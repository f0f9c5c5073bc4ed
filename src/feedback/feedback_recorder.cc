#include "feedback/feedback_recorder.h"

#include <nlohmann/json.hpp>

namespace ripple::feedback {
namespace {

constexpr std::string_view kEvents[] = {"impression", "click", "convert", "dismiss"};

}  // namespace

std::string_view FeedbackEventName(FeedbackEvent e) { return kEvents[static_cast<int>(e)]; }

bool ParseFeedback(std::string_view body, int64_t now_ms, FeedbackRequest* out,
                   FeedbackParseError* error) {
  const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  auto fail = [&](std::string field, std::string message) {
    *error = {std::move(field), std::move(message)};
    return false;
  };
  if (j.is_discarded()) return fail("", "the body is not JSON");
  if (!j.is_object()) return fail("", "expected a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() != "decision_id" && it.key() != "event" && it.key() != "ts") {
      return fail(it.key(), "unknown field '" + it.key() + "' (fields: decision_id, event, ts)");
    }
  }
  auto id = j.find("decision_id");
  if (id == j.end()) return fail("decision_id", "required");
  if (!id->is_string()) return fail("decision_id", "expected the decision id as a string");
  const auto parsed = decide::ParseDecisionId(id->get<std::string>());
  if (!parsed) return fail("decision_id", "not a decision id (16 hex digits)");
  out->decision_id = *parsed;
  auto ev = j.find("event");
  if (ev == j.end()) return fail("event", "required");
  bool found = false;
  if (ev->is_string()) {
    for (size_t i = 0; i < std::size(kEvents); ++i) {
      if (ev->get<std::string>() == kEvents[i]) {
        out->event = static_cast<FeedbackEvent>(i);
        found = true;
      }
    }
  }
  if (!found) return fail("event", "expected one of impression, click, convert, dismiss");
  out->ts_ms = now_ms;
  auto ts = j.find("ts");
  if (ts != j.end() && !ts->is_null()) {
    std::optional<int64_t> t;
    if (ts->is_number_integer()) t = ts->get<int64_t>();
    if (ts->is_string()) t = ParseTimestampMs(ts->get<std::string>());
    if (!t) return fail("ts", "expected epoch milliseconds or ISO-8601 with an offset");
    out->ts_ms = *t;
  }
  return true;
}

Result<FeedbackResult> FeedbackRecorder::Record(const FeedbackRequest& req) {
  FeedbackResult result;
  ASSIGN_OR_RETURN(result.decision, store_.FindDecision(req.decision_id));
  const decide::DecisionRecord& d = result.decision;
  if (d.campaign.empty()) {
    return Status::InvalidArgument("decision " + decide::FormatDecisionId(d.id) +
                                   " showed no offer: it can have no " +
                                   std::string(FeedbackEventName(req.event)));
  }
  if (d.control && req.event != FeedbackEvent::kConvert) {
    return Status::InvalidArgument("decision " + decide::FormatDecisionId(d.id) +
                                   " held the subscriber out as control (nothing was shown): only "
                                   "a conversion can be reported for it");
  }
  decide::CampaignCounters* c = counters_.Get(d.campaign);
  // What adaptive ranking learns from a conversion of a shown offer. The model is held while
  // the arm is used (a model compiled without a registry owns its arms).
  const auto model = arbiter_.model();
  decide::ArmSet* arms = req.event == FeedbackEvent::kConvert && !d.control
                             ? model->FindArms(d.channel, d.slot, d.campaign, d.cell)
                             : nullptr;
  ASSIGN_OR_RETURN(
      const bool fresh,
      store_.MarkFeedback(d.id, FeedbackEventName(req.event), d.campaign,
                          [&]() -> const decide::CampaignCounters* {
                            switch (req.event) {
                              case FeedbackEvent::kImpression:
                                c->impressions.fetch_add(1);
                                break;
                              case FeedbackEvent::kClick:
                                c->clicks.fetch_add(1);
                                break;
                              case FeedbackEvent::kConvert:
                                (d.control ? c->control_conversions : c->conversions).fetch_add(1);
                                if (arms) arms->Converted(d.cell);
                                break;
                              case FeedbackEvent::kDismiss:
                                c->dismisses.fetch_add(1);
                                break;
                            }
                            return c;
                          }));
  result.duplicate = !fresh;
  const bool rests =
      req.event == FeedbackEvent::kDismiss || (req.event == FeedbackEvent::kConvert && !d.control);
  if (fresh && rests) {
    const uint32_t sub = subscriber_of_(d.phone);
    if (sub != UINT32_MAX && sub < ledger_.size()) {
      const decide::ContactPolicy& policy = model->model().policy;
      const int days = req.event == FeedbackEvent::kDismiss ? policy.dismiss_cooldown_days
                                                            : policy.converted_rest_days;
      const uint32_t until = static_cast<uint32_t>(req.ts_ms / kMillisPerMinute) +
                             static_cast<uint32_t>(days) * 24 * 60;
      // Written under the lock: a decision for this subscriber writes the entry under it too,
      // so the stored entry is always the newest.
      auto lock = ledger_.Lock(sub);
      ledger_.Entry(sub).RecordDismiss(decide::CampaignKey(d.campaign), until);
      store_.SaveContact(d.phone, ledger_.Entry(sub));
    }
  }
  return result;
}

}  // namespace ripple::feedback
