// IngestJob: the durable ingest run behind `ripple batch` and `ripple ingest --stream`.
//
// Loads the reference tables, restores subscriber state and input positions from the last
// checkpoint in OUT/state (unless fresh), reads every source — the feed files of a data folder
// in a fixed order, or one mixed JSONL stream — applies accepted records to state, and
// checkpoints state + positions + counters + dead-letter file sizes in one atomic write every
// N records and at the end of each source. Stopped at any point (even kill -9) and started
// again, it resumes from the last checkpoint: nothing lost, nothing counted twice.
// Then computes the profile (OUT/profile/, see profile_step.h) and writes OUT/summary.json.
// Thread-safety: runs on the calling thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/config.h"
#include "core/status.h"

namespace ripple::cli {

// The profile step at the end of the job (OUT/profile/).
struct ProfileStepOptions {
  bool enabled = true;
  std::string tags_path;      // tag catalog; empty: the built-in copy of config/tags.yaml
  std::string segments_path;  // saved segments; empty: none
  bool reveal = false;        // tags.csv keyed by msisdn instead of pseudonym
};

// The relations step (OUT/relations/); it runs inside the profile step (it needs the profile's
// derivations and adds social tags), so it is skipped when the profile is.
struct RelationsOptions {
  bool enabled = true;
  bool reveal = false;
};

struct IngestJobOptions {
  std::string data_dir;     // reference tables, and the feed files unless stream_path is set
  std::string stream_path;  // a mixed JSONL stream ("-" for stdin) instead of the feed files
  std::string out_dir;
  RippleConfig config;
  ProfileStepOptions profile;
  RelationsOptions relations;
  bool fresh = false;               // ignore and replace any checkpoint in OUT/state
  uint64_t kill_after_records = 0;  // testing: SIGKILL itself after this many records
};

struct IngestJobResult {
  uint64_t records_read = 0;  // lines read this run (all outcomes)
  uint64_t accepted = 0;      // accepted over the whole run, including before a resume
  uint64_t rejected = 0;
  uint64_t late = 0;
  bool resumed = false;
  double seconds = 0;
  double profile_seconds = 0;  // of `seconds`: the profile step
  uint64_t tag_rows = 0;       // rows of OUT/profile/tags.csv
  double tag_compute_seconds = 0;
  double relations_seconds = 0;  // of `profile_seconds`: the relations step
  uint64_t ties = 0;
};

Result<IngestJobResult> RunIngestJob(const IngestJobOptions& options);

}  // namespace ripple::cli
