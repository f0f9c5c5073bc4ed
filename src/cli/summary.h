// The run summary, OUT/summary.json: per feed accepted, rejected (by reason) and late; per
// reference table the same; the state's size; the profile and relations steps; and the run's
// timing.
#pragma once

#include <string>

#include "core/status.h"
#include "ingest/counts.h"
#include "ingest/schema.h"

namespace ripple::ingest {
struct RunCounts;
class ReferenceData;
}  // namespace ripple::ingest
namespace ripple::state {
class SubscriberState;
}

namespace ripple::cli {

struct ProfileStepStats;
struct RelationsStepStats;

struct SummaryInputs {
  const ingest::RunCounts* counts;
  const ingest::InputCounts* table_counts;  // kTableCount entries
  const state::SubscriberState* state;
  const ingest::ReferenceData* reference;
  double seconds;
  uint64_t lines_read_this_run;
  bool resumed;
  const ProfileStepStats* profile;                // null when the profile step did not run
  const RelationsStepStats* relations = nullptr;  // null when the relations step did not run
  std::string data_dir;  // the reference tables' folder: `ripple serve` finds them by it
};

Status WriteSummary(const std::string& path, const SummaryInputs& in);

}  // namespace ripple::cli
