// Writes one event feed as CSV (header first), batch by batch in arrival order, interleaving the
// dirty lines and listing every dirty and late line in the truth.
//
// A batch is written in two steps: a cheap sequential pass decides the dirty lines and assigns
// every line its number; then chunks of lines are formatted on several threads and written in
// order, and the late records found in them are listed. Output is the same for any number of
// threads.
//
// Dirty lines: each clean record is followed by one with probability F; besides, the first day
// carries one line of every kind of the feed (spread over the day) so that even a small feed -
// orders at a few thousand subscribers - has every kind.
// Thread-safety: one thread drives a writer; it uses ParallelFor internally.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "sim/arrival_queue.h"
#include "sim/dirty_data.h"
#include "sim/file_writer.h"
#include "sim/injected.h"
#include "sim/world.h"

namespace ripple::sim {

class CsvFeedWriter {
 public:
  CsvFeedWriter(const World& world, Feed feed, double dirty_fraction);

  // Creates DIR/<stem>.csv with its header.
  Status Open(const std::string& dir);
  // Writes the ready events of `queue` (already ordered).
  Status WriteReady(const ArrivalQueue& queue, int threads, std::vector<InjectedLine>& injected);
  Status Close();

  uint64_t clean_records() const { return clean_position_; }
  uint64_t dirty_lines() const { return dirty_lines_; }
  uint64_t bytes_written() const { return file_.bytes_written(); }

 private:
  struct DirtyPlan {
    size_t position;  // written after the record at this position of the batch
    size_t source;    // position of the record it is made from
    DirtyKind kind;
    uint64_t global_position;
    uint64_t salt;  // tells apart two plans at one position
  };
  // What formatting a chunk learned for the late-record check.
  struct ChunkStats {
    int64_t max_ts = INT64_MIN;
    std::vector<std::pair<size_t, int64_t>> late_candidates;  // position, max ts before it
  };
  std::vector<DirtyPlan> PlanBatch(const ArrivalQueue& queue, std::vector<InjectedLine>& injected);
  void FormatRange(const ArrivalQueue& queue, size_t lo, size_t hi,
                   const std::vector<DirtyPlan>& plans, CharBuffer& out, ChunkStats& stats) const;
  // Lists the late candidates of a formatted chunk that are older than the watermark.
  void ListLate(const ArrivalQueue& queue, const std::vector<DirtyPlan>& plans,
                const ChunkStats& stats, std::vector<InjectedLine>& injected);

  const World& world_;
  Feed feed_;
  double dirty_fraction_;
  std::string file_name_;
  FileWriter file_;
  uint64_t lines_ = 1;             // lines planned so far, header included
  uint64_t batch_first_line_ = 0;  // lines before the current batch
  int64_t max_ts_ = INT64_MIN;     // newest clean ts written: the consumer's watermark + bound
  uint64_t clean_position_ = 0;    // clean records written so far
  uint64_t dirty_lines_ = 0;
  uint64_t rotation_ = 0;  // next dirty kind, rotating
  std::vector<CharBuffer> chunks_;
  std::vector<ChunkStats> stats_;
};

}  // namespace ripple::sim
