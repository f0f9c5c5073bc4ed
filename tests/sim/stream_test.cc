// --stream writes the same world as the files, as JSON Lines in arrival order.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim_test_support.h"

namespace ripple::sim::testing {
namespace {

using nlohmann::json;

const std::map<std::string, std::string>& StemOfType() {
  static const std::map<std::string, std::string> kStems = {
      {"call", "calls"},         {"sms", "sms"},      {"data", "data"},
      {"location", "locations"}, {"order", "orders"}, {"device", "devices"},
      {"recharge", "recharges"}, {"visit", "visits"}};
  return kStems;
}

// A record as comparable text: ts as an instant, then the other fields in CSV column order.
std::string Normalise(const std::vector<std::string>& header, const std::vector<std::string>& f) {
  std::string out = std::to_string(Ts(f[0]));
  for (size_t i = 1; i < header.size(); ++i) out += "|" + f[i];
  return out;
}

std::string FieldText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_float()) {  // amounts: written with two decimals in CSV
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", v.get<double>());
    return text;
  }
  return v.dump();
}

TEST(SimulateStream, CarriesExactlyTheRecordsOfTheFilesInArrivalOrder) {
  TempDir files, reference;
  Simulate(files.path().string(),
           {"--subscribers", "200", "--days", "2", "--seed", "3", "--dirty", "0"});
  CommandResult r = RunRipple({"simulate", "--subscribers", "200", "--days", "2", "--seed", "3",
                               "--dirty", "0", "--stream", "--out", reference.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::map<std::string, std::vector<std::string>> streamed;  // stem -> records in stream order
  std::map<std::string, std::vector<std::string>> headers;
  for (const std::string& stem : EventFiles()) {
    headers[stem] = ReadCsv(files / (stem + ".csv")).header;
  }
  std::istringstream lines(r.out);
  size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count) {
    json record = json::parse(line);
    ASSERT_TRUE(record.is_object());
    const std::string stem = StemOfType().at(record.at("type").get<std::string>());
    std::vector<std::string> fields;
    for (const std::string& column : headers[stem]) fields.push_back(FieldText(record.at(column)));
    EXPECT_TRUE(record.at("ts").is_number() || record.at("ts").is_string());
    if (stem == "calls") {
      EXPECT_TRUE(record.at("duration_s").is_number());
    } else if (stem == "data") {
      EXPECT_TRUE(record.at("bytes_down").is_number());
    } else if (stem == "recharges") {
      EXPECT_TRUE(record.at("amount").is_number());
    }
    streamed[stem].push_back(Normalise(headers[stem], fields));
  }
  size_t file_records = 0;
  for (const std::string& stem : EventFiles()) {
    std::vector<std::string> from_file;
    for (const auto& row : ReadCsv(files / (stem + ".csv")).rows) {
      from_file.push_back(Normalise(headers[stem], row));
    }
    file_records += from_file.size();
    // Same records, and - each file being in arrival order too - in the same order.
    EXPECT_TRUE(from_file == streamed[stem]) << stem;
  }
  EXPECT_EQ(count, file_records);
  EXPECT_GT(count, 10000u);

  // With --out, the reference tables and truth are written next to the stream; late records are
  // listed by their line on the stream.
  EXPECT_EQ(::ripple::testing::ReadFile(files / "subscribers.csv"),
            ::ripple::testing::ReadFile(reference / "subscribers.csv"));
  EXPECT_EQ(::ripple::testing::ReadFile(files / "truth/ties.csv"),
            ::ripple::testing::ReadFile(reference / "truth/ties.csv"));
  std::vector<std::string> out_lines;
  std::istringstream again(r.out);
  for (std::string line; std::getline(again, line);) out_lines.push_back(line);
  for (const auto& [where, kind] : ReadInjected(reference.path().string())) {
    EXPECT_EQ(where.first, "stream");
    EXPECT_EQ(kind, "late");
    ASSERT_LE(where.second, out_lines.size());
    EXPECT_EQ(json::parse(out_lines[where.second - 1]).at("type"), "location");
  }
}

TEST(SimulateStream, RatePacesOutputAndFinishes) {
  CommandResult r =
      RunRipple({"simulate", "--subscribers", "10", "--days", "1", "--stream", "--rate", "4000"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(std::count(r.out.begin(), r.out.end(), '\n'), 100);
  EXPECT_NE(r.err.find("simulate:"), std::string::npos);
}

TEST(SimulateStream, StreamWithoutOutWritesNoFilesAndNeedsNoFolder) {
  CommandResult r = RunRipple({"simulate", "--subscribers", "20", "--days", "1", "--stream"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("{\"type\":", 0), 0u);
}

}  // namespace
}  // namespace ripple::sim::testing
