#include "graph/tie.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ripple::graph {

std::string_view TieLevelName(TieLevel level) {
  switch (level) {
    case TieLevel::kIntimate:
      return "intimate";
    case TieLevel::kClose:
      return "close";
    case TieLevel::kRegular:
      return "regular";
    case TieLevel::kShallow:
      break;
  }
  return "shallow";
}

std::string_view SceneName(Scene scene) {
  switch (scene) {
    case Scene::kFamily:
      return "family";
    case Scene::kWork:
      return "work";
    case Scene::kFriend:
      return "friend";
    case Scene::kService:
      return "service";
    case Scene::kOther:
      break;
  }
  return "other";
}

TieFeatures ComputeTieFeatures(const PairStats& p, int32_t as_of_day, double half_life_days) {
  TieFeatures f;
  const int64_t gap = std::max<int64_t>(0, int64_t{as_of_day} - p.last_day);
  const auto decay = static_cast<float>(std::exp2(-static_cast<double>(gap) / half_life_days));
  const float out = (p.calls_out + p.sms_out) * decay;
  const float in = (p.calls_in + p.sms_in) * decay;
  f.contacts = out + in;
  f.calls = (p.calls_out + p.calls_in) * decay;
  if (f.contacts <= 0) return f;
  // The span the counts cover: from the first contact to the as-of day, at most the horizon
  // over which decayed counts integrate (half_life / ln 2).
  const double first_day = std::floor(static_cast<double>(p.first_s) / 86400.0);
  const double last_day_s = std::floor(static_cast<double>(p.last_s) / 86400.0);
  const double span_days = std::clamp(static_cast<double>(gap) + (last_day_s - first_day) + 1.0,
                                      1.0, half_life_days / std::log(2.0));
  // Spans under a week count as a week: two calls in one day are not 14 a week.
  const double weeks = std::max(span_days, 7.0) / 7.0;
  f.rate_per_week = static_cast<float>(f.contacts / weeks);
  f.talk_minutes_per_week = static_cast<float>(p.call_seconds * decay / 60.0 / weeks);
  f.typical_call_s = p.answered > 0 ? std::expm1(p.log_seconds / p.answered) : 0;
  f.reciprocity = 2 * std::min(out, in) / f.contacts;
  // Like the rate, over at least a week: one contact on one day is not "every day".
  const int window = static_cast<int>(std::min(28.0, std::max(span_days, 7.0)));
  const uint32_t held = gap >= 32 ? 0 : p.day_bits << gap;
  const uint32_t mask = window >= 32 ? ~0u : ((1u << window) - 1);
  f.active_days = static_cast<float>(std::popcount(held & mask));
  f.regularity = f.active_days / static_cast<float>(window);
  f.recency_days = static_cast<float>(gap);
  float slot_total = 0;
  for (float v : p.slots) slot_total += v;
  for (int i = 0; i < kTimeSlots; ++i) {
    f.slot_share[i] = slot_total > 0 ? p.slots[i] / slot_total : 0;
  }
  f.sms_share = (p.sms_out + p.sms_in) * decay / f.contacts;
  f.frequency = 1 - std::exp(-f.rate_per_week / 3.0f);
  f.duration = 1 - std::exp(-f.talk_minutes_per_week / 15.0f);
  f.recency = static_cast<float>(std::exp2(-static_cast<double>(gap) / 14.0));
  f.strength = f.recency * (0.35f * f.frequency + 0.20f * f.duration + 0.20f * f.reciprocity +
                            0.25f * f.regularity);
  return f;
}

TieLevel LevelOf(float strength, const RelationsSettings& s) {
  if (strength >= s.intimate) return TieLevel::kIntimate;
  if (strength >= s.close) return TieLevel::kClose;
  if (strength >= s.regular) return TieLevel::kRegular;
  return TieLevel::kShallow;
}

}  // namespace ripple::graph
