// ContactGraph: who talks to whom — one aggregate per unordered pair of parties that have called
// or texted each other, on-net and off-net numbers alike, updated record by record.
//
// A pair is stored once, under its *owner*: the on-net party (the one with the smaller phone
// number when both are on-net). "out" counts go from the owner to the other party. Off-net
// numbers get dense party ids after the subscribers (subscribers() + k); a party id is only an
// in-memory handle — the checkpoint keeps the other party's phone number.
//
// Time decay, as in the profile's activity: every count of a pair is held relative to the pair's
// newest local day `last_day`; a record of day d adds 2^-(last_day - d)/half_life, and a newer
// day first scales the pair's counts down. Sums are therefore independent of arrival order (up to
// float rounding), so feeding day after day equals feeding all days at once. Active days are
// exact for the last 32 days (a bit mask); older days live on only in the decayed counts.
//
// Memory: 64 B of PairStats + 12 B (owner, other, next-of-owner) per pair, plus the pair index
// (16 B slots at <= 50 % load) and 8 B per off-net party; MemoryBytes()/BytesPerPair() measure it.
// Thread-safety: single writer, like SubscriberState; const readers concurrently with each
// other. It is a state::SubscriberAttachment (tag 'g'): the pairs of an owner are checkpointed
// with the owner, in the same atomic batch; Apply marks the owner dirty in the state so that
// happens even when the state itself refused the record.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/flat_map.h"
#include "core/phone_number.h"
#include "ingest/record.h"
#include "state/state_store.h"
#include "state/subscriber_state.h"

namespace ripple::graph {

using ingest::SubscriberId;
using PartyId = uint32_t;  // < subscribers(): that subscriber; else off-net party - subscribers()
using PairId = uint32_t;
constexpr PairId kNoPair = UINT32_MAX;

// Parts of the week a contact falls in (local time).
enum TimeSlot : int {
  kWeekdayDay = 0,      // Monday-Friday 09:00-18:00
  kWeekdayEvening = 1,  // Monday-Friday 18:00-23:00
  kWeekendDay = 2,      // Saturday, Sunday 09:00-23:00
  kOffHours = 3,        // 23:00-09:00 any day (night and early morning)
  kTimeSlots = 4,
};

struct PairStats {
  int32_t last_day = INT32_MIN;   // newest local day; the decayed counts are relative to it
  uint32_t day_bits = 0;          // bit i: a contact on local day last_day - i
  uint32_t first_s = UINT32_MAX;  // epoch seconds of the first and the latest contact
  uint32_t last_s = 0;
  float calls_out = 0;  // owner -> other (decayed counts)
  float calls_in = 0;
  float sms_out = 0;
  float sms_in = 0;
  float call_seconds = 0;                  // decayed total duration
  float answered = 0;                      // decayed calls with a duration > 0
  float log_seconds = 0;                   // decayed sum of ln(1 + duration) of answered calls
  float slots[kTimeSlots] = {0, 0, 0, 0};  // decayed contacts (calls + SMS) by TimeSlot
  float reserved = 0;
};
static_assert(sizeof(PairStats) == 64);

struct ContactGraphOptions {
  int utc_offset_minutes = 480;
  double half_life_days = 28;
};

struct ContactGraphCounts {
  uint64_t applied = 0;        // call/SMS records added to a pair
  uint64_t self_contacts = 0;  // caller == callee: not a relationship, skipped
  uint64_t no_owner = 0;       // neither party on-net (cannot be stored under anyone)
};

class ContactGraph final : public state::SubscriberAttachment {
 public:
  // `subscriber_phones[s]` is subscriber s's number (for decoding checkpoints and for owner
  // choice); `dirty` (nullable) gets MarkDirty(owner) for every pair changed.
  ContactGraph(std::span<const PhoneKey> subscriber_phones, const ContactGraphOptions& options,
               state::SubscriberState* dirty);

  // Adds a call or SMS record; other feeds are ignored. No allocation except amortised growth.
  void Apply(const ingest::Record& r);

  size_t subscribers() const { return subscriber_phones_.size(); }
  size_t parties() const { return subscriber_phones_.size() + offnet_phones_.size(); }
  size_t pairs() const { return stats_.size(); }
  bool IsOnNet(PartyId p) const { return p < subscriber_phones_.size(); }
  PhoneKey phone(PartyId p) const {
    return IsOnNet(p) ? subscriber_phones_[p] : offnet_phones_[p - subscriber_phones_.size()];
  }
  // The party of a number, or UINT32_MAX when it has no pair.
  PartyId FindParty(PhoneKey phone) const;

  SubscriberId owner(PairId e) const { return owners_[e]; }
  PartyId other(PairId e) const { return others_[e]; }
  const PairStats& stats(PairId e) const { return stats_[e]; }
  PairId Find(SubscriberId owner, PartyId other) const;
  // Whether subscriber s and the party with number `other` have a pair (were ever in contact).
  bool HasPair(SubscriberId s, PhoneKey other) const;
  template <typename Fn>  // fn(PairId) for each pair owned by s
  void ForEachOwned(SubscriberId s, Fn&& fn) const {
    for (PairId e = heads_[s]; e != kNoPair; e = next_[e]) fn(e);
  }
  // The newest local day of any pair (the "today" of the graph), or INT32_MIN when empty.
  int32_t newest_day() const { return newest_day_; }
  // Factor bringing a pair's counts from its last_day to `day` (<= 1).
  double DecayTo(const PairStats& p, int64_t day) const;

  const ContactGraphCounts& counts() const { return counts_; }
  const ContactGraphOptions& options() const { return options_; }
  size_t MemoryBytes() const;
  double BytesPerPair() const;

  // SubscriberAttachment.
  char tag() const override { return 'g'; }
  std::string Settings() const override;
  Status DecodeSettings(std::string_view stored) override;
  bool Encode(SubscriberId s, std::string* out) const override;
  Status Decode(SubscriberId s, std::string_view value) override;

 private:
  PartyId PartyOf(PhoneKey phone, SubscriberId sub, bool create);
  PairId FindOrAdd(SubscriberId owner, PartyId other);
  // Decays the pair to `day` if newer; returns the weight of a record of `day`.
  float Advance(PairStats& p, int32_t day) const;

  ContactGraphOptions options_;
  std::vector<PhoneKey> subscriber_phones_;
  state::SubscriberState* dirty_;
  std::vector<PhoneKey> offnet_phones_;
  FlatMap64 offnet_index_;      // phone -> off-net index
  FlatMap64 subscriber_index_;  // phone -> subscriber (decoding)
  FlatMap64 pair_index_;        // (owner << 32 | other) -> PairId
  std::vector<PairStats> stats_;
  std::vector<SubscriberId> owners_;
  std::vector<PartyId> others_;
  std::vector<PairId> next_;   // next pair of the same owner
  std::vector<PairId> heads_;  // per subscriber: first owned pair
  std::vector<float> decay_per_day_;
  int32_t newest_day_ = INT32_MIN;
  ContactGraphCounts counts_;
  double stored_half_life_ = 0;  // from DecodeSettings
};

}  // namespace ripple::graph
