// HttpServer: an event-driven HTTP/1.1 server (Boost.Beast on Asio) with keep-alive, for the
// API of `ripple serve`. A fixed pool of threads runs one io_context; each connection is a
// coroutine that reads a request, calls the handler and writes the response, until the client
// closes or asks to. The handler runs on a pool thread and must be thread-safe.
//
// Bad HTTP (unparsable request, body over the limit) gets a 400 / 413 with a JSON error and the
// connection is closed; an exception escaping the handler becomes a 500 with a JSON error. The
// server never stops for a bad request.
// Thread-safety: Start/Stop from one thread; the handler is called concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace ripple::serve {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // target without the query, percent-decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string authorization;                               // the header's value, or empty
  std::string body;

  // The first value of a query parameter, or nullptr.
  const std::string* Param(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// {"error": message, "field": field} with the status.
HttpResponse JsonError(int status, std::string_view message, std::string_view field = {});

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  struct Options {
    std::string address = "127.0.0.1";
    uint16_t port = 8080;  // 0: any free port (see port())
    int threads = 2;
    size_t max_body_bytes = 1 << 20;
  };
  // Binds and starts serving. Errors (address in use, bad address) name the address and port.
  static Result<std::unique_ptr<HttpServer>> Start(const Options& options, HttpHandler handler);
  ~HttpServer();  // stops
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  uint16_t port() const;
  // Stops accepting, closes connections and joins the threads. Idempotent.
  void Stop();
  // Requests answered so far.
  uint64_t requests() const;

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Percent-decoding of a URL component ('+' is a space in query strings). False when malformed.
bool UrlDecode(std::string_view in, bool plus_is_space, std::string* out);

}  // namespace ripple::serve
