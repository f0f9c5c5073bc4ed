// `ripple batch --data DIR --out OUT`: the daily batch over a folder of feeds.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/ingest_job.h"

namespace ripple::cli {
namespace {

struct BatchFlags {
  IngestJobOptions job;
  std::string config_path;
  bool verbose = false;
};

int RunBatch(const BatchFlags& flags, bool stream) {
  SetupLogging(flags.verbose);
  auto config = LoadConfig(flags.config_path);
  if (!config.ok()) return Fail(config.status());
  IngestJobOptions job = flags.job;
  job.config = *config;
  job.relations.reveal = job.profile.reveal;
  auto result = RunIngestJob(job);
  if (!result.ok()) return Fail(result.status());
  std::printf("%s: %llu accepted, %llu rejected, %llu late in %.1f s%s — see %s/summary.json\n",
              stream ? "ingest" : "batch", static_cast<unsigned long long>(result->accepted),
              static_cast<unsigned long long>(result->rejected),
              static_cast<unsigned long long>(result->late), result->seconds,
              result->resumed ? " (resumed from checkpoint)" : "", job.out_dir.c_str());
  return 0;
}

void AddCommonFlags(CLI::App* cmd, BatchFlags* f) {
  cmd->add_option("--out", f->job.out_dir, "Output folder (summary.json, deadletter/, state/)")
      ->required();
  cmd->add_option("--config", f->config_path,
                  "Settings file (default: built-in defaults; see config/ripple.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--fresh", f->job.fresh, "Discard any checkpoint in OUT/state and start over");
  cmd->add_option("--tags", f->job.profile.tags_path,
                  "Tag catalog (default: the built-in copy of config/tags.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--segments", f->job.profile.segments_path,
                  "Saved segments to count (e.g. config/segments.yaml)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--reveal", f->job.profile.reveal,
                "Key OUT/profile/tags.csv and OUT/relations/*.csv by msisdn instead of "
                "pseudonym");
  cmd->add_flag("!--no-relations", f->job.relations.enabled,
                "Skip the relations step (contact graph, circles) at the end of the batch");
  cmd->add_flag("-v,--verbose", f->verbose, "Log every checkpoint");
  cmd->add_option("--kill-after-records", f->job.kill_after_records,
                  "Testing only: kill -9 this process after N records")
      ->group("");
}

}  // namespace

void AddBatchCommand(CLI::App& root, int* exit_code) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* cmd = root.add_subcommand("batch",
                                      "Ingest a folder of feeds (validate, dead-letter, update "
                                      "subscriber state) and write OUT/summary.json");
  cmd->add_option("--data", flags->job.data_dir, "Folder with the reference tables and feed files")
      ->required()
      ->check(CLI::ExistingDirectory);
  AddCommonFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = RunBatch(*flags, false); });
}

void AddIngestCommand(CLI::App& root, int* exit_code) {
  auto flags = std::make_shared<BatchFlags>();
  CLI::App* cmd = root.add_subcommand(
      "ingest",
      "Ingest a live JSON Lines stream (all record types, field \"type\") into subscriber state");
  cmd->add_option("--data", flags->job.data_dir, "Folder with the reference tables")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--stream", flags->job.stream_path, "JSON Lines file, or - for standard input")
      ->required();
  AddCommonFlags(cmd, flags.get());
  cmd->callback([flags, exit_code] { *exit_code = RunBatch(*flags, true); });
}

}  // namespace ripple::cli
