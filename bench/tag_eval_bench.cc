// Tag expression throughput on one thread: compiles a catalog of 100 varied expressions (sums,
// averages, ratios, comparisons, and/or/not, bands) over a synthetic feature schema, then for
// each of N synthetic subscribers fills a FeatureFrame (4 window slots, ~5 % unknown scalars,
// some empty windows so divisions hit zero) and evaluates every program, as the tag engine does.
// Prints compile time, evaluations/s, ns/evaluation (frame filling timed apart and subtracted)
// and peak RSS. Times are this thread's CPU time (wall time printed too): the build machines
// are often busy with compilers, and CPU time stays comparable across runs.
//
// Usage: tag_eval_bench [--frames N]   (default 1,000,000)
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/rng.h"
#include "profile/tag_catalog.h"

namespace ripple::profile {
namespace {
using Clock = std::chrono::steady_clock;

constexpr int kScalars = 12;
constexpr int kFields = 16;
constexpr int kExpressions = 100;

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

FeatureSchema Schema() {
  FeatureSchema s;
  for (int i = 0; i < kScalars; ++i) s.scalars.push_back("s" + std::to_string(i));
  for (int i = 0; i < kFields; ++i) s.window_fields.push_back("f" + std::to_string(i));
  s.max_window_days = 35;
  return s;
}

// Expression i: one of ten shapes, over fields, scalars and windows that rotate with i.
std::string Expression(int i) {
  const std::string f = "f" + std::to_string(i % kFields);
  const std::string g = "f" + std::to_string((i * 7 + 3) % kFields);
  const std::string s = "s" + std::to_string(i % kScalars);
  const std::string t = "s" + std::to_string((i * 5 + 1) % kScalars);
  const char* windows[] = {"1d", "7d", "14d", "30d"};
  const std::string w = windows[i % 4];
  const std::string v = windows[(i / 4) % 4];
  switch (i % 10) {
    case 0:
      return "sum(" + f + ", " + w + ") / 1048576";
    case 1:
      return "avg(" + f + ", " + w + ") + avg(" + g + ", " + v + ")";
    case 2:
      return "ratio(sum(" + f + ", " + w + "), sum(" + f + ", " + w + ") + sum(" + g + ", " + w +
             "))";
    case 3:
      return "sum(" + f + ", " + w + ") > 20 * 1048576 and " + s + " < 100";
    case 4:
      return "ratio(avg(" + f + ", 7d), avg(" + f + ", 30d)) > 1.5 or not " + s + " >= 3";
    case 5:
      return "(" + s + " + sum(" + g + ", " + w + ") / 100) * active_days(" + v + ") / 30";
    case 6:
      return "coalesce(" + s + ", 0) + round(log1p(sum(" + f + ", " + w + ")))";
    case 7:
      return "max(min(" + s + ", " + t + "), abs(" + s + " - " + t + ")) >= 2";
    case 8:
      return "distinct_contacts(" + w + ") >= 25 and distinct_cells(" + v + ") < 3";
    default:
      return s;  // with bands, below
  }
}

std::string CatalogYaml() {
  std::string y = "tags:\n";
  for (int i = 0; i < kExpressions; ++i) {
    y += "  - id: t" + std::to_string(i) + "\n    dimension: usage\n    expr: \"" + Expression(i) +
         "\"\n";
    if (i % 10 == 9) {
      y += "    bands:\n      - {below: 18, label: a}\n      - {below: 35, label: b}\n"
           "      - {below: 60, label: c}\n      - {label: d}\n";
    }
  }
  return y;
}

struct Frame {
  std::vector<double> scalars, windows, active_days, contacts, cells;
  explicit Frame(size_t slots)
      : scalars(kScalars),
        windows(slots * kFields),
        active_days(slots),
        contacts(slots),
        cells(slots) {}
  void Fill(Rng& rng) {
    for (double& s : scalars) s = rng.Chance(0.05) ? NAN : static_cast<double>(rng.Below(100));
    const bool idle = rng.Chance(0.1);  // no activity at all: windows 0, ratios NaN
    for (double& w : windows) w = idle ? 0 : static_cast<double>(rng.Below(50'000'000));
    for (size_t k = 0; k < active_days.size(); ++k) {
      active_days[k] = idle ? 0 : static_cast<double>(rng.Below(31));
      contacts[k] = idle ? 0 : static_cast<double>(rng.Below(60));
      cells[k] = idle ? 0 : static_cast<double>(rng.Below(40));
    }
  }
  FeatureFrame View() const {
    return {scalars.data(),  windows.data(), active_days.data(),
            contacts.data(), cells.data(),   kFields};
  }
};

int Main(int argc, char** argv) {
  uint64_t frames = 1'000'000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--frames" && i + 1 < argc) {
      frames = std::stoull(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: tag_eval_bench [--frames N]\n");
      return 2;
    }
  }
  const FeatureSchema schema = Schema();
  const std::string yaml = CatalogYaml();
  auto start = Clock::now();
  auto catalog = ParseTagCatalog(yaml, "bench", schema, {});
  const double compile_s = Seconds(start);
  if (!catalog.ok()) {
    std::fprintf(stderr, "%s\n", catalog.status().message().c_str());
    return 1;
  }
  size_t ops = 0;
  int max_stack = 1;
  for (const TagDefinition& t : catalog->tags) {
    ops += t.program.ops.size();
    max_stack = std::max(max_stack, t.program.max_stack);
  }
  std::vector<double> stack(static_cast<size_t>(max_stack));
  Frame frame(catalog->window_days.size());

  // The cost of producing frames alone, to subtract.
  Rng fill_rng(7);
  double cpu = CpuSeconds();
  double sink = 0;
  for (uint64_t n = 0; n < frames; ++n) {
    frame.Fill(fill_rng);
    sink += frame.active_days[0];
  }
  const double fill_s = CpuSeconds() - cpu;

  Rng rng(7);
  uint64_t holds = 0, unknown = 0, labelled = 0;
  start = Clock::now();
  cpu = CpuSeconds();
  for (uint64_t n = 0; n < frames; ++n) {
    frame.Fill(rng);
    const FeatureFrame view = frame.View();
    for (const TagDefinition& t : catalog->tags) {
      const double v = Evaluate(t.program, view, stack.data());
      if (std::isnan(v)) {
        ++unknown;
      } else if (!t.bands.empty()) {
        labelled += BandOf(t.bands, v) != nullptr;
      } else if (t.program.boolean) {
        holds += v == 1.0;
      } else {
        sink += v;
      }
    }
  }
  const double total_s = CpuSeconds() - cpu;
  const double wall_s = Seconds(start);
  const double eval_s = std::max(total_s - fill_s, 1e-9);
  const double evaluations = static_cast<double>(frames) * static_cast<double>(kExpressions);
  std::printf(
      "tag_eval: %d expressions (%zu ops, windows %zu, max stack %d) compiled in %.2f ms\n"
      "  %llu frames x %d = %.0f evaluations in %.2f s CPU, %.2f s wall (frame filling %.2f s "
      "CPU subtracted)\n"
      "  %.1f M evaluations/s, %.2f ns/evaluation, %.0f ns/frame; peak RSS %.1f MB\n"
      "  (flags holding %llu, unknown %llu, banded %llu, checksum %.3g)\n",
      kExpressions, ops, catalog->window_days.size(), max_stack, compile_s * 1e3,
      static_cast<unsigned long long>(frames), kExpressions, evaluations, total_s, wall_s, fill_s,
      evaluations / eval_s / 1e6, eval_s / evaluations * 1e9,
      eval_s / static_cast<double>(frames) * 1e9, PeakRssMb(),
      static_cast<unsigned long long>(holds), static_cast<unsigned long long>(unknown),
      static_cast<unsigned long long>(labelled), sink);
  return 0;
}

}  // namespace
}  // namespace ripple::profile

int main(int argc, char** argv) { return ripple::profile::Main(argc, argv); }
