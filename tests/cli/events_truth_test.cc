// The shipped travel and handset rules against the simulator's planted moments
// (truth/moments.csv) at 10,000 subscribers x 14 days: every airport traveller is found (recall
// 1.0), nobody who only passes through the airport (2-6 minutes) is, and the roaming starts and
// handset changes are exactly the planted ones.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace ripple::testing {
namespace {

struct Moment {
  std::string msisdn;
  int64_t start = 0, end = 0;
};

std::map<std::string, std::vector<Moment>> ReadMoments(const std::string& path) {
  std::map<std::string, std::vector<Moment>> out;
  const auto lines = ReadLines(path);
  for (size_t i = 1; i < lines.size(); ++i) {
    const auto f = SplitCsv(lines[i]);
    if (f.size() < 4) continue;
    out[f[1]].push_back({f[0], std::stoll(f[2]), std::stoll(f[3])});
  }
  return out;
}

struct Fired {
  std::string msisdn, trigger;
  int64_t ts = 0;
};

std::vector<Fired> ReadTriggers(const std::string& path) {
  std::vector<Fired> out;
  for (const std::string& line : ReadLines(path)) {
    auto field = [&](const std::string& key) {
      const size_t at = line.find("\"" + key + "\":");
      if (at == std::string::npos) return std::string();
      size_t from = at + key.size() + 3;
      if (line[from] == '"') ++from;
      const size_t to = line.find_first_of(",\"}", from);
      return line.substr(from, to - from);
    };
    out.push_back({field("subscriber"), field("trigger"), std::stoll(field("ts_ms"))});
  }
  return out;
}

class EventsTruth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::string(SharedSimulatedWorld());
    ASSERT_TRUE(std::filesystem::exists(*root_ + "/done"));
    out_ = new std::string(*root_ + "/events-truth.jsonl");
    // ctest runs each test in its own process: the first one matches, under a lock, and leaves
    // the triggers (and a done marker) for the others.
    const int lock = ::open((*root_ + "/events-truth.lock").c_str(), O_CREAT | O_RDWR, 0644);
    ASSERT_GE(lock, 0);
    ASSERT_EQ(::flock(lock, LOCK_EX), 0);
    if (!std::filesystem::exists(*out_ + ".done")) {
      const CommandResult r = RunRipple(
          {"events", "run", "--rules", RIPPLE_SOURCE_DIR "/config/rules/travel.rules", "--data",
           *root_ + "/data", "--reveal", "--out", *out_, "--deadletter", *root_ + "/events-dl"});
      EXPECT_EQ(r.exit_code, 0) << r.err;
      const CommandResult h =
          RunRipple({"events", "run", "--rules", RIPPLE_SOURCE_DIR "/config/rules/handset.rules",
                     "--data", *root_ + "/data", "--reveal", "--out", *out_ + ".handset",
                     "--deadletter", *root_ + "/events-dl"});
      EXPECT_EQ(h.exit_code, 0) << h.err;
      if (r.exit_code == 0 && h.exit_code == 0) WriteFile(*out_ + ".done", "");
    }
    ::flock(lock, LOCK_UN);
    ::close(lock);
  }
  static void TearDownTestSuite() {
    delete root_;
    delete out_;
  }
  static std::string* root_;
  static std::string* out_;
};
std::string* EventsTruth::root_ = nullptr;
std::string* EventsTruth::out_ = nullptr;

TEST_F(EventsTruth, EveryAirportTravellerIsFoundAndNoPasserBy) {
  const auto moments = ReadMoments(*root_ + "/data/truth/moments.csv");
  const auto& stays = moments.at("airport_stay");
  const auto& passes = moments.at("airport_pass");
  ASSERT_GE(stays.size(), 150u);
  ASSERT_GE(passes.size(), 100u);
  std::vector<Fired> at_airport;
  for (const Fired& f : ReadTriggers(*out_)) {
    if (f.trigger == "at_airport") at_airport.push_back(f);
  }
  // Each stay: a trigger for that person between its first record and its last (10 min in).
  size_t found = 0;
  std::set<size_t> used;
  for (const Moment& s : stays) {
    for (size_t i = 0; i < at_airport.size(); ++i) {
      const Fired& f = at_airport[i];
      if (f.msisdn == s.msisdn && f.ts >= s.start + 10 * 60'000 && f.ts <= s.end) {
        ++found;
        used.insert(i);
        break;
      }
    }
  }
  EXPECT_EQ(found, stays.size()) << "recall " << double(found) / stays.size();
  // No trigger outside a stay: in particular none during a pass.
  for (size_t i = 0; i < at_airport.size(); ++i) {
    if (!used.count(i))
      ADD_FAILURE() << "false trigger " << at_airport[i].msisdn << " at " << at_airport[i].ts;
  }
  for (const Moment& p : passes) {
    for (const Fired& f : at_airport) {
      EXPECT_FALSE(f.msisdn == p.msisdn && f.ts >= p.start && f.ts <= p.end + 30 * 60'000)
          << "pass-through " << p.msisdn << " triggered";
    }
  }
}

TEST_F(EventsTruth, RoamingStartsAndHandsetChangesAreExactlyThePlantedOnes) {
  const auto moments = ReadMoments(*root_ + "/data/truth/moments.csv");
  auto as_set = [](const std::vector<Moment>& v) {
    std::set<std::pair<std::string, int64_t>> s;
    for (const Moment& m : v) s.emplace(m.msisdn, m.start);
    return s;
  };
  std::set<std::pair<std::string, int64_t>> roaming, handset;
  for (const Fired& f : ReadTriggers(*out_)) {
    if (f.trigger == "roaming_started") roaming.emplace(f.msisdn, f.ts);
  }
  for (const Fired& f : ReadTriggers(*out_ + ".handset")) {
    if (f.trigger == "handset_changed") handset.emplace(f.msisdn, f.ts);
  }
  ASSERT_GE(moments.at("roaming_start").size(), 20u);
  EXPECT_EQ(roaming, as_set(moments.at("roaming_start")));
  EXPECT_EQ(handset, as_set(moments.at("handset_change")));
}

}  // namespace
}  // namespace ripple::testing
