// Event time: timestamps of the data contract and local calendar arithmetic.
//
// Timestamps are epoch milliseconds (int64). The contract writes them either as epoch
// milliseconds or as ISO-8601 with a UTC offset; both parse to the same value so that a record
// written in either form is the same event. Local time-of-day features use a fixed UTC offset
// from the configuration (default +08:00), never the machine's zone.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ripple {

constexpr int64_t kMillisPerSecond = 1000;
constexpr int64_t kMillisPerMinute = 60 * kMillisPerSecond;
constexpr int64_t kMillisPerHour = 60 * kMillisPerMinute;
constexpr int64_t kMillisPerDay = 24 * kMillisPerHour;

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int* year, unsigned* month, unsigned* day);

// Parses "1762000000000" (epoch ms) or "2026-11-01T08:00:00+08:00" (also "Z", "+0800",
// fractional seconds, and a space instead of 'T'). An ISO form without an offset is refused:
// its instant would be ambiguous. No allocation.
std::optional<int64_t> ParseTimestampMs(std::string_view text);

// Writes ISO-8601 with the given offset, e.g. "2026-11-01T08:00:00.250+08:00" (millis only when
// non-zero). Returns the number of chars written; `out` needs 32 bytes.
int FormatIso8601(int64_t ts_ms, int offset_minutes, char* out);
std::string FormatIso8601(int64_t ts_ms, int offset_minutes);

// "2026-11-01" -> epoch ms of local midnight at the offset.
std::optional<int64_t> ParseLocalDate(std::string_view text, int offset_minutes);
std::string FormatLocalDate(int64_t ts_ms, int offset_minutes);

// Parses "+08:00", "-05:30", "Z", "+0800" into minutes east of UTC.
std::optional<int> ParseUtcOffset(std::string_view text);

// Local calendar fields of an instant at a fixed offset.
struct LocalTime {
  int64_t day;  // local days since 1970-01-01
  int hour;     // 0..23
  int minute;   // 0..59
  int weekday;  // 0 = Monday .. 6 = Sunday
};
inline LocalTime ToLocal(int64_t ts_ms, int offset_minutes) {
  int64_t local_ms = ts_ms + int64_t{offset_minutes} * kMillisPerMinute;
  int64_t day =
      local_ms >= 0 ? local_ms / kMillisPerDay : (local_ms - kMillisPerDay + 1) / kMillisPerDay;
  int64_t in_day = local_ms - day * kMillisPerDay;
  int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
  return {day, static_cast<int>(in_day / kMillisPerHour),
          static_cast<int>((in_day / kMillisPerMinute) % 60), weekday};
}
inline int64_t LocalDay(int64_t ts_ms, int offset_minutes) {
  return ToLocal(ts_ms, offset_minutes).day;
}

}  // namespace ripple
