// `ripple serve`'s administration end to end, over real sockets on a small simulated world:
// what each role may do, the marketing model's CRUD with its audit trail, what survives a
// restart, and `ripple push` (token-checked, under the SMS daily cap).
#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <set>

#include "cli/decision_test_support.h"

namespace ripple::testing::decision {
namespace {

class DecisionAdmin : public DecisionFixture {};

bool Lists(const json& entries, const std::string& campaign, const std::string& key,
           const std::string& value) {
  for (const json& e : entries) {
    if (e.value("campaign", "") == campaign && e.value(key, "") == value) return true;
  }
  return false;
}

TEST_F(DecisionAdmin, EachRoleMayDoOnlyItsOwnActions) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  const std::string m = Subscribers(*root_, 1).at(0);
  const std::string decision = "/v1/decision?msisdn=" + m + "&channel=app&slot=home_banner";

  EXPECT_EQ(Http(port, "GET", decision).status, 401);
  EXPECT_EQ(Http(port, "GET", decision, "unknown-token-0123456789").status, 401);
  EXPECT_EQ(Http(port, "GET", "/v1/campaigns").status, 401);

  // channel: decisions and feedback only.
  const Response d = Http(port, "GET", decision, kChannel);
  ASSERT_EQ(d.status, 200) << d.raw;
  const Response fb = Feedback(port, "00000000deadbeef", "impression", kChannel);
  EXPECT_EQ(fb.status, 404) << fb.raw;  // allowed: the id is unknown, not the role refused
  EXPECT_EQ(Http(port, "GET", "/v1/campaigns", kChannel).status, 403);
  EXPECT_EQ(Http(port, "GET", "/v1/subscribers/" + m, kChannel).status, 403);

  // analyst: reads subscribers and reports.
  const Response campaigns = Http(port, "GET", "/v1/campaigns", kAnalyst);
  EXPECT_EQ(campaigns.status, 200) << campaigns.raw;
  EXPECT_TRUE(campaigns.Json().is_array()) << campaigns.body;
  EXPECT_EQ(Http(port, "GET", "/v1/subscribers/" + m, kAnalyst).status, 200);
  EXPECT_EQ(Http(port, "POST", "/v1/campaigns", kAnalyst, TestOffer().dump()).status, 403);
  EXPECT_EQ(Http(port, "GET", decision, kAnalyst).status, 403);
  EXPECT_EQ(Feedback(port, "00000000deadbeef", "impression", kAnalyst).status, 403);

  // marketer: everything but export.
  const Response created = Http(port, "POST", "/v1/campaigns", kMarketer, TestOffer().dump());
  EXPECT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(Http(port, "GET", "/v1/push?channel=sms&date=2026-11-05", kMarketer).status, 403);

  // admin: the push list, raw numbers as CSV.
  const Response push = Http(port, "GET", "/v1/push?channel=sms&date=2026-11-05", kAdmin);
  ASSERT_EQ(push.status, 200) << push.raw;
  EXPECT_EQ(push.content_type, "text/csv");
  EXPECT_TRUE(push.body.starts_with("msisdn,campaign,product,copy,decision_id\n")) << push.body;
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionAdmin, CampaignCrudChangesDecisionsAndIsAudited) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  const std::string m = Subscribers(*root_, 1).at(0);
  auto version = [&] { return Http(port, "GET", "/v1/model", kAnalyst).Json()["version"]; };
  ASSERT_EQ(version(), 1);

  const Response created = Http(port, "POST", "/v1/campaigns", kMarketer, TestOffer().dump());
  ASSERT_EQ(created.status, 201) << created.raw;
  EXPECT_EQ(created.Json()["id"], "test_offer");
  // Priority 500 and no control share: the next web/hall_banner decision picks it.
  const Response picked = Decide(port, m, "web", "hall_banner");
  ASSERT_EQ(picked.status, 200) << picked.raw;
  EXPECT_EQ(picked.Json()["campaign"], "test_offer") << picked.body;
  EXPECT_EQ(picked.Json()["explain"]["winner"]["campaign"], "test_offer") << picked.body;

  const Response paused = Http(port, "PUT", "/v1/campaigns/test_offer/state", kMarketer,
                               std::string(R"({"state":"paused"})"));
  ASSERT_EQ(paused.status, 200) << paused.raw;
  EXPECT_EQ(paused.Json()["state"], "paused") << paused.body;
  const Response after = Decide(port, m, "web", "hall_banner");
  ASSERT_EQ(after.status, 200) << after.raw;
  EXPECT_NE(after.Json()["campaign"], "test_offer") << after.body;
  EXPECT_TRUE(Lists(after.Json()["explain"]["not_eligible"], "test_offer", "reason", "not_active"))
      << after.body;
  ASSERT_EQ(version(), 3);

  // Changes that do not compile are 400s naming the field, and change nothing.
  json bad_slot = TestOffer("bad_slot_offer");
  bad_slot["slots"] = {"web/nope"};
  const Response r1 = Http(port, "POST", "/v1/campaigns", kMarketer, bad_slot.dump());
  EXPECT_EQ(r1.status, 400) << r1.raw;
  EXPECT_EQ(r1.Json().value("field", ""), "slots[0]") << r1.body;
  EXPECT_NE(r1.Json().value("error", "").find("slots[0]"), std::string::npos) << r1.body;
  json bad_target = TestOffer("bad_target_offer");
  bad_target["target"] = "agee > 3";
  const Response r2 = Http(port, "POST", "/v1/campaigns", kMarketer, bad_target.dump());
  EXPECT_EQ(r2.status, 400) << r2.raw;
  const std::string target_error = r2.Json().value("error", "");
  EXPECT_NE(target_error.find("target"), std::string::npos) << r2.body;
  EXPECT_NE(target_error.find("unknown tag 'agee'"), std::string::npos) << r2.body;
  EXPECT_EQ(r2.Json().value("field", ""), "target") << r2.body;
  EXPECT_EQ(version(), 3);
  EXPECT_EQ(Http(port, "GET", "/v1/campaigns/bad_slot_offer", kAnalyst).status, 404);
  EXPECT_EQ(Http(port, "GET", "/v1/campaigns/bad_target_offer", kAnalyst).status, 404);

  // The audit: newest first, versions increasing towards the top, who is role:fingerprint.
  const Response audit = Http(port, "GET", "/v1/audit", kAnalyst);
  ASSERT_EQ(audit.status, 200) << audit.raw;
  const json a = audit.Json();
  ASSERT_TRUE(a.is_array()) << audit.body;
  ASSERT_EQ(a.size(), 3u) << audit.body;
  for (size_t i = 1; i < a.size(); ++i) {
    EXPECT_GT(a[i - 1]["version"].get<int>(), a[i]["version"].get<int>()) << audit.body;
  }
  const std::regex marketer("^marketer:[0-9a-f]{4}$");
  EXPECT_EQ(a[0]["version"], 3);
  EXPECT_TRUE(std::regex_match(a[0]["who"].get<std::string>(), marketer)) << audit.body;
  EXPECT_NE(a[0]["action"].get<std::string>().find("test_offer"), std::string::npos);
  EXPECT_NE(a[0]["action"].get<std::string>().find("paused"), std::string::npos);
  EXPECT_EQ(a[1]["version"], 2);
  EXPECT_TRUE(std::regex_match(a[1]["who"].get<std::string>(), marketer)) << audit.body;
  EXPECT_EQ(a[1]["action"], "create campaign test_offer") << audit.body;
  EXPECT_EQ(a[1]["who"], a[0]["who"]);  // the same token
  EXPECT_EQ(a[2]["version"], 1);
  EXPECT_EQ(a[2]["who"], "config");
  EXPECT_EQ(version(), a[0]["version"]);
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionAdmin, RestartKeepsModelDecisionsFeedbackAndCaps) {
  std::string capped, decision_id;
  int model_version = 0;
  {
    auto serve = StartServer();
    ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
    const uint16_t port = serve->port();
    ASSERT_EQ(Http(port, "POST", "/v1/campaigns", kMarketer, TestOffer().dump()).status, 201);
    model_version = Http(port, "GET", "/v1/model", kAnalyst).Json()["version"];
    ASSERT_EQ(model_version, 2);
    // Someone who hits the app's daily cap of 3 shown offers.
    for (const std::string& m : Subscribers(*root_, 50)) {
      int shown = 0;
      for (int i = 0; i < 10 && shown < 3; ++i) {
        const Response r = Decide(port, m, "app", "home_banner");
        ASSERT_EQ(r.status, 200) << r.raw;
        if (!r.Json()["campaign"].is_null()) ++shown;
        if (i == 0 && shown == 0) break;  // control: never a contact
      }
      if (shown == 3) {
        capped = m;
        break;
      }
    }
    ASSERT_FALSE(capped.empty());
    const Response d = Decide(port, capped, "web", "hall_banner");
    ASSERT_EQ(d.status, 200) << d.raw;
    ASSERT_EQ(d.Json()["campaign"], "test_offer") << d.body;
    decision_id = d.Json()["decision_id"];
    EXPECT_EQ(Feedback(port, decision_id, "click").Json()["status"], "recorded");
    EXPECT_EQ(serve->Stop(), 0);
  }
  auto serve = StartServer();  // the same snapshot and decide state
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  const json model = Http(port, "GET", "/v1/model", kAnalyst).Json();
  EXPECT_EQ(model["version"], model_version);
  bool has_offer = false;
  for (const json& c : model["campaigns"]) has_offer |= c["id"] == "test_offer";
  EXPECT_TRUE(has_offer) << model.dump();

  const Response past = Http(port, "GET", "/v1/decisions/" + decision_id, kAnalyst);
  ASSERT_EQ(past.status, 200) << past.raw;
  EXPECT_EQ(past.Json()["decision_id"], decision_id) << past.body;
  EXPECT_EQ(past.Json()["campaign"], "test_offer") << past.body;
  EXPECT_EQ(past.Json()["channel"], "web") << past.body;
  const Response fb = Feedback(port, decision_id, "click");
  ASSERT_EQ(fb.status, 200) << fb.raw;
  EXPECT_EQ(fb.Json()["status"], "duplicate") << fb.body;

  const Response capped_now = Decide(port, capped, "app", "home_banner");
  ASSERT_EQ(capped_now.status, 200) << capped_now.raw;
  const json j = capped_now.Json();
  EXPECT_TRUE(j["campaign"].is_null()) << capped_now.body;
  ASSERT_FALSE(j["explain"]["filtered"].empty()) << capped_now.body;
  for (const json& f : j["explain"]["filtered"]) EXPECT_EQ(f["rule"], "channel_cap");
  EXPECT_NE(j["decision_id"], decision_id);  // ids are not reused after a restart
  EXPECT_EQ(serve->Stop(), 0);
}

// Sets an environment variable for the scope (children of RunRipple inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST_F(DecisionAdmin, PushNeedsAnAdminTokenAndKeepsTheSmsDailyCap) {
  // Never the server's decide state: `ripple push` opens its own.
  const std::vector<std::string> base = {"push",
                                         "--snapshot",
                                         Out(),
                                         "--config",
                                         kConfig,
                                         "--channel",
                                         "sms",
                                         "--date",
                                         "2026-11-05",
                                         "--decide-state",
                                         dir_ / "push-state"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  ::unsetenv("RIPPLE_TOKEN");
  const CommandResult open = RunRipple(with({"--out", dir_ / "open.csv"}));
  EXPECT_NE(open.exit_code, 0);
  EXPECT_NE(open.err.find("raw numbers"), std::string::npos) << open.err;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "open.csv"));
  {
    ScopedEnv token("RIPPLE_TOKEN", kMarketer);
    const CommandResult r =
        RunRipple(with({"--tokens", dir_ / "tokens.csv", "--out", dir_ / "marketer.csv"}));
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find("role 'marketer'"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir_ / "marketer.csv"));
  }
  ScopedEnv token("RIPPLE_TOKEN", kAdmin);
  const CommandResult first =
      RunRipple(with({"--tokens", dir_ / "tokens.csv", "--out", dir_ / "first.csv"}));
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto lines = ReadLines(dir_ / "first.csv");
  ASSERT_GE(lines.size(), 2u) << first.out;
  EXPECT_EQ(lines[0], "msisdn,campaign,product,copy,decision_id");
  const std::regex hex16("^[0-9a-f]{16}$");
  std::set<std::string> listed;
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = SplitCsv(lines[i]);
    ASSERT_EQ(f.size(), 5u) << lines[i];
    EXPECT_TRUE(std::regex_match(f[4], hex16)) << lines[i];
    EXPECT_TRUE(listed.insert(f[0]).second) << "listed twice: " << f[0];
  }
  // The same day again: everyone listed reached the SMS daily cap of 1.
  const CommandResult second =
      RunRipple(with({"--tokens", dir_ / "tokens.csv", "--out", dir_ / "second.csv"}));
  ASSERT_EQ(second.exit_code, 0) << second.err;
  const auto again = ReadLines(dir_ / "second.csv");
  ASSERT_GE(again.size(), 1u);
  EXPECT_EQ(again[0], "msisdn,campaign,product,copy,decision_id");
  for (size_t i = 1; i < again.size(); ++i) {
    EXPECT_EQ(listed.count(SplitCsv(again[i])[0]), 0u) << "listed again the same day: " << again[i];
  }
  EXPECT_NE(second.out.find("channel_cap"), std::string::npos) << second.out;
}

TEST_F(DecisionAdmin, OptOutTakenThroughTheApiIsHonouredAndSurvivesARestart) {
  const std::string m = Subscribers(*root_, 7).back();
  {
    auto serve = StartServer();
    ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
    const uint16_t port = serve->port();
    // A channel may not opt people out; an admin may, for one channel.
    EXPECT_EQ(Http(port, "POST", "/v1/policy/opt-out", kChannel,
                   json{{"msisdn", m}, {"channel", "web"}}.dump())
                  .status,
              403);
    const Response bad = Http(port, "POST", "/v1/policy/opt-out", kAdmin,
                              json{{"msisdn", m}, {"channel", "nope"}}.dump());
    EXPECT_EQ(bad.status, 400) << bad.raw;
    EXPECT_EQ(bad.Json().value("field", ""), "channel");
    ASSERT_EQ(Http(port, "POST", "/v1/policy/opt-out", kAdmin,
                   json{{"msisdn", m}, {"channel", "web"}}.dump())
                  .status,
              200);
    const json d = Decide(port, m, "web", "hall_banner").Json();
    EXPECT_TRUE(d["campaign"].is_null()) << d.dump();
    for (const json& f : d["explain"]["filtered"]) EXPECT_EQ(f["rule"], "opted_out") << d.dump();
    EXPECT_FALSE(d["explain"]["filtered"].empty()) << d.dump();
    EXPECT_EQ(serve->Stop(), 0);
  }
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const json d = Decide(serve->port(), m, "web", "hall_banner").Json();
  EXPECT_TRUE(d["campaign"].is_null()) << d.dump();
  ASSERT_FALSE(d["explain"]["filtered"].empty()) << d.dump();
  EXPECT_EQ(d["explain"]["filtered"][0]["rule"], "opted_out") << d.dump();
}

}  // namespace
}  // namespace ripple::testing::decision
