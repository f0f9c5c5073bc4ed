// HttpServer over real sockets: keep-alive (several requests on one connection), query and
// path decoding, and bad input answered with a JSON error instead of a crash.
#include "serve/http_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/http_client.h"
#include "support/test_support.h"

namespace ripple::serve {
namespace {

using ripple::testing::Client;

std::string Get(const std::string& target) {
  return "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
}

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    HttpServer::Options o;
    o.port = 0;
    o.max_body_bytes = 1000;
    auto s = HttpServer::Start(o, [this](const HttpRequest& r) -> HttpResponse {
      ++calls_;
      if (r.path == "/boom") throw std::runtime_error("boom");
      std::string body = r.method + " " + r.path;
      for (const auto& [k, v] : r.query) body += " [" + k + "=" + v + "]";
      if (!r.authorization.empty()) body += " auth=" + r.authorization;
      if (!r.body.empty()) body += " body=" + r.body;
      return {200, "text/plain", body};
    });
    ASSERT_OK(s);
    server_ = std::move(*s);
  }
  std::unique_ptr<HttpServer> server_;
  std::atomic<int> calls_{0};
};

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Client c(server_->port());
  ASSERT_TRUE(c.connected());
  c.Send(Get("/v1/a?x=1&y=h%C3%A9llo+w") + Get("/v1/b%2Fc"));
  const std::string first = c.Read();
  EXPECT_NE(first.find("HTTP/1.1 200 OK"), std::string::npos) << first;
  EXPECT_NE(first.find("GET /v1/a [x=1] [y=h\xC3\xA9llo w]"), std::string::npos) << first;
  EXPECT_NE(c.Read().find("GET /v1/b/c"), std::string::npos);
  c.Send("POST /p HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t1\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_NE(c.Read().find("POST /p auth=Bearer t1 body=abc"), std::string::npos);
  EXPECT_EQ(server_->requests(), 3u);
}

TEST_F(HttpServerTest, MalformedRequestsGetJsonErrors) {
  {
    Client c(server_->port());
    c.Send("THIS IS NOT HTTP\r\n\r\n");
    const std::string r = c.Read();
    EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos) << r;
    EXPECT_NE(r.find(R"({"error":"malformed HTTP request)"), std::string::npos) << r;
  }
  {
    Client c(server_->port());
    c.Send(Get("/x?q=%zz"));
    const std::string r = c.Read();
    EXPECT_NE(r.find("HTTP/1.1 400"), std::string::npos) << r;
    EXPECT_NE(r.find("bad percent-encoding"), std::string::npos) << r;
  }
  {
    Client c(server_->port());
    c.Send("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
    const std::string r = c.Read();
    EXPECT_NE(r.find("HTTP/1.1 413"), std::string::npos) << r;
  }
  {
    Client c(server_->port());
    c.Send(Get("/boom"));
    const std::string r = c.Read();
    EXPECT_NE(r.find("HTTP/1.1 500"), std::string::npos) << r;
    EXPECT_NE(r.find(R"({"error":"internal error: boom"})"), std::string::npos) << r;
  }
  // Still serving.
  Client c(server_->port());
  c.Send(Get("/ok"));
  EXPECT_NE(c.Read().find("200 OK"), std::string::npos);
}

TEST_F(HttpServerTest, ManyConcurrentConnections) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&, t] {
      Client c(server_->port());
      for (int i = 0; i < 50; ++i) {
        c.Send(Get("/t" + std::to_string(t) + "?i=" + std::to_string(i)));
        const std::string r = c.Read();
        if (r.find("GET /t" + std::to_string(t) + " [i=" + std::to_string(i) + "]") !=
            std::string::npos) {
          ++ok;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 16 * 50);
  EXPECT_EQ(calls_.load(), 16 * 50);
}

TEST(HttpServerStart, PortInUseIsAClearError) {
  HttpServer::Options o;
  o.port = 0;
  auto first = HttpServer::Start(o, [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_OK(first);
  o.port = (*first)->port();
  auto second = HttpServer::Start(o, [](const HttpRequest&) { return HttpResponse{}; });
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("cannot listen on 127.0.0.1:" + std::to_string(o.port)),
            std::string::npos)
      << second.status().message();
}

}  // namespace
}  // namespace ripple::serve
