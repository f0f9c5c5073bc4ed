// Same flags, same bytes: the simulator is a pure function of its flags, whatever --threads.
#include <filesystem>
#include <map>
#include <string>

#include "sim_test_support.h"
#include "support/test_support.h"

namespace ripple::sim::testing {
namespace {

namespace fs = std::filesystem;

// Relative path -> contents of every file under dir.
std::map<std::string, std::string> Snapshot(const fs::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[fs::relative(entry.path(), dir).string()] =
          ::ripple::testing::ReadFile(entry.path().string());
    }
  }
  return files;
}

TEST(SimulateDeterminism, SameSeedTwiceWritesIdenticalFiles) {
  TempDir a, b;
  Simulate(a.path().string(), {"--subscribers", "300", "--days", "2", "--seed", "7"});
  Simulate(b.path().string(), {"--subscribers", "300", "--days", "2", "--seed", "7"});
  auto first = Snapshot(a.path()), second = Snapshot(b.path());
  EXPECT_EQ(first.size(), 21u);  // 5 reference tables, 8 feeds, 8 truth files
  EXPECT_TRUE(first == second);
}

TEST(SimulateDeterminism, DifferentSeedWritesDifferentFiles) {
  TempDir a, b;
  Simulate(a.path().string(), {"--subscribers", "300", "--days", "2", "--seed", "7"});
  Simulate(b.path().string(), {"--subscribers", "300", "--days", "2", "--seed", "8"});
  auto first = Snapshot(a.path()), second = Snapshot(b.path());
  for (const char* name : {"subscribers.csv", "calls.csv", "data.csv", "truth/ties.csv"}) {
    EXPECT_NE(first[name], second[name]) << name;
  }
  // The catalogues are constants of the model.
  EXPECT_EQ(first["hosts.csv"], second["hosts.csv"]);
  EXPECT_EQ(first["tac.csv"], second["tac.csv"]);
}

TEST(SimulateDeterminism, ThreadCountDoesNotChangeAnyByte) {
  TempDir one, two, five;
  const std::vector<std::string> flags = {"--subscribers", "700", "--days", "3", "--dirty", "0.01"};
  auto with_threads = [&](const TempDir& dir, const char* threads) {
    auto args = flags;
    args.push_back("--threads");
    args.push_back(threads);
    Simulate(dir.path().string(), args);
  };
  with_threads(one, "1");
  with_threads(two, "2");
  with_threads(five, "5");
  auto reference = Snapshot(one.path());
  EXPECT_TRUE(reference == Snapshot(two.path()));
  EXPECT_TRUE(reference == Snapshot(five.path()));
}

TEST(SimulateDeterminism, DirtyFractionLeavesTheCleanRecordsUnchanged) {
  TempDir clean, dirty;
  Simulate(clean.path().string(), {"--subscribers", "500", "--days", "2", "--dirty", "0"});
  Simulate(dirty.path().string(), {"--subscribers", "500", "--days", "2", "--dirty", "0.02"});
  auto injected = ReadInjected(dirty.path().string());
  size_t dirty_lines = 0;
  for (const auto& [where, kind] : injected) dirty_lines += kind != "late";
  EXPECT_GT(dirty_lines, 100u);
  for (const std::string& stem : EventFiles()) {
    // Remove the dirty lines (not the late ones: those are clean records) and compare.
    std::vector<std::string> kept;
    std::vector<std::string> lines = ReadLines(dirty / (stem + ".csv"));
    for (size_t i = 0; i < lines.size(); ++i) {
      auto it = injected.find({stem + ".csv", i + 1});
      if (it == injected.end() || it->second == "late") kept.push_back(lines[i]);
    }
    EXPECT_TRUE(kept == ReadLines(clean / (stem + ".csv"))) << stem;
  }
}

}  // namespace
}  // namespace ripple::sim::testing
