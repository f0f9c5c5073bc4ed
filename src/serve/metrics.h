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

// Latencies in seconds, buckets 1-2-5 from 10 µs to 60 s (a decision takes microseconds; a
// trigger waits for the watermark, up to the out-of-order bound).
class LatencyHistogram {
 public:
  static constexpr std::array<double, 22> kBounds = {1e-5, 2e-5, 5e-5, 1e-4, 2e-4, 5e-4, 1e-3, 2e-3,
                                                     5e-3, 1e-2, 2e-2, 5e-2, 0.1,  0.2,  0.5,  1,
                                                     2,    5,    10,   20,   30,   60};
  void Observe(double seconds);
  // Appends the _bucket / _sum / _count lines of `name`.
  void Write(const std::string& name, const std::string& help, std::string* out) const;
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // The latency below which a share q of observations lie, interpolated linearly inside its
  // bucket as Prometheus' histogram_quantile does (exact at bucket bounds).
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
