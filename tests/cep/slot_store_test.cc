// SlotStore: slots of one subscriber stay together and keep their payloads when the block grows
// or a slot before them goes; due() never lies after the earliest expiry; freed blocks are
// reused.
#include "cep/slot_store.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

namespace ripple::cep {
namespace {

// The rules of s in block order, with their first payload word (payload_words > 0) or 0.
std::vector<std::pair<uint16_t, uint64_t>> Slots(const SlotStore& st, uint32_t s) {
  std::vector<std::pair<uint16_t, uint64_t>> out;
  for (uint32_t x = st.first(s); x != st.end(s); x = st.next(x)) {
    out.emplace_back(st.rule(x), st.payload_words(x) ? st.payload(x)[0] : 0);
  }
  return out;
}

TEST(SlotStore, EmptySubscriberHasNoSlotsAndNoDue) {
  SlotStore st(4);
  EXPECT_EQ(st.first(2), st.end(2));
  EXPECT_EQ(st.count(2), 0u);
  EXPECT_EQ(st.due(2), SlotStore::kNoDue);
  EXPECT_EQ(st.Find(2, 7), SlotStore::kNone);
}

TEST(SlotStore, AddedSlotsAreZeroedAndFoundWithTheirFields) {
  SlotStore st(3);
  const uint32_t a = st.Add(1, 5, 3, 1000);
  EXPECT_EQ(st.rule(a), 5);
  EXPECT_EQ(st.payload_words(a), 3);
  EXPECT_EQ(st.expires(a), 1000);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(st.payload(a)[i], 0u);
  st.payload(a)[0] = 42;
  const uint32_t b = st.Add(1, 9, 0, 500);
  EXPECT_EQ(st.Find(1, 5), st.first(1));
  EXPECT_EQ(st.Find(1, 9), b);
  EXPECT_EQ(st.count(1), 2u);
  EXPECT_EQ(st.due(1), 500);
  EXPECT_EQ(st.live_slots(), 2u);
  EXPECT_EQ(st.count(0), 0u);  // neighbours untouched
  EXPECT_EQ(st.count(2), 0u);
}

TEST(SlotStore, GrowingPastSeveralClassesKeepsEveryPayload) {
  SlotStore st(2);
  // 2 + 5 words per slot: 300 slots cross the classes 8, 16, ... up to 2,560 words.
  for (uint16_t r = 0; r < 300; ++r) {
    const uint32_t x = st.Add(0, r, 5, 10'000 + r);
    st.payload(x)[0] = 1000u + r;
    st.payload(x)[4] = 7u * r;
  }
  ASSERT_EQ(st.count(0), 300u);
  uint16_t expect = 0;
  for (uint32_t x = st.first(0); x != st.end(0); x = st.next(x), ++expect) {
    EXPECT_EQ(st.rule(x), expect);
    EXPECT_EQ(st.expires(x), 10'000 + expect);
    EXPECT_EQ(st.payload(x)[0], 1000u + expect);
    EXPECT_EQ(st.payload(x)[4], 7u * expect);
  }
  EXPECT_EQ(expect, 300);
  EXPECT_EQ(st.due(0), 10'000);
}

TEST(SlotStore, RemovingFromTheMiddleMovesTheLaterSlotsDown) {
  SlotStore st(1);
  for (uint16_t r = 1; r <= 4; ++r) st.payload(st.Add(0, r, 1, 100))[0] = r * 10u;
  const uint32_t second = st.Find(0, 2);
  st.Remove(0, second);
  EXPECT_EQ(st.rule(second), 3);  // the next slot now sits where the removed one was
  using V = std::vector<std::pair<uint16_t, uint64_t>>;
  EXPECT_EQ(Slots(st, 0), (V{{1, 10}, {3, 30}, {4, 40}}));
  st.Remove(0, st.Find(0, 4));  // the last
  EXPECT_EQ(Slots(st, 0), (V{{1, 10}, {3, 30}}));
  st.Remove(0, st.Find(0, 1));
  st.Remove(0, st.Find(0, 3));
  EXPECT_EQ(st.count(0), 0u);
  EXPECT_EQ(st.first(0), st.end(0));
  EXPECT_EQ(st.due(0), SlotStore::kNoDue);
  EXPECT_EQ(st.live_slots(), 0u);
}

TEST(SlotStore, ExpireRemovesOnlyWhatIsBeforeNowAndMakesDueExact) {
  SlotStore st(1);
  st.Add(0, 1, 0, 100);
  st.Add(0, 2, 2, 300);
  st.Add(0, 3, 0, 99);
  st.Add(0, 4, 1, 250);
  EXPECT_EQ(st.due(0), 99);
  EXPECT_EQ(st.Expire(0, 100), 1u);  // 99 < 100; 100 is not before 100
  EXPECT_EQ(st.due(0), 100);
  EXPECT_EQ(st.Expire(0, 251), 2u);  // 100 and 250
  using V = std::vector<std::pair<uint16_t, uint64_t>>;
  EXPECT_EQ(Slots(st, 0), (V{{2, 0}}));
  EXPECT_EQ(st.due(0), 300);
  EXPECT_EQ(st.Expire(0, 1000), 1u);
  EXPECT_EQ(st.due(0), SlotStore::kNoDue);
}

TEST(SlotStore, LaterExpiryKeepsDueConservativeUntilExpire) {
  SlotStore st(1);
  const uint32_t x = st.Add(0, 1, 0, 100);
  st.set_expires(0, x, 500);  // moved later: due may stay early (a wasted sweep, never a miss)
  EXPECT_LE(st.due(0), 500);
  st.set_expires(0, x, 50);  // moved earlier: due must follow
  EXPECT_EQ(st.due(0), 50);
  EXPECT_EQ(st.Expire(0, 40), 0u);
  EXPECT_EQ(st.due(0), 50);
}

TEST(SlotStore, FreedBlocksAreReusedSoASteadyStreamDoesNotGrow) {
  SlotStore st(1000);
  for (int round = 0; round < 3; ++round) {
    for (uint32_t s = 0; s < 1000; ++s) {
      for (uint16_t r = 0; r < 6; ++r) st.Add(s, r, 3, 100);
    }
    for (uint32_t s = 0; s < 1000; ++s) st.Clear(s);
  }
  const size_t after_three = st.MemoryBytes();
  for (uint32_t s = 0; s < 1000; ++s) {
    for (uint16_t r = 0; r < 6; ++r) st.Add(s, r, 3, 100);
  }
  EXPECT_EQ(st.MemoryBytes(), after_three);
  EXPECT_EQ(st.live_slots(), 6000u);
}

TEST(SlotStore, SetRuleRenamesInPlace) {
  SlotStore st(1);
  const uint32_t x = st.Add(0, 3, 2, 100);
  st.payload(x)[1] = 77;
  st.set_rule(x, 11);
  EXPECT_EQ(st.rule(x), 11);
  EXPECT_EQ(st.payload_words(x), 2);
  EXPECT_EQ(st.payload(x)[1], 77u);
  EXPECT_EQ(st.Find(0, 3), SlotStore::kNone);
  EXPECT_EQ(st.Find(0, 11), x);
}

}  // namespace
}  // namespace ripple::cep
