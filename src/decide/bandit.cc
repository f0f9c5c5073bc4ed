#include "decide/bandit.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ripple::decide {
namespace {

void Posterior(const Arm& arm, double prior_rate, double* a, double* b) {
  const double rate = std::clamp(prior_rate, 1e-4, 1 - 1e-4);
  const double shown = static_cast<double>(arm.shown.load(std::memory_order_relaxed));
  const double won =
      std::min(shown, static_cast<double>(arm.conversions.load(std::memory_order_relaxed)));
  *a = rate * kPriorShows + won;
  *b = (1 - rate) * kPriorShows + (shown - won);
}

}  // namespace

std::string BanditRegistry::Key(std::string_view channel, std::string_view slot,
                                std::string_view campaign,
                                const std::vector<std::string>& learn_by) {
  std::string key;
  key.reserve(64);
  key.append(channel).append("/").append(slot).append("|").append(campaign).append("|");
  for (size_t i = 0; i < learn_by.size(); ++i) key.append(i ? "," : "").append(learn_by[i]);
  return key;
}

ArmSet* BanditRegistry::Get(const std::string& key, size_t cells) {
  std::lock_guard lock(mutex_);
  auto& slot = by_key_[key];
  if (!slot || slot->arms.size() != cells) slot = std::make_unique<ArmSet>(cells);
  return slot.get();
}

void BanditRegistry::SetBaseRate(ArmSet* set, double base_rate) {
  std::lock_guard lock(mutex_);
  base_rate_[set] = base_rate;
}

void BanditRegistry::RefitAll() {
  std::vector<std::pair<ArmSet*, double>> sets;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, set] : by_key_) {
      auto it = base_rate_.find(set.get());
      sets.emplace_back(set.get(), it == base_rate_.end() ? 0.02 : it->second);
    }
  }
  for (auto& [set, rate] : sets) set->Refit(rate);
}

std::vector<std::pair<std::string, ArmSet*>> BanditRegistry::All() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, ArmSet*>> out;
  out.reserve(by_key_.size());
  for (auto& [key, set] : by_key_) out.emplace_back(key, set.get());
  return out;
}

double DrawGamma(double shape, Rng& rng) {
  if (shape < 1) {
    // Gamma(a) = Gamma(a + 1) * U^(1/a).
    const double u = 1.0 - rng.Uniform();
    return DrawGamma(shape + 1, rng) * std::pow(u, 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = rng.Normal();
      v = 1.0 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = 1.0 - rng.Uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
    if (std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double DrawBeta(double a, double b, Rng& rng) {
  const double x = DrawGamma(a, rng), y = DrawGamma(b, rng);
  return x + y > 0 ? x / (x + y) : 0.5;
}

ArmSet::ArmSet(size_t cells) : arms(cells) {}

size_t ArmSet::segments() const { return static_cast<size_t>(std::countr_zero(arms.size())); }

void ArmSet::Add(uint32_t cell, std::atomic<int64_t> Arm::*field, int64_t n) {
  (arms[cell].*field).fetch_add(n, std::memory_order_relaxed);
  (all.*field).fetch_add(n, std::memory_order_relaxed);
}

void ArmSet::Load(uint32_t cell, int64_t shown, int64_t conversions) {
  const int64_t old_shown = arms[cell].shown.load(), old_won = arms[cell].conversions.load();
  Add(cell, &Arm::shown, shown - old_shown);
  Add(cell, &Arm::conversions, conversions - old_won);
}

double ArmSet::ModelRate(uint32_t cell, double base_rate) const {
  if (!fitted()) {
    double a, b;
    Posterior(all, base_rate, &a, &b);
    return a / (a + b);
  }
  double eta = beta_[0].load(std::memory_order_relaxed);
  for (size_t i = 0; i < segments(); ++i) {
    if ((cell >> i) & 1) eta += beta_[i + 1].load(std::memory_order_relaxed);
  }
  return std::min(std::exp(eta), 1.0);
}

double ArmSet::Draw(uint32_t cell, double base_rate, Rng& rng) const {
  if (!fitted()) {
    double a, b;
    Posterior(arms[cell], base_rate, &a, &b);
    return DrawBeta(a, b, rng);
  }
  auto term = [&](size_t i) {
    return beta_[i].load(std::memory_order_relaxed) +
           sd_[i].load(std::memory_order_relaxed) * rng.Normal();
  };
  double eta = term(0);
  for (size_t i = 0; i < segments(); ++i) {
    if ((cell >> i) & 1) eta += term(i + 1);
  }
  return std::min(std::exp(eta), 1.0);
}

}  // namespace ripple::decide
