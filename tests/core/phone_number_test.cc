// Phone numbers as keys: one number written many ways is one key; different numbers differ.
#include "core/phone_number.h"

#include <gtest/gtest.h>

namespace ripple {
namespace {

TEST(PhoneNumber, ReadsAnElevenDigitMobile) {
  PhoneKey k = ParsePhoneNumber("13800138000");
  ASSERT_NE(k, kNoPhone);
  EXPECT_FALSE(IsInternational(k));
  EXPECT_EQ(FormatPhoneNumber(k), "13800138000");
}

TEST(PhoneNumber, DropsTheHomeCountryCodeAndSeparators) {
  const PhoneKey k = ParsePhoneNumber("13800138000");
  for (const char* text : {"+8613800138000", "008613800138000", "+86 138 0013 8000",
                           "0086-138-0013-8000", "138 0013 8000", "(138) 0013-8000"}) {
    EXPECT_EQ(ParsePhoneNumber(text), k) << text;
  }
  EXPECT_NE(ParsePhoneNumber("8613800138000"), k) << "without + or 00 it is not a country code";
}

TEST(PhoneNumber, KeepsTheLeadingZeroOfALandline) {
  PhoneKey landline = ParsePhoneNumber("0755-12345678");
  ASSERT_NE(landline, kNoPhone);
  EXPECT_EQ(FormatPhoneNumber(landline), "075512345678");
  EXPECT_EQ(ParsePhoneNumber("075512345678"), landline);
  EXPECT_EQ(ParsePhoneNumber("(0755) 1234 5678"), landline);
  PhoneKey no_zero = ParsePhoneNumber("75512345678");
  ASSERT_NE(no_zero, kNoPhone);
  EXPECT_NE(landline, no_zero);
  EXPECT_FALSE(IsInternational(landline));
}

// The same landline dialled from abroad drops its trunk '0': "+86 755 1234 5678" is
// "0755-12345678". The header promises one key for one line written two ways.
TEST(PhoneNumber, GivesAHomeLandlineOneKeyInNationalAndInternationalForm) {
  EXPECT_EQ(ParsePhoneNumber("+86 755 1234 5678"), ParsePhoneNumber("0755-12345678"));
  EXPECT_EQ(ParsePhoneNumber("0086 10 6552 9988"), ParsePhoneNumber("010-6552-9988"));
}

TEST(PhoneNumber, ReadsShortCodesAndServiceNumbers) {
  for (const char* text :
       {"10086", "95588", "110", "12345", "400-820-8820", "800 810 8888", "1069 0000 1234"}) {
    PhoneKey k = ParsePhoneNumber(text);
    ASSERT_NE(k, kNoPhone) << text;
    EXPECT_FALSE(IsInternational(k)) << text;
  }
  EXPECT_EQ(FormatPhoneNumber(ParsePhoneNumber("10086")), "10086");
  EXPECT_EQ(FormatPhoneNumber(ParsePhoneNumber("400-820-8820")), "4008208820");
  EXPECT_NE(ParsePhoneNumber("10086"), ParsePhoneNumber("010086"));
}

TEST(PhoneNumber, KeepsForeignNumbersInternational) {
  PhoneKey us = ParsePhoneNumber("+1 415 555 0100");
  ASSERT_NE(us, kNoPhone);
  EXPECT_TRUE(IsInternational(us));
  EXPECT_EQ(FormatPhoneNumber(us), "+14155550100");
  EXPECT_EQ(ParsePhoneNumber("0014155550100"), us);
  EXPECT_NE(ParsePhoneNumber("14155550100"), us) << "national digits are another number";

  PhoneKey uk = ParsePhoneNumber("0044 20 7946 0958");
  ASSERT_NE(uk, kNoPhone);
  EXPECT_TRUE(IsInternational(uk));
  EXPECT_EQ(FormatPhoneNumber(uk), "+442079460958");
  EXPECT_EQ(ParsePhoneNumber("+44 (20) 7946-0958"), uk);
}

TEST(PhoneNumber, RejectsWhatIsNotANumber) {
  for (const char* text :
       {"", "abc", "12", "+", "00", "+86", "1380013800a", "138.0013.8000", "123456789012345678",
        "+123456789012345678", "13800138000#", "1380013800\xef\xbc\x90", "+-", "ICBC"}) {
    EXPECT_EQ(ParsePhoneNumber(text), kNoPhone) << "'" << text << "'";
  }
  EXPECT_NE(ParsePhoneNumber("12345678901234567"), kNoPhone) << "17 digits is the maximum";
  EXPECT_NE(ParsePhoneNumber("123"), kNoPhone) << "3 digits is the minimum";
}

TEST(PhoneNumber, FormatRoundTripsThroughParse) {
  for (const char* text : {"13800138000", "0755-12345678", "10086", "+14155550100", "+442079460958",
                           "4008208820", "12345678901234567", "+99912345678901234", "+999"}) {
    PhoneKey k = ParsePhoneNumber(text);
    ASSERT_NE(k, kNoPhone) << text;
    char buf[20];
    int n = FormatPhoneNumber(k, buf);
    EXPECT_EQ(std::string(buf, n), FormatPhoneNumber(k));
    EXPECT_EQ(ParsePhoneNumber(FormatPhoneNumber(k)), k) << text << " -> " << FormatPhoneNumber(k);
  }
}

TEST(PhoneNumber, UsesTheConfiguredHomeCountryCode) {
  PhoneNumberRules hk{"852", ""};  // Hong Kong numbers have no trunk prefix
  PhoneKey k = ParsePhoneNumber("+852 9123 4567", hk);
  EXPECT_FALSE(IsInternational(k));
  EXPECT_EQ(k, ParsePhoneNumber("91234567", hk));
  EXPECT_TRUE(IsInternational(ParsePhoneNumber("+8613800138000", hk)));
  PhoneNumberRules none{""};
  EXPECT_TRUE(IsInternational(ParsePhoneNumber("+8613800138000", none)));
}

}  // namespace
}  // namespace ripple
