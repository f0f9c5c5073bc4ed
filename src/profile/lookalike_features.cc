#include "profile/lookalike_features.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ripple::profile::lookalike_internal {
namespace {

// Below this a standard deviation counts as zero: the feature does not vary.
constexpr double kTinySd = 1e-9;

// min/max rather than std::clamp: they compile to branch-free minsd/maxsd.
double Clip(double z) { return std::min(std::max(z, -kMaxZ), kMaxZ); }

bool Finite(float x) { return std::isfinite(x); }

// Mean and standard deviation from sums over `n` values (absent values counted as 0).
void MeanSd(double sum, double sum_sq, double n, double* mean, double* sd) {
  *mean = sum / n;
  *sd = std::sqrt(std::max(0.0, sum_sq / n - *mean * *mean));
}

// A feature that is 1 for a fraction `p` of the population and `p_seed` of the seed. False when
// it does not vary.
bool MakeIndicator(int column, FeatureKind kind, uint32_t code, double p, double p_seed,
                   std::vector<Feature>* out) {
  const double sd = std::sqrt(p * (1 - p));
  if (sd < kTinySd) return false;
  Feature f{.column = column, .kind = kind, .code = code, .centre = p, .scale = sd};
  const double z1 = Clip((1 - p) / sd), z0 = Clip(-p / sd);
  f.z_mean = p * z1 + (1 - p) * z0;
  f.z_sd = std::sqrt(p * (z1 - f.z_mean) * (z1 - f.z_mean) +
                     (1 - p) * (z0 - f.z_mean) * (z0 - f.z_mean));
  if (f.z_sd < kTinySd) return false;
  f.seed_z_mean = p_seed * z1 + (1 - p_seed) * z0;
  out->push_back(f);
  return true;
}

// Known values are compared as log(1 + x) when they are non-negative and this right-skewed
// (an exponential has skewness 2, a log-normal usage figure 3 to 30): a few heavy users would
// otherwise set the scale and squeeze everyone else into a sliver of z.
constexpr double kSkewForLog = 2.0;

// log(1 + x) for finite x >= 0, to float precision of 1 + x (relative error ~2e-7); ~2.5 times
// faster than std::log1p here, which matters because a skewed column is transformed in three
// passes. y = 1 + x is
// split as m * 2^e with m in [sqrt(1/2), sqrt(2)) (musl's logf reduction), and
// log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.172, by its series to s^7 (error < 4e-8).
float FastLog1p(float x) {
  const uint32_t bits = std::bit_cast<uint32_t>(1.f + x) + (0x3f800000u - 0x3f3504f3u);
  const int e = static_cast<int>(bits >> 23) - 127;
  const float m = std::bit_cast<float>((bits & 0x007fffffu) + 0x3f3504f3u);
  const float s = (m - 1.f) / (m + 1.f), s2 = s * s;
  const float series = 2.f * s * (1.f + s2 * (1.f / 3 + s2 * (1.f / 5 + s2 * (1.f / 7))));
  return static_cast<float>(e) * 0.693147180559945f + series;
}

template <bool kLog>
float Transform(float x) {
  if constexpr (kLog) {
    return FastLog1p(x);
  } else {
    return x;
  }
}

// The statistics passes keep kLanes independent sums so that the additions overlap instead of
// each waiting for the previous one; unknown values add 0 rather than branch, since NaN-heavy
// columns would make every branch a coin flip.
constexpr size_t kLanes = 4;

struct Moments {
  size_t known = 0;
  double mean = 0, sd = 0, skew = 0, min = 0;
};

template <bool kLog>
Moments Measure(const std::vector<float>& values) {
  const size_t n = values.size();
  size_t first = 0;
  while (first < n && !Finite(values[first])) ++first;
  Moments m;
  if (first == n) return m;
  // Sums shifted by the first known value keep the moments exact when values are large and
  // close together.
  const double shift = Transform<kLog>(values[first]);
  double s1[kLanes] = {}, s2[kLanes] = {}, s3[kLanes] = {}, lo[kLanes] = {};
  size_t known[kLanes] = {};
  auto add = [&](size_t lane, float raw) {
    const bool ok = Finite(raw);
    const double d = ok ? Transform<kLog>(raw) - shift : 0.0;
    s1[lane] += d;
    s2[lane] += d * d;
    s3[lane] += d * d * d;
    lo[lane] = std::min(lo[lane], d);
    known[lane] += ok;
  };
  size_t i = first;
  for (; i + kLanes <= n; i += kLanes) {
#pragma GCC unroll 4
    for (size_t l = 0; l < kLanes; ++l) add(l, values[i + l]);
  }
  for (; i < n; ++i) add(0, values[i]);
  for (size_t l = 1; l < kLanes; ++l) {
    s1[0] += s1[l];
    s2[0] += s2[l];
    s3[0] += s3[l];
    lo[0] = std::min(lo[0], lo[l]);
    known[0] += known[l];
  }
  m.known = known[0];
  m.min = shift + lo[0];
  const double k = static_cast<double>(m.known), m1 = s1[0] / k, m2 = s2[0] / k, m3 = s3[0] / k;
  const double var = std::max(0.0, m2 - m1 * m1);
  m.mean = shift + m1;
  m.sd = std::sqrt(var);
  if (m.sd > 0) m.skew = (m3 - 3 * m1 * m2 + 2 * m1 * m1 * m1) / (var * m.sd);
  return m;
}

template <bool kLog>
void AddNumberZ(const TagColumn& c, const Moments& m, std::span<const Row> seed, Feature f,
                std::vector<Feature>* out) {
  f.centre = m.mean;
  f.scale = m.sd;
  const double inv = 1.0 / m.sd;
  double z_sum[kLanes] = {}, z_sq[kLanes] = {};
  auto add = [&](size_t lane, float x) {
    const double z = Finite(x) ? Clip((Transform<kLog>(x) - m.mean) * inv) : 0.0;
    z_sum[lane] += z;
    z_sq[lane] += z * z;
  };
  const size_t n = c.numbers.size();
  size_t i = 0;
  for (; i + kLanes <= n; i += kLanes) {
#pragma GCC unroll 4
    for (size_t l = 0; l < kLanes; ++l) add(l, c.numbers[i + l]);
  }
  for (; i < n; ++i) add(0, c.numbers[i]);
  for (size_t l = 1; l < kLanes; ++l) {
    z_sum[0] += z_sum[l];
    z_sq[0] += z_sq[l];
  }
  MeanSd(z_sum[0], z_sq[0], static_cast<double>(n), &f.z_mean, &f.z_sd);
  if (f.z_sd < kTinySd) return;
  double seed_sum = 0;
  for (Row r : seed) {
    const float x = c.numbers[r];
    if (Finite(x)) seed_sum += Clip((Transform<kLog>(x) - m.mean) * inv);
  }
  f.seed_z_mean = seed_sum / static_cast<double>(seed.size());
  out->push_back(f);
}

void AddNumber(const TagColumn& c, int column, std::span<const Row> seed, bool log_skewed,
               std::vector<Feature>* out) {
  Moments m = Measure<false>(c.numbers);
  size_t seed_known = 0;
  for (Row r : seed) seed_known += Finite(c.numbers[r]);
  MakeIndicator(column, FeatureKind::kKnown, kNoCode,
                static_cast<double>(m.known) / static_cast<double>(c.numbers.size()),
                static_cast<double>(seed_known) / static_cast<double>(seed.size()), out);
  if (m.known == 0) return;
  const bool log = log_skewed && m.min >= 0 && m.skew > kSkewForLog;
  if (log) m = Measure<true>(c.numbers);
  if (m.sd < kTinySd * std::max(1.0, std::abs(m.mean))) return;
  Feature f{.column = column, .kind = FeatureKind::kNumber, .log = log};
  if (log) {
    AddNumberZ<true>(c, m, seed, f, out);
  } else {
    AddNumberZ<false>(c, m, seed, f, out);
  }
}

void AddFlag(const TagColumn& c, int column, std::span<const Row> seed, std::vector<Feature>* out) {
  size_t holds = 0, seed_holds = 0;
  for (float x : c.numbers) holds += Finite(x);
  for (Row r : seed) seed_holds += Finite(c.numbers[r]);
  MakeIndicator(column, FeatureKind::kFlag, kNoCode, static_cast<double>(holds) / c.numbers.size(),
                static_cast<double>(seed_holds) / seed.size(), out);
}

void AddText(const TagColumn& c, int column, std::span<const Row> seed, size_t max_values,
             std::vector<Feature>* out) {
  const size_t dict = c.dictionary.size();
  if (dict > max_values) return;
  // One slot past the dictionary collects kNoCode (and any out-of-range code).
  std::vector<uint64_t> count(dict + 1), seed_count(dict + 1);
  for (uint32_t code : c.codes) ++count[std::min<size_t>(code, dict)];
  for (Row r : seed) ++seed_count[std::min<size_t>(c.codes[r], dict)];
  for (size_t v = 0; v < dict; ++v) {
    MakeIndicator(column, FeatureKind::kValue, static_cast<uint32_t>(v),
                  static_cast<double>(count[v]) / c.codes.size(),
                  static_cast<double>(seed_count[v]) / seed.size(), out);
  }
}

void AddSet(const TagColumn& c, int column, std::span<const Row> seed, std::vector<Feature>* out) {
  const size_t dict = c.dictionary.size();
  const double n = static_cast<double>(c.set_offsets.size() - 1);
  std::vector<double> sum(dict), sum_sq(dict);
  std::vector<uint64_t> present(dict);
  for (size_t i = 0; i < c.set_codes.size(); ++i) {
    const uint32_t v = c.set_codes[i];
    const float x = c.set_scores[i];
    if (v >= dict || !Finite(x)) continue;
    sum[v] += x;
    sum_sq[v] += static_cast<double>(x) * x;
    ++present[v];
  }
  // The scores of a value are spread, so the population mean of its clipped z needs a second
  // pass once centre and scale are known.
  std::vector<double> centre(dict), inv(dict), z_sum(dict), z_sq(dict), seed_z_sum(dict);
  std::vector<uint64_t> seed_present(dict);
  for (size_t v = 0; v < dict; ++v) {
    double sd;
    MeanSd(sum[v], sum_sq[v], n, &centre[v], &sd);
    inv[v] = sd < kTinySd ? 0 : 1 / sd;
  }
  for (size_t i = 0; i < c.set_codes.size(); ++i) {
    const uint32_t v = c.set_codes[i];
    const float x = c.set_scores[i];
    if (v >= dict || !Finite(x) || inv[v] == 0) continue;
    const double z = Clip((x - centre[v]) * inv[v]);
    z_sum[v] += z;
    z_sq[v] += z * z;
  }
  for (Row r : seed) {
    for (uint32_t i = c.set_offsets[r]; i < c.set_offsets[r + 1]; ++i) {
      const uint32_t v = c.set_codes[i];
      const float x = c.set_scores[i];
      if (v >= dict || !Finite(x) || inv[v] == 0) continue;
      seed_z_sum[v] += Clip((x - centre[v]) * inv[v]);
      ++seed_present[v];
    }
  }
  for (size_t v = 0; v < dict; ++v) {
    if (inv[v] == 0) continue;
    const double z0 = Clip(-centre[v] * inv[v]);
    const double absent = n - static_cast<double>(present[v]);
    Feature f{.column = column,
              .kind = FeatureKind::kValue,
              .code = static_cast<uint32_t>(v),
              .centre = centre[v],
              .scale = 1 / inv[v]};
    MeanSd(z_sum[v] + absent * z0, z_sq[v] + absent * z0 * z0, n, &f.z_mean, &f.z_sd);
    if (f.z_sd < kTinySd) continue;
    const double seed_absent = static_cast<double>(seed.size() - seed_present[v]);
    f.seed_z_mean = (seed_z_sum[v] + seed_absent * z0) / static_cast<double>(seed.size());
    out->push_back(f);
  }
}

// The centred z of a feature's absent value (0 for a set or text value, flag not holding,
// number unknown): the same for every row that lacks it.
double AbsentZ(const Feature& f) { return Clip(-f.centre / f.scale) - f.z_mean; }

template <bool kLog>
void AddNumberRows(const std::vector<float>& x, float centre, float inv, float a, float b,
                   float* score) {
  const float max_z = static_cast<float>(kMaxZ);
  const size_t n = x.size();
  for (size_t r = 0; r < n; ++r) {
    const float z = std::clamp((Transform<kLog>(x[r]) - centre) * inv, -max_z, max_z);
    score[r] += Finite(x[r]) ? a * z + b : 0.f;
  }
}

double AccumulateNumber(const TagColumn& c, std::span<const Feature> fs, float* score) {
  // A number column has at most a kKnown and a kNumber feature.
  const Feature* num = nullptr;
  const Feature* known = nullptr;
  for (const Feature& f : fs) (f.kind == FeatureKind::kNumber ? num : known) = &f;
  const double wz = num != nullptr ? num->weight : 0;
  const double wk = known != nullptr ? known->weight : 0;
  if (wz == 0 && wk == 0) return 0;
  // An unknown row contributes the constant; a known row adds wz * z + wk * (zk1 - zk0) to it.
  const double zk1 = wk != 0 ? Clip((1 - known->centre) / known->scale) - known->z_mean : 0;
  const double zk0 = wk != 0 ? AbsentZ(*known) : 0;
  const double constant = (wz != 0 ? -wz * num->z_mean : 0) + wk * zk0;
  const float centre = wz != 0 ? static_cast<float>(num->centre) : 0.f;
  const float inv = wz != 0 ? static_cast<float>(1 / num->scale) : 0.f;
  const float a = static_cast<float>(wz), b = static_cast<float>(wk * (zk1 - zk0));
  if (wz != 0 && num->log) {
    AddNumberRows<true>(c.numbers, centre, inv, a, b, score);
  } else {
    AddNumberRows<false>(c.numbers, centre, inv, a, b, score);
  }
  return constant;
}

double AccumulateFlag(const TagColumn& c, const Feature& f, float* score) {
  if (f.weight == 0) return 0;
  const double z1 = Clip((1 - f.centre) / f.scale) - f.z_mean, z0 = AbsentZ(f);
  const float holds = static_cast<float>(f.weight * (z1 - z0));
  const size_t n = c.numbers.size();
  for (size_t r = 0; r < n; ++r) score[r] += Finite(c.numbers[r]) ? holds : 0.f;
  return f.weight * z0;
}

double AccumulateText(const TagColumn& c, std::span<const Feature> fs, float* score) {
  // Per code, what holding it adds to the all-absent constant; the last slot (no code) adds 0.
  const size_t dict = c.dictionary.size();
  std::vector<float> add(dict + 1);
  double constant = 0;
  bool any = false;
  for (const Feature& f : fs) {
    if (f.weight == 0) continue;
    any = true;
    const double z1 = Clip((1 - f.centre) / f.scale) - f.z_mean, z0 = AbsentZ(f);
    constant += f.weight * z0;
    add[f.code] = static_cast<float>(f.weight * (z1 - z0));
  }
  if (!any) return 0;
  const size_t n = c.codes.size();
  for (size_t r = 0; r < n; ++r) score[r] += add[std::min<size_t>(c.codes[r], dict)];
  return constant;
}

double AccumulateSet(const TagColumn& c, std::span<const Feature> fs, float* score) {
  // Per code: weight, centre, 1/scale, mean z and the absent value's centred z; the last slot
  // (codes out of range, values left out) has weight 0 and adds nothing.
  struct Slot {
    float weight = 0, centre = 0, inv = 0, zbar = 0, z0 = 0;
  };
  const size_t dict = c.dictionary.size();
  std::vector<Slot> slots(dict + 1);
  double constant = 0;
  bool any = false;
  for (const Feature& f : fs) {
    if (f.weight == 0) continue;
    any = true;
    constant += f.weight * AbsentZ(f);
    slots[f.code] = {static_cast<float>(f.weight), static_cast<float>(f.centre),
                     static_cast<float>(1 / f.scale), static_cast<float>(f.z_mean),
                     static_cast<float>(AbsentZ(f))};
  }
  if (!any) return 0;
  const float max_z = static_cast<float>(kMaxZ);
  const size_t n = c.set_offsets.size() - 1;
  for (size_t r = 0; r < n; ++r) {
    float add = 0;
    for (uint32_t i = c.set_offsets[r]; i < c.set_offsets[r + 1]; ++i) {
      const Slot& s = slots[std::min<size_t>(c.set_codes[i], dict)];
      const float x = c.set_scores[i];
      if (s.weight == 0 || !Finite(x)) continue;
      add += s.weight * (std::clamp((x - s.centre) * s.inv, -max_z, max_z) - s.zbar - s.z0);
    }
    score[r] += add;
  }
  return constant;
}

}  // namespace

void AddColumnFeatures(const TagTable& table, int column, std::span<const Row> seed,
                       const LookalikeOptions& options, std::vector<Feature>* out) {
  const TagColumn& c = table.columns()[column];
  if (table.rows() == 0 || seed.empty()) return;
  switch (c.type) {
    case TagType::kNumber:
      AddNumber(c, column, seed, options.log_skewed_numbers, out);
      break;
    case TagType::kFlag:
      AddFlag(c, column, seed, out);
      break;
    case TagType::kText:
      AddText(c, column, seed, options.max_text_values, out);
      break;
    case TagType::kSet:
      AddSet(c, column, seed, out);
      break;
  }
}

std::string FeatureName(const TagTable& table, const Feature& f) {
  const TagColumn& c = table.columns()[f.column];
  switch (f.kind) {
    case FeatureKind::kNumber:
    case FeatureKind::kFlag:
      return c.id;
    case FeatureKind::kKnown:
      return c.id + ":known";
    case FeatureKind::kValue:
      return c.id + "=" + c.dictionary[f.code];
  }
  return c.id;
}

double AccumulateColumn(const TagColumn& column, std::span<const Feature> features, float* score) {
  if (features.empty()) return 0;
  switch (column.type) {
    case TagType::kNumber:
      return AccumulateNumber(column, features, score);
    case TagType::kFlag:
      return AccumulateFlag(column, features.front(), score);
    case TagType::kText:
      return AccumulateText(column, features, score);
    case TagType::kSet:
      return AccumulateSet(column, features, score);
  }
  return 0;
}

}  // namespace ripple::profile::lookalike_internal
