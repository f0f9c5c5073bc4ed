// Helpers shared by every test binary: status assertions, temporary folders, running the
// `ripple` binary and reading files back.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "core/status.h"

#define ASSERT_OK(expr)                                        \
  do {                                                         \
    const auto& _s = (expr);                                   \
    ASSERT_TRUE(_s.ok()) << ::ripple::testing::StatusText(_s); \
  } while (0)
#define EXPECT_OK(expr)                                        \
  do {                                                         \
    const auto& _s = (expr);                                   \
    EXPECT_TRUE(_s.ok()) << ::ripple::testing::StatusText(_s); \
  } while (0)

namespace ripple::testing {

inline std::string StatusText(const Status& s) { return s.ToString(); }
template <typename T>
std::string StatusText(const Result<T>& r) {
  return r.ok() ? std::string("OK") : r.status().ToString();
}

// A fresh folder under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs `build/ripple ARGS...` (the binary under test) and captures its output.
CommandResult RunRipple(const std::vector<std::string>& args);
// In a forked child: replaces the process with `build/ripple ARGS...` (exit 127 if it cannot).
[[noreturn]] void ExecRipple(const std::vector<std::string>& args);

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& text);
std::vector<std::string> ReadLines(const std::string& path);
// Splits one CSV record (RFC 4180 quotes, no embedded newlines) into unquoted fields.
std::vector<std::string> SplitCsv(const std::string& line);

// The simulated operator the end-to-end tests score against: 10,000 subscribers x 14 days, seed
// 7, in ROOT/data, and `ripple batch --reveal --segments config/segments.yaml` of it in ROOT/out.
// ctest runs every test in its own process, so it is built once per ripple binary into a shared
// temporary folder under a file lock; returns ROOT (ROOT/done exists when it is complete).
std::string SharedSimulatedWorld();

}  // namespace ripple::testing
