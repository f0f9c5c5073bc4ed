// Adaptive ranking through `ripple serve`, over real sockets on the small simulated world: the
// model's channels show the slot's ranking and learn_by; decisions and posted conversions count
// on the arms per campaign and cell; a graceful stop saves the arms and a restart on the same
// decide state explains a decision with the same shows and conversions as before.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "cli/decision_test_support.h"

namespace ripple::testing::decision {
namespace {

// app/home_banner adaptive with no exploration (every decision is a Thompson draw), learning by a
// named segment of the model and a saved one of config/segments.yaml: four cells.
constexpr char kMarketing[] = R"(channels:
  - id: app
    daily_cap: 3
    slots:
      - {id: home_banner, hours: "00:00-24:00", ranking: adaptive, learn_by: [young, app_first],
         exploration: 0}
policy:
  weekly_cap: 10
  converted_rest_days: 60
segments:
  - {name: young, expr: "age < 30"}
campaigns:
  - {id: small_data, product: DP1G, slots: [app/home_banner], state: active}
  - {id: big_data, product: DP5G, slots: [app/home_banner], state: active}
  - {id: minutes, product: VOICE300, slots: [app/home_banner], state: active}
)";

class DecisionAdaptive : public DecisionFixture {
 protected:
  void SetUp() override {
    DecisionFixture::SetUp();
    WriteFile(dir_ / "marketing.yaml", kMarketing);
  }
  std::unique_ptr<RippleServer> StartAdaptiveServer() {
    return std::make_unique<RippleServer>(
        std::vector<std::string>{"serve", "--snapshot", *root_ + "/out", "--config", kConfig,
                                 "--marketing", dir_ / "marketing.yaml", "--tokens",
                                 dir_ / "tokens.csv", "--port", "0", "--decide-state",
                                 dir_ / "decide-state"},
        dir_ / "serve.log");
  }
};

// What a winner's "why" says of its arm: the cell, the shows and the conversions.
struct ArmText {
  int cell = -1;
  int64_t shows = -1, conversions = -1;
};
ArmText ParseWhy(const std::string& why) {
  static const std::regex re(
      "its conversion rate in cell ([0-9]+) is [0-9.e+-]+ on average after ([0-9]+) shows and "
      "([0-9]+) conversions");
  std::smatch m;
  ArmText t;
  if (std::regex_search(why, m, re)) {
    t.cell = std::stoi(m[1]);
    t.shows = std::stoll(m[2]);
    t.conversions = std::stoll(m[3]);
  }
  return t;
}

TEST_F(DecisionAdaptive, ChannelsShowTheRankingAndLearnBy) {
  auto serve = StartAdaptiveServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const Response r = Http(serve->port(), "GET", "/v1/channels", kAnalyst);
  ASSERT_EQ(r.status, 200) << r.raw;
  const json channels = r.Json();
  ASSERT_TRUE(channels.is_array()) << r.body;
  ASSERT_EQ(channels.size(), 1u) << r.body;
  const json& slot = channels[0]["slots"][0];
  EXPECT_EQ(slot["id"], "home_banner") << r.body;
  EXPECT_EQ(slot["ranking"], "adaptive") << r.body;
  EXPECT_EQ(slot["learn_by"], json({"young", "app_first"})) << r.body;
  EXPECT_EQ(slot["exploration"], 0) << r.body;
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionAdaptive, ArmsSurviveARestartAndExplainTheSameCounts) {
  std::string watched;  // a converted decision whose explanation is compared across the restart
  ArmText before;
  std::map<std::pair<std::string, int>, int64_t> shows, conversions;  // by (campaign, cell)
  {
    auto serve = StartAdaptiveServer();
    ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
    const uint16_t port = serve->port();
    int i = 0;
    for (const std::string& m : Subscribers(*root_, 60)) {
      const Response r = Decide(port, m, "app", "home_banner");
      ASSERT_EQ(r.status, 200) << r.raw;
      const json j = r.Json();
      ASSERT_TRUE(j["campaign"].is_string()) << r.body;  // no control share, no cap reached
      const std::string why = j["explain"]["winner"]["why"];
      const ArmText t = ParseWhy(why);
      ASSERT_GE(t.cell, 0) << why;
      const auto key = std::make_pair(j["campaign"].get<std::string>(), t.cell);
      ++shows[key];
      EXPECT_EQ(t.shows, shows[key]) << why;  // this decision's show is counted already
      EXPECT_EQ(t.conversions, conversions[key]) << why;
      if (i++ % 3 == 0) {
        const std::string id = j["decision_id"].get<std::string>();
        const Response fb = Feedback(port, id, "convert");
        ASSERT_EQ(fb.status, 200) << fb.raw;
        ASSERT_EQ(fb.Json()["status"], "recorded") << fb.body;
        ++conversions[key];
        // Posted twice by a retrying channel: counted once.
        ASSERT_EQ(Feedback(port, id, "convert").Json()["status"], "duplicate");
        watched = id;
      }
    }
    ASSERT_FALSE(watched.empty());
    const Response past = Http(port, "GET", "/v1/decisions/" + watched, kAnalyst);
    ASSERT_EQ(past.status, 200) << past.raw;
    const std::string why = past.Json()["explain"]["winner"]["why"];
    before = ParseWhy(why);
    const auto key = std::make_pair(past.Json()["campaign"].get<std::string>(), before.cell);
    ASSERT_GE(before.cell, 0) << why;
    EXPECT_EQ(before.shows, shows[key]) << why;
    EXPECT_EQ(before.conversions, conversions[key]) << why;
    EXPECT_GE(before.conversions, 1) << why;
    EXPECT_EQ(serve->Stop(), 0);  // graceful: the arms are written
  }
  auto serve = StartAdaptiveServer();  // the same snapshot and decide state
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  const Response past = Http(port, "GET", "/v1/decisions/" + watched, kAnalyst);
  ASSERT_EQ(past.status, 200) << past.raw;
  const std::string why = past.Json()["explain"]["winner"]["why"];
  const ArmText after = ParseWhy(why);
  EXPECT_EQ(after.cell, before.cell) << why;
  EXPECT_EQ(after.shows, before.shows) << why;
  EXPECT_EQ(after.conversions, before.conversions) << why;
  // Still counted once after the restart: the feedback marks are durable too.
  EXPECT_EQ(Feedback(port, watched, "convert").Json()["status"], "duplicate");
  const Response again = Http(port, "GET", "/v1/decisions/" + watched, kAnalyst);
  EXPECT_EQ(ParseWhy(again.Json()["explain"]["winner"]["why"].get<std::string>()).conversions,
            before.conversions);
  EXPECT_EQ(serve->Stop(), 0);
}

}  // namespace
}  // namespace ripple::testing::decision
