// Reference tables: loading, dense ids, row rejects to the dead letters, missing tables.
#include "ingest/reference.h"

#include "ingest/ingest_fixture.h"

namespace ripple::ingest::testing {
namespace {

struct Loaded {
  Result<std::unique_ptr<ReferenceData>> ref = Status::Internal("not loaded");
  InputCounts counts[kTableCount];
  std::vector<DeadLetterRow> Rows(const TempDir& dir, const std::string& stem) const {
    return ReadDeadLetterFile(dir / ("deadletter/" + stem + ".csv"));
  }
};

std::unique_ptr<Loaded> Load(const TempDir& dir) {
  auto out = std::make_unique<Loaded>();
  auto dl = DeadLetters::Open(dir / "deadletter",
                              {"subscribers", "cells", "hosts", "tac", "products"}, {});
  EXPECT_TRUE(dl.ok()) << dl.status().ToString();
  if (!dl.ok()) return out;
  out->ref = ReferenceData::Load(dir / "data", {}, dl->get(), out->counts);
  EXPECT_TRUE((*dl)->Flush(false).ok());
  return out;
}

const InputCounts& Of(const Loaded& l, Table t) { return l.counts[static_cast<int>(t)]; }
uint64_t Count(const InputCounts& c, Reason r) { return c.by_reason[static_cast<int>(r)]; }

TEST(ReferenceData, LoadsEveryTableWithDenseIds) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  auto l = Load(dir);
  ASSERT_OK(l->ref);
  const ReferenceData& ref = **l->ref;
  ASSERT_EQ(ref.subscriber_count(), 5u);
  EXPECT_EQ(ref.FindSubscriber(ParsePhoneNumber(kSub1)), 0u);
  EXPECT_EQ(ref.FindSubscriber(ParsePhoneNumber(kSub3)), 2u) << "+86 form in subscribers.csv";
  EXPECT_EQ(ref.FindSubscriber(ParsePhoneNumber(kOffNet)), kNoSubscriber);
  const SubscriberInfo& s = ref.subscriber(0);
  EXPECT_EQ(s.gender, 'M');
  EXPECT_EQ(s.birth_year, 1985);
  EXPECT_EQ(s.monthly_fee_cents, 5800);
  EXPECT_EQ(ref.texts().Text(s.region), "Shenzhen");
  EXPECT_EQ(ref.texts().Text(s.plan_id), "P58");
  EXPECT_EQ(s.join_day, DaysFromCivil(2020, 3, 15));
  EXPECT_EQ(ref.subscriber(4).join_day, DaysFromCivil(2024, 2, 29));

  ASSERT_EQ(ref.cell_count(), 4u);
  CellId c3 = ref.FindCell("C003");
  ASSERT_EQ(c3, 2u);
  EXPECT_EQ(ref.CellName(c3), "C003");
  EXPECT_DOUBLE_EQ(ref.cell(c3).lat, 22.6390);
  EXPECT_EQ(ref.texts().Text(ref.cell(c3).area_type), "airport");
  EXPECT_EQ(ref.FindCell("C999"), kNoCell);

  EXPECT_EQ(ref.FindProduct("P2"), 1u);
  EXPECT_EQ(ref.product(1).price_cents, 1000);
  EXPECT_EQ(ref.product(1).name, "Music Pack");
  ASSERT_NE(ref.FindHandset(35209900), nullptr);
  EXPECT_EQ(ref.FindHandset(35209900)->model, "Mate 60");
  EXPECT_EQ(ref.FindHandset(12345678), nullptr);
  ASSERT_EQ(ref.host_rules().size(), 3u);
  EXPECT_EQ(ref.host_rules()[2].match, "regex");
  EXPECT_EQ(Of(*l, Table::kSubscribers).accepted, 5u);
  EXPECT_EQ(Of(*l, Table::kCells).accepted, 4u);
}

TEST(ReferenceData, RejectsBadSubscriberRowsToTheDeadLetters) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  const std::vector<std::string> rows = {
      "13800138001,M,1985,Shenzhen,P58,58,2020-03-15",        // 2 good
      "1380013800x,F,1990,Shenzhen,P58,58,2020-03-15",        // 3 bad msisdn
      "+86 138 0013 8001,F,1990,Shenzhen,P58,58,2020-03-15",  // 4 duplicate of line 2
      "13800138002,X,1990,Shenzhen,P58,58,2020-03-15",        // 5 bad gender
      "13800138003,F,1990,Shenzhen,P58,58,2020-13-01",        // 6 bad join date
      "13800138004,F,1990,Shenzhen,P58,58,2020-03-15T00:00",  // 7 bad join date
      "13800138005,F,85,Shenzhen,P58,58,2020-03-15",          // 8 bad birth year
      "13800138006,F,1990,Shenzhen,P58,-1,2020-03-15",        // 9 bad fee
      "13800138007,F,1990,,P58,58,2020-03-15",                // 10 missing region
      "13800138008,F,1990,Shenzhen,P58,58",                   // 11 wrong field count
      "13800138009,U,2001,Foshan,P18,18.5,2023-01-31",        // 12 good
  };
  WriteFile(dir / "data/subscribers.csv",
            CsvText("msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date", rows));
  auto l = Load(dir);
  ASSERT_OK(l->ref);
  const ReferenceData& ref = **l->ref;
  ASSERT_EQ(ref.subscriber_count(), 2u);
  EXPECT_EQ(ref.FindSubscriber(ParsePhoneNumber("13800138009")), 1u) << "ids stay dense";
  EXPECT_EQ(ref.FindSubscriber(ParsePhoneNumber("13800138002")), kNoSubscriber);

  const std::vector<std::pair<uint64_t, std::string>> expected = {
      {3, "bad_number"},    {4, "duplicate"},      {5, "bad_value"},
      {6, "bad_timestamp"}, {7, "bad_timestamp"},  {8, "bad_integer"},
      {9, "bad_amount"},    {10, "missing_field"}, {11, "wrong_field_count"}};
  std::vector<DeadLetterRow> dl = l->Rows(dir, "subscribers");
  ASSERT_EQ(dl.size(), expected.size());
  for (size_t i = 0; i < dl.size(); ++i) {
    EXPECT_EQ(dl[i].line, expected[i].first);
    EXPECT_EQ(dl[i].reason, expected[i].second) << "line " << dl[i].line;
    EXPECT_EQ(dl[i].raw, rows[expected[i].first - 2]);
    EXPECT_EQ(dl[i].source, "subscribers.csv");
  }
  const InputCounts& c = Of(*l, Table::kSubscribers);
  EXPECT_EQ(c.accepted, 2u);
  EXPECT_EQ(c.rejected(), 9u);
  EXPECT_EQ(Count(c, Reason::kBadTimestamp), 2u);
}

TEST(ReferenceData, RejectsBadCellRowsToTheDeadLetters) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  WriteFile(dir / "data/cells.csv", CsvText("cell_id,lat,lon,area_id,area_type",
                                            {"C001,22.5,114.0,A01,office",   // 2 good
                                             "C002,22.5,114.0,A01,moon",     // 3
                                             "C003,91,114.0,A01,office",     // 4
                                             "C004,22.5,-181,A01,office",    // 5
                                             "C005,north,114.0,A01,office",  // 6
                                             "C001,22.6,114.1,A02,mall",     // 7 duplicate
                                             "C 006,22.5,114.0,A01,office",  // 8 bad id
                                             "C007,-90,180,A09,other"}));    // 9 good
  auto l = Load(dir);
  ASSERT_OK(l->ref);
  EXPECT_EQ((*l->ref)->cell_count(), 2u);
  EXPECT_EQ((*l->ref)->FindCell("C007"), 1u);
  EXPECT_DOUBLE_EQ((*l->ref)->cell(0).lat, 22.5) << "the first of a repeated cell wins";
  std::vector<DeadLetterRow> dl = l->Rows(dir, "cells");
  ASSERT_EQ(dl.size(), 6u);
  const char* reasons[] = {"bad_value", "bad_value", "bad_value",
                           "bad_value", "duplicate", "bad_value"};
  for (size_t i = 0; i < dl.size(); ++i) {
    EXPECT_EQ(dl[i].line, i + 3);
    EXPECT_EQ(dl[i].reason, reasons[i]) << dl[i].raw;
  }
  EXPECT_EQ(Of(*l, Table::kCells).rejected(), 6u);
}

TEST(ReferenceData, MissingSubscribersTableIsAnErrorNamingIt) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  std::filesystem::remove(dir / "data/subscribers.csv");
  auto l = Load(dir);
  ASSERT_FALSE(l->ref.ok());
  EXPECT_EQ(l->ref.status().code(), StatusCode::kNotFound);
  EXPECT_NE(l->ref.status().message().find("subscribers.csv"), std::string::npos)
      << l->ref.status().message();
}

TEST(ReferenceData, MissingCellsTableIsAnErrorNamingIt) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  std::filesystem::remove(dir / "data/cells.csv");
  auto l = Load(dir);
  ASSERT_FALSE(l->ref.ok());
  EXPECT_NE(l->ref.status().message().find("cells"), std::string::npos)
      << l->ref.status().message();
}

TEST(ReferenceData, MissingDataFolderIsAnErrorNamingIt) {
  TempDir dir;
  InputCounts counts[kTableCount];
  auto ref = ReferenceData::Load(dir / "absent", {}, nullptr, counts);
  ASSERT_FALSE(ref.ok());
  EXPECT_NE(ref.status().message().find(dir / "absent"), std::string::npos);
}

TEST(ReferenceData, LoadsWithoutTheOptionalTables) {
  TempDir dir;
  WriteReferenceTables(dir / "data", /*with_optional=*/false);
  auto l = Load(dir);
  ASSERT_OK(l->ref);
  EXPECT_EQ((*l->ref)->FindHandset(49015420), nullptr);
  EXPECT_EQ((*l->ref)->FindProduct("P1"), kNoString);
  EXPECT_TRUE((*l->ref)->host_rules().empty());
}

TEST(ReferenceData, ReadsGzippedTables) {
  TempDir dir;
  WriteReferenceTables(dir / "data");
  std::filesystem::remove(dir / "data/subscribers.csv");
  WriteGzip(dir / "data/subscribers.csv.gz", kSubscribersCsv);
  EXPECT_EQ(FindInputFile(dir / "data", "subscribers", false), dir / "data/subscribers.csv.gz");
  auto l = Load(dir);
  ASSERT_OK(l->ref);
  EXPECT_EQ((*l->ref)->subscriber_count(), 5u);
}

TEST(ReferenceData, FindsFeedFilesByStem) {
  TempDir dir;
  WriteFile(dir / "calls.jsonl", "");
  EXPECT_EQ(FindInputFile(dir.path().string(), "calls", true), dir / "calls.jsonl");
  EXPECT_EQ(FindInputFile(dir.path().string(), "calls", false), "");
  WriteFile(dir / "calls.csv", "");
  EXPECT_EQ(FindInputFile(dir.path().string(), "calls", true), dir / "calls.csv");
  EXPECT_EQ(FindInputFile(dir.path().string(), "sms", true), "");
}

// identity.home_country_code is configurable: a number written the same way in subscribers.csv
// and in a feed must be the same subscriber whatever the home country.
TEST(ReferenceData, MatchesFeedNumbersUnderAConfiguredHomeCountryCode) {
  IngestHarness h;
  h.ctx().options.phone.home_country_code = "852";
  h.ReloadReference();
  // subscribers.csv holds "+8613800138003"; the feed writes it the very same way.
  std::string path = h.WriteData("locations.csv",
                                 CsvText("ts,msisdn,cell_id", {Ms(kT0) + ",+8613800138003,C001"}));
  std::vector<Record> records = h.RunAll(path, Feed::kLocations);
  for (const DeadLetterRow& row : h.DeadLetterRows("locations")) {
    ADD_FAILURE() << "rejected as " << row.reason << ": " << row.raw;
  }
  EXPECT_EQ(records.size(), 1u);
}

}  // namespace
}  // namespace ripple::ingest::testing
