// `ripple serve`'s decision API end to end, over real sockets on a small simulated world:
// decisions with explanations, everyone eligible on the app's home banner, the channel's daily
// cap, feedback (idempotent, a dismiss rests the campaign) and malformed requests.
#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>

#include "cli/decision_test_support.h"

namespace ripple::testing::decision {
namespace {

class DecisionApi : public DecisionFixture {};

bool HasRule(const json& explain, const std::string& campaign, const std::string& rule) {
  for (const json& f : explain["filtered"]) {
    if (f.value("campaign", "") == campaign && f.value("rule", "") == rule) return true;
  }
  return false;
}

TEST_F(DecisionApi, DecisionHasIdCampaignProductCreativeAndExplanation) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const std::regex hex16("^[0-9a-f]{16}$");
  bool shown_checked = false, control_checked = false;
  for (const std::string& m : Subscribers(*root_, 300)) {
    const Response r = Decide(serve->port(), m, "app", "home_banner");
    ASSERT_EQ(r.status, 200) << r.raw;
    const json j = r.Json();
    ASSERT_TRUE(j.is_object()) << r.body;
    ASSERT_TRUE(j.contains("decision_id")) << r.body;
    EXPECT_TRUE(std::regex_match(j["decision_id"].get<std::string>(), hex16)) << r.body;
    EXPECT_EQ(j["msisdn"], m);
    const json& e = j["explain"];
    for (const char* key : {"eligible", "filtered", "not_eligible", "winner", "summary"}) {
      ASSERT_TRUE(e.contains(key)) << key << " missing in " << r.body;
    }
    EXPECT_TRUE(e["eligible"].is_array() && e["filtered"].is_array() &&
                e["not_eligible"].is_array() && e["summary"].is_string())
        << r.body;
    if (!j["campaign"].is_null() && !shown_checked) {
      shown_checked = true;
      const json& p = j["product"];
      ASSERT_TRUE(p.is_object()) << r.body;
      EXPECT_TRUE(p["id"].is_string() && !p["id"].get<std::string>().empty()) << r.body;
      EXPECT_TRUE(p["name"].is_string() && !p["name"].get<std::string>().empty()) << r.body;
      EXPECT_TRUE(p["price"].is_number() && p["price"].get<double>() > 0) << r.body;
      const json& c = j["creative"];
      ASSERT_TRUE(c.is_object()) << r.body;
      EXPECT_TRUE(c["image"].is_string() && !c["image"].get<std::string>().empty()) << r.body;
      EXPECT_TRUE(c["copy"].is_string() && !c["copy"].get<std::string>().empty()) << r.body;
      ASSERT_TRUE(e["winner"].is_object()) << r.body;
      EXPECT_EQ(e["winner"]["campaign"], j["campaign"]) << r.body;
      EXPECT_EQ(e["winner"]["control"], false) << r.body;
      bool winner_eligible = false;
      for (const json& x : e["eligible"]) {
        if (x["campaign"] == j["campaign"] && x["result"] == "winner") winner_eligible = true;
      }
      EXPECT_TRUE(winner_eligible) << r.body;
      // Without explain=1 there is no explanation, the offer is the same kind of answer.
      const Response plain =
          Http(serve->port(), "GET", "/v1/decision?msisdn=" + m + "&channel=app&slot=home_banner",
               kChannel);
      ASSERT_EQ(plain.status, 200) << plain.raw;
      EXPECT_FALSE(plain.Json().contains("explain")) << plain.body;
    }
    if (j["campaign"].is_null() && !control_checked) {
      // Everyone is eligible on app/home_banner: the only offer-less first decision is control.
      control_checked = true;
      ASSERT_TRUE(e["winner"].is_object()) << r.body;
      EXPECT_EQ(e["winner"]["control"], true) << r.body;
      EXPECT_FALSE(j.contains("product")) << r.body;
      EXPECT_FALSE(j.contains("creative")) << r.body;
    }
    if (shown_checked && control_checked) break;
  }
  EXPECT_TRUE(shown_checked) << "no subscriber was shown an offer";
  EXPECT_TRUE(control_checked) << "no subscriber was held out as control";
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionApi, EverySubscriberIsEligibleOnTheAppHomeBanner) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const auto subscribers = Subscribers(*root_, 200);
  ASSERT_EQ(subscribers.size(), 200u);
  for (const std::string& m : subscribers) {
    const Response r = Decide(serve->port(), m, "app", "home_banner");
    ASSERT_EQ(r.status, 200) << r.raw;
    const json e = r.Json()["explain"];
    EXPECT_TRUE(!e["eligible"].empty() || !e["filtered"].empty()) << m << ": " << r.body;
    EXPECT_NE(e["summary"], "no campaign on this slot applies") << m << ": " << r.body;
  }
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionApi, AppDailyCapOfThreeFiltersFurtherOffers) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  // A subscriber whose first decision shows an offer (control decisions are no contacts).
  std::string msisdn;
  int shown = 0;
  for (const std::string& m : Subscribers(*root_, 50)) {
    const Response r = Decide(serve->port(), m, "app", "home_banner");
    ASSERT_EQ(r.status, 200) << r.raw;
    if (!r.Json()["campaign"].is_null()) {
      msisdn = m;
      shown = 1;
      break;
    }
  }
  ASSERT_FALSE(msisdn.empty());
  for (int i = 0; i < 30 && shown < 3; ++i) {
    const Response r = Decide(serve->port(), msisdn, "app", "home_banner");
    ASSERT_EQ(r.status, 200) << r.raw;
    if (!r.Json()["campaign"].is_null()) ++shown;
  }
  ASSERT_EQ(shown, 3);
  for (int i = 0; i < 3; ++i) {  // the 4th..6th
    const Response r = Decide(serve->port(), msisdn, "app", "home_banner");
    ASSERT_EQ(r.status, 200) << r.raw;
    const json j = r.Json();
    EXPECT_TRUE(j["campaign"].is_null()) << r.body;
    const json& filtered = j["explain"]["filtered"];
    ASSERT_FALSE(filtered.empty()) << r.body;
    for (const json& f : filtered) EXPECT_EQ(f["rule"], "channel_cap") << r.body;
    EXPECT_TRUE(j["explain"]["eligible"].empty()) << r.body;
    EXPECT_TRUE(j["explain"]["winner"].is_null()) << r.body;
  }
  // The cap is per channel: the web still shows an offer.
  const Response web = Decide(serve->port(), msisdn, "web", "hall_banner");
  ASSERT_EQ(web.status, 200) << web.raw;
  const json web_json = web.Json();  // a temporary's member would dangle in the loop
  for (const json& f : web_json["explain"]["filtered"]) {
    EXPECT_NE(f["rule"], "channel_cap") << web.body;
  }
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionApi, FeedbackIsIdempotentAndADismissRestsTheCampaign) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  std::string msisdn, id, campaign;
  for (const std::string& m : Subscribers(*root_, 50)) {
    const json j = Decide(serve->port(), m, "web", "hall_banner").Json();
    if (j.contains("campaign") && !j["campaign"].is_null()) {
      msisdn = m;
      id = j["decision_id"];
      campaign = j["campaign"];
      break;
    }
  }
  ASSERT_FALSE(id.empty()) << "no offer on web/hall_banner";

  const Response first = Feedback(serve->port(), id, "impression");
  ASSERT_EQ(first.status, 200) << first.raw;
  EXPECT_EQ(first.Json()["status"], "recorded") << first.body;
  EXPECT_EQ(first.Json()["campaign"], campaign) << first.body;
  const Response again = Feedback(serve->port(), id, "impression");
  ASSERT_EQ(again.status, 200) << again.raw;
  EXPECT_EQ(again.Json()["status"], "duplicate") << again.body;
  const Response metrics = Http(serve->port(), "GET", "/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(Metric(metrics.body, "ripple_feedback_total"), 1) << metrics.body;
  EXPECT_EQ(Metric(metrics.body, "ripple_feedback_duplicates_total"), 1) << metrics.body;

  const Response dismiss = Feedback(serve->port(), id, "dismiss");
  ASSERT_EQ(dismiss.status, 200) << dismiss.raw;
  EXPECT_EQ(dismiss.Json()["status"], "recorded") << dismiss.body;
  const Response next = Decide(serve->port(), msisdn, "web", "hall_banner");
  ASSERT_EQ(next.status, 200) << next.raw;
  const json j = next.Json();
  EXPECT_NE(j["campaign"], campaign) << next.body;
  EXPECT_TRUE(HasRule(j["explain"], campaign, "resting")) << next.body;
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionApi, CampaignReportCountsShownOutcomesAndTheControlArm) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  // Decisions on web/hall_banner for 60 people: some shown, some held out as control.
  std::map<std::string, std::pair<int, int>> by_campaign;  // shown, held out
  std::string shown_id, shown_campaign, control_id, control_campaign;
  for (const std::string& m : Subscribers(*root_, 60)) {
    const json j = Decide(port, m, "web", "hall_banner").Json();
    const json& w = j["explain"]["winner"];
    if (w.is_null()) continue;
    const std::string c = w["campaign"];
    if (w["control"] == true) {
      ++by_campaign[c].second;
      if (control_id.empty()) {
        control_id = j["decision_id"];
        control_campaign = c;
      }
    } else {
      ++by_campaign[c].first;
      if (shown_id.empty()) {
        shown_id = j["decision_id"];
        shown_campaign = c;
      }
    }
  }
  ASSERT_FALSE(shown_id.empty());
  ASSERT_EQ(Feedback(port, shown_id, "impression").status, 200);
  ASSERT_EQ(Feedback(port, shown_id, "click").status, 200);
  ASSERT_EQ(Feedback(port, shown_id, "convert").status, 200);
  if (!control_id.empty()) {
    ASSERT_EQ(Feedback(port, control_id, "convert").status, 200);
  }

  EXPECT_EQ(Http(port, "GET", "/v1/reports/campaigns", kChannel).status, 403);
  EXPECT_EQ(Http(port, "GET", "/v1/reports/campaigns?confidence=2", kAnalyst).status, 400);
  const Response r = Http(port, "GET", "/v1/reports/campaigns", kAnalyst);
  ASSERT_EQ(r.status, 200) << r.raw;
  std::map<std::string, json> report;
  for (const json& row : r.Json()) report[row["campaign"]] = row;
  for (const auto& [c, counts] : by_campaign) {
    ASSERT_TRUE(report.count(c)) << c << " " << r.body;
    EXPECT_EQ(report[c]["shown"], counts.first) << c;
    EXPECT_EQ(report[c]["control"]["held_out"], counts.second) << c;
  }
  const json& row = report[shown_campaign];
  EXPECT_EQ(row["impressions"], 1);
  EXPECT_EQ(row["clicks"], 1);
  EXPECT_EQ(row["conversions"], 1);
  EXPECT_DOUBLE_EQ(row["ctr"].get<double>(), 1.0);
  EXPECT_GT(row["revenue"].get<double>(), 0);
  if (!control_id.empty()) {
    EXPECT_EQ(report[control_campaign]["control"]["conversions"], 1);
    EXPECT_FALSE(report[control_campaign]["uplift"].is_null());
  }
  EXPECT_EQ(serve->Stop(), 0);
}

TEST_F(DecisionApi, MalformedRequestsAre4xxNamingTheFieldAndTheServerStaysUp) {
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  const std::string m = Subscribers(*root_, 1).at(0);
  auto expect = [&](const Response& r, int status, const std::string& field, const char* what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.raw;
    EXPECT_EQ(r.content_type, "application/json") << what << ": " << r.raw;
    const json j = r.Json();
    ASSERT_TRUE(j.is_object()) << what << ": " << r.body;
    EXPECT_TRUE(j.contains("error") && j["error"].is_string()) << what << ": " << r.body;
    if (!field.empty()) {
      EXPECT_EQ(j.value("field", ""), field) << what << ": " << r.body;
    }
  };
  expect(Http(port, "GET", "/v1/decision?channel=app&slot=home_banner", kChannel), 400, "msisdn",
         "missing msisdn");
  expect(Http(port, "GET", "/v1/decision?msisdn=abc&channel=app&slot=home_banner", kChannel), 400,
         "msisdn", "not a number");
  expect(
      Http(port, "GET", "/v1/decision?msisdn=19900000001&channel=app&slot=home_banner", kChannel),
      404, "msisdn", "unknown subscriber");
  expect(Http(port, "GET", "/v1/decision?msisdn=" + m + "&channel=tv&slot=home_banner", kChannel),
         404, "channel", "unknown channel");
  expect(Http(port, "GET", "/v1/decision?msisdn=" + m + "&channel=app&slot=nope", kChannel), 404,
         "slot", "unknown slot");
  expect(Http(port, "POST", "/v1/feedback", kChannel, std::string("this is not json")), 400, "",
         "feedback body not JSON");
  expect(Feedback(port, "00000000deadbeef", "impression"), 404, "decision_id",
         "unknown decision id");
  expect(Feedback(port, "00000000deadbeef", "liked"), 400, "event", "bad event");
  expect(Http(port, "POST", "/v1/decision?msisdn=" + m + "&channel=app&slot=home_banner", kChannel,
              std::string("")),
         405, "", "POST on /v1/decision");
  expect(Http(port, "GET", "/v1/feedback", kChannel), 405, "", "GET on /v1/feedback");

  const Response health = Http(port, "GET", "/healthz");
  EXPECT_EQ(health.status, 200) << health.raw;
  EXPECT_EQ(health.Json()["status"], "ok") << health.body;
  // And it still decides.
  EXPECT_EQ(Decide(port, m, "app", "home_banner").status, 200);
  EXPECT_EQ(serve->Stop(), 0);
}

}  // namespace
}  // namespace ripple::testing::decision
