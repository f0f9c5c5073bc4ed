#include "decide/tie_signals.h"

#include <algorithm>
#include <cmath>
#include <fstream>

namespace ripple::decide {
namespace {

std::vector<std::string_view> SplitComma(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      out.push_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

uint8_t SceneBit(std::string_view scene) {
  if (scene == "family") return kSceneFamily;
  if (scene == "work") return kSceneWork;
  if (scene == "friend") return kSceneFriend;
  return 0;
}

}  // namespace

Result<std::unique_ptr<TieSignals>> TieSignals::Load(
    const std::string& ties_csv, size_t subscribers, double close_threshold,
    const std::function<uint32_t(std::string_view)>& subscriber_of) {
  std::ifstream in(ties_csv);
  if (!in) return Status::NotFound("cannot read " + ties_csv);
  std::string line;
  if (!std::getline(in, line) || !line.starts_with("a,b,strength,level,scenario")) {
    return Status::InvalidArgument(ties_csv +
                                   ":1: expected the header a,b,strength,level,scenario");
  }
  const bool has_recency = line.find(",recency_days") != std::string::npos;
  std::vector<std::pair<uint32_t, CloseTie>> ties;
  for (size_t number = 2; std::getline(in, line); ++number) {
    const auto f = SplitComma(line);
    if (f.size() < (has_recency ? 6u : 5u)) {
      return Status::InvalidArgument(ties_csv + ":" + std::to_string(number) + ": expected " +
                                     (has_recency ? "6" : "5") + " fields");
    }
    const uint8_t scene = SceneBit(f[4]);
    if (scene == 0) continue;
    const double strength = std::strtod(std::string(f[2]).c_str(), nullptr);
    const double recency = has_recency ? std::strtod(std::string(f[5]).c_str(), nullptr) : 0;
    const bool close = f[3] == "close" || f[3] == "intimate";
    // Close before the silence: the strength with its recency factor taken out.
    const double before = strength * std::exp2(recency / 14.0);
    const bool weakening = recency >= kWeakeningDays && before >= close_threshold;
    if (!close && !weakening) continue;
    const uint32_t a = subscriber_of(f[0]), b = subscriber_of(f[1]);
    if (a >= subscribers || b >= subscribers) continue;
    ties.push_back({a, {b, scene, weakening}});
    ties.push_back({b, {a, scene, weakening}});
  }
  return std::make_unique<TieSignals>(subscribers, ties);
}

TieSignals::TieSignals(size_t subscribers, const std::vector<std::pair<uint32_t, CloseTie>>& ties)
    : first_(subscribers + 1, 0), adopted_(subscribers) {
  for (const auto& [s, t] : ties) ++first_[s + 1];
  for (size_t s = 0; s < subscribers; ++s) first_[s + 1] += first_[s];
  ties_.resize(ties.size());
  std::vector<uint32_t> at(first_.begin(), first_.end() - 1);
  for (const auto& [s, t] : ties) {
    ties_[at[s]++] = t;
    weakening_ += t.weakening ? 1 : 0;
  }
}

void TieSignals::Collect(uint32_t s, std::vector<TieSignal>* out) const {
  if (s + 1 >= first_.size()) return;
  for (uint32_t i = first_[s]; i < first_[s + 1]; ++i) {
    if (ties_[i].weakening) {
      out->push_back({TieSignal::kWeakening, ties_[i].scene, 0, 0, ties_[i].other});
    }
  }
  std::lock_guard lock(stripes_[s % stripes_.size()]);
  out->insert(out->end(), adopted_[s].begin(), adopted_[s].end());
}

void TieSignals::Adopted(uint32_t s, uint32_t product_key, int32_t day) {
  if (s + 1 >= first_.size()) return;
  for (uint32_t i = first_[s]; i < first_[s + 1]; ++i) {
    const CloseTie& t = ties_[i];
    std::lock_guard lock(stripes_[t.other % stripes_.size()]);
    auto& v = adopted_[t.other];
    std::erase_if(v, [&](const TieSignal& x) { return x.day < day - kAdoptionDays; });
    v.push_back({TieSignal::kAdopted, t.scene, day, product_key, s});
  }
}

}  // namespace ripple::decide
