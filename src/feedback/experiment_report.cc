// ExperimentJson and ExperimentTable: an experiment's results for machines and for people.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "feedback/experiment.h"

namespace ripple::feedback {
namespace {

using json = nlohmann::json;

json UpliftJson(const Uplift& u) {
  if (!u.valid) return nullptr;
  return {{"treated_rate", u.treated_rate},
          {"control_rate", u.control_rate},
          {"difference", u.difference},
          {"low", u.low},
          {"high", u.high},
          {"p_value", u.p_value},
          {"significant", u.significant}};
}

json StrategyJson(const StrategyResult& r) {
  json rel = json::object();
  for (const RelationshipResult& x : r.relationship) {
    rel[x.campaign] = {{"targeted", x.targeted.people},
                       {"targeted_conversions", x.targeted.conversions},
                       {"random", x.random.people},
                       {"random_conversions", x.random.conversions},
                       {"uplift", UpliftJson(x.uplift)}};
  }
  return {{"decisions", r.decisions},
          {"shown", r.shown},
          {"conversions", r.conversions},
          {"expected_conversions", r.expected_conversions},
          {"controls", r.controls},
          {"control_conversions", r.control_conversions},
          {"uplift", UpliftJson(r.uplift)},
          {"regret", r.regret},
          {"share_of_oracle", r.share_of_oracle},
          {"share_of_oracle_end", r.share_of_oracle_end},
          {"expected_share_of_oracle", r.expected_share_of_oracle},
          {"expected_share_of_oracle_end", r.expected_share_of_oracle_end},
          {"conversions_by_day", r.conversions_by_day},
          {"relationship", rel}};
}

std::string Format(const char* fmt, double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, x);
  return buf;
}

std::string Pad(std::string s, size_t width, bool right = true) {
  if (s.size() >= width) return s;
  return right ? std::string(width - s.size(), ' ') + s : s + std::string(width - s.size(), ' ');
}

std::string UpliftText(const Uplift& u) {
  if (!u.valid) return "-";
  return Format("%+.2f", u.difference * 100) + " pp [" + Format("%.2f", u.low * 100) + ", " +
         Format("%.2f", u.high * 100) + "]" + (u.significant ? " *" : "");
}

}  // namespace

std::string ExperimentJson(const ExperimentResult& result) {
  json j = json::object();
  for (const StrategyResult& r : result.strategies) j[r.name] = StrategyJson(r);
  j["oracle"] = StrategyJson(result.oracle);
  j["options"] = {{"subscribers", result.subscribers},
                  {"days", result.options.days},
                  {"seed", result.options.seed},
                  {"window_days", result.options.window_days},
                  {"exploration", result.options.exploration},
                  {"confidence", result.options.confidence}};
  j["seconds"] = result.seconds;
  return j.dump(2) + "\n";
}

std::string ExperimentTable(const ExperimentResult& result) {
  const int window = result.options.window_days;
  std::string out = "market experiment: " + std::to_string(result.subscribers) + " subscribers, " +
                    std::to_string(result.options.days) + " days, seed " +
                    std::to_string(result.options.seed) + " (" + Format("%.1f", result.seconds) +
                    " s)\n\n";
  const std::vector<std::pair<std::string, size_t>> cols = {
      {"strategy", 15},    {"shown", 9},
      {"conversions", 12}, {"of oracle", 10},
      {"expected", 10},    {"last " + std::to_string(window) + " d", 12},
      {"regret", 9},       {"uplift vs control", 28}};
  for (size_t i = 0; i < cols.size(); ++i) out += Pad(cols[i].first, cols[i].second, i > 0) + " ";
  out += "\n";
  auto row = [&](const StrategyResult& r) {
    out += Pad(r.name, 15, false) + " " + Pad(std::to_string(r.shown), 9) + " " +
           Pad(std::to_string(r.conversions), 12) + " " +
           Pad(Format("%.1f %%", r.share_of_oracle * 100), 10) + " " +
           Pad(Format("%.1f %%", r.expected_share_of_oracle * 100), 10) + " " +
           Pad(Format("%.1f %%", r.expected_share_of_oracle_end * 100), 12) + " " +
           Pad(Format("%.1f", r.regret), 9) + " " + Pad(UpliftText(r.uplift), 28) + "\n";
  };
  for (const StrategyResult& r : result.strategies) row(r);
  row(result.oracle);
  out +=
      "\nrelationship campaigns (targeted by ties vs the same offer to random subscribers of "
      "the same segment):\n";
  for (const StrategyResult& r : result.strategies) {
    for (const RelationshipResult& x : r.relationship) {
      out += "  " + Pad(r.name, 15, false) + " " + Pad(x.campaign, 14, false) + " targeted " +
             std::to_string(x.targeted.conversions) + "/" + std::to_string(x.targeted.people) +
             "  random " + std::to_string(x.random.conversions) + "/" +
             std::to_string(x.random.people) + "  uplift " + UpliftText(x.uplift) + "\n";
    }
  }
  out +=
      "\nof oracle: conversions as a share of the oracle's (which knows every hidden "
      "propensity); expected: the same for expected conversions (sums of the propensities of "
      "the offers shown: no draw noise), over all days and over the last " +
      std::to_string(window) +
      " days (the acceptance measure); regret: the oracle's expected conversions minus the "
      "strategy's; uplift: "
      "percentage points, " +
      Format("%.0f", result.options.confidence * 100) + " % interval, * significant.\n";
  return out;
}

}  // namespace ripple::feedback
