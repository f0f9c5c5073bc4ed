// `ripple serve` as a process: it refuses to start without tokens, answers with the live
// triggers of a stream it matches, checks bearer tokens by role, and stops on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "support/http_client.h"
#include "support/ripple_server.h"
#include "support/test_support.h"

namespace ripple::testing {
namespace {

using ServeProcess = RippleServer;

class ServeCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::string(SharedSimulatedWorld());
    ASSERT_TRUE(std::filesystem::exists(*root_ + "/done"));
  }
  static void TearDownTestSuite() { delete root_; }
  static std::string* root_;
};
std::string* ServeCommand::root_ = nullptr;

TEST_F(ServeCommand, RefusesToStartWithoutTokens) {
  const CommandResult r = RunRipple(
      {"serve", "--snapshot", *root_ + "/out", "--data", *root_ + "/data", "--port", "0"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("refusing to start without --tokens"), std::string::npos) << r.err;
}

// A subscriber of the shared world and records of it at the airport.
struct AirportFeed {
  explicit AirportFeed(const std::string& root) {
    msisdn = SplitCsv(ReadLines(root + "/data/subscribers.csv").at(1)).at(0);
    for (const std::string& l : ReadLines(root + "/data/cells.csv")) {
      if (l.ends_with(",airport")) airport = SplitCsv(l)[0];
    }
  }
  std::string Location(const std::string& ts) const {
    return R"({"type":"location","ts":")" + ts + R"(","msisdn":")" + msisdn + R"(","cell_id":")" +
           airport + "\"}\n";
  }
  std::string Data(const std::string& ts) const {
    return R"({"type":"data","ts":")" + ts + R"(","msisdn":")" + msisdn +
           R"(","host":"ctrip.com","app":"","bytes_up":1,"bytes_down":2,"duration_s":60,"cell_id":")" +
           airport + "\"}\n";
  }
  std::string msisdn, airport;
};

// Polls `path` until its body holds `want` (the stream is matched on its own thread).
std::string WaitFor(uint16_t port, const std::string& path, const std::string& want,
                    const std::string& token = "") {
  std::string body;
  for (int i = 0; i < 100; ++i) {
    body = HttpGet(port, path, token);
    if (body.find(want) != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return body;
}

TEST_F(ServeCommand, LiveTriggersAreQueryablePerSubscriberWithRoles) {
  TempDir dir;
  const AirportFeed feed(*root_);
  const std::string& msisdn = feed.msisdn;
  ASSERT_FALSE(feed.airport.empty());
  WriteFile(dir / "live.jsonl", feed.Location("2026-11-05T08:00:00+08:00") +
                                    feed.Data("2026-11-05T08:04:00+08:00") +
                                    feed.Location("2026-11-05T08:11:00+08:00") +
                                    feed.Location("2026-11-05T08:12:00+08:00"));
  WriteFile(dir / "tokens.csv",
            "token,role\nadmin-token-0123456789,admin\nchannel-token-0123456789,channel\n");
  ServeProcess serve({"serve", "--snapshot", *root_ + "/out", "--data", *root_ + "/data",
                      "--stream", dir / "live.jsonl", "--tokens", dir / "tokens.csv", "--port", "0",
                      "--rules", RIPPLE_SOURCE_DIR "/config/rules/travel.rules", "--events-state",
                      dir / "events-state", "--decide-state", dir / "decide-state"});
  ASSERT_GT(serve.port(), 0) << serve.first_line();
  const std::string path = "/v1/subscribers/" + msisdn + "/triggers";
  const std::string body = WaitFor(serve.port(), path, "at_airport", "admin-token-0123456789");
  EXPECT_NE(body.find("HTTP/1.1 200"), std::string::npos) << body;
  EXPECT_NE(
      body.find(
          R"("rule":"airport_with_data","trigger":"at_airport","ts":"2026-11-05T08:11:00+08:00","expires":"2026-11-05T11:11:00+08:00","priority":80,"attributes":{"area_id":)"),
      std::string::npos)
      << body;
  EXPECT_NE(HttpGet(serve.port(), path).find("HTTP/1.1 401"), std::string::npos);
  EXPECT_NE(HttpGet(serve.port(), path, "wrong-token-0123456789").find("HTTP/1.1 401"),
            std::string::npos);
  const std::string forbidden = HttpGet(serve.port(), path, "channel-token-0123456789");
  EXPECT_NE(forbidden.find("HTTP/1.1 403"), std::string::npos) << forbidden;
  EXPECT_NE(forbidden.find(R"({"error":"role 'channel' may not do this"})"), std::string::npos);
  const std::string bad =
      HttpGet(serve.port(), "/v1/subscribers/abc/triggers", "admin-token-0123456789");
  EXPECT_NE(bad.find("HTTP/1.1 400"), std::string::npos) << bad;
  EXPECT_NE(bad.find(R"("field":"msisdn")"), std::string::npos) << bad;
  const std::string metrics = HttpGet(serve.port(), "/metrics");
  EXPECT_NE(metrics.find("ripple_triggers_total 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("ripple_trigger_latency_seconds_count 1"), std::string::npos) << metrics;
  EXPECT_NE(HttpGet(serve.port(), "/healthz").find(R"("status":"ok")"), std::string::npos);
  EXPECT_EQ(serve.Stop(), 0);
}

// Stopped after the start of an airport stay, restarted with the rest of it: the stay began
// before the restart and still fires, and a second restart still answers with the trigger.
TEST_F(ServeCommand, RestartResumesMatchesInProgressAndKeepsLiveTriggers) {
  TempDir dir;
  const AirportFeed feed(*root_);
  WriteFile(dir / "first.jsonl",
            feed.Location("2026-11-05T08:00:00+08:00") + feed.Data("2026-11-05T08:04:00+08:00"));
  WriteFile(dir / "second.jsonl", feed.Location("2026-11-05T08:11:00+08:00") +
                                      feed.Location("2026-11-05T08:12:00+08:00"));
  auto run = [&](const std::string& stream) {
    return std::make_unique<ServeProcess>(std::vector<std::string>{
        "serve", "--snapshot", *root_ + "/out", "--data", *root_ + "/data", "--stream",
        dir / stream, "--insecure-demo", "--port", "0", "--rules",
        RIPPLE_SOURCE_DIR "/config/rules/travel.rules", "--events-state", dir / "state",
        "--decide-state", dir / "decide-state"});
  };
  const std::string path = "/v1/subscribers/" + feed.msisdn + "/triggers";
  {
    auto serve = run("first.jsonl");
    ASSERT_GT(serve->port(), 0) << serve->first_line();
    const std::string health = WaitFor(serve->port(), "/healthz", R"("stream_done":true)");
    ASSERT_NE(health.find(R"("records":2)"), std::string::npos) << health;
    EXPECT_EQ(HttpGet(serve->port(), path).find("at_airport"), std::string::npos);
    EXPECT_EQ(serve->Stop(), 0);
  }
  ASSERT_TRUE(std::filesystem::exists(dir / "state"));
  {
    auto serve = run("second.jsonl");
    ASSERT_GT(serve->port(), 0) << serve->first_line();
    const std::string body = WaitFor(serve->port(), path, "at_airport");
    EXPECT_NE(body.find(R"("trigger":"at_airport","ts":"2026-11-05T08:11:00+08:00")"),
              std::string::npos)
        << body;
    const std::string health = WaitFor(serve->port(), "/healthz", R"("stream_done":true)");
    EXPECT_NE(health.find(R"("records":4)"), std::string::npos) << health;  // 2 before + 2
    EXPECT_EQ(serve->Stop(), 0);
  }
  {
    auto serve = run("second.jsonl");  // read already: resumes at its end, nothing new
    ASSERT_GT(serve->port(), 0) << serve->first_line();
    const std::string health = WaitFor(serve->port(), "/healthz", R"("stream_done":true)");
    EXPECT_NE(health.find(R"("records":4)"), std::string::npos) << health;
    const std::string body = HttpGet(serve->port(), path);
    EXPECT_NE(body.find(R"("trigger":"at_airport","ts":"2026-11-05T08:11:00+08:00")"),
              std::string::npos)
        << body;
    EXPECT_EQ(serve->Stop(), 0);
  }
}

}  // namespace
}  // namespace ripple::testing
