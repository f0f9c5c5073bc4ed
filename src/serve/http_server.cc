#include "serve/http_server.h"

// Boost 1.74's asio awaitable.hpp uses std::exchange without including <utility> (C++20).
#include <utility>
// clang-format off
#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on

#include <atomic>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace ripple::serve {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

const std::string* HttpRequest::Param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return &v;
  }
  return nullptr;
}

HttpResponse JsonError(int status, std::string_view message, std::string_view field) {
  nlohmann::ordered_json j;
  j["error"] = message;
  if (!field.empty()) j["field"] = field;
  return {status, "application/json", j.dump()};
}

bool UrlDecode(std::string_view in, bool plus_is_space, std::string* out) {
  out->clear();
  out->reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;  // two hex digits must follow
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(in[i + 1]), lo = hex(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out->push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out->push_back(' ');
    } else {
      out->push_back(c);
    }
  }
  return true;
}

namespace {

// Splits the target into a decoded path and query parameters. False when malformed.
bool ParseTarget(std::string_view target, HttpRequest& req) {
  const size_t q = target.find('?');
  if (!UrlDecode(target.substr(0, q), false, &req.path)) return false;
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    std::string k, v;
    if (!UrlDecode(pair.substr(0, eq), true, &k)) return false;
    if (eq != std::string_view::npos && !UrlDecode(pair.substr(eq + 1), true, &v)) return false;
    req.query.emplace_back(std::move(k), std::move(v));
  }
  return true;
}

}  // namespace

struct HttpServer::Impl {
  Options options;
  HttpHandler handler;
  // No concurrency hint of 1: with it asio keeps every completion on the thread that ran the
  // reactor (thread-private queues, no wake-ups), so a pool of N threads served on one.
  asio::io_context io;
  tcp::acceptor acceptor{io};
  std::vector<std::thread> threads;
  std::atomic<uint64_t> requests{0};
  std::atomic<bool> stopped{false};
  std::mutex stop_mutex;

  asio::awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    while (true) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(options.max_body_bytes);
      stream.expires_after(std::chrono::seconds(60));
      beast::error_code ec;
      co_await http::async_read(stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec == http::error::end_of_stream || ec == asio::error::eof ||
          ec == beast::error::timeout || ec == asio::error::operation_aborted ||
          ec == asio::error::connection_reset) {
        break;
      }
      HttpResponse out;
      bool keep_alive = false;
      unsigned version = 11;
      if (ec) {
        out = ec == http::error::body_limit
                  ? JsonError(413, "request body too large")
                  : JsonError(400, "malformed HTTP request: " + ec.message());
      } else {
        const auto& msg = parser.get();
        keep_alive = msg.keep_alive();
        version = msg.version();
        HttpRequest req;
        req.method = std::string(msg.method_string());
        req.target = std::string(msg.target());
        req.authorization = std::string(msg[http::field::authorization]);
        req.body = msg.body();
        if (!ParseTarget(req.target, req)) {
          out = JsonError(400, "malformed URL (bad percent-encoding)");
        } else {
          try {
            out = handler(req);
          } catch (const std::exception& e) {
            out = JsonError(500, std::string("internal error: ") + e.what());
          }
        }
      }
      ++requests;
      http::response<http::string_body> res{static_cast<http::status>(out.status), version};
      res.set(http::field::server, "ripple");
      res.set(http::field::content_type, out.content_type);
      res.keep_alive(keep_alive);
      res.body() = std::move(out.body);
      res.prepare_payload();
      beast::error_code wec;
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, wec));
      if (wec || !keep_alive) break;
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  }

  asio::awaitable<void> Accept() {
    while (!stopped) {
      beast::error_code ec;
      // Each connection on its own strand: with several threads, a session's read and its
      // tcp_stream timeout handler must not run at once.
      tcp::socket socket = co_await acceptor.async_accept(
          asio::make_strand(io), asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        if (stopped || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. too many open files: keep serving the others
      }
      socket.set_option(tcp::no_delay(true));
      const auto executor = socket.get_executor();
      asio::co_spawn(executor, Session(std::move(socket)), asio::detached);
    }
  }
};

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const Options& options, HttpHandler handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  const std::string where = options.address + ":" + std::to_string(options.port);
  beast::error_code ec;
  const auto address = asio::ip::make_address(options.address, ec);
  if (ec) return Status::InvalidArgument("bad listen address '" + options.address + "'");
  const tcp::endpoint endpoint(address, options.port);
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return Status::IoError("cannot listen on " + where + ": " + ec.message());
  Impl* raw = impl.get();
  asio::co_spawn(raw->io, raw->Accept(), asio::detached);
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    raw->threads.emplace_back([raw] { raw->io.run(); });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

uint16_t HttpServer::port() const { return impl_->acceptor.local_endpoint().port(); }

uint64_t HttpServer::requests() const { return impl_->requests.load(); }

void HttpServer::Stop() {
  if (!impl_) return;
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  if (impl_->stopped.exchange(true)) return;
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace ripple::serve
