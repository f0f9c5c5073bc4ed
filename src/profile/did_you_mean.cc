#include "profile/did_you_mean.h"

#include <algorithm>
#include <numeric>
#include <vector>

namespace ripple::profile {

size_t EditDistance(std::string_view a, std::string_view b) {
  // One row of the dynamic-programming table; names are short.
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view ClosestName(std::string_view name, std::span<const std::string_view> candidates,
                             size_t max_distance) {
  std::string_view best;
  size_t best_distance = max_distance + 1;
  for (std::string_view c : candidates) {
    size_t d = EditDistance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (!best.empty()) return best;
  // A truncated or over-long spelling ("dim", "expresion" for expr) is far in edits but plain.
  for (std::string_view c : candidates) {
    const std::string_view shorter = c.size() < name.size() ? c : name;
    const std::string_view longer = c.size() < name.size() ? name : c;
    if (shorter.size() >= 3 && longer.starts_with(shorter)) return c;
  }
  return {};
}

std::string DidYouMean(std::string_view name, std::span<const std::string_view> candidates) {
  std::string_view close = ClosestName(name, candidates);
  if (close.empty()) return {};
  return " (did you mean '" + std::string(close) + "'?)";
}

std::string JoinNames(std::span<const std::string_view> names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace ripple::profile
