// RippleServer: `ripple serve` (or any ripple command that prints "listening on ...") as a
// child process of a test, for tests that talk to it over HTTP.
// Thread-safety: one test thread owns it.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace ripple::testing {

// `ripple ARGS` as a child: reads "listening on http://ADDR:PORT" from its stdout; its stderr
// goes to `log` (empty: this process's stderr). SIGTERM on Stop or destruction.
class RippleServer {
 public:
  explicit RippleServer(const std::vector<std::string>& args, const std::string& log = "") {
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      if (!log.empty()) {
        if (std::FILE* e = std::freopen(log.c_str(), "a", stderr)) (void)e;
      }
      ExecRipple(args);
    }
    close(out[1]);
    out_ = fdopen(out[0], "r");
    char line[256];
    if (std::fgets(line, sizeof line, out_)) {
      first_line_ = line;
      const std::string l = line;
      const size_t colon = l.rfind(':');
      if (l.starts_with("listening on") && colon != std::string::npos) {
        port_ = std::stoi(l.substr(colon + 1));
      }
    }
  }
  ~RippleServer() { Stop(); }
  RippleServer(const RippleServer&) = delete;
  RippleServer& operator=(const RippleServer&) = delete;
  // SIGTERM and wait; the exit code (-1 when it did not exit normally).
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
  const std::string& first_line() const { return first_line_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::FILE* out_ = nullptr;
  std::string first_line_;
};

}  // namespace ripple::testing
