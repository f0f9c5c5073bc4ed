// Ingest throughput on one thread: generates a realistic calls.csv, data.csv and calls.jsonl
// (with subscribers.csv and cells.csv) in a temp folder, reads each file once to warm the page
// cache, then times a full SourceIngester pass (NextBatch, batches of 4096) and prints
// records/s, MB/s, ns/record and peak RSS.
//
// Usage: ingest_bench [--rows N] [--subscribers N] [--dir DIR] [--keep] [--only calls|data|jsonl]
// Defaults: 5,000,000 rows per feed over 100,000 subscribers, a fresh folder under $TMPDIR that
// is removed at the end unless --keep (an existing --dir with the files is reused as is).
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/rng.h"
#include "core/time.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/source_ingester.h"
#include "ingest/string_table.h"

namespace ripple::ingest {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Options {
  uint64_t rows = 5'000'000;
  uint64_t subscribers = 100'000;
  std::string dir;
  bool keep = false;
  std::string only;
};

constexpr uint64_t kCells = 20'000;
constexpr uint64_t kHosts = 5'000;
constexpr uint64_t kApps = 300;
constexpr uint64_t kSubscriberBase = 13500000000ULL;  // on-net: 1350xxxxxxx
constexpr uint64_t kOffNetBase = 13900000000ULL;      // off-net: 139xxxxxxxx

// Buffered writer of a generated file.
class Out {
 public:
  explicit Out(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (f_ == nullptr) {
      std::perror(path.c_str());
      std::exit(1);
    }
    buf_.reserve(kFlushAt + 4096);
  }
  ~Out() {
    Flush();
    std::fclose(f_);
  }
  std::string& buf() { return buf_; }
  void EndLine() {
    buf_.push_back('\n');
    if (buf_.size() >= kFlushAt) Flush();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  void Flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), f_);
    buf_.clear();
  }
  FILE* f_;
  std::string buf_;
};

void AppendUint(std::string& s, uint64_t v) {
  char tmp[24];
  int n = std::snprintf(tmp, sizeof tmp, "%llu", static_cast<unsigned long long>(v));
  s.append(tmp, static_cast<size_t>(n));
}

std::string CellName(uint64_t i) {
  char tmp[16];
  std::snprintf(tmp, sizeof tmp, "C%06llu", static_cast<unsigned long long>(i));
  return tmp;
}

void WriteReference(const Options& o, Rng& rng) {
  Out subs(o.dir + "/subscribers.csv");
  subs.buf() += "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date";
  subs.EndLine();
  const char* regions[] = {"Shenzhen", "Guangzhou", "Dongguan", "Foshan", "Zhuhai"};
  const char* plans[] = {"P18", "P38", "P58", "P128", "P198"};
  for (uint64_t i = 0; i < o.subscribers; ++i) {
    std::string& b = subs.buf();
    AppendUint(b, kSubscriberBase + i);
    b += rng.Chance(0.5) ? ",M," : ",F,";
    AppendUint(b, 1950 + rng.Below(56));
    b += ',';
    b += regions[rng.Below(5)];
    b += ',';
    b += plans[rng.Below(5)];
    b += ",58.00,20";
    AppendUint(b, 10 + rng.Below(16));
    b += "-0";
    AppendUint(b, 1 + rng.Below(9));
    b += "-1";
    AppendUint(b, rng.Below(9));
    subs.EndLine();
  }
  Out cells(o.dir + "/cells.csv");
  cells.buf() += "cell_id,lat,lon,area_id,area_type";
  cells.EndLine();
  const char* types[] = {"residential", "office", "airport", "railway", "campus", "mall"};
  for (uint64_t i = 0; i < kCells; ++i) {
    char tmp[96];
    std::snprintf(tmp, sizeof tmp, "%s,%.5f,%.5f,A%03llu,%s", CellName(i).c_str(),
                  22.4 + rng.Uniform() * 0.4, 113.8 + rng.Uniform() * 0.5,
                  static_cast<unsigned long long>(i / 50), types[rng.Below(6)]);
    cells.buf() += tmp;
    cells.EndLine();
  }
}

// Event times: mostly increasing (mean 17 ms apart: 5M rows span a day), 2 % of records up to
// ten minutes behind, well within the 30-minute bound.
class EventClock {
 public:
  explicit EventClock(int64_t start_ms) : t_(start_ms) {}
  int64_t Next(Rng& rng) {
    t_ += static_cast<int64_t>(rng.Below(35));
    return rng.Chance(0.02) ? t_ - static_cast<int64_t>(rng.Below(10 * kMillisPerMinute)) : t_;
  }

 private:
  int64_t t_;
};

void AppendParty(std::string& b, Rng& rng, const Options& o, bool on_net) {
  if (on_net) {
    AppendUint(b, kSubscriberBase + rng.Below(o.subscribers));
    return;
  }
  uint64_t kind = rng.Below(100);
  if (kind < 2) {
    b += "0755-8";
    AppendUint(b, 1000000 + rng.Below(9000000));
  } else if (kind < 3) {
    b += "10086";
  } else {
    AppendUint(b, kOffNetBase + rng.Below(100'000'000));
  }
}

void WriteCalls(const Options& o, int64_t start_ms, bool jsonl) {
  Rng rng(7);  // the same calls in both formats
  Out out(o.dir + (jsonl ? "/calls.jsonl" : "/calls.csv"));
  if (!jsonl) {
    out.buf() += "ts,caller,callee,duration_s,cell_id";
    out.EndLine();
  }
  EventClock clock(start_ms);
  for (uint64_t i = 0; i < o.rows; ++i) {
    std::string& b = out.buf();
    int64_t ts = clock.Next(rng);
    bool caller_on = rng.Chance(0.8);
    bool callee_on = !caller_on || rng.Chance(0.4);
    uint64_t duration = rng.Chance(0.3) ? 0 : static_cast<uint64_t>(rng.Exponential(90.0)) % 7200;
    bool has_cell = rng.Chance(0.95);
    uint64_t cell = rng.Below(kCells);
    if (jsonl) {
      b += "{\"ts\":";
      AppendUint(b, static_cast<uint64_t>(ts));
      b += ",\"caller\":\"";
      AppendParty(b, rng, o, caller_on);
      b += "\",\"callee\":\"";
      AppendParty(b, rng, o, callee_on);
      b += "\",\"duration_s\":";
      AppendUint(b, duration);
      b += ",\"cell_id\":";
      b += has_cell ? "\"" + CellName(cell) + "\"}" : "null}";
    } else {
      AppendUint(b, static_cast<uint64_t>(ts));
      b += ',';
      AppendParty(b, rng, o, caller_on);
      b += ',';
      AppendParty(b, rng, o, callee_on);
      b += ',';
      AppendUint(b, duration);
      b += ',';
      if (has_cell) b += CellName(cell);
    }
    out.EndLine();
  }
}

void WriteData(const Options& o, int64_t start_ms) {
  Rng rng(11);
  std::vector<std::string> hosts, apps;
  const char* tlds[] = {".com", ".cn", ".net", ".com.cn"};
  const char* prefixes[] = {"api", "img", "v", "cdn", "m", "www", "push", "log"};
  for (uint64_t i = 0; i < kHosts; ++i) {
    hosts.push_back(std::string(prefixes[i % 8]) + "." + "site" + std::to_string(i / 8) +
                    tlds[i % 4]);
  }
  for (uint64_t i = 0; i < kApps; ++i) apps.push_back("App" + std::to_string(i));
  Out out(o.dir + "/data.csv");
  out.buf() += "ts,msisdn,host,app,bytes_up,bytes_down,duration_s,cell_id";
  out.EndLine();
  EventClock clock(start_ms);
  for (uint64_t i = 0; i < o.rows; ++i) {
    std::string& b = out.buf();
    AppendUint(b, static_cast<uint64_t>(clock.Next(rng)));
    b += ',';
    AppendUint(b, kSubscriberBase + rng.Below(o.subscribers));
    b += ',';
    // A few popular hosts carry most sessions.
    b += hosts[rng.Chance(0.7) ? rng.Below(50) : rng.Below(kHosts)];
    b += ',';
    if (rng.Chance(0.7)) b += apps[rng.Below(kApps)];
    b += ',';
    AppendUint(b, rng.Below(200'000));
    b += ',';
    AppendUint(b, static_cast<uint64_t>(rng.LogNormal(50'000, 2.0)) % 1'000'000'000'000ULL);
    b += ',';
    AppendUint(b, rng.Below(3600));
    b += ',';
    if (rng.Chance(0.95)) b += CellName(rng.Below(kCells));
    out.EndLine();
  }
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Reads the file once so the timed pass measures parsing, not the disk.
void WarmPageCache(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) return;
  std::vector<char> buf(1 << 20);
  while (::read(fd, buf.data(), buf.size()) > 0) {
  }
  ::close(fd);
}

struct World {
  std::unique_ptr<ReferenceData> reference;
  StringTable strings;
  ValidationContext ctx{};
  std::unique_ptr<DeadLetters> dead_letters;
};

void TimePass(World& w, const Options& o, const std::string& file, Feed feed) {
  const std::string path = o.dir + "/" + file;
  WarmPageCache(path);
  const double mb = static_cast<double>(fs::file_size(path)) / 1e6;
  RunCounts counts;
  auto ingester = SourceIngester::Open(path, feed, file, SourceOptions{}, &w.ctx,
                                       w.dead_letters.get(), &counts);
  if (!ingester.ok()) {
    std::fprintf(stderr, "%s\n", ingester.status().ToString().c_str());
    std::exit(1);
  }
  std::vector<Record> batch;
  batch.reserve(4096);
  uint64_t checksum = 0;
  auto start = Clock::now();
  while ((*ingester)->NextBatch(&batch, 4096)) {
    for (const Record& r : batch) checksum += r.duration_s + r.from_sub;
  }
  const double secs = Seconds(start);
  if (!(*ingester)->status().ok()) {
    std::fprintf(stderr, "%s\n", (*ingester)->status().ToString().c_str());
    std::exit(1);
  }
  const InputCounts& c = counts.feeds[static_cast<int>(feed)];
  const uint64_t lines = c.accepted + c.late + c.rejected();
  std::printf(
      "%-12s %9.1f MB %10llu lines  %6.3f s  %6.2f M records/s  %7.1f MB/s  %6.1f ns/record  "
      "accepted %llu late %llu rejected %llu  peak RSS %.0f MB  (checksum %llu)\n",
      file.c_str(), mb, static_cast<unsigned long long>(lines), secs, lines / secs / 1e6, mb / secs,
      secs * 1e9 / static_cast<double>(lines), static_cast<unsigned long long>(c.accepted),
      static_cast<unsigned long long>(c.late), static_cast<unsigned long long>(c.rejected()),
      PeakRssMb(), static_cast<unsigned long long>(checksum % 1000));
  std::fflush(stdout);
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--rows") {
      o.rows = std::stoull(next());
    } else if (a == "--subscribers") {
      o.subscribers = std::stoull(next());
    } else if (a == "--dir") {
      o.dir = next();
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--only") {
      o.only = next();
    } else {
      std::fprintf(stderr,
                   "usage: ingest_bench [--rows N] [--subscribers N] [--dir DIR] [--keep] "
                   "[--only calls|data|jsonl]\n");
      return 2;
    }
  }
  const bool own_dir = o.dir.empty();
  if (own_dir)
    o.dir = (fs::temp_directory_path() / ("ripple-ingest-bench-" + std::to_string(::getpid())))
                .string();
  fs::create_directories(o.dir);

  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  const int64_t start_ms = now_ms - 3 * kMillisPerDay;
  auto want = [&](const char* name) { return o.only.empty() || o.only == name; };
  if (!fs::exists(o.dir + "/subscribers.csv")) {
    auto t = Clock::now();
    Rng rng(3);
    WriteReference(o, rng);
    if (want("calls")) WriteCalls(o, start_ms, false);
    if (want("data")) WriteData(o, start_ms);
    if (want("jsonl")) WriteCalls(o, start_ms, true);
    std::printf("generated %llu rows per feed over %llu subscribers in %s (%.1f s)\n",
                static_cast<unsigned long long>(o.rows),
                static_cast<unsigned long long>(o.subscribers), o.dir.c_str(), Seconds(t));
  }

  World w;
  auto t = Clock::now();
  InputCounts table_counts[kTableCount];
  auto ref = ReferenceData::Load(o.dir, {}, nullptr, table_counts);
  if (!ref.ok()) {
    std::fprintf(stderr, "%s\n", ref.status().ToString().c_str());
    return 1;
  }
  w.reference = std::move(ref).value();
  std::printf("reference tables: %zu subscribers, %zu cells loaded in %.3f s\n",
              w.reference->subscriber_count(), w.reference->cell_count(), Seconds(t));
  w.ctx.reference = w.reference.get();
  w.ctx.strings = &w.strings;
  w.ctx.options.max_ts_ms = now_ms + kMillisPerDay;
  std::vector<std::string> stems;
  for (Feed f : kAllFeeds) stems.emplace_back(FeedStem(f));
  auto dl = DeadLetters::Open(o.dir + "/deadletter", stems, {});
  if (!dl.ok()) {
    std::fprintf(stderr, "%s\n", dl.status().ToString().c_str());
    return 1;
  }
  w.dead_letters = std::move(dl).value();

  if (want("calls")) TimePass(w, o, "calls.csv", Feed::kCalls);
  if (want("data")) TimePass(w, o, "data.csv", Feed::kData);
  if (want("jsonl")) TimePass(w, o, "calls.jsonl", Feed::kCalls);
  std::printf("interned strings: %zu\n", w.strings.size());

  if (own_dir && !o.keep) fs::remove_all(o.dir);
  return 0;
}

}  // namespace
}  // namespace ripple::ingest

int main(int argc, char** argv) { return ripple::ingest::Main(argc, argv); }
