#include "feedback/uplift.h"

#include <cmath>

namespace ripple::feedback {
namespace {

// Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9).
double NormalQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  if (p < kLow) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - kLow) return -NormalQuantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

}  // namespace

double NormalQuantileTwoSided(double confidence) { return NormalQuantile(0.5 + confidence / 2); }

Uplift CompareArms(Arm treated, Arm control, double confidence) {
  Uplift u;
  if (treated.people == 0 || control.people == 0) return u;
  u.valid = true;
  const double nt = static_cast<double>(treated.people), nc = static_cast<double>(control.people);
  u.treated_rate = static_cast<double>(treated.conversions) / nt;
  u.control_rate = static_cast<double>(control.conversions) / nc;
  u.difference = u.treated_rate - u.control_rate;
  u.relative = u.control_rate > 0 ? u.difference / u.control_rate : 0;
  const double se = std::sqrt(u.treated_rate * (1 - u.treated_rate) / nt +
                              u.control_rate * (1 - u.control_rate) / nc);
  const double zq = NormalQuantileTwoSided(confidence);
  u.low = u.difference - zq * se;
  u.high = u.difference + zq * se;
  const double pooled = static_cast<double>(treated.conversions + control.conversions) / (nt + nc);
  const double se0 = std::sqrt(pooled * (1 - pooled) * (1 / nt + 1 / nc));
  if (se0 > 0) {
    u.z = u.difference / se0;
    u.p_value = std::erfc(std::fabs(u.z) / std::sqrt(2.0));
  }
  u.significant = u.p_value < 1 - confidence;
  return u;
}

}  // namespace ripple::feedback
