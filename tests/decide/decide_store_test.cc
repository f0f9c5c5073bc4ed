// DecideStore: decision records and ids (format 3 with the adaptive cell, format 2 still read),
// the model and its audit trail, the boot counter, decisions journalled by the arbiter, the
// ledger restored by phone, feedback taken once, adaptive ranking's arms across a reopen.
#include "decide/decide_store.h"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <roaring/roaring.hh>

#include "core/bytes.h"
#include "decide/decide_fixture.h"
#include "support/test_support.h"

namespace ripple::decide {
namespace {

using ripple::testing::TempDir;
using testing::BaseModel;
using testing::Harness;
using testing::kMonday10;
using testing::MakeCampaign;
using testing::Ms;
using testing::PhoneOf;

// A decision with a winner, an outranked equal, a campaign filtered by its quota and one not
// active: every kind of entry the compact encoding writes.
struct Sample {
  Harness h;
  Decision d;
  std::vector<std::string> ids;
  Sample() {
    MarketingModel m = BaseModel();
    m.version = 12;
    m.campaigns.push_back(MakeCampaign("spring_data", 5, {"app/banner"}));
    m.campaigns.push_back(MakeCampaign("roaming", 5, {"app/banner"}));
    m.campaigns.push_back(MakeCampaign("quota_gone", 9, {"app/banner"}));
    m.campaigns.back().quota = 1;
    m.campaigns.push_back(MakeCampaign("old", 9, {"app/banner"}));
    m.campaigns.back().state = CampaignState::kEnded;
    EXPECT_TRUE(h.Load(m).ok());
    h.counters.Get("quota_gone")->contacts = 1;
    d = h.Decide(3, "app", "banner", kMonday10);
    for (const auto& c : m.campaigns) ids.push_back(c.id);
  }
  std::function<const std::vector<std::string>*(uint64_t)> Lookup() const {
    return [this](uint64_t v) { return v == 12 ? &ids : nullptr; };
  }
};

TEST(DecisionRecord, CompactEncodingRoundTripsEveryField) {
  Sample s;
  const DecisionRecord want = ToRecord(s.d);
  ASSERT_EQ(want.considered.size(), 4u);
  const std::string bytes = EncodeDecisionCompact(s.d);
  DecisionRecord back;
  ASSERT_TRUE(DecodeDecisionCompact(bytes, s.Lookup(), &back));
  EXPECT_EQ(back.id, want.id);
  EXPECT_EQ(back.ts_ms, kMonday10);
  EXPECT_EQ(back.phone, PhoneOf(3));
  EXPECT_EQ(back.channel, "app");
  EXPECT_EQ(back.slot, "banner");
  EXPECT_EQ(back.campaign, want.campaign);
  EXPECT_FALSE(want.campaign.empty());
  EXPECT_EQ(back.control, want.control);
  EXPECT_EQ(back.model_version, 12u);
  EXPECT_EQ(back.ranking, Ranking::kPriority);
  EXPECT_EQ(back.equals, 2);
  EXPECT_EQ(back.rotation, want.rotation);
  ASSERT_EQ(back.considered.size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(back.considered[i].campaign, want.considered[i].campaign) << i;
    EXPECT_EQ(back.considered[i].verdict, want.considered[i].verdict) << i;
    EXPECT_EQ(back.considered[i].score, want.considered[i].score) << i;
  }
  EXPECT_EQ(back.considered[2].verdict, Verdict::kQuotaReached);
  EXPECT_EQ(back.considered[3].verdict, Verdict::kNotActive);
  EXPECT_EQ(back.considered[0].score, 5);
}

TEST(DecisionRecord, MalformedBytesOrAnUnknownVersionAreRefused) {
  Sample s;
  const std::string bytes = EncodeDecisionCompact(s.d);
  DecisionRecord back;
  EXPECT_FALSE(DecodeDecisionCompact(bytes.substr(0, bytes.size() - 1), s.Lookup(), &back));
  EXPECT_FALSE(DecodeDecisionCompact(bytes + "x", s.Lookup(), &back));
  EXPECT_FALSE(DecodeDecisionCompact("", s.Lookup(), &back));
  std::string other_format = bytes;
  other_format[0] = 1;
  EXPECT_FALSE(DecodeDecisionCompact(other_format, s.Lookup(), &back));
  EXPECT_FALSE(DecodeDecisionCompact(
      bytes, [](uint64_t) { return nullptr; }, &back));
}

// An adaptive decision: app/banner learns by the saved segment "fans" (subscriber 3 is in it)
// and explores every time.
struct AdaptiveSample {
  Harness h;
  Roaring fans;
  Decision d;
  std::vector<std::string> ids = {"a", "b"};
  AdaptiveSample() {
    fans.add(3);
    MarketingModel m = BaseModel();
    m.version = 12;
    m.channels[0].slots[0].ranking = Ranking::kAdaptive;
    m.channels[0].slots[0].learn_by = {"fans"};
    m.channels[0].slots[0].exploration = 1;
    m.campaigns.push_back(MakeCampaign("a", 1, {"app/banner"}));
    m.campaigns.push_back(MakeCampaign("b", 1, {"app/banner"}));
    CompiledModel::Inputs in;
    in.saved_segments = {{"fans", &fans}};
    EXPECT_TRUE(h.Load(m, in).ok());
    d = h.Decide(3, "app", "banner", kMonday10);
  }
  std::function<const std::vector<std::string>*(uint64_t)> Lookup() const {
    return [this](uint64_t v) { return v == 12 ? &ids : nullptr; };
  }
};

TEST(DecisionRecord, FormatThreeRoundTripsTheCellAndExplored) {
  AdaptiveSample s;
  ASSERT_TRUE(s.d.shown());
  ASSERT_EQ(s.d.cell, 1u);
  ASSERT_TRUE(s.d.explored);
  DecisionRecord back;
  ASSERT_TRUE(DecodeDecisionCompact(EncodeDecisionCompact(s.d), s.Lookup(), &back));
  EXPECT_EQ(back.ranking, Ranking::kAdaptive);
  EXPECT_EQ(back.cell, 1u);
  EXPECT_TRUE(back.explored);
  EXPECT_EQ(back.campaign, ToRecord(s.d).campaign);
  // The largest cell there is (kMaxLearnSegments segments), not explored.
  s.d.cell = (1u << kMaxLearnSegments) - 1;
  s.d.explored = false;
  ASSERT_TRUE(DecodeDecisionCompact(EncodeDecisionCompact(s.d), s.Lookup(), &back));
  EXPECT_EQ(back.cell, (1u << kMaxLearnSegments) - 1);
  EXPECT_FALSE(back.explored);
  // One beyond is not a cell.
  s.d.cell = 1u << kMaxLearnSegments;
  EXPECT_FALSE(DecodeDecisionCompact(EncodeDecisionCompact(s.d), s.Lookup(), &back));
}

// A decision as format 2 wrote it (before the adaptive cell): format 3 without cell and explored.
std::string EncodeFormatTwo(const Decision& d) {
  ByteWriter w;
  w.Varint(2);
  w.Varint(d.id);
  w.SignedVarint(d.ts_ms);
  w.Varint(d.phone);
  w.String(d.slot->channel);
  w.String(d.slot->slot);
  w.Varint(static_cast<uint64_t>(d.winner + 1));
  w.Varint(d.control ? 1 : 0);
  w.Varint(d.model->model().version);
  w.Varint(static_cast<uint64_t>(d.ranking));
  w.Varint(static_cast<uint64_t>(d.equals));
  w.Varint(static_cast<uint64_t>(d.rotation));
  w.Varint(d.considered.size());
  std::string verdicts;
  for (const Considered& k : d.considered) {
    w.Varint(k.campaign);
    verdicts.push_back(static_cast<char>(k.verdict));
  }
  w.Raw(verdicts);
  for (const Considered& k : d.considered) {
    if (k.verdict <= Verdict::kOutranked) w.Double(k.score);
  }
  return w.Take();
}

TEST(DecisionRecord, FormatTwoRecordsStillDecodeWithCellZero) {
  Sample s;
  const DecisionRecord want = ToRecord(s.d);
  DecisionRecord back;
  back.cell = 9;  // overwritten
  back.explored = true;
  ASSERT_TRUE(DecodeDecisionCompact(EncodeFormatTwo(s.d), s.Lookup(), &back));
  EXPECT_EQ(back.cell, 0u);
  EXPECT_FALSE(back.explored);
  EXPECT_EQ(back.id, want.id);
  EXPECT_EQ(back.ts_ms, want.ts_ms);
  EXPECT_EQ(back.phone, want.phone);
  EXPECT_EQ(back.channel, "app");
  EXPECT_EQ(back.slot, "banner");
  EXPECT_EQ(back.campaign, want.campaign);
  EXPECT_EQ(back.model_version, 12u);
  EXPECT_EQ(back.equals, want.equals);
  EXPECT_EQ(back.rotation, want.rotation);
  ASSERT_EQ(back.considered.size(), want.considered.size());
  for (size_t i = 0; i < want.considered.size(); ++i) {
    EXPECT_EQ(back.considered[i].campaign, want.considered[i].campaign) << i;
    EXPECT_EQ(back.considered[i].verdict, want.considered[i].verdict) << i;
    EXPECT_EQ(back.considered[i].score, want.considered[i].score) << i;
  }
  // An adaptive decision of format 2 (cell and explored unknown): cell 0, not explored.
  AdaptiveSample a;
  ASSERT_TRUE(DecodeDecisionCompact(EncodeFormatTwo(a.d), a.Lookup(), &back));
  EXPECT_EQ(back.ranking, Ranking::kAdaptive);
  EXPECT_EQ(back.cell, 0u);
  EXPECT_FALSE(back.explored);
  EXPECT_EQ(back.campaign, ToRecord(a.d).campaign);
}

TEST(DecisionId, FormatAndParse) {
  EXPECT_EQ(FormatDecisionId(0x1234), "0000000000001234");
  EXPECT_EQ(FormatDecisionId((uint64_t{1} << 40) + 1), "0000010000000001");
  EXPECT_EQ(FormatDecisionId(UINT64_MAX), "ffffffffffffffff");
  EXPECT_EQ(ParseDecisionId("0000010000000001"), (uint64_t{1} << 40) + 1);
  EXPECT_EQ(ParseDecisionId("ffffffffffffffff"), UINT64_MAX);
  EXPECT_EQ(ParseDecisionId(FormatDecisionId(0xabcdef0123456789ULL)), 0xabcdef0123456789ULL);
  EXPECT_FALSE(ParseDecisionId("000001000000001").has_value());    // 15 digits
  EXPECT_FALSE(ParseDecisionId("00000100000000011").has_value());  // 17
  EXPECT_FALSE(ParseDecisionId("000001000000000G").has_value());
  EXPECT_FALSE(ParseDecisionId("00000100000000AB").has_value());  // upper case
  EXPECT_FALSE(ParseDecisionId("").has_value());
}

TEST(DecideStore, BootCounterIncrementsPerOpen) {
  TempDir dir;
  for (uint64_t boot = 1; boot <= 3; ++boot) {
    auto store = DecideStore::Open(dir / "decide-state");
    ASSERT_OK(store);
    EXPECT_EQ((*store)->boot(), boot);
    EXPECT_EQ((*store)->FirstDecisionId(), (boot << 40) + 1);
  }  // each store closes as it goes out of scope
}

TEST(DecideStore, ModelAndAuditNewestFirst) {
  TempDir dir;
  MarketingModel m = BaseModel();
  m.campaigns.push_back(MakeCampaign("c1", 3, {"app/banner"}));
  {
    auto store = DecideStore::Open(dir / "s");
    ASSERT_OK(store);
    auto none = (*store)->LoadModel();
    ASSERT_OK(none);
    EXPECT_FALSE(none->has_value());
    m.version = 1;
    ASSERT_OK((*store)->SaveModel(m, {1, 1000, "config", "load config/marketing.yaml", "{}"}));
    m.version = 2;
    m.campaigns[0].priority = 9;
    ASSERT_OK((*store)->SaveModel(
        m, {2, 2000, "marketer:3f2a", "update campaign c1", "{\"priority\":9}"}));
  }
  auto store = DecideStore::Open(dir / "s");
  ASSERT_OK(store);
  auto loaded = (*store)->LoadModel();
  ASSERT_OK(loaded);
  ASSERT_TRUE(loaded->has_value());
  EXPECT_EQ((*loaded)->version, 2u);
  EXPECT_EQ((*loaded)->campaigns[0].priority, 9);
  EXPECT_EQ(ModelToJson(**loaded), ModelToJson(m));

  const std::vector<AuditEntry> audit = (*store)->Audit(10);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].version, 2u);
  EXPECT_EQ(audit[0].at_ms, 2000);
  EXPECT_EQ(audit[0].who, "marketer:3f2a");
  EXPECT_EQ(audit[0].action, "update campaign c1");
  EXPECT_EQ(audit[0].detail, "{\"priority\":9}");
  EXPECT_EQ(audit[1].version, 1u);
  EXPECT_EQ(audit[1].who, "config");
  const std::vector<AuditEntry> newest = (*store)->Audit(1);
  ASSERT_EQ(newest.size(), 1u);
  EXPECT_EQ(newest[0].version, 2u);
}

TEST(DecideStore, RecordedDecisionIsFoundById) {
  TempDir dir;
  auto store = DecideStore::Open(dir / "s");
  ASSERT_OK(store);
  Harness h(16, store->get());
  h.arbiter.set_next_id((*store)->FirstDecisionId());
  MarketingModel m = BaseModel();
  m.version = 5;
  m.campaigns.push_back(MakeCampaign("top", 9, {"app/banner"}));
  m.campaigns.push_back(MakeCampaign("draft", 20, {"app/banner"}));
  m.campaigns.back().state = CampaignState::kDraft;
  m.campaigns.push_back(MakeCampaign("second", 2, {"app/banner"}));
  ASSERT_OK(h.Load(m));
  const Decision d = h.Decide(4, "app", "banner", kMonday10);
  EXPECT_EQ(d.id, (uint64_t{1} << 40) + 1);
  EXPECT_EQ(h.Decide(5, "app", "banner", kMonday10).id, (uint64_t{1} << 40) + 2);

  auto r = (*store)->FindDecision(d.id);
  ASSERT_OK(r);
  EXPECT_EQ(r->id, d.id);
  EXPECT_EQ(r->ts_ms, kMonday10);
  EXPECT_EQ(r->phone, PhoneOf(4));
  EXPECT_EQ(r->channel, "app");
  EXPECT_EQ(r->slot, "banner");
  EXPECT_EQ(r->campaign, "top");
  EXPECT_FALSE(r->control);
  EXPECT_EQ(r->model_version, 5u);
  ASSERT_EQ(r->considered.size(), 3u);
  EXPECT_EQ(r->considered[0].campaign, "top");
  EXPECT_EQ(r->considered[0].verdict, Verdict::kWinner);
  EXPECT_EQ(r->considered[0].score, 9);
  EXPECT_EQ(r->considered[1].campaign, "draft");
  EXPECT_EQ(r->considered[1].verdict, Verdict::kNotActive);
  EXPECT_EQ(r->considered[2].verdict, Verdict::kOutranked);
  EXPECT_EQ((*store)->write_errors(), 0u);

  auto missing = (*store)->FindDecision(d.id + 100);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "no decision 0000010000000065");
}

TEST(DecideStore, LoadLedgerRestoresEntriesByPhone) {
  TempDir dir;
  std::string entry1;
  {
    auto store = DecideStore::Open(dir / "s");
    ASSERT_OK(store);
    Harness h(16, store->get());
    MarketingModel m = BaseModel();
    m.campaigns.push_back(MakeCampaign("c1", 1, {"app/banner", "sms/text"}));
    ASSERT_OK(h.Load(m));
    ASSERT_TRUE(h.Decide(1, "app", "banner", kMonday10).shown());
    ASSERT_TRUE(h.Decide(1, "sms", "text", kMonday10).shown());
    ASSERT_TRUE(h.Decide(2, "app", "banner", kMonday10).shown());
    ASSERT_OK((*store)->SaveChannels(h.ledger.channels()));
    entry1 = ContactLedger::Encode(h.ledger.Entry(1));
  }
  auto store = DecideStore::Open(dir / "s");
  ASSERT_OK(store);
  // A new snapshot: subscriber 1's number is now row 7; subscriber 2's number is gone.
  ContactLedger ledger(10);
  ASSERT_OK(
      (*store)->LoadLedger(ledger, [](PhoneKey p) { return p == PhoneOf(1) ? 7u : UINT32_MAX; }));
  EXPECT_EQ(ContactLedger::Encode(ledger.Entry(7)), entry1);
  EXPECT_EQ(ledger.Entry(7).ChannelToday(0, LocalDay(kMonday10, 480)), 1);
  EXPECT_EQ(ledger.Entry(7).ChannelToday(1, LocalDay(kMonday10, 480)), 1);
  EXPECT_EQ(ContactLedger::Encode(ledger.Entry(1)), ContactLedger::Encode(ContactEntry{}));
  EXPECT_EQ(ContactLedger::Encode(ledger.Entry(2)), ContactLedger::Encode(ContactEntry{}));
  EXPECT_EQ(ledger.channels(), (std::vector<std::string>{"app", "sms"}));
}

TEST(DecideStore, MarkFeedbackOnceThenRepeat) {
  TempDir dir;
  {
    auto store = DecideStore::Open(dir / "s");
    ASSERT_OK(store);
    CampaignCounters counters;
    int applied = 0;
    auto apply = [&]() -> const CampaignCounters* {
      ++applied;
      counters.impressions.fetch_add(1);
      return &counters;
    };
    auto first = (*store)->MarkFeedback(42, "impression", "c1", apply);
    ASSERT_OK(first);
    EXPECT_TRUE(*first);
    auto again = (*store)->MarkFeedback(42, "impression", "c1", apply);
    ASSERT_OK(again);
    EXPECT_FALSE(*again);
    EXPECT_EQ(applied, 1);
    auto click = (*store)->MarkFeedback(42, "click", "c1", apply);  // another event: fresh
    ASSERT_OK(click);
    EXPECT_TRUE(*click);
    auto other = (*store)->MarkFeedback(43, "impression", "c1", apply);  // another decision
    ASSERT_OK(other);
    EXPECT_TRUE(*other);
    EXPECT_EQ(applied, 3);
  }
  // Both the mark and the counters it returned are durable.
  auto store = DecideStore::Open(dir / "s");
  ASSERT_OK(store);
  int applied = 0;
  auto repeat = (*store)->MarkFeedback(42, "impression", "c1", [&]() -> const CampaignCounters* {
    ++applied;
    return nullptr;
  });
  ASSERT_OK(repeat);
  EXPECT_FALSE(*repeat);
  EXPECT_EQ(applied, 0);
  CounterRegistry registry;
  ASSERT_OK((*store)->LoadCounters(registry));
  EXPECT_EQ(registry.Get("c1")->impressions.load(), 3);
}

TEST(DecideStore, ArmsRoundTripEveryCellAndTheSumAfterReopening) {
  TempDir dir;
  const std::string wide = BanditRegistry::Key("app", "banner", "a", {"young", "wealthy"});
  const std::string plain = BanditRegistry::Key("sms", "text", "b", {});
  {
    auto store = DecideStore::Open(dir / "s");
    ASSERT_OK(store);
    BanditRegistry registry;
    ArmSet* a = registry.Get(wide, 4);
    for (uint32_t c = 0; c < 4; ++c) a->Load(c, 1000 * (c + 1), 7 * c);
    a->Shown(2);  // counted after loading: flushed too
    a->Converted(2);
    registry.Get(plain, 1)->Load(0, 123456789012, 42);
    ASSERT_OK((*store)->FlushArms(registry));
  }
  auto store = DecideStore::Open(dir / "s");
  ASSERT_OK(store);
  BanditRegistry registry;
  ASSERT_OK((*store)->LoadArms(registry));
  ASSERT_EQ(registry.All().size(), 2u);
  ArmSet* a = registry.Get(wide, 4);
  const int64_t shown[] = {1000, 2000, 3001, 4000}, won[] = {0, 7, 15, 21};
  for (uint32_t c = 0; c < 4; ++c) {
    EXPECT_EQ(a->arms[c].shown.load(), shown[c]) << c;
    EXPECT_EQ(a->arms[c].conversions.load(), won[c]) << c;
  }
  EXPECT_EQ(a->all.shown.load(), 10001);
  EXPECT_EQ(a->all.conversions.load(), 43);
  ArmSet* b = registry.Get(plain, 1);
  EXPECT_EQ(b->arms[0].shown.load(), 123456789012);
  EXPECT_EQ(b->all.shown.load(), 123456789012);
  EXPECT_EQ(b->all.conversions.load(), 42);
  // A second flush replaces the first (no counts added twice on the next load).
  ASSERT_OK((*store)->FlushArms(registry));
  BanditRegistry again;
  ASSERT_OK((*store)->LoadArms(again));
  EXPECT_EQ(again.Get(wide, 4)->all.shown.load(), 10001);
}

}  // namespace
}  // namespace ripple::decide
