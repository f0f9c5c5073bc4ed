// Catalogues and formatting helpers: hosts match their own rules only, TACs are unique, IMEIs
// carry a Luhn digit, and the hand-written formatters agree with core's.
#include <regex>
#include <set>

#include "core/rng.h"
#include "core/time.h"
#include "sim/handset_catalog.h"
#include "sim/host_catalog.h"
#include "sim/text_format.h"
#include "sim_test_support.h"

namespace ripple::sim {
namespace {

bool Matches(const HostRule& rule, const std::string& host) {
  std::string pattern(rule.pattern);
  switch (rule.match) {
    case HostMatch::kExact:
      return host == pattern;
    case HostMatch::kSuffix:
      return host == pattern || (host.size() > pattern.size() && host.ends_with("." + pattern));
    case HostMatch::kRegex:
      return std::regex_match(host, std::regex(pattern));
  }
  return false;
}

TEST(HostCatalog, EveryConcreteHostMatchesOnlyRulesOfItsOwnCategory) {
  HostCatalog catalog;
  for (int category = 0; category <= kUnlisted; ++category) {
    ASSERT_FALSE(catalog.ByCategory(category).empty()) << CategoryName(category);
    for (uint32_t id : catalog.ByCategory(category)) {
      std::string host(catalog.host(id));
      EXPECT_EQ(host.find(' '), std::string::npos);
      bool own = false;
      for (const HostRule& rule : HostRules()) {
        if (!Matches(rule, host)) continue;
        if (rule.category == category) {
          own = true;
        } else if (rule.category != kUnlisted) {
          ADD_FAILURE() << host << " also matches " << rule.pattern;
        }
      }
      EXPECT_TRUE(own) << host;
    }
  }
  // Hosts vary by subdomain so that suffix matching matters.
  std::set<std::string> names;
  for (uint32_t id = 0; id < catalog.size(); ++id) names.insert(std::string(catalog.host(id)));
  EXPECT_TRUE(names.count("m.iqiyi.com"));
  EXPECT_TRUE(names.count("img3.gamecdn.com"));
}

TEST(HandsetCatalog, HasAbout150ModelsWithDistinctEightDigitTacs) {
  HandsetCatalog catalog;
  std::set<uint32_t> tacs;
  std::set<std::string_view> brands;
  for (const HandsetModel& m : catalog.models()) {
    EXPECT_GE(m.tac, 10000000u);
    EXPECT_LE(m.tac, 99999999u);
    EXPECT_TRUE(tacs.insert(m.tac).second);
    brands.insert(m.brand);
    EXPECT_LE(m.release_year, 2026);
  }
  EXPECT_GE(catalog.models().size(), 140u);
  EXPECT_LE(catalog.models().size(), 200u);
  EXPECT_EQ(brands.size(), 9u);
  for (int tier = 0; tier < kPriceTierCount; ++tier) {
    EXPECT_FALSE(catalog.ByTier(static_cast<PriceTier>(tier)).empty());
  }
}

TEST(Imei, CarriesTheTacAndAValidLuhnDigit) {
  uint64_t imei = MakeImei(35104729, 123456);
  std::string text = std::to_string(imei);
  ASSERT_EQ(text.size(), 15u);
  EXPECT_EQ(text.substr(0, 14), "35104729123456");
  EXPECT_TRUE(LuhnValid(text));
  EXPECT_TRUE(LuhnValid("490154203237518"));  // a published example
  for (int d = 1; d <= 9; ++d) {
    std::string wrong = text;
    wrong.back() = static_cast<char>('0' + (text.back() - '0' + d) % 10);
    EXPECT_FALSE(LuhnValid(wrong));
  }
}

TEST(TextFormat, IntegersAndCentsMatchTheirDecimalText) {
  char buf[64];
  for (uint64_t v :
       {0ull, 7ull, 10ull, 99ull, 100ull, 12345ull, 1793574022051ull, 18446744073709551615ull}) {
    EXPECT_EQ(std::string(buf, AppendUint(buf, v)), std::to_string(v));
  }
  EXPECT_EQ(std::string(buf, AppendInt(buf, -42)), "-42");
  EXPECT_EQ(std::string(buf, AppendCents(buf, 5000)), "50.00");
  EXPECT_EQ(std::string(buf, AppendCents(buf, 1205)), "12.05");
  EXPECT_EQ(std::string(buf, AppendFixed(buf, 22.5431, 6)), "22.543100");
  EXPECT_EQ(std::string(buf, AppendDate(buf, 20394)), FormatLocalDate(20394 * kMillisPerDay, 0));
}

TEST(TextFormat, IsoTimestampsMatchCoreAndParseBack) {
  IsoFormatter iso;
  char buf[40];
  int64_t ts = ParseTimestampMs("2026-11-02T00:00:00+08:00").value();
  Rng rng(1);
  for (int i = 0; i < 2000; ++i) {
    int64_t t = ts + static_cast<int64_t>(rng.Below(9 * kMillisPerDay));
    if (i % 2 == 0) t -= t % 1000;  // whole seconds too
    int offset = i % 3 == 0 ? 0 : 480;
    std::string mine(buf, iso.Append(buf, t, offset));
    EXPECT_EQ(mine, FormatIso8601(t, offset));
    EXPECT_EQ(ParseTimestampMs(mine).value(), t);
  }
}

}  // namespace
}  // namespace ripple::sim
