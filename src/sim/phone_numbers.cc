// Phone numbers of every party, all distinct by construction:
// - on-net person i: an on-net mobile prefix (135, 138, 187 ...) and 8 digits from a seeded
//   affine bijection of i on [0, 10^8), so the digits alone already differ;
// - off-net person j: other operators' prefixes the same way (80 %), written with +86 (12 %),
//   or a landline with area code, e.g. 0755xxxxxxxx (8 %);
// - service numbers from the catalogue; a few international numbers (+1, +44, 0044, +852).
#include <string>

#include "core/rng.h"
#include "sim/random_streams.h"
#include "sim/text_format.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

constexpr std::string_view kOnNetPrefixes[] = {"134", "135", "136", "137", "138", "139", "147",
                                               "150", "151", "152", "157", "158", "159", "178",
                                               "182", "183", "184", "187", "188", "198"};
constexpr std::string_view kOffNetPrefixes[] = {"130", "131", "132", "155", "156", "166",
                                                "185", "186", "133", "153", "173", "177",
                                                "180", "181", "189", "199", "191"};
constexpr std::string_view kAreaCodes[] = {"0755", "020", "010", "0769", "021"};
constexpr uint64_t kSuffixSpace = 100000000;  // 8 digits

// A bijection on [0, 10^8): multiplier odd and not a multiple of 5.
struct Affine {
  uint64_t mul, add;
  uint64_t operator()(uint64_t x) const { return (x * mul + add) % kSuffixSpace; }
};
Affine MakeAffine(Rng& rng) {
  uint64_t mul = rng.Below(kSuffixSpace / 10) * 10 + 7;  // ends in 7: coprime with 10^8
  return {mul, rng.Below(kSuffixSpace)};
}

PartyText Make(std::string_view head, uint64_t tail, int tail_digits) {
  PartyText t{};
  char* p = AppendText(t.text, head);
  p = AppendPadded(p, tail, tail_digits);
  t.len = static_cast<uint8_t>(p - t.text);
  return t;
}

}  // namespace

void BuildPhoneNumbers(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeNumbers);
  Affine on_net = MakeAffine(rng), off_net = MakeAffine(rng), landline = MakeAffine(rng);
  constexpr uint64_t kOnCount = std::size(kOnNetPrefixes), kOffCount = std::size(kOffNetPrefixes);
  // Distinct 8-digit tails need fewer than 10^8 people of each kind (BuildWorld caps subscribers).
  auto& texts = world.party_text;
  texts.clear();
  texts.reserve(world.people + ServiceNumbers().size() + 64);
  for (PersonId i = 0; i < world.subscribers; ++i) {
    texts.push_back(Make(kOnNetPrefixes[rng.Below(kOnCount)], on_net(i), 8));
  }
  for (PersonId i = world.subscribers; i < world.people; ++i) {
    uint64_t j = i - world.subscribers;
    double u = rng.Uniform();
    if (u < 0.08) {
      texts.push_back(Make(kAreaCodes[rng.Below(std::size(kAreaCodes))], landline(j), 8));
    } else {
      std::string head = u < 0.20 ? "+86" : "";
      head += kOffNetPrefixes[rng.Below(kOffCount)];
      texts.push_back(Make(head, off_net(j), 8));
    }
  }
  world.first_service = static_cast<PartyId>(texts.size());
  for (const ServiceNumber& s : ServiceNumbers()) texts.push_back(Make(s.number, 0, 0));
  world.first_international = static_cast<PartyId>(texts.size());
  const uint32_t internationals = 8 + world.subscribers / 5000;
  constexpr std::string_view kCountries[] = {"+1", "+44", "0044", "+852", "+65", "+61"};
  for (uint32_t k = 0; k < internationals; ++k) {
    std::string_view cc = kCountries[k % std::size(kCountries)];
    int digits = cc == "+852" || cc == "+65" ? 8 : cc == "+61" ? 9 : 10;
    uint64_t lead = cc == "+1" ? 2 + rng.Below(8) : cc == "+852" ? 5 + rng.Below(5) : 7;
    uint64_t rest = 1;
    for (int d = 1; d < digits; ++d) rest *= 10;
    // The index keeps numbers of one country distinct.
    uint64_t body = lead * rest + (k * 7919 + rng.Below(1000)) % rest;
    texts.push_back(Make(cc, body, digits));
  }
}

}  // namespace ripple::sim
