// Lookalikes: from a seed set of subscribers, rank everyone else by how much their tags look
// like the seed's.
//
// Every column of the TagTable becomes features: a number -> its value standardised over the
// population (z-score of the known values, of log(1 + x) when they are non-negative and strongly
// right-skewed, clipped to [-4, 4]; unknown -> 0) plus an "is known" indicator; a flag -> 0/1; a
// text column with at most `max_text_values` distinct values -> one-hot per value (larger
// dictionaries such as cell ids are skipped); a set -> the value's score per dictionary entry.
// The other features are likewise standardised over all rows and clipped to [-4, 4].
// The model (documented in docs/lookalike.md) is a linear discriminant with a diagonal
// covariance: a feature's weight is the seed's mean standardised value minus the population's
// (how many of the feature's standard deviations the seed stands apart), features the seed does
// not differ on beyond sampling noise are left out, and a subscriber's score is the weighted sum
// of their standardised features (0 = the population's average). Seed members are excluded from
// the ranking.
// Thread-safety: pure functions over an immutable table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "profile/tag_table.h"

class Roaring;

namespace ripple::profile {

struct LookalikeOptions {
  size_t top_n = 100;
  size_t max_text_values = 64;
  // Columns to leave out (e.g. ids the seed was defined by, so that the model must find the
  // seed's other traits). Unknown ids are ignored.
  std::vector<std::string> exclude_columns;
  // Noise control: a feature is left out (weight 0) when a random sample of the seed's size
  // would differ from the population as much with a fair chance (|t| < min_t), or when its
  // weight is below min_weight_fraction of the largest. 0 keeps every feature.
  double min_t = 3.0;
  double min_weight_fraction = 0.05;
  // Compare non-negative, strongly right-skewed numbers (usage volumes, spend) as log(1 + x).
  bool log_skewed_numbers = true;
};

struct LookalikeMatch {
  Row row;
  double score;
};

struct LookalikeResult {
  std::vector<LookalikeMatch> top;  // best first, at most top_n, no seed members
  // The features that weigh most, by |weight|, best first (at most 10): "interest=games", "age",
  // "data_mb:known", "plan=P58". A negative weight: the seed has less of it than the population.
  std::vector<std::pair<std::string, double>> top_features;
};

// InvalidArgument when the seed is empty, covers every row or names a row past the table, when
// min_t or min_weight_fraction are out of range, when a column breaks the TagTable invariants, or
// when no column left after `exclude_columns` varies across the table (nothing to compare on). When
// the seed differs from the population on no feature, every score is 0 and rows come in row order
// with no top_features.
Result<LookalikeResult> FindLookalikes(const TagTable& table, const Roaring& seed,
                                       const LookalikeOptions& options = {});

}  // namespace ripple::profile
