// Writes all feeds as one JSON Lines stream in arrival order (--stream), optionally paced to a
// number of records per second. Ties in arrival time go in feed order (calls, sms, data, ...).
// Late records (older than the newest ts before them minus the out-of-order bound) are listed in
// the truth with file "stream" and their 1-based line on the stream.
// Thread-safety: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "sim/arrival_queue.h"
#include "sim/file_writer.h"
#include "sim/injected.h"
#include "sim/record_format.h"
#include "sim/world.h"

namespace ripple::sim {

class StreamWriter {
 public:
  // `records_per_second` <= 0 writes as fast as possible.
  StreamWriter(const World& world, int fd, double records_per_second);

  // Writes the ready events of all feeds' queues (indexed by Feed), merged by arrival.
  Status WriteReady(std::span<const ArrivalQueue> queues, std::vector<InjectedLine>& injected);
  Status Close();

  uint64_t records(Feed feed) const { return records_[static_cast<int>(feed)]; }
  uint64_t bytes_written() const { return out_.bytes_written(); }

 private:
  Status Pace();

  const World& world_;
  RecordFormatter format_;
  FileWriter out_;
  double rate_;
  uint64_t lines_ = 0;
  int64_t max_ts_ = INT64_MIN;  // newest ts written: the consumer's watermark + bound
  uint64_t records_[kFeedCount] = {};
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ripple::sim
