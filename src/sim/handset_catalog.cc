#include "sim/handset_catalog.h"

namespace ripple::sim {
namespace {

// A numbered model series: name_prefix + number (+ suffix), one model per step.
struct Series {
  std::string_view brand;
  std::string_view prefix;
  int first_number;
  int step;
  int count;
  std::string_view suffix;
  int first_year;
  PriceTier tier;
};

constexpr PriceTier kLow = PriceTier::kLow, kMid = PriceTier::kMid, kHigh = PriceTier::kHigh,
                    kTop = PriceTier::kFlagship;

constexpr Series kSeries[] = {
    {"Apple", "iPhone ", 11, 1, 7, "", 2019, kHigh},
    {"Apple", "iPhone ", 11, 1, 7, " Pro", 2019, kTop},
    {"Apple", "iPhone ", 12, 1, 6, " Pro Max", 2020, kTop},
    {"Apple", "iPhone ", 14, 1, 3, " Plus", 2022, kHigh},
    {"Apple", "iPhone SE ", 2, 1, 2, "", 2020, kMid},
    {"Huawei", "Mate ", 40, 10, 4, "", 2020, kTop},
    {"Huawei", "Mate ", 40, 10, 4, " Pro", 2020, kTop},
    {"Huawei", "P", 40, 10, 3, "", 2020, kHigh},
    {"Huawei", "Pura ", 70, 10, 2, "", 2024, kHigh},
    {"Huawei", "nova ", 8, 1, 6, "", 2021, kMid},
    {"Huawei", "Enjoy ", 20, 10, 5, "", 2020, kLow},
    {"Xiaomi", "Xiaomi ", 11, 1, 5, "", 2021, kHigh},
    {"Xiaomi", "Xiaomi ", 12, 1, 4, " Ultra", 2022, kTop},
    {"Xiaomi", "Redmi K", 40, 10, 5, "", 2021, kMid},
    {"Xiaomi", "Redmi Note ", 10, 1, 5, "", 2021, kLow},
    {"Xiaomi", "Redmi Note ", 11, 1, 4, " Pro", 2022, kMid},
    {"Xiaomi", "Redmi ", 10, 1, 5, "", 2021, kLow},
    {"OPPO", "Find X", 3, 1, 6, "", 2021, kTop},
    {"OPPO", "Reno ", 5, 1, 9, "", 2021, kMid},
    {"OPPO", "A", 55, 1, 5, "", 2021, kLow},
    {"vivo", "X", 60, 10, 4, "", 2021, kHigh},
    {"vivo", "X", 100, 100, 2, "", 2023, kTop},
    {"vivo", "S", 10, 1, 10, "", 2021, kMid},
    {"vivo", "Y", 35, 1, 5, "", 2022, kLow},
    {"vivo", "iQOO ", 9, 1, 5, "", 2022, kHigh},
    {"Honor", "Magic ", 3, 1, 5, "", 2021, kTop},
    {"Honor", "Honor ", 50, 10, 5, "", 2021, kMid},
    {"Honor", "Play ", 5, 1, 5, "", 2021, kLow},
    {"Honor", "X", 30, 10, 4, "", 2021, kLow},
    {"Samsung", "Galaxy S", 21, 1, 5, "", 2021, kHigh},
    {"Samsung", "Galaxy S", 21, 1, 5, " Ultra", 2021, kTop},
    {"Samsung", "Galaxy Z Fold", 3, 1, 4, "", 2021, kTop},
    {"Samsung", "Galaxy A", 52, 1, 5, "", 2021, kMid},
    {"realme", "GT ", 2, 1, 5, "", 2022, kMid},
    {"realme", "Q", 3, 1, 3, "", 2021, kLow},
    {"OnePlus", "OnePlus ", 9, 1, 5, "", 2021, kHigh},
    {"OnePlus", "Ace ", 2, 1, 4, "", 2023, kMid},
};

}  // namespace

std::string_view PriceTierName(PriceTier tier) {
  switch (tier) {
    case PriceTier::kLow:
      return "low";
    case PriceTier::kMid:
      return "mid";
    case PriceTier::kHigh:
      return "high";
    case PriceTier::kFlagship:
      return "flagship";
  }
  return "low";
}

HandsetCatalog::HandsetCatalog() {
  uint32_t index = 0;
  for (const Series& s : kSeries) {
    for (int i = 0; i < s.count; ++i, ++index) {
      // Apple and Samsung TACs start with 35, the Chinese brands with 86. The multiplier is
      // coprime with 10^6, so every model gets a distinct TAC.
      uint32_t prefix = (s.brand == "Apple" || s.brand == "Samsung") ? 35 : 86;
      uint32_t tac = prefix * 1000000 + (index * 7919 + 104729) % 1000000;
      std::string model = std::string(s.prefix) + std::to_string(s.first_number + i * s.step) +
                          std::string(s.suffix);
      int year = s.first_year + i;
      if (year > 2026) year = 2026;
      by_tier_[static_cast<int>(s.tier)].push_back(static_cast<uint32_t>(models_.size()));
      models_.push_back({tac, s.brand, std::move(model), year, s.tier});
    }
  }
}

int LuhnCheckDigit(uint64_t first14) {
  int sum = 0;
  // Digits from the right of the 14-digit body: the rightmost is doubled (it sits left of the
  // check digit).
  for (int pos = 0; pos < 14; ++pos) {
    int d = static_cast<int>(first14 % 10);
    first14 /= 10;
    if (pos % 2 == 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - sum % 10) % 10;
}

uint64_t MakeImei(uint32_t tac, uint32_t serial) {
  uint64_t body = uint64_t{tac} * 1000000 + serial;
  return body * 10 + static_cast<uint64_t>(LuhnCheckDigit(body));
}

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool doubled = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (d < 0 || d > 9) return false;
    if (doubled) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    doubled = !doubled;
  }
  return sum % 10 == 0;
}

}  // namespace ripple::sim
