// The simulated subscribers as customers: what each would buy if offered, which the marketing
// engine must learn and an oracle knows. Built over a World (sim/world.h).
//
// The hidden propensity of person s for product p — the chance that s takes p when it is offered
// once — is
//   base(p)                          from the product's order weight in the catalogue
//   x affinity                       kAffinityLift when one of s's interests is p's affinity
//   x age and wealth                 memberships and data appeal to the young (< 30), voice,
//                                    broadband and bundles to the older (45+); dear products to
//                                    the wealthy (premium plans)
//   x responsiveness(s)              how much s responds to offers at all (log-normal, per person)
//   x taste(s, p)                    a small individual factor no segment explains
//   x moment lift                    while a fitting life moment is live: travelling (roaming),
//                                    shopping for a phone (handsets), data running out (packs)
//   x circle lift                    once a close tie adopted p (strongest for bundles)
//   x reason-to-call lift            voice offers, for a person with a weakening close tie
// and 0 once s owns p. Without an offer s buys p on a given day with organic_share of that.
// Life moments, visits and every draw are fixed by (seed, person, day), so strategies compared
// on one market meet the same customers on the same days (common random numbers).
// Thread-safety: a Market is immutable after construction; MarketState is one strategy's and is
// not shared.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sim/world.h"

namespace ripple::sim {

enum class LifeMoment : uint8_t { kNone, kTravelling, kPhoneShopping, kDataRunningOut };
std::string_view LifeMomentName(LifeMoment m);  // the live trigger's name: "travelling", ...

// Scenes as in graph::Scene's family/work/friend, one bit each.
enum : uint8_t { kMarketFamily = 1, kMarketWork = 2, kMarketFriend = 4 };

struct CloseTie {
  PersonId other = 0;  // an on-net subscriber
  uint8_t scene = kMarketFamily;
  bool weakening = false;  // the pair talks less and less
};

struct MarketOptions {
  double organic_share = 0.2;      // buying unasked, as a share of the offer's propensity
  double moment_lift = 8;          // a fitting life moment is live
  double circle_lift = 4;          // bundles and group plans, once a close tie adopted them
  double circle_lift_other = 1.5;  // any other product a close tie adopted
  double reason_to_call_lift = 5;  // voice offers, with a weakening close tie
  double weakening_share = 0.06;   // of close ties
  double visit_chance = 0.5;       // of opening the app on a day
};

class Market {
 public:
  static constexpr double kAffinityLift = 5;
  static constexpr float kWealthy = 0.6f;  // wealth from which dear products sell

  Market(const World& world, uint64_t seed, MarketOptions options = {});

  const World& world() const { return world_; }
  uint32_t people() const { return world_.subscribers; }
  size_t products() const;  // the catalogue's (sim/catalog.h Products())
  int FindProduct(std::string_view id) const;
  const MarketOptions& options() const { return options_; }

  // The propensity without state: no ownership, no circle, no moment.
  double BasePropensity(PersonId s, int product) const {
    return base_[static_cast<size_t>(s) * products() + static_cast<size_t>(product)];
  }
  LifeMoment MomentOn(PersonId s, int day) const;
  // Whether s opens the app on `day`, and at which minute of the day.
  bool Visits(PersonId s, int day, int* minute_of_day) const;
  // A uniform draw in [0, 1) fixed by (seed, s, day, salt).
  double Draw(PersonId s, int day, uint64_t salt) const;
  std::span<const CloseTie> CloseTies(PersonId s) const {
    return {ties_.data() + tie_first_[s], ties_.data() + tie_first_[s + 1]};
  }
  bool HasWeakeningTie(PersonId s) const;

 private:
  const World& world_;
  uint64_t seed_;
  MarketOptions options_;
  std::vector<float> base_;  // [person][product]
  std::vector<uint32_t> tie_first_;
  std::vector<CloseTie> ties_;
};

// What one strategy's customers have done: products owned, and the products a close tie of
// theirs adopted (by scene). Products are bits (the catalogue has fewer than 32).
class MarketState {
 public:
  explicit MarketState(const Market& market);
  bool Owns(PersonId s, int product) const { return (owned_[s] >> product) & 1; }
  // s buys p on `day`: owned, and every close tie of s learns of it.
  void Adopt(PersonId s, int product);
  // The propensity now, on `day`, with `moment` live (kNone: none).
  double Propensity(PersonId s, int product, int day) const;
  uint64_t adoptions() const { return adoptions_; }

 private:
  const Market& market_;
  std::vector<uint32_t> owned_;
  std::vector<uint32_t> tie_adopted_;  // bit p: a close tie of s adopted p
  uint64_t adoptions_ = 0;
};

}  // namespace ripple::sim
