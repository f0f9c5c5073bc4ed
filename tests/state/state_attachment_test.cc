// StateStore's SubscriberAttachment hook, with a fake attachment (the state part may not depend
// on the profile; the profile's real attachment is tested in tests/profile/activity_codec_test):
// the round trip, settings handed back before any record, records written for exactly the dirty
// subscribers and deleted when there is nothing to store, orphans skipped, corrupt values and
// settings reported with the subscriber or the store, attachments kept apart by tag.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <string>
#include <vector>

#include "core/identity.h"
#include "state/state_store.h"
#include "state/state_test_util.h"
#include "support/test_support.h"

namespace ripple::state {
namespace {

using namespace ripple::state::testing;  // NOLINT
using ripple::testing::TempDir;

// Stores one string per subscriber ("" = nothing) and logs the calls Load makes.
class FakeAttachment final : public SubscriberAttachment {
 public:
  FakeAttachment(size_t subscribers, char tag, std::string settings)
      : values(subscribers), tag_(tag), settings_(std::move(settings)) {}

  char tag() const override { return tag_; }
  std::string Settings() const override { return settings_; }
  Status DecodeSettings(std::string_view stored) override {
    log.push_back("settings " + std::string(stored));
    if (stored == "unreadable") return Status::Corruption("the fake settings are unreadable");
    return Status::Ok();
  }
  bool Encode(SubscriberId s, std::string* out) const override {
    if (values[s].empty()) return false;
    out->append(values[s]);
    return true;
  }
  Status Decode(SubscriberId s, std::string_view value) override {
    log.push_back("decode " + std::to_string(s) + " " + std::string(value));
    if (value == "bad") return Status::Corruption("fake value is bad");
    values[s] = std::string(value);
    return Status::Ok();
  }

  std::vector<std::string> values;
  std::vector<std::string> log;

 private:
  char tag_;
  std::string settings_;
};

std::unique_ptr<StateStore> OpenStoreOk(const std::string& dir) {
  auto store = StateStore::Open(dir);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Stored attachment records ('x' tag ...) in the closed store at `dir`.
int CountRecords(const std::string& dir, char tag) {
  rocksdb::DB* raw = nullptr;
  EXPECT_TRUE(rocksdb::DB::OpenForReadOnly(rocksdb::Options(), dir, &raw).ok());
  if (raw == nullptr) return -1;
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix{'x', tag};
  int n = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) ++n;
  return n;
}

// A state where every one of `n` subscribers has a record (so all are dirty).
void TouchAll(SubscriberState& st, size_t n, int day = 0) {
  for (size_t s = 0; s < n; ++s) {
    st.Apply(Single(Feed::kRecharges, At(day, 10), static_cast<SubscriberId>(s)));
  }
}

Status Checkpoint(const std::string& dir, SubscriberState& st, const std::vector<uint64_t>& p,
                  std::vector<SubscriberAttachment*> attachments) {
  auto store = OpenStoreOk(dir);
  if (store == nullptr) return Status::Internal("no store");
  return store->Checkpoint(st, p, "", attachments);
}

// Loads the store at `dir` with `p` into a fresh state and `attachments`.
Status Load(const std::string& dir, const std::vector<uint64_t>& p,
            std::vector<SubscriberAttachment*> attachments, uint64_t* orphaned = nullptr) {
  auto store = OpenStoreOk(dir);
  if (store == nullptr) return Status::Internal("no store");
  SubscriberState st(p);
  auto r = store->Load(st, p, attachments);
  if (orphaned != nullptr) *orphaned = store->orphaned();
  return r.ok() ? Status::Ok() : r.status();
}

TEST(StateAttachment, CheckpointThenLoadRestoresEveryValueAfterTheSettings) {
  TempDir tmp;
  const auto p = Pseudonyms(4);
  SubscriberState st(p);
  TouchAll(st, 4);
  FakeAttachment a(4, 'f', "layout-1");
  a.values = {"zero", "one", "", "three"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));
  EXPECT_EQ(CountRecords(tmp / "s", 'f'), 3) << "subscriber 2 has nothing: no record";

  FakeAttachment b(4, 'f', "layout-2");
  ASSERT_OK(Load(tmp / "s", p, {&b}));
  EXPECT_EQ(b.values, a.values);
  ASSERT_EQ(b.log.size(), 4u);
  EXPECT_EQ(b.log[0], "settings layout-1") << "the stored settings, before any record";
}

TEST(StateAttachment, OnlyDirtySubscribersAreWrittenAndEmptyOnesDeleted) {
  TempDir tmp;
  const auto p = Pseudonyms(3);
  SubscriberState st(p);
  TouchAll(st, 3);
  FakeAttachment a(3, 'f', "s");
  a.values = {"a0", "a1", "a2"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));

  a.values = {"", "b1", "b2"};  // 0: now nothing; 1 changes without a state change (not dirty)
  st.Apply(Single(Feed::kRecharges, At(1, 10), 0));
  st.Apply(Single(Feed::kRecharges, At(1, 10), 2));
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));
  EXPECT_EQ(CountRecords(tmp / "s", 'f'), 2);

  FakeAttachment b(3, 'f', "s");
  ASSERT_OK(Load(tmp / "s", p, {&b}));
  EXPECT_EQ(b.values, (std::vector<std::string>{"", "a1", "b2"}))
      << "1 was not dirty, so its stored value is the first checkpoint's";
}

TEST(StateAttachment, OrphansAreSkippedAndComeBackWithTheirNumber) {
  TempDir tmp;
  const auto p = Pseudonyms(3);
  SubscriberState st(p);
  TouchAll(st, 3);
  FakeAttachment a(3, 'f', "s");
  a.values = {"a0", "a1", "a2"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));

  const std::vector<uint64_t> without_1 = {p[2], p[0]};
  FakeAttachment b(2, 'f', "s");
  uint64_t orphaned = 0;
  ASSERT_OK(Load(tmp / "s", without_1, {&b}, &orphaned));
  EXPECT_EQ(orphaned, 1u);
  EXPECT_EQ(b.values, (std::vector<std::string>{"a2", "a0"})) << "keyed by pseudonym";
  for (const std::string& line : b.log) EXPECT_EQ(line.find("a1"), std::string::npos) << line;

  FakeAttachment c(3, 'f', "s");
  ASSERT_OK(Load(tmp / "s", p, {&c}));
  EXPECT_EQ(c.values[1], "a1") << "an orphan's record is kept for when the number comes back";
}

TEST(StateAttachment, AZeroPseudonymIsAnOrdinarySubscriber) {
  TempDir tmp;
  const std::vector<uint64_t> p = {0, 16, 33};
  SubscriberState st(p);
  TouchAll(st, 3);
  FakeAttachment a(3, 'f', "s");
  a.values = {"z", "", "t"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));
  FakeAttachment b(3, 'f', "s");
  ASSERT_OK(Load(tmp / "s", p, {&b}));
  EXPECT_EQ(b.values, a.values);
}

TEST(StateAttachment, AttachmentsWithDifferentTagsStayApart) {
  TempDir tmp;
  const auto p = Pseudonyms(2);
  SubscriberState st(p);
  TouchAll(st, 2);
  FakeAttachment f(2, 'f', "F"), g(2, 'g', "G");
  f.values = {"f0", "f1"};
  g.values = {"", "g1"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&f, &g}));

  FakeAttachment f2(2, 'f', ""), g2(2, 'g', "");
  ASSERT_OK(Load(tmp / "s", p, {&g2, &f2}));
  EXPECT_EQ(f2.values, f.values);
  EXPECT_EQ(g2.values, g.values);
  EXPECT_EQ(f2.log.front(), "settings F");
  EXPECT_EQ(g2.log.front(), "settings G");
}

TEST(StateAttachment, NeverCheckpointedWithTheAttachmentLoadsNothing) {
  TempDir tmp;
  const auto p = Pseudonyms(2);
  SubscriberState st(p);
  TouchAll(st, 2);
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {}));
  FakeAttachment b(2, 'f', "s");
  ASSERT_OK(Load(tmp / "s", p, {&b}));
  EXPECT_TRUE(b.log.empty()) << "neither DecodeSettings nor Decode was called";

  TempDir fresh;
  ASSERT_OK(Load(fresh / "s", p, {&b}));
  EXPECT_TRUE(b.log.empty());
}

TEST(StateAttachment, ACorruptValueNamesTheSubscriber) {
  TempDir tmp;
  const auto p = Pseudonyms(3);
  SubscriberState st(p);
  TouchAll(st, 3);
  FakeAttachment a(3, 'f', "s");
  a.values = {"a0", "bad", "a2"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));
  FakeAttachment b(3, 'f', "s");
  Status s = Load(tmp / "s", p, {&b});
  ASSERT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
  EXPECT_NE(s.message().find(Pseudonymizer::ToHex(p[1])), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("fake value is bad"), std::string::npos) << s.message();
}

TEST(StateAttachment, UnreadableSettingsNameTheStore) {
  TempDir tmp;
  const auto p = Pseudonyms(1);
  SubscriberState st(p);
  TouchAll(st, 1);
  FakeAttachment a(1, 'f', "unreadable");
  a.values = {"a0"};
  ASSERT_OK(Checkpoint(tmp / "s", st, p, {&a}));
  FakeAttachment b(1, 'f', "s");
  Status s = Load(tmp / "s", p, {&b});
  ASSERT_EQ(s.code(), StatusCode::kCorruption) << s.ToString();
  EXPECT_NE(s.message().find(tmp / "s"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("fake settings are unreadable"), std::string::npos) << s.message();
  EXPECT_EQ(b.log.size(), 1u) << "no record is decoded after the settings failed";
}

}  // namespace
}  // namespace ripple::state
