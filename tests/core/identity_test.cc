// Pseudonyms: keyed HMAC-SHA256 names for subscribers.
#include "core/identity.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

namespace ripple {
namespace {

bool IsLowerHex16(const std::string& s) {
  return s.size() == 16 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(Pseudonymizer, GivesSixteenHexDigitsDeterministically) {
  Pseudonymizer a("secret"), b("secret");
  PhoneKey n = ParsePhoneNumber("13800138000");
  std::string hex = a.PseudonymHex(n);
  EXPECT_TRUE(IsLowerHex16(hex)) << hex;
  EXPECT_EQ(hex, b.PseudonymHex(n));
  EXPECT_EQ(a.Pseudonym(n), b.Pseudonym(n));
  EXPECT_EQ(Pseudonymizer::ToHex(a.Pseudonym(n)), hex);
}

TEST(Pseudonymizer, DiffersBySecretAndByNumber) {
  Pseudonymizer a("secret-a"), b("secret-b");
  PhoneKey n1 = ParsePhoneNumber("13800138000"), n2 = ParsePhoneNumber("13800138001");
  EXPECT_NE(a.Pseudonym(n1), b.Pseudonym(n1));
  EXPECT_NE(a.Pseudonym(n1), a.Pseudonym(n2));
  EXPECT_NE(a.Pseudonym(ParsePhoneNumber("0755-12345678")),
            a.Pseudonym(ParsePhoneNumber("75512345678")));
}

TEST(Pseudonymizer, IsOneNameForOneNumberWrittenTwoWays) {
  Pseudonymizer p("k");
  EXPECT_EQ(p.Pseudonym(ParsePhoneNumber("+86 138 0013 8000")),
            p.Pseudonym(ParsePhoneNumber("13800138000")));
}

// Expected values from: printf '13800138000' | openssl dgst -sha256 -hmac 'k'
//   af8579fcbb489acaf7d9f02a29db3b406dbffcf7a52ddf3f5a6fb17b44b2b1a4
// and: printf '+14155550100' | openssl dgst -sha256 -hmac 'ripple-demo-secret-change-me'
//   3235be746c650435eb5b493b4b0cb67a6bad5590eb92b126d019b5ec68c17778
TEST(Pseudonymizer, MatchesHmacSha256ComputedIndependently) {
  EXPECT_EQ(Pseudonymizer("k").PseudonymHex(ParsePhoneNumber("13800138000")), "af8579fcbb489aca");
  EXPECT_EQ(Pseudonymizer("k").Pseudonym(ParsePhoneNumber("+8613800138000")),
            0xaf8579fcbb489acaULL);
  EXPECT_EQ(
      Pseudonymizer(std::string(kDemoSecret)).PseudonymHex(ParsePhoneNumber("+1 415 555 0100")),
      "3235be746c650435");
}

TEST(Pseudonymizer, WritesHexWithLeadingZeros) {
  EXPECT_EQ(Pseudonymizer::ToHex(0), "0000000000000000");
  EXPECT_EQ(Pseudonymizer::ToHex(0x0123456789abcdefULL), "0123456789abcdef");
  EXPECT_EQ(Pseudonymizer::ToHex(~0ULL), "ffffffffffffffff");
}

class ResolveSecretTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* old = std::getenv("RIPPLE_SECRET");
    if (old != nullptr) saved_ = old;
    ::unsetenv("RIPPLE_SECRET");
  }
  void TearDown() override {
    if (saved_) {
      ::setenv("RIPPLE_SECRET", saved_->c_str(), 1);
    } else {
      ::unsetenv("RIPPLE_SECRET");
    }
  }
  std::optional<std::string> saved_;
};

TEST_F(ResolveSecretTest, PrefersTheEnvironmentThenTheConfigThenTheDemoSecret) {
  bool demo = true;
  EXPECT_EQ(ResolveSecret("from-config", &demo), "from-config");
  EXPECT_FALSE(demo);
  EXPECT_EQ(ResolveSecret("", &demo), kDemoSecret);
  EXPECT_TRUE(demo);
  ::setenv("RIPPLE_SECRET", "from-env", 1);
  EXPECT_EQ(ResolveSecret("from-config", &demo), "from-env");
  EXPECT_FALSE(demo);
  ::setenv("RIPPLE_SECRET", "", 1);
  EXPECT_EQ(ResolveSecret("from-config", &demo), "from-config") << "an empty variable is unset";
}

}  // namespace
}  // namespace ripple
