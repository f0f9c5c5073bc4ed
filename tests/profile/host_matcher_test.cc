#include "profile/host_matcher.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "ingest/reference.h"
#include "ingest/string_table.h"
#include "sim/catalog.h"
#include "sim/host_catalog.h"
#include "sim/simulator.h"
#include "support/test_support.h"

namespace ripple::profile {
namespace {

using ingest::HostRule;
using ::ripple::testing::ReadLines;
using ::ripple::testing::SplitCsv;
using ::ripple::testing::TempDir;

std::unique_ptr<HostMatcher> MustBuild(const std::vector<HostRule>& rules) {
  auto m = HostMatcher::Build(rules, "hosts.csv");
  EXPECT_TRUE(m.ok()) << m.status().ToString();
  return m.ok() ? std::move(m).value() : nullptr;
}

// The error message of a build expected to fail.
std::string BuildError(const std::vector<HostRule>& rules, std::string_view source) {
  auto m = HostMatcher::Build(rules, source);
  EXPECT_FALSE(m.ok());
  if (m.ok()) return "";
  EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
  return m.status().message();
}

TEST(HostMatcherSuffix, MatchesTheDomainAndItsSubdomainsOnly) {
  auto m = MustBuild({{"qq.com", "suffix", "social"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("qq.com"), 0);
  EXPECT_EQ(m->Match("m.qq.com"), 0);
  EXPECT_EQ(m->Match("a.b.qq.com"), 0);
  EXPECT_EQ(m->Match("myqq.com"), kNoCategory);  // not on a label boundary
  EXPECT_EQ(m->Match("qq.com.cn"), kNoCategory);
  EXPECT_EQ(m->Match("qq.comx"), kNoCategory);
  EXPECT_EQ(m->Match("qq.co"), kNoCategory);
  EXPECT_EQ(m->Match(".qq.com"), 0);  // an empty leading label still ends in ".qq.com"
}

TEST(HostMatcherSuffix, TreatsRegexMetacharactersLiterally) {
  auto m = MustBuild({{"a+b.com", "suffix", "x"},
                      {"c(d.net", "suffix", "y"},
                      {"e*.org", "suffix", "z"},
                      {"w|v.cn", "exact", "w"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("a+b.com"), 0);
  EXPECT_EQ(m->Match("www.a+b.com"), 0);
  EXPECT_EQ(m->Match("aab.com"), kNoCategory);  // + is not "one or more"
  EXPECT_EQ(m->Match("ab.com"), kNoCategory);
  EXPECT_EQ(m->Match("a+bxcom"), kNoCategory);  // . is not "any character"
  EXPECT_EQ(m->Match("c(d.net"), 1);            // an unbalanced paren compiles as a literal
  EXPECT_EQ(m->Match("e*.org"), 2);
  EXPECT_EQ(m->Match("eee.org"), kNoCategory);
  EXPECT_EQ(m->Match(".org"), kNoCategory);
  EXPECT_EQ(m->Match("w|v.cn"), 3);
  EXPECT_EQ(m->Match("w"), kNoCategory);
  EXPECT_EQ(m->Match("v.cn"), kNoCategory);
}

TEST(HostMatcherExact, MatchesTheWholeHostOnly) {
  auto m = MustBuild({{"v.qq.com", "exact", "video"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("v.qq.com"), 0);
  EXPECT_EQ(m->Match("m.v.qq.com"), kNoCategory);
  EXPECT_EQ(m->Match("v.qq.com.cn"), kNoCategory);
  EXPECT_EQ(m->Match("vxqq.com"), kNoCategory);
  EXPECT_EQ(m->Match("qq.com"), kNoCategory);
  EXPECT_EQ(m->Match("v.qq.com\n"), kNoCategory);
}

TEST(HostMatcherRegex, IsAnchoredToTheWholeHost) {
  auto m = MustBuild({{"img[0-9]+\\.cdn\\.example\\.com", "regex", "cdn"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("img1.cdn.example.com"), 0);
  EXPECT_EQ(m->Match("img42.cdn.example.com"), 0);
  EXPECT_EQ(m->Match("img.cdn.example.com"), kNoCategory);
  EXPECT_EQ(m->Match("ximg1.cdn.example.com"), kNoCategory);
  EXPECT_EQ(m->Match("a.img1.cdn.example.com"), kNoCategory);
  EXPECT_EQ(m->Match("img1.cdn.example.com.cn"), kNoCategory);
  EXPECT_EQ(m->Match("img1.cdn.example.com\n"), kNoCategory);
}

TEST(HostMatcherRegex, AcceptsPatternsThatAnchorThemselvesOrAlternate) {
  // hosts.csv as the simulator writes it carries its own anchors; alternation stays inside.
  auto m =
      MustBuild({{"^v[0-9]+\\.vcdn-edge\\.net$", "regex", "video"}, {"a|b\\.cn", "regex", "alt"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("v12.vcdn-edge.net"), 0);
  EXPECT_EQ(m->Match("x.v12.vcdn-edge.net"), kNoCategory);
  EXPECT_EQ(m->Match("a"), 1);
  EXPECT_EQ(m->Match("b.cn"), 1);
  EXPECT_EQ(m->Match("ab.cn"), kNoCategory);  // ^(?:a|b\.cn)$, not ^a|b\.cn$
  EXPECT_EQ(m->Match("xb.cn"), kNoCategory);
}

TEST(HostMatcher, IgnoresCase) {
  auto m = MustBuild({{"QQ.com", "suffix", "s"},
                      {"Exact.CN", "exact", "e"},
                      {"img[0-9]+\\.Pic\\.net", "regex", "r"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("WWW.qq.COM"), 0);
  EXPECT_EQ(m->Match("qq.com"), 0);
  EXPECT_EQ(m->Match("exact.cn"), 1);
  EXPECT_EQ(m->Match("EXACT.CN"), 1);
  EXPECT_EQ(m->Match("IMG7.PIC.NET"), 2);
}

// Four categories so that the winner is visible: 0 exact, 1 long suffix, 2 short suffix,
// 3/4 regexes. The rules are listed least specific first, so file order cannot explain a win.
std::vector<HostRule> PrecedenceRules() {
  return {{".*\\.qq\\.com", "regex", "regex1"},
          {"[a-z]+\\.qq\\.com", "regex", "regex2"},
          {"qq.com", "suffix", "short"},
          {"pvp.qq.com", "suffix", "long"},
          {"v.qq.com", "exact", "exact"}};
}

TEST(HostMatcherPrecedence, ExactBeatsSuffixAndRegex) {
  auto m = MustBuild(PrecedenceRules());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("v.qq.com"), m->FindCategory("exact"));
}

TEST(HostMatcherPrecedence, LongerSuffixBeatsShorter) {
  auto m = MustBuild(PrecedenceRules());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("pvp.qq.com"), m->FindCategory("long"));
  EXPECT_EQ(m->Match("a.pvp.qq.com"), m->FindCategory("long"));
  EXPECT_EQ(m->Match("qq.com"), m->FindCategory("short"));
}

TEST(HostMatcherPrecedence, SuffixBeatsRegex) {
  auto m = MustBuild(PrecedenceRules());
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("m.qq.com"), m->FindCategory("short"));  // all of regex1, regex2 match too
}

TEST(HostMatcherPrecedence, FirstRegexWinsAmongRegexes) {
  auto m = MustBuild(
      {{"[a-z]+\\.example\\.net", "regex", "letters"}, {".*\\.example\\.net", "regex", "any"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("abc.example.net"), 0);  // both match: the first in file order
  EXPECT_EQ(m->Match("a1.example.net"), 1);   // only the second matches
  auto swapped = MustBuild(
      {{".*\\.example\\.net", "regex", "any"}, {"[a-z]+\\.example\\.net", "regex", "letters"}});
  ASSERT_NE(swapped, nullptr);
  EXPECT_EQ(swapped->Match("abc.example.net"), 0);
  EXPECT_EQ(swapped->categories()[0], "any");
}

TEST(HostMatcherPrecedence, FirstOfTwoEqualRulesWins) {
  auto m = MustBuild({{"b.com", "suffix", "one"},
                      {"B.com", "suffix", "two"},
                      {"x.b.com", "exact", "three"},
                      {"x.b.com", "exact", "four"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("y.b.com"), 0);
  EXPECT_EQ(m->Match("x.b.com"), 2);
}

TEST(HostMatcher, NoMatchIsNoCategory) {
  auto m = MustBuild({{"qq.com", "suffix", "social"}, {"x.cn", "exact", "x"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("example.org"), kNoCategory);
  EXPECT_EQ(m->Match("com"), kNoCategory);
  EXPECT_EQ(m->Match("203.0.113.45"), kNoCategory);
  EXPECT_EQ(m->Match("qq.com "), kNoCategory);
}

TEST(HostMatcher, EmptyHostMatchesNothing) {
  auto m = MustBuild({{"qq.com", "suffix", "social"}, {".*", "regex", "anything"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->Match("anything.at.all"), 1);
  EXPECT_EQ(m->Match(""), kNoCategory);
  EXPECT_EQ(m->Match(std::string_view()), kNoCategory);
}

TEST(HostMatcher, NumbersCategoriesByFirstAppearance) {
  auto m = MustBuild({{"a.com", "suffix", "video"},
                      {"b.com", "suffix", "games"},
                      {"c.com", "exact", "video"},
                      {"d[0-9]\\.com", "regex", "news"}});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->categories(), (std::vector<std::string>{"video", "games", "news"}));
  EXPECT_EQ(m->FindCategory("video"), 0);
  EXPECT_EQ(m->FindCategory("games"), 1);
  EXPECT_EQ(m->FindCategory("news"), 2);
  EXPECT_EQ(m->FindCategory("music"), kNoCategory);
  EXPECT_EQ(m->FindCategory(""), kNoCategory);
  EXPECT_EQ(m->Match("c.com"), 0);
  EXPECT_EQ(m->Match("d7.com"), 2);
}

TEST(HostMatcher, ZeroRulesMatchNothing) {
  auto m = MustBuild({});
  ASSERT_NE(m, nullptr);
  EXPECT_TRUE(m->categories().empty());
  EXPECT_EQ(m->Match("qq.com"), kNoCategory);
  EXPECT_EQ(m->Match(""), kNoCategory);
  EXPECT_EQ(m->FindCategory("games"), kNoCategory);
  auto clone = m->Clone();
  EXPECT_EQ(clone->Match("qq.com"), kNoCategory);
}

TEST(HostMatcherErrors, BadRegexNamesFileLineAndPattern) {
  std::string msg = BuildError(
      {{"qq.com", "suffix", "s"}, {"ok[0-9]\\.cn", "regex", "r"}, {"img(", "regex", "r"}},
      "ref/hosts.csv");
  EXPECT_EQ(msg.rfind("ref/hosts.csv:4: bad regex 'img(': ", 0), 0u) << msg;
  EXPECT_GT(msg.size(), std::string("ref/hosts.csv:4: bad regex 'img(': ").size()) << msg;
}

TEST(HostMatcherErrors, RejectsRegexFeaturesHyperscanLacks) {
  std::string msg = BuildError({{"(a)\\1\\.com", "regex", "r"}}, "hosts.csv");  // back-reference
  EXPECT_EQ(msg.rfind("hosts.csv:2: bad regex '(a)\\1\\.com': ", 0), 0u) << msg;
}

TEST(HostMatcherErrors, RejectsARegexThatWouldEscapeItsAnchors) {
  // Wrapped naively this would read ^(?:a)|(b)$ and match any host ending in "b".
  std::string msg = BuildError({{"a)|(b", "regex", "r"}}, "hosts.csv");
  EXPECT_EQ(msg.rfind("hosts.csv:2: bad regex 'a)|(b': ", 0), 0u) << msg;
}

TEST(HostMatcherErrors, UnknownMatchKindNamesTheAllowedKinds) {
  std::string msg = BuildError({{"a.com", "suffix", "s"}, {"b.com", "prefix", "s"}}, "h.csv");
  EXPECT_EQ(msg, "h.csv:3: unknown match kind 'prefix' (expected suffix, exact or regex)");
  msg = BuildError({{"a.com", "Suffix", "s"}}, "h.csv");
  EXPECT_EQ(msg, "h.csv:2: unknown match kind 'Suffix' (expected suffix, exact or regex)");
}

TEST(HostMatcherErrors, EmptyPatternOrCategoryIsAnError) {
  EXPECT_EQ(BuildError({{"", "suffix", "s"}}, "h.csv"), "h.csv:2: empty suffix pattern");
  EXPECT_EQ(BuildError({{"a.com", "exact", "s"}, {"", "regex", "s"}}, "h.csv"),
            "h.csv:3: empty regex pattern");
  EXPECT_EQ(BuildError({{"a.com", "exact", ""}}, "h.csv"),
            "h.csv:2: empty category for pattern 'a.com'");
}

TEST(HostMatcher, CloneGivesTheSameAnswersAndOutlivesTheOriginal) {
  auto m = MustBuild(PrecedenceRules());
  ASSERT_NE(m, nullptr);
  const std::vector<std::string> hosts = {"v.qq.com",   "pvp.qq.com",  "m.qq.com", "qq.com",
                                          "x.y.qq.com", "example.org", "",         "V.QQ.COM"};
  auto clone = m->Clone();
  auto clone_of_clone = clone->Clone();
  EXPECT_EQ(clone->categories(), m->categories());
  std::vector<int16_t> expected;
  for (const std::string& h : hosts) {
    expected.push_back(m->Match(h));
    EXPECT_EQ(clone->Match(h), expected.back()) << h;
    EXPECT_EQ(clone_of_clone->Match(h), expected.back()) << h;
  }
  m.reset();  // the database is shared: the clones keep it alive
  for (size_t i = 0; i < hosts.size(); ++i) EXPECT_EQ(clone->Match(hosts[i]), expected[i]);
  EXPECT_EQ(clone->FindCategory("long"), 3);
}

TEST(HostMatcherCategoryCache, AgreesWithMatchAndHandlesNoString) {
  auto m = MustBuild(PrecedenceRules());
  ASSERT_NE(m, nullptr);
  ingest::StringTable strings;
  CategoryCache cache(m.get(), &strings);
  EXPECT_EQ(cache.Get(ingest::kNoString), kNoCategory);

  const std::vector<std::string> first = {"v.qq.com", "example.org", "pvp.qq.com"};
  std::vector<ingest::StringId> ids;
  for (const std::string& h : first) ids.push_back(strings.Intern(h));
  EXPECT_EQ(cache.Get(ids[1]), kNoCategory);  // a miss is cached like a hit
  EXPECT_EQ(cache.Get(ids[0]), m->FindCategory("exact"));
  EXPECT_EQ(cache.Get(ids[2]), m->FindCategory("long"));

  // Ids interned after the cache has grown still get filled.
  for (std::string_view h : {"m.qq.com", "a.b.qq.com", "other.net"}) {
    ids.push_back(strings.Intern(h));
  }
  EXPECT_EQ(cache.Get(ids[5]), kNoCategory);
  EXPECT_EQ(cache.Get(ids[3]), m->FindCategory("short"));
  for (int pass = 0; pass < 2; ++pass) {
    for (ingest::StringId id : ids) EXPECT_EQ(cache.Get(id), m->Match(strings.Text(id))) << id;
  }
  EXPECT_EQ(cache.Get(ingest::kNoString), kNoCategory);
}

// The simulator's hosts.csv against the hosts its data feed goes to: every concrete host the
// catalog generates for a listed rule must land in that rule's category, and the hosts it
// generates as absent from hosts.csv must match nothing.
TEST(HostMatcherSimulated, CategorisesEveryHostTheSimulatorMeantTo) {
  TempDir dir;
  sim::SimOptions options;
  options.subscribers = 500;
  options.days = 1;
  options.out_dir = dir.path().string();
  auto summary = sim::RunSimulation(options);
  ASSERT_OK(summary);

  ingest::InputCounts counts[ingest::kTableCount];
  auto reference = ingest::ReferenceData::Load(options.out_dir, {}, nullptr, counts);
  ASSERT_OK(reference);
  auto built = HostMatcher::Build((*reference)->host_rules(), dir / "hosts.csv");
  ASSERT_OK(built);
  const HostMatcher& m = **built;

  // Categories come in hosts.csv order: the interests, then "general".
  std::vector<std::string> names;
  for (int c = 0; c <= sim::kGeneral; ++c) names.emplace_back(sim::CategoryName(c));
  EXPECT_EQ(m.categories(), names);

  // What the simulator meant for each host it can generate.
  sim::HostCatalog catalog;
  std::map<std::string, int16_t, std::less<>> expected;
  for (int c = 0; c <= sim::kUnlisted; ++c) {
    const int16_t want = c == sim::kUnlisted ? kNoCategory : m.FindCategory(sim::CategoryName(c));
    ASSERT_TRUE(c == sim::kUnlisted || want != kNoCategory) << sim::CategoryName(c);
    for (uint32_t id : catalog.ByCategory(c)) {
      const std::string host(catalog.host(id));
      ASSERT_TRUE(expected.emplace(host, want).second) << "host in two categories: " << host;
      EXPECT_EQ(m.Match(host), want) << host;
    }
  }

  const std::vector<std::string> lines = ReadLines(dir / "data.csv");
  ASSERT_FALSE(lines.empty());
  const std::vector<std::string> header = SplitCsv(lines[0]);
  ASSERT_GE(header.size(), 3u);
  ASSERT_EQ(header[2], "host");
  uint64_t occurrences = 0, categorised = 0, unknown_to_catalog = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> f = SplitCsv(lines[i]);
    if (f.size() != header.size()) continue;  // a planted malformed line
    const std::string& host = f[2];
    ++occurrences;
    const int16_t got = m.Match(host);
    if (got != kNoCategory) ++categorised;
    auto it = expected.find(host);
    if (it == expected.end()) {
      ++unknown_to_catalog;  // a planted bad value ("a host with a space")
      continue;
    }
    EXPECT_EQ(got, it->second) << "data.csv:" << i + 1 << ": " << host;
  }
  ASSERT_GT(occurrences, 1000u);
  // ~52 % general + ~45 % interests are listed; ~3 % go to unlisted hosts.
  EXPECT_GE(static_cast<double>(categorised), 0.95 * static_cast<double>(occurrences));
  EXPECT_LE(unknown_to_catalog * 100, occurrences);

  // Known examples from the catalog, one per rule kind.
  EXPECT_EQ(m.Match("v.qq.com"), m.FindCategory("video"));           // exact
  EXPECT_EQ(m.Match("weixin.qq.com"), m.FindCategory("general"));    // suffix
  EXPECT_EQ(m.Match("img3.pvp.qq.com"), m.FindCategory("games"));    // suffix, subdomain
  EXPECT_EQ(m.Match("img25.gamecdn.com"), m.FindCategory("games"));  // regex
  EXPECT_EQ(m.Match("tile7.mapcdn.cn"), m.FindCategory("general"));  // regex
  EXPECT_EQ(m.Match("static.music.163.com"), m.FindCategory("music"));
  EXPECT_EQ(m.Match("www.10086.cn"), m.FindCategory("general"));
  EXPECT_EQ(m.Match("cdn.jsdelivr.net"), kNoCategory);  // absent from hosts.csv
  EXPECT_EQ(m.Match("m.10086.cn"), kNoCategory);        // exact rule: no subdomains
}

}  // namespace
}  // namespace ripple::profile
