// Shared fixtures of the ingest tests: small reference tables written into a TempDir, a
// validation context with a fixed clock, a runner that pushes one file through SourceIngester,
// and a reader for the dead-letter CSVs it leaves behind.
//
// Reference rows (see WriteReferenceTables): on-net subscribers kSub1..kSub5 (kSub3 is written
// as "+86…" in subscribers.csv), cells C001..C004, products P1..P3, three hosts, three TACs.
// kOffNet and kLandline are valid numbers that are not subscribers.
#pragma once

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/source_ingester.h"
#include "ingest/string_table.h"
#include "support/test_support.h"

namespace ripple::ingest::testing {

using ::ripple::testing::ReadLines;
using ::ripple::testing::TempDir;
using ::ripple::testing::WriteFile;

// 2026-11-01T08:00:00+08:00, the instant most test records sit around.
constexpr int64_t kT0 = 1793491200000;
// The fixed "wall clock + 1 day" of the tests: timestamps above it are out of range.
constexpr int64_t kMaxTs = kT0 + 2 * kMillisPerDay;
constexpr int64_t kMinute = kMillisPerMinute;

inline constexpr const char* kSub1 = "13800138001";
inline constexpr const char* kSub2 = "13800138002";
inline constexpr const char* kSub3 = "13800138003";  // "+8613800138003" in subscribers.csv
inline constexpr const char* kSub4 = "13800138004";
inline constexpr const char* kSub5 = "13800138005";
inline constexpr const char* kOffNet = "13999999999";
inline constexpr const char* kLandline = "0755-12345678";
// Valid 15-digit IMEIs (Luhn) whose TACs are in tac.csv, and one that is not.
inline constexpr const char* kImeiApple = "490154203237518";
inline constexpr const char* kImeiHuawei = "352099001761481";
inline constexpr const char* kImeiUnknownTac = "356938035643809";

// The header line of each feed's CSV file, as the tests write it.
inline constexpr std::string_view kCallsHeader = "ts,caller,callee,duration_s,cell_id";
inline constexpr std::string_view kSmsHeader = "ts,sender,receiver,cell_id";
inline constexpr std::string_view kDataHeader =
    "ts,msisdn,host,app,bytes_up,bytes_down,duration_s,cell_id";
inline constexpr std::string_view kLocationsHeader = "ts,msisdn,cell_id";
inline constexpr std::string_view kOrdersHeader = "ts,msisdn,product_id,action,channel";
inline constexpr std::string_view kDevicesHeader = "ts,msisdn,imei";
inline constexpr std::string_view kRechargesHeader = "ts,msisdn,amount";
inline constexpr std::string_view kVisitsHeader = "ts,msisdn,channel,page";

inline std::string Ms(int64_t ts_ms) { return std::to_string(ts_ms); }
inline std::string Iso(int64_t ts_ms, int offset_minutes = 480) {
  return FormatIso8601(ts_ms, offset_minutes);
}

inline constexpr const char* kSubscribersCsv =
    "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date\n"
    "13800138001,M,1985,Shenzhen,P58,58.00,2020-03-15\n"
    "13800138002,F,1992,Shenzhen,P128,128,2021-07-01\n"
    "+8613800138003,U,2000,Guangzhou,P38,38.5,2019-01-20\n"
    "13800138004,F,1978,Dongguan,P58,58,2022-11-30\n"
    "13800138005,M,1999,Shenzhen,P18,18,2024-02-29\n";
inline constexpr const char* kCellsCsv =
    "cell_id,lat,lon,area_id,area_type\n"
    "C001,22.5431,114.0579,A01,office\n"
    "C002,22.5333,113.9304,A02,residential\n"
    "C003,22.6390,113.8145,A03,airport\n"
    "C004,22.6093,114.0295,A04,railway\n";
inline constexpr const char* kHostsCsv =
    "pattern,match,category\n"
    "qq.com,suffix,social\n"
    "weixin.qq.com,exact,social\n"
    "video\\..*\\.com,regex,video\n";
inline constexpr const char* kTacCsv =
    "tac,brand,model,release_year,price_tier\n"
    "49015420,Apple,iPhone 15,2023,flagship\n"
    "35209900,Huawei,Mate 60,2023,high\n"
    "86891203,Xiaomi,Redmi 12,2023,low\n";
inline constexpr const char* kProductsCsv =
    "product_id,name,category,price\n"
    "P1,Video VIP,video,15\n"
    "P2,Music Pack,music,10.00\n"
    "P3,Data 10GB,data,30\n";

// Writes the five reference tables into `dir`; the optional ones (hosts, tac, products) only
// when `with_optional`.
inline void WriteReferenceTables(const std::string& dir, bool with_optional = true) {
  WriteFile(dir + "/subscribers.csv", kSubscribersCsv);
  WriteFile(dir + "/cells.csv", kCellsCsv);
  if (!with_optional) return;
  WriteFile(dir + "/hosts.csv", kHostsCsv);
  WriteFile(dir + "/tac.csv", kTacCsv);
  WriteFile(dir + "/products.csv", kProductsCsv);
}

// One RFC 4180 record (no embedded newlines) split into unquoted fields.
inline std::vector<std::string> ParseCsvRecord(std::string_view line) {
  return ::ripple::testing::SplitCsv(std::string(line));
}

struct DeadLetterRow {
  std::string source;
  uint64_t line = 0;
  std::string reason;
  std::string raw;
};

// Rows of one dead-letter CSV; an absent file has none. A bad header or row is a test failure.
inline std::vector<DeadLetterRow> ReadDeadLetterFile(const std::string& path) {
  std::vector<DeadLetterRow> rows;
  std::vector<std::string> lines = ReadLines(path);
  if (lines.empty()) return rows;
  EXPECT_EQ(lines[0], "source,line,reason,raw") << path;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> f = ParseCsvRecord(lines[i]);
    if (f.size() != 4) {
      ADD_FAILURE() << path << ": dead-letter row " << i + 1 << " has " << f.size()
                    << " fields: " << lines[i];
      continue;
    }
    rows.push_back({f[0], std::stoull(f[1]), f[2], f[3]});
  }
  return rows;
}

// The lines of a feed file: the header, then `rows`, each ended by '\n'.
inline std::string CsvText(std::string_view header, const std::vector<std::string>& rows) {
  std::string text(header);
  text += '\n';
  for (const std::string& r : rows) text += r + '\n';
  return text;
}

// Writes `text` gzip-compressed (the way operators ship .csv.gz files).
inline void WriteGzip(const std::string& path, const std::string& text) {
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr) << path;
  for (size_t pos = 0; pos < text.size(); pos += 1 << 20) {
    unsigned n = static_cast<unsigned>(std::min<size_t>(1 << 20, text.size() - pos));
    ASSERT_EQ(gzwrite(gz, text.data() + pos, n), static_cast<int>(n));
  }
  ASSERT_EQ(gzclose(gz), Z_OK);
}

// One call as its five field texts, to render as a CSV row or a JSON line.
struct CallRow {
  std::string ts, caller, callee, duration, cell;
  std::string Csv() const { return ts + "," + caller + "," + callee + "," + duration + "," + cell; }
  std::string Json() const {
    auto num_or_str = [](const std::string& v) {
      bool digits = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
      return digits ? v : "\"" + v + "\"";
    };
    return "{\"ts\":" + num_or_str(ts) + ",\"caller\":\"" + caller + "\",\"callee\":\"" + callee +
           "\",\"duration_s\":" + num_or_str(duration) +
           ",\"cell_id\":" + (cell.empty() ? std::string("null") : "\"" + cell + "\"") + "}";
  }
};

// `n` calls a second apart, mostly good, with every kind of outcome mixed in at fixed strides:
// ISO timestamps, off-net parties, bad numbers, bad durations, unknown cells, exact duplicates,
// records out of order within the bound and records so late they fall behind the watermark.
inline std::vector<CallRow> SampleCalls(int n) {
  const char* subs[] = {kSub1, kSub2, kSub3, kSub4, kSub5};
  const char* cells[] = {"C001", "C002", "C003", "C004", ""};
  std::vector<CallRow> rows;
  for (int i = 0; i < n; ++i) {
    int64_t ts = kT0 + int64_t{i} * 1000;
    CallRow r{Ms(ts), subs[i % 5], i % 3 == 0 ? kOffNet : subs[(i + 1) % 5],
              std::to_string(i % 700), cells[i % 5]};
    if (i % 13 == 0) r.ts = Iso(ts);
    if (i % 17 == 0) r.caller = "not-a-number";
    if (i % 19 == 0) r.duration = "-1";
    if (i % 23 == 0) r.cell = "C999";
    if (i % 31 == 0) r.ts = Ms(ts - 10 * kMinute);      // out of order, within the bound
    if (i % 37 == 0) r.ts = Ms(ts - 2 * 3600 * 1000);   // late once the watermark has moved
    if (i % 29 == 0 && !rows.empty()) r = rows.back();  // exact duplicate
    rows.push_back(r);
  }
  return rows;
}

// Everything one test needs to ingest files: reference tables loaded from data_dir(), a
// validation context with the fixed clock, dead letters under dl_dir() for every feed and the
// "stream" stem, and the run's counts.
class IngestHarness {
 public:
  explicit IngestHarness(SourceOptions options = {}, bool with_optional_tables = true)
      : options_(options) {
    WriteReferenceTables(data_dir(), with_optional_tables);
    ReloadReference();
    ctx_.strings = &strings_;
    ctx_.options.max_ts_ms = kMaxTs;
    auto dl = DeadLetters::Open(dl_dir(), DeadLetterStems(), {});
    EXPECT_TRUE(dl.ok()) << dl.status().ToString();
    if (dl.ok()) dead_letters_ = std::move(dl).value();
  }

  // (Re)reads the reference tables from data_dir(), as a restarted process would.
  void ReloadReference() {
    InputCounts table_counts[kTableCount];
    ReferenceData::LoadOptions options;
    options.phone = ctx_.options.phone;
    auto ref = ReferenceData::Load(data_dir(), options, nullptr, table_counts);
    EXPECT_TRUE(ref.ok()) << ref.status().ToString();
    if (ref.ok()) reference_ = std::move(ref).value();
    ctx_.reference = reference_.get();
  }

  static std::vector<std::string> DeadLetterStems() {
    std::vector<std::string> stems;
    for (Feed f : kAllFeeds) stems.emplace_back(FeedStem(f));
    stems.emplace_back("stream");
    return stems;
  }

  std::string data_dir() const { return dir_ / "data"; }
  std::string dl_dir() const { return dir_ / "deadletter"; }
  std::string Path(const std::string& name) const { return data_dir() + "/" + name; }
  std::string WriteData(const std::string& name, const std::string& text) const {
    WriteFile(Path(name), text);
    return Path(name);
  }

  Result<std::unique_ptr<SourceIngester>> Open(const std::string& path, std::optional<Feed> feed,
                                               RunCounts* counts = nullptr) {
    std::string name = path.substr(path.find_last_of('/') + 1);
    return SourceIngester::Open(path, feed, name, options_, &ctx_, dead_letters_.get(),
                                counts != nullptr ? counts : &counts_);
  }

  // Reads `ingester` to the end in batches of `batch_size`; appends to `out`.
  static void Drain(SourceIngester& ingester, std::vector<Record>* out, size_t batch_size = 7) {
    std::vector<Record> batch;
    while (ingester.NextBatch(&batch, batch_size)) {
      EXPECT_LE(batch.size(), batch_size);
      out->insert(out->end(), batch.begin(), batch.end());
    }
    EXPECT_TRUE(ingester.status().ok()) << ingester.status().ToString();
  }

  // Opens `path` and reads it to the end. A failed open is a test failure (and no records).
  std::vector<Record> RunAll(const std::string& path, std::optional<Feed> feed,
                             size_t batch_size = 7) {
    std::vector<Record> records;
    auto ingester = Open(path, feed);
    EXPECT_TRUE(ingester.ok()) << ingester.status().ToString();
    if (ingester.ok()) Drain(**ingester, &records, batch_size);
    return records;
  }

  std::vector<DeadLetterRow> DeadLetterRows(std::string_view stem) {
    EXPECT_TRUE(dead_letters_->Flush(false).ok());
    return ReadDeadLetterFile(dl_dir() + "/" + std::string(stem) + ".csv");
  }

  std::vector<uint64_t> Fingerprints(const std::vector<Record>& records) const {
    std::vector<uint64_t> out;
    for (const Record& r : records) out.push_back(Fingerprint(r, ctx_));
    return out;
  }

  const RunCounts& counts() const { return counts_; }
  const InputCounts& counts(Feed f) const { return counts_.feeds[static_cast<int>(f)]; }
  const ReferenceData& reference() const { return *reference_; }
  ValidationContext& ctx() { return ctx_; }
  StringTable& strings() { return strings_; }
  DeadLetters& dead_letters() { return *dead_letters_; }
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  SourceOptions options_;
  std::unique_ptr<ReferenceData> reference_;
  StringTable strings_;
  ValidationContext ctx_{};
  std::unique_ptr<DeadLetters> dead_letters_;
  RunCounts counts_;
};

inline uint64_t Total(const InputCounts& c) { return c.accepted + c.rejected() + c.late; }

inline void ExpectSameCounts(const InputCounts& a, const InputCounts& b) {
  EXPECT_EQ(a.accepted, b.accepted);
  EXPECT_EQ(a.late, b.late);
  for (int r = 0; r < kReasonCount; ++r) {
    EXPECT_EQ(a.by_reason[r], b.by_reason[r]) << ReasonName(static_cast<Reason>(r));
  }
}

// One line of a feed file and what the contract says becomes of it (kAccepted for a good one).
struct FeedCase {
  std::string line;
  Reason reason;
};

// Writes `cases` as `<stem>.csv` under `header`, ingests it, and checks that every line ends
// where the contract says: accepted lines in the batch (returned, in file order), each bad line
// in the feed's dead letters with its line number, reason and raw text, the counts by reason,
// and that nothing is lost.
inline std::vector<Record> ExpectFeedOutcomes(IngestHarness& h, Feed feed, std::string_view header,
                                              const std::vector<FeedCase>& cases) {
  std::vector<std::string> rows;
  for (const FeedCase& c : cases) rows.push_back(c.line);
  const std::string file = std::string(FeedStem(feed)) + ".csv";
  std::vector<Record> records = h.RunAll(h.WriteData(file, CsvText(header, rows)), feed);

  std::map<uint64_t, DeadLetterRow> letters;
  for (DeadLetterRow& row : h.DeadLetterRows(FeedStem(feed))) {
    EXPECT_TRUE(letters.emplace(row.line, row).second) << "line " << row.line << " twice";
  }
  std::array<uint64_t, kReasonCount> expected{};
  size_t bad = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    const FeedCase& c = cases[i];
    const uint64_t line = i + 2;  // line 1 is the header
    SCOPED_TRACE("line " + std::to_string(line) + ": " + c.line);
    ++expected[static_cast<int>(c.reason)];
    auto it = letters.find(line);
    if (c.reason == Reason::kAccepted) {
      EXPECT_TRUE(it == letters.end())
          << "rejected as " << it->second.reason << ", expected accepted";
      continue;
    }
    ++bad;
    if (it == letters.end()) {
      ADD_FAILURE() << "accepted, expected " << ReasonName(c.reason);
      continue;
    }
    EXPECT_EQ(it->second.reason, ReasonName(c.reason));
    EXPECT_EQ(it->second.raw, c.line);
    EXPECT_EQ(it->second.source, file);
  }
  EXPECT_EQ(letters.size(), bad);
  const InputCounts& got = h.counts(feed);
  EXPECT_EQ(records.size(), expected[0]);
  EXPECT_EQ(got.accepted, expected[0]);
  EXPECT_EQ(got.late, 0u);
  for (int r = 1; r < kReasonCount - 1; ++r) {
    EXPECT_EQ(got.by_reason[r], expected[r]) << ReasonName(static_cast<Reason>(r));
  }
  EXPECT_EQ(Total(got), cases.size()) << "a line was lost or counted twice";
  for (Feed other : kAllFeeds) {
    if (other != feed) {
      EXPECT_EQ(Total(h.counts(other)), 0u) << FeedStem(other);
    }
  }
  EXPECT_EQ(Total(h.counts().stream), 0u);
  for (const Record& r : records) EXPECT_EQ(r.feed, feed);
  return records;
}

}  // namespace ripple::ingest::testing
