// Seeded pseudo-random numbers (xoshiro256**). Deterministic for a seed on every platform,
// which the simulator's reproducibility depends on; never std::random_device or distributions
// whose output differs across standard libraries.
// Thread-safety: one generator per thread.
#pragma once

#include <cmath>
#include <cstdint>

#include "core/hash.h"

namespace ripple {

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    uint64_t x = seed;
    for (auto& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      s = Mix64(x);
    }
  }
  // A generator for a sub-stream named by (seed, a, b, c): independent of generation order.
  static Rng For(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    return Rng(HashCombine(HashCombine(HashCombine(Mix64(seed), a), b), c));
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n). n > 0.
  uint64_t Below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }
  // Uniform in [0, 1).
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  double Exponential(double mean) { return -mean * std::log(1.0 - Uniform()); }
  double Normal() {
    double u1 = 1.0 - Uniform(), u2 = Uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }
  // Poisson by inversion for small means, normal approximation above 30.
  int Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 30) {
      double v = mean + std::sqrt(mean) * Normal();
      return v < 0 ? 0 : static_cast<int>(v + 0.5);
    }
    double l = std::exp(-mean), p = 1.0;
    int k = 0;
    do {
      ++k;
      p *= Uniform();
    } while (p > l);
    return k - 1;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace ripple
