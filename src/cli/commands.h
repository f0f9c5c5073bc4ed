// The `ripple` command line: each sub-command registers itself on the root CLI11 app.
//
// A command's callback does its work and stores its exit code in `*exit_code`; expected
// failures (bad flags, missing files, bad config) print one clear line to stderr and exit 1 or 2,
// never an exception trace.
#pragma once

namespace CLI {
class App;
}

namespace ripple::cli {

int Main(int argc, char** argv);

void AddSimulateCommand(CLI::App& root, int* exit_code);
void AddBatchCommand(CLI::App& root, int* exit_code);
void AddStateCommand(CLI::App& root, int* exit_code);
void AddIngestCommand(CLI::App& root, int* exit_code);  // in batch_cmd.cc
// `profile show`, `segment`, `lookalike` (profile_cmd.cc)
void AddProfileCommands(CLI::App& root, int* exit_code);
void AddRelationsCommands(CLI::App& root, int* exit_code);  // relations_cmd.cc
void AddEventsCommands(CLI::App& root, int* exit_code);     // events_cmd.cc
void AddServeCommand(CLI::App& root, int* exit_code);       // serve_cmd.cc
void AddPushCommand(CLI::App& root, int* exit_code);        // push_cmd.cc
void AddReportCommand(CLI::App& root, int* exit_code);      // report_cmd.cc
void AddExperimentCommand(CLI::App& root, int* exit_code);  // experiment_cmd.cc

}  // namespace ripple::cli
