#include "core/phone_number.h"

namespace ripple {
namespace {

constexpr int kMinDigits = 3;
constexpr int kMaxDigits = 17;

PhoneKey MakeKey(bool international, int digits, uint64_t value) {
  return (uint64_t{international} << 63) | (uint64_t(digits) << 58) | value;
}

}  // namespace

PhoneKey ParsePhoneNumber(std::string_view s, const PhoneNumberRules& rules) {
  size_t i = 0;
  bool international = false;
  if (!s.empty() && s[0] == '+') {
    international = true;
    i = 1;
  } else if (s.size() > 2 && s[0] == '0' && s[1] == '0') {
    international = true;
    i = 2;
  }
  char digits[24];
  int n = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      if (n == static_cast<int>(sizeof digits)) return kNoPhone;
      digits[n++] = c;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
      continue;
    } else {
      return kNoPhone;
    }
  }
  int start = 0;
  if (international) {
    std::string_view cc = rules.home_country_code;
    if (!cc.empty() && n > static_cast<int>(cc.size()) &&
        std::string_view(digits, cc.size()) == cc) {
      start = static_cast<int>(cc.size());
      international = false;
    }
  }
  int len = n - start;
  if (len < kMinDigits || len > kMaxDigits) return kNoPhone;
  uint64_t v = 0;
  for (int k = start; k < n; ++k) v = v * 10 + static_cast<uint64_t>(digits[k] - '0');
  // A home number written internationally drops the trunk '0' of its national form
  // (+86 755 1234 5678 is 0755-12345678): add it back, except for mobiles (11 digits from '1').
  if (start > 0 && !rules.trunk_prefix.empty() && !(len == 11 && digits[start] == '1')) {
    if (len + 1 > kMaxDigits) return kNoPhone;
    len += 1;  // the leading zero is carried by the digit count
  }
  return MakeKey(international, len, v);
}

int FormatPhoneNumber(PhoneKey key, char* out) {
  int len = static_cast<int>((key >> 58) & 31);
  uint64_t v = key & ((uint64_t{1} << 58) - 1);
  int pos = 0;
  if (IsInternational(key)) out[pos++] = '+';
  for (int k = len - 1; k >= 0; --k) {
    out[pos + k] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return pos + len;
}

std::string FormatPhoneNumber(PhoneKey key) {
  char buf[20];
  return std::string(buf, static_cast<size_t>(FormatPhoneNumber(key, buf)));
}

}  // namespace ripple
