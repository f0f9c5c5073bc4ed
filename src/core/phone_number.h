// Phone numbers as 64-bit keys.
//
// Every party of a call is a valid node as long as it is a number at all: 11-digit mobiles,
// landlines with area code, 400/800 service numbers, short codes (10086), international numbers
// written with '+' or '00'. A number is canonicalised so one line written two ways is one key:
// the home country code (+86/0086 by default) is dropped; other international numbers keep a
// flag. Separators ' ', '-', '(' and ')' are ignored.
//
// Key layout: bit 63 international, bits 58..62 digit count (3..17), bits 0..57 the digits.
// The digit count keeps leading zeros ("0755..." differs from "755...").
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ripple {

using PhoneKey = uint64_t;
constexpr PhoneKey kNoPhone = 0;  // never a valid key: a valid key has a digit count >= 3

struct PhoneNumberRules {
  std::string_view home_country_code = "86";
  // Prefix of national numbers that the international form drops (China: 0755… <-> +86 755…).
  // Only "0" or empty is supported: it is carried as a leading zero.
  std::string_view trunk_prefix = "0";
};

// Returns kNoPhone when `text` is not a phone number.
PhoneKey ParsePhoneNumber(std::string_view text, const PhoneNumberRules& rules = {});

// Canonical text of a key: national digits, or "+" and digits for foreign numbers.
// Writes into `out` (needs 20 bytes) and returns the length.
int FormatPhoneNumber(PhoneKey key, char* out);
std::string FormatPhoneNumber(PhoneKey key);

inline bool IsInternational(PhoneKey key) { return (key >> 63) != 0; }

}  // namespace ripple
