// Writes events as CSV lines (the data contract's columns, in order) or as JSON Lines objects
// (the same field names plus "type"), straight into char buffers.
//
// CSV fields never contain commas or quotes. In JSON, ts is a number (epoch ms) or an ISO string
// as the event's form says, duration and byte counts and amounts are numbers, and an empty
// optional field is "".
// Thread-safety: a RecordFormatter holds a date cache; use one per thread.
#pragma once

#include <cstddef>

#include "sim/events.h"
#include "sim/text_format.h"
#include "sim/world.h"

namespace ripple::sim {

constexpr size_t kMaxLineBytes = 512;  // upper bound of one formatted line, CSV or JSON

class RecordFormatter {
 public:
  explicit RecordFormatter(const World& world) : world_(world) {}

  // One CSV line with its newline. `flip_ts_form` writes ts in the other form (for duplicates).
  char* Csv(Feed feed, const Event& e, char* out, bool flip_ts_form = false);
  // One JSON object with its newline.
  char* Json(Feed feed, const Event& e, char* out);
  // The event's ts as written in CSV.
  char* Ts(const Event& e, char* out, bool flip_ts_form = false);

 private:
  const World& world_;
  IsoFormatter iso_;
};

}  // namespace ripple::sim
