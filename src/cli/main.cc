#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "cli/common.h"

namespace ripple::cli {

int Main(int argc, char** argv) {
  SetupLogging(false);  // logs to stderr for every command: stdout carries data only
  CLI::App app{"ripple — real-time subscriber intelligence and precision marketing for operators"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ripple 0.1.0");
  int exit_code = 0;
  AddSimulateCommand(app, &exit_code);
  AddBatchCommand(app, &exit_code);
  AddIngestCommand(app, &exit_code);
  AddStateCommand(app, &exit_code);
  AddProfileCommands(app, &exit_code);
  AddRelationsCommands(app, &exit_code);
  AddEventsCommands(app, &exit_code);
  AddServeCommand(app, &exit_code);
  AddPushCommand(app, &exit_code);
  AddReportCommand(app, &exit_code);
  AddExperimentCommand(app, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    // Commands report expected failures themselves; this is the last line of defence.
    std::fprintf(stderr, "ripple: internal error: %s\n", e.what());
    return 3;
  }
  return exit_code;
}

}  // namespace ripple::cli
