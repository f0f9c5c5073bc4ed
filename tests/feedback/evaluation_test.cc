// The evaluation of campaigns over a store filled through the real arbiter and feedback recorder
// (evaluation_world.h), every figure worked out by hand: counts, CTR, rates, revenue, cost, ROI,
// the uplift with its interval and test, the significance flag both ways, days across a local
// midnight, date bounds, repeated feedback counted once, and a read-only handle beside a writer.
#include "feedback/evaluation.h"

#include <gtest/gtest.h>

#include "feedback/evaluation_world.h"
#include "support/test_support.h"

namespace ripple::feedback {
namespace {

using testing::EvaluationWorld;

// A world built once per test, in its own folder.
class EvaluationTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(world_.Build()); }

  Evaluation Run(EvaluationOptions o = {}) {
    if (!o.product_price) {
      o.product_price = [](std::string_view p) -> std::optional<double> {
        return p == "p1" ? std::optional<double>(12.5) : std::nullopt;
      };
    }
    auto ev = Evaluate(world_.store(), o);
    EXPECT_TRUE(ev.ok()) << ev.status().ToString();
    return ev.ok() ? std::move(ev).value() : Evaluation{};
  }
  static EvaluationOptions By(std::vector<Dimension> by) {
    EvaluationOptions o;
    o.by = std::move(by);
    return o;
  }

  ripple::testing::TempDir dir_;
  EvaluationWorld world_{dir_ / "out"};
};

void ExpectCounts(const EvaluationRow& r, uint64_t shown, uint64_t impressions, uint64_t clicks,
                  uint64_t conversions, uint64_t dismisses, uint64_t held_out,
                  uint64_t control_conversions) {
  EXPECT_EQ(r.counts.shown, shown);
  EXPECT_EQ(r.counts.impressions, impressions);
  EXPECT_EQ(r.counts.clicks, clicks);
  EXPECT_EQ(r.counts.conversions, conversions);
  EXPECT_EQ(r.counts.dismisses, dismisses);
  EXPECT_EQ(r.counts.held_out, held_out);
  EXPECT_EQ(r.counts.control_conversions, control_conversions);
}

TEST_F(EvaluationTest, EveryFigureOfEveryCampaignAsWorkedOutByHand) {
  const Evaluation ev = Run();
  EXPECT_EQ(ev.model_version, 1u);
  EXPECT_EQ(ev.decisions, 91u);  // 80 promo, 5 night, 5 sms_deal, 1 that offered nothing
  EXPECT_EQ(ev.without_offer, 1u);
  EXPECT_EQ(ev.outside_dates, 0u);
  ASSERT_EQ(ev.rows.size(), 3u);

  const EvaluationRow& night = ev.rows[0];
  EXPECT_EQ(night.campaign, "night");
  EXPECT_EQ(night.channel, "");  // not grouped by channel
  EXPECT_FALSE(night.day.has_value());
  ExpectCounts(night, 5, 5, 0, 2, 0, 0, 0);
  EXPECT_DOUBLE_EQ(*night.ctr, 0.0);
  EXPECT_DOUBLE_EQ(*night.conversion_rate, 0.4);
  EXPECT_DOUBLE_EQ(night.revenue, 20.0);  // 2 x 10
  EXPECT_DOUBLE_EQ(night.cost, 2.5);      // 5 x 0.50
  EXPECT_DOUBLE_EQ(*night.roi, 7.0);      // (20 - 2.5) / 2.5
  EXPECT_FALSE(night.control_rate.has_value());
  EXPECT_FALSE(night.uplift.valid);  // no control group
  EXPECT_FALSE(night.significant);

  // 40 shown (12 converted) against 40 held out (4 converted): 0.3 - 0.1 = 0.2;
  // se = sqrt(.3*.7/40 + .1*.9/40) = 0.0866025, 95 %: 0.2 +- 1.959964 se = [0.030262, 0.369738];
  // pooled 16/80 = .2: z = .2 / sqrt(.2*.8*(2/40)) = 2.236068, two-sided p = 0.025347.
  const EvaluationRow& promo = ev.rows[1];
  EXPECT_EQ(promo.campaign, "promo");
  ExpectCounts(promo, 40, 40, 20, 12, 1, 40, 4);
  EXPECT_DOUBLE_EQ(*promo.ctr, 0.5);
  EXPECT_DOUBLE_EQ(*promo.conversion_rate, 0.3);
  EXPECT_DOUBLE_EQ(*promo.control_rate, 0.1);
  EXPECT_DOUBLE_EQ(promo.revenue, 300.0);  // 12 x 25
  EXPECT_DOUBLE_EQ(promo.cost, 44.0);      // 40 x 0.50 + 12 x 2
  EXPECT_NEAR(*promo.roi, 256.0 / 44.0, 1e-12);
  ASSERT_TRUE(promo.uplift.valid);
  EXPECT_NEAR(promo.uplift.difference, 0.2, 1e-12);
  EXPECT_NEAR(promo.uplift.low, 0.0302621, 1e-6);
  EXPECT_NEAR(promo.uplift.high, 0.3697379, 1e-6);
  EXPECT_NEAR(promo.uplift.z, 2.2360680, 1e-6);
  EXPECT_NEAR(promo.uplift.p_value, 0.0253473, 1e-6);
  EXPECT_TRUE(promo.significant);

  // Its value is its product's price: 1 x 12.50; cost 5 x 0.10.
  const EvaluationRow& sms = ev.rows[2];
  EXPECT_EQ(sms.campaign, "sms_deal");
  ExpectCounts(sms, 5, 5, 1, 1, 0, 0, 0);
  EXPECT_DOUBLE_EQ(*sms.ctr, 0.2);
  EXPECT_DOUBLE_EQ(sms.revenue, 12.5);
  EXPECT_DOUBLE_EQ(sms.cost, 0.5);
  EXPECT_DOUBLE_EQ(*sms.roi, 24.0);
  EXPECT_FALSE(sms.significant);

  // Total: 15 of 50 shown against 4 of 40 held out.
  ExpectCounts(ev.total, 50, 50, 21, 15, 1, 40, 4);
  EXPECT_DOUBLE_EQ(*ev.total.ctr, 0.42);
  EXPECT_DOUBLE_EQ(ev.total.revenue, 332.5);
  EXPECT_DOUBLE_EQ(ev.total.cost, 47.0);
  EXPECT_NEAR(*ev.total.roi, 285.5 / 47.0, 1e-12);
  EXPECT_NEAR(ev.total.uplift.low, 0.0425916, 1e-6);
  EXPECT_NEAR(ev.total.uplift.high, 0.3574084, 1e-6);

  ASSERT_EQ(ev.campaigns.size(), 3u);
  EXPECT_EQ(ev.campaigns[0].source, ValueSource::kCampaignValue);
  EXPECT_EQ(ev.campaigns[2].campaign, "sms_deal");
  EXPECT_EQ(ev.campaigns[2].source, ValueSource::kProductPrice);
  EXPECT_DOUBLE_EQ(ev.campaigns[2].value, 12.5);
  EXPECT_EQ(ev.campaigns[2].state, "active");
}

TEST_F(EvaluationTest, AHigherConfidenceMakesTheSameUpliftNotSignificant) {
  // 99 %: 0.2 +- 2.575829 x 0.0866025 = [-0.023073, 0.423073] covers 0, and p 0.025 > 0.01.
  EvaluationOptions o;
  o.confidence = 0.99;
  const Evaluation ev = Run(o);
  const EvaluationRow& promo = ev.rows.at(1);
  ASSERT_TRUE(promo.uplift.valid);
  EXPECT_NEAR(promo.uplift.low, -0.0230734, 1e-6);
  EXPECT_NEAR(promo.uplift.high, 0.4230734, 1e-6);
  EXPECT_FALSE(promo.significant);
}

TEST_F(EvaluationTest, DaysAreLocalAndSplitAtLocalMidnight) {
  Evaluation ev = Run(By({Dimension::kDay}));
  ASSERT_EQ(ev.rows.size(), 2u);
  EXPECT_EQ(FormatDay(*ev.rows[0].day), "2026-11-09");
  EXPECT_EQ(ev.rows[0].campaign, "");
  // promo 40 + night 3 (23:59) + sms_deal 5; conversions 12 + 1 + 1.
  ExpectCounts(ev.rows[0], 48, 48, 21, 14, 1, 40, 4);
  EXPECT_DOUBLE_EQ(ev.rows[0].revenue, 322.5);
  EXPECT_DOUBLE_EQ(ev.rows[0].cost, 46.0);  // 44 + 3 x 0.50 + 5 x 0.10
  EXPECT_EQ(FormatDay(*ev.rows[1].day), "2026-11-10");
  ExpectCounts(ev.rows[1], 2, 2, 0, 1, 0, 0, 0);  // night at 00:01
  EXPECT_DOUBLE_EQ(ev.rows[1].revenue, 10.0);
  EXPECT_DOUBLE_EQ(ev.rows[1].cost, 1.0);
  EXPECT_DOUBLE_EQ(*ev.rows[1].roi, 9.0);

  // In UTC the same instants are all on the 9th (23:59 and 00:01 at +08:00 are 15:59 and 16:01).
  EvaluationOptions utc = By({Dimension::kDay});
  utc.utc_offset_minutes = 0;
  ev = Run(utc);
  ASSERT_EQ(ev.rows.size(), 1u);
  EXPECT_EQ(FormatDay(*ev.rows[0].day), "2026-11-09");
  EXPECT_EQ(ev.rows[0].counts.shown, 50u);
}

TEST_F(EvaluationTest, GroupsCombineInTheOrderAsked) {
  Evaluation ev = Run(By({Dimension::kCampaign, Dimension::kDay}));
  ASSERT_EQ(ev.rows.size(), 4u);
  EXPECT_EQ(ev.rows[0].campaign, "night");
  EXPECT_EQ(FormatDay(*ev.rows[0].day), "2026-11-09");
  ExpectCounts(ev.rows[0], 3, 3, 0, 1, 0, 0, 0);
  EXPECT_DOUBLE_EQ(ev.rows[0].cost, 1.5);
  EXPECT_EQ(ev.rows[1].campaign, "night");
  EXPECT_EQ(FormatDay(*ev.rows[1].day), "2026-11-10");
  EXPECT_EQ(ev.rows[2].campaign, "promo");
  EXPECT_EQ(ev.rows[3].campaign, "sms_deal");

  ev = Run(By({Dimension::kDay, Dimension::kCampaign}));
  ASSERT_EQ(ev.rows.size(), 4u);
  EXPECT_EQ(ev.rows[0].campaign, "night");
  EXPECT_EQ(ev.rows[1].campaign, "promo");
  EXPECT_EQ(ev.rows[2].campaign, "sms_deal");
  EXPECT_EQ(ev.rows[3].campaign, "night");
  EXPECT_EQ(FormatDay(*ev.rows[3].day), "2026-11-10");

  ev = Run(By({Dimension::kChannel}));
  ASSERT_EQ(ev.rows.size(), 2u);
  EXPECT_EQ(ev.rows[0].channel, "app");
  EXPECT_EQ(ev.rows[0].slot, "");
  ExpectCounts(ev.rows[0], 45, 45, 20, 14, 1, 40, 4);
  EXPECT_DOUBLE_EQ(ev.rows[0].revenue, 320.0);
  EXPECT_DOUBLE_EQ(ev.rows[0].cost, 46.5);
  EXPECT_EQ(ev.rows[1].channel, "sms");
  EXPECT_DOUBLE_EQ(ev.rows[1].revenue, 12.5);

  ev = Run(By({Dimension::kSlot}));
  ASSERT_EQ(ev.rows.size(), 3u);
  EXPECT_EQ(ev.rows[0].channel + "/" + ev.rows[0].slot, "app/banner");
  EXPECT_EQ(ev.rows[0].counts.held_out, 40u);
  EXPECT_EQ(ev.rows[1].channel + "/" + ev.rows[1].slot, "app/offers");
  EXPECT_EQ(ev.rows[2].channel + "/" + ev.rows[2].slot, "sms/text");
}

TEST_F(EvaluationTest, DateBoundsAreInclusiveLocalDays) {
  EvaluationOptions o;
  o.from_day = *ParseDay("2026-11-10");
  Evaluation ev = Run(o);
  EXPECT_EQ(ev.outside_dates, 88u);
  ASSERT_EQ(ev.rows.size(), 3u);  // every campaign of the model, by campaign
  EXPECT_EQ(ev.rows[0].campaign, "night");
  ExpectCounts(ev.rows[0], 2, 2, 0, 1, 0, 0, 0);
  EXPECT_EQ(ev.rows[1].campaign, "promo");
  ExpectCounts(ev.rows[1], 0, 0, 0, 0, 0, 0, 0);
  ExpectCounts(ev.total, 2, 2, 0, 1, 0, 0, 0);
  ev = Run([&] {
    EvaluationOptions by_day = o;
    by_day.by = {Dimension::kDay};
    return by_day;
  }());
  ASSERT_EQ(ev.rows.size(), 1u);
  EXPECT_EQ(FormatDay(*ev.rows[0].day), "2026-11-10");

  o = {};
  o.to_day = *ParseDay("2026-11-09");
  ev = Run(o);
  EXPECT_EQ(ev.outside_dates, 2u);
  ASSERT_EQ(ev.rows.size(), 3u);
  ExpectCounts(ev.rows[0], 3, 3, 0, 1, 0, 0, 0);

  o.from_day = *ParseDay("2026-11-11");
  o.to_day = std::nullopt;
  o.by = {Dimension::kCampaign, Dimension::kDay};
  ev = Run(o);
  EXPECT_TRUE(ev.rows.empty());
  EXPECT_EQ(ev.total.counts.shown, 0u);
  EXPECT_FALSE(ev.total.roi.has_value());  // no cost: no ROI
  EXPECT_FALSE(ev.total.ctr.has_value());
}

TEST_F(EvaluationTest, ValuesComeFromTheModelGivenAndSayWhereTheyCameFrom) {
  // No price known: sms_deal's conversions are worth 0 and the evaluation says so.
  EvaluationOptions o;
  o.product_price = [](std::string_view) { return std::optional<double>(); };
  Evaluation ev = Run(o);
  EXPECT_EQ(ev.campaigns.at(2).source, ValueSource::kUnknown);
  EXPECT_DOUBLE_EQ(ev.rows.at(2).revenue, 0.0);
  EXPECT_DOUBLE_EQ(*ev.rows.at(2).roi, -1.0);

  // A model without sms_deal and with dearer SMS: removed, its value and cost per conversion 0.
  decide::MarketingModel m = testing::EvaluationModel();
  m.version = 7;
  m.campaigns.pop_back();
  m.channels[1].cost_per_contact = 0.4;
  o = {};
  o.model = &m;
  ev = Run(o);
  EXPECT_EQ(ev.model_version, 7u);
  EXPECT_EQ(ev.campaigns.at(2).source, ValueSource::kNotInModel);
  EXPECT_EQ(ev.campaigns.at(2).state, "removed");
  EXPECT_DOUBLE_EQ(ev.rows.at(2).revenue, 0.0);
  EXPECT_DOUBLE_EQ(ev.rows.at(2).cost, 2.0);  // 5 x 0.40
}

TEST_F(EvaluationTest, ByCampaignAloneEveryCampaignOfTheModelHasARow) {
  decide::MarketingModel m = testing::EvaluationModel();
  m.campaigns.push_back(decide::testing::MakeCampaign("later", 1, {"app/offers"}));
  m.campaigns.back().state = decide::CampaignState::kDraft;
  m.campaigns.back().value = 3;
  EvaluationOptions o;
  o.model = &m;
  Evaluation ev = Run(o);
  ASSERT_EQ(ev.rows.size(), 4u);
  EXPECT_EQ(ev.rows[0].campaign, "later");
  ExpectCounts(ev.rows[0], 0, 0, 0, 0, 0, 0, 0);
  EXPECT_DOUBLE_EQ(ev.rows[0].revenue, 0.0);
  EXPECT_FALSE(ev.rows[0].roi.has_value());
  EXPECT_FALSE(ev.rows[0].conversion_rate.has_value());
  EXPECT_FALSE(ev.rows[0].uplift.valid);
  EXPECT_EQ(ev.campaigns.at(0).state, "draft");
  ExpectCounts(ev.total, 50, 50, 21, 15, 1, 40, 4);  // nothing added

  o.by = {Dimension::kCampaign, Dimension::kDay};  // only groups that have decisions
  ev = Run(o);
  EXPECT_EQ(ev.rows.size(), 4u);
  for (const EvaluationRow& r : ev.rows) EXPECT_NE(r.campaign, "later");
}

TEST_F(EvaluationTest, AReadOnlyHandleReportsWhileTheWriterHoldsTheStore) {
  auto ro = decide::DecideStore::OpenReadOnly(world_.state_dir());
  ASSERT_OK(ro);
  auto ev = Evaluate(**ro, {});
  ASSERT_OK(ev);
  ASSERT_EQ(ev->rows.size(), 3u);
  ExpectCounts(ev->rows[1], 40, 40, 20, 12, 1, 40, 4);
  EXPECT_EQ(ev->model_version, 1u);                   // the stored model
  EXPECT_FALSE(ro->get()->SaveChannels({"x"}).ok());  // it cannot write
  // The writer is unaffected and can still write.
  EXPECT_OK(world_.store().SaveChannels({"app", "sms"}));
}

TEST(EvaluationStore, ReadOnlyOpenOfAFolderWithoutAStoreIsNotFound) {
  ripple::testing::TempDir dir;
  auto ro = decide::DecideStore::OpenReadOnly(dir / "nothing");
  ASSERT_FALSE(ro.ok());
  EXPECT_EQ(ro.status().code(), StatusCode::kNotFound);
  EXPECT_NE(ro.status().message().find("no decide state in"), std::string::npos);
}

TEST(EvaluationParsers, AcceptWhatTheyDocumentAndNameWhatIsWrong) {
  auto by = ParseDimensions("campaign,day");
  ASSERT_OK(by);
  EXPECT_EQ(*by, (std::vector<Dimension>{Dimension::kCampaign, Dimension::kDay}));
  EXPECT_EQ(ParseDimensions("slot,channel,day,campaign")->size(), 4u);
  auto bad = ParseDimensions("campaign,colour");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("'colour'"), std::string::npos);
  EXPECT_FALSE(ParseDimensions("").ok());
  EXPECT_FALSE(ParseDimensions("day,day").ok());
  EXPECT_FALSE(ParseDimensions("campaign,").ok());

  EXPECT_DOUBLE_EQ(*ParseConfidence("0.9"), 0.9);
  EXPECT_FALSE(ParseConfidence("1").ok());
  EXPECT_FALSE(ParseConfidence("0.4").ok());
  EXPECT_FALSE(ParseConfidence("95%").ok());
  EXPECT_FALSE(ParseConfidence("").ok());

  EXPECT_EQ(*ParseDay("2026-11-09"), DaysFromCivil(2026, 11, 9));
  EXPECT_EQ(FormatDay(*ParseDay("2026-11-09")), "2026-11-09");
  EXPECT_FALSE(ParseDay("2026-02-30").ok());
  EXPECT_FALSE(ParseDay("2026-1-9").ok());
  EXPECT_FALSE(ParseDay("yesterday").ok());
}

}  // namespace
}  // namespace ripple::feedback
