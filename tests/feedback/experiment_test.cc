// The market experiment (feedback/experiment.h) against the acceptance criteria: over
// 30 days of 40,000 simulated subscribers adaptive ranking reaches 90 % of the oracle's expected
// conversions by the end and beats priority and random ranking; the relationship campaigns
// convert better for those their ties select than for random subscribers of the same segment;
// the oracle has no regret. Also: a run is deterministic for its seed, bad options are named,
// and `ripple experiment` prints the JSON.
#include "feedback/experiment.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/test_support.h"

namespace ripple::feedback {
namespace {

using decide::Ranking;
using json = nlohmann::json;

// One run shared by the tests of the suite (the run takes seconds; a sanitizer build, minutes).
class Experiment : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ExperimentOptions o;
    o.subscribers = 40000;
    o.days = 30;
    o.seed = 7;
    o.strategies = {Ranking::kAdaptive, Ranking::kPriority, Ranking::kRandom};
    auto r = RunExperiment(o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    result_ = new ExperimentResult(std::move(r).value());
    // The numbers, for whoever reads a failure.
    std::printf("%s", ExperimentTable(*result_).c_str());
  }
  static void TearDownTestSuite() {
    delete result_;
    result_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(result_, nullptr); }

  static const StrategyResult& Strategy(std::string_view name) {
    for (const StrategyResult& r : result_->strategies) {
      if (r.name == name) return r;
    }
    ADD_FAILURE() << "no strategy " << name;
    return result_->oracle;
  }
  static ExperimentResult* result_;
};
ExperimentResult* Experiment::result_ = nullptr;

TEST_F(Experiment, RunsTheStrategiesAskedInOrderBesideTheOracle) {
  ASSERT_EQ(result_->strategies.size(), 3u);
  EXPECT_EQ(result_->strategies[0].name, "adaptive");
  EXPECT_EQ(result_->strategies[1].name, "priority");
  EXPECT_EQ(result_->strategies[2].name, "random");
  EXPECT_EQ(result_->oracle.name, "oracle");
  EXPECT_EQ(result_->subscribers, 40000u);
  for (const StrategyResult* r : {&result_->strategies[0], &result_->strategies[1],
                                  &result_->strategies[2], &result_->oracle}) {
    EXPECT_EQ(r->conversions_by_day.size(), 30u) << r->name;
    EXPECT_GT(r->shown, 0) << r->name;
    int64_t sum = 0;
    for (const int64_t n : r->conversions_by_day) sum += n;
    EXPECT_EQ(sum, r->conversions) << r->name;
  }
}

TEST_F(Experiment, AdaptiveReachesNinetyPercentOfTheOracleByTheEndAndBeatsTheBaselines) {
  const StrategyResult& adaptive = Strategy("adaptive");
  const StrategyResult& priority = Strategy("priority");
  const StrategyResult& random = Strategy("random");
  EXPECT_GE(adaptive.expected_share_of_oracle_end, 0.90)
      << "adaptive reaches " << adaptive.expected_share_of_oracle_end
      << " of the oracle's expected conversions over the last " << result_->options.window_days
      << " days";
  EXPECT_GT(adaptive.conversions, priority.conversions);
  EXPECT_GT(adaptive.conversions, random.conversions);
  EXPECT_GT(adaptive.expected_conversions, priority.expected_conversions);
  EXPECT_GT(adaptive.expected_conversions, random.expected_conversions);
}

TEST_F(Experiment, RelationshipCampaignsConvertBetterForTiesThanForRandomSubscribers) {
  const StrategyResult& adaptive = Strategy("adaptive");
  std::vector<std::string> seen;
  for (const RelationshipResult& r : adaptive.relationship) {
    seen.push_back(r.campaign);
    ASSERT_GT(r.targeted.people, 0u) << r.campaign;
    ASSERT_EQ(r.random.people, r.targeted.people) << r.campaign;  // one twin each
    const double targeted = static_cast<double>(r.targeted.conversions) / r.targeted.people;
    const double random = static_cast<double>(r.random.conversions) / r.random.people;
    EXPECT_GT(targeted, random) << r.campaign;
    EXPECT_TRUE(r.uplift.valid) << r.campaign;
    EXPECT_TRUE(r.uplift.significant)
        << r.campaign << ": " << r.targeted.conversions << "/" << r.targeted.people << " vs "
        << r.random.conversions << "/" << r.random.people << ", p " << r.uplift.p_value;
    EXPECT_GT(r.uplift.low, 0) << r.campaign;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"family_circle", "call_together"}));
}

TEST_F(Experiment, TheOracleHasNoRegretAndNoStrategyDoesBetter) {
  const StrategyResult& o = result_->oracle;
  EXPECT_EQ(o.regret, 0);
  EXPECT_EQ(o.share_of_oracle, 1);
  EXPECT_EQ(o.expected_share_of_oracle, 1);
  EXPECT_EQ(o.expected_share_of_oracle_end, 1);
  for (const StrategyResult& r : result_->strategies) {
    EXPECT_GE(r.regret, -1e-6 * o.expected_conversions) << r.name;
    EXPECT_NEAR(r.regret, o.expected_conversions - r.expected_conversions, 1e-6) << r.name;
    EXPECT_LE(r.expected_share_of_oracle, 1 + 1e-9) << r.name;
  }
}

// Determinism and options -----------------------------------------------------------------------

std::string JsonWithoutSeconds(const ExperimentResult& r) {
  json j = json::parse(ExperimentJson(r));
  j.erase("seconds");
  return j.dump();
}

TEST(ExperimentRun, IsDeterministicForItsSeed) {
  ExperimentOptions o;
  o.subscribers = 2000;
  o.days = 5;
  o.strategies = {Ranking::kAdaptive, Ranking::kRandom, Ranking::kExpectedValue};
  auto first = RunExperiment(o);
  ASSERT_OK(first);
  o.threads = 1;  // however the strategies are spread over threads
  auto second = RunExperiment(o);
  ASSERT_OK(second);
  EXPECT_GT(first->oracle.conversions, 0);
  EXPECT_EQ(JsonWithoutSeconds(*first), JsonWithoutSeconds(*second));
  // Another seed, another market.
  o.seed = 8;
  auto other = RunExperiment(o);
  ASSERT_OK(other);
  EXPECT_NE(JsonWithoutSeconds(*first), JsonWithoutSeconds(*other));
}

void ExpectInvalid(const ExperimentOptions& o, std::string_view option) {
  auto r = RunExperiment(o);
  ASSERT_FALSE(r.ok()) << option;
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << option;
  EXPECT_NE(r.status().message().find(option), std::string::npos) << r.status().message();
}

TEST(ExperimentRun, BadOptionsAreInvalidArgumentsNamingTheOption) {
  ExperimentOptions o;
  o.days = 0;
  ExpectInvalid(o, "--days");
  o.days = 366;
  ExpectInvalid(o, "--days");
  o = ExperimentOptions();
  o.subscribers = 10;
  ExpectInvalid(o, "--subscribers");
  o = ExperimentOptions();
  o.strategies.clear();
  ExpectInvalid(o, "--strategy");
}

// `ripple experiment` ----------------------------------------------------------------------------

TEST(ExperimentCommand, PrintsJsonPerStrategyAndTheOracle) {
  const ripple::testing::CommandResult r =
      ripple::testing::RunRipple({"experiment", "--days", "3", "--subscribers", "2000",
                                  "--strategy", "adaptive,random", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << r.out;
  for (const char* key : {"adaptive", "random", "oracle"}) {
    ASSERT_TRUE(j.contains(key)) << key << "\n" << r.out;
    EXPECT_TRUE(j[key]["conversions"].is_number_integer()) << key;
    EXPECT_EQ(j[key]["conversions_by_day"].size(), 3u) << key;
  }
  EXPECT_FALSE(j.contains("priority"));
  EXPECT_EQ(j["options"]["days"], 3);
  EXPECT_EQ(j["options"]["subscribers"], 2000);
}

TEST(ExperimentCommand, AnUnknownStrategyExitsTwoNamingTheOption) {
  const ripple::testing::CommandResult r = ripple::testing::RunRipple(
      {"experiment", "--days", "1", "--subscribers", "200", "--strategy", "nonsense"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--strategy"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nonsense"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out.empty()) << r.out;
}

}  // namespace
}  // namespace ripple::feedback
