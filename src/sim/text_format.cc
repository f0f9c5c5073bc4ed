#include "sim/text_format.h"

#include <cmath>

#include "core/time.h"

namespace ripple::sim {

char* AppendFixed(char* p, double v, int decimals) {
  int64_t scale = 1;
  for (int i = 0; i < decimals; ++i) scale *= 10;
  int64_t scaled = std::llround(v * static_cast<double>(scale));
  if (scaled < 0) {
    *p++ = '-';
    scaled = -scaled;
  }
  p = AppendUint(p, static_cast<uint64_t>(scaled / scale));
  if (decimals == 0) return p;
  *p++ = '.';
  return AppendPadded(p, static_cast<uint64_t>(scaled % scale), decimals);
}

char* AppendDate(char* p, int64_t day) {
  int year;
  unsigned month, dom;
  CivilFromDays(day, &year, &month, &dom);
  p = AppendPadded(p, static_cast<uint64_t>(year), 4);
  *p++ = '-';
  p = AppendPadded(p, month, 2);
  *p++ = '-';
  return AppendPadded(p, dom, 2);
}

char* IsoFormatter::Append(char* out, int64_t ts_ms, int offset_minutes) {
  int64_t local = ts_ms + int64_t{offset_minutes} * kMillisPerMinute;
  int64_t day = local >= 0 ? local / kMillisPerDay : (local - kMillisPerDay + 1) / kMillisPerDay;
  int64_t in_day = local - day * kMillisPerDay;
  if (day != cached_day_) {
    AppendDate(date_, day);
    date_[10] = 'T';
    cached_day_ = day;
  }
  char* p = AppendText(out, std::string_view(date_, 11));
  p = AppendPadded(p, static_cast<uint64_t>(in_day / kMillisPerHour), 2);
  *p++ = ':';
  p = AppendPadded(p, static_cast<uint64_t>(in_day / kMillisPerMinute % 60), 2);
  *p++ = ':';
  p = AppendPadded(p, static_cast<uint64_t>(in_day / 1000 % 60), 2);
  int ms = static_cast<int>(in_day % 1000);
  if (ms != 0) {
    *p++ = '.';
    p = AppendPadded(p, static_cast<uint64_t>(ms), 3);
  }
  int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  *p++ = offset_minutes < 0 ? '-' : '+';
  p = AppendPadded(p, static_cast<uint64_t>(off / 60), 2);
  *p++ = ':';
  return AppendPadded(p, static_cast<uint64_t>(off % 60), 2);
}

}  // namespace ripple::sim
