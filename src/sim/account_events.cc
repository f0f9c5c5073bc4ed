// Handsets, recharges, orders and visits to the operator's app and web hall.
// - Devices: every subscriber's handset is reported in the first hour of the first day; ~0.2 % a
//   day change handset (a new IMEI, usually a new model; richer people buy higher price tiers).
// - Recharges: prepaid subscribers (~40 %) top up 30/50/100/200 one to four times a month, often
//   opening the app's recharge page just before.
// - Orders: rare; products in line with interests are likelier.
// - Visits: a few a week, balance checks more often than other pages.
#include <algorithm>

#include "sim/day_generator.h"
#include "sim/random_streams.h"

namespace ripple::sim {
namespace {

PriceTier TierFor(const Person& p, Rng& rng) {
  int tier = p.wealth < 0.3 ? 0 : p.wealth < 0.65 ? 1 : p.wealth < 0.9 ? 2 : 3;
  if (rng.Chance(0.25)) tier += rng.Chance(0.5) ? 1 : -1;
  return static_cast<PriceTier>(std::clamp(tier, 0, kPriceTierCount - 1));
}

uint64_t NewImei(const World& world, const Person& p, Rng& rng) {
  const auto& models = world.handsets.ByTier(TierFor(p, rng));
  uint32_t tac = world.handsets.models()[models[rng.Below(models.size())]].tac;
  return MakeImei(tac, static_cast<uint32_t>(rng.Below(1000000)));
}

uint32_t AccountDelayMs(Rng& rng) { return static_cast<uint32_t>(rng.Between(1'000, 60'000)); }

}  // namespace

void DayGenerator::DeviceEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeDevice);
  const Person& p = world_.persons[s];
  int64_t ts;
  if (imeis_[s] == 0) {
    imeis_[s] = NewImei(world_, p, rng);
    ts = SecondIn(rng, 0, 60);
  } else if (rng.Chance(0.002)) {
    uint64_t tac = imeis_[s] / 10000000;
    imeis_[s] = rng.Chance(0.8) ? NewImei(world_, p, rng)
                                : MakeImei(static_cast<uint32_t>(tac),
                                           static_cast<uint32_t>(rng.Below(1000000)));
    ts = SecondIn(rng, 10 * 60, 21 * 60);
  } else {
    return;
  }
  Event e{};
  e.ts_ms = ts;
  e.delay_ms = AccountDelayMs(rng);
  e.a = s;
  e.v1 = static_cast<uint32_t>(imeis_[s] >> 32);
  e.v2 = static_cast<uint32_t>(imeis_[s]);
  e.flags = DrawTsForm(rng, true);
  out[Feed::kDevices].push_back(e);
}

void DayGenerator::AccountEvents(PersonId s, EventBuffers& out) const {
  Rng rng = Rng::For(world_.seed, s, static_cast<uint64_t>(day_.day), kPurposeAccount);
  const Person& p = world_.persons[s];
  auto visit = [&](int64_t ts, uint32_t page, uint8_t channel) {
    Event e{};
    e.ts_ms = ts;
    e.delay_ms = AccountDelayMs(rng);
    e.a = s;
    e.b = page;
    e.code = channel;
    e.flags = DrawTsForm(rng, true);
    out[Feed::kVisits].push_back(e);
  };

  if (p.prepaid && rng.Chance(p.recharges_per_month / 30.0)) {
    auto amounts = RechargeAmountsCents();
    int index =
        static_cast<int>(rng.Below(2)) + (p.wealth > 0.5 ? static_cast<int>(rng.Below(3)) : 0);
    Event e{};
    e.ts_ms = SecondIn(rng, 8 * 60, 23 * 60);
    e.delay_ms = AccountDelayMs(rng);
    e.a = s;
    e.b = static_cast<uint32_t>(amounts[std::min<size_t>(index, amounts.size() - 1)]);
    e.flags = DrawTsForm(rng, true);
    out[Feed::kRecharges].push_back(e);
    if (rng.Chance(0.5)) visit(e.ts_ms - rng.Between(60, 300) * 1000, kRechargePage, 0);
  }

  if (rng.Chance(0.008)) {
    auto products = Products();
    double weights[32];
    double total = 0;
    for (size_t i = 0; i < products.size(); ++i) {
      int affinity = CategoryByName(products[i].affinity);
      bool liked = affinity >= 0 && std::find(p.interests, p.interests + p.interest_count,
                                              affinity) != p.interests + p.interest_count;
      weights[i] = products[i].weight * (liked ? 4.0 : 1.0);
      total += weights[i];
    }
    double u = rng.Uniform() * total;
    uint32_t product = 0;
    while (product + 1 < products.size() && u >= weights[product]) u -= weights[product++];
    double c = rng.Uniform();
    uint8_t channel = c < 0.4 ? 0 : c < 0.55 ? 1 : c < 0.7 ? 2 : c < 0.85 ? 3 : 4;
    uint8_t action = rng.Chance(0.15) ? 1 : 0;
    Event e{};
    e.ts_ms = SecondIn(rng, 9 * 60, 22 * 60);
    e.delay_ms = AccountDelayMs(rng);
    e.a = s;
    e.b = product;
    e.code = static_cast<uint8_t>(action << 4 | channel);
    e.flags = DrawTsForm(rng, true);
    out[Feed::kOrders].push_back(e);
  }

  auto pages = VisitPages();
  for (int k = rng.Poisson(0.45); k > 0; --k) {
    double u = rng.Uniform();
    uint32_t page = 0;
    while (page + 1 < pages.size() && u >= pages[page].weight) u -= pages[page++].weight;
    int64_t ts = SecondIn(rng, 7 * 60 + 30, 23 * 60 + 30);
    visit(ts, page, rng.Chance(0.75) ? 0 : 1);
  }
}

}  // namespace ripple::sim
