// Uplift of a campaign: the conversion rate of those shown the offer (treated) against those held
// out as its control group, with a confidence interval and a significance flag.
//
// The difference of two proportions p_t - p_c:
//   interval  (p_t - p_c) ± z · sqrt(p_t(1-p_t)/n_t + p_c(1-p_c)/n_c)        (Wald, unpooled)
//   test      z = (p_t - p_c) / sqrt(p(1-p)(1/n_t + 1/n_c)), p the pooled rate, two-sided
// Significant when the two-sided p-value is below 1 - confidence. With fewer than 1 person in
// either arm nothing is estimated (valid = false).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>

namespace ripple::feedback {

struct Arm {
  uint64_t people = 0;       // decisions in the arm (shown, or held out)
  uint64_t conversions = 0;  // of them, converted
};

struct Uplift {
  bool valid = false;
  double treated_rate = 0, control_rate = 0;
  double difference = 0;      // treated_rate - control_rate
  double relative = 0;        // difference / control_rate (0 when control_rate is 0)
  double low = 0, high = 0;   // the interval of the difference
  double z = 0, p_value = 1;  // the two-proportion test
  bool significant = false;
};

Uplift CompareArms(Arm treated, Arm control, double confidence = 0.95);

// The standard normal's two-sided quantile: z with P(|Z| <= z) = confidence.
double NormalQuantileTwoSided(double confidence);

}  // namespace ripple::feedback
