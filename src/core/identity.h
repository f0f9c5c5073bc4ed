// Pseudonyms: keyed-hash names for subscribers in everything Ripple stores, logs or exports.
//
// pseudonym(msisdn) = first 16 hex digits of HMAC-SHA256(secret, canonical msisdn text). The
// same secret gives the same pseudonyms on every run and machine, so stored state keyed by
// pseudonym survives reloads of subscribers.csv (whose order defines the dense ids).
// Thread-safety: immutable after construction; Pseudonym() is safe from many threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/phone_number.h"

namespace ripple {

// The secret used when neither RIPPLE_SECRET nor the config sets one. Demos only.
inline constexpr std::string_view kDemoSecret = "ripple-demo-secret-change-me";

class Pseudonymizer {
 public:
  explicit Pseudonymizer(std::string secret) : secret_(std::move(secret)) {}

  // The 64-bit value of the pseudonym (its 16 hex digits read as a big-endian number).
  uint64_t Pseudonym(PhoneKey number) const;
  // "3f2a…" (16 lowercase hex digits).
  static std::string ToHex(uint64_t pseudonym);
  std::string PseudonymHex(PhoneKey number) const { return ToHex(Pseudonym(number)); }

 private:
  std::string secret_;
};

// The secret from RIPPLE_SECRET, else `configured`, else kDemoSecret. `*is_demo` tells the
// caller to warn loudly.
std::string ResolveSecret(std::string_view configured, bool* is_demo);

}  // namespace ripple
