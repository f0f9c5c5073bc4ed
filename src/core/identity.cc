#include "core/identity.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdlib>

namespace ripple {

uint64_t Pseudonymizer::Pseudonym(PhoneKey number) const {
  char text[20];
  int len = FormatPhoneNumber(number, text);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(text), static_cast<size_t>(len), mac, &mac_len);
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | mac[i];
  return v;
}

std::string Pseudonymizer::ToHex(uint64_t pseudonym) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[pseudonym & 15];
    pseudonym >>= 4;
  }
  return out;
}

std::string ResolveSecret(std::string_view configured, bool* is_demo) {
  const char* env = std::getenv("RIPPLE_SECRET");
  *is_demo = false;
  if (env != nullptr && *env != '\0') return env;
  if (!configured.empty()) return std::string(configured);
  *is_demo = true;
  return std::string(kDemoSecret);
}

}  // namespace ripple
