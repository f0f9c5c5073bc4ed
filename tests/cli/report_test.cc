// `ripple report` on a small store of known history (tests/feedback/evaluation_world.h): the
// aligned table and its header, CSV figure by figure, product prices from the data folder, bad
// flags (exit 2), a report beside another handle that holds the store; and
// GET /v1/reports/campaigns with its grouping, dates and errors on a live server, which the
// command reads beside it and agrees with.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "cli/decision_test_support.h"
#include "feedback/evaluation_world.h"

namespace ripple::testing {
namespace {

using feedback::testing::EvaluationWorld;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// The line whose first word is `first` ("" when none).
std::string LineStarting(const std::string& text, const std::string& first) {
  for (const std::string& line : Lines(text)) {
    if (line.rfind(first + " ", 0) == 0) return line;
  }
  return "";
}

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// CSV rows as maps from the header's names.
std::vector<std::map<std::string, std::string>> CsvRows(const std::string& text) {
  const auto lines = Lines(text);
  std::vector<std::map<std::string, std::string>> rows;
  if (lines.empty()) return rows;
  const auto header = SplitCsv(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto cells = SplitCsv(lines[i]);
    EXPECT_EQ(cells.size(), header.size()) << lines[i];
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < header.size() && c < cells.size(); ++c) row[header[c]] = cells[c];
    rows.push_back(std::move(row));
  }
  return rows;
}

double Num(const std::map<std::string, std::string>& row, const std::string& key) {
  auto it = row.find(key);
  EXPECT_TRUE(it != row.end() && !it->second.empty()) << key;
  return it == row.end() || it->second.empty() ? -1e300 : std::stod(it->second);
}

class ReportCommand : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NO_FATAL_FAILURE(world_.Build()); }
  TempDir dir_;
  EvaluationWorld world_{dir_ / "out"};
};

TEST_F(ReportCommand, TableHasAHeaderAlignedRightAlignedNumbersATotalAndALegend) {
  world_.Close();
  const auto r = RunRipple({"report", "--decide-state", world_.state_dir()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& t = r.out;
  EXPECT_NE(t.find("model version 1"), std::string::npos) << t;
  EXPECT_NE(t.find("91 decisions read: 90 offered something, 1 offered nothing, 0 outside the "
                   "dates"),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("By campaign; all days (local days, UTC+08:00); confidence 95%"),
            std::string::npos)
      << t;
  // No data folder: sms_deal's product price is not known.
  EXPECT_NE(t.find("Revenue per conversion: the campaign's value: night 10.00, promo 25.00; "
                   "unknown (no value, no price), counted as 0: sms_deal (p1)"),
            std::string::npos)
      << t;

  EXPECT_EQ(Words(LineStarting(t, "promo")),
            (std::vector<std::string>{"promo", "40", "40", "20", "50.00%", "12", "30.00%", "300.00",
                                      "44.00", "+581.8%", "40", "4", "10.00%", "+20.00", "pp",
                                      "[3.03,", "36.97]", "*"}))
      << t;
  EXPECT_EQ(Words(LineStarting(t, "night")),
            (std::vector<std::string>{"night", "5", "5", "0", "0.00%", "2", "40.00%", "20.00",
                                      "2.50", "+700.0%", "0", "0", "-", "-"}))
      << t;
  // Its conversion counted at 0: revenue 0, ROI (0 - 0.50) / 0.50.
  EXPECT_EQ(Words(LineStarting(t, "sms_deal")),
            (std::vector<std::string>{"sms_deal", "5", "5", "1", "20.00%", "1", "20.00%", "0.00",
                                      "0.50", "-100.0%", "0", "0", "-", "-"}))
      << t;
  EXPECT_EQ(Words(LineStarting(t, "total")),
            (std::vector<std::string>{"total", "50", "50", "21", "42.00%", "15", "30.00%", "320.00",
                                      "47.00", "+580.9%", "40", "4", "10.00%", "+20.00", "pp",
                                      "[4.26,", "35.74]", "*"}))
      << t;
  // Right-aligned: "shown" and promo's 40 end in the same column.
  const std::string header = LineStarting(t, "campaign");
  const std::string promo = LineStarting(t, "promo");
  ASSERT_FALSE(header.empty()) << t;
  const size_t shown_end = header.find("shown") + 5;
  EXPECT_EQ(promo.substr(shown_end - 2, 2), "40") << header << "\n" << promo;
  EXPECT_EQ(promo[shown_end], ' ');
  EXPECT_NE(t.find("* significant, ns not significant"), std::string::npos) << t;
}

TEST_F(ReportCommand, NotSignificantIsFlaggedAtAHigherConfidence) {
  world_.Close();
  const auto r =
      RunRipple({"report", "--decide-state", world_.state_dir(), "--confidence", "0.99"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto words = Words(LineStarting(r.out, "promo"));
  ASSERT_GE(words.size(), 4u) << r.out;
  EXPECT_EQ(words[words.size() - 3], "[-2.31,") << r.out;
  EXPECT_EQ(words.back(), "ns") << r.out;
}

TEST_F(ReportCommand, CsvByCampaignAndDayWithPricesFromTheDataFolder) {
  world_.Close();
  const std::string out = dir_ / "out", data = dir_ / "data";
  std::filesystem::create_directories(data);
  WriteFile(data + "/products.csv", "product_id,name,category,price\np1,Thing,data_pack,12.50\n");
  WriteFile(out + "/summary.json", nlohmann::json{{"data_dir", data}}.dump());
  const auto r = RunRipple({"report", "--out", out, "--csv", "--by", "campaign,day"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Lines(r.out).at(0),
            "campaign,day,shown,impressions,clicks,ctr,conversions,conversion_rate,dismisses,"
            "revenue,cost,roi,held_out,control_conversions,control_rate,uplift,uplift_low,"
            "uplift_high,z,p_value,significant");
  const auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 5u) << r.out;
  EXPECT_EQ(rows[0].at("campaign"), "night");
  EXPECT_EQ(rows[0].at("day"), "2026-11-09");
  EXPECT_EQ(rows[0].at("shown"), "3");
  EXPECT_EQ(rows[0].at("conversions"), "1");
  EXPECT_DOUBLE_EQ(Num(rows[0], "revenue"), 10.0);
  EXPECT_DOUBLE_EQ(Num(rows[0], "cost"), 1.5);
  EXPECT_EQ(rows[0].at("control_rate"), "");  // nothing held out
  EXPECT_EQ(rows[0].at("uplift"), "");
  EXPECT_EQ(rows[0].at("significant"), "false");
  EXPECT_EQ(rows[1].at("day"), "2026-11-10");
  EXPECT_EQ(rows[1].at("shown"), "2");

  const auto& promo = rows[2];
  EXPECT_EQ(promo.at("campaign"), "promo");
  for (const auto& [key, want] : std::map<std::string, std::string>{{"shown", "40"},
                                                                    {"impressions", "40"},
                                                                    {"clicks", "20"},
                                                                    {"conversions", "12"},
                                                                    {"dismisses", "1"},
                                                                    {"held_out", "40"},
                                                                    {"control_conversions", "4"},
                                                                    {"significant", "true"}}) {
    EXPECT_EQ(promo.at(key), want) << key;
  }
  EXPECT_DOUBLE_EQ(Num(promo, "ctr"), 0.5);
  EXPECT_DOUBLE_EQ(Num(promo, "conversion_rate"), 0.3);
  EXPECT_DOUBLE_EQ(Num(promo, "revenue"), 300);
  EXPECT_DOUBLE_EQ(Num(promo, "cost"), 44);
  EXPECT_NEAR(Num(promo, "roi"), 256.0 / 44, 1e-12);
  EXPECT_DOUBLE_EQ(Num(promo, "control_rate"), 0.1);
  EXPECT_NEAR(Num(promo, "uplift"), 0.2, 1e-12);
  EXPECT_NEAR(Num(promo, "uplift_low"), 0.0302621, 1e-6);
  EXPECT_NEAR(Num(promo, "uplift_high"), 0.3697379, 1e-6);
  EXPECT_NEAR(Num(promo, "z"), 2.2360680, 1e-6);
  EXPECT_NEAR(Num(promo, "p_value"), 0.0253473, 1e-6);

  EXPECT_EQ(rows[3].at("campaign"), "sms_deal");
  EXPECT_DOUBLE_EQ(Num(rows[3], "revenue"), 12.5);  // the product's price, from products.csv
  EXPECT_DOUBLE_EQ(Num(rows[3], "roi"), 24.0);
  EXPECT_EQ(rows[4].at("campaign"), "(total)");
  EXPECT_EQ(rows[4].at("day"), "");
  EXPECT_EQ(rows[4].at("shown"), "50");
  EXPECT_DOUBLE_EQ(Num(rows[4], "revenue"), 332.5);
}

TEST_F(ReportCommand, ReadsTheStoreWhileAnotherHandleHoldsIt) {
  // The world's store is still open in this process (its LOCK held): a writing open would fail.
  const auto r = RunRipple({"report", "--decide-state", world_.state_dir(), "--csv", "--by", "slot",
                            "--from", "2026-11-09", "--to", "2026-11-09"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto rows = CsvRows(r.out);
  ASSERT_EQ(rows.size(), 4u) << r.out;
  EXPECT_EQ(rows[0].at("slot"), "app/banner");
  EXPECT_EQ(rows[0].at("shown"), "40");
  EXPECT_EQ(rows[1].at("slot"), "app/offers");
  EXPECT_EQ(rows[1].at("shown"), "3");  // the two of the 10th are outside the dates
  EXPECT_EQ(rows[2].at("slot"), "sms/text");
}

TEST_F(ReportCommand, BadFlagsAreClearErrorsWithExitCode2) {
  world_.Close();
  const std::string state = world_.state_dir();
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--by", "campaign,colour"}, "--by: 'colour' is not something to group by"},
      {{"--confidence", "95"}, "--confidence: '95' is not a confidence"},
      {{"--from", "2026-13-01"}, "--from: '2026-13-01' is not a date"},
      {{"--from", "2026-11-10", "--to", "2026-11-09"}, "--to 2026-11-09 is before --from"},
      {{"--utc-offset", "8"}, "--utc-offset: '8' is not an offset"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"report", "--decide-state", state};
    args.insert(args.end(), c.args.begin(), c.args.end());
    const auto r = RunRipple(args);
    EXPECT_EQ(r.exit_code, 2) << c.message << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  auto r = RunRipple({"report"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("pass --out OUT"), std::string::npos) << r.err;
  r = RunRipple({"report", "--decide-state", dir_ / "none"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no decide state in"), std::string::npos) << r.err;
}

// The API on a live server, and the command beside it.
class ReportApi : public decision::DecisionFixture {};

TEST_F(ReportApi, GroupsByDayWithTotalsRejectsBadParametersAndAgreesWithTheCommand) {
  using decision::Http;
  using decision::json;
  auto serve = StartServer();
  ASSERT_GT(serve->port(), 0) << serve->first_line() << ServerLog();
  const uint16_t port = serve->port();
  std::string shown_id;
  int decided = 0;
  for (const std::string& m : decision::Subscribers(*root_, 30)) {
    const json j = decision::Decide(port, m, "app", "home_banner").Json();
    ++decided;
    if (shown_id.empty() && j["explain"]["winner"].is_object() &&
        j["explain"]["winner"]["control"] == false) {
      shown_id = j["decision_id"];
    }
  }
  ASSERT_FALSE(shown_id.empty());
  ASSERT_EQ(decision::Feedback(port, shown_id, "impression").status, 200);
  ASSERT_EQ(decision::Feedback(port, shown_id, "convert").status, 200);

  auto expect_400 = [&](const std::string& query, const std::string& field) {
    const auto r = Http(port, "GET", "/v1/reports/campaigns?" + query, decision::kAnalyst);
    EXPECT_EQ(r.status, 400) << query << ": " << r.raw;
    EXPECT_EQ(r.Json().value("field", ""), field) << query << ": " << r.body;
  };
  expect_400("by=campaign,colour", "by");
  expect_400("from=2026-13-01", "from");
  expect_400("to=soon", "to");
  expect_400("from=2026-11-10&to=2026-11-09", "to");
  expect_400("confidence=1.5", "confidence");
  expect_400("totals=yes", "totals");
  expect_400("form=2026-11-09", "form");

  const auto r =
      Http(port, "GET", "/v1/reports/campaigns?by=day,campaign&totals=1", decision::kAnalyst);
  ASSERT_EQ(r.status, 200) << r.raw;
  const json rows = r.Json();
  ASSERT_TRUE(rows.is_array()) << r.body;
  ASSERT_GE(rows.size(), 2u) << r.body;
  const json& total = rows.back();
  EXPECT_EQ(total["total"], true) << r.body;
  uint64_t shown = 0, held = 0, conversions = 0;
  for (size_t i = 0; i + 1 < rows.size(); ++i) {
    EXPECT_TRUE(rows[i]["day"].is_string()) << rows[i];
    EXPECT_TRUE(rows[i]["campaign"].is_string()) << rows[i];
    EXPECT_TRUE(rows[i].contains("cost") && rows[i].contains("roi")) << rows[i];
    shown += rows[i]["shown"].get<uint64_t>();
    held += rows[i]["control"]["held_out"].get<uint64_t>();
    conversions += rows[i]["conversions"].get<uint64_t>();
  }
  EXPECT_EQ(shown + held, static_cast<uint64_t>(decided));  // everyone is offered on home_banner
  EXPECT_EQ(total["shown"], shown);
  EXPECT_EQ(total["conversions"], 1);
  EXPECT_EQ(conversions, 1u);

  // The command, read-only beside the running server, counts the same.
  const auto cli = RunRipple({"report", "--decide-state", dir_ / "decide-state", "--csv", "--by",
                              "day,campaign", "--config", decision::kConfig});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto csv = CsvRows(cli.out);
  ASSERT_EQ(csv.size(), rows.size()) << cli.out << "\n" << r.body;
  for (size_t i = 0; i + 1 < csv.size(); ++i) {
    EXPECT_EQ(csv[i].at("campaign"), rows[i]["campaign"]) << cli.out;
    EXPECT_EQ(csv[i].at("day"), rows[i]["day"]) << cli.out;
    EXPECT_EQ(csv[i].at("shown"), std::to_string(rows[i]["shown"].get<uint64_t>())) << cli.out;
    EXPECT_EQ(csv[i].at("held_out"), std::to_string(rows[i]["control"]["held_out"].get<uint64_t>()))
        << cli.out;
  }
  EXPECT_EQ(serve->Stop(), 0);
}

}  // namespace
}  // namespace ripple::testing
