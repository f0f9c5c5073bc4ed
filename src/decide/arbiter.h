// The arbiter: for one subscriber on one channel and slot, now, the offer to show — or none.
//
//   eligible   campaigns on the slot that are active, valid today, whose slot is open now, whose
//              target and segment hold for the subscriber and whose trigger (if any) is live;
//   policy     opt-out and do-not-disturb (always), quiet hours (push channels), the channel's
//              daily cap, the weekly cap across channels, the rest after a dismiss, the quota;
//   ranking    per slot: priority, expected value (propensity from feedback x value), rotation,
//              random, or adaptive (Thompson sampling per campaign and cell, bandit.h);
//   rotation   among equal best, per subscriber round robin;
//   control    a deterministic share per (subscriber, campaign) is held out: recorded, not shown,
//              not counted as a contact.
// Every campaign on the slot gets a verdict, so every decision can be explained.
//
// A CompiledModel is an immutable MarketingModel with its targets evaluated to bitmaps and its
// slots indexed; a change of the model compiles a new one and swaps it in (Swap), decisions in
// flight keep the one they started with.
// Thread-safety: Decide is safe from many threads. A subscriber's check-and-record runs under
// its ledger stripe lock, so caps hold under any concurrency; quotas are atomic counters.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/phone_number.h"
#include "core/status.h"
#include "decide/bandit.h"
#include "decide/campaign_counters.h"
#include "decide/contact_ledger.h"
#include "decide/model.h"
#include "decide/model_config.h"

class Roaring;
namespace ripple::ingest {
class ReferenceData;
}
namespace ripple::profile {
class TagTable;
}

namespace ripple::decide {

// Why a campaign was or was not chosen, in the order the checks run.
enum class Verdict : uint8_t {
  kWinner,
  kControl,    // won, but the subscriber is in its control group: nothing shown
  kOutranked,  // passed everything, another ranked higher
  kNotActive,  // draft, paused or ended
  kNotYetValid,
  kExpired,
  kSlotClosed,  // the slot's schedule is closed now
  kNotInTarget,
  kNoTrigger,
  kOptedOut,
  kDoNotDisturb,
  kQuietHours,
  kChannelCap,
  kWeeklyCap,
  kResting,  // dismissed recently
  kQuotaReached,
  // Eligibility of relationship campaigns (appended: verdicts are stored by value).
  kNoCloseAdopter,  // circle: no close tie in the scene adopted the product recently
  kNoWeakeningTie,  // reason_to_call: no weakening close tie in the scene
};
std::string_view VerdictName(Verdict v);
// Eligibility verdicts say the campaign does not apply; policy verdicts say it may not be shown.
inline bool IsPolicyVerdict(Verdict v) {
  return v >= Verdict::kOptedOut && v <= Verdict::kQuotaReached;
}
constexpr Verdict kLastVerdict = Verdict::kNoWeakeningTie;
// How far a campaign got through the checks (eligibility, then policy), for "the furthest
// check reached": the relationship verdicts, appended last, stand with the trigger check.
inline int CheckStage(Verdict v) {
  return v >= Verdict::kNoCloseAdopter ? static_cast<int>(Verdict::kNoTrigger)
                                       : static_cast<int>(v);
}

struct Product {
  std::string id, name, category;
  double price = 0;  // currency units
};

struct CompiledCampaign {
  Campaign def;
  std::string where;  // "campaigns[3]" in the model, for messages
  Product product;
  double value = 0;  // per conversion
  int64_t valid_from_ms = INT64_MIN, valid_to_ms = INT64_MAX;
  uint32_t key = 0;          // CampaignKey(id)
  uint32_t product_key = 0;  // CampaignKey(product id), what tie signals name
  CampaignCounters* counters = nullptr;
};

struct CompiledSlot {
  std::string channel, slot;
  int channel_index = 0;  // in the ledger
  bool push = false;
  int daily_cap = 0;
  Slot def;
  std::vector<uint16_t> campaigns;  // indexes into CompiledModel::campaigns
  std::vector<ArmSet*> arms;        // parallel to campaigns: what adaptive ranking learnt
  std::vector<int32_t> learn_bits;  // membership bits of learn_by, in order
};

class CompiledModel {
 public:
  struct Inputs {
    const profile::TagTable* tags = nullptr;  // null: targets other than "all" cannot compile
    std::vector<std::pair<std::string, const Roaring*>> saved_segments;  // of the snapshot
    const ingest::ReferenceData* reference = nullptr;  // products; null: product ids unchecked
    int utc_offset_minutes = 480;
    // Subscribers the membership covers (ids >= are in no target); 0: the reference's count,
    // else the tag table's rows, else the largest member + 1.
    uint32_t subscribers = 0;
    BanditRegistry* bandits = nullptr;  // null: arms of this model only (nothing kept)
  };
  // Errors name the field ("campaigns[2].target") and, inside an expression, the column.
  static Result<std::shared_ptr<const CompiledModel>> Compile(MarketingModel model,
                                                              const Inputs& in,
                                                              ContactLedger& ledger,
                                                              CounterRegistry& counters);
  const MarketingModel& model() const { return model_; }
  const std::vector<CompiledCampaign>& campaigns() const { return campaigns_; }
  const CompiledSlot* FindSlot(std::string_view channel, std::string_view slot) const;
  const std::vector<CompiledSlot>& slots() const { return slots_; }
  int FindCampaign(std::string_view id) const;
  // The arms a shown decision counted against; null when the slot no longer offers the
  // campaign or `cell` is out of range (learn_by changed since).
  ArmSet* FindArms(std::string_view channel, std::string_view slot, std::string_view campaign,
                   uint32_t cell) const;
  int utc_offset_minutes() const { return utc_offset_minutes_; }
  // Whether subscriber `s` is in campaign `c`'s target (and segment); true for untargeted ones.
  // One bit per (subscriber, targeted campaign), a subscriber's bits side by side: a decision
  // reads one cache line for all campaigns instead of probing one bitmap per campaign.
  bool Member(uint32_t s, uint16_t c) const {
    const int32_t bit = target_bit_[c];
    return bit < 0 || Bit(s, bit);
  }
  // The subscriber's cell on a slot: bit i set when in the slot's i-th learn_by segment.
  uint32_t Cell(uint32_t s, const CompiledSlot& slot) const {
    uint32_t cell = 0;
    for (size_t i = 0; i < slot.learn_bits.size(); ++i) {
      if (Bit(s, slot.learn_bits[i])) cell |= 1u << i;
    }
    return cell;
  }
  size_t membership_bytes() const { return membership_.size() * sizeof(uint64_t); }

 private:
  bool Bit(uint32_t s, int32_t bit) const {
    const size_t word = static_cast<size_t>(s) * words_ + static_cast<size_t>(bit >> 6);
    return word < membership_.size() && ((membership_[word] >> (bit & 63)) & 1);
  }
  MarketingModel model_;
  int utc_offset_minutes_ = 480;
  std::vector<int32_t> target_bit_;  // by campaign: its bit in a subscriber's words, -1: everyone
  std::vector<std::unique_ptr<ArmSet>> own_arms_;  // when compiled without a registry
  size_t words_ = 0;                               // 64-bit words per subscriber
  std::vector<uint64_t> membership_;
  std::vector<CompiledCampaign> campaigns_;
  std::vector<CompiledSlot> slots_;
};

// What the subscriber's relationships say now, for relationship campaigns; the caller gathers
// them as it gathers live triggers (serve: decide/tie_signals.h).
struct TieSignal {
  enum Kind : uint8_t { kAdopted, kWeakening };
  Kind kind = kAdopted;
  uint8_t scene = kSceneAny;  // SceneMask bit of the tie
  int32_t day = 0;            // local day of the adoption (kAdopted) or observation
  uint32_t product_key = 0;   // kAdopted: CampaignKey(product id)
  uint32_t partner = 0;       // the other person's subscriber id
};

struct DecisionRequest {
  uint32_t subscriber = 0;
  PhoneKey phone = kNoPhone;
  std::string_view channel, slot;
  int64_t now_ms = 0;
  std::span<const std::string> triggers;  // the subscriber's live trigger names
  std::span<const TieSignal> ties;        // the subscriber's relationship signals
  // A market simulation's oracle: the true conversion rate of each campaign (by model index)
  // for this subscriber, used as the score instead of the slot's ranking. Empty otherwise.
  std::span<const float> known_rates;
};

struct Considered {
  uint16_t campaign = 0;  // index in the model
  Verdict verdict = Verdict::kNotActive;
  double score = 0;  // priority or expected value, for those that reached ranking
};

struct Decision {
  uint64_t id = 0;
  int64_t ts_ms = 0;
  uint32_t subscriber = 0;
  PhoneKey phone = kNoPhone;
  const CompiledSlot* slot = nullptr;
  std::shared_ptr<const CompiledModel> model;
  int winner = -1;  // campaign index of the winner (also when held out as control)
  bool control = false;
  int equals = 0;    // campaigns tied at the best score
  int rotation = 0;  // which of them (0-based) the round robin picked
  Ranking ranking = Ranking::kPriority;
  uint32_t cell = 0;      // the subscriber's cell on the slot (adaptive ranking's arms)
  bool explored = false;  // adaptive: the exploration floor picked at random
  std::vector<Considered> considered;
  // Shown: a winner that is not control.
  bool shown() const { return winner >= 0 && !control; }
};

// Where decisions go as they are made (the store); called under the subscriber's lock so that
// the ledger entry written is the newest.
class DecisionJournal {
 public:
  virtual ~DecisionJournal() = default;
  virtual void Record(const Decision& d, const ContactEntry& entry) = 0;
};

class Arbiter {
 public:
  Arbiter(ContactLedger& ledger, const ContactLists& lists, DecisionJournal* journal)
      : ledger_(ledger), lists_(lists), journal_(journal) {}

  void Swap(std::shared_ptr<const CompiledModel> model) { model_.store(std::move(model)); }
  std::shared_ptr<const CompiledModel> model() const { return model_.load(); }
  // Sets the next decision id (ids are (boot << 40) | sequence, see DecideStore).
  void set_next_id(uint64_t id) { next_id_.store(id); }

  // Errors: NotFound for a channel or slot the model does not have (names them).
  Result<Decision> Decide(const DecisionRequest& request);

  // Whether subscriber `phone` is in the control group of a campaign.
  static bool InControlGroup(PhoneKey phone, uint32_t campaign_key, double share);

 private:
  ContactLedger& ledger_;
  const ContactLists& lists_;
  DecisionJournal* journal_;
  std::atomic<std::shared_ptr<const CompiledModel>> model_;
  std::atomic<uint64_t> next_id_{1};
};

}  // namespace ripple::decide
