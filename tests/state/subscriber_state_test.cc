#include "state/subscriber_state.h"

#include <gtest/gtest.h>

#include <cstring>

#include "state/state_test_util.h"
#include "support/test_support.h"

namespace ripple::state {
namespace {

using namespace ripple::state::testing;  // NOLINT

SubscriberState MakeState(size_t n, int retention_days = 35) {
  StateOptions o;
  o.retention_days = retention_days;
  return SubscriberState(Pseudonyms(n), o);
}

TEST(SubscriberState, CallUpdatesCallerOutAndCalleeIn) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Call(At(0, 10), 0, 1, 120, 0, 0, /*cell=*/7));
  const DayBucket* caller = st.Bucket(0, Day0());
  const DayBucket* callee = st.Bucket(1, Day0());
  ASSERT_NE(caller, nullptr);
  ASSERT_NE(callee, nullptr);
  EXPECT_EQ(caller->day, Day0());
  EXPECT_EQ(caller->calls_out, 1);
  EXPECT_EQ(caller->calls_in, 0);
  EXPECT_EQ(caller->call_out_s, 120u);
  EXPECT_EQ(caller->call_in_s, 0u);
  EXPECT_EQ(caller->calls_night, 0);
  EXPECT_EQ(caller->calls_offnet, 0);
  EXPECT_EQ(caller->contacts_sketch, SketchBit(Phone(1)));
  EXPECT_EQ(caller->cells_sketch, SketchBit(7));
  EXPECT_EQ(callee->calls_in, 1);
  EXPECT_EQ(callee->calls_out, 0);
  EXPECT_EQ(callee->call_in_s, 120u);
  EXPECT_EQ(callee->contacts_sketch, SketchBit(Phone(0)));
  EXPECT_EQ(callee->cells_sketch, 0u) << "the cell of an on-net caller is not the callee's";
  EXPECT_EQ(st.Header(0).last_ts_ms, At(0, 10));
}

TEST(SubscriberState, NightIsLocalTenPmToSixAm) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Call(At(0, 22, 30), 0, 1, 10));  // night
  st.Apply(Call(At(0, 21, 59), 0, 1, 10));  // evening
  st.Apply(Call(At(1, 5, 59), 1, 0, 10));   // night, other direction
  st.Apply(Call(At(1, 6, 0), 1, 0, 10));    // morning
  EXPECT_EQ(st.Bucket(0, Day0())->calls_night, 1);
  EXPECT_EQ(st.Bucket(1, Day0())->calls_night, 1);
  EXPECT_EQ(st.Bucket(0, Day0() + 1)->calls_night, 1);
  EXPECT_EQ(st.Bucket(1, Day0() + 1)->calls_night, 1);
  EXPECT_EQ(st.Bucket(0, Day0())->calls_out, 2);
}

TEST(SubscriberState, OffNetPartiesCountAndTheServedPartyGetsTheCell) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Call(At(0, 9), 0, kNoSubscriber, 30, 0, 0, /*cell=*/3));  // to an off-net number
  st.Apply(Call(At(0, 9), kNoSubscriber, 1, 40, 0, 0, /*cell=*/4));  // from an off-net number
  const DayBucket* a = st.Bucket(0, Day0());
  const DayBucket* b = st.Bucket(1, Day0());
  EXPECT_EQ(a->calls_offnet, 1);
  EXPECT_EQ(a->call_out_s, 30u);
  EXPECT_EQ(a->cells_sketch, SketchBit(3));
  EXPECT_EQ(b->calls_offnet, 1);
  EXPECT_EQ(b->calls_in, 1);
  EXPECT_EQ(b->call_in_s, 40u);
  EXPECT_EQ(b->cells_sketch, SketchBit(4))
      << "an off-net caller's record carries the callee's cell";
  EXPECT_EQ(b->contacts_sketch, SketchBit(Phone(999999)));
}

TEST(SubscriberState, SmsCountsBothSides) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Sms(At(0, 9), 0, 1));
  st.Apply(Sms(At(0, 9), 0, kNoSubscriber));
  EXPECT_EQ(st.Bucket(0, Day0())->sms_out, 2);
  EXPECT_EQ(st.Bucket(1, Day0())->sms_in, 1);
  EXPECT_EQ(st.Bucket(0, Day0())->calls_out, 0);
  EXPECT_EQ(st.Bucket(0, Day0())->calls_offnet, 0) << "calls_offnet counts calls only";
}

TEST(SubscriberState, CountsAndSumsSaturate) {
  SubscriberState st(Pseudonyms(2));
  for (int i = 0; i < 70000; ++i) st.Apply(Call(At(0, 12), 0, 1, 86400));
  const DayBucket* a = st.Bucket(0, Day0());
  EXPECT_EQ(a->calls_out, 65535);
  EXPECT_EQ(st.Bucket(1, Day0())->calls_in, 65535);
  EXPECT_EQ(a->call_out_s, UINT32_MAX) << "70000 * 86400 s does not fit 32 bits";
  for (int i = 0; i < 5000; ++i)
    st.Apply(Data(At(0, 12), 0, 1'000'000'000'000, 1'000'000'000'000, 1, 1));
  EXPECT_EQ(a->data_kib, UINT32_MAX);
  EXPECT_EQ(a->data_sessions, 5000);
}

TEST(SubscriberState, DataKibRoundsUpPerSession) {
  SubscriberState st(Pseudonyms(1));
  st.Apply(Data(At(0, 8), 0, 1, 0, 5, 1));        // 1 B -> 1 KiB
  st.Apply(Data(At(0, 8), 0, 512, 512, 5, 1));    // 1024 B -> 1 KiB
  st.Apply(Data(At(0, 8), 0, 1024, 1, 5, 2));     // 1025 B -> 2 KiB
  st.Apply(Data(At(0, 8), 0, 0, 0, 5, kNoCell));  // 0 B -> 0
  const DayBucket* b = st.Bucket(0, Day0());
  EXPECT_EQ(b->data_sessions, 4);
  EXPECT_EQ(b->data_kib, 4u);
  EXPECT_EQ(b->data_s, 20u);
  EXPECT_EQ(b->cells_sketch, SketchBit(1) | SketchBit(2));
}

TEST(SubscriberState, SingleSubscriberFeedsCountInTheirFields) {
  SubscriberState st(Pseudonyms(1));
  st.Apply(Single(Feed::kLocations, At(0, 8), 0));
  Record loc = Single(Feed::kLocations, At(0, 9), 0);
  loc.cell = 11;
  st.Apply(loc);
  st.Apply(Single(Feed::kOrders, At(0, 9), 0));
  Record recharge = Single(Feed::kRecharges, At(0, 9), 0);
  recharge.amount_cents = 5000;
  st.Apply(recharge);
  st.Apply(recharge);
  st.Apply(Single(Feed::kVisits, At(0, 9), 0));
  const DayBucket* b = st.Bucket(0, Day0());
  EXPECT_EQ(b->location_updates, 2);
  EXPECT_EQ(b->cells_sketch, SketchBit(11));
  EXPECT_EQ(b->orders, 1);
  EXPECT_EQ(b->recharges, 2);
  EXPECT_EQ(b->recharge_cents, 10000u);
  EXPECT_EQ(b->visits, 1);
}

TEST(SubscriberState, OutOfOrderRecordsLandInTheBucketOfTheirOwnDay) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Call(At(2, 10), 0, 1, 1));
  st.Apply(Call(At(0, 23, 59), 0, 1, 2));
  st.Apply(Call(At(1, 0, 0), 0, 1, 4));
  st.Apply(Call(At(0, 0, 1), 0, 1, 8));
  st.Apply(Call(At(2, 9), 0, 1, 16));
  EXPECT_EQ(st.Bucket(0, Day0())->call_out_s, 10u);
  EXPECT_EQ(st.Bucket(0, Day0() + 1)->call_out_s, 4u);
  EXPECT_EQ(st.Bucket(0, Day0() + 2)->call_out_s, 17u);
  EXPECT_EQ(st.Bucket(1, Day0())->calls_in, 2);
  EXPECT_EQ(st.Bucket(0, Day0() + 3), nullptr);
  EXPECT_EQ(st.expired_records(), 0u);
  EXPECT_EQ(st.Header(0).last_ts_ms, At(2, 10));
}

TEST(SubscriberState, ANewerDayEvictsAndAnOlderOneExpires) {
  SubscriberState st = MakeState(2, /*retention_days=*/3);
  st.Apply(Call(At(0, 10), 0, 1, 5));
  st.Apply(Call(At(3, 10), 0, kNoSubscriber, 7));  // same slot as day 0 for subscriber 0
  EXPECT_EQ(st.Bucket(0, Day0()), nullptr);
  ASSERT_NE(st.Bucket(0, Day0() + 3), nullptr);
  EXPECT_EQ(st.Bucket(0, Day0() + 3)->call_out_s, 7u) << "the evicted day's sums are gone";
  EXPECT_NE(st.Bucket(1, Day0()), nullptr) << "subscriber 1 never reached day 3";

  st.ClearDirty();
  st.Apply(Call(At(0, 11), 0, kNoSubscriber, 9));  // older than retention for subscriber 0
  EXPECT_EQ(st.expired_records(), 1u);
  EXPECT_EQ(st.Bucket(0, Day0() + 3)->call_out_s, 7u);
  EXPECT_FALSE(st.IsDirty(0)) << "a refused record changes nothing";

  st.Apply(Call(At(0, 11), 0, 1, 9));  // refused for 0, applied for 1: counted once
  EXPECT_EQ(st.expired_records(), 2u);
  EXPECT_EQ(st.Bucket(1, Day0())->calls_in, 2);
  EXPECT_TRUE(st.IsDirty(1));

  st.Apply(Call(At(1, 11), 0, kNoSubscriber, 1));  // older than day 3 but its slot is free
  EXPECT_NE(st.Bucket(0, Day0() + 1), nullptr);
  EXPECT_EQ(st.expired_records(), 2u);
}

TEST(SubscriberState, HeldStateDoesNotDependOnArrivalOrder) {
  std::vector<Record> records;
  for (int i = 0; i < 40; ++i)
    records.push_back(Call(At(i % 9, 10 + i % 10), i % 3, (i + 1) % 3, i));
  SubscriberState forward = MakeState(3, 4);
  SubscriberState backward = MakeState(3, 4);
  for (const Record& r : records) forward.Apply(r);
  for (auto it = records.rbegin(); it != records.rend(); ++it) backward.Apply(*it);
  for (SubscriberId s = 0; s < 3; ++s) {
    auto a = forward.Slots(s);
    auto b = backward.Slots(s);
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(0, std::memcmp(&a[i], &b[i], sizeof(DayBucket)))
          << "subscriber " << s << " slot " << i;
    }
  }
  EXPECT_GT(forward.expired_records(), 0u);
}

TEST(SubscriberState, ApplyBatchEqualsApplyingOneByOne) {
  const std::vector<Record> records = RandomRecords(20000, 500, 50, /*seed=*/11);
  SubscriberState one(Pseudonyms(500));
  SubscriberState batch(Pseudonyms(500));
  for (const Record& r : records) one.Apply(r);
  batch.ApplyBatch(std::span<const Record>(records).first(12345));
  batch.ApplyBatch(std::span<const Record>(records).subspan(12345));
  for (SubscriberId s = 0; s < 500; ++s) {
    ASSERT_EQ(one.Header(s), batch.Header(s)) << "subscriber " << s;
    ASSERT_EQ(0, std::memcmp(one.Slots(s).data(), batch.Slots(s).data(), 35 * sizeof(DayBucket)));
  }
  EXPECT_EQ(one.expired_records(), batch.expired_records());
  EXPECT_GT(one.expired_records(), 0u);
  EXPECT_EQ(one.DirtyCount(), batch.DirtyCount());
}

TEST(SubscriberState, DeviceChangesFollowEventTime) {
  constexpr uint64_t kA = 356938035643809, kB = 490154203237518;
  SubscriberState st(Pseudonyms(3));
  st.Apply(Device(At(0, 8), 0, kA));
  st.Apply(Device(At(0, 9), 0, kA));
  EXPECT_EQ(st.Header(0).device_changes, 0) << "the same IMEI twice is not a change";
  EXPECT_EQ(st.Bucket(0, Day0())->device_records, 2);

  st.Apply(Device(At(0, 8), 1, kA));
  st.Apply(Device(At(1, 8), 1, kB));
  st.Apply(Device(At(2, 8), 1, kA));
  EXPECT_EQ(st.Header(1).device_changes, 2) << "A->B->A is two changes";
  EXPECT_EQ(st.Header(1).last_imei, kA);
  EXPECT_EQ(st.Header(1).last_tac, 35693803u);

  st.Apply(Device(At(1, 8), 2, kB));
  st.Apply(Device(At(0, 8), 2, kA));  // late: older than the latest device record
  EXPECT_EQ(st.Header(2).last_imei, kB) << "last_imei is the IMEI of the latest ts";
  EXPECT_EQ(st.Header(2).last_imei_ts_ms, At(1, 8));
  EXPECT_EQ(st.Header(2).device_changes, 0);
  EXPECT_EQ(st.Bucket(2, Day0())->device_records, 1);
}

TEST(SubscriberState, SketchesCountDistinctContactsAndCells) {
  SubscriberState st(Pseudonyms(1));
  for (int i = 0; i < 10; ++i) {
    for (int repeat = 0; repeat < 3; ++repeat) {
      st.Apply(Call(At(0, 10), 0, kNoSubscriber, 1, 0, Phone(1000 + i),
                    static_cast<ingest::CellId>(i % 4)));
    }
  }
  const DayBucket* b = st.Bucket(0, Day0());
  EXPECT_NEAR(DistinctEstimate(b->contacts_sketch), 10.0, 1.0);
  EXPECT_NEAR(DistinctEstimate(b->cells_sketch), 4.0, 1.0);
}

TEST(SubscriberState, WindowSumsHeldDaysInRangeAndOrsSketches) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Call(At(0, 10), 0, 1, 10));
  st.Apply(Call(At(1, 10), 0, kNoSubscriber, 20, 0, Phone(77)));
  st.Apply(Call(At(3, 10), 0, 1, 40));  // day 2 has nothing
  WindowTotals all = st.Window(0, Day0() - 5, Day0() + 10);
  EXPECT_EQ(all.days_held, 3);
  EXPECT_EQ(all.calls_out, 3u);
  EXPECT_EQ(all.call_out_s, 70u);
  EXPECT_EQ(all.calls_offnet, 1u);
  EXPECT_EQ(all.contacts_sketch, SketchBit(Phone(1)) | SketchBit(Phone(77)));
  WindowTotals middle = st.Window(0, Day0() + 1, Day0() + 2);
  EXPECT_EQ(middle.days_held, 1);
  EXPECT_EQ(middle.call_out_s, 20u);
  WindowTotals before = st.Window(0, Day0() - 10, Day0() - 1);
  EXPECT_EQ(before.days_held, 0);
  EXPECT_EQ(before.calls_out, 0u);
  EXPECT_EQ(before.DistinctContacts(), 0.0);
  EXPECT_EQ(st.Window(1, Day0(), Day0() + 3).call_in_s, 50u);
}

TEST(SubscriberState, DirtyMarksTouchedSubscribersOnly) {
  SubscriberState st(Pseudonyms(200));
  st.Apply(Call(At(0, 10), 3, 130, 1));
  st.Apply(Single(Feed::kVisits, At(0, 10), 64));
  EXPECT_EQ(st.DirtyCount(), 3u);
  std::vector<SubscriberId> dirty;
  st.ForEachDirty([&](SubscriberId s) { dirty.push_back(s); });
  EXPECT_EQ(dirty, (std::vector<SubscriberId>{3, 64, 130}));
  st.ClearDirty();
  EXPECT_EQ(st.DirtyCount(), 0u);
}

TEST(SubscriberState, ClearAndEvictBeforeEmptySubscribers) {
  SubscriberState st(Pseudonyms(3));
  st.Apply(Call(At(0, 10), 0, 1, 1));
  st.Apply(Call(At(5, 10), 1, 2, 1));
  st.Apply(Device(At(0, 10), 2, 356938035643809));
  st.ClearDirty();
  st.EvictBefore(Day0() + 1);
  EXPECT_TRUE(st.IsEmpty(0));
  EXPECT_FALSE(st.IsEmpty(1));
  EXPECT_EQ(st.Bucket(1, Day0()), nullptr);
  EXPECT_NE(st.Bucket(1, Day0() + 5), nullptr);
  EXPECT_FALSE(st.IsEmpty(2)) << "the device header is kept";
  EXPECT_TRUE(st.IsDirty(0));
  EXPECT_TRUE(st.IsDirty(1));
  EXPECT_TRUE(st.IsDirty(2));
  st.Clear(2);
  EXPECT_TRUE(st.IsEmpty(2));
}

TEST(SubscriberState, PartitionIsPseudonymModuloPartitions) {
  std::vector<uint64_t> p = {5, 16, 33, 0xffffffffffffffffULL};
  SubscriberState st(p);
  EXPECT_EQ(st.Partition(0), 5);
  EXPECT_EQ(st.Partition(1), 0);
  EXPECT_EQ(st.Partition(2), 1);
  EXPECT_EQ(st.Partition(3), 15);
}

TEST(SubscriberState, MemoryIsTheDocumentedBytesPerSubscriber) {
  SubscriberState st(Pseudonyms(10000));
  const double per = static_cast<double>(st.MemoryBytes()) / 10000;
  EXPECT_NEAR(per, SubscriberState::BytesPerSubscriber(35), 1.0);
  EXPECT_NEAR(SubscriberState::BytesPerSubscriber(35), 2274.1, 0.1);
}

TEST(SubscriberState, OptionsAreValidatedWithTheSettingNamed) {
  EXPECT_OK(ValidateStateOptions({}));
  Status s = ValidateStateOptions({0, 480, 16});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("retention_days=0"), std::string::npos) << s.message();
  s = ValidateStateOptions({35, 480, 0});
  EXPECT_NE(s.message().find("partitions=0"), std::string::npos) << s.message();
  s = ValidateStateOptions({35, 5000, 16});
  EXPECT_NE(s.message().find("utc_offset_minutes=5000"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace ripple::state
