// Tag computation at scale: simulates N subscribers x D days (default 1,000,000 x 2), runs
// `ripple batch` on them in-process, and reports the profile step: tags x subscribers per
// second for ComputeTags, the time to write tags.csv and the snapshot, and peak RSS.
//   build/bench/profile_bench [SUBSCRIBERS] [DAYS]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/ingest_job.h"
#include "sim/simulator.h"

namespace {

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const uint32_t subscribers = argc > 1 ? static_cast<uint32_t>(std::atol(argv[1])) : 1000000;
  const int days = argc > 2 ? std::atoi(argv[2]) : 2;
  const char* tmp_env = std::getenv("TMPDIR");
  const std::filesystem::path dir =
      std::filesystem::path(tmp_env ? tmp_env : "/tmp") / "ripple-profile-bench";
  std::filesystem::remove_all(dir);

  ripple::sim::SimOptions sim;
  sim.subscribers = subscribers;
  sim.days = days;
  sim.dirty_fraction = 0;
  sim.out_dir = (dir / "data").string();
  auto simulated = ripple::sim::RunSimulation(sim);
  if (!simulated.ok()) {
    std::fprintf(stderr, "simulate: %s\n", simulated.status().message().c_str());
    return 1;
  }
  std::printf("simulated %u subscribers x %d days: %llu records in %.1f s\n", subscribers, days,
              static_cast<unsigned long long>(simulated->total_records()), simulated->seconds);

  ripple::cli::IngestJobOptions job;
  job.data_dir = sim.out_dir;
  job.out_dir = (dir / "out").string();
  auto result = ripple::cli::RunIngestJob(job);
  if (!result.ok()) {
    std::fprintf(stderr, "batch: %s\n", result.status().message().c_str());
    return 1;
  }
  std::ifstream summary_file(job.out_dir + "/summary.json");
  const auto summary = nlohmann::json::parse(summary_file);
  const auto& p = summary["profile"];
  const double compute = p["compute_seconds"].get<double>();
  const double tags = p["tags"].get<double>();
  std::printf("batch: %.1f s total, of which profile %.1f s\n", result->seconds,
              result->profile_seconds);
  std::printf(
      "ComputeTags: %d tags x %u subscribers in %.2f s = %.1f M tag values/s, "
      "%.0f subscribers/s\n",
      static_cast<int>(tags), subscribers, compute, tags * subscribers / compute / 1e6,
      subscribers / compute);
  std::printf("write tags.csv (%llu rows, %.0f MB) + snapshot (%.0f MB): %.2f s\n",
              static_cast<unsigned long long>(result->tag_rows),
              std::filesystem::file_size(job.out_dir + "/profile/tags.csv") / 1e6,
              std::filesystem::file_size(job.out_dir + "/profile/profile.snap") / 1e6,
              p["write_seconds"].get<double>());
  std::printf("activity: %.0f bytes/subscriber; peak RSS %.0f MB\n",
              p["activity_bytes_per_subscriber"].get<double>(), PeakRssMb());
  std::filesystem::remove_all(dir);
  return 0;
}
