// Segment evaluation speed: builds a synthetic TagTable (default 10,000,000 rows, 11 columns:
// numbers with some unknowns, flags, two text columns, a set of 1-3 of 15 interests per row),
// then times Segment::Parse + Evaluate for expressions from one term to six, printing ms per
// evaluation (best and median of --reps), segments/s, member counts, and peak RSS. Also times
// Explain for one subscriber.
//
// With --compare it also times two other ways of building the same bitmaps with CRoaring's
// public API, for the record in docs/segments.md: per-chunk bitsets handed over with addMany
// of the member ids, and term-by-term whole-table bitmaps combined with &=, |= and -=.
//
// With --cold every evaluation starts with the columns out of the CPU caches (256 MB of other
// data read first, not timed): the figure for a segment nobody asked for a moment ago. Without
// it, repeated evaluations find a single column (40 MB) partly in the L3 cache.
//
// Usage: segment_bench [--rows N] [--reps N] [--compare] [--cold]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "core/rng.h"
#include "profile/segment.h"
#include "profile/tag_table.h"

namespace ripple::profile {
namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  size_t rows = 10'000'000;
  int reps = 15;
  bool compare = false;
  bool cold = false;
};

bool g_cold = false;

// Reads 256 MB so that the table's columns leave the caches.
uint64_t EvictCaches() {
  static std::vector<uint64_t> junk(32u << 20, 1);
  uint64_t sum = 0;
  for (uint64_t v : junk) sum += v;
  return sum;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

TagTable BuildTable(size_t rows) {
  std::vector<uint64_t> pseudonyms(rows);
  for (size_t i = 0; i < rows; ++i) pseudonyms[i] = i + 1;
  TagTable t(std::move(pseudonyms), {}, 20000);
  t.AddColumn("age", Dimension::kBasic, TagType::kNumber);
  t.AddColumn("arpu", Dimension::kConsumption, TagType::kNumber);
  t.AddColumn("data_gb_30d", Dimension::kUsage, TagType::kNumber);
  t.AddColumn("tenure_months", Dimension::kPlan, TagType::kNumber);
  t.AddColumn("is_5g", Dimension::kTerminal, TagType::kFlag);
  t.AddColumn("is_roaming", Dimension::kLocation, TagType::kFlag);
  t.AddColumn("family_plan", Dimension::kPlan, TagType::kFlag);
  t.AddColumn("region", Dimension::kLocation, TagType::kText);
  t.AddColumn("plan", Dimension::kPlan, TagType::kText);
  t.AddColumn("brand", Dimension::kTerminal, TagType::kText);
  t.AddColumn("interest", Dimension::kInterest, TagType::kSet);
  std::vector<TagColumn>& c = t.mutable_columns();
  const char* regions[] = {"north", "south", "east",  "west",   "centre",
                           "coast", "hills", "lakes", "plains", "islands"};
  const char* plans[] = {"P18", "P38", "P58", "P88", "P128", "P198"};
  const char* interests[] = {"games",  "music", "video",   "sports",  "news",
                             "travel", "food",  "cars",    "finance", "health",
                             "kids",   "books", "fashion", "tech",    "pets"};
  for (const char* r : regions) c[7].InternCode(r);
  for (const char* p : plans) c[8].InternCode(p);
  for (int b = 0; b < 12; ++b) c[9].InternCode("brand" + std::to_string(b));
  for (const char* i : interests) c[10].InternCode(i);

  Rng rng(7);
  const float nan = std::nanf("");
  TagColumn& interest = c[10];
  interest.set_offsets.assign(1, 0);
  interest.set_codes.reserve(rows * 2);
  interest.set_scores.reserve(rows * 2);
  for (size_t r = 0; r < rows; ++r) {
    c[0].numbers[r] = rng.Chance(0.05) ? nan : static_cast<float>(rng.Between(18, 80));
    c[1].numbers[r] = rng.Chance(0.03) ? nan : static_cast<float>(rng.LogNormal(40, 0.6));
    c[2].numbers[r] = rng.Chance(0.2) ? nan : static_cast<float>(rng.Exponential(8));
    c[3].numbers[r] = static_cast<float>(rng.Below(240));
    c[4].numbers[r] = rng.Chance(0.35) ? 1.0f : nan;
    c[5].numbers[r] = rng.Chance(0.05) ? 1.0f : nan;
    c[6].numbers[r] = rng.Chance(0.2) ? 1.0f : nan;
    c[7].codes[r] = rng.Chance(0.02) ? kNoCode : static_cast<uint32_t>(rng.Below(10));
    c[8].codes[r] = static_cast<uint32_t>(rng.Below(6));
    c[9].codes[r] = rng.Chance(0.1) ? kNoCode : static_cast<uint32_t>(rng.Below(12));
    const int n = 1 + static_cast<int>(rng.Below(3));
    uint32_t first = static_cast<uint32_t>(rng.Below(15));
    for (int k = 0; k < n; ++k) {
      interest.set_codes.push_back((first + static_cast<uint32_t>(k) * 4) % 15);
      interest.set_scores.push_back(static_cast<float>(rng.Uniform()));
    }
    interest.set_offsets.push_back(static_cast<uint32_t>(interest.set_codes.size()));
  }
  return t;
}

struct Timing {
  double best_ms = 0, median_ms = 0;
  uint64_t count = 0;
};

template <typename F>
Timing Time(int reps, F&& run) {
  std::vector<double> ms;
  Timing t;
  for (int i = 0; i < reps; ++i) {
    if (g_cold && EvictCaches() == 0) std::abort();
    auto start = Clock::now();
    t.count = run();
    ms.push_back(Ms(start));
  }
  std::sort(ms.begin(), ms.end());
  t.best_ms = ms.front();
  t.median_ms = ms[ms.size() / 2];
  return t;
}

void Print(const char* label, const std::string& expr, const Timing& t, size_t rows) {
  std::printf("%-10s %8.2f ms best %8.2f ms median %8.1f segments/s  %9llu members (%5.1f%%)  %s\n",
              label, t.best_ms, t.median_ms, 1000.0 / t.median_ms,
              static_cast<unsigned long long>(t.count),
              100.0 * static_cast<double>(t.count) / static_cast<double>(rows), expr.c_str());
  std::fflush(stdout);
}

// --compare: `age > 30` and a 5-term mix built the other two ways (public CRoaring API only).
void Compare(const TagTable& table, int reps) {
  const float* age = table.columns()[0].numbers.data();
  const float* data = table.columns()[2].numbers.data();
  const float* roaming = table.columns()[5].numbers.data();
  const TagColumn& interest = table.columns()[10];
  const uint32_t rows = static_cast<uint32_t>(table.rows());
  auto scan = [&](auto&& pred) {
    // Member ids collected per 65,536 rows and handed over with addMany.
    Roaring r;
    std::vector<uint32_t> ids;
    ids.reserve(65536);
    for (uint32_t base = 0; base < rows; base += 65536) {
      ids.clear();
      const uint32_t end = std::min<uint32_t>(rows, base + 65536);
      for (uint32_t i = base; i < end; ++i) {
        if (pred(i)) ids.push_back(i);
      }
      r.addMany(ids.size(), ids.data());
    }
    return r;
  };
  auto has_games = [&](uint32_t i) {
    for (uint32_t k = interest.set_offsets[i]; k < interest.set_offsets[i + 1]; ++k) {
      if (interest.set_codes[k] == 0) return true;
    }
    return false;
  };
  Print("addMany", "age > 30",
        Time(reps, [&] { return scan([&](uint32_t i) { return age[i] > 30; }).cardinality(); }),
        rows);
  Print("addMany", "interest has 'games'",
        Time(reps, [&] { return scan(has_games).cardinality(); }), rows);
  // (age >= 25 and age < 40 or data_gb_30d > 20) and not is_roaming and interest has 'games'
  Print("per-term",
        "(age >= 25 and age < 40 or data_gb_30d > 20) and not is_roaming and interest has 'games'",
        Time(reps,
             [&] {
               Roaring a = scan([&](uint32_t i) { return age[i] >= 25; });
               a &= scan([&](uint32_t i) { return age[i] < 40; });
               a |= scan([&](uint32_t i) { return data[i] > 20; });
               Roaring all;
               all.addRange(0, rows);
               all -= scan([&](uint32_t i) { return !std::isnan(roaming[i]); });
               a &= all;
               a &= scan(has_games);
               return a.cardinality();
             }),
        rows);
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc) {
      o.rows = std::stoull(argv[++i]);
    } else if (a == "--reps" && i + 1 < argc) {
      o.reps = std::max(1, std::stoi(argv[++i]));
    } else if (a == "--compare") {
      o.compare = true;
    } else if (a == "--cold") {
      o.cold = true;
    } else {
      std::fprintf(stderr, "usage: segment_bench [--rows N] [--reps N] [--compare] [--cold]\n");
      return 2;
    }
  }
  g_cold = o.cold;
  auto start = Clock::now();
  const TagTable table = BuildTable(o.rows);
  std::printf("table: %zu rows, %zu columns, built in %.1f s; peak RSS %.0f MB\n", table.rows(),
              table.columns().size(), Ms(start) / 1000, PeakRssMb());

  const std::vector<std::pair<const char*, std::string>> cases = {
      {"1 number", "age > 30"},
      {"1 set", "interest has 'games'"},
      {"1 set in", "interest in ('games', 'music', 'travel')"},
      {"1 text in", "region in ('north', 'east')"},
      {"1 flag", "is_5g"},
      {"negation", "not data_gb_30d > 5"},
      {"all", "all"},
      {"5 terms",
       "(age >= 25 and age < 40 or data_gb_30d > 20) and not is_roaming and interest has 'games'"},
      {"6 terms",
       "not data_gb_30d > 5 and (region in ('north', 'south') or plan = 'P128') and arpu > 50 "
       "and interest has 'music' and is_5g"},
      {"6 terms or",
       "age < 25 or arpu > 120 or brand = 'brand3' or interest has 'pets' or tenure_months < 6 "
       "or family_plan"},
  };
  for (const auto& [label, expr] : cases) {
    Timing t = Time(o.reps, [&] {
      Result<Segment> s = Segment::Parse(expr, table);
      if (!s.ok()) {
        std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
        std::exit(1);
      }
      return s->Evaluate(table).cardinality();
    });
    Print(label, expr, t, table.rows());
  }

  Result<Segment> s = Segment::Parse(cases.back().second, table);
  if (s.ok()) {
    const int n = 100000;
    auto t0 = Clock::now();
    size_t members = 0;
    for (int i = 0; i < n; ++i) {
      members +=
          s->Explain(table, static_cast<Row>((static_cast<uint64_t>(i) * 7919) % table.rows()))
              .member;
    }
    std::printf("explain    %8.2f us per call (6 terms, %zu of %d members)\n", Ms(t0) * 1000 / n,
                members, n);
  }
  if (o.compare) Compare(table, o.reps);
  std::printf("peak RSS %.0f MB\n", PeakRssMb());
  return 0;
}

}  // namespace
}  // namespace ripple::profile

int main(int argc, char** argv) { return ripple::profile::Main(argc, argv); }
