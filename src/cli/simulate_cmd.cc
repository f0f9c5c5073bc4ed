#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace ripple::cli {
void AddSimulateCommand(CLI::App& root, int* exit_code) {
  (void)root;
  (void)exit_code;
}
}  // namespace ripple::cli
