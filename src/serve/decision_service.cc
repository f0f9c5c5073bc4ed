#include "serve/decision_service.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/json_text.h"
#include "decide/explain.h"
#include "decide/model_config.h"
#include "ingest/reference.h"
#include "serve/metrics.h"

namespace ripple::serve {
namespace {

using json = nlohmann::json;
using decide::CompiledModel;

HttpResponse DecisionJson(int status, const json& j) {
  return {status, "application/json", j.dump()};
}

HttpResponse FromStatus(const Status& st, std::string_view field = {}) {
  const int code = st.code() == StatusCode::kNotFound          ? 404
                   : st.code() == StatusCode::kInvalidArgument ? 400
                                                               : 500;
  return JsonError(code, st.message(), field);
}

}  // namespace

Result<std::unique_ptr<DecisionService>> DecisionService::Open(const DecisionServiceOptions& o) {
  if (!o.reference)
    return Status::InvalidArgument("the decision service needs the reference tables");
  auto s = std::unique_ptr<DecisionService>(new DecisionService());
  s->options_ = o;
  ASSIGN_OR_RETURN(s->store_, decide::DecideStore::Open(o.state_dir));
  s->ledger_ = std::make_unique<decide::ContactLedger>(o.reference->subscriber_count());
  const ingest::ReferenceData* ref = o.reference;
  auto subscriber_of = [ref](PhoneKey p) -> uint32_t { return ref->FindSubscriber(p); };
  RETURN_IF_ERROR(s->store_->LoadLedger(*s->ledger_, subscriber_of));
  RETURN_IF_ERROR(s->store_->LoadCounters(s->counters_));
  RETURN_IF_ERROR(s->store_->LoadArms(s->bandits_));

  ASSIGN_OR_RETURN(std::optional<decide::MarketingModel> stored, s->store_->LoadModel());
  decide::MarketingModel model;
  bool fresh = false;
  std::string lists_base;
  if (stored) {
    model = std::move(*stored);
    spdlog::info("marketing model version {} from {} ({} campaigns)", model.version, o.state_dir,
                 model.campaigns.size());
  } else {
    if (o.marketing_config.empty()) {
      return Status::InvalidArgument("no marketing model in " + o.state_dir +
                                     " and no marketing config to start from (--config)");
    }
    if (o.marketing_config == decide::kBuiltInMarketing) {
      ASSIGN_OR_RETURN(model, decide::ParseMarketingConfig(
                                  std::string(decide::DefaultMarketingYaml()), o.marketing_config));
      // The built-in model's list files live next to the shipped file, not here.
      model.policy.opt_out_file.clear();
      model.policy.do_not_disturb_file.clear();
    } else {
      ASSIGN_OR_RETURN(model, decide::LoadMarketingConfig(o.marketing_config));
    }
    model.version = 1;
    fresh = true;
  }
  if (!o.marketing_config.empty() && o.marketing_config != decide::kBuiltInMarketing) {
    lists_base = std::filesystem::path(o.marketing_config).parent_path().string();
  }
  ASSIGN_OR_RETURN(
      s->lists_, decide::ContactLists::Load(model.policy.opt_out_file,
                                            model.policy.do_not_disturb_file, lists_base, o.phone));
  RETURN_IF_ERROR(s->store_->LoadOptOuts(s->lists_));
  CompiledModel::Inputs in{o.tags, o.saved_segments, o.reference, o.utc_offset_minutes};
  in.bandits = &s->bandits_;
  auto compiled = CompiledModel::Compile(model, in, *s->ledger_, s->counters_);
  if (!compiled.ok()) {
    return Status::InvalidArgument((fresh ? o.marketing_config : o.state_dir + " (stored model)") +
                                   ": " + compiled.status().message());
  }
  if (fresh) {
    decide::AuditEntry a{1, 0, "config", "load " + o.marketing_config, ""};
    RETURN_IF_ERROR(s->store_->SaveModel(model, a));
  }
  RETURN_IF_ERROR(s->store_->SaveChannels(s->ledger_->channels()));
  s->arbiter_ = std::make_unique<decide::Arbiter>(*s->ledger_, s->lists_, s->store_.get());
  s->arbiter_->set_next_id(s->store_->FirstDecisionId());
  s->arbiter_->Swap(std::move(*compiled));
  s->bandits_.RefitAll();
  s->feedback_ = std::make_unique<feedback::FeedbackRecorder>(*s->store_, *s->ledger_, s->counters_,
                                                              *s->arbiter_, subscriber_of);
  RETURN_IF_ERROR(s->OpenTieSignals());
  return s;
}

Status DecisionService::Apply(decide::MarketingModel next, const std::string& who,
                              const std::string& action, const std::string& detail,
                              int64_t now_ms) {
  std::lock_guard lock(model_mutex_);
  next.version = arbiter_->model()->model().version + 1;
  CompiledModel::Inputs in{options_.tags, options_.saved_segments, options_.reference,
                           options_.utc_offset_minutes};
  in.bandits = &bandits_;
  ASSIGN_OR_RETURN(auto compiled, CompiledModel::Compile(next, in, *ledger_, counters_));
  RETURN_IF_ERROR(store_->SaveModel(next, {next.version, now_ms, who, action, detail}));
  RETURN_IF_ERROR(store_->SaveChannels(ledger_->channels()));
  arbiter_->Swap(std::move(compiled));
  spdlog::info("marketing model version {}: {} by {}", next.version, action, who);
  return Status::Ok();
}

HttpResponse DecisionService::Decide(const HttpRequest& req, int64_t now_ms,
                                     TriggerStore* triggers) {
  const std::string* msisdn = req.Param("msisdn");
  const std::string* channel = req.Param("channel");
  const std::string* slot = req.Param("slot");
  if (!msisdn || msisdn->empty()) return JsonError(400, "msisdn is required", "msisdn");
  if (!channel || channel->empty()) return JsonError(400, "channel is required", "channel");
  if (!slot || slot->empty()) return JsonError(400, "slot is required", "slot");
  const PhoneKey phone = ParsePhoneNumber(*msisdn, options_.phone);
  if (phone == kNoPhone) return JsonError(400, "not a phone number: '" + *msisdn + "'", "msisdn");
  const uint32_t sub = options_.reference->FindSubscriber(phone);
  if (sub == ingest::kNoSubscriber) return JsonError(404, "no subscriber " + *msisdn, "msisdn");
  const std::string* explain = req.Param("explain");
  const bool want_explain = explain && (*explain == "1" || *explain == "true");

  std::vector<std::string> live;
  if (triggers) {
    for (const LiveTrigger& t : triggers->Active(sub, triggers->now() ? triggers->now() : now_ms)) {
      live.push_back(t.trigger);
    }
  }
  decide::DecisionRequest dr;
  dr.subscriber = sub;
  dr.phone = phone;
  dr.channel = *channel;
  dr.slot = *slot;
  dr.now_ms = now_ms;
  dr.triggers = live;
  std::vector<decide::TieSignal> ties;
  if (tie_signals_) tie_signals_->Collect(sub, &ties);
  dr.ties = ties;
  auto d = arbiter_->Decide(dr);
  if (!d.ok()) {
    const bool no_channel = d.status().message().starts_with("no channel");
    return FromStatus(d.status(), no_channel ? "channel" : "slot");
  }
  decisions_.fetch_add(1, std::memory_order_relaxed);
  if (d->control) controls_.fetch_add(1, std::memory_order_relaxed);
  // Written by hand: this answer is the hot path of the API (a DOM costs a dozen allocations).
  std::string body;
  body.reserve(want_explain ? 4096 : 512);
  char ts[32];
  FormatIso8601(now_ms, options_.utc_offset_minutes, ts);
  body += "{\"decision_id\":\"" + decide::FormatDecisionId(d->id) + "\",\"msisdn\":\"" +
          FormatPhoneNumber(phone) + "\",\"channel\":";
  AppendJsonString(&body, *channel);
  body += ",\"slot\":";
  AppendJsonString(&body, *slot);
  body += ",\"ts\":\"";
  body += ts;
  body += "\",\"campaign\":";
  if (d->shown()) {
    offers_.fetch_add(1, std::memory_order_relaxed);
    const decide::CompiledCampaign& c = d->model->campaigns()[d->winner];
    AppendJsonString(&body, c.def.id);
    body += ",\"product\":{\"id\":";
    AppendJsonString(&body, c.product.id);
    body += ",\"name\":";
    AppendJsonString(&body, c.product.name);
    body += ",\"price\":" + json(c.product.price).dump() + "},\"creative\":{\"image\":";
    AppendJsonString(&body, c.def.creative.image);
    body += ",\"copy\":";
    AppendJsonString(&body, c.def.creative.copy);
    body += "}";
  } else {
    body += "null";
  }
  if (want_explain) {
    json e = decide::ExplainDecision(decide::ToRecord(*d), d->model.get());
    if (d->control) e["control"] = true;
    body += ",\"explain\":" + e.dump();
  }
  body += "}";
  return {200, "application/json", std::move(body)};
}

HttpResponse DecisionService::Feedback(const HttpRequest& req, int64_t now_ms) {
  feedback::FeedbackRequest fr;
  feedback::FeedbackParseError err;
  if (!feedback::ParseFeedback(req.body, now_ms, &fr, &err)) {
    return JsonError(400, err.field.empty() ? err.message : err.field + ": " + err.message,
                     err.field);
  }
  auto r = feedback_->Record(fr);
  if (!r.ok()) {
    const StatusCode code = r.status().code();
    return FromStatus(r.status(), code == StatusCode::kNotFound ? "decision_id" : "event");
  }
  (r->duplicate ? feedback_duplicates_ : feedback_taken_).fetch_add(1, std::memory_order_relaxed);
  if (!r->duplicate && fr.event == feedback::FeedbackEvent::kConvert && !r->decision.control) {
    TellTies(r->decision);
  }
  return DecisionJson(200, {{"decision_id", decide::FormatDecisionId(fr.decision_id)},
                    {"event", feedback::FeedbackEventName(fr.event)},
                    {"campaign", r->decision.campaign},
                    {"status", r->duplicate ? "duplicate" : "recorded"}});
}

HttpResponse DecisionService::GetDecision(std::string_view id_text) {
  const auto id = decide::ParseDecisionId(id_text);
  if (!id) return JsonError(400, "not a decision id (16 hex digits)", "id");
  auto r = store_->FindDecision(*id);
  if (!r.ok()) return FromStatus(r.status(), "id");
  json j;
  j["decision_id"] = decide::FormatDecisionId(r->id);
  j["ts"] = FormatIso8601(r->ts_ms, options_.utc_offset_minutes);
  j["channel"] = r->channel;
  j["slot"] = r->slot;
  j["campaign"] = r->campaign.empty() ? json(nullptr) : json(r->campaign);
  j["control"] = r->control;
  j["model_version"] = r->model_version;
  j["explain"] = decide::ExplainDecision(*r, arbiter_->model().get());
  return DecisionJson(200, j);
}

void DecisionService::WriteMetrics(std::string* out) {
  WriteMetric("ripple_decisions_total", "counter", "Decisions made", decisions_.load(), out);
  WriteMetric("ripple_decision_offers_total", "counter", "Decisions that showed an offer",
              offers_.load(), out);
  WriteMetric("ripple_decision_controls_total", "counter", "Decisions held out as control",
              controls_.load(), out);
  WriteMetric("ripple_feedback_total", "counter", "Feedback events recorded",
              feedback_taken_.load(), out);
  WriteMetric("ripple_feedback_duplicates_total", "counter",
              "Feedback events already recorded (ignored)", feedback_duplicates_.load(), out);
  WriteMetric("ripple_decide_store_write_errors_total", "counter",
              "Decisions the store could not write", store_->write_errors(), out);
  WriteMetric("ripple_model_version", "gauge", "Version of the marketing model",
              arbiter_->model()->model().version, out);
}

}  // namespace ripple::serve
