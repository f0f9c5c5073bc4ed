// Shared by decision_api_test.cc and decision_admin_test.cc: a small simulated world built once
// per ripple binary, `ripple serve` as a child process with one token per role, and a raw HTTP
// client that returns status, content type and body.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "support/http_client.h"
#include "support/ripple_server.h"
#include "support/test_support.h"

namespace ripple::testing::decision {

using json = nlohmann::json;

inline constexpr char kAdmin[] = "admin-token-0123456789";
inline constexpr char kMarketer[] = "marketer-token-0123456789";
inline constexpr char kAnalyst[] = "analyst-token-0123456789";
inline constexpr char kChannel[] = "channel-token-0123456789";
inline constexpr char kConfig[] = RIPPLE_SOURCE_DIR "/config";

inline void WriteTokens(const std::string& path) {
  WriteFile(path, std::string("token,role\n") + kAdmin + ",admin\n" + kMarketer + ",marketer\n" +
                      kAnalyst + ",analyst\n" + kChannel + ",channel\n");
}

// 2,000 subscribers x 2 days, seed 11, in ROOT/data and `ripple batch` of it in ROOT/out: built
// once per ripple binary (ctest runs every test in its own process) under a file lock. Tests
// never write into it: each server gets its own --decide-state folder.
inline std::string SmallWorld() {
  namespace fs = std::filesystem;
  const auto binary_time = fs::last_write_time(RIPPLE_BINARY).time_since_epoch().count();
  const std::string key =
      std::to_string(static_cast<uint64_t>(binary_time) ^ (fs::file_size(RIPPLE_BINARY) << 1));
  const std::string root =
      (fs::temp_directory_path() / ("ripple-test-decide-world-" + key)).string();
  const int lock = ::open((root + ".lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) return root;
  if (!fs::exists(root + "/done")) {
    fs::remove_all(root);
    auto sim = RunRipple({"simulate", "--subscribers", "2000", "--days", "2", "--seed", "11",
                          "--out", root + "/data"});
    auto batch = sim.exit_code != 0
                     ? sim
                     : RunRipple({"batch", "--data", root + "/data", "--out", root + "/out",
                                  "--segments", std::string(kConfig) + "/segments.yaml"});
    if (sim.exit_code == 0 && batch.exit_code == 0) {
      WriteFile(root + "/done", "");
    } else {
      ADD_FAILURE() << "building the small world failed: " << sim.err << batch.err;
    }
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return root;
}

// The first `n` subscribers' numbers of ROOT/data/subscribers.csv.
inline std::vector<std::string> Subscribers(const std::string& root, size_t n) {
  std::vector<std::string> out;
  const auto lines = ReadLines(root + "/data/subscribers.csv");
  for (size_t i = 1; i < lines.size() && out.size() < n; ++i) out.push_back(SplitCsv(lines[i])[0]);
  return out;
}

struct Response {
  int status = 0;
  std::string content_type;
  std::string body;
  std::string raw;
  json Json() const { return json::parse(body, nullptr, false); }
};

// One request on a fresh connection.
inline Response Http(uint16_t port, const std::string& method, const std::string& target,
                     const std::string& token = {}, const std::optional<std::string>& body = {}) {
  Client c(port);
  std::string req = method + " " + target + " HTTP/1.1\r\nHost: x\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  if (body) {
    req += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body->size()) +
           "\r\n\r\n" + *body;
  } else {
    req += "\r\n";
  }
  c.Send(req);
  Response r;
  r.raw = c.Read();
  if (r.raw.starts_with("HTTP/1.1 ")) r.status = std::stoi(r.raw.substr(9, 3));
  const size_t head_end = r.raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return r;
  r.body = r.raw.substr(head_end + 4);
  const size_t ct = r.raw.find("Content-Type: ");
  if (ct < head_end) r.content_type = r.raw.substr(ct + 14, r.raw.find("\r\n", ct) - ct - 14);
  return r;
}

// A decision on CHANNEL/SLOT for MSISDN with explain=1.
inline Response Decide(uint16_t port, const std::string& msisdn, const std::string& channel,
                       const std::string& slot, const std::string& token = kChannel) {
  return Http(
      port, "GET",
      "/v1/decision?msisdn=" + msisdn + "&channel=" + channel + "&slot=" + slot + "&explain=1",
      token);
}

inline Response Feedback(uint16_t port, const std::string& decision_id, const std::string& event,
                         const std::string& token = kChannel) {
  return Http(port, "POST", "/v1/feedback", token,
              json{{"decision_id", decision_id}, {"event", event}}.dump());
}

// A Prometheus sample's value ("name value" on its own line), or -1.
inline double Metric(const std::string& text, const std::string& name) {
  const std::string key = "\n" + name + " ";
  const size_t at = ("\n" + text).find(key);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + key.size() - 1));
}

// A campaign body like those of config/marketing.yaml.
inline json TestOffer(const std::string& id = "test_offer") {
  return {{"id", id},          {"name", "Test offer"},
          {"product", "DP1G"}, {"slots", {"web/hall_banner"}},
          {"priority", 500},   {"creative", {{"image", "IMG_TEST"}, {"copy", "A test offer."}}},
          {"state", "active"}};
}

// The small world, one token per role and a decide state of its own per test.
class DecisionFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = new std::string(SmallWorld());
    ASSERT_TRUE(std::filesystem::exists(*root_ + "/done"));
  }
  static void TearDownTestSuite() {
    delete root_;
    root_ = nullptr;
  }
  void SetUp() override { WriteTokens(dir_ / "tokens.csv"); }

  std::unique_ptr<RippleServer> StartServer() {
    return std::make_unique<RippleServer>(
        std::vector<std::string>{"serve", "--snapshot", *root_ + "/out", "--config", kConfig,
                                 "--tokens", dir_ / "tokens.csv", "--port", "0", "--decide-state",
                                 dir_ / "decide-state"},
        dir_ / "serve.log");
  }
  std::string ServerLog() const { return ReadFile(dir_ / "serve.log"); }
  static std::string Out() { return *root_ + "/out"; }

  static std::string* root_;
  TempDir dir_;
};
inline std::string* DecisionFixture::root_ = nullptr;

}  // namespace ripple::testing::decision
