// Timestamps of the data contract and local calendar arithmetic.
#include "core/time.h"

#include <gtest/gtest.h>

namespace ripple {
namespace {

constexpr int64_t kT0 = 1793491200000;  // 2026-11-01T08:00:00+08:00, a Sunday

TEST(ParseTimestampMs, GivesTheSameInstantForEpochMillisAndEveryIsoForm) {
  for (const char* text :
       {"1793491200000", "2026-11-01T08:00:00+08:00", "2026-11-01T00:00:00Z",
        "2026-11-01T00:00:00z", "2026-11-01T08:00:00+0800", "2026-10-31T18:30:00-05:30",
        "2026-10-31T19:00:00-0500", "2026-11-01 08:00:00+08:00", "2026-11-01T00:00:00+00:00",
        "2026-11-01T08:00:00.000+08:00"}) {
    EXPECT_EQ(ParseTimestampMs(text), std::optional<int64_t>(kT0)) << text;
  }
}

TEST(ParseTimestampMs, ReadsFractionsOfASecond) {
  EXPECT_EQ(ParseTimestampMs("2026-11-01T08:00:00.5+08:00"), kT0 + 500);
  EXPECT_EQ(ParseTimestampMs("2026-11-01T08:00:00.25Z"), kT0 + 8 * kMillisPerHour + 250);
  EXPECT_EQ(ParseTimestampMs("2026-11-01T08:00:00.123+08:00"), kT0 + 123);
  EXPECT_EQ(ParseTimestampMs("2026-11-01T08:00:00.123999+08:00"), kT0 + 123) << "truncated";
}

TEST(ParseTimestampMs, ChecksTheCalendar) {
  EXPECT_TRUE(ParseTimestampMs("2024-02-29T12:00:00+08:00"));
  EXPECT_TRUE(ParseTimestampMs("2000-02-29T12:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-02-29T12:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2100-02-29T12:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-02-30T08:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-04-31T08:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-00-10T08:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-11-00T08:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-11-01T24:00:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-11-01T08:60:00+08:00"));
  EXPECT_FALSE(ParseTimestampMs("2026-11-01T08:00:61+08:00"));
}

TEST(ParseTimestampMs, RefusesAnythingElse) {
  for (const char* text : {"",
                           "now",
                           "2026-11-01T08:00:00",
                           "2026-11-01T08:00:00.250",
                           "2026-11-01",
                           "2026-11-01T08:00+08:00",
                           "2026-11-01T08:00:00+8",
                           "2026-11-01T08:00:00+08",
                           "2026-11-01T08:00:00+08:00 ",
                           " 1793491200000",
                           "2026-11-01T08:00:00+15:00",
                           "2026-11-01T08:00:00+08:60",
                           "2026-11-01T08:00:00.+08:00",
                           "2026-1a-01T08:00:00+08:00",
                           "2026-11-01X08:00:00+08:00",
                           "17934912000x0",
                           "1.7934912e12",
                           "-1",
                           "+1793491200000",
                           "1793491200000000000",
                           "2026/11/01 08:00:00+08:00",
                           "2026-11-01T08:00:00 GMT"}) {
    EXPECT_FALSE(ParseTimestampMs(text)) << "'" << text << "'";
  }
}

TEST(FormatIso8601, WritesTheOffsetAndMillisOnlyWhenNonZero) {
  EXPECT_EQ(FormatIso8601(kT0, 480), "2026-11-01T08:00:00+08:00");
  EXPECT_EQ(FormatIso8601(kT0 + 250, 480), "2026-11-01T08:00:00.250+08:00");
  EXPECT_EQ(FormatIso8601(kT0, 0), "2026-11-01T00:00:00+00:00");
  EXPECT_EQ(FormatIso8601(kT0, -330), "2026-10-31T18:30:00-05:30");
  EXPECT_EQ(FormatIso8601(-1, 480), "1970-01-01T07:59:59.999+08:00");
}

TEST(FormatIso8601, RoundTripsThroughParse) {
  for (int64_t ts : {int64_t{0}, int64_t{-1}, kT0, kT0 + 1, kT0 + 999, int64_t{946684800000},
                     int64_t{4102444799999}, int64_t{951782400000}}) {
    for (int offset : {0, 480, -330, 345, -720, 840}) {
      std::string text = FormatIso8601(ts, offset);
      EXPECT_EQ(ParseTimestampMs(text), ts) << text;
    }
  }
}

TEST(ToLocal, GivesWeekdayAndHourAtTheOffsetAcrossMidnight) {
  // 2026-11-01T23:30+08:00 (Sunday) and one hour later, Monday 00:30 local: the same UTC day.
  const int64_t before = kT0 + 15 * kMillisPerHour + 30 * kMillisPerMinute;
  const int64_t after = before + kMillisPerHour;
  LocalTime a = ToLocal(before, 480), b = ToLocal(after, 480);
  EXPECT_EQ(a.hour, 23);
  EXPECT_EQ(a.minute, 30);
  EXPECT_EQ(a.weekday, 6);  // Sunday
  EXPECT_EQ(b.hour, 0);
  EXPECT_EQ(b.minute, 30);
  EXPECT_EQ(b.weekday, 0);  // Monday
  EXPECT_EQ(b.day, a.day + 1);
  EXPECT_EQ(a.day, DaysFromCivil(2026, 11, 1));
  EXPECT_EQ(ToLocal(before, 0).day, ToLocal(after, 0).day) << "in UTC both are Nov 1";
  EXPECT_EQ(ToLocal(before, 0).hour, 15);
  EXPECT_EQ(LocalDay(after, 480), DaysFromCivil(2026, 11, 2));
}

TEST(ToLocal, HandlesInstantsBeforeTheEpoch) {
  LocalTime t = ToLocal(-1, 0);  // 1969-12-31T23:59:59.999Z, a Wednesday
  EXPECT_EQ(t.day, -1);
  EXPECT_EQ(t.hour, 23);
  EXPECT_EQ(t.minute, 59);
  EXPECT_EQ(t.weekday, 2);
}

TEST(ParseLocalDate, GivesLocalMidnightAtTheOffset) {
  EXPECT_EQ(ParseLocalDate("2026-11-01", 480), kT0 - 8 * kMillisPerHour);
  EXPECT_EQ(ParseLocalDate("2026-11-01", 0), kT0);
  EXPECT_EQ(ParseLocalDate("2024-02-29", 480),
            DaysFromCivil(2024, 2, 29) * kMillisPerDay - 8 * kMillisPerHour);
  for (const char* bad : {"2026-11-1", "2026-02-29", "2026/11/01", "2026-13-01", "", "20261101",
                          "2026-11-01T00:00:00+08:00"}) {
    EXPECT_FALSE(ParseLocalDate(bad, 480)) << bad;
  }
  EXPECT_EQ(FormatLocalDate(kT0 - 1, 480), "2026-11-01");
  EXPECT_EQ(FormatLocalDate(kT0 - 8 * kMillisPerHour - 1, 480), "2026-10-31");
}

TEST(ParseUtcOffset, ReadsEveryAcceptedForm) {
  EXPECT_EQ(ParseUtcOffset("+08:00"), 480);
  EXPECT_EQ(ParseUtcOffset("+0800"), 480);
  EXPECT_EQ(ParseUtcOffset("Z"), 0);
  EXPECT_EQ(ParseUtcOffset("-05:30"), -330);
  EXPECT_EQ(ParseUtcOffset("+14:00"), 840);
  for (const char* bad :
       {"", "08:00", "+8", "+08", "+8:00", "+15:00", "+08:60", "8 o'clock", "+08-00"}) {
    EXPECT_FALSE(ParseUtcOffset(bad)) << bad;
  }
}

TEST(CivilDays, RoundTripOverFourCenturies) {
  for (int64_t d = DaysFromCivil(1900, 1, 1); d <= DaysFromCivil(2300, 1, 1); d += 17) {
    int y;
    unsigned m, day;
    CivilFromDays(d, &y, &m, &day);
    ASSERT_EQ(DaysFromCivil(y, m, day), d);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2000, 3, 1), 11017);
}

}  // namespace
}  // namespace ripple
