// TieSignals: what relationship campaigns read in the server — each subscriber's close ties
// from the relations part (OUT/relations/ties.csv: level close or intimate, in a family, work or
// friend scene), which of them are weakening, and which products their close ties adopted lately
// (told by conversions as they are fed back, and on start from the stored ones).
//
// A tie is weakening when it was close before the silence — its strength without the recency
// factor (2^-(days/14), graph/tie.h) reaches the close threshold — and the pair has not called
// or texted for kWeakeningDays or more: the pair "a reason to call" is for.
// Invariants: ties are stored both ways; adoption signals older than kAdoptionDays are dropped as
// new ones arrive for the same subscriber.
// Thread-safety: Collect and Adopted are safe from many threads (striped locks).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "decide/arbiter.h"

namespace ripple::decide {

class TieSignals {
 public:
  static constexpr float kWeakeningDays = 7;
  static constexpr int kAdoptionDays = 90;

  // `ties_csv` as written by `ripple batch` (header a,b,strength,level,scenario[,recency_days];
  // without recency_days no tie is weakening). `subscriber_of` maps a party as the file names it
  // (pseudonym, or number with reveal) to a subscriber id, UINT32_MAX when not a subscriber.
  // Errors name FILE:LINE.
  static Result<std::unique_ptr<TieSignals>> Load(
      const std::string& ties_csv, size_t subscribers, double close_threshold,
      const std::function<uint32_t(std::string_view)>& subscriber_of);
  // Built from ties directly (tests, experiments).
  struct CloseTie {
    uint32_t other = 0;
    uint8_t scene = kSceneFamily;
    bool weakening = false;
  };
  TieSignals(size_t subscribers, const std::vector<std::pair<uint32_t, CloseTie>>& ties);

  // The subscriber's signals now: one kWeakening per weakening close tie, and the adoptions.
  void Collect(uint32_t s, std::vector<TieSignal>* out) const;
  // `s` took a product (its CampaignKey) on local day `day`: every close tie of s learns of it.
  void Adopted(uint32_t s, uint32_t product_key, int32_t day);

  size_t close_ties() const { return ties_.size() / 2; }
  size_t weakening_ties() const { return weakening_ / 2; }

 private:
  std::vector<uint32_t> first_;  // [subscribers + 1]
  std::vector<CloseTie> ties_;
  size_t weakening_ = 0;
  mutable std::array<std::mutex, 256> stripes_;
  std::vector<std::vector<TieSignal>> adopted_;  // per subscriber, under its stripe
};

}  // namespace ripple::decide
