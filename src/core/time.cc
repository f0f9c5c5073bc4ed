#include "core/time.h"

#include <cstdio>

namespace ripple {
namespace {

inline bool ReadDigits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned d = static_cast<unsigned char>(s[pos + i]) - '0';
    if (d > 9) return false;
    v = v * 10 + static_cast<int>(d);
  }
  *out = v;
  return true;
}

unsigned DaysInMonth(int year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

}  // namespace

int64_t DaysFromCivil(int year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int>(y + (*month <= 2));
}

std::optional<int> ParseUtcOffset(std::string_view s) {
  if (s == "Z" || s == "z") return 0;
  if (s.size() != 6 && s.size() != 5) return std::nullopt;
  int sign = s[0] == '+' ? 1 : s[0] == '-' ? -1 : 0;
  if (sign == 0) return std::nullopt;
  int hh, mm;
  if (!ReadDigits(s, 1, 2, &hh)) return std::nullopt;
  size_t mpos = s.size() == 6 ? 4 : 3;
  if (s.size() == 6 && s[3] != ':') return std::nullopt;
  if (!ReadDigits(s, mpos, 2, &mm)) return std::nullopt;
  if (hh > 14 || mm > 59) return std::nullopt;
  return sign * (hh * 60 + mm);
}

std::optional<int64_t> ParseTimestampMs(std::string_view s) {
  if (s.empty()) return std::nullopt;
  if (s[0] >= '0' && s[0] <= '9' && (s.size() < 5 || s[4] != '-')) {
    if (s.size() > 18) return std::nullopt;
    int64_t v = 0;
    for (char c : s) {
      unsigned d = static_cast<unsigned char>(c) - '0';
      if (d > 9) return std::nullopt;
      v = v * 10 + d;
    }
    return v;
  }
  // YYYY-MM-DDTHH:MM:SS[.f+](Z|±HH:MM|±HHMM)
  int year, month, day, hour, minute, second;
  if (s.size() < 20) return std::nullopt;
  if (!ReadDigits(s, 0, 4, &year) || s[4] != '-' || !ReadDigits(s, 5, 2, &month) || s[7] != '-' ||
      !ReadDigits(s, 8, 2, &day) || (s[10] != 'T' && s[10] != ' ') ||
      !ReadDigits(s, 11, 2, &hour) || s[13] != ':' || !ReadDigits(s, 14, 2, &minute) ||
      s[16] != ':' || !ReadDigits(s, 17, 2, &second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month) ||
      hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  size_t pos = 19;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  auto offset = ParseUtcOffset(s.substr(pos));
  if (!offset) return std::nullopt;
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  int64_t secs = days * 86400 + hour * 3600 + minute * 60 + second - int64_t{*offset} * 60;
  return secs * 1000 + millis;
}

int FormatIso8601(int64_t ts_ms, int offset_minutes, char* out) {
  int64_t local = ts_ms + int64_t{offset_minutes} * kMillisPerMinute;
  int64_t days = local >= 0 ? local / kMillisPerDay : (local - kMillisPerDay + 1) / kMillisPerDay;
  int64_t in_day = local - days * kMillisPerDay;
  int year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  int h = static_cast<int>(in_day / kMillisPerHour);
  int m = static_cast<int>(in_day / kMillisPerMinute % 60);
  int sec = static_cast<int>(in_day / 1000 % 60);
  int ms = static_cast<int>(in_day % 1000);
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char sign = offset_minutes < 0 ? '-' : '+';
  if (ms != 0) {
    return std::snprintf(out, 32, "%04d-%02u-%02uT%02d:%02d:%02d.%03d%c%02d:%02d", year, month, day,
                         h, m, sec, ms, sign, off / 60, off % 60);
  }
  return std::snprintf(out, 32, "%04d-%02u-%02uT%02d:%02d:%02d%c%02d:%02d", year, month, day, h, m,
                       sec, sign, off / 60, off % 60);
}

std::string FormatIso8601(int64_t ts_ms, int offset_minutes) {
  char buf[32];
  int n = FormatIso8601(ts_ms, offset_minutes, buf);
  return std::string(buf, static_cast<size_t>(n));
}

std::optional<int64_t> ParseLocalDate(std::string_view s, int offset_minutes) {
  int year, month, day;
  if (s.size() != 10 || !ReadDigits(s, 0, 4, &year) || s[4] != '-' ||
      !ReadDigits(s, 5, 2, &month) || s[7] != '-' || !ReadDigits(s, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * kMillisPerDay - int64_t{offset_minutes} * kMillisPerMinute;
}

std::string FormatLocalDate(int64_t ts_ms, int offset_minutes) {
  int year;
  unsigned month, day;
  CivilFromDays(LocalDay(ts_ms, offset_minutes), &year, &month, &day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
  return buf;
}

}  // namespace ripple
