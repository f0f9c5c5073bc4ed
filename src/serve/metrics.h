// Metrics of `ripple serve` in the Prometheus text format (version 0.0.4): counters, gauges and
// latency histograms with fixed buckets, updated lock-free from any thread.
// Thread-safety: all methods are safe to call concurrently.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace ripple::serve {

// Latencies in seconds, buckets from 50 µs to 10 s.
class LatencyHistogram {
 public:
  static constexpr std::array<double, 14> kBounds = {5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3,
                                                     1e-2, 2.5e-2, 5e-2, 0.1,    1,      5,    10};
  void Observe(double seconds);
  // Appends the _bucket / _sum / _count lines of `name`.
  void Write(const std::string& name, const std::string& help, std::string* out) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // The bucket bound below which a share q of observations lie (an upper estimate).
  double Quantile(double q) const;

 private:
  std::array<std::atomic<uint64_t>, kBounds.size() + 1> buckets_{};
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_ns_{0};
};

// Appends one counter or gauge in the exposition format.
void WriteMetric(const std::string& name, const std::string& type, const std::string& help,
                 double value, std::string* out);

}  // namespace ripple::serve
