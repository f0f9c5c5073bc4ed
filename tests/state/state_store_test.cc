#include "state/state_store.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstring>
#include <sstream>

#include "core/identity.h"
#include "state/state_csv.h"
#include "state/state_test_util.h"
#include "support/test_support.h"

namespace ripple::state {
namespace {

using namespace ripple::state::testing;  // NOLINT
using ripple::testing::TempDir;

std::string Dump(const SubscriberState& st) {
  std::ostringstream out;
  WriteStateCsv(st, {}, out);
  return out.str();
}

std::unique_ptr<StateStore> OpenOk(const std::string& dir, const StateOptions& o = {}) {
  auto store = StateStore::Open(dir, o);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(StateStore, FreshStoreLoadsNothing) {
  TempDir tmp;
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  auto pseudonyms = Pseudonyms(10);
  SubscriberState st(pseudonyms);
  auto progress = store->Load(st, pseudonyms);
  ASSERT_OK(progress);
  EXPECT_FALSE(progress->has_value());
  EXPECT_EQ(Dump(st), StateCsvHeader() + "\n");
}

TEST(StateStore, CheckpointThenLoadRestoresStateAndProgressExactly) {
  TempDir tmp;
  const auto pseudonyms = Pseudonyms(300);
  const std::string progress("positions\0with binary \xff bytes", 30);
  SubscriberState original(pseudonyms);
  for (const Record& r : RandomRecords(5000, 300, 45, /*seed=*/7)) original.Apply(r);
  ASSERT_GT(original.expired_records(), 0u);
  {
    auto store = OpenOk(tmp / "state");
    ASSERT_NE(store, nullptr);
    ASSERT_OK(store->Checkpoint(original, pseudonyms, progress));
    EXPECT_EQ(original.DirtyCount(), 0u);
    EXPECT_EQ(store->last_checkpoint().subscribers_written, 300u);
  }
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  SubscriberState st(pseudonyms);
  auto loaded = store->Load(st, pseudonyms);
  ASSERT_OK(loaded);
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ(**loaded, progress);
  EXPECT_EQ(Dump(st), Dump(original));
  for (SubscriberId s = 0; s < 300; ++s) {
    ASSERT_EQ(st.Header(s), original.Header(s)) << "subscriber " << s;
    ASSERT_EQ(0, std::memcmp(st.Slots(s).data(), original.Slots(s).data(), 35 * sizeof(DayBucket)))
        << "subscriber " << s;
  }
  EXPECT_EQ(st.DirtyCount(), 0u);
  EXPECT_EQ(store->orphaned(), 0u);
  EXPECT_EQ(st.expired_records(), original.expired_records()) << "the counter survives a restart";
}

TEST(StateStore, SecondCheckpointWritesOnlyDirtySubscribers) {
  TempDir tmp;
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  const auto pseudonyms = Pseudonyms(100);
  SubscriberState st(pseudonyms);
  for (const Record& r : RandomRecords(2000, 100, 10, 3)) st.Apply(r);
  ASSERT_OK(store->Checkpoint(st, pseudonyms, "p1"));
  EXPECT_EQ(store->last_checkpoint().subscribers_written, 100u);
  st.Apply(Call(At(5, 10), 4, 9, 60));
  st.Apply(Single(Feed::kVisits, At(5, 10), 50));
  ASSERT_OK(store->Checkpoint(st, pseudonyms, "p2"));
  EXPECT_EQ(store->last_checkpoint().subscribers_written, 3u);
  EXPECT_EQ(store->last_checkpoint().subscribers_deleted, 0u);
  ASSERT_OK(store->Checkpoint(st, pseudonyms, "p3"));
  EXPECT_EQ(store->last_checkpoint().subscribers_written, 0u);

  SubscriberState again(pseudonyms);
  auto loaded = store->Load(again, pseudonyms);
  ASSERT_OK(loaded);
  EXPECT_EQ(**loaded, "p3");
  EXPECT_EQ(Dump(again), Dump(st));
}

TEST(StateStore, SubscribersThatBecameEmptyAreDeleted) {
  TempDir tmp;
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  const auto pseudonyms = Pseudonyms(3);
  SubscriberState st(pseudonyms);
  st.Apply(Call(At(0, 10), 0, 1, 60));
  st.Apply(Call(At(0, 10), 1, 2, 60));
  ASSERT_OK(store->Checkpoint(st, pseudonyms, "p"));
  st.Clear(1);  // a recycled number
  st.Apply(Single(Feed::kVisits, At(5, 10), 0));
  st.EvictBefore(Day0() + 1);  // 2 went quiet; 0 keeps day 5
  ASSERT_OK(store->Checkpoint(st, pseudonyms, "p"));
  EXPECT_EQ(store->last_checkpoint().subscribers_deleted, 2u);
  EXPECT_EQ(store->last_checkpoint().subscribers_written, 1u);

  SubscriberState again(pseudonyms);
  ASSERT_OK(store->Load(again, pseudonyms));
  EXPECT_TRUE(again.IsEmpty(1));
  EXPECT_TRUE(again.IsEmpty(2));
  EXPECT_FALSE(again.IsEmpty(0));
  EXPECT_EQ(Dump(again), Dump(st));
}

TEST(StateStore, OrphanedSubscribersAreCountedAndKept) {
  TempDir tmp;
  const std::vector<uint64_t> abc = {0xa, 0xb, 0xc};
  {
    auto store = OpenOk(tmp / "state");
    ASSERT_NE(store, nullptr);
    SubscriberState st(abc);
    for (SubscriberId s = 0; s < 3; ++s) st.Apply(Single(Feed::kVisits, At(0, 10), s));
    ASSERT_OK(store->Checkpoint(st, abc, "p"));
  }
  {
    // b left the subscriber list and d joined; the order changed too.
    const std::vector<uint64_t> cad = {0xc, 0xa, 0xd};
    auto store = OpenOk(tmp / "state");
    ASSERT_NE(store, nullptr);
    SubscriberState st(cad);
    ASSERT_OK(store->Load(st, cad));
    EXPECT_EQ(store->orphaned(), 1u);
    EXPECT_NE(st.Bucket(0, Day0()), nullptr);
    EXPECT_NE(st.Bucket(1, Day0()), nullptr);
    EXPECT_TRUE(st.IsEmpty(2));
    st.Apply(Single(Feed::kVisits, At(1, 10), 2));
    ASSERT_OK(store->Checkpoint(st, cad, "p2"));
  }
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  SubscriberState st(abc);
  ASSERT_OK(store->Load(st, abc));
  EXPECT_EQ(store->orphaned(), 1u) << "d is the orphan now";
  EXPECT_NE(st.Bucket(1, Day0()), nullptr) << "b was kept while it was absent";
}

TEST(StateStore, DifferentSettingsAreAClearError) {
  TempDir tmp;
  const auto pseudonyms = Pseudonyms(5);
  {
    auto store = OpenOk(tmp / "state");
    ASSERT_NE(store, nullptr);
    SubscriberState st(pseudonyms);
    st.Apply(Single(Feed::kVisits, At(0, 10), 1));
    ASSERT_OK(store->Checkpoint(st, pseudonyms, "p"));
  }
  StateOptions shorter;
  shorter.retention_days = 30;
  auto reopened = StateStore::Open(tmp / "state", shorter);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kInvalidArgument);
  const std::string& msg = reopened.status().message();
  EXPECT_NE(msg.find(tmp / "state"), std::string::npos) << msg;
  EXPECT_NE(msg.find("retention_days was 35 and is now 30"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fresh output folder"), std::string::npos) << msg;

  StateOptions other_partitions;
  other_partitions.partitions = 32;
  auto again = StateStore::Open(tmp / "state", other_partitions);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.status().message().find("partitions was 16 and is now 32"), std::string::npos);

  // A state built with other settings than the store's is refused too.
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  StateOptions utc;
  utc.utc_offset_minutes = 0;
  SubscriberState st(pseudonyms, utc);
  auto loaded = store->Load(st, pseudonyms);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("utc_offset_minutes was 480 and is now 0"),
            std::string::npos)
      << loaded.status().message();
}

TEST(StateStore, AFileInTheWayIsAClearError) {
  TempDir tmp;
  ripple::testing::WriteFile(tmp / "state", "not a folder");
  auto store = StateStore::Open(tmp / "state");
  ASSERT_FALSE(store.ok());
  const std::string& msg = store.status().message();
  EXPECT_NE(msg.find(tmp / "state"), std::string::npos) << msg;
  EXPECT_NE(msg.find("not a folder"), std::string::npos) << msg;
}

TEST(StateStore, AHeldStoreIsAClearError) {
  TempDir tmp;
  auto first = OpenOk(tmp / "state");
  ASSERT_NE(first, nullptr);
  auto second = StateStore::Open(tmp / "state");
  ASSERT_FALSE(second.ok());
  const std::string& msg = second.status().message();
  EXPECT_NE(msg.find(tmp / "state"), std::string::npos) << msg;
  EXPECT_NE(msg.find("in use by another process"), std::string::npos) << msg;
}

TEST(StateStore, InvalidOptionsAreRefusedAtOpen) {
  TempDir tmp;
  StateOptions bad;
  bad.retention_days = 0;
  auto store = StateStore::Open(tmp / "state", bad);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("retention_days=0"), std::string::npos);
}

TEST(StateStore, ACorruptValueNamesThePseudonym) {
  TempDir tmp;
  const auto pseudonyms = Pseudonyms(4);
  {
    auto store = OpenOk(tmp / "state");
    ASSERT_NE(store, nullptr);
    SubscriberState st(pseudonyms);
    st.Apply(Single(Feed::kVisits, At(0, 10), 2));
    ASSERT_OK(store->Checkpoint(st, pseudonyms, "p"));
  }
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), tmp / "state", &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    const auto partition = static_cast<uint16_t>(pseudonyms[2] % 16);
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), SubscriberKey(partition, pseudonyms[2]), "\x01garbage")
            .ok());
  }
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  SubscriberState st(pseudonyms);
  auto loaded = store->Load(st, pseudonyms);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), StatusCode::kCorruption);
  EXPECT_NE(loaded.status().message().find(Pseudonymizer::ToHex(pseudonyms[2])), std::string::npos)
      << loaded.status().message();
}

TEST(StateStore, MismatchedCallersAreRefused) {
  TempDir tmp;
  auto store = OpenOk(tmp / "state");
  ASSERT_NE(store, nullptr);
  const auto pseudonyms = Pseudonyms(4);
  SubscriberState st(pseudonyms);
  st.Apply(Single(Feed::kVisits, At(0, 10), 1));
  EXPECT_EQ(store->Checkpoint(st, Pseudonyms(3), "p").code(), StatusCode::kInvalidArgument);
  auto loaded = store->Load(st, pseudonyms);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find("already has records"), std::string::npos);
  std::vector<uint64_t> twice = {1, 2, 3, 2};
  SubscriberState fresh(twice);
  auto dup = store->Load(fresh, twice);
  ASSERT_FALSE(dup.ok());
  EXPECT_NE(dup.status().message().find("occurs twice"), std::string::npos)
      << dup.status().message();
  EXPECT_TRUE(st.IsDirty(1)) << "a refused checkpoint keeps the dirty bits";
}

}  // namespace
}  // namespace ripple::state
