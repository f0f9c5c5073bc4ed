// `ripple serve` as a process: it refuses to start without tokens, answers with the live
// triggers of a stream it matches, checks bearer tokens by role, and stops on SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "support/http_client.h"
#include "support/test_support.h"

namespace ripple::testing {
namespace {

// Starts `ripple ARGS`, reads "listening on http://ADDR:PORT" from its stdout.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      ExecRipple(args);
    }
    close(out[1]);
    std::FILE* f = fdopen(out[0], "r");
    char line[256];
    if (std::fgets(line, sizeof line, f)) {
      first_line_ = line;
      const std::string l = line;
      const size_t colon = l.rfind(':');
      if (l.starts_with("listening on") && colon != std::string::npos)
        port_ = std::stoi(l.substr(colon + 1));
    }
    out_ = f;
  }
  ~ServeProcess() { Stop(); }
  int Stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_) std::fclose(out_);
    out_ = nullptr;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  uint16_t port() const { return static_cast<uint16_t>(port_); }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::FILE* out_ = nullptr;

 public:
  std::string first_line_;
};

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

TEST_F(ServeCommand, LiveTriggersAreQueryablePerSubscriberWithRoles) {
  TempDir dir;
  const std::string msisdn = SplitCsv(ReadLines(*root_ + "/data/subscribers.csv").at(1)).at(0);
  std::string airport;
  for (const std::string& l : ReadLines(*root_ + "/data/cells.csv")) {
    if (l.ends_with(",airport")) airport = SplitCsv(l)[0];
  }
  ASSERT_FALSE(airport.empty());
  auto loc = [&](const std::string& ts) {
    return R"({"type":"location","ts":")" + ts + R"(","msisdn":")" + msisdn + R"(","cell_id":")" +
           airport + "\"}\n";
  };
  WriteFile(
      dir / "live.jsonl",
      loc("2026-11-05T08:00:00+08:00") +
          R"({"type":"data","ts":"2026-11-05T08:04:00+08:00","msisdn":")" + msisdn +
          R"(","host":"ctrip.com","app":"","bytes_up":1,"bytes_down":2,"duration_s":60,"cell_id":")" +
          airport + "\"}\n" + loc("2026-11-05T08:11:00+08:00") + loc("2026-11-05T08:12:00+08:00"));
  WriteFile(dir / "tokens.csv",
            "token,role\nadmin-token-0123456789,admin\nchannel-token-0123456789,channel\n");
  ServeProcess serve({"serve", "--snapshot", *root_ + "/out", "--data", *root_ + "/data",
                      "--stream", dir / "live.jsonl", "--tokens", dir / "tokens.csv", "--port", "0",
                      "--rules", RIPPLE_SOURCE_DIR "/config/rules/travel.rules"});
  ASSERT_GT(serve.port(), 0) << serve.first_line_;
  const std::string path = "/v1/subscribers/" + msisdn + "/triggers";
  std::string body;
  for (int i = 0; i < 50; ++i) {  // the stream is matched on its own thread
    body = HttpGet(serve.port(), path, "admin-token-0123456789");
    if (body.find("at_airport") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
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

}  // namespace
}  // namespace ripple::testing
