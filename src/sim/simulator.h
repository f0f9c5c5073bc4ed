// The simulator's entry point: builds the world for the options and writes its reference tables,
// event feeds and ground truth (or streams the feeds as JSON Lines).
//
// Output is a pure function of (subscribers, days, seed, start, dirty): the same for any number of
// threads. Days are generated one at a time - all subscribers in parallel over contiguous ranges,
// one range per worker - then each feed is ordered by arrival and written; events arriving after
// the day's end wait for the next day's batch.
// Thread-safety: RunSimulation uses its own threads; call it from one thread.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"
#include "sim/events.h"

namespace ripple::sim {

struct SimOptions {
  uint32_t subscribers = 10000;
  int days = 7;
  uint64_t seed = 42;
  std::string start_date = "2026-11-02";  // local date of the first day (+08:00)
  double dirty_fraction = 0.0005;         // share of malformed lines per feed file (CSV only)
  int threads = 2;
  std::string out_dir;  // required unless streaming
  bool stream = false;  // JSON Lines to stream_fd instead of feed files
  double rate = 0;      // records per second when streaming; 0 = unpaced
  int stream_fd = 1;
};

struct SimSummary {
  uint64_t records[kFeedCount] = {};  // clean records per feed
  uint64_t dirty_lines = 0;
  uint64_t late_records = 0;
  uint64_t bytes = 0;  // feed bytes written (files or stream)
  double seconds = 0;
  uint64_t total_records() const {
    uint64_t n = 0;
    for (uint64_t r : records) n += r;
    return n;
  }
};

// Checks flag values; the message names the flag.
Status ValidateOptions(const SimOptions& options);

Result<SimSummary> RunSimulation(const SimOptions& options);

// "simulate: 10000 subscribers x 7 days: calls=... sms=... ... in 3.2 s (1.1M records/s)".
std::string FormatSummary(const SimOptions& options, const SimSummary& summary);

}  // namespace ripple::sim
