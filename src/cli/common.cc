#include "cli/common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>

namespace ripple::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "ripple: error: %s\n", status.message().c_str());
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

void SetupLogging(bool verbose) {
  static bool done = false;
  if (!done) {
    auto logger = spdlog::stderr_color_mt("ripple");
    spdlog::set_default_logger(logger);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
    done = true;
  }
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);
}

}  // namespace ripple::cli
