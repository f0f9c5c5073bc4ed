// A blocking HTTP/1.1 client for tests: raw requests over one keep-alive connection, responses
// read by Content-Length.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace ripple::testing {

// A blocking client connection: sends raw bytes, reads one response (by Content-Length).
class Client {
 public:
  explicit Client(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { close(fd_); }
  bool connected() const { return connected_; }
  void Send(const std::string& bytes) { (void)!write(fd_, bytes.data(), bytes.size()); }
  // The next response; empty when the server closed the connection.
  std::string Read() {
    while (true) {
      const size_t head_end = buf_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const size_t cl = buf_.find("Content-Length: ");
        const size_t len = cl < head_end ? std::stoul(buf_.substr(cl + 16)) : 0;
        if (buf_.size() >= head_end + 4 + len) {
          std::string r = buf_.substr(0, head_end + 4 + len);
          buf_.erase(0, head_end + 4 + len);
          return r;
        }
      }
      char tmp[4096];
      const ssize_t n = read(fd_, tmp, sizeof tmp);
      if (n <= 0) return {};
      buf_.append(tmp, static_cast<size_t>(n));
    }
  }

 private:
  int fd_;
  bool connected_ = false;
  std::string buf_;
};

// GET `target` on a fresh connection with optional bearer token; returns the whole response.
inline std::string HttpGet(uint16_t port, const std::string& target,
                           const std::string& token = {}) {
  Client c(port);
  std::string req = "GET " + target + " HTTP/1.1\r\nHost: x\r\n";
  if (!token.empty()) req += "Authorization: Bearer " + token + "\r\n";
  c.Send(req + "\r\n");
  return c.Read();
}

}  // namespace ripple::testing
