// SourceIngester: turns one input source (a feed file in CSV, CSV.gz or JSONL, or a mixed JSONL
// stream) into batches of validated, de-duplicated, on-time Records.
//
// Every line ends in exactly one place: the batch (accepted), or the dead letters with its
// reason (rejected, or late), and is counted under its feed (lines whose feed cannot be told —
// bad JSON or an unknown type in a mixed stream — count under the "stream" input). Batches end
// at line boundaries, so position() after a batch is an exact resume point: a checkpoint that
// stores it with the state the batch produced loses and repeats nothing.
// Thread-safety: one ingester per thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bytes.h"
#include "core/status.h"
#include "ingest/counts.h"
#include "ingest/csv_row.h"
#include "ingest/event_time_gate.h"
#include "ingest/json_fields.h"
#include "ingest/line_reader.h"
#include "ingest/validate.h"

namespace ripple::ingest {

class DeadLetters;

// Counts of one run, per feed plus the mixed stream's unattributable lines.
struct RunCounts {
  InputCounts feeds[kFeedCount];
  InputCounts stream;
  // Every feed's counts plus the stream's unattributable lines.
  InputCounts Total() const {
    InputCounts total = stream;
    for (const InputCounts& c : feeds) total.Add(c);
    return total;
  }
  void Save(ByteWriter& w) const;
  bool Restore(ByteReader& r);
};

struct SourceOptions {
  int64_t out_of_order_bound_ms = 30 * 60 * 1000;
};

class SourceIngester {
 public:
  // `feed` fixes the feed of every line (a feed file); nullopt reads a mixed JSONL stream.
  // `source_name` is what dead letters name as the source.
  static Result<std::unique_ptr<SourceIngester>> Open(const std::string& path,
                                                      std::optional<Feed> feed,
                                                      std::string source_name,
                                                      const SourceOptions& options,
                                                      ValidationContext* ctx,
                                                      DeadLetters* dead_letters, RunCounts* counts);

  // Appends up to `max_records` accepted records to `batch` (cleared first). Returns false when
  // the source is exhausted and nothing was added (check status()).
  bool NextBatch(std::vector<Record>* batch, size_t max_records);
  const Status& status() const { return reader_->status(); }

  // Exact resume point and event-time state, for checkpoints.
  void SavePosition(ByteWriter& w) const;
  Status RestorePosition(ByteReader& r);
  uint64_t offset() const { return reader_->offset(); }
  uint64_t line_number() const { return reader_->line_number(); }
  const EventTimeGate& gate() const { return gate_; }

 private:
  SourceIngester(std::unique_ptr<LineReader> reader, std::optional<Feed> feed, bool jsonl,
                 std::string source_name, const SourceOptions& options, ValidationContext* ctx,
                 DeadLetters* dead_letters, RunCounts* counts);
  Status ReadHeader();
  void Reject(std::optional<Feed> feed, Reason reason, std::string_view line);

  std::unique_ptr<LineReader> reader_;
  std::optional<Feed> feed_;
  bool jsonl_;
  std::string source_name_;
  ValidationContext* ctx_;
  DeadLetters* dead_letters_;
  RunCounts* counts_;
  std::optional<CsvRowParser> csv_;
  JsonFieldReader json_;
  EventTimeGate gate_;
};

}  // namespace ripple::ingest
