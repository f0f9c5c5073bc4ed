// What adaptive ranking learns: per (slot, campaign, cell) the offers shown and the conversions
// they brought. A cell is one combination of the slot's learn_by segments (bit i set: the
// subscriber is in the i-th), so a slot learning by [young, video_fans] has four cells per
// campaign and learns that a video offer converts for young video fans and not for the rest.
//
// Thompson sampling draws each eligible campaign's conversion rate in the subscriber's cell and
// the highest draw wins. The rate is modelled log-linearly over the slot's segments,
//   rate(cell) = exp(b0 + sum of b_i over the segments the cell is in),
// fitted to every cell's shows and conversions (Poisson regression by Newton's method,
// ridge-penalised towards no lift), so a cell with few shows borrows from every cell that shares
// a segment with it and 2^n cells do not mean 2^n cold starts. A draw takes each coefficient from
// its Laplace posterior, b_i ~ N(fit, variance from the inverse Hessian) (Chapelle and Li 2011,
// diagonal), so campaigns whose lifts are still uncertain get tried and settled ones do not.
// Before a campaign's first fit (no data yet) the draw is from Beta(a0 + conversions,
// b0 + shown - conversions), prior base_rate with the weight of kPriorShows shows. Refit runs off
// the decision path (the server: every second; an experiment: every simulated day).
// An arm with little data draws widely and gets tried; one known to be poor rarely wins. The
// exploration floor adds a plain random pick with a fixed probability, so that no estimate goes
// stale when the market moves.
//
// Arms live for the process in a registry keyed by "channel/slot|campaign|seg,seg", so a model
// change that keeps a slot's learn_by keeps what was learnt, and a change of learn_by starts
// over (the cells mean something else). The store saves them every second and at stop.
// Thread-safety: Get is safe from many threads; arm counts are relaxed atomics (a draw that
// misses a concurrent update is still a valid draw).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/rng.h"
#include "decide/model.h"

namespace ripple::decide {

struct Arm {
  std::atomic<int64_t> shown{0};
  std::atomic<int64_t> conversions{0};
};

// The arms of one campaign on one slot: one per cell.
// Cells are 2^segments, segments <= kMaxLearnSegments (model.h).
struct ArmSet {
  explicit ArmSet(size_t cells);
  std::vector<Arm> arms;  // per cell
  Arm all;                // the sum over cells
  size_t segments() const;
  void Shown(uint32_t cell) { Add(cell, &Arm::shown, 1); }
  void Converted(uint32_t cell) { Add(cell, &Arm::conversions, 1); }
  // Sets a cell's counts (loading from the store), keeping the sum.
  void Load(uint32_t cell, int64_t shown, int64_t conversions);
  // The rate a fitted model gives the cell; the slot-wide rate before a fit.
  double ModelRate(uint32_t cell, double base_rate) const;
  // One Thompson draw of the cell's rate.
  double Draw(uint32_t cell, double base_rate, Rng& rng) const;
  // Fits the log-linear model to the counts now; safe while decisions read.
  void Refit(double base_rate);
  bool fitted() const { return fitted_.load(std::memory_order_acquire); }

 private:
  void Add(uint32_t cell, std::atomic<int64_t> Arm::*field, int64_t n);
  // The fit: coefficients and their posterior standard deviations (b0, then per segment).
  std::array<std::atomic<float>, kMaxLearnSegments + 1> beta_{}, sd_{};
  std::atomic<bool> fitted_{false};
};

class BanditRegistry {
 public:
  static std::string Key(std::string_view channel, std::string_view slot, std::string_view campaign,
                         const std::vector<std::string>& learn_by);
  // The arm set under `key`, created with `cells` arms at zero on first use; the pointer stays
  // valid for the registry's life. A stored set with another size is replaced (start over).
  ArmSet* Get(const std::string& key, size_t cells);
  std::vector<std::pair<std::string, ArmSet*>> All();
  // Refits every set's model with its campaign's base rate (as last compiled).
  void RefitAll();
  void SetBaseRate(ArmSet* set, double base_rate);

 private:
  std::map<const ArmSet*, double> base_rate_;  // under mutex_

  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ArmSet>, std::less<>> by_key_;
};

// Shows of prior weight behind a campaign's base_rate.
constexpr double kPriorShows = 20;
// The ridge penalty of the model's segment lifts (in units of log rate, per show-weighted
// observation): enough to keep an unseen segment's lift at 0.
constexpr double kLiftPenalty = 2.0;

// Gamma(shape, 1) by Marsaglia and Tsang; Beta(a, b) from two gammas. shape, a, b > 0.
double DrawGamma(double shape, Rng& rng);
double DrawBeta(double a, double b, Rng& rng);

}  // namespace ripple::decide
