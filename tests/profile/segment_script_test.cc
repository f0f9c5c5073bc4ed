// Runs the segment scripts in tests/profile/segments/*.test against the small table of
// segment_test_util.h. A script is a list of cases separated by blank lines; `#` starts a
// comment line. Each case is an `expr:` line followed by what it must give:
//
//   expr: not age > 30
//   members: 0 2 4 5 6          # the rows, ascending; `members:` alone for none
//   warning: segment:14: …     # optional, one line per expected warning, in order
//
//   expr: agee > 3
//   error: segment:1: unknown tag 'agee' (did you mean 'age'?)
//
// A failure names the script and the line of the case's `expr:`.
#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>

#include "segment_test_util.h"

namespace ripple::profile {
namespace {

struct Case {
  int line = 0;
  std::string expr;
  bool has_members = false;
  std::vector<uint32_t> members;
  std::string error;
  std::vector<std::string> warnings;
};

std::vector<Case> ReadScript(const std::string& path) {
  std::vector<Case> cases;
  std::istringstream in(ripple::testing::ReadFile(path));
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    auto rest = [&](size_t prefix) {
      std::string v = line.substr(prefix);
      return v.empty() || v[0] != ' ' ? v : v.substr(1);
    };
    if (line.rfind("expr:", 0) == 0) {
      Case c;
      c.line = n;
      c.expr = rest(5);
      cases.push_back(std::move(c));
    } else if (cases.empty()) {
      ADD_FAILURE() << path << ":" << n << ": expected 'expr:' first";
    } else if (line.rfind("members:", 0) == 0) {
      cases.back().has_members = true;
      std::istringstream rows(rest(8));
      for (uint32_t r; rows >> r;) cases.back().members.push_back(r);
    } else if (line.rfind("error:", 0) == 0) {
      cases.back().error = rest(6);
    } else if (line.rfind("warning:", 0) == 0) {
      cases.back().warnings.push_back(rest(8));
    } else {
      ADD_FAILURE() << path << ":" << n << ": unknown line: " << line;
    }
  }
  return cases;
}

TEST(SegmentScripts, EveryCaseGivesWhatItsScriptSays) {
  const TagTable table = testing::SmallTable();
  const std::filesystem::path dir =
      std::filesystem::path(RIPPLE_SOURCE_DIR) / "tests/profile/segments";
  int scripts = 0, cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".test") continue;
    ++scripts;
    const std::string path = entry.path().string();
    for (const Case& c : ReadScript(path)) {
      ++cases;
      SCOPED_TRACE(path + ":" + std::to_string(c.line) + ": " + c.expr);
      EXPECT_NE(c.has_members, !c.error.empty()) << "a case needs members: or error:";
      Result<Segment> s = Segment::Parse(c.expr, table);
      if (!c.error.empty()) {
        EXPECT_FALSE(s.ok());
        if (!s.ok()) {
          EXPECT_EQ(s.status().message(), c.error);
        }
        continue;
      }
      if (!s.ok()) {
        ADD_FAILURE() << s.status().ToString();
        continue;
      }
      EXPECT_EQ(testing::Members(s->Evaluate(table)), c.members);
      EXPECT_EQ(s->warnings(), c.warnings);
    }
  }
  EXPECT_GE(scripts, 1);
  EXPECT_GE(cases, 10);
}

}  // namespace
}  // namespace ripple::profile
