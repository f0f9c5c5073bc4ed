// `ripple events run` / `ripple events test` as a user runs them: triggers as JSON Lines,
// duplicates dropped by ingest, late records to the late output, bad rules named by
// FILE:LINE:COL with a non-zero exit, and rules reloaded while a live stream is running.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "support/test_support.h"
#include "support/tiny_operator.h"

namespace ripple::testing {
namespace {

std::string Visit(const std::string& ts, int sub, const std::string& page) {
  return R"({"type":"visit","ts":")" + ts + R"(","msisdn":"1380000000)" + std::to_string(sub) +
         R"(","channel":"web","page":")" + page + "\"}\n";
}
std::string Recharge(const std::string& ts, int sub) {
  return R"({"type":"recharge","ts":")" + ts + R"(","msisdn":"1380000000)" + std::to_string(sub) +
         R"(","amount":"50"})" + "\n";
}

class EventsCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteTinyOperator(dir_.path().string());
    std::filesystem::create_directories(dir_ / "rules");
  }
  TempDir dir_;
};

TEST_F(EventsCommand, TestExplainsEachStepAndDuplicatesCountOnce) {
  WriteFile(dir_ / "rules/web.rules",
            "rule no_topup on visits where page = \"balance\" and no recharges within 30m\n"
            "  emit no_topup carry page\nend\n");
  const std::string feed = Visit("2026-11-02T09:00:00+08:00", 1, "balance") +
                           Visit("2026-11-02T09:00:00+08:00", 1, "balance") +  // duplicate
                           Visit("2026-11-02T09:05:00+08:00", 2, "balance") +
                           Recharge("2026-11-02T09:20:00+08:00", 2) +
                           Visit("2026-11-02T10:00:00+08:00", 3, "home");
  WriteFile(dir_ / "feed.jsonl", feed);
  const CommandResult r =
      RunRipple({"events", "test", "no_topup", dir_ / "feed.jsonl", "--rules", dir_ / "rules",
                 "--data", dir_.path().string(), "--deadletter", dir_ / "dl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // 1 opened a window, 2 opened and closed one; the watermark at 10:00 fires 1's at 09:30.
  EXPECT_NE(r.out.find("13800000001                  no_topup: opened"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("recharge  13800000002                  no_topup: closed"),
            std::string::npos)
      << r.out;
  EXPECT_NE(
      r.out.find(
          R"("ts":"2026-11-02T09:30:00+08:00","ts_ms":1793583000000,"subscriber":"13800000001","rule":"no_topup","trigger":"no_topup")"),
      std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("13800000002\",\"rule"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("1 lines rejected"), std::string::npos) << r.err;
  EXPECT_NE(ReadFile(dir_ / "dl/visits.csv").find("feed.jsonl,2,duplicate"), std::string::npos);
}

TEST_F(EventsCommand, BadRuleIsNamedByFileLineAndColumn) {
  WriteFile(dir_ / "rules/a.rules", "rule ok on visits emit ok end\n");
  WriteFile(dir_ / "rules/b.rules",
            "# a comment\nrule broken\n  on visits where pgae = \"balance\"\n  emit x\nend\n");
  WriteFile(dir_ / "feed.jsonl", Visit("2026-11-02T09:00:00+08:00", 1, "balance"));
  const CommandResult r = RunRipple({"events", "run", "--rules", dir_ / "rules", "--reference",
                                     dir_.path().string(), "--stream", dir_ / "feed.jsonl"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("b.rules:3:19: unknown field 'pgae' (did you mean 'page'?)"),
            std::string::npos)
      << r.err;
  WriteFile(dir_ / "rules/b.rules", "rule broken\n  on visits within 10m\n  emit x\nend\n");
  const CommandResult syntax = RunRipple({"events", "run", "--rules", dir_ / "rules", "--reference",
                                          dir_.path().string(), "--stream", dir_ / "feed.jsonl"});
  EXPECT_NE(syntax.exit_code, 0);
  EXPECT_NE(syntax.err.find("b.rules:2:13:"), std::string::npos) << syntax.err;
}

TEST_F(EventsCommand, RecordsBeyondTheBoundGoToTheLateOutput) {
  WriteFile(dir_ / "rules/web.rules", "rule bal on visits where page = \"balance\" emit b end\n");
  const std::string feed = Visit("2026-11-02T09:10:00+08:00", 1, "balance") +
                           Visit("2026-11-02T09:09:55+08:00", 2, "balance") +  // 5 s behind
                           Visit("2026-11-02T09:09:00+08:00", 3, "balance");   // 60 s behind
  WriteFile(dir_ / "feed.jsonl", feed);
  const CommandResult r =
      RunRipple({"events", "run", "--rules", dir_ / "rules", "--reference", dir_.path().string(),
                 "--stream", dir_ / "feed.jsonl", "--bound", "10", "--late", dir_ / "late.jsonl",
                 "--reveal", "--deadletter", dir_ / "dl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The ingest gate (same bound) rejects the 60 s straggler as late, with its line.
  EXPECT_NE(r.out.find("13800000001"), std::string::npos);
  EXPECT_NE(r.out.find("13800000002"), std::string::npos);
  EXPECT_EQ(r.out.find("13800000003"), std::string::npos);
  EXPECT_NE(ReadFile(dir_ / "dl/visits.csv").find("feed.jsonl,3,late,"), std::string::npos)
      << ReadFile(dir_ / "dl/visits.csv");
}

TEST_F(EventsCommand, WatchReloadsRulesWhileAStreamRuns) {
  WriteFile(dir_ / "rules/web.rules", "rule bal on visits where page = \"balance\" emit old end\n");
  const std::string out = dir_ / "triggers.jsonl";
  const std::string cmd = std::string(RIPPLE_BINARY) + " events run --watch --bound 0 --rules " +
                          (dir_ / "rules") + " --reference " + dir_.path().string() +
                          " --stream - --reveal --out " + out + " --deadletter " + (dir_ / "dl") +
                          " 2>" + (dir_ / "err.txt");
  std::FILE* in = popen(cmd.c_str(), "w");
  ASSERT_NE(in, nullptr);
  auto send = [&](const std::string& line) {
    std::fputs(line.c_str(), in);
    std::fflush(in);
  };
  send(Visit("2026-11-02T09:00:00+08:00", 1, "balance"));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  WriteFile(dir_ / "rules/web.rules", "rule bal2 on visits where page = \"bill\" emit new end\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  send(Visit("2026-11-02T09:01:00+08:00", 2, "balance"));  // polls: the new rules load here
  send(Visit("2026-11-02T09:02:00+08:00", 3, "bill"));
  send(Visit("2026-11-02T09:03:00+08:00", 1, "home"));
  ASSERT_EQ(pclose(in), 0) << ReadFile(dir_ / "err.txt");
  const std::string triggers = ReadFile(out);
  EXPECT_NE(triggers.find(R"("subscriber":"13800000001","rule":"bal","trigger":"old")"),
            std::string::npos)
      << triggers;
  EXPECT_NE(triggers.find(R"("subscriber":"13800000003","rule":"bal2","trigger":"new")"),
            std::string::npos)
      << triggers;
  EXPECT_EQ(triggers.find("13800000002"), std::string::npos) << triggers;
  EXPECT_NE(ReadFile(dir_ / "err.txt").find("1 reloads"), std::string::npos);
}

}  // namespace
}  // namespace ripple::testing
