// Strict parsers for single field values: integers, decimal amounts, IMEIs and tokens.
// Each returns false for anything that is not exactly the expected form ("12.5" is not an
// integer, "+5" is not an amount). No allocation.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace ripple::ingest {

// Non-negative decimal integer with at most 18 digits, no sign, no spaces.
bool ParseUnsigned(std::string_view s, uint64_t* out);
// Decimal with at most two fraction digits, optional leading '-', into hundredths.
bool ParseCents(std::string_view s, int64_t* cents);
// Decimal number such as a latitude ("22.5431", "-0.5").
bool ParseDecimal(std::string_view s, double* out);
// 15-digit IMEI with a valid Luhn check digit, or a 16-digit IMEISV.
bool ParseImei(std::string_view s, uint64_t* imei, uint8_t* digits);
// Printable text without spaces, commas or quotes, at most `max_len` bytes (ids, host names).
bool IsToken(std::string_view s, size_t max_len);
// Non-empty text without control characters, at most `max_len` bytes (names, page paths).
bool IsText(std::string_view s, size_t max_len);

}  // namespace ripple::ingest
