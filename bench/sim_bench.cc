// End-to-end simulator benchmark: simulates N subscribers x D days into a temporary folder and
// prints records/s, MB/s and peak memory. Usage: sim_bench [subscribers] [days] [threads]
// (defaults 100000 7 2). The folder is removed afterwards.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "sim/simulator.h"

int main(int argc, char** argv) {
  ripple::sim::SimOptions options;
  options.subscribers =
      argc > 1 ? static_cast<uint32_t>(std::strtoul(argv[1], nullptr, 10)) : 100000;
  options.days = argc > 2 ? std::atoi(argv[2]) : 7;
  options.threads = argc > 3 ? std::atoi(argv[3]) : 2;
  char pattern[] = "/tmp/ripple-sim-bench-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::perror("sim_bench: mkdtemp");
    return 1;
  }
  options.out_dir = pattern;

  auto summary = ripple::sim::RunSimulation(options);
  std::error_code ec;
  std::filesystem::remove_all(options.out_dir, ec);
  if (!summary.ok()) {
    std::fprintf(stderr, "sim_bench: %s\n", summary.status().message().c_str());
    return 1;
  }
  struct rusage usage {};
  ::getrusage(RUSAGE_SELF, &usage);
  const double seconds = summary->seconds;
  const double records = static_cast<double>(summary->total_records() + summary->dirty_lines);
  std::printf("%s\n", ripple::sim::FormatSummary(options, *summary).c_str());
  std::printf(
      "sim_bench: %u subscribers x %d days, %d threads: %.0f records in %.2f s = %.2fM records/s, "
      "%.1f MB/s, peak RSS %.0f MB\n",
      options.subscribers, options.days, options.threads, records, seconds, records / seconds / 1e6,
      static_cast<double>(summary->bytes) / seconds / 1e6,
      static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
