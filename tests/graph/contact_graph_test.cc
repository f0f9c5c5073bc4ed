// ContactGraph: pair aggregates, owner choice, degenerate records, time decay, and incremental
// update (checkpoint, reload, more days) = full recompute on the same records.
#include "graph/contact_graph.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "core/time.h"
#include "graph/tie.h"
#include "support/test_support.h"

namespace ripple::graph {
namespace {

constexpr int kOffset = 480;  // +08:00
// Local midnight of a Monday (day 20395; day 0, 1970-01-01, was a Thursday) in epoch ms.
const int64_t kMonday = (int64_t{20395} * 86400 - kOffset * 60) * 1000;

constexpr PhoneKey kA = 13800000001, kB = 13800000002, kOff = 17700000009, kOff2 = 17700000010;

ingest::Record Call(PhoneKey from, PhoneKey to, int64_t ts_ms, uint32_t seconds) {
  ingest::Record r;
  r.feed = ingest::Feed::kCalls;
  r.from = from;
  r.to = to;
  r.from_sub = from == kA ? 0 : from == kB ? 1 : ingest::kNoSubscriber;
  r.to_sub = to == kA ? 0 : to == kB ? 1 : ingest::kNoSubscriber;
  r.ts_ms = ts_ms;
  r.duration_s = seconds;
  return r;
}

ingest::Record Sms(PhoneKey from, PhoneKey to, int64_t ts_ms) {
  ingest::Record r = Call(from, to, ts_ms, 0);
  r.feed = ingest::Feed::kSms;
  return r;
}

int64_t At(int day, int hour) { return kMonday + (int64_t{day} * 24 + hour) * 3600 * 1000; }

class ContactGraphTest : public ::testing::Test {
 protected:
  std::vector<PhoneKey> phones_ = {kA, kB};
  ContactGraphOptions options_{kOffset, 28};
};

TEST_F(ContactGraphTest, OnePairPerUnorderedPairOwnedByTheSmallerOnNetNumber) {
  ContactGraph g(phones_, options_, nullptr);
  g.Apply(Call(kA, kB, At(0, 10), 60));
  g.Apply(Call(kB, kA, At(0, 11), 120));
  g.Apply(Sms(kB, kA, At(0, 20)));
  ASSERT_EQ(g.pairs(), 1u);
  EXPECT_EQ(g.owner(0), 0u);  // kA < kB
  EXPECT_EQ(g.other(0), 1u);
  const PairStats& p = g.stats(0);
  EXPECT_FLOAT_EQ(p.calls_out, 1);
  EXPECT_FLOAT_EQ(p.calls_in, 1);
  EXPECT_FLOAT_EQ(p.sms_in, 1);
  EXPECT_FLOAT_EQ(p.call_seconds, 180);
  EXPECT_FLOAT_EQ(p.answered, 2);
  EXPECT_NEAR(p.log_seconds, std::log1p(60.0) + std::log1p(120.0), 1e-4);
  EXPECT_FLOAT_EQ(p.slots[kWeekdayDay], 2);      // 10:00, 11:00 on a Monday
  EXPECT_FLOAT_EQ(p.slots[kWeekdayEvening], 1);  // 20:00
  EXPECT_EQ(p.day_bits, 1u);
}

TEST_F(ContactGraphTest, OffNetNumbersArePartiesOwnedByTheOnNetSide) {
  ContactGraph g(phones_, options_, nullptr);
  g.Apply(Call(kOff, kB, At(5, 12), 30));  // Saturday noon, incoming to B
  ASSERT_EQ(g.pairs(), 1u);
  EXPECT_EQ(g.owner(0), 1u);
  EXPECT_FALSE(g.IsOnNet(g.other(0)));
  EXPECT_EQ(g.phone(g.other(0)), kOff);
  EXPECT_EQ(g.FindParty(kOff), g.other(0));
  EXPECT_FLOAT_EQ(g.stats(0).calls_in, 1);
  EXPECT_FLOAT_EQ(g.stats(0).slots[kWeekendDay], 1);
}

TEST_F(ContactGraphTest, SelfCallsAndOffNetOnlyRecordsAreCountedNotStored) {
  ContactGraph g(phones_, options_, nullptr);
  g.Apply(Call(kA, kA, At(0, 9), 10));
  g.Apply(Call(kOff, kOff2, At(0, 9), 10));
  ingest::Record data = Call(kA, kB, At(0, 9), 10);
  data.feed = ingest::Feed::kData;
  g.Apply(data);
  EXPECT_EQ(g.pairs(), 0u);
  EXPECT_EQ(g.counts().self_contacts, 1u);
  EXPECT_EQ(g.counts().no_owner, 1u);
  EXPECT_EQ(g.counts().applied, 0u);
}

TEST_F(ContactGraphTest, CountsHalveEveryHalfLife) {
  ContactGraph g(phones_, options_, nullptr);
  g.Apply(Call(kA, kB, At(0, 10), 60));
  g.Apply(Call(kA, kB, At(28, 10), 60));
  const PairStats& p = g.stats(0);
  EXPECT_NEAR(p.calls_out, 1.5, 1e-5);
  EXPECT_EQ(p.last_day, LocalDay(At(28, 10), kOffset));
  EXPECT_EQ(p.day_bits, 1u | (1u << 28));
  // An older record after a newer one lands with the same weight (order independence).
  ContactGraph h(phones_, options_, nullptr);
  h.Apply(Call(kA, kB, At(28, 10), 60));
  h.Apply(Call(kA, kB, At(0, 10), 60));
  EXPECT_NEAR(h.stats(0).calls_out, 1.5, 1e-5);
  EXPECT_EQ(h.stats(0).day_bits, p.day_bits);
}

TEST_F(ContactGraphTest, MarksTheOwnerDirtyForTheCheckpoint) {
  const std::vector<uint64_t> pseudonyms = {11, 22};
  state::SubscriberState state(pseudonyms);
  ContactGraph g(phones_, options_, &state);
  g.Apply(Call(kOff, kB, At(0, 12), 30));
  EXPECT_FALSE(state.IsDirty(0));
  EXPECT_TRUE(state.IsDirty(1));
}

// Random calls and SMS among 2 subscribers and 3 off-net numbers over 14 days.
std::vector<ingest::Record> RandomRecords(int first_day, int days, uint64_t seed) {
  std::mt19937_64 rng(seed);
  const PhoneKey parties[] = {kA, kB, kOff, kOff2, 17700000011};
  std::vector<ingest::Record> out;
  for (int i = 0; i < 400; ++i) {
    PhoneKey x = parties[rng() % 5], y = parties[rng() % 5];
    const int64_t ts = At(first_day + static_cast<int>(rng() % days), 0) +
                       static_cast<int64_t>(rng() % (24 * 3600)) * 1000;
    out.push_back(rng() % 3 == 0 ? Sms(x, y, ts)
                                 : Call(x, y, ts, static_cast<uint32_t>(rng() % 600)));
  }
  return out;
}

void ExpectSameGraph(const ContactGraph& a, const ContactGraph& b) {
  ASSERT_EQ(a.pairs(), b.pairs());
  for (PairId e = 0; e < a.pairs(); ++e) {
    const PairId f = b.Find(a.owner(e), b.FindParty(a.phone(a.other(e))));
    ASSERT_NE(f, kNoPair);
    const PairStats &x = a.stats(e), &y = b.stats(f);
    EXPECT_EQ(x.last_day, y.last_day);
    EXPECT_EQ(x.day_bits, y.day_bits);
    EXPECT_EQ(x.first_s, y.first_s);
    EXPECT_EQ(x.last_s, y.last_s);
    EXPECT_NEAR(x.calls_out, y.calls_out, 1e-4 * (1 + x.calls_out));
    EXPECT_NEAR(x.calls_in, y.calls_in, 1e-4 * (1 + x.calls_in));
    EXPECT_NEAR(x.sms_out + x.sms_in, y.sms_out + y.sms_in, 1e-4 * (1 + x.sms_out + x.sms_in));
    EXPECT_NEAR(x.call_seconds, y.call_seconds, 1e-3 * (1 + x.call_seconds));
    for (int s = 0; s < kTimeSlots; ++s)
      EXPECT_NEAR(x.slots[s], y.slots[s], 1e-4 * (1 + x.slots[s]));
  }
}

TEST_F(ContactGraphTest, IncrementalUpdateThroughACheckpointEqualsFullRecompute) {
  const auto week1 = RandomRecords(0, 7, 1), week2 = RandomRecords(7, 7, 2);
  ContactGraph full(phones_, options_, nullptr);
  for (const auto& r : week1) full.Apply(r);
  for (const auto& r : week2) full.Apply(r);

  ContactGraph first(phones_, options_, nullptr);
  for (const auto& r : week1) first.Apply(r);
  ContactGraph resumed(phones_, options_, nullptr);
  ASSERT_OK(resumed.DecodeSettings(first.Settings()));
  for (SubscriberId s = 0; s < 2; ++s) {
    std::string value;
    if (first.Encode(s, &value)) ASSERT_OK(resumed.Decode(s, value));
  }
  for (const auto& r : week2) resumed.Apply(r);
  ExpectSameGraph(full, resumed);
  // And the tie features agree.
  for (PairId e = 0; e < full.pairs(); ++e) {
    const PairId f = resumed.Find(full.owner(e), resumed.FindParty(full.phone(full.other(e))));
    EXPECT_NEAR(ComputeTieFeatures(full.stats(e), full.newest_day(), 28).strength,
                ComputeTieFeatures(resumed.stats(f), resumed.newest_day(), 28).strength, 1e-4);
  }
}

TEST_F(ContactGraphTest, ArrivalOrderDoesNotChangeTheGraph) {
  auto records = RandomRecords(0, 14, 3);
  ContactGraph forward(phones_, options_, nullptr);
  for (const auto& r : records) forward.Apply(r);
  std::shuffle(records.begin(), records.end(), std::mt19937_64(9));
  ContactGraph shuffled(phones_, options_, nullptr);
  for (const auto& r : records) shuffled.Apply(r);
  ExpectSameGraph(forward, shuffled);
}

TEST_F(ContactGraphTest, CorruptCheckpointValuesAreErrors) {
  ContactGraph g(phones_, options_, nullptr);
  g.Apply(Call(kA, kB, At(0, 10), 60));
  std::string value;
  ASSERT_TRUE(g.Encode(0, &value));
  EXPECT_FALSE(g.Encode(1, &value)) << "B owns nothing";
  ContactGraph h(phones_, options_, nullptr);
  const Status truncated = h.Decode(0, std::string_view(value).substr(0, value.size() - 3));
  EXPECT_EQ(truncated.code(), StatusCode::kCorruption) << truncated.ToString();
  ContactGraphOptions other = options_;
  other.half_life_days = 14;
  ContactGraph k(phones_, other, nullptr);
  EXPECT_EQ(k.DecodeSettings(g.Settings()).code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace ripple::graph
