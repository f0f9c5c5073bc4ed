// ComputeRelations on degenerate and hand-built contact graphs: empty, a star, self-calls,
// one-way spam callers, a hotline; and the tie formula on hand-computed cases.
#include <gtest/gtest.h>

#include <cmath>

#include "graph/contact_graph.h"
#include "graph/relations.h"
#include "graph/tie.h"
#include "support/test_support.h"

namespace ripple::graph {
namespace {

constexpr int kTzOffsetMinutes = 480;
// Local midnight of a Monday (day 20395; day 0 was a Thursday), epoch ms.
const int64_t kWeekStart = (int64_t{20395} * 86400 - kTzOffsetMinutes * 60) * 1000;
int64_t AtHour(int day, int hour) { return kWeekStart + (int64_t{day} * 24 + hour) * 3600 * 1000; }

// Subscribers 0..n-1 have numbers 13800000000 + i; off-net numbers are 17700000000 + k.
PhoneKey Sub(uint32_t i) { return 13800000000ULL + i; }
PhoneKey Off(uint32_t k) { return 17700000000ULL + k; }

class World {
 public:
  explicit World(uint32_t subscribers) {
    for (uint32_t i = 0; i < subscribers; ++i) phones_.push_back(Sub(i));
    context_.resize(subscribers);
    graph_ =
        std::make_unique<ContactGraph>(phones_, ContactGraphOptions{kTzOffsetMinutes, 28}, nullptr);
  }
  void Call(PhoneKey from, PhoneKey to, int day, int hour, uint32_t seconds, bool sms = false) {
    ingest::Record r;
    r.feed = sms ? ingest::Feed::kSms : ingest::Feed::kCalls;
    r.from = from;
    r.to = to;
    r.from_sub = SubOf(from);
    r.to_sub = SubOf(to);
    r.ts_ms = AtHour(day, hour);
    r.duration_s = seconds;
    graph_->Apply(r);
  }
  // Both ways, every day of two weeks, evenings: a close family-like tie.
  void Close(PhoneKey a, PhoneKey b) {
    for (int d = 0; d < 14; ++d) Call(d % 2 ? a : b, d % 2 ? b : a, d, 20, 180);
  }
  PartyContext& context(uint32_t s) { return context_[s]; }
  Relations Run() {
    RelationsInput in;
    in.contacts = graph_.get();
    in.context = context_;
    in.as_of_day = graph_->newest_day() == INT32_MIN ? 0 : graph_->newest_day();
    auto r = ComputeRelations(in);
    EXPECT_OK(r);
    return r.ok() ? std::move(r).value() : Relations{};
  }
  const ContactGraph& graph() const { return *graph_; }

 private:
  SubscriberId SubOf(PhoneKey p) const {
    return p >= Sub(0) && p < Sub(static_cast<uint32_t>(phones_.size()))
               ? static_cast<SubscriberId>(p - Sub(0))
               : ingest::kNoSubscriber;
  }
  std::vector<PhoneKey> phones_;
  std::vector<PartyContext> context_;
  std::unique_ptr<ContactGraph> graph_;
};

size_t CirclesOfKind(const Relations& r, CircleKind kind) {
  size_t n = 0;
  for (const Circle& c : r.circles) n += c.kind == kind ? 1 : 0;
  return n;
}

TEST(RelationsDegenerate, AnEmptyGraphHasNoTiesNoCirclesAndNoLabels) {
  World w(3);
  const Relations r = w.Run();
  EXPECT_TRUE(r.ties.empty());
  EXPECT_TRUE(r.circles.empty());
  ASSERT_EQ(r.subscribers.size(), 3u);
  for (const auto& s : r.subscribers) {
    EXPECT_EQ(s.ties, 0);
    EXPECT_FALSE(s.lonely);
    EXPECT_FALSE(s.family_business_candidate);
  }
}

TEST(RelationsDegenerate, NoGraphIsAnError) {
  RelationsInput in;
  EXPECT_FALSE(ComputeRelations(in).ok());
}

TEST(RelationsDegenerate, SelfCallsMakeNoTie) {
  World w(2);
  for (int d = 0; d < 14; ++d) w.Call(Sub(0), Sub(0), d, 20, 60);
  EXPECT_EQ(w.graph().pairs(), 0u);
  EXPECT_EQ(w.graph().counts().self_contacts, 14u);
  EXPECT_TRUE(w.Run().ties.empty());
}

TEST(RelationsDegenerate, AStarIsOneCircleLedByItsCentre) {
  World w(6);
  for (uint32_t leaf = 1; leaf < 6; ++leaf) w.Close(Sub(0), Sub(leaf));
  const Relations r = w.Run();
  ASSERT_EQ(r.ties.size(), 5u);
  ASSERT_EQ(CirclesOfKind(r, CircleKind::kCommunity), 1u);
  const Circle& c = r.circles[0];
  EXPECT_EQ(c.members.size(), 6u);
  EXPECT_EQ(c.leader, 0u);
  EXPECT_NEAR(c.density, 5.0 / 15.0, 1e-6);
  EXPECT_GT(r.influence[0], r.influence[1]);
  EXPECT_TRUE(r.subscribers[0].leader);
  EXPECT_EQ(r.subscribers[0].close_ties, 5);
}

TEST(RelationsDegenerate, OneWaySpamCallerIsServiceAndInNoCircle) {
  World w(40);
  // A telemarketer (off-net) calls 40 subscribers on 3 days each; nobody calls back.
  for (uint32_t s = 0; s < 40; ++s) {
    for (int d = 0; d < 14; d += 5) w.Call(Off(1), Sub(s), d, 11, 30);
  }
  const Relations r = w.Run();
  ASSERT_FALSE(r.ties.empty());
  for (const Tie& t : r.ties) EXPECT_EQ(t.scene, Scene::kService);
  EXPECT_TRUE(r.circles.empty()) << "service ties build no circle";
}

TEST(RelationsDegenerate, AHotlineIsServiceToo) {
  World w(35);
  for (uint32_t s = 0; s < 35; ++s) {
    for (int d = 0; d < 14; d += 4) w.Call(Sub(s), 10086, d, 10, 120);
  }
  for (const Tie& t : w.Run().ties) EXPECT_EQ(t.scene, Scene::kService);
}

TEST(RelationsDegenerate, ManyContactsAndNoCloseOneIsLonely) {
  World w(1);
  // 25 off-net numbers, each called twice in two weeks: contacts, none close.
  for (uint32_t k = 0; k < 25; ++k) {
    w.Call(Sub(0), Off(100 + k), static_cast<int>(k % 7), 14, 40);
    w.Call(Off(100 + k), Sub(0), static_cast<int>(k % 7) + 7, 15, 40);
  }
  const Relations r = w.Run();
  EXPECT_EQ(r.subscribers[0].contacts, 25u);
  EXPECT_EQ(r.subscribers[0].close_ties, 0);
  EXPECT_TRUE(r.subscribers[0].lonely);
}

TEST(RelationsDegenerate, AHouseholdWithAnOffNetSpouseIsOneHouseholdAndATarget) {
  World w(3);
  // 0 and 1 share a home; 2 lives elsewhere; off-net 5 is 0's spouse (talks to 0 and 1).
  w.context(0).home_area = w.context(1).home_area = 7;
  w.context(2).home_area = 8;
  w.Close(Sub(0), Sub(1));
  w.Close(Sub(0), Off(5));
  w.Close(Sub(1), Off(5));
  w.Close(Sub(0), Sub(2));  // a relative elsewhere: not the household
  const Relations r = w.Run();
  ASSERT_EQ(CirclesOfKind(r, CircleKind::kHousehold), 1u);
  const uint32_t h = r.household_of[0];
  ASSERT_NE(h, kNone);
  EXPECT_EQ(r.household_of[1], h);
  EXPECT_EQ(r.household_of[w.graph().FindParty(Off(5))], h);
  EXPECT_EQ(r.household_of[2], kNone);
  EXPECT_TRUE(r.subscribers[0].family_business_candidate);
  EXPECT_EQ(r.subscribers[0].household_size, 3);
  EXPECT_GE(r.subscribers[0].offnet_close, 1);
}

TEST(RelationsDegenerate, OneStrayTieDoesNotChainTwoHouseholds) {
  World w(6);
  for (uint32_t s = 0; s < 6; ++s) w.context(s).home_area = 1;  // one building
  for (uint32_t a = 0; a < 3; ++a) {
    for (uint32_t b = a + 1; b < 3; ++b) {
      w.Close(Sub(a), Sub(b));
      w.Close(Sub(a + 3), Sub(b + 3));
    }
  }
  w.Close(Sub(2), Sub(3));  // neighbours who talk
  const Relations r = w.Run();
  EXPECT_EQ(CirclesOfKind(r, CircleKind::kHousehold), 2u);
  EXPECT_EQ(r.household_of[0], r.household_of[2]);
  EXPECT_NE(r.household_of[2], r.household_of[3]);
}

TEST(TieFormula, BalancedDailyEveningCallsOfThreeMinutes) {
  PairStats p;
  p.last_day = 100;
  p.day_bits = (1u << 14) - 1;  // every day of two weeks
  p.first_s = static_cast<uint32_t>((100 - 13) * 86400);
  p.last_s = static_cast<uint32_t>(100 * 86400);
  p.calls_out = 7;
  p.calls_in = 7;
  p.call_seconds = 14 * 180;
  p.answered = 14;
  p.log_seconds = 14 * std::log1p(180.0f);
  p.slots[kWeekdayEvening] = 14;
  const TieFeatures f = ComputeTieFeatures(p, 100, 28);
  EXPECT_NEAR(f.rate_per_week, 7, 1e-4);           // 14 contacts over 14 days
  EXPECT_NEAR(f.talk_minutes_per_week, 21, 1e-3);  // 42 minutes over two weeks
  EXPECT_NEAR(f.typical_call_s, 180, 1e-2);
  EXPECT_NEAR(f.reciprocity, 1, 1e-6);
  EXPECT_NEAR(f.regularity, 1, 1e-6);
  const double expected =
      0.35 * (1 - std::exp(-7.0 / 3)) + 0.20 * (1 - std::exp(-21.0 / 15)) + 0.20 * 1 + 0.25 * 1;
  EXPECT_NEAR(f.strength, expected, 1e-4);
  EXPECT_EQ(LevelOf(f.strength, RelationsSettings{}), TieLevel::kIntimate);
  // Two weeks later with no contact: recency halves it, counts decay by 2^-(14/28).
  const TieFeatures later = ComputeTieFeatures(p, 114, 28);
  EXPECT_NEAR(later.recency, 0.5, 1e-6);
  EXPECT_LT(later.strength, 0.5 * f.strength + 1e-6);
}

TEST(TieFormula, OneWayContactHasNoReciprocity) {
  PairStats p;
  p.last_day = 10;
  p.day_bits = 1;
  p.first_s = p.last_s = 10 * 86400;
  p.sms_out = 3;
  p.slots[kWeekdayDay] = 3;
  const TieFeatures f = ComputeTieFeatures(p, 10, 28);
  EXPECT_EQ(f.reciprocity, 0);
  EXPECT_EQ(f.sms_share, 1);
  EXPECT_EQ(f.typical_call_s, 0);
  EXPECT_NEAR(f.rate_per_week, 3, 1e-5) << "a span under a week counts as a week";
  EXPECT_EQ(LevelOf(f.strength, RelationsSettings{}), TieLevel::kShallow);
}

}  // namespace
}  // namespace ripple::graph
