// End-to-end tests of `ripple batch` / `ripple ingest` on a simulated operator: every injected
// bad line lands in the dead letters with its reason, and a run killed with SIGKILL resumes to
// exactly the result of a clean run.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/test_support.h"

namespace ripple {
namespace {
namespace fs = std::filesystem;
using testing::ReadFile;
using testing::ReadLines;
using testing::RunRipple;
using testing::SplitCsv;
using testing::TempDir;

// One simulated operator shared by the tests of this file (simulating is the slow part).
class BatchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    auto r = RunRipple({"simulate", "--subscribers", "5000", "--days", "3", "--seed", "11",
                        "--dirty", "0.002", "--out", (*dir_) / "data"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    testing::WriteFile((*dir_) / "small_checkpoints.yaml",
                       "state:\n  checkpoint_every_records: 20000\n");
    auto clean = RunRipple({"batch", "--data", (*dir_) / "data", "--out", (*dir_) / "clean"});
    ASSERT_EQ(clean.exit_code, 0) << clean.err;
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Data() { return (*dir_) / "data"; }
  static std::string Clean() { return (*dir_) / "clean"; }
  static std::string Path(const std::string& name) { return (*dir_) / name; }

  static nlohmann::json Summary(const std::string& out) {
    return nlohmann::json::parse(ReadFile(out + "/summary.json"));
  }
  static std::string StateDump(const std::string& out) {
    auto r = RunRipple({"state", "dump", "--data", Data(), "--out", out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  // The parts of two runs that must be identical: counts, state, dead letters.
  static void ExpectSameResult(const std::string& a, const std::string& b) {
    auto sa = Summary(a), sb = Summary(b);
    EXPECT_EQ(sa["feeds"], sb["feeds"]);
    EXPECT_EQ(sa["reference"], sb["reference"]);
    EXPECT_EQ(sa["state"], sb["state"]);
    std::string dump_a = StateDump(a);
    EXPECT_GT(dump_a.size(), 1000u);
    EXPECT_EQ(dump_a, StateDump(b));
    for (const auto& entry : fs::directory_iterator(a + "/deadletter")) {
      std::string name = entry.path().filename().string();
      EXPECT_EQ(ReadFile(entry.path().string()), ReadFile(b + "/deadletter/" + name)) << name;
    }
  }

  static TempDir* dir_;
};
TempDir* BatchTest::dir_ = nullptr;

TEST_F(BatchTest, EveryInjectedBadLineIsDeadLetteredWithItsReason) {
  // truth/injected.csv: file,line,kind — what the simulator broke on purpose.
  std::map<std::pair<std::string, std::string>, std::string> expected;  // (stem, line) -> kind
  auto injected = ReadLines(Data() + "/truth/injected.csv");
  ASSERT_GT(injected.size(), 20u);
  for (size_t i = 1; i < injected.size(); ++i) {
    auto f = SplitCsv(injected[i]);
    ASSERT_EQ(f.size(), 3u) << injected[i];
    std::string stem = fs::path(f[0]).stem().string();
    expected[{stem, f[1]}] = f[2];
  }
  std::map<std::pair<std::string, std::string>, std::string> got;
  for (const auto& entry : fs::directory_iterator(Clean() + "/deadletter")) {
    std::string stem = entry.path().stem().string();
    auto lines = ReadLines(entry.path().string());
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "source,line,reason,raw");
    for (size_t i = 1; i < lines.size(); ++i) {
      auto f = SplitCsv(lines[i]);
      ASSERT_GE(f.size(), 4u) << lines[i];
      got[{stem, f[1]}] = f[2];
    }
  }
  for (const auto& [where, kind] : expected) {
    auto it = got.find(where);
    ASSERT_NE(it, got.end()) << where.first << " line " << where.second << " (" << kind
                             << ") not dead-lettered";
    EXPECT_EQ(it->second, kind) << where.first << " line " << where.second;
  }
  for (const auto& [where, reason] : got) {
    EXPECT_TRUE(expected.count(where)) << where.first << " line " << where.second << " rejected as "
                                       << reason << " but the simulator did not break it";
  }
}

TEST_F(BatchTest, SummaryCountsEveryLineOnce) {
  auto s = Summary(Clean());
  for (const auto& [feed, c] : s["feeds"].items()) {
    auto lines = ReadLines(Data() + "/" + feed + ".csv");
    uint64_t data_lines = lines.size() - 1;
    uint64_t by_reason = 0;
    for (const auto& [reason, n] : c["rejected_by_reason"].items()) by_reason += n.get<uint64_t>();
    EXPECT_EQ(by_reason, c["rejected"].get<uint64_t>()) << feed;
    EXPECT_EQ(
        c["accepted"].get<uint64_t>() + c["rejected"].get<uint64_t>() + c["late"].get<uint64_t>(),
        data_lines)
        << feed;
  }
  EXPECT_GT(s["feeds"]["calls"]["accepted"].get<uint64_t>(), 1000u);
}

TEST_F(BatchTest, KilledMidwayResumesToExactlyTheCleanResult) {
  std::string out = Path("killed");
  auto first = RunRipple({"batch", "--data", Data(), "--out", out, "--config",
                          Path("small_checkpoints.yaml"), "--kill-after-records", "150000"});
  ASSERT_EQ(first.exit_code, 128 + SIGKILL) << first.err;
  EXPECT_FALSE(fs::exists(out + "/summary.json"));
  auto second = RunRipple(
      {"batch", "--data", Data(), "--out", out, "--config", Path("small_checkpoints.yaml")});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("resumed"), std::string::npos) << second.out;
  EXPECT_TRUE(Summary(out)["run"]["resumed"].get<bool>());
  ExpectSameResult(Clean(), out);
}

TEST_F(BatchTest, KilledFromOutsideAtAnyMomentResumesExactly) {
  // A real kill -9 from another process, at a moment the job does not choose.
  for (int delay_ms : {120, 300}) {
    std::string out = Path("outside-" + std::to_string(delay_ms));
    pid_t pid = ::fork();
    if (pid == 0) {
      std::string bin = RIPPLE_BINARY;
      std::string data = Data(), cfg = Path("small_checkpoints.yaml");
      ::freopen("/dev/null", "w", stdout);
      ::freopen("/dev/null", "w", stderr);
      ::execl(bin.c_str(), bin.c_str(), "batch", "--data", data.c_str(), "--out", out.c_str(),
              "--config", cfg.c_str(), static_cast<char*>(nullptr));
      std::_Exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    auto again = RunRipple(
        {"batch", "--data", Data(), "--out", out, "--config", Path("small_checkpoints.yaml")});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    ExpectSameResult(Clean(), out);
  }
}

TEST_F(BatchTest, RunningAgainOnFinishedOutputCountsNothingTwice) {
  std::string out = Path("twice");
  ASSERT_EQ(RunRipple({"batch", "--data", Data(), "--out", out}).exit_code, 0);
  ASSERT_EQ(RunRipple({"batch", "--data", Data(), "--out", out}).exit_code, 0);
  ExpectSameResult(Clean(), out);
  ASSERT_EQ(RunRipple({"batch", "--data", Data(), "--out", out, "--fresh"}).exit_code, 0);
  ExpectSameResult(Clean(), out);
}

TEST_F(BatchTest, GzipFeedsGiveTheSameResultAsPlainFiles) {
  std::string gz = Path("gzdata");
  fs::create_directories(gz);
  for (const auto& entry : fs::directory_iterator(Data())) {
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().filename().string();
    std::string cmd = "gzip -c '" + entry.path().string() + "' > '" + gz + "/" + name + ".gz'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }
  std::string out = Path("gzout");
  auto r = RunRipple({"batch", "--data", gz, "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Summary(Clean())["feeds"], Summary(out)["feeds"]);
}

TEST(BatchErrors, MissingDataFolderIsAClearError) {
  TempDir tmp;
  auto r = RunRipple({"batch", "--data", tmp / "nope", "--out", tmp / "out"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("nope"), std::string::npos) << r.err;
}

TEST(BatchErrors, MissingColumnNamesTheFileAndTheColumn) {
  TempDir tmp;
  auto r = RunRipple({"simulate", "--subscribers", "50", "--days", "1", "--out", tmp / "data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  testing::WriteFile(tmp / "data/calls.csv",
                     "ts,caller,callee,cell_id\n1762000000000,13800000000,13900000000,\n");
  auto b = RunRipple({"batch", "--data", tmp / "data", "--out", tmp / "out"});
  EXPECT_NE(b.exit_code, 0);
  EXPECT_NE(b.err.find("calls.csv"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("duration_s"), std::string::npos) << b.err;
}

TEST(BatchErrors, BadConfigNamesFileLineAndColumn) {
  TempDir tmp;
  testing::WriteFile(tmp / "bad.yaml", "state:\n  retention_dayz: 30\n");
  auto r = RunRipple({"simulate", "--subscribers", "50", "--days", "1", "--out", tmp / "data"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto b = RunRipple(
      {"batch", "--data", tmp / "data", "--out", tmp / "out", "--config", tmp / "bad.yaml"});
  EXPECT_NE(b.exit_code, 0);
  EXPECT_NE(b.err.find("bad.yaml:2:3"), std::string::npos) << b.err;
  EXPECT_NE(b.err.find("retention_dayz"), std::string::npos) << b.err;
}

TEST(StreamIngest, JsonLinesStreamBuildsTheSameStateAsTheCsvFiles) {
  TempDir tmp;
  auto sim = RunRipple({"simulate", "--subscribers", "400", "--days", "2", "--seed", "5", "--dirty",
                        "0", "--out", tmp / "data"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  auto stream = RunRipple({"simulate", "--subscribers", "400", "--days", "2", "--seed", "5",
                           "--dirty", "0", "--stream"});
  ASSERT_EQ(stream.exit_code, 0) << stream.err;
  testing::WriteFile(tmp / "stream.jsonl", stream.out);
  ASSERT_EQ(RunRipple({"batch", "--data", tmp / "data", "--out", tmp / "batch"}).exit_code, 0);
  auto ing = RunRipple(
      {"ingest", "--data", tmp / "data", "--stream", tmp / "stream.jsonl", "--out", tmp / "live"});
  ASSERT_EQ(ing.exit_code, 0) << ing.err;
  auto dump_batch = RunRipple({"state", "dump", "--data", tmp / "data", "--out", tmp / "batch"});
  auto dump_live = RunRipple({"state", "dump", "--data", tmp / "data", "--out", tmp / "live"});
  ASSERT_EQ(dump_batch.exit_code, 0) << dump_batch.err;
  EXPECT_GT(dump_batch.out.size(), 1000u);
  EXPECT_EQ(dump_batch.out, dump_live.out);
}

}  // namespace
}  // namespace ripple

namespace ripple {
namespace {

TEST(StreamIngest, StandardInputIsNeverSkippedAsAlreadyDone) {
  testing::TempDir tmp;
  auto sim = testing::RunRipple(
      {"simulate", "--subscribers", "200", "--days", "1", "--out", tmp / "data"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  const std::string bin = RIPPLE_BINARY;
  auto pipe_day = [&](const std::string& start) {
    std::string cmd = bin + " simulate --subscribers 200 --days 1 --start " + start +
                      " --stream 2>/dev/null | " + bin + " ingest --data " + (tmp / "data") +
                      " --stream - --out " + (tmp / "out") + " >/dev/null 2>&1";
    return std::system(cmd.c_str());
  };
  ASSERT_EQ(pipe_day("2026-11-09"), 0);
  auto first = nlohmann::json::parse(testing::ReadFile(tmp / "out/summary.json"));
  ASSERT_EQ(pipe_day("2026-11-10"), 0);
  auto second = nlohmann::json::parse(testing::ReadFile(tmp / "out/summary.json"));
  uint64_t a = first["total"]["accepted"], b = second["total"]["accepted"];
  EXPECT_GT(a, 1000u);
  EXPECT_GT(b, a + 1000) << "the second stream on stdin must be read, not skipped";
}

}  // namespace
}  // namespace ripple

namespace ripple {
namespace {

TEST(StreamIngest, KilledMidStreamResumesToExactlyTheCleanResult) {
  testing::TempDir tmp;
  auto sim = testing::RunRipple(
      {"simulate", "--subscribers", "1500", "--days", "2", "--seed", "9", "--out", tmp / "data"});
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
  auto stream = testing::RunRipple(
      {"simulate", "--subscribers", "1500", "--days", "2", "--seed", "9", "--stream"});
  ASSERT_EQ(stream.exit_code, 0) << stream.err;
  // A few broken lines so the dead letters take part in the recovery too.
  std::string text =
      stream.out + "not json\n{\"type\":\"fax\",\"ts\":1}\n" + stream.out.substr(0, 2000);
  testing::WriteFile(tmp / "live.jsonl", text);
  testing::WriteFile(tmp / "ck.yaml", "state:\n  checkpoint_every_records: 15000\n");
  auto run = [&](const std::string& out, std::vector<std::string> extra) {
    std::vector<std::string> args = {"ingest",   "--data",           tmp / "data",
                                     "--stream", tmp / "live.jsonl", "--out",
                                     out,        "--config",         tmp / "ck.yaml"};
    args.insert(args.end(), extra.begin(), extra.end());
    return testing::RunRipple(args);
  };
  ASSERT_EQ(run(tmp / "clean", {}).exit_code, 0);
  ASSERT_EQ(run(tmp / "killed", {"--kill-after-records", "40000"}).exit_code, 128 + SIGKILL);
  auto resumed = run(tmp / "killed", {});
  ASSERT_EQ(resumed.exit_code, 0) << resumed.err;
  auto a = nlohmann::json::parse(testing::ReadFile(tmp / "clean/summary.json"));
  auto b = nlohmann::json::parse(testing::ReadFile(tmp / "killed/summary.json"));
  EXPECT_EQ(a["feeds"], b["feeds"]);
  EXPECT_EQ(a["stream"], b["stream"]);
  EXPECT_GT(a["total"]["rejected"].get<uint64_t>(), 2u);
  EXPECT_EQ(testing::ReadFile(tmp / "clean/deadletter/stream.csv"),
            testing::ReadFile(tmp / "killed/deadletter/stream.csv"));
  EXPECT_EQ(testing::ReadFile(tmp / "clean/deadletter/calls.csv"),
            testing::ReadFile(tmp / "killed/deadletter/calls.csv"));
  auto dump = [&](const std::string& out) {
    return testing::RunRipple({"state", "dump", "--data", tmp / "data", "--out", out}).out;
  };
  EXPECT_EQ(dump(tmp / "clean"), dump(tmp / "killed"));
}

}  // namespace
}  // namespace ripple
