#include "decide/arbiter.h"

#include <algorithm>
#include <cmath>
#include <roaring/roaring.hh>

#include "core/hash.h"

namespace ripple::decide {
namespace {

constexpr std::string_view kVerdictNames[] = {
    "winner",         "control",          "outranked",        "not_active", "not_yet_valid",
    "expired",        "slot_closed",      "not_in_target",    "no_trigger", "opted_out",
    "do_not_disturb", "quiet_hours",      "channel_cap",      "weekly_cap", "resting",
    "quota_reached",  "no_close_adopter", "no_weakening_tie",
};

bool HasTrigger(std::span<const std::string> triggers, const std::string& name) {
  return std::find(triggers.begin(), triggers.end(), name) != triggers.end();
}

// Relationship campaigns: whether the subscriber's tie signals make the campaign apply.
Verdict RelationshipVerdict(const CompiledCampaign& c, std::span<const TieSignal> ties,
                            int32_t today) {
  for (const TieSignal& t : ties) {
    if (!(t.scene & c.def.scenes)) continue;
    if (c.def.kind == CampaignKind::kCircle && t.kind == TieSignal::kAdopted &&
        t.product_key == c.product_key && t.day >= today - c.def.within_days) {
      return Verdict::kOutranked;
    }
    if (c.def.kind == CampaignKind::kReasonToCall && t.kind == TieSignal::kWeakening) {
      return Verdict::kOutranked;
    }
  }
  return c.def.kind == CampaignKind::kCircle ? Verdict::kNoCloseAdopter : Verdict::kNoWeakeningTie;
}

}  // namespace

std::string_view VerdictName(Verdict v) { return kVerdictNames[static_cast<int>(v)]; }

bool Arbiter::InControlGroup(PhoneKey phone, uint32_t campaign_key, double share) {
  if (share <= 0) return false;
  const uint64_t h = Mix64(phone * 0x9e3779b97f4a7c15ULL ^ (uint64_t{campaign_key} << 17));
  return static_cast<double>(h >> 11) * 0x1.0p-53 < share;
}

Result<Decision> Arbiter::Decide(const DecisionRequest& req) {
  Decision d;
  d.model = model_.load();
  const CompiledModel& m = *d.model;
  d.slot = m.FindSlot(req.channel, req.slot);
  if (!d.slot) {
    if (!m.model().FindChannel(req.channel)) {
      return Status::NotFound("no channel '" + std::string(req.channel) + "'");
    }
    return Status::NotFound("channel '" + std::string(req.channel) + "' has no slot '" +
                            std::string(req.slot) + "'");
  }
  const CompiledSlot& slot = *d.slot;
  d.ts_ms = req.now_ms;
  d.subscriber = req.subscriber;
  d.phone = req.phone;
  d.ranking = slot.def.ranking;
  d.id = next_id_.fetch_add(1);
  d.cell = m.Cell(req.subscriber, slot);
  const LocalTime now = ToLocal(req.now_ms, m.utc_offset_minutes());
  const uint32_t minute = static_cast<uint32_t>(req.now_ms / kMillisPerMinute);
  const ContactPolicy& policy = m.model().policy;

  // Eligibility: needs no lock (nothing of the ledger).
  d.considered.reserve(slot.campaigns.size());
  const bool slot_open = slot.def.OpenAt(now);
  for (const uint16_t ci : slot.campaigns) {
    const CompiledCampaign& c = m.campaigns()[ci];
    Verdict v = Verdict::kOutranked;
    if (c.def.state != CampaignState::kActive) {
      v = Verdict::kNotActive;
    } else if (req.now_ms < c.valid_from_ms) {
      v = Verdict::kNotYetValid;
    } else if (req.now_ms >= c.valid_to_ms) {
      v = Verdict::kExpired;
    } else if (!slot_open) {
      v = Verdict::kSlotClosed;
    } else if (!m.Member(req.subscriber, ci)) {
      v = Verdict::kNotInTarget;
    } else if (!c.def.trigger.empty() && !HasTrigger(req.triggers, c.def.trigger)) {
      v = Verdict::kNoTrigger;
    } else if (c.def.kind != CampaignKind::kOffer) {
      v = RelationshipVerdict(c, req.ties, static_cast<int32_t>(now.day));
    }
    d.considered.push_back({ci, v, 0});
  }

  // Policy for the person and channel: the same verdict for every eligible campaign.
  Verdict person = Verdict::kOutranked;
  if (lists_.OptedOut(req.phone, slot.channel)) {
    person = Verdict::kOptedOut;
  } else if (slot.push && lists_.DoNotDisturb(req.phone)) {
    person = Verdict::kDoNotDisturb;
  } else if (slot.push && policy.quiet_hours.Contains(now.hour * 60 + now.minute)) {
    person = Verdict::kQuietHours;
  }

  auto lock = ledger_.Lock(req.subscriber);
  ContactEntry& entry = ledger_.Entry(req.subscriber);
  if (person == Verdict::kOutranked) {
    if (entry.ChannelToday(slot.channel_index, now.day) >= slot.daily_cap) {
      person = Verdict::kChannelCap;
    } else if (entry.LastSevenDays(now.day) >= policy.weekly_cap) {
      person = Verdict::kWeeklyCap;
    }
  }
  // Draws of random and adaptive ranking: a stream of the decision's own, so that a decision
  // replays the same given the same state.
  Rng rng(Mix64(d.id ^ (req.phone * 0x9e3779b97f4a7c15ULL) ^ static_cast<uint64_t>(req.now_ms)));
  const Ranking ranking = slot.def.ranking;
  d.explored = ranking == Ranking::kAdaptive && rng.Uniform() < slot.def.exploration;
  double best = -INFINITY;
  for (size_t j = 0; j < d.considered.size(); ++j) {
    Considered& k = d.considered[j];
    if (k.verdict != Verdict::kOutranked) continue;
    const CompiledCampaign& c = m.campaigns()[k.campaign];
    if (person != Verdict::kOutranked) {
      k.verdict = person;
      continue;
    } else if (entry.Resting(c.key, minute)) {
      k.verdict = Verdict::kResting;
      continue;
    } else if (c.def.quota > 0 &&
               c.counters->contacts.load(std::memory_order_relaxed) >= c.def.quota) {
      k.verdict = Verdict::kQuotaReached;
      continue;
    }
    if (!req.known_rates.empty()) {
      k.score = req.known_rates[k.campaign];
    } else {
      switch (ranking) {
        case Ranking::kPriority:
          k.score = c.def.priority;
          break;
        case Ranking::kExpectedValue:
          k.score = c.counters->Propensity(c.def.base_rate) * c.value;
          break;
        case Ranking::kRotation:
          k.score = 0;
          break;
        case Ranking::kRandom:
          k.score = rng.Uniform();
          break;
        case Ranking::kAdaptive:
          k.score = d.explored ? rng.Uniform() : slot.arms[j]->Draw(d.cell, c.def.base_rate, rng);
          break;
      }
    }
    best = std::max(best, k.score);
  }
  // The best and its equals, in model order; the subscriber's round robin picks one. A quota
  // taken by another thread in the meantime sends the pick to the next best.
  while (best > -INFINITY) {
    std::vector<Considered*> equals;
    for (Considered& k : d.considered) {
      if (k.verdict == Verdict::kOutranked &&
          std::abs(k.score - best) <= 1e-9 * std::max(1.0, std::abs(best))) {
        equals.push_back(&k);
      }
    }
    d.equals = static_cast<int>(equals.size());
    d.rotation = entry.rotation % d.equals;
    Considered& pick = *equals[d.rotation];
    const CompiledCampaign& c = m.campaigns()[pick.campaign];
    if (Arbiter::InControlGroup(req.phone, c.key, c.def.control_share)) {
      pick.verdict = Verdict::kControl;
      d.winner = pick.campaign;
      d.control = true;
      c.counters->controls.fetch_add(1, std::memory_order_relaxed);
      break;
    }
    if (c.def.quota > 0 && c.counters->contacts.fetch_add(1) >= c.def.quota) {
      c.counters->contacts.fetch_sub(1);
      pick.verdict = Verdict::kQuotaReached;
      best = -INFINITY;
      for (const Considered& k : d.considered) {
        if (k.verdict == Verdict::kOutranked) best = std::max(best, k.score);
      }
      continue;
    }
    if (c.def.quota <= 0) c.counters->contacts.fetch_add(1, std::memory_order_relaxed);
    slot.arms[static_cast<size_t>(&pick - d.considered.data())]->Shown(d.cell);
    pick.verdict = Verdict::kWinner;
    d.winner = pick.campaign;
    entry.RecordContact(slot.channel_index, now.day);
    break;
  }
  if (journal_) journal_->Record(d, entry);
  return d;
}

}  // namespace ripple::decide
