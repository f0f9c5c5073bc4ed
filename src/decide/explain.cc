#include "decide/explain.h"

#include <cmath>

namespace ripple::decide {
namespace {

using json = nlohmann::json;

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// One line on why `verdict` applies to campaign `c` (null: not in the model any more).
std::string Detail(Verdict v, const CompiledCampaign* c, const CompiledSlot* slot,
                   const MarketingModel* m) {
  switch (v) {
    case Verdict::kNotActive:
      return c ? "state is " + std::string(CampaignStateName(c->def.state)) : "not active";
    case Verdict::kNotYetValid:
      return c && c->def.valid_from ? "valid from " + *c->def.valid_from : "not yet valid";
    case Verdict::kExpired:
      return c && c->def.valid_to ? "valid until " + *c->def.valid_to : "expired";
    case Verdict::kSlotClosed:
      return slot ? "slot open " + FormatDayWindow(slot->def.hours) + " only" : "slot closed";
    case Verdict::kNotInTarget: {
      if (!c) return "subscriber not in the target";
      std::string t = c->def.target.empty() ? "" : "target '" + c->def.target + "'";
      if (!c->def.segment.empty()) t += (t.empty() ? "" : " and ") + ("segment " + c->def.segment);
      return t + " does not hold";
    }
    case Verdict::kNoTrigger:
      return c ? "needs the live trigger '" + c->def.trigger + "'" : "needs a live trigger";
    case Verdict::kOptedOut:
      return "subscriber opted out of this channel";
    case Verdict::kDoNotDisturb:
      return "subscriber is on the do-not-disturb list (push channel)";
    case Verdict::kQuietHours:
      return m ? "push channel inside quiet hours " + FormatDayWindow(m->policy.quiet_hours)
               : "quiet hours";
    case Verdict::kChannelCap:
      return slot ? "daily cap of " + std::to_string(slot->daily_cap) + " on " + slot->channel +
                        " reached"
                  : "daily channel cap reached";
    case Verdict::kWeeklyCap:
      return m ? "weekly cap of " + std::to_string(m->policy.weekly_cap) + " reached"
               : "weekly cap reached";
    case Verdict::kResting:
      return m ? "dismissed in the last " + std::to_string(m->policy.dismiss_cooldown_days) +
                     " days, or taken in the last " +
                     std::to_string(m->policy.converted_rest_days) + " days"
               : "dismissed or taken recently";
    case Verdict::kNoCloseAdopter:
      return c ? "no close tie adopted " + c->def.product + " in the last " +
                     std::to_string(c->def.within_days) + " days"
               : "no close tie adopted the product recently";
    case Verdict::kNoWeakeningTie:
      return "no weakening close tie";
    case Verdict::kQuotaReached:
      return c ? "quota of " + std::to_string(c->def.quota) + " contacts reached" : "quota reached";
    default:
      return "";
  }
}

}  // namespace

static std::string ScoreName(Ranking r) {
  switch (r) {
    case Ranking::kPriority:
      return "priority";
    case Ranking::kExpectedValue:
      return "expected_value";
    case Ranking::kAdaptive:
      return "drawn_rate";
    default:
      return "draw";
  }
}

static std::string WinnerReason(const DecisionRecord& r, double score) {
  switch (r.ranking) {
    case Ranking::kPriority:
      return "highest priority (" + Num(score) + ")";
    case Ranking::kExpectedValue:
      return "highest expected value (" + Num(score) + ")";
    case Ranking::kRotation:
      return "rotation: every eligible campaign in turn";
    case Ranking::kRandom:
      return "picked at random among the eligible";
    case Ranking::kAdaptive:
      return r.explored ? "exploration: picked at random among the eligible"
                        : "highest drawn conversion rate (" + Num(score) + ", Thompson sampling)";
  }
  return "";
}

json ExplainDecision(const DecisionRecord& r, const CompiledModel* model) {
  json eligible = json::array(), not_eligible = json::array(), filtered = json::array();
  const CompiledSlot* slot = model ? model->FindSlot(r.channel, r.slot) : nullptr;
  const MarketingModel* m = model ? &model->model() : nullptr;
  const std::string score_name = ScoreName(r.ranking);
  for (const auto& k : r.considered) {
    const int ci = model ? model->FindCampaign(k.campaign) : -1;
    const CompiledCampaign* c = ci >= 0 ? &model->campaigns()[ci] : nullptr;
    if (k.verdict == Verdict::kWinner || k.verdict == Verdict::kControl ||
        k.verdict == Verdict::kOutranked) {
      eligible.push_back(
          {{"campaign", k.campaign}, {score_name, k.score}, {"result", VerdictName(k.verdict)}});
    } else if (IsPolicyVerdict(k.verdict)) {
      filtered.push_back({{"campaign", k.campaign},
                          {"rule", VerdictName(k.verdict)},
                          {"detail", Detail(k.verdict, c, slot, m)}});
    } else {
      not_eligible.push_back({{"campaign", k.campaign},
                              {"reason", VerdictName(k.verdict)},
                              {"detail", Detail(k.verdict, c, slot, m)}});
    }
  }
  json out = {{"ranking", RankingName(r.ranking)},
              {"eligible", eligible},
              {"filtered", filtered},
              {"not_eligible", not_eligible}};
  std::string summary;
  if (!r.campaign.empty()) {
    double score = 0;
    for (const auto& k : r.considered) {
      if (k.campaign == r.campaign) score = k.score;
    }
    std::string why = WinnerReason(r, score);
    const int ci = model ? model->FindCampaign(r.campaign) : -1;
    if (r.ranking == Ranking::kExpectedValue && ci >= 0) {
      const CompiledCampaign& c = model->campaigns()[ci];
      why += " = propensity " + Num(c.counters->Propensity(c.def.base_rate)) + " x value " +
             Num(c.value);
    }
    if (r.ranking == Ranking::kAdaptive && !r.explored && model) {
      const ArmSet* set = model->FindArms(r.channel, r.slot, r.campaign, r.cell);
      if (set && ci >= 0) {
        const Arm& arm = set->arms[r.cell];
        why += "; its conversion rate in cell " + std::to_string(r.cell) + " is " +
               Num(set->ModelRate(r.cell, model->campaigns()[ci].def.base_rate)) +
               " on average after " + std::to_string(arm.shown.load()) + " shows and " +
               std::to_string(arm.conversions.load()) + " conversions";
      }
    }
    if (r.equals > 1) {
      why += "; tied with " + std::to_string(r.equals - 1) +
             " other(s), the subscriber's round robin picked " + std::to_string(r.rotation + 1) +
             " of " + std::to_string(r.equals);
    }
    if (r.control) {
      why += "; the subscriber is in this campaign's control group: recorded, nothing shown";
    }
    out["winner"] = {{"campaign", r.campaign}, {"control", r.control}, {"why", why}};
    summary = (r.control ? "held out of " : "offer ") + r.campaign + ": " + why;
  } else {
    out["winner"] = nullptr;
    bool all_closed = !r.considered.empty();
    for (const auto& k : r.considered) all_closed &= k.verdict == Verdict::kSlotClosed;
    summary = all_closed                             ? "the slot is closed at this time"
              : eligible.empty() && filtered.empty() ? "no campaign on this slot applies"
                                                     : "every eligible campaign was filtered";
  }
  out["summary"] = summary;
  return out;
}

}  // namespace ripple::decide
