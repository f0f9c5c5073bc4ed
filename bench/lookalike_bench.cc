// lookalike_bench: FindLookalikes over a synthetic profile table with a planted group.
//
// Usage: lookalike_bench [--rows N] [--seed-size S] [--top N] [--repeat R]
// Defaults: 1,000,000 rows, seed of 10,000, top = the rest of the group (~40,000), 5 timed runs.
// The table has 40 number columns (normal, log-normal usage figures, some 70 % unknown), 20 flags,
// 5 text columns (3 to 64 values, plus a 5,000-value cell column the model skips) and a 15-value
// "interest" set with ~3 values per row. A planted group of 5 % holds 'games' with a high score,
// uses more data, is younger, more often has a 5G handset and plan P128; the seed is drawn from it
// and the bench prints how much of the rest of the group the top N recovers, with and without the
// interest column, next to rows/s, ms per run and peak RSS. Table generation is not timed.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "core/rng.h"
#include "profile/lookalike.h"
#include "profile/tag_table.h"

namespace ripple::profile {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// User + system CPU time of the process: on a busy machine wall time also counts waiting.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

struct Args {
  size_t rows = 1'000'000;
  size_t seed_size = 10'000;
  size_t top = 0;  // 0: as many as the group has members outside the seed
  int repeat = 5;
};

struct World {
  TagTable table;
  std::vector<uint8_t> in_group;
  Roaring seed;
};

World Build(const Args& a) {
  Rng rng(7);
  World w;
  w.table = TagTable(std::vector<uint64_t>(a.rows), std::vector<PhoneKey>(a.rows, kNoPhone), 0);
  w.table.mutable_columns().reserve(70);  // references from AddColumn stay valid
  w.in_group.resize(a.rows);
  for (size_t r = 0; r < a.rows; ++r) w.in_group[r] = rng.Chance(0.05);
  for (size_t r = 0; r < a.rows && w.seed.cardinality() < a.seed_size; ++r) {
    if (w.in_group[r]) w.seed.add(static_cast<uint32_t>(r));
  }

  TagColumn& interest = w.table.AddColumn("interest", Dimension::kInterest, TagType::kSet);
  for (int v = 0; v < 15; ++v) interest.InternCode(v == 0 ? "games" : "i" + std::to_string(v));
  for (size_t r = 0; r < a.rows; ++r) {
    const bool g = w.in_group[r];
    if (rng.Chance(g ? 0.9 : 0.1)) {
      interest.set_codes.push_back(0);
      interest.set_scores.push_back(
          static_cast<float>(g ? 0.4 + 0.6 * rng.Uniform() : 0.6 * rng.Uniform()));
    }
    for (uint32_t v = 1; v < 15; ++v) {
      if (rng.Chance(0.2)) {
        interest.set_codes.push_back(v);
        interest.set_scores.push_back(static_cast<float>(rng.Uniform()));
      }
    }
    interest.set_offsets[r + 1] = static_cast<uint32_t>(interest.set_codes.size());
  }

  for (int i = 0; i < 40; ++i) {
    const std::string id = i == 0 ? "data_mb" : i == 1 ? "age" : "n" + std::to_string(i);
    TagColumn& c = w.table.AddColumn(id, Dimension::kUsage, TagType::kNumber);
    const double known = i % 5 == 4 ? 0.3 : 0.95;
    for (size_t r = 0; r < a.rows; ++r) {
      if (!rng.Chance(known)) continue;
      const bool g = w.in_group[r];
      double x;
      if (i == 0) {
        x = rng.LogNormal(g ? 6000 : 1500, 0.8);
      } else if (i == 1) {
        x = g ? 28 + 8 * rng.Normal() : 42 + 12 * rng.Normal();
      } else if (i % 2 == 0) {
        x = rng.LogNormal(100 * i, 1.0);  // skewed usage-like noise
      } else {
        x = i + rng.Normal() * i;
      }
      c.numbers[r] = static_cast<float>(x);
    }
  }
  for (int i = 0; i < 20; ++i) {
    const std::string id = i == 0 ? "handset_5g" : "f" + std::to_string(i);
    TagColumn& c = w.table.AddColumn(id, Dimension::kTerminal, TagType::kFlag);
    const double p = 0.02 + 0.04 * i;
    for (size_t r = 0; r < a.rows; ++r) {
      if (rng.Chance(i == 0 && w.in_group[r] ? 0.6 : p)) c.numbers[r] = 1;
    }
  }
  const int kTextValues[] = {3, 8, 20, 64, 5000};
  for (int i = 0; i < 5; ++i) {
    const std::string id = i == 1 ? "plan" : i == 4 ? "home_cell" : "t" + std::to_string(i);
    TagColumn& c = w.table.AddColumn(id, Dimension::kPlan, TagType::kText);
    for (int v = 0; v < kTextValues[i]; ++v) c.InternCode("P" + std::to_string(v));
    for (size_t r = 0; r < a.rows; ++r) {
      if (!rng.Chance(0.9)) continue;
      const bool planted = i == 1 && w.in_group[r] && rng.Chance(0.5);
      c.codes[r] = planted ? 5 : static_cast<uint32_t>(rng.Below(kTextValues[i]));
    }
  }
  return w;
}

void Run(const World& w, const Args& a, const char* label, const LookalikeOptions& o) {
  std::vector<double> ms, cpu_ms;
  Result<LookalikeResult> result = Status::Internal("not run");
  for (int i = 0; i < a.repeat; ++i) {
    auto t = Clock::now();
    const double cpu = CpuSeconds();
    result = FindLookalikes(w.table, w.seed, o);
    ms.push_back(Seconds(t) * 1e3);
    cpu_ms.push_back((CpuSeconds() - cpu) * 1e3);
    if (!result.ok()) {
      std::fprintf(stderr, "%s\n", result.status().ToString().c_str());
      std::exit(1);
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu_ms.begin(), cpu_ms.end());
  size_t hits = 0, group = 0;
  for (const LookalikeMatch& m : result->top) hits += w.in_group[m.row];
  for (uint8_t g : w.in_group) group += g;
  const double base = static_cast<double>(group - w.seed.cardinality()) /
                      static_cast<double>(w.table.rows() - w.seed.cardinality());
  std::printf(
      "%-18s %zu rows x %zu columns, seed %llu: median %.0f ms (min %.0f, CPU %.0f)  %.2f M rows/s "
      " "
      "precision@%zu %.3f (base rate %.3f)  peak RSS %.0f MB\n",
      label, w.table.rows(), w.table.columns().size(),
      static_cast<unsigned long long>(w.seed.cardinality()), ms[ms.size() / 2], ms.front(),
      cpu_ms[cpu_ms.size() / 2],
      static_cast<double>(w.table.rows()) / (ms[ms.size() / 2] / 1e3) / 1e6, result->top.size(),
      static_cast<double>(hits) / static_cast<double>(std::max<size_t>(1, result->top.size())),
      base, PeakRssMb());
  std::printf("  top features:");
  for (const auto& [name, weight] : result->top_features)
    std::printf(" %s %+.2f", name.c_str(), weight);
  std::printf("\n");
  std::fflush(stdout);
}

int Main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr,
                   "usage: lookalike_bench [--rows N] [--seed-size S] [--top N] [--repeat R]\n");
      return 2;
    }
    const unsigned long long v = std::strtoull(argv[++i], nullptr, 10);
    if (arg == "--rows") {
      a.rows = v;
    } else if (arg == "--seed-size") {
      a.seed_size = v;
    } else if (arg == "--top") {
      a.top = v;
    } else if (arg == "--repeat") {
      a.repeat = std::max(1, static_cast<int>(v));
    } else {
      std::fprintf(stderr, "unknown option %s\n", arg.c_str());
      return 2;
    }
  }
  auto t = Clock::now();
  const World w = Build(a);
  std::printf("built the table in %.1f s (peak RSS %.0f MB)\n", Seconds(t), PeakRssMb());
  size_t top = a.top;
  if (top == 0) {
    for (uint8_t g : w.in_group) top += g;
    top -= w.seed.cardinality();
  }
  LookalikeOptions o;
  o.top_n = top;
  Run(w, a, "all columns", o);
  o.exclude_columns = {"interest"};
  Run(w, a, "without interest", o);
  o = {};
  o.top_n = top;
  o.log_skewed_numbers = false;
  Run(w, a, "raw numbers", o);
  return 0;
}

}  // namespace
}  // namespace ripple::profile

int main(int argc, char** argv) { return ripple::profile::Main(argc, argv); }
