// Internal to lookalike.cc: turns TagTable columns into standardised features, measures how the
// seed differs from the population on each, and adds the weighted features of one column into a
// per-row score array. Split out so that the model (weights, ranking) reads apart from the column
// plumbing.
//
// A feature f has a raw value x_f(r) per row and a standardised value
//   z_f(r) = clip((x_f(r) - centre_f) / scale_f, -kMaxZ, kMaxZ)
// where, for a number, centre/scale are the mean/std of the known values (of log(1 + x) when they
// are non-negative and strongly right-skewed) and an unknown value has z = 0; for every other
// feature (flag, text value, set value, "number is known") x is 0 when absent and centre/scale are
// the population mean/std of x. z_mean/z_sd are the population mean and std of z, seed_z_mean the
// seed's mean of z. A row's contribution is w_f (z_f(r) - z_mean_f). Invariants: the features of
// one column are contiguous; z_sd > 0 for every feature kept. Thread-safety: plain functions over
// an immutable table.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "profile/lookalike.h"
#include "profile/tag_table.h"

namespace ripple::profile::lookalike_internal {

// Standardised values are clipped so that one extreme number or one rare value cannot outweigh
// everything else (the header promises [-4, 4] for numbers; the same cap holds for all features).
constexpr double kMaxZ = 4.0;

enum class FeatureKind : uint8_t {
  kNumber,  // the column's z-score; unknown -> 0
  kKnown,   // 1 when the number is known
  kFlag,    // 1 when the flag holds
  kValue,   // text: 1 when the row has `code`; set: the row's score for `code`, 0 when absent
};

struct Feature {
  int column = 0;
  FeatureKind kind = FeatureKind::kNumber;
  uint32_t code = kNoCode;
  bool log = false;  // kNumber: z is taken of log(1 + x)
  double centre = 0;
  double scale = 1;
  double z_mean = 0;
  double z_sd = 0;
  double seed_z_mean = 0;
  double weight = 0;  // set by the model; 0 = left out
};

// Appends the features of column `column` that vary in the population, with their population
// and seed statistics. Text columns with more than `options.max_text_values` dictionary entries
// add none. `seed` holds valid, distinct rows.
void AddColumnFeatures(const TagTable& table, int column, std::span<const Row> seed,
                       const LookalikeOptions& options, std::vector<Feature>* out);

// The feature's display name: "age", "age:known", "interest=games".
std::string FeatureName(const TagTable& table, const Feature& f);

// Adds sum_f w_f (z_f(r) - z_mean_f) over `features` (all of one column, weights set) into
// score[r] for every row, except the part that is the same for every row, which it returns so
// that the caller adds it once.
double AccumulateColumn(const TagColumn& column, std::span<const Feature> features, float* score);

}  // namespace ripple::profile::lookalike_internal
