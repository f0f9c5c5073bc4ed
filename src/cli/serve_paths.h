// Where `ripple serve` and `ripple push` find their inputs: --config as a folder (ripple.yaml,
// marketing.yaml, rules/) or a settings file, and the reference tables' folder from the
// snapshot's summary.json when --data is not given. Also opens the decision service the way
// both commands do.
// Thread-safety: plain functions.
#pragma once

#include <memory>
#include <string>

#include "cli/events_setup.h"
#include "core/status.h"
#include "serve/decision_service.h"

namespace ripple::cli {

struct ServePaths {
  std::string config;    // in: --config (folder or file)
  std::string snapshot;  // in: --snapshot
  std::string settings;  // out: the settings file ("" for defaults)
  // in/out: --marketing, else CONFIG/marketing.yaml, else ./config/marketing.yaml, else the
  // built-in copy of the shipped one (decide::kBuiltInMarketing)
  std::string marketing;
  std::string rules;     // in/out: --rules, else CONFIG/rules
  std::string data_dir;  // in/out: --data, else OUT/summary.json's data_dir
};
Status ResolveServePaths(ServePaths* paths);

// What the event setup of `ripple serve` and `ripple push` reads; rejected reference lines go to
// OUT/<deadletter_name>.
EventsSetupOptions EventsOptionsFor(const ServePaths& paths, const RippleConfig& config,
                                    const std::string& deadletter_name);

// The DecisionService over an opened EventsSetup (reference, tags, saved segments).
Result<std::unique_ptr<serve::DecisionService>> OpenDecisions(const EventsSetup& setup,
                                                              const std::string& state_dir,
                                                              const std::string& marketing);

}  // namespace ripple::cli
