// Adaptive ranking's arithmetic (bandit.h): Gamma and Beta draws have the right moments; an
// ArmSet counts per cell and in all; Refit recovers a log-linear truth from counts and keeps a
// segment it has not seen at no lift; draws narrow as data comes in.
#include "decide/bandit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace ripple::decide {
namespace {

struct Moments {
  double mean = 0, variance = 0;
};

template <typename F>
Moments MomentsOf(int n, F draw) {
  double sum = 0, sum2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / n;
  return {mean, (sum2 - n * mean * mean) / (n - 1)};
}

constexpr int kDraws = 50000;

// Beta(a, b): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)). 50k draws put the sample mean within
// ~0.5 % of the spread of the mean and the sample variance within ~1-2 %; the tolerances are a
// few of those standard errors.
void ExpectBetaMoments(double a, double b, uint64_t seed) {
  Rng rng(seed);
  const Moments m = MomentsOf(kDraws, [&] { return DrawBeta(a, b, rng); });
  const double mean = a / (a + b);
  const double variance = a * b / ((a + b) * (a + b) * (a + b + 1));
  const double mean_error = std::sqrt(variance / kDraws);
  EXPECT_NEAR(m.mean, mean, 5 * mean_error) << "Beta(" << a << ", " << b << ")";
  EXPECT_NEAR(m.variance / variance, 1.0, 0.04) << "Beta(" << a << ", " << b << ")";
}

TEST(DrawBeta, MomentsOfBeta2And8) { ExpectBetaMoments(2, 8, 1); }
TEST(DrawBeta, MomentsOfBetaHalfAndHalf) { ExpectBetaMoments(0.5, 0.5, 2); }
TEST(DrawBeta, MomentsOfBeta30And970) { ExpectBetaMoments(30, 970, 3); }

TEST(DrawGamma, MeanAndVarianceAreTheShapeBelowAndAboveOne) {
  for (const double shape : {0.3, 0.5, 1.0, 3.0, 40.0}) {
    Rng rng(static_cast<uint64_t>(shape * 100));
    const Moments m = MomentsOf(kDraws, [&] { return DrawGamma(shape, rng); });
    EXPECT_NEAR(m.mean, shape, 5 * std::sqrt(shape / kDraws)) << shape;
    EXPECT_NEAR(m.variance / shape, 1.0, 0.06) << shape;
  }
}

TEST(DrawBeta, IsDeterministicForASeed) {
  Rng a(42), b(42);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(DrawBeta(2, 8, a), DrawBeta(2, 8, b));
}

TEST(ArmSet, ShownAndConvertedCountTheCellAndAll) {
  ArmSet set(4);
  EXPECT_EQ(set.segments(), 2u);
  set.Shown(1);
  set.Shown(1);
  set.Shown(3);
  set.Converted(1);
  EXPECT_EQ(set.arms[0].shown.load(), 0);
  EXPECT_EQ(set.arms[1].shown.load(), 2);
  EXPECT_EQ(set.arms[1].conversions.load(), 1);
  EXPECT_EQ(set.arms[3].shown.load(), 1);
  EXPECT_EQ(set.arms[3].conversions.load(), 0);
  EXPECT_EQ(set.all.shown.load(), 3);
  EXPECT_EQ(set.all.conversions.load(), 1);
}

TEST(ArmSet, LoadSetsACellAndKeepsAllTheSum) {
  ArmSet set(8);
  set.Shown(2);
  set.Converted(2);
  set.Shown(5);
  set.Load(2, 100, 7);  // replaces cell 2's (1, 1)
  EXPECT_EQ(set.arms[2].shown.load(), 100);
  EXPECT_EQ(set.arms[2].conversions.load(), 7);
  EXPECT_EQ(set.all.shown.load(), 101);
  EXPECT_EQ(set.all.conversions.load(), 7);
  set.Load(5, 40, 2);
  set.Load(2, 10, 1);  // lower than before: the sum goes down too
  EXPECT_EQ(set.arms[5].shown.load(), 40);
  EXPECT_EQ(set.all.shown.load(), 50);
  EXPECT_EQ(set.all.conversions.load(), 3);
}

// The truth of these tests: rate(cell) = 2 % x 3 (segment 0) x 0.5 (segment 1) x 1 (segment 2).
double TrueRate(uint32_t cell) {
  double r = 0.02;
  if (cell & 1) r *= 3;
  if (cell & 2) r *= 0.5;
  return r;
}

// Each cell shown `shows` times with the conversions the truth expects (rounded), cells with
// segment 2 left unshown when `unseen_segment2`.
void Fill(ArmSet& set, int64_t shows, bool unseen_segment2 = false) {
  for (uint32_t c = 0; c < set.arms.size(); ++c) {
    if (unseen_segment2 && (c & 4)) continue;
    set.Load(c, shows, std::llround(static_cast<double>(shows) * TrueRate(c)));
  }
}

TEST(ArmSetRefit, RecoversALogLinearTruthPerCell) {
  ArmSet set(8);
  Fill(set, 20000);
  EXPECT_FALSE(set.fitted());
  set.Refit(0.05);  // a base rate far from the truth: the data outweighs it
  ASSERT_TRUE(set.fitted());
  for (uint32_t c = 0; c < 8; ++c) {
    EXPECT_NEAR(set.ModelRate(c, 0.05) / TrueRate(c), 1.0, 0.03) << "cell " << c;
  }
  // Segment 2 lifts nothing: its cells have the rate of their twins without it.
  for (uint32_t c = 0; c < 4; ++c) {
    EXPECT_NEAR(set.ModelRate(c | 4, 0.05) / set.ModelRate(c, 0.05), 1.0, 0.02) << c;
  }
}

TEST(ArmSetRefit, AnUnseenSegmentKeepsTheRateOfTheCellsWithoutIt) {
  ArmSet set(8);
  Fill(set, 20000, /*unseen_segment2=*/true);
  set.Refit(0.02);
  for (uint32_t c = 0; c < 4; ++c) {
    EXPECT_NEAR(set.ModelRate(c, 0.02) / TrueRate(c), 1.0, 0.03) << "cell " << c;
    EXPECT_NEAR(set.ModelRate(c | 4, 0.02) / set.ModelRate(c, 0.02), 1.0, 0.01) << "cell " << c;
  }
}

TEST(ArmSetRefit, SparseCellsBorrowFromTheCellsThatShareTheirSegments) {
  // Cell 3 (segments 0 and 1) is shown 50 times only: too few to see 3 % from its own counts
  // (1 or 2 conversions), but its segments' lifts are known from the other cells.
  ArmSet set(4);
  for (uint32_t c = 0; c < 3; ++c) {
    set.Load(c, 20000, std::llround(20000 * TrueRate(c)));
  }
  set.Load(3, 50, 0);
  set.Refit(0.02);
  EXPECT_NEAR(set.ModelRate(3, 0.02) / TrueRate(3), 1.0, 0.15);
  EXPECT_GT(set.ModelRate(3, 0.02), 0.02);
}

TEST(ArmSetRefit, NoShowsKeepsTheBaseRateAndIsFinite) {
  ArmSet set(8);
  set.Refit(0.02);
  ASSERT_TRUE(set.fitted());
  for (uint32_t c = 0; c < 8; ++c) {
    const double r = set.ModelRate(c, 0.02);
    EXPECT_TRUE(std::isfinite(r)) << c;
    EXPECT_NEAR(r, 0.02, 0.002) << c;
  }
  Rng rng(5);
  for (int i = 0; i < 1000; ++i) {
    const double d = set.Draw(static_cast<uint32_t>(i % 8), 0.02, rng);
    ASSERT_TRUE(std::isfinite(d));
    ASSERT_GE(d, 0.0);
    ASSERT_LE(d, 1.0);
  }
}

TEST(ArmSet, BeforeAFitModelRateIsTheSlotWidePosterior) {
  ArmSet set(2);
  EXPECT_NEAR(set.ModelRate(0, 0.02), 0.02, 1e-12);
  set.Load(0, 80, 8);
  set.Load(1, 100, 2);
  // (0.02 x 20 + 10) / (20 + 180)
  EXPECT_NEAR(set.ModelRate(0, 0.02), 10.4 / 200, 1e-12);
  EXPECT_NEAR(set.ModelRate(1, 0.02), 10.4 / 200, 1e-12);
}

Moments DrawsOf(const ArmSet& set, uint32_t cell, uint64_t seed) {
  Rng rng(seed);
  return MomentsOf(20000, [&] { return set.Draw(cell, 0.02, rng); });
}

TEST(ArmSetDraw, ManyShowsConcentrateTheDrawsAndFewSpreadThem) {
  ArmSet lots(8), little(8);
  Fill(lots, 20000);
  Fill(little, 200);
  lots.Refit(0.02);
  little.Refit(0.02);
  for (const uint32_t cell : {0u, 1u, 3u, 7u}) {
    const Moments a = DrawsOf(lots, cell, 11 + cell), b = DrawsOf(little, cell, 11 + cell);
    const double sd_lots = std::sqrt(a.variance), sd_little = std::sqrt(b.variance);
    // Centred on the truth with lots of data, within a few per cent of it either way.
    EXPECT_NEAR(a.mean / TrueRate(cell), 1.0, 0.05) << cell;
    EXPECT_LT(sd_lots / a.mean, 0.15) << cell;
    // 100 times fewer shows: about ten times the spread (at least four times).
    EXPECT_GT(sd_little / b.mean, 4 * sd_lots / a.mean) << cell;
  }
}

TEST(ArmSetDraw, BeforeAFitDrawsFollowTheCellsBetaPosterior) {
  ArmSet set(2);
  set.Load(1, 980, 20);  // Beta(0.4 + 20, 19.6 + 960): mean 0.0204
  const Moments m = DrawsOf(set, 1, 3);
  EXPECT_NEAR(m.mean, 20.4 / 1000, 0.0005);
  const double a = 20.4, b = 979.6;
  EXPECT_NEAR(m.variance / (a * b / ((a + b) * (a + b) * (a + b + 1))), 1.0, 0.05);
  // Cell 0 has no shows: the prior alone, Beta(0.4, 19.6), mean 0.02 and wide.
  const Moments prior = DrawsOf(set, 0, 4);
  EXPECT_NEAR(prior.mean, 0.02, 0.001);
  EXPECT_GT(prior.variance, 5 * m.variance);
}

TEST(BanditRegistry, KeyNamesSlotCampaignAndLearnBy) {
  EXPECT_EQ(BanditRegistry::Key("app", "banner", "promo", {"young", "wealthy"}),
            "app/banner|promo|young,wealthy");
  EXPECT_EQ(BanditRegistry::Key("app", "banner", "promo", {}), "app/banner|promo|");
}

TEST(BanditRegistry, GetKeepsASetAndStartsOverWhenItsSizeChanges) {
  BanditRegistry registry;
  ArmSet* a = registry.Get("k", 4);
  a->Shown(3);
  EXPECT_EQ(registry.Get("k", 4), a);
  EXPECT_EQ(registry.Get("k", 4)->arms[3].shown.load(), 1);
  ArmSet* b = registry.Get("k", 8);
  EXPECT_EQ(b->arms.size(), 8u);
  EXPECT_EQ(b->all.shown.load(), 0);
  EXPECT_EQ(registry.All().size(), 1u);
}

TEST(BanditRegistry, RefitAllUsesEachSetsBaseRate) {
  BanditRegistry registry;
  ArmSet* low = registry.Get("low", 1);
  ArmSet* high = registry.Get("high", 1);
  registry.SetBaseRate(low, 0.01);
  registry.SetBaseRate(high, 0.2);
  registry.RefitAll();
  ASSERT_TRUE(low->fitted());
  ASSERT_TRUE(high->fitted());
  EXPECT_NEAR(low->ModelRate(0, 0), 0.01, 0.001);
  EXPECT_NEAR(high->ModelRate(0, 0), 0.2, 0.02);
}

}  // namespace
}  // namespace ripple::decide
