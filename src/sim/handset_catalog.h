// Handset models of the simulated market (tac.csv) and the IMEIs built from them.
// An IMEI is the model's 8-digit TAC, a 6-digit serial and a Luhn check digit.
// Thread-safety: immutable after construction; the free functions are pure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ripple::sim {

enum class PriceTier : uint8_t { kLow, kMid, kHigh, kFlagship };
constexpr int kPriceTierCount = 4;
std::string_view PriceTierName(PriceTier tier);

struct HandsetModel {
  uint32_t tac;
  std::string_view brand;
  std::string model;
  int release_year;
  PriceTier tier;
};

class HandsetCatalog {
 public:
  HandsetCatalog();
  const std::vector<HandsetModel>& models() const { return models_; }
  // Indexes into models() of one price tier.
  const std::vector<uint32_t>& ByTier(PriceTier tier) const {
    return by_tier_[static_cast<int>(tier)];
  }

 private:
  std::vector<HandsetModel> models_;
  std::vector<uint32_t> by_tier_[kPriceTierCount];
};

// The Luhn check digit for the 14 digits TAC(8) + serial(6).
int LuhnCheckDigit(uint64_t first14);
// IMEI (15 digits as an integer) from a TAC and a serial 0..999999.
uint64_t MakeImei(uint32_t tac, uint32_t serial);
// True when `digits` is all digits and its last digit is the Luhn check of the rest.
bool LuhnValid(std::string_view digits);

}  // namespace ripple::sim
