#include "serve/metrics.h"

#include <cstdio>

namespace ripple::serve {

void LatencyHistogram::Observe(double seconds) {
  size_t i = 0;
  while (i < kBounds.size() && seconds > kBounds[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_ns_.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

double LatencyHistogram::Quantile(double q) const {
  const uint64_t total = count();
  if (total == 0) return 0;
  const double rank = q * static_cast<double>(total);
  uint64_t seen = 0;
  for (size_t i = 0; i < kBounds.size(); ++i) {
    const uint64_t in = buckets_[i].load(std::memory_order_relaxed);
    if (in > 0 && static_cast<double>(seen + in) >= rank) {
      const double lower = i == 0 ? 0 : kBounds[i - 1];
      return lower +
             (kBounds[i] - lower) * (rank - static_cast<double>(seen)) / static_cast<double>(in);
    }
    seen += in;
  }
  return kBounds.back();  // in the overflow bucket: at least the last bound
}

void LatencyHistogram::Write(const std::string& name, const std::string& help,
                             std::string* out) const {
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " histogram\n";
  uint64_t cumulative = 0;
  char line[160];
  for (size_t i = 0; i < kBounds.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    std::snprintf(line, sizeof line, "%s_bucket{le=\"%g\"} %llu\n", name.c_str(), kBounds[i],
                  static_cast<unsigned long long>(cumulative));
    *out += line;
  }
  cumulative += buckets_[kBounds.size()].load(std::memory_order_relaxed);
  std::snprintf(line, sizeof line, "%s_bucket{le=\"+Inf\"} %llu\n%s_sum %.9f\n%s_count %llu\n",
                name.c_str(), static_cast<unsigned long long>(cumulative), name.c_str(),
                sum_ns_.load(std::memory_order_relaxed) / 1e9, name.c_str(),
                static_cast<unsigned long long>(cumulative));
  *out += line;
}

void WriteMetric(const std::string& name, const std::string& type, const std::string& help,
                 double value, std::string* out) {
  char line[64];
  std::snprintf(line, sizeof line, "%.17g", value);
  *out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
          line + "\n";
}

}  // namespace ripple::serve
