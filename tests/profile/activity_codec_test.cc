// ProfileActivity as a state::SubscriberAttachment: the per-subscriber encoding and its round
// trip, remapping categories by name when hosts.csv changed, refusing malformed bytes, and the
// round trip through a real StateStore checkpoint (orphans, subscribers without activity).
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <array>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/phone_number.h"
#include "core/rng.h"
#include "profile/activity.h"
#include "profile/host_matcher.h"
#include "profile_test_util.h"
#include "state/state_store.h"
#include "state/subscriber_state.h"

namespace ripple::profile {
namespace {

using namespace ::ripple::profile::testing;  // NOLINT
using ::ripple::testing::TempDir;

// Every kind of record for subscribers 0 and 1 over 40 days (with decay, evictions and all
// feeds); subscriber 2 only recharges, which the activity does not keep.
std::vector<Record> MixedRecords() {
  std::vector<Record> out;
  for (int d = 0; d < 40; d += 3) {
    out.push_back(Location(At(d, 23), 0, 1));
    out.push_back(Location(At(d, 10), 0, static_cast<CellId>(2 + d % 17)));
    out.push_back(Call(At(d, 19), 0, 1, static_cast<CellId>(30 + d % 5)));
    out.push_back(Data(At(d, 8), 1, 4));
    out.push_back(Visit(At(d, 20), 0, d % 2 ? Channel::kApp : Channel::kWeb));
    out.push_back(Order(At(d, 14), 1, Channel::kShop));
    out.push_back(Data(At(d, 21), 0));
  }
  Record intl = Call(At(5, 9), 1, kNoSubscriber);
  intl.to = ParsePhoneNumber("+447911123456");
  out.push_back(intl);
  out.push_back(Device(At(1, 9), 0, kImeiApple));
  out.push_back(Device(At(30, 9), 0, kImeiHuawei));
  out.push_back(Recharge(At(2, 9), 2, 3000));
  return out;
}

// Category of the i-th record of MixedRecords (data records only).
int16_t CategoryOf(size_t i) { return static_cast<int16_t>(i % 4) - 1; }  // -1, 0, 1, 2

void ApplyAll(const std::vector<Record>& recs, ProfileActivity* a,
              state::SubscriberState* st = nullptr) {
  for (size_t i = 0; i < recs.size(); ++i) {
    a->Apply(recs[i], CategoryOf(i));
    if (st != nullptr) st->Apply(recs[i]);
  }
}

void ExpectSame(const ProfileActivity& a, SubscriberId sa, const ProfileActivity& b,
                SubscriberId sb) {
  const ActivityHeader &ha = a.header(sa), &hb = b.header(sb);
  EXPECT_EQ(ha.last_day, hb.last_day);
  EXPECT_EQ(ha.first_device_day, hb.first_device_day);
  EXPECT_EQ(ha.last_change_day, hb.last_change_day);
  EXPECT_EQ(ha.last_imei_low, hb.last_imei_low);
  EXPECT_EQ(ha.last_imei_time_s, hb.last_imei_time_s);
  EXPECT_EQ(ha.intl_calls, hb.intl_calls);
  EXPECT_EQ(ha.located, hb.located);
  EXPECT_EQ(ha.data_sessions, hb.data_sessions);
  for (int i = 0; i < kCellSlots; ++i) {
    EXPECT_EQ(a.cells(sa)[i].cell, b.cells(sb)[i].cell) << "slot " << i;
    EXPECT_EQ(a.cells(sa)[i].night, b.cells(sb)[i].night) << "slot " << i;
    EXPECT_EQ(a.cells(sa)[i].workday, b.cells(sb)[i].workday) << "slot " << i;
    EXPECT_EQ(a.cells(sa)[i].total, b.cells(sb)[i].total) << "slot " << i;
  }
  EXPECT_EQ(std::vector<float>(a.categories(sa).begin(), a.categories(sa).end()),
            std::vector<float>(b.categories(sb).begin(), b.categories(sb).end()));
  EXPECT_EQ(std::vector<float>(a.channels(sa).begin(), a.channels(sa).end()),
            std::vector<float>(b.channels(sb).begin(), b.channels(sb).end()));
}

const std::vector<std::string> kCategories = {"video", "music", "news"};

TEST(ProfileActivityCodec, EncodeThenDecodeIsIdentical) {
  ProfileActivity a(3, ActivityOptions(), kCategories);
  ApplyAll(MixedRecords(), &a);
  ASSERT_EQ(a.header(0).last_change_day, Day0() + 30);
  ASSERT_GT(a.header(1).intl_calls, 0.0f);
  ASSERT_NE(a.cells(0)[kCellSlots - 1].cell, kNoCell) << "the table is full";

  ProfileActivity b(3, ActivityOptions(), kCategories);
  for (SubscriberId s : {0u, 1u}) {
    std::string bytes;
    ASSERT_TRUE(a.Encode(s, &bytes));
    ASSERT_OK(b.Decode(s, bytes));
    ExpectSame(a, s, b, s);
  }
  std::string bytes = "untouched";
  EXPECT_FALSE(a.Encode(2, &bytes)) << "recharges only: nothing to store";
}

TEST(ProfileActivityCodec, DecodeRemapsCategoriesByName) {
  ProfileActivity a(1, NoDecay(), {"video", "music", "news"});
  a.Apply(Data(At(0, 10), 0), 0);
  a.Apply(Data(At(0, 11), 0), 0);
  a.Apply(Data(At(0, 12), 0), 1);
  for (int i = 0; i < 3; ++i) a.Apply(Data(At(0, 13, i), 0), 2);
  std::string bytes;
  ASSERT_TRUE(a.Encode(0, &bytes));

  // hosts.csv now lists news first, dropped music and added games.
  ProfileActivity b(1, NoDecay(), {"news", "games", "video"});
  ASSERT_OK(b.DecodeSettings(a.Settings()));
  ASSERT_OK(b.Decode(0, bytes));
  EXPECT_EQ(std::vector<float>(b.categories(0).begin(), b.categories(0).end()),
            (std::vector<float>{3, 0, 2}));
  EXPECT_EQ(b.header(0).data_sessions, 6.0f) << "the dropped category's sessions still count";

  // Without the stored settings an index beyond the current list is corrupt, not ignored.
  ProfileActivity c(1, NoDecay(), {"video"});
  Status s = c.Decode(0, bytes);
  EXPECT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
}

TEST(ProfileActivityCodec, MalformedSettingsAreErrors) {
  ProfileActivity a(1, NoDecay(), kCategories);
  auto code = [&](const std::string& bytes) { return a.DecodeSettings(bytes).code(); };
  EXPECT_EQ(code(""), StatusCode::kCorruption);
  uint64_t version = 0;  // the layout version the build writes, first in its settings
  ASSERT_TRUE(ByteReader(a.Settings()).Varint(&version));
  for (uint64_t other : {version - 1, version + 1}) {  // an older or newer record layout
    ByteWriter w;
    w.Varint(other);
    w.Varint(0);
    EXPECT_EQ(code(w.Take()), StatusCode::kCorruption) << "version " << other;
  }
  ByteWriter too_many;
  too_many.Varint(version);
  too_many.Varint(70000);
  EXPECT_EQ(code(too_many.Take()), StatusCode::kCorruption);
  ByteWriter truncated;
  truncated.Varint(version);
  truncated.Varint(2);
  truncated.String("video");
  truncated.Varint(10);  // a 10-byte name with 3 bytes left
  std::string t = truncated.Take() + "new";
  EXPECT_EQ(code(t), StatusCode::kCorruption);
  EXPECT_OK(a.DecodeSettings(a.Settings()));
}

// One hand-built record: header, `cells` (id, night, workday, total), then the sparse lists.
struct RawRecord {
  std::vector<std::array<uint64_t, 4>> cells;
  std::vector<std::pair<uint64_t, uint64_t>> categories, channels;  // index, float bits
  uint64_t used_override = UINT64_MAX;
  int64_t last_day = Day0(), first_device_day = kNoDay;
  std::string Bytes() const {
    ByteWriter w;
    w.SignedVarint(last_day);
    w.SignedVarint(first_device_day);
    w.SignedVarint(kNoDay);
    w.Varint(0);                                       // last_imei_low
    w.Varint(0);                                       // last_imei_time_s
    for (int i = 0; i < 3; ++i) w.Varint(0x3f800000);  // 1.0f
    w.Varint(used_override != UINT64_MAX ? used_override : cells.size());
    for (const auto& c : cells) {
      for (uint64_t v : c) w.Varint(v);
    }
    for (const auto* list : {&categories, &channels}) {
      w.Varint(list->size());
      for (const auto& [index, bits] : *list) {
        w.Varint(index);
        w.Varint(bits);
      }
    }
    return w.Take();
  }
};

TEST(ProfileActivityCodec, MalformedRecordsAreErrorsNotCrashes) {
  constexpr uint64_t kOne = 0x3f800000, kNaN = 0x7fc00000, kMinusOne = 0xbf800000;
  ProfileActivity a(1, NoDecay(), kCategories);
  auto code = [&](const std::string& bytes) { return a.Decode(0, bytes).code(); };
  RawRecord good;
  good.cells = {{5, kOne, 0, kOne}};
  good.categories = {{2, kOne}};
  good.channels = {{19, kOne}};
  ASSERT_OK(a.Decode(0, good.Bytes()));
  EXPECT_EQ(a.cells(0)[0].cell, 5u);
  EXPECT_EQ(a.categories(0)[2], 1.0f);
  EXPECT_EQ(a.channels(0)[19], 1.0f);

  EXPECT_EQ(code(""), StatusCode::kCorruption);
  EXPECT_EQ(code(good.Bytes() + '\0'), StatusCode::kCorruption) << "trailing bytes";
  const std::string bytes = good.Bytes();
  for (size_t n = 0; n < bytes.size(); ++n) {
    EXPECT_EQ(code(bytes.substr(0, n)), StatusCode::kCorruption) << "prefix of " << n << " bytes";
  }
  auto variant = [&](auto edit) {
    RawRecord r = good;
    edit(r);
    return code(r.Bytes());
  };
  EXPECT_EQ(variant([](RawRecord& r) { r.used_override = kCellSlots + 1; }),
            StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) {
              r.cells[0] = {kNoCell, kOne, 0, kOne};
            }),
            StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.cells[0][1] = kNaN; }), StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.cells[0][3] = kMinusOne; }), StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.cells[0][3] = uint64_t{1} << 32; }),
            StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.categories = {{3, kOne}}; }), StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.channels = {{20, kOne}}; }), StatusCode::kCorruption);
  EXPECT_EQ(variant([&](RawRecord& r) { r.channels = {{0, kNaN}}; }), StatusCode::kCorruption);

  Rng rng(42);
  for (int i = 0; i < 2000; ++i) {
    std::string junk(rng.Below(48), '\0');
    for (char& ch : junk) ch = static_cast<char>(rng.Below(256));
    Status s = a.Decode(0, junk);  // must not crash or read out of bounds (run under ASan)
    if (!s.ok()) {
      EXPECT_EQ(s.code(), StatusCode::kCorruption);
    }
  }
  ASSERT_TRUE(a.Decode(0, good.Bytes()).ok()) << "a good record still decodes after failures";
  EXPECT_EQ(a.header(0).last_day, Day0());
}

// Days are stored as 64-bit varints but held as int32: a value that does not fit, or a record
// with counts but no day (kNoDay, which Encode never writes), is corrupt rather than narrowed.
TEST(ProfileActivityCodec, DaysOutsideInt32OrMissingAreCorrupt) {
  ProfileActivity a(1, NoDecay(), kCategories);
  RawRecord r;
  r.last_day = int64_t{1} << 40;
  EXPECT_EQ(a.Decode(0, r.Bytes()).code(), StatusCode::kCorruption) << "last_day 2^40";
  r.last_day = kNoDay;
  EXPECT_EQ(a.Decode(0, r.Bytes()).code(), StatusCode::kCorruption) << "last_day missing";
  r.last_day = Day0();
  r.first_device_day = -(int64_t{1} << 40);
  EXPECT_EQ(a.Decode(0, r.Bytes()).code(), StatusCode::kCorruption) << "first_device_day";
}

// --- Through the state store ------------------------------------------------------------

// The number of stored records of the profile attachment ('x' 'p' keys) in folder `dir`.
int AttachmentRecords(const std::string& dir) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Options o;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(o, dir, &raw).ok());
  if (raw == nullptr) return -1;
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  int n = 0;
  for (it->Seek("xp"); it->Valid() && it->key().starts_with("xp"); it->Next()) ++n;
  return n;
}

std::unique_ptr<state::StateStore> OpenStore(const std::string& dir) {
  auto store = state::StateStore::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

TEST(ProfileActivityStore, CheckpointThenLoadRestoresTheActivity) {
  TempDir tmp;
  const std::vector<uint64_t> pseudonyms = Pseudonyms(4);
  state::SubscriberState st(pseudonyms);
  ProfileActivity activity(4, ActivityOptions(), kCategories);
  ApplyAll(MixedRecords(), &activity, &st);
  {
    auto store = OpenStore(tmp / "state");
    ASSERT_NE(store, nullptr);
    state::SubscriberAttachment* attachments[] = {&activity};
    ASSERT_OK(store->Checkpoint(st, pseudonyms, "p1", attachments));
  }
  EXPECT_EQ(AttachmentRecords(tmp / "state"), 2)
      << "subscriber 2 (recharges only) and 3 (nothing) have no activity record";

  auto store = OpenStore(tmp / "state");
  ASSERT_NE(store, nullptr);
  state::SubscriberState st2(pseudonyms);
  ProfileActivity loaded(4, ActivityOptions(), kCategories);
  state::SubscriberAttachment* attachments[] = {&loaded};
  auto progress = store->Load(st2, pseudonyms, attachments);
  ASSERT_OK(progress);
  EXPECT_EQ(progress->value_or(""), "p1");
  for (SubscriberId s = 0; s < 4; ++s) ExpectSame(activity, s, loaded, s);
  EXPECT_EQ(loaded.header(2).last_day, kNoDay);
  EXPECT_EQ(loaded.header(3).last_day, kNoDay);
}

TEST(ProfileActivityStore, LoadFollowsPseudonymsAndSkipsOrphans) {
  TempDir tmp;
  const std::vector<uint64_t> before = Pseudonyms(3);
  state::SubscriberState st(before);
  ProfileActivity activity(3, ActivityOptions(), kCategories);
  ApplyAll(MixedRecords(), &activity, &st);  // 0 and 1 have activity
  {
    auto store = OpenStore(tmp / "state");
    ASSERT_NE(store, nullptr);
    state::SubscriberAttachment* attachments[] = {&activity};
    ASSERT_OK(store->Checkpoint(st, before, "", attachments));
  }
  // subscribers.csv changed: 1 left, a newcomer came, the order is different.
  const std::vector<uint64_t> after = {before[2], 0x1234567, before[0]};
  auto store = OpenStore(tmp / "state");
  ASSERT_NE(store, nullptr);
  state::SubscriberState st2(after);
  ProfileActivity loaded(3, ActivityOptions(), {"news", "video"});
  state::SubscriberAttachment* attachments[] = {&loaded};
  ASSERT_OK(store->Load(st2, after, attachments));
  EXPECT_EQ(store->orphaned(), 1u) << "subscriber 1's state record";
  EXPECT_EQ(loaded.header(0).last_day, kNoDay) << "old 2 had no activity";
  EXPECT_EQ(loaded.header(1).last_day, kNoDay) << "the newcomer has none";
  EXPECT_EQ(loaded.header(2).last_day, activity.header(0).last_day) << "old 0 is now 2";
  EXPECT_EQ(loaded.header(2).located, activity.header(0).located);
  EXPECT_EQ(loaded.cells(2)[0].cell, activity.cells(0)[0].cell);
  EXPECT_EQ(loaded.categories(2)[0], activity.categories(0)[2]) << "news, remapped by name";
  EXPECT_EQ(loaded.categories(2)[1], activity.categories(0)[0]) << "video, remapped by name";
}

}  // namespace
}  // namespace ripple::profile
