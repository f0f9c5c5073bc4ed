// `ripple simulate` refuses bad flags with one line naming the flag, and prints a summary.
#include "sim_test_support.h"

namespace ripple::sim::testing {
namespace {

void ExpectRefused(const std::vector<std::string>& args, const std::string& flag) {
  std::vector<std::string> full = {"simulate"};
  full.insert(full.end(), args.begin(), args.end());
  CommandResult r = RunRipple(full);
  EXPECT_NE(r.exit_code, 0) << flag;
  EXPECT_NE(r.err.find(flag), std::string::npos) << r.err;
}

TEST(SimulateFlags, BadValuesAreRefusedNamingTheFlag) {
  TempDir dir;
  const std::string out = dir.path().string();
  ExpectRefused({"--out", out, "--days", "0"}, "--days");
  ExpectRefused({"--out", out, "--days", "91"}, "--days");
  ExpectRefused({"--out", out, "--subscribers", "0"}, "--subscribers");
  ExpectRefused({"--out", out, "--dirty", "2"}, "--dirty");
  ExpectRefused({"--out", out, "--threads", "0"}, "--threads");
  ExpectRefused({"--out", out, "--start", "2026-13-01"}, "--start");
  ExpectRefused({"--subscribers", "10"}, "--out");
  ExpectRefused({"--out", out, "--rate", "10"}, "--rate");
  ExpectRefused({"--out", out, "--subscribers", "ten"}, "--subscribers");
}

TEST(SimulateFlags, AnUnwritableFolderIsAnErrorNotACrash) {
  CommandResult r = RunRipple({"simulate", "--subscribers", "10", "--days", "1", "--out",
                               "/proc/ripple-cannot-write-here"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ripple simulate: cannot create"), std::string::npos) << r.err;
}

TEST(SimulateFlags, SummaryCountsRecordsPerFeed) {
  TempDir dir;
  CommandResult r =
      RunRipple({"simulate", "--subscribers", "50", "--days", "1", "--out", dir.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const std::string& stem : EventFiles()) {
    EXPECT_NE(r.err.find(" " + stem + "="), std::string::npos) << r.err;
  }
  EXPECT_NE(r.err.find("records/s"), std::string::npos) << r.err;
  // The start date moves the calendar: the first device report is on that date.
  TempDir later;
  r = RunRipple({"simulate", "--subscribers", "5", "--days", "1", "--start", "2026-10-05", "--out",
                 later.path().string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto devices = ReadCsv(later / "devices.csv").rows;
  ASSERT_FALSE(devices.empty());
  EXPECT_EQ(Local(Ts(devices[0][0])).day, ParseLocalDate("2026-10-05", 0).value() / kMillisPerDay);
}

}  // namespace
}  // namespace ripple::sim::testing
