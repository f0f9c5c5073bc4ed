// The uplift statistics on cases computed by hand (see the numbers in each test).
#include "feedback/uplift.h"

#include <gtest/gtest.h>

namespace ripple::feedback {
namespace {

TEST(Uplift, SignificantDifferenceWithItsIntervalAndTest) {
  // 60 of 1,000 treated converted, 40 of 1,000 held out: difference 0.02;
  // se = sqrt(.06*.94/1000 + .04*.96/1000) = 0.0097365; 95 %: 0.02 +- 1.959964*se;
  // pooled .05: z = .02 / sqrt(.05*.95*2/1000) = 2.05196, two-sided p = 0.040174.
  const Uplift u = CompareArms({1000, 60}, {1000, 40});
  ASSERT_TRUE(u.valid);
  EXPECT_DOUBLE_EQ(u.treated_rate, 0.06);
  EXPECT_DOUBLE_EQ(u.control_rate, 0.04);
  EXPECT_NEAR(u.difference, 0.02, 1e-12);
  EXPECT_NEAR(u.relative, 0.5, 1e-12);
  EXPECT_NEAR(u.low, 0.000916754, 1e-8);
  EXPECT_NEAR(u.high, 0.039083246, 1e-8);
  EXPECT_NEAR(u.z, 2.0519567, 1e-6);
  EXPECT_NEAR(u.p_value, 0.0401739, 1e-6);
  EXPECT_TRUE(u.significant);
}

TEST(Uplift, SmallDifferenceIsNotSignificantAndItsIntervalHoldsZero) {
  // 55 vs 45 of 1,000: pooled .05, z = .01 / .0097468 = 1.02598, p = 0.30490.
  const Uplift u = CompareArms({1000, 55}, {1000, 45});
  EXPECT_NEAR(u.z, 1.025978, 1e-5);
  EXPECT_NEAR(u.p_value, 0.304902, 1e-5);
  EXPECT_FALSE(u.significant);
  EXPECT_LT(u.low, 0);
  EXPECT_GT(u.high, 0);
}

TEST(Uplift, ConfidenceLevelWidensTheInterval) {
  const Uplift u95 = CompareArms({1000, 60}, {1000, 40}, 0.95);
  const Uplift u99 = CompareArms({1000, 60}, {1000, 40}, 0.99);
  EXPECT_LT(u99.low, u95.low);
  EXPECT_GT(u99.high, u95.high);
  // p = 0.0402: significant at 95 %, not at 99 %.
  EXPECT_TRUE(u95.significant);
  EXPECT_FALSE(u99.significant);
  EXPECT_NEAR(NormalQuantileTwoSided(0.95), 1.959964, 1e-6);
  EXPECT_NEAR(NormalQuantileTwoSided(0.99), 2.575829, 1e-6);
  EXPECT_NEAR(NormalQuantileTwoSided(0.90), 1.644854, 1e-6);
}

TEST(Uplift, EmptyArmOrNoConversionsAtAll) {
  EXPECT_FALSE(CompareArms({0, 0}, {100, 3}).valid);
  EXPECT_FALSE(CompareArms({100, 3}, {0, 0}).valid);
  const Uplift none = CompareArms({100, 0}, {100, 0});  // no variance: no test
  ASSERT_TRUE(none.valid);
  EXPECT_EQ(none.difference, 0);
  EXPECT_EQ(none.p_value, 1);
  EXPECT_FALSE(none.significant);
  // A control arm that never converts: the relative uplift is not defined (0), the test is.
  const Uplift u = CompareArms({1000, 30}, {1000, 0});
  EXPECT_EQ(u.relative, 0);
  EXPECT_TRUE(u.significant);
}

}  // namespace
}  // namespace ripple::feedback
