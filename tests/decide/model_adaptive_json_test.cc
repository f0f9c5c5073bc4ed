// The marketing model's adaptive and relationship fields (slot ranking, learn_by, exploration;
// channel cost_per_contact; campaign cost_per_conversion, kind, scene, within_days; the policy's
// converted_rest_days): accepted, round-tripped, and every error names the field by path — from
// JSON, from YAML with FILE:LINE:COL, and from the compiler for a learn_by naming no segment.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <roaring/roaring.hh>

#include "decide/arbiter.h"
#include "decide/model.h"
#include "decide/model_config.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;

// A valid model with every new field set away from its default.
json Full() {
  return json::parse(R"({
    "version": 4,
    "channels": [
      {"id": "app", "cost_per_contact": 0.01, "slots": [
        {"id": "banner", "ranking": "adaptive", "learn_by": ["young", "wealthy"],
         "exploration": 0.1},
        {"id": "turns", "ranking": "rotation"},
        {"id": "dice", "ranking": "random"}]},
      {"id": "sms", "push": true, "cost_per_contact": 0.05, "slots": ["daily"]}],
    "policy": {"converted_rest_days": 45},
    "segments": [{"name": "young", "expr": "age < 30"}],
    "campaigns": [
      {"id": "bundle", "product": "FAM3", "slots": ["app/banner"], "cost_per_conversion": 12.5},
      {"id": "circle", "product": "FAM3", "slots": ["sms/daily"], "kind": "circle",
       "scene": "family", "within_days": 14},
      {"id": "call", "product": "VOICE300", "slots": ["sms/daily"], "kind": "reason_to_call",
       "scene": ["family", "friend"]}]
  })");
}

// The error of ModelFromJson(j) as "path: message" ("" when it passed).
std::string Error(const json& j) {
  MarketingModel m;
  auto err = ModelFromJson(j, &m);
  return err ? err->path + ": " + err->message : "";
}

TEST(ModelAdaptiveJson, AcceptsEveryNewField) {
  MarketingModel m;
  const auto err = ModelFromJson(Full(), &m);
  ASSERT_FALSE(err) << err->path << ": " << err->message;
  const Slot& banner = m.channels[0].slots[0];
  EXPECT_EQ(banner.ranking, Ranking::kAdaptive);
  EXPECT_EQ(banner.learn_by, (std::vector<std::string>{"young", "wealthy"}));
  EXPECT_DOUBLE_EQ(banner.exploration, 0.1);
  EXPECT_EQ(m.channels[0].slots[1].ranking, Ranking::kRotation);
  EXPECT_EQ(m.channels[0].slots[2].ranking, Ranking::kRandom);
  EXPECT_DOUBLE_EQ(m.channels[0].cost_per_contact, 0.01);
  EXPECT_DOUBLE_EQ(m.channels[1].cost_per_contact, 0.05);
  EXPECT_EQ(m.policy.converted_rest_days, 45);
  EXPECT_DOUBLE_EQ(m.campaigns[0].cost_per_conversion, 12.5);
  EXPECT_EQ(m.campaigns[0].kind, CampaignKind::kOffer);
  EXPECT_EQ(m.campaigns[1].kind, CampaignKind::kCircle);
  EXPECT_EQ(m.campaigns[1].scenes, kSceneFamily);
  EXPECT_EQ(m.campaigns[1].within_days, 14);
  EXPECT_EQ(m.campaigns[2].kind, CampaignKind::kReasonToCall);
  EXPECT_EQ(m.campaigns[2].scenes, kSceneFamily | kSceneFriend);
}

TEST(ModelAdaptiveJson, DefaultsWhenLeftOut) {
  MarketingModel m;
  ASSERT_FALSE(ModelFromJson(json::parse(R"({"channels": [{"id": "app", "slots": ["b"]}],
      "campaigns": [{"id": "c", "product": "p", "slots": ["app/b"]}]})"),
                             &m));
  EXPECT_EQ(m.channels[0].slots[0].ranking, Ranking::kPriority);
  EXPECT_TRUE(m.channels[0].slots[0].learn_by.empty());
  EXPECT_DOUBLE_EQ(m.channels[0].slots[0].exploration, 0.02);
  EXPECT_EQ(m.channels[0].cost_per_contact, 0);
  EXPECT_EQ(m.policy.converted_rest_days, 90);
  EXPECT_EQ(m.campaigns[0].kind, CampaignKind::kOffer);
  EXPECT_EQ(m.campaigns[0].scenes, kSceneAny);
  EXPECT_EQ(m.campaigns[0].within_days, 30);
}

TEST(ModelAdaptiveJson, RoundTripsThroughModelToJson) {
  MarketingModel m;
  ASSERT_FALSE(ModelFromJson(Full(), &m));
  const json out = ModelToJson(m);
  EXPECT_EQ(out["channels"][0]["slots"][0]["ranking"], "adaptive") << out.dump();
  EXPECT_EQ(out["channels"][0]["slots"][0]["learn_by"], json({"young", "wealthy"}));
  EXPECT_EQ(out["channels"][0]["slots"][0]["exploration"], 0.1);
  EXPECT_EQ(out["channels"][0]["slots"][1]["ranking"], "rotation");
  EXPECT_EQ(out["channels"][0]["slots"][2]["ranking"], "random");
  EXPECT_EQ(out["channels"][1]["cost_per_contact"], 0.05);
  EXPECT_EQ(out["policy"]["converted_rest_days"], 45);
  EXPECT_EQ(out["campaigns"][0]["cost_per_conversion"], 12.5);
  EXPECT_EQ(out["campaigns"][1]["kind"], "circle");
  EXPECT_EQ(out["campaigns"][1]["scene"], "family");
  EXPECT_EQ(out["campaigns"][1]["within_days"], 14);
  EXPECT_EQ(out["campaigns"][2]["kind"], "reason_to_call");
  EXPECT_EQ(out["campaigns"][2]["scene"], json({"family", "friend"}));

  MarketingModel back;
  const auto err = ModelFromJson(out, &back);
  ASSERT_FALSE(err) << err->path << ": " << err->message;
  EXPECT_EQ(ModelToJson(back), out);
  EXPECT_EQ(back.channels[0].slots[0].learn_by, m.channels[0].slots[0].learn_by);
  EXPECT_EQ(back.channels[0].slots[0].exploration, m.channels[0].slots[0].exploration);
  EXPECT_EQ(back.channels[0].cost_per_contact, m.channels[0].cost_per_contact);
  EXPECT_EQ(back.campaigns[1].within_days, 14);
  EXPECT_EQ(back.campaigns[2].scenes, m.campaigns[2].scenes);
}

TEST(ModelAdaptiveJson, ErrorsNameTheSlotField) {
  json j = Full();
  j["channels"][0]["slots"][0]["ranking"] = "bandit";
  EXPECT_EQ(Error(j),
            "channels[0].slots[0].ranking: 'bandit' is not one of priority, expected_value, "
            "rotation, random, adaptive");

  j = Full();
  j["channels"][0]["slots"][0]["learn_by"] = "young";
  EXPECT_EQ(Error(j), "channels[0].slots[0].learn_by: expected a list");
  j["channels"][0]["slots"][0]["learn_by"] = json({"young", 3});
  EXPECT_EQ(Error(j), "channels[0].slots[0].learn_by[1]: expected a segment name");
  j["channels"][0]["slots"][0]["learn_by"] = json({"Young Ones"});
  EXPECT_EQ(Error(j), "channels[0].slots[0].learn_by[0]: expected a segment name");
  j["channels"][0]["slots"][0]["learn_by"] = json({"young", "wealthy", "young"});
  EXPECT_EQ(Error(j), "channels[0].slots[0].learn_by[2]: 'young' is listed twice");

  json many = json::array();
  for (size_t i = 0; i <= kMaxLearnSegments; ++i) many.push_back("s" + std::to_string(i));
  j["channels"][0]["slots"][0]["learn_by"] = many;
  EXPECT_EQ(Error(j), "channels[0].slots[0].learn_by[10]: at most 10 segments");
  many.erase(many.end() - 1);  // exactly kMaxLearnSegments is fine
  j["channels"][0]["slots"][0]["learn_by"] = many;
  EXPECT_EQ(Error(j), "");

  j = Full();
  j["channels"][0]["slots"][0]["exploration"] = 1.5;
  EXPECT_EQ(Error(j), "channels[0].slots[0].exploration: must be between 0.0 and 1.0, got 1.5");
  j["channels"][0]["slots"][0]["exploration"] = -0.1;
  EXPECT_EQ(Error(j), "channels[0].slots[0].exploration: must be between 0.0 and 1.0, got -0.1");
  j["channels"][0]["slots"][0]["exploration"] = 1;  // the bounds themselves are fine
  EXPECT_EQ(Error(j), "");
  j["channels"][0]["slots"][0]["exploration"] = 0;
  EXPECT_EQ(Error(j), "");
}

TEST(ModelAdaptiveJson, ErrorsNameTheCampaignAndChannelField) {
  json j = Full();
  j["campaigns"][1]["kind"] = "bundle";
  EXPECT_EQ(Error(j), "campaigns[1].kind: 'bundle' is not one of offer, circle, reason_to_call");
  j = Full();
  j["campaigns"][1]["scene"] = "office";
  EXPECT_EQ(Error(j), "campaigns[1].scene: 'office' is not one of family, work, friend, any");
  j["campaigns"][1]["scene"] = json({"family", "school"});
  EXPECT_EQ(Error(j), "campaigns[1].scene: 'school' is not one of family, work, friend, any");
  j["campaigns"][1]["scene"] = 3;
  EXPECT_EQ(Error(j), "campaigns[1].scene: expected a scene or a list of scenes");
  j = Full();
  j["campaigns"][1]["within_days"] = 0;
  EXPECT_EQ(Error(j), "campaigns[1].within_days: must be between 1 and 365, got 0");
  j = Full();
  j["campaigns"][0]["cost_per_conversion"] = -2;
  EXPECT_EQ(Error(j).rfind("campaigns[0].cost_per_conversion: must be between 0", 0), 0u)
      << Error(j);
  j = Full();
  j["channels"][1]["cost_per_contact"] = -0.05;
  EXPECT_EQ(Error(j).rfind("channels[1].cost_per_contact: must be between 0", 0), 0u) << Error(j);
  EXPECT_NE(Error(j).find("got -0.05"), std::string::npos) << Error(j);
  j = Full();
  j["policy"]["converted_rest_days"] = -1;
  EXPECT_EQ(Error(j), "policy.converted_rest_days: must be between 0 and 3650, got -1");
}

// Compile ----------------------------------------------------------------------------------------

TEST(ModelAdaptiveCompile, LearnByNamingNoSegmentFailsNamingLearnByAndTheKnownSegments) {
  MarketingModel m;
  json j = Full();
  j["channels"][0]["slots"][0]["learn_by"] = json({"young", "nope"});
  j["campaigns"][0]["slots"] = json({"app/turns"});  // no target needs the profile's tags
  ASSERT_FALSE(ModelFromJson(j, &m));  // a saved segment may exist: only the compiler knows
  Roaring young, wealthy;
  young.add(1);
  CompiledModel::Inputs in;
  in.saved_segments = {{"young", &young}, {"wealthy", &wealthy}};
  in.subscribers = 4;
  ContactLedger ledger(4);
  CounterRegistry counters;
  // Only saved segments: a named one would need the profile's tags to evaluate.
  m.segments.clear();
  auto compiled = CompiledModel::Compile(m, in, ledger, counters);
  ASSERT_FALSE(compiled.ok());
  const std::string e = compiled.status().message();
  EXPECT_NE(e.find("learn_by"), std::string::npos) << e;
  EXPECT_NE(e.find("no segment 'nope'"), std::string::npos) << e;
  EXPECT_NE(e.find("segments: young, wealthy"), std::string::npos) << e;
  EXPECT_NE(e.find("app"), std::string::npos) << e;
  EXPECT_NE(e.find("banner"), std::string::npos) << e;

  // The same model with a learn_by that exists compiles, and the slot learns by both.
  m.channels[0].slots[0].learn_by = {"young", "wealthy"};
  auto ok = CompiledModel::Compile(m, in, ledger, counters);
  ASSERT_OK(ok);
  const CompiledSlot* banner = (*ok)->FindSlot("app", "banner");
  ASSERT_NE(banner, nullptr);
  EXPECT_EQ(banner->learn_bits.size(), 2u);
  EXPECT_EQ((*ok)->Cell(1, *banner), 1u);
  EXPECT_EQ((*ok)->Cell(2, *banner), 0u);
}

// YAML -------------------------------------------------------------------------------------------

TEST(ModelAdaptiveYaml, ABadLearnByEntryIsReportedAtItsLineAndColumn) {
  const std::string yaml =
      "channels:\n"                                      // 1
      "  - id: app\n"                                    // 2
      "    slots:\n"                                     // 3
      "      - id: banner\n"                             // 4
      "        ranking: adaptive\n"                      // 5
      "        learn_by:\n"                              // 6
      "          - young\n"                              // 7
      "          - young\n"                              // 8
      "campaigns:\n"                                     // 9
      "  - {id: c, product: p, slots: [app/banner]}\n";  // 10
  auto r = ParseMarketingConfig(yaml, "m.yaml");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "m.yaml:8:13: channels[0].slots[0].learn_by[1]: 'young' is listed twice");

  auto flow = ParseMarketingConfig(
      "channels:\n  - id: app\n    slots:\n      - {id: banner, learn_by: [young, 7]}\n", "f.yaml");
  ASSERT_FALSE(flow.ok());
  EXPECT_EQ(flow.status().message(),
            "f.yaml:4:40: channels[0].slots[0].learn_by[1]: expected a segment name");

  auto good = ParseMarketingConfig(
      "channels:\n  - id: app\n    slots:\n"
      "      - {id: banner, ranking: adaptive, learn_by: [young], exploration: 0.05}\n",
      "g.yaml");
  ASSERT_OK(good);
  EXPECT_EQ(good->channels[0].slots[0].learn_by, std::vector<std::string>{"young"});
  EXPECT_DOUBLE_EQ(good->channels[0].slots[0].exploration, 0.05);
}

}  // namespace
}  // namespace ripple::decide
