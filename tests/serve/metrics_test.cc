// LatencyHistogram: observations land in the bucket whose bound is the first at or above
// them, quantiles interpolate inside a bucket, and the exposition lines are cumulative.
#include "serve/metrics.h"

#include <gtest/gtest.h>

namespace ripple::serve {
namespace {

TEST(LatencyHistogram, QuantilesInterpolateInsideTheBucket) {
  LatencyHistogram h;
  EXPECT_EQ(h.Quantile(0.5), 0);
  // 4 in (1 ms, 2 ms], 4 in (5 ms, 10 ms], 2 in (0.2 s, 0.5 s].
  for (double v : {0.0011, 0.0015, 0.0019, 0.002}) h.Observe(v);
  for (double v : {0.006, 0.007, 0.008, 0.01}) h.Observe(v);
  for (double v : {0.3, 0.4}) h.Observe(v);
  EXPECT_EQ(h.count(), 10u);
  // Rank 5 of 10: the first of the second bucket's 4 -> 5 ms + 5 ms * 1/4.
  EXPECT_DOUBLE_EQ(h.Quantile(0.5), 0.00625);
  // Rank 2: half of the first bucket -> 1 ms + 1 ms * 2/4.
  EXPECT_DOUBLE_EQ(h.Quantile(0.2), 0.0015);
  // Rank 9.9: 1.9 of the last 2 -> 0.2 + 0.3 * 0.95.
  EXPECT_NEAR(h.Quantile(0.99), 0.485, 1e-12);
}

TEST(LatencyHistogram, BeyondTheLastBoundIsReportedAsTheLastBound) {
  LatencyHistogram h;
  h.Observe(120);
  EXPECT_EQ(h.Quantile(0.5), 60);
}

TEST(LatencyHistogram, ExpositionIsCumulativeWithSumAndCount) {
  LatencyHistogram h;
  h.Observe(0.000015);  // (10 µs, 20 µs]
  h.Observe(0.0004);    // (200 µs, 500 µs]
  std::string out;
  h.Write("x_seconds", "help text", &out);
  EXPECT_NE(out.find("# TYPE x_seconds histogram\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{le=\"1e-05\"} 0\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{le=\"2e-05\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{le=\"0.0002\"} 1\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{le=\"0.0005\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_bucket{le=\"+Inf\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_count 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_seconds_sum 0.000415"), std::string::npos) << out;
}

}  // namespace
}  // namespace ripple::serve
