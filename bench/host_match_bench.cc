// Host matching throughput on one thread: simulates a world (hosts.csv + data.csv) into a temp
// folder, builds the HostMatcher from its hosts.csv, reads the host column of data.csv, then
// times HostMatcher::Match over every host occurrence (the cost without a cache) and
// CategoryCache::Get over the same occurrences as interned ids (the profile's hot path), and
// prints hosts/s, ns/host and peak RSS.
//
// Usage: host_match_bench [--subscribers N] [--days N] [--seconds S]
// Defaults: 2,000 subscribers x 1 day; each timed loop repeats the host list for >= 1 s.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "ingest/reference.h"
#include "ingest/string_table.h"
#include "profile/host_matcher.h"
#include "sim/simulator.h"

namespace ripple::profile {
namespace {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void Die(const Status& status) {
  std::fprintf(stderr, "host_match_bench: %s\n", status.ToString().c_str());
  std::exit(1);
}

// The host field (third) of every well-formed data.csv line: the simulator writes no quotes in
// data.csv, so a plain split on commas is exact; lines with another field count are planted
// defects and skipped.
std::vector<std::string> ReadHosts(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    std::perror(path.c_str());
    std::exit(1);
  }
  std::vector<std::string> hosts;
  char* line = nullptr;
  size_t cap = 0;
  ssize_t n;
  bool header = true;
  while ((n = ::getline(&line, &cap, f)) > 0) {
    if (header) {
      header = false;
      continue;
    }
    std::string_view l(line, static_cast<size_t>(n));
    if (!l.empty() && l.back() == '\n') l.remove_suffix(1);
    std::vector<std::string_view> fields;
    size_t start = 0;
    for (size_t i = 0; i <= l.size(); ++i) {
      if (i == l.size() || l[i] == ',') {
        fields.push_back(l.substr(start, i - start));
        start = i + 1;
      }
    }
    if (fields.size() == 8) hosts.emplace_back(fields[2]);
  }
  std::free(line);
  std::fclose(f);
  return hosts;
}

struct Pass {
  uint64_t items = 0;
  double seconds = 0;
  uint64_t categorised = 0;
};

// Repeats `body` over the whole list until `min_seconds` have passed.
template <typename Body>
Pass Time(size_t list_size, double min_seconds, Body body) {
  Pass p;
  auto start = Clock::now();
  do {
    p.categorised += body();
    p.items += list_size;
    p.seconds = Seconds(start);
  } while (p.seconds < min_seconds);
  return p;
}

void Print(const char* what, const Pass& p) {
  std::printf("%-22s %10llu hosts  %6.3f s  %8.2f M hosts/s  %7.1f ns/host  categorised %.1f %%\n",
              what, static_cast<unsigned long long>(p.items), p.seconds, p.items / p.seconds / 1e6,
              p.seconds * 1e9 / static_cast<double>(p.items),
              100.0 * static_cast<double>(p.categorised) / static_cast<double>(p.items));
}

int Main(int argc, char** argv) {
  sim::SimOptions options;
  options.subscribers = 2000;
  options.days = 1;
  double min_seconds = 1.0;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (i + 1 < argc && a == "--subscribers") {
      options.subscribers = static_cast<uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (i + 1 < argc && a == "--days") {
      options.days = std::atoi(argv[++i]);
    } else if (i + 1 < argc && a == "--seconds") {
      min_seconds = std::atof(argv[++i]);
    } else {
      std::fprintf(stderr, "usage: host_match_bench [--subscribers N] [--days N] [--seconds S]\n");
      return 2;
    }
  }
  char pattern[] = "/tmp/ripple-host-bench-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::perror("host_match_bench: mkdtemp");
    return 1;
  }
  options.out_dir = pattern;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{options.out_dir};

  auto summary = sim::RunSimulation(options);
  if (!summary.ok()) Die(summary.status());
  ingest::InputCounts counts[ingest::kTableCount];
  auto reference = ingest::ReferenceData::Load(options.out_dir, {}, nullptr, counts);
  if (!reference.ok()) Die(reference.status());

  auto t = Clock::now();
  auto built = HostMatcher::Build((*reference)->host_rules(), options.out_dir + "/hosts.csv");
  if (!built.ok()) Die(built.status());
  const HostMatcher& matcher = **built;
  std::printf("%zu rules, %zu categories compiled in %.1f ms\n", (*reference)->host_rules().size(),
              matcher.categories().size(), Seconds(t) * 1e3);

  const std::vector<std::string> hosts = ReadHosts(options.out_dir + "/data.csv");
  if (hosts.empty()) {
    std::fprintf(stderr, "host_match_bench: no hosts in data.csv\n");
    return 1;
  }
  ingest::StringTable strings;
  std::vector<ingest::StringId> ids;
  ids.reserve(hosts.size());
  for (const std::string& h : hosts) ids.push_back(strings.Intern(h));
  std::printf("%u subscribers x %d days: %zu host occurrences, %zu distinct\n", options.subscribers,
              options.days, hosts.size(), strings.size());

  Print("HostMatcher::Match", Time(hosts.size(), min_seconds, [&] {
          uint64_t n = 0;
          for (const std::string& h : hosts) n += matcher.Match(h) != kNoCategory;
          return n;
        }));
  CategoryCache cache(&matcher, &strings);
  Print("CategoryCache::Get", Time(ids.size(), min_seconds, [&] {
          uint64_t n = 0;
          for (ingest::StringId id : ids) n += cache.Get(id) != kNoCategory;
          return n;
        }));
  std::printf("peak RSS %.0f MB\n", PeakRssMb());
  return 0;
}

}  // namespace
}  // namespace ripple::profile

int main(int argc, char** argv) { return ripple::profile::Main(argc, argv); }
