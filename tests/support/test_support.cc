#include "support/test_support.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ripple::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  path_ = fs::temp_directory_path() /
          ("ripple-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c != '"') {
        cur += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

void ExecRipple(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string bin = RIPPLE_BINARY;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(bin.c_str(), argv.data());
  std::_Exit(127);
}

CommandResult RunRipple(const std::vector<std::string>& args) {
  TempDir tmp;
  std::string out_path = tmp / "stdout", err_path = tmp / "stderr";
  pid_t pid = ::fork();
  if (pid == 0) {
    FILE* o = std::freopen(out_path.c_str(), "w", stdout);
    FILE* e = std::freopen(err_path.c_str(), "w", stderr);
    (void)o;
    (void)e;
    ExecRipple(args);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = ReadFile(out_path);
  r.err = ReadFile(err_path);
  return r;
}

std::string SharedSimulatedWorld() {
  namespace fs = std::filesystem;
  const auto binary_time = fs::last_write_time(RIPPLE_BINARY).time_since_epoch().count();
  const std::string key =
      std::to_string(static_cast<uint64_t>(binary_time) ^ (fs::file_size(RIPPLE_BINARY) << 1));
  const std::string root = (fs::temp_directory_path() / ("ripple-test-world-" + key)).string();
  const int lock = ::open((root + ".lock").c_str(), O_CREAT | O_RDWR, 0644);
  if (lock < 0 || ::flock(lock, LOCK_EX) != 0) return root;
  if (!fs::exists(root + "/done")) {
    fs::remove_all(root);
    auto sim = RunRipple({"simulate", "--subscribers", "10000", "--days", "14", "--seed", "7",
                          "--out", root + "/data"});
    auto batch =
        sim.exit_code != 0
            ? sim
            : RunRipple({"batch", "--data", root + "/data", "--out", root + "/out", "--reveal",
                         "--segments", std::string(RIPPLE_SOURCE_DIR) + "/config/segments.yaml"});
    if (sim.exit_code == 0 && batch.exit_code == 0) {
      WriteFile(root + "/done", "");
    } else {
      ADD_FAILURE() << "building the simulated world failed: " << sim.err << batch.err;
    }
  }
  ::flock(lock, LOCK_UN);
  ::close(lock);
  return root;
}

}  // namespace ripple::testing
