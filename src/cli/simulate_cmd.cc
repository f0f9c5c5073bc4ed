// `ripple simulate`: generates a synthetic operator - reference tables, event feeds with planted
// dirty lines, and the ground truth - into a folder, or streams the feeds as JSON Lines.
#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "sim/simulator.h"

namespace ripple::cli {

void AddSimulateCommand(CLI::App& root, int* exit_code) {
  auto options = std::make_shared<sim::SimOptions>();
  CLI::App* cmd = root.add_subcommand(
      "simulate", "Generate a synthetic operator's feeds, reference tables and ground truth");
  cmd->add_option("--subscribers", options->subscribers, "On-net subscribers")
      ->capture_default_str();
  cmd->add_option("--days", options->days, "Days to simulate (1-90)")->capture_default_str();
  cmd->add_option("--seed", options->seed, "Random seed; same flags give identical output")
      ->capture_default_str();
  cmd->add_option("--out", options->out_dir, "Output folder (feeds, reference tables, truth/)");
  cmd->add_option("--start", options->start_date, "Local date of the first day (+08:00)")
      ->capture_default_str();
  cmd->add_option("--dirty", options->dirty_fraction,
                  "Share of malformed lines per feed file (0 disables)")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Worker threads (output does not depend on it)")
      ->capture_default_str();
  cmd->add_flag("--stream", options->stream,
                "Write all feeds as JSON Lines to stdout in arrival order");
  cmd->add_option("--rate", options->rate, "With --stream: records per second (0 = unpaced)")
      ->capture_default_str();
  cmd->callback([options, exit_code] {
    if (options->stream) std::signal(SIGPIPE, SIG_IGN);  // a closed reader is an I/O error
    Result<sim::SimSummary> summary = sim::RunSimulation(*options);
    if (!summary.ok()) {
      std::fprintf(stderr, "ripple simulate: %s\n", summary.status().message().c_str());
      *exit_code = summary.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
      return;
    }
    std::fprintf(stderr, "%s\n", sim::FormatSummary(*options, *summary).c_str());
    *exit_code = 0;
  });
}

}  // namespace ripple::cli
