#include "profile/lookalike.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <roaring/roaring.hh>

#include "profile/lookalike_features.h"

namespace ripple::profile {
namespace {

using lookalike_internal::Feature;

// The TagTable invariants the scoring loops rely on; a table from TagTable::Load always holds
// them, a hand-built one may not.
Status CheckColumn(const TagColumn& c, size_t rows) {
  auto bad = [&](const char* what) {
    return Status::InvalidArgument(
        fmt::format("column '{}' breaks the TagTable layout ({}); rebuild the table", c.id, what));
  };
  switch (c.type) {
    case TagType::kFlag:
    case TagType::kNumber:
      if (c.numbers.size() != rows) return bad("numbers not one per row");
      break;
    case TagType::kText:
      if (c.codes.size() != rows) return bad("codes not one per row");
      break;
    case TagType::kSet:
      if (c.set_offsets.size() != rows + 1 || c.set_offsets.front() != 0 ||
          !std::is_sorted(c.set_offsets.begin(), c.set_offsets.end()) ||
          c.set_offsets.back() != c.set_codes.size() || c.set_scores.size() != c.set_codes.size()) {
        return bad("set offsets do not cover codes and scores");
      }
      break;
  }
  return Status::Ok();
}

// Sets each feature's weight: the seed's mean standardised value minus the population's, kept
// only when it stands out from sampling noise and from the strongest features.
void SetWeights(std::vector<Feature>& features, size_t rows, size_t seed_size,
                const LookalikeOptions& options) {
  const double n = static_cast<double>(seed_size), total = static_cast<double>(rows);
  // Standard error of a sample mean drawn without replacement, in units of the feature's sd.
  const double se = std::sqrt((total - n) / (n * (total - 1)));
  double max_abs = 0;
  for (Feature& f : features) {
    const double w = f.seed_z_mean - f.z_mean;
    const bool significant = std::abs(w) >= options.min_t * f.z_sd * se;
    f.weight = significant && std::isfinite(w) ? w : 0;
    max_abs = std::max(max_abs, std::abs(f.weight));
  }
  for (Feature& f : features) {
    if (std::abs(f.weight) < options.min_weight_fraction * max_abs) f.weight = 0;
  }
}

// True when match `a` ranks before `b`: higher score, then lower row for a stable order.
bool Before(const LookalikeMatch& a, const LookalikeMatch& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

}  // namespace

Result<LookalikeResult> FindLookalikes(const TagTable& table, const Roaring& seed,
                                       const LookalikeOptions& options) {
  const size_t rows = table.rows();
  const uint64_t seed_size = seed.cardinality();
  if (seed_size == 0) {
    return Status::InvalidArgument("the lookalike seed is empty: give at least one subscriber");
  }
  if (seed.maximum() >= rows) {
    return Status::InvalidArgument(fmt::format(
        "lookalike seed row {} is outside the table's {} rows (seed from another snapshot?)",
        seed.maximum(), rows));
  }
  if (seed_size >= rows) {
    return Status::InvalidArgument(
        fmt::format("the lookalike seed covers all {} rows: nobody is left to rank", rows));
  }
  if (!(options.min_t >= 0) || !std::isfinite(options.min_t)) {
    return Status::InvalidArgument(
        fmt::format("lookalike min_t must be a number >= 0, got {}", options.min_t));
  }
  if (!(options.min_weight_fraction >= 0 && options.min_weight_fraction <= 1)) {
    return Status::InvalidArgument(fmt::format(
        "lookalike min_weight_fraction must be in [0, 1], got {}", options.min_weight_fraction));
  }
  for (const TagColumn& c : table.columns()) RETURN_IF_ERROR(CheckColumn(c, rows));

  std::vector<Row> seed_rows(seed_size);
  seed.toUint32Array(seed_rows.data());

  // Features of one column are contiguous; column_begin[c]..column_begin[c + 1] are column c's.
  const auto& columns = table.columns();
  std::vector<Feature> features;
  std::vector<size_t> column_begin(columns.size() + 1, 0);
  for (size_t c = 0; c < columns.size(); ++c) {
    column_begin[c] = features.size();
    const auto& ex = options.exclude_columns;
    if (std::find(ex.begin(), ex.end(), columns[c].id) == ex.end()) {
      lookalike_internal::AddColumnFeatures(table, static_cast<int>(c), seed_rows, options,
                                            &features);
    }
  }
  column_begin[columns.size()] = features.size();
  if (features.empty()) {
    return Status::InvalidArgument(fmt::format(
        "no column of the table ({} columns, {} excluded) varies across its {} rows: nothing to "
        "compare the seed on",
        columns.size(), options.exclude_columns.size(), rows));
  }
  SetWeights(features, rows, seed_size, options);

  // Column-major: each column streams once over its arrays into one float per row; the parts
  // that are the same for every row are summed once.
  std::vector<float> score(rows, 0.f);
  double constant = 0;
  for (size_t c = 0; c < columns.size(); ++c) {
    std::span<const Feature> fs(features.data() + column_begin[c],
                                column_begin[c + 1] - column_begin[c]);
    constant += lookalike_internal::AccumulateColumn(columns[c], fs, score.data());
  }

  std::vector<uint8_t> in_seed(rows, 0);
  for (Row r : seed_rows) in_seed[r] = 1;
  const size_t keep = std::min<size_t>(options.top_n, rows - seed_size);
  LookalikeResult result;
  // A bounded heap whose front is the worst match kept so far.
  std::vector<LookalikeMatch>& heap = result.top;
  heap.reserve(keep);
  for (size_t r = 0; r < rows && keep > 0; ++r) {
    if (in_seed[r]) continue;
    double s = static_cast<double>(score[r]) + constant;
    if (!std::isfinite(s)) s = std::numeric_limits<double>::lowest();
    const LookalikeMatch m{static_cast<Row>(r), s};
    if (heap.size() < keep) {
      heap.push_back(m);
      std::push_heap(heap.begin(), heap.end(), Before);
    } else if (Before(m, heap.front())) {
      std::pop_heap(heap.begin(), heap.end(), Before);
      heap.back() = m;
      std::push_heap(heap.begin(), heap.end(), Before);
    }
  }
  std::sort_heap(heap.begin(), heap.end(), Before);

  std::vector<const Feature*> weighted;
  for (const Feature& f : features) {
    if (f.weight != 0) weighted.push_back(&f);
  }
  const size_t shown = std::min<size_t>(10, weighted.size());
  std::partial_sort(weighted.begin(), weighted.begin() + shown, weighted.end(),
                    [](const Feature* a, const Feature* b) {
                      const double wa = std::abs(a->weight), wb = std::abs(b->weight);
                      return wa > wb || (wa == wb && a < b);
                    });
  for (size_t i = 0; i < shown; ++i) {
    result.top_features.emplace_back(lookalike_internal::FeatureName(table, *weighted[i]),
                                     weighted[i]->weight);
  }
  return result;
}

}  // namespace ripple::profile
