// DecisionService::Report: GET /v1/reports/campaigns[?by=campaign,day&from=D&to=D&confidence=0.95
// &totals=1] — the evaluation of campaigns (feedback/evaluation.h) read from the decide store:
// per group, what was shown, what came back, revenue, cost, ROI and the uplift of treated over
// control. A JSON array of rows; with totals=1 a last row {"total": true, ...} sums them all.
//
// A report reads every stored decision (2-3 s per million on a shared 2-core machine): one runs at
// a time, and a report asked for meanwhile is a 503 rather than a second HTTP thread taken from
// the decisions.
#include <mutex>
#include <nlohmann/json.hpp>

#include "feedback/evaluation.h"
#include "ingest/reference.h"
#include "serve/decision_service.h"

namespace ripple::serve {
namespace {

using ojson = nlohmann::ordered_json;

ojson Optional(const std::optional<double>& v) { return v ? ojson(*v) : ojson(nullptr); }

ojson RowJson(const feedback::EvaluationRow& row, const feedback::Evaluation& ev) {
  ojson j;
  if (!row.campaign.empty()) {
    j["campaign"] = row.campaign;
    for (const feedback::CampaignValue& v : ev.campaigns) {
      if (v.campaign != row.campaign) continue;
      j["state"] = v.state;
      j["value_per_conversion"] = v.value;
      j["value_source"] = feedback::ValueSourceName(v.source);
    }
  }
  if (!row.channel.empty()) j["channel"] = row.channel;
  if (!row.slot.empty()) j["slot"] = row.slot;
  if (row.day) j["day"] = feedback::FormatDay(*row.day);
  const feedback::ArmCounts& n = row.counts;
  j["shown"] = n.shown;
  j["impressions"] = n.impressions;
  j["clicks"] = n.clicks;
  j["conversions"] = n.conversions;
  j["dismisses"] = n.dismisses;
  j["ctr"] = Optional(row.ctr);
  j["conversion_rate"] = Optional(row.conversion_rate);
  j["revenue"] = row.revenue;
  j["cost"] = row.cost;
  j["roi"] = Optional(row.roi);
  j["control"] = {{"held_out", n.held_out},
                  {"conversions", n.control_conversions},
                  {"rate", Optional(row.control_rate)}};
  const feedback::Uplift& u = row.uplift;
  if (u.valid) {
    j["uplift"] = {{"difference", u.difference},
                   {"relative", u.relative},
                   {"low", u.low},
                   {"high", u.high},
                   {"z", u.z},
                   {"p_value", u.p_value},
                   {"confidence", ev.options.confidence},
                   {"significant", row.significant}};
  } else {
    j["uplift"] = nullptr;  // an arm is empty
  }
  j["significant"] = row.significant;
  return j;
}

}  // namespace

HttpResponse DecisionService::Report(const HttpRequest& req) {
  if (req.method != "GET") return JsonError(405, "use GET");
  feedback::EvaluationOptions o;
  o.utc_offset_minutes = options_.utc_offset_minutes;
  bool totals = false;
  for (const auto& [name, value] : req.query) {
    Status bad;
    if (name == "by") {
      auto by = feedback::ParseDimensions(value);
      if (by.ok()) o.by = std::move(by).value();
      bad = by.status();
    } else if (name == "from" || name == "to") {
      auto day = feedback::ParseDay(value);
      if (day.ok()) (name == "from" ? o.from_day : o.to_day) = *day;
      bad = day.status();
    } else if (name == "confidence") {
      auto c = feedback::ParseConfidence(value);
      if (c.ok()) o.confidence = *c;
      bad = c.status();
    } else if (name == "totals") {
      if (value != "0" && value != "1" && value != "true" && value != "false") {
        bad = Status::InvalidArgument("'" + value + "': expected 1 or 0");
      }
      totals = value == "1" || value == "true";
    } else {
      const std::string known = "by, from, to, confidence, totals";
      return JsonError(400, "unknown parameter '" + name + "' (parameters: " + known + ")", name);
    }
    if (!bad.ok()) return JsonError(400, name + ": " + bad.message(), name);
  }
  if (o.from_day && o.to_day && *o.from_day > *o.to_day) {
    return JsonError(400,
                     "to: " + feedback::FormatDay(*o.to_day) + " is before from " +
                         feedback::FormatDay(*o.from_day),
                     "to");
  }
  const auto model = arbiter_->model();
  o.model = &model->model();
  const ingest::ReferenceData* reference = options_.reference;
  o.product_price = [reference](std::string_view product) -> std::optional<double> {
    if (!reference) return std::nullopt;
    const ingest::ProductId p = reference->FindProduct(product);
    if (p == ingest::kNoString) return std::nullopt;
    return static_cast<double>(reference->product(p).price_cents) / 100.0;
  };
  static std::mutex one_at_a_time;
  std::unique_lock lock(one_at_a_time, std::try_to_lock);
  if (!lock.owns_lock()) {
    return JsonError(503, "another report is running: ask again in a few seconds");
  }
  const Result<feedback::Evaluation> ev = feedback::Evaluate(*store_, o);
  lock.unlock();
  if (!ev.ok()) return JsonError(500, ev.status().message());
  ojson out = ojson::array();
  for (const feedback::EvaluationRow& row : ev->rows) out.push_back(RowJson(row, *ev));
  if (totals) {
    ojson t = {{"total", true}};
    ojson figures = RowJson(ev->total, *ev);
    for (auto& [key, value] : figures.items()) t[key] = std::move(value);
    out.push_back(std::move(t));
  }
  return {200, "application/json", out.dump()};
}

}  // namespace ripple::serve
