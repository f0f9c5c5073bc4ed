#include "ingest/field_parse.h"

#include <charconv>

namespace ripple::ingest {

bool ParseUnsigned(std::string_view s, uint64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  uint64_t v = 0;
  for (char c : s) {
    unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  *out = v;
  return true;
}

bool ParseCents(std::string_view s, int64_t* cents) {
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (dot != std::string_view::npos && (frac.empty() || frac.size() > 2)) return false;
  uint64_t w = 0, f = 0;
  if (!ParseUnsigned(whole, &w) || w > 1'000'000'000'000ULL) return false;
  if (!frac.empty() && !ParseUnsigned(frac, &f)) return false;
  if (frac.size() == 1) f *= 10;
  int64_t v = static_cast<int64_t>(w * 100 + f);
  *cents = negative ? -v : v;
  return true;
}

bool ParseDecimal(std::string_view s, double* out) {
  if (s.empty()) return false;
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, *out);
  return ec == std::errc() && ptr == end;
}

bool ParseImei(std::string_view s, uint64_t* imei, uint8_t* digits) {
  if (s.size() != 15 && s.size() != 16) return false;
  uint64_t v;
  if (!ParseUnsigned(s, &v)) return false;
  if (s.size() == 15) {
    // Luhn over the 15 digits: double every second digit from the right.
    int sum = 0;
    for (int i = 14, k = 0; i >= 0; --i, ++k) {
      int d = s[static_cast<size_t>(i)] - '0';
      if (k % 2 == 1) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
    }
    if (sum % 10 != 0) return false;
  }
  *imei = v;
  *digits = static_cast<uint8_t>(s.size());
  return true;
}

bool IsToken(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || c == ',' || c == '"' || u == 0x7f) return false;
  }
  return true;
}

bool IsText(std::string_view s, size_t max_len) {
  if (s.empty() || s.size() > max_len) return false;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < ' ' || u == 0x7f) return false;
  }
  return true;
}

}  // namespace ripple::ingest
