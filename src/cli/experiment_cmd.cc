// `ripple experiment --days N --strategy S[,S...] [--json]`: the market simulation of
// feedback/experiment.h — strategies side by side with the oracle.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/common.h"
#include "feedback/experiment.h"

namespace ripple::cli {
namespace {

constexpr std::string_view kStrategies[] = {"priority", "expected_value", "rotation", "random",
                                            "adaptive"};

}  // namespace

void AddExperimentCommand(CLI::App& root, int* exit_code) {
  auto options = std::make_shared<feedback::ExperimentOptions>();
  auto strategies = std::make_shared<std::vector<std::string>>(
      std::vector<std::string>{"priority", "random", "rotation", "expected_value", "adaptive"});
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = root.add_subcommand(
      "experiment",
      "Run the market simulation: strategies against simulated customers and an oracle");
  cmd->add_option("--days", options->days, "Simulated days")->capture_default_str();
  cmd->add_option("--subscribers", options->subscribers, "Simulated subscribers")
      ->capture_default_str();
  cmd->add_option("--seed", options->seed, "Seed of the world and the market")
      ->capture_default_str();
  cmd->add_option("--strategy", *strategies,
                  "Rankings to compare: priority, expected_value, rotation, random, adaptive")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--exploration", options->exploration, "Adaptive ranking's exploration floor")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--window", options->window_days, "Days at the end compared with the oracle")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Strategies run side by side")
      ->capture_default_str();
  cmd->add_flag("--json", *as_json, "Print JSON instead of a table");
  cmd->callback([=] {
    options->strategies.clear();
    for (const std::string& s : *strategies) {
      const auto* it = std::find(std::begin(kStrategies), std::end(kStrategies), s);
      if (it == std::end(kStrategies)) {
        *exit_code = Fail(Status::InvalidArgument(
            "--strategy: '" + s +
            "' is not one of priority, expected_value, rotation, random, adaptive"));
        return;
      }
      decide::Ranking r = decide::Ranking::kPriority;
      for (int k = 0; k <= static_cast<int>(decide::Ranking::kAdaptive); ++k) {
        if (decide::RankingName(static_cast<decide::Ranking>(k)) == s)
          r = static_cast<decide::Ranking>(k);
      }
      options->strategies.push_back(r);
    }
    auto result = feedback::RunExperiment(*options);
    if (!result.ok()) {
      *exit_code = Fail(result.status());
      return;
    }
    std::cout << (*as_json ? feedback::ExperimentJson(*result)
                           : feedback::ExperimentTable(*result));
    *exit_code = 0;
  });
}

}  // namespace ripple::cli
