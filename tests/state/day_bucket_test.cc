#include "state/day_bucket.h"

#include <gtest/gtest.h>

namespace ripple::state {
namespace {

TEST(DayBucket, IsOneCacheLineAndStartsEmpty) {
  EXPECT_EQ(sizeof(DayBucket), 64u);
  EXPECT_EQ(alignof(DayBucket), 64u);
  DayBucket b;
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.day, kEmptyDay);
  b.calls_out = 3;
  b.Reset(20000);
  EXPECT_EQ(b.day, 20000);
  EXPECT_EQ(b.calls_out, 0);
  EXPECT_FALSE(b.empty());
}

TEST(DayBucket, SaturatingAddNeverWraps) {
  uint16_t c = 65530;
  SaturatingAdd(c, 5);
  EXPECT_EQ(c, 65535);
  SaturatingAdd(c, 1);
  EXPECT_EQ(c, 65535);
  uint32_t s = 10;
  SaturatingAdd(s, UINT64_MAX);
  EXPECT_EQ(s, UINT32_MAX);
  uint32_t t = 1;
  SaturatingAdd(t, 41);
  EXPECT_EQ(t, 42u);
}

TEST(DayBucket, DistinctEstimateIsLinearCounting) {
  EXPECT_EQ(DistinctEstimate(0), 0.0);
  EXPECT_NEAR(DistinctEstimate(1), -64.0 * std::log(63.0 / 64.0), 1e-12);
  EXPECT_NEAR(DistinctEstimate(0x3ff), -64.0 * std::log(54.0 / 64.0), 1e-12);  // 10 bits: 10.87
  // Full: the value of one zero bit, so the estimate never decreases as keys are added.
  EXPECT_NEAR(DistinctEstimate(~uint64_t{0}), 64.0 * std::log(64.0), 1e-9);
  double previous = -1;
  uint64_t bits = 0;
  for (int i = 0; i < 64; ++i) {
    bits |= uint64_t{1} << i;
    EXPECT_GE(DistinctEstimate(bits), previous);
    previous = DistinctEstimate(bits);
  }
}

TEST(DayBucket, SketchBitIsOneStableBit) {
  EXPECT_EQ(__builtin_popcountll(SketchBit(12345)), 1);
  EXPECT_EQ(SketchBit(12345), SketchBit(12345));
  EXPECT_EQ(SketchBit(12345), uint64_t{1} << (Mix64(12345) & 63));
}

}  // namespace
}  // namespace ripple::state
