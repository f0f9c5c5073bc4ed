// DecisionService::Report: GET /v1/reports/campaigns — per campaign, what was shown and what came
// back, and the uplift of treated over control (feedback/uplift.h). A first cut of the closed
// loop's evaluation: totals since the store began, not yet per slot, channel or day.
#include <nlohmann/json.hpp>

#include "feedback/uplift.h"
#include "serve/decision_service.h"

namespace ripple::serve {

HttpResponse DecisionService::Report(const HttpRequest& req) {
  if (req.method != "GET") return JsonError(405, "use GET");
  double confidence = 0.95;
  if (const std::string* c = req.Param("confidence")) {
    char* end = nullptr;
    confidence = std::strtod(c->c_str(), &end);
    if (!end || *end != '\0' || !(confidence >= 0.5 && confidence < 1)) {
      return JsonError(400, "confidence: expected a number in [0.5, 1), e.g. 0.95", "confidence");
    }
  }
  const auto model = arbiter_->model();
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [id, c] : counters_.All()) {
    const int ci = model->FindCampaign(id);
    const double value = ci >= 0 ? model->campaigns()[ci].value : 0;
    const auto shown = static_cast<uint64_t>(c->contacts.load());
    const auto impressions = static_cast<uint64_t>(c->impressions.load());
    const auto clicks = static_cast<uint64_t>(c->clicks.load());
    const auto conversions = static_cast<uint64_t>(c->conversions.load());
    const auto controls = static_cast<uint64_t>(c->controls.load());
    const auto control_conversions = static_cast<uint64_t>(c->control_conversions.load());
    const feedback::Uplift u =
        feedback::CompareArms({shown, conversions}, {controls, control_conversions}, confidence);
    nlohmann::ordered_json j;
    j["campaign"] = id;
    j["state"] = ci >= 0 ? std::string(decide::CampaignStateName(model->campaigns()[ci].def.state))
                         : "removed";
    j["shown"] = shown;
    j["impressions"] = impressions;
    j["clicks"] = clicks;
    j["conversions"] = conversions;
    j["dismisses"] = c->dismisses.load();
    j["ctr"] = impressions ? static_cast<double>(clicks) / static_cast<double>(impressions) : 0.0;
    j["conversion_rate"] = u.treated_rate;
    j["revenue"] = static_cast<double>(conversions) * value;
    j["control"] = {{"held_out", controls}, {"conversions", control_conversions}};
    if (u.valid) {
      j["uplift"] = {{"difference", u.difference},
                     {"relative", u.relative},
                     {"low", u.low},
                     {"high", u.high},
                     {"z", u.z},
                     {"p_value", u.p_value},
                     {"confidence", confidence},
                     {"significant", u.significant}};
    } else {
      j["uplift"] = nullptr;  // an arm is empty
    }
    out.push_back(std::move(j));
  }
  return {200, "application/json", out.dump()};
}

}  // namespace ripple::serve
