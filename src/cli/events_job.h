// EventsJob: the run behind `ripple events run` and `ripple events test` — reference tables,
// the rules folder compiled against them (and the profile snapshot of `ripple batch`, when
// given, for tag.* and segment.* conditions), then the records through the engine, triggers
// out as JSON Lines.
//
// Input: a data folder's feed files (a replay: every feed is read and the records are merged
// by event time before matching, since files are read one after another) or one JSON Lines
// stream read as it comes (a file or standard input). Lines ingest rejects go to dead letters
// as in `ripple batch`; records later than the engine's out-of-order bound go to the late
// output. With `watch`, the rules folder is polled about once a second and a changed, valid
// folder is swapped in (partial matches of unchanged rules survive; an invalid one is reported
// and the running rules stay).
// Thread-safety: runs on the calling thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "cep/engine.h"
#include "core/config.h"
#include "core/status.h"

namespace ripple::cli {

struct EventsJobOptions {
  std::string rules_path;      // a rules folder, or one .rules file
  std::string only_rule;       // run only this rule id (empty: all enabled rules)
  std::string data_dir;        // reference tables, and the feed files unless stream_path is set
  std::string stream_path;     // JSON Lines ("-": standard input)
  std::string snapshot_dir;    // OUT of `ripple batch` (tags, saved segments); optional
  std::string out_path;        // triggers; empty: standard output
  std::string late_path;       // late records as JSON Lines; empty: counted only
  std::string deadletter_dir;  // rejected lines; empty: a folder next to out_path or ./
  bool reveal = false;         // subscribers as numbers instead of pseudonyms
  bool watch = false;
  RippleConfig config;
  int64_t out_of_order_bound_ms = -1;  // -1: the config's
  cep::EngineObserver* observer = nullptr;
};

struct EventsJobResult {
  cep::EngineStats engine;
  uint64_t lines_rejected = 0;
  std::map<std::string, uint64_t> triggers_by_rule;
  size_t state_bytes = 0;
  uint32_t rules = 0;
  uint32_t reloads = 0;
  double seconds = 0;
  std::string deadletter_dir;
};

Result<EventsJobResult> RunEventsJob(const EventsJobOptions& options);

}  // namespace ripple::cli
