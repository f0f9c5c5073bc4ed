#include "sim/market.h"

#include <algorithm>
#include <cmath>

#include "core/rng.h"

namespace ripple::sim {
namespace {

constexpr std::string_view kLifeMomentNames[] = {"", "travelling", "phone_shopping",
                                                 "data_running_out"};
constexpr double kBasePerWeight = 0.006;
constexpr float kMaxPropensity = 0.6f;
constexpr float kCloseRate = 1.3f;   // a friend or work tie this often called is close
constexpr float kTasteSigma = 0.0f;  // the individual factor no segment explains

enum Salt : uint64_t { kSaltMoment = 1, kSaltVisit = 2, kSaltMinute = 3, kSaltTaste = 4 };

bool HasInterest(const Person& p, int category) {
  for (int i = 0; i < p.interest_count; ++i) {
    if (p.interests[i] == category) return true;
  }
  return false;
}

LifeMoment MomentFor(std::string_view category) {
  if (category == "roaming") return LifeMoment::kTravelling;
  if (category == "handset") return LifeMoment::kPhoneShopping;
  if (category == "data_pack") return LifeMoment::kDataRunningOut;
  return LifeMoment::kNone;
}

double AgeWealthFactor(const Person& p, const ProductInfo& info) {
  double f = 1;
  const std::string_view c = info.category;
  if (c == "membership" || c == "data_pack") f *= p.age < 30 ? 1.6 : p.age >= 45 ? 0.6 : 1.0;
  if (c == "voice" || c == "broadband" || c == "bundle" || c == "group_plan")
    f *= p.age >= 45 ? 1.6 : p.age < 30 ? 0.6 : 1.0;
  // Dear products sell to the well-off: the premium plans' people (wealth drives the plan).
  if (info.price_cents > 10000) f *= p.wealth >= Market::kWealthy ? 1.5 : 0.4;
  return f;
}

}  // namespace

std::string_view LifeMomentName(LifeMoment m) { return kLifeMomentNames[static_cast<int>(m)]; }

Market::Market(const World& world, uint64_t seed, MarketOptions options)
    : world_(world), seed_(seed), options_(options) {
  const auto catalogue = Products();
  const size_t n = world.subscribers, np = catalogue.size();
  base_.resize(n * np);
  for (PersonId s = 0; s < n; ++s) {
    const Person& person = world.persons[s];
    Rng rng = Rng::For(seed, kSaltTaste, s);
    const double responsiveness = rng.LogNormal(1.0, 0.5);
    for (size_t p = 0; p < np; ++p) {
      const ProductInfo& info = catalogue[p];
      double b = kBasePerWeight * info.weight * responsiveness * rng.LogNormal(1.0, kTasteSigma);
      const int affinity = info.affinity.empty() ? -1 : CategoryByName(info.affinity);
      if (affinity >= 0 && HasInterest(person, affinity)) b *= kAffinityLift;
      b *= AgeWealthFactor(person, info);
      base_[s * np + p] = static_cast<float>(std::min<double>(b, kMaxPropensity));
    }
  }
  // Close ties between two subscribers, both ways: every family tie, friend and work ties
  // called often. A share of them are weakening (fixed by the pair).
  std::vector<std::pair<PersonId, CloseTie>> both;
  for (const Tie& t : world.ties) {
    if (!world.IsOnNet(t.a) || !world.IsOnNet(t.b)) continue;
    if (t.kind != TieKind::kFamily && t.rate < kCloseRate) continue;
    const uint8_t scene = t.kind == TieKind::kFamily ? kMarketFamily
                          : t.kind == TieKind::kWork ? kMarketWork
                                                     : kMarketFriend;
    const bool weakening = Rng::For(seed, t.a, t.b).Uniform() < options_.weakening_share;
    both.push_back({t.a, {t.b, scene, weakening}});
    both.push_back({t.b, {t.a, scene, weakening}});
  }
  std::sort(both.begin(), both.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  tie_first_.assign(n + 1, 0);
  ties_.reserve(both.size());
  for (const auto& [s, tie] : both) {
    ++tie_first_[s + 1];
    ties_.push_back(tie);
  }
  for (size_t s = 0; s < n; ++s) tie_first_[s + 1] += tie_first_[s];
}

size_t Market::products() const { return Products().size(); }

int Market::FindProduct(std::string_view id) const {
  const auto catalogue = Products();
  for (size_t p = 0; p < catalogue.size(); ++p) {
    if (catalogue[p].id == id) return static_cast<int>(p);
  }
  return -1;
}

LifeMoment Market::MomentOn(PersonId s, int day) const {
  const Person& person = world_.persons[s];
  const double u = Draw(s, day, kSaltMoment);
  const double travel = HasInterest(person, CategoryByName("travel")) ? 0.03 : 0.01;
  const double phone = HasInterest(person, CategoryByName("tech")) ? 0.02 : 0.008;
  const double data = 0.04 * std::clamp(person.data_sessions / 20.0, 0.3, 2.0);
  if (u < travel) return LifeMoment::kTravelling;
  if (u < travel + phone) return LifeMoment::kPhoneShopping;
  if (u < travel + phone + data) return LifeMoment::kDataRunningOut;
  return LifeMoment::kNone;
}

bool Market::Visits(PersonId s, int day, int* minute_of_day) const {
  if (Draw(s, day, kSaltVisit) >= options_.visit_chance) return false;
  *minute_of_day = 8 * 60 + static_cast<int>(Draw(s, day, kSaltMinute) * 14 * 60);
  return true;
}

double Market::Draw(PersonId s, int day, uint64_t salt) const {
  return Rng::For(seed_, s, static_cast<uint64_t>(day), salt).Uniform();
}

bool Market::HasWeakeningTie(PersonId s) const {
  for (const CloseTie& t : CloseTies(s)) {
    if (t.weakening) return true;
  }
  return false;
}

MarketState::MarketState(const Market& market)
    : market_(market), owned_(market.people(), 0), tie_adopted_(market.people(), 0) {}

void MarketState::Adopt(PersonId s, int product) {
  owned_[s] |= 1u << product;
  ++adoptions_;
  for (const CloseTie& t : market_.CloseTies(s)) tie_adopted_[t.other] |= 1u << product;
}

double MarketState::Propensity(PersonId s, int product, int day) const {
  if (Owns(s, product)) return 0;
  const ProductInfo& info = Products()[static_cast<size_t>(product)];
  double p = market_.BasePropensity(s, product);
  const LifeMoment fits = MomentFor(info.category);
  if (fits != LifeMoment::kNone && market_.MomentOn(s, day) == fits) {
    p *= market_.options().moment_lift;
  }
  if ((tie_adopted_[s] >> product) & 1) {
    const bool shared = info.category == "bundle" || info.category == "group_plan";
    p *= shared ? market_.options().circle_lift : market_.options().circle_lift_other;
  }
  if (info.category == "voice" && market_.HasWeakeningTie(s)) {
    p *= market_.options().reason_to_call_lift;
  }
  return std::min<double>(p, kMaxPropensity);
}

}  // namespace ripple::sim
