// Shared by the decide and feedback tests: a marketing model built in code and an arbiter over
// it (ledger, contact lists, counters), plus times written as ISO-8601.
#pragma once

#include <gtest/gtest.h>

#include <span>
#include <string>
#include <vector>

#include "core/phone_number.h"
#include "core/time.h"
#include "decide/arbiter.h"
#include "decide/model.h"
#include "decide/model_config.h"

namespace ripple::decide::testing {

// Epoch ms of an ISO-8601 timestamp with an offset; fails the test when malformed.
inline int64_t Ms(std::string_view iso) {
  const auto t = ParseTimestampMs(iso);
  EXPECT_TRUE(t.has_value()) << iso;
  return t.value_or(0);
}

// Monday 2026-11-09, 10:00 local time: the instant most decisions of these tests are made at.
inline const int64_t kMonday10 = Ms("2026-11-09T10:00:00+08:00");

// The phone number of subscriber `sub` in these tests: 138 0000 0000 + sub.
inline PhoneKey PhoneOf(uint32_t sub) {
  const PhoneKey k = ParsePhoneNumber(std::to_string(13800000000ULL + sub));
  EXPECT_NE(k, kNoPhone);
  return k;
}

inline Slot MakeSlot(std::string id, Ranking ranking = Ranking::kPriority) {
  Slot s;
  s.id = std::move(id);
  s.ranking = ranking;
  return s;
}

inline Channel MakeChannel(std::string id, bool push, int daily_cap, std::vector<Slot> slots) {
  Channel c;
  c.id = std::move(id);
  c.push = push;
  c.daily_cap = daily_cap;
  c.slots = std::move(slots);
  return c;
}

// An active campaign on `slots` ("channel/slot") for everyone.
inline Campaign MakeCampaign(std::string id, int priority, std::vector<std::string> slots) {
  Campaign c;
  c.id = std::move(id);
  c.name = c.id;
  c.product = "p1";
  c.priority = priority;
  c.slots = std::move(slots);
  c.state = CampaignState::kActive;
  return c;
}

// app (not push, daily cap `app_cap`) with slots banner and offers; sms (push, cap `sms_cap`)
// with slot text. Weekly cap `weekly_cap`, quiet hours 21:00-08:00. No campaigns.
inline MarketingModel BaseModel(int app_cap = 3, int sms_cap = 3, int weekly_cap = 7) {
  MarketingModel m;
  m.version = 1;
  m.channels.push_back(
      MakeChannel("app", false, app_cap, {MakeSlot("banner"), MakeSlot("offers")}));
  m.channels.push_back(MakeChannel("sms", true, sms_cap, {MakeSlot("text")}));
  m.policy.weekly_cap = weekly_cap;
  m.policy.quiet_hours = DayWindow{21 * 60, 8 * 60};
  return m;
}

// An arbiter over a model compiled without a snapshot (targets empty or "all" only, unless
// `tags` is given).
struct Harness {
  explicit Harness(size_t subscribers = 16, DecisionJournal* journal = nullptr)
      : ledger(subscribers), arbiter(ledger, lists, journal) {}

  Status Load(MarketingModel m, const profile::TagTable* tags = nullptr) {
    CompiledModel::Inputs in;
    in.tags = tags;
    return Load(std::move(m), in);
  }
  // With inputs of the test's own: saved segments (learn_by), a BanditRegistry.
  Status Load(MarketingModel m, const CompiledModel::Inputs& in) {
    auto compiled = CompiledModel::Compile(std::move(m), in, ledger, counters);
    if (!compiled.ok()) return compiled.status();
    arbiter.Swap(*compiled);
    return Status::Ok();
  }

  Decision Decide(uint32_t sub, std::string_view channel, std::string_view slot, int64_t now_ms,
                  std::span<const std::string> triggers = {},
                  std::span<const TieSignal> ties = {}) {
    DecisionRequest r;
    r.subscriber = sub;
    r.phone = PhoneOf(sub);
    r.channel = channel;
    r.slot = slot;
    r.now_ms = now_ms;
    r.triggers = triggers;
    r.ties = ties;
    auto d = arbiter.Decide(r);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? std::move(d).value() : Decision{};
  }

  // The winner's campaign id, "" when nothing won (control included: see Decision::control).
  static std::string Winner(const Decision& d) {
    return d.winner >= 0 ? d.model->campaigns()[d.winner].def.id : "";
  }
  // The verdict of campaign `id` in `d`, as its name ("" when not considered).
  static std::string VerdictOf(const Decision& d, std::string_view id) {
    for (const Considered& k : d.considered) {
      if (d.model->campaigns()[k.campaign].def.id == id) return std::string(VerdictName(k.verdict));
    }
    return "";
  }

  ContactLedger ledger;
  ContactLists lists;
  CounterRegistry counters;
  Arbiter arbiter;
};

}  // namespace ripple::decide::testing
