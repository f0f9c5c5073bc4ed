// DecisionService: the decision side of `ripple serve` — the marketing model (durable, versioned,
// audited), the contact ledger, the arbiter and feedback — behind the HTTP endpoints:
//
//   GET  /v1/decision?msisdn=&channel=&slot=[&explain=1]   the offer now, or none
//   POST /v1/feedback {decision_id, event, ts}               idempotent
//   GET  /v1/decisions/{id}                                  a past decision, explained
//   GET|POST /v1/campaigns, GET|PUT|DELETE /v1/campaigns/{id}, PUT /v1/campaigns/{id}/state
//   GET|POST /v1/channels, GET|PUT|DELETE /v1/channels/{id}   (a channel holds its slots)
//   GET /v1/slots                                            every channel/slot with its campaigns
//   GET|POST /v1/segments, GET|PUT|DELETE /v1/segments/{name}
//   GET|PUT /v1/policy, POST /v1/policy/opt-out {msisdn, channel}
//   GET /v1/model, GET /v1/audit, GET /v1/reports/campaigns (shown, outcomes, uplift vs control)
// Every model change compiles a new model (targets evaluated against the snapshot) before it is
// stored: a change that does not compile is a 400 naming the field and nothing changes.
// On a fresh store the model comes from the marketing config file (version 1, by "config");
// afterwards from the store, whatever the file says.
// Thread-safety: every handler is safe from many threads; model changes are serialised.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "core/phone_number.h"
#include "core/status.h"
#include "decide/arbiter.h"
#include "decide/decide_store.h"
#include "decide/tie_signals.h"
#include "feedback/feedback_recorder.h"
#include "serve/http_server.h"
#include "serve/trigger_store.h"

namespace ripple::ingest {
class ReferenceData;
}

namespace ripple::serve {

struct DecisionServiceOptions {
  std::string state_dir;                             // the DecideStore folder
  std::string marketing_config;                      // YAML for a fresh store
  const ingest::ReferenceData* reference = nullptr;  // required: numbers to subscribers, products
  const profile::TagTable* tags = nullptr;
  std::vector<std::pair<std::string, const Roaring*>> saved_segments;
  int utc_offset_minutes = 480;
  PhoneNumberRules phone;
  // Relationship campaigns: OUT/relations/ties.csv ("": none), how its parties map to
  // subscribers, and the close threshold of tie strength.
  std::string ties_csv;
  std::function<uint32_t(std::string_view)> party_subscriber;
  double close_threshold = 0.5;
};

class DecisionService {
 public:
  static Result<std::unique_ptr<DecisionService>> Open(const DecisionServiceOptions& options);

  HttpResponse Decide(const HttpRequest& req, int64_t now_ms, TriggerStore* triggers);
  HttpResponse Feedback(const HttpRequest& req, int64_t now_ms);
  HttpResponse GetDecision(std::string_view id);
  // /v1/campaigns, /v1/channels, /v1/slots, /v1/segments, /v1/policy, /v1/model, /v1/audit;
  // `who` is written to the audit trail. Returns 404 for a path it does not serve.
  HttpResponse Model(const HttpRequest& req, const std::string& who, int64_t now_ms);
  // Writes every campaign's counters (quota campaigns are also written with each decision).
  // And adaptive ranking's arms, whose models it refits (the server calls it every second).
  Status FlushCounters() {
    RETURN_IF_ERROR(store_->FlushCounters(counters_));
    bandits_.RefitAll();
    return store_->FlushArms(bandits_);
  }
  // GET /v1/reports/campaigns[?by=&from=&to=&confidence=&totals=] (serve/report_api.cc): the
  // evaluation of campaigns read from the store (feedback/evaluation.h).
  HttpResponse Report(const HttpRequest& req);
  // Counters for /metrics.
  void WriteMetrics(std::string* out);

  decide::Arbiter& arbiter() { return *arbiter_; }
  decide::DecideStore& store() { return *store_; }
  decide::ContactLedger& ledger() { return *ledger_; }
  const ingest::ReferenceData& reference() const { return *options_.reference; }
  const decide::ContactLists& lists() const { return lists_; }
  // Compiles `next`, stores it with an audit entry and swaps it in. Errors: InvalidArgument
  // naming the field.
  Status Apply(decide::MarketingModel next, const std::string& who, const std::string& action,
               const std::string& detail, int64_t now_ms);

 private:
  DecisionService() = default;
  // Relationship campaigns' signals: loaded from the relations output, adoptions replayed from
  // the stored conversions; TellTies passes one conversion on to the subscriber's close ties.
  Status OpenTieSignals();
  void TellTies(const decide::DecisionRecord& converted);
  HttpResponse ModelCollection(const HttpRequest& req, std::string_view kind, std::string_view id,
                               std::string_view sub, const std::string& who, int64_t now_ms);

  DecisionServiceOptions options_;
  std::unique_ptr<decide::DecideStore> store_;
  std::unique_ptr<decide::ContactLedger> ledger_;
  decide::CounterRegistry counters_;
  decide::BanditRegistry bandits_;
  decide::ContactLists lists_;
  std::unique_ptr<decide::Arbiter> arbiter_;
  std::unique_ptr<feedback::FeedbackRecorder> feedback_;
  std::unique_ptr<decide::TieSignals> tie_signals_;  // null: no relations output
  std::mutex model_mutex_;                           // one model change at a time
  std::atomic<uint64_t> decisions_{0}, offers_{0}, controls_{0}, feedback_taken_{0},
      feedback_duplicates_{0};
};

}  // namespace ripple::serve
