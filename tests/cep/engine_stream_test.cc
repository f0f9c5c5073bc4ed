// The engine as a stream processor: arrival order within the out-of-order bound does not
// change the triggers, records beyond it are late (counted, handed to the sink, not matched),
// state of quiet subscribers expires, a reload keeps the partial matches of unchanged rules,
// and a checkpoint resumes matches in progress.
#include <algorithm>
#include <random>

#include "engine_fixture.h"

namespace ripple::cep::testing {
namespace {

using ingest::Channel;

class EngineStream : public EngineFixture {};

constexpr const char* kRules = R"(
rule seq on data where category = handset then visits where page = "shop" within 1h emit s end
rule absent on visits where page = "balance" and no recharges within 30m emit a end
rule burst count calls >= 3 within 10m emit b end
rule airport dwell area_type = airport for 10m meanwhile data emit d end
)";

std::vector<ingest::Record> Day(EngineFixture& f, int64_t t) {
  std::vector<ingest::Record> r = {
      f.Data(t, 1, "HOME1", "phonearena.com", 5),
      f.Visit(t + 20 * kMin, 1, Channel::kApp, "shop"),
      f.Visit(t + 1 * kMin, 2, Channel::kWeb, "balance"),
      f.Recharge(t + 50 * kMin, 2, 100),
      f.Visit(t + 2 * kMin, 3, Channel::kWeb, "balance"),
      f.Call(t + 3 * kMin, 1, "13900000001", "HOME1"),
      f.Call(t + 4 * kMin, 1, "13900000002", "HOME1"),
      f.Call(t + 6 * kMin, 1, "13900000003", "HOME1"),
      f.Location(t + 5 * kMin, 2, "AIR1"),
      f.Data(t + 9 * kMin, 2, "AIR2", "ctrip.com", 5),
      f.Location(t + 16 * kMin, 2, "AIR1"),
      f.Location(t + 70 * kMin, 3, "HOME1"),
  };
  return r;
}

std::vector<std::tuple<int64_t, uint32_t, uint16_t>> Triggers(const CollectingSink& sink) {
  std::vector<std::tuple<int64_t, uint32_t, uint16_t>> out;
  for (const Trigger& t : sink.triggers) out.emplace_back(t.ts_ms, t.subscriber, t.rule);
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(EngineStream, ArrivalOrderWithinTheBoundDoesNotChangeTheTriggers) {
  const int64_t t = kDay0 + 9 * kHour;
  std::vector<ingest::Record> records = Day(*this, t);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.ts_ms < b.ts_ms; });
  EngineOptions o;
  o.out_of_order_bound_ms = 2 * kHour;  // the day spans 70 minutes
  Start(kRules, o);
  for (const auto& r : records) engine_->Push(r);
  engine_->AdvanceWatermark(t + 3 * kHour);
  const auto in_order = Triggers(sink_);
  // seq (1 at +20m), absent (3 at +32m; 2 recharged... at +50m, too late: fires at +31m),
  // burst (1 at +6m), airport (2 at +16m).
  ASSERT_EQ(in_order.size(), 5u);
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(records.begin(), records.end(), rng);
    Start(kRules, o);
    for (const auto& r : records) engine_->Push(r);
    engine_->AdvanceWatermark(t + 3 * kHour);
    EXPECT_EQ(Triggers(sink_), in_order) << "round " << round;
    EXPECT_EQ(engine_->stats().late, 0u);
  }
}

TEST_F(EngineStream, RecordsBeyondTheBoundAreLateCountedAndNotMatched) {
  EngineOptions o;
  o.out_of_order_bound_ms = 5 * kMin;
  Start(R"(rule r on visits where page = "balance" emit x end)", o);
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Visit(t + 10 * kMin, 1, Channel::kWeb, "balance"));
  engine_->Push(Visit(t + 6 * kMin, 2, Channel::kWeb, "balance"));  // 4 min behind: on time
  engine_->Push(Visit(t + 4 * kMin, 3, Channel::kWeb, "balance"));  // 6 min behind: late
  engine_->Push(Visit(t + 5 * kMin, 3, Channel::kWeb, "balance"));  // exactly the watermark
  engine_->Flush();
  EXPECT_EQ(Fired(), (Fires{{3, t + 5 * kMin}, {2, t + 6 * kMin}, {1, t + 10 * kMin}}));
  EXPECT_EQ(engine_->stats().late, 1u);
  ASSERT_EQ(sink_.late.size(), 1u);
  EXPECT_EQ(sink_.late[0].ts_ms, t + 4 * kMin);
}

TEST_F(EngineStream, StateOfQuietSubscribersExpires) {
  Start(
      R"(rule seq on data where category = handset then visits where page = "shop" within 1h emit s end)");
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Data(t, 1, "HOME1", "phonearena.com", 5));
  engine_->Push(Data(t, 2, "HOME1", "phonearena.com", 5));
  engine_->Flush();
  EXPECT_EQ(engine_->stats().live_slots, 2u);
  const size_t before = engine_->MemoryBytes();
  // Subscriber 3 goes on for two hours; 1 and 2 say nothing more. The sweep visits every
  // subscriber (3 of them) within a few records.
  for (int i = 0; i < 10; ++i) engine_->Push(Location(t + 2 * kHour + i * kMin, 3, "HOME1"));
  engine_->Flush();
  EXPECT_EQ(engine_->stats().live_slots, 0u);
  EXPECT_EQ(engine_->stats().expired_slots, 2u);
  EXPECT_GT(before, 0u);
}

TEST_F(EngineStream, ReloadKeepsPartialMatchesOfUnchangedRulesOnly) {
  const std::string seq =
      R"(rule seq on data where category = handset then visits where page = "shop" within 1h emit s end)";
  const std::string other =
      R"(rule other on data where category = handset then visits where page = "plans" within 1h emit o end)";
  Start(seq + "\n" + other);
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Data(t, 1, "HOME1", "phonearena.com", 5));
  engine_->Flush();
  EXPECT_EQ(engine_->stats().live_slots, 2u);
  // New rules: `seq` reformatted and commented (same rule), `other` changed (window 2h), a new
  // rule first in the file (indices move).
  auto reloaded = Compile(
      "rule fresh on recharges emit f end\n# reformatted\nrule seq\n  on data where category = "
      "handset\n"
      "  then visits where page = \"shop\" within 1h\n  emit s\nend\n" +
      std::string(
          R"(rule other on data where category = handset then visits where page = "plans" within 2h emit o end)"));
  ASSERT_OK(reloaded);
  EXPECT_EQ(engine_->Reload(*reloaded), 1u);
  EXPECT_EQ(engine_->stats().live_slots, 1u);
  engine_->Push(Visit(t + 30 * kMin, 1, Channel::kApp, "shop"));
  engine_->Push(Visit(t + 31 * kMin, 1, Channel::kApp, "plans"));
  engine_->Flush();
  ASSERT_EQ(sink_.triggers.size(), 1u);
  EXPECT_EQ(engine_->rules().rules()[sink_.triggers[0].rule].id, "seq");
}

TEST_F(EngineStream, CheckpointResumesMatchesInProgress) {
  const std::string rules = kRules;
  Start(rules);
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Data(t, 1, "HOME1", "phonearena.com", 5));   // seq started
  engine_->Push(Visit(t, 2, Channel::kWeb, "balance"));      // absence open
  engine_->Push(Call(t, 3, "13900000001", "HOME1"));         // count 1 of 3
  engine_->Push(Call(t + kMin, 3, "13900000002", "HOME1"));  // count 2 of 3
  engine_->AdvanceWatermark(t + kMin);
  ByteWriter w;
  for (int s = 1; s <= 3; ++s) engine_->EncodeSubscriber(Sub(s), w);
  engine_->EncodeClock(w);
  const std::string bytes = w.data();
  // A new process: same rules, state restored.
  Start(rules);
  ByteReader r(bytes);
  for (int s = 1; s <= 3; ++s) ASSERT_OK(engine_->DecodeSubscriber(Sub(s), r));
  ASSERT_OK(engine_->DecodeClock(r));
  EXPECT_EQ(engine_->stats().live_slots, 3u);
  engine_->Push(Visit(t + 10 * kMin, 1, Channel::kApp, "shop"));
  engine_->Push(Call(t + 2 * kMin, 3, "13900000003", "HOME1"));
  engine_->AdvanceWatermark(t + 31 * kMin);
  EXPECT_EQ(Fired(), (Fires{{3, t + 2 * kMin}, {1, t + 10 * kMin}, {2, t + 30 * kMin}}));
}

TEST_F(EngineStream, RestartWithAChangedRuleDropsOnlyThatRulesMatches) {
  Start(kRules);
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Data(t, 1, "HOME1", "phonearena.com", 5));   // seq started
  engine_->Push(Call(t, 1, "13900000001", "HOME1"));         // burst 1 of 3
  engine_->Push(Call(t + kMin, 1, "13900000002", "HOME1"));  // burst 2 of 3
  engine_->AdvanceWatermark(t + kMin);
  ByteWriter w;
  engine_->EncodeSubscriber(Sub(1), w);
  const std::string bytes = w.data();
  // The burst rule now needs 2 calls: a different rule, whose old count must not carry over.
  std::string changed = kRules;
  changed.replace(changed.find(">= 3"), 4, ">= 2");
  Start(changed);
  ByteReader r(bytes);
  uint32_t dropped = 0;
  ASSERT_OK(engine_->DecodeSubscriber(Sub(1), r, &dropped));
  EXPECT_EQ(dropped, 1u);
  EXPECT_EQ(engine_->stats().live_slots, 1u);  // seq kept
  engine_->Push(Visit(t + 10 * kMin, 1, Channel::kApp, "shop"));
  engine_->Push(Call(t + 11 * kMin, 1, "13900000003", "HOME1"));  // 1 of the new 2
  engine_->AdvanceWatermark(t + 12 * kMin);
  EXPECT_EQ(Fired(), (Fires{{1, t + 10 * kMin}}));
}

TEST_F(EngineStream, ChangedSubscribersAreListedOnceUntilTaken) {
  EngineOptions o = Sorted();
  o.track_changes = true;
  Start(kRules, o);
  const int64_t t = kDay0 + 9 * kHour;
  engine_->Push(Data(t, 1, "HOME1", "phonearena.com", 5));  // 1 gets a slot
  engine_->Push(Data(t + 1, 1, "HOME1", "phonearena.com", 5));
  engine_->Push(Visit(t + 2, 2, Channel::kWeb, "plans"));  // 2 has no slot before or after
  engine_->Push(Visit(t + 3, 3, Channel::kWeb, "balance"));
  engine_->AdvanceWatermark(t + 10);
  std::vector<ingest::SubscriberId> changed;
  engine_->TakeChanged(&changed);
  std::sort(changed.begin(), changed.end());
  EXPECT_EQ(changed, (std::vector<ingest::SubscriberId>{Sub(1), Sub(3)}));
  changed.clear();
  engine_->TakeChanged(&changed);
  EXPECT_TRUE(changed.empty());
  engine_->AdvanceWatermark(t + 31 * kMin);  // the absence of 3 fires from its timer
  engine_->TakeChanged(&changed);
  EXPECT_EQ(changed, (std::vector<ingest::SubscriberId>{Sub(3)}));
}

TEST_F(EngineStream, CorruptCheckpointIsAnErrorNotACrash) {
  Start(kRules);
  ByteWriter w;
  w.Varint(1);
  w.Fixed64(42);
  std::string bytes = w.data();
  ByteReader r(bytes);
  EXPECT_FALSE(engine_->DecodeSubscriber(Sub(1), r).ok());
  ByteReader empty("");
  EXPECT_FALSE(engine_->DecodeClock(empty).ok());
}

}  // namespace
}  // namespace ripple::cep::testing
