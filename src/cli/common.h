// Helpers shared by the sub-commands: loading the config named by --config, reporting a
// failure as one line on stderr, setting up logging.
#pragma once

#include <string>

#include "core/config.h"
#include "core/status.h"

namespace ripple::cli {

// Prints "ripple: error: <message>" to stderr and returns the exit code for it.
int Fail(const Status& status);

// Logs go to stderr, so stdout stays clean for data (JSON lines, CSV).
void SetupLogging(bool verbose);

}  // namespace ripple::cli
