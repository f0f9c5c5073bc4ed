// DeadLetters: the files where every rejected (and every late) record goes, one CSV per input
// stem under OUT/deadletter/: `source,line,reason,raw`.
//
// Writes are buffered; Flush(sync) makes them durable and Sizes() reports each file's length,
// which a checkpoint records. On restart, Open() truncates each file back to its checkpointed
// length so a record re-read after a crash is never written twice.
// Thread-safety: single writer.
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/reject_reason.h"

namespace ripple::ingest {

class DeadLetters {
 public:
  // Manages the files `<stem>.csv` for the given stems only (others in `dir` are left alone).
  // `sizes` (from a checkpoint) gives each file's length to truncate back to; managed files not
  // named there are removed, so a fresh start passes an empty map.
  static Result<std::unique_ptr<DeadLetters>> Open(const std::string& dir,
                                                   const std::vector<std::string>& stems,
                                                   const std::map<std::string, uint64_t>& sizes);
  ~DeadLetters();
  DeadLetters(const DeadLetters&) = delete;
  DeadLetters& operator=(const DeadLetters&) = delete;

  void Write(std::string_view stem, std::string_view source, uint64_t line, Reason reason,
             std::string_view raw);
  Status Flush(bool sync);
  // File name -> bytes written so far (after Flush()).
  std::map<std::string, uint64_t> Sizes() const;
  const std::string& dir() const { return dir_; }

 private:
  struct File {
    FILE* f = nullptr;
    uint64_t size = 0;
  };
  explicit DeadLetters(std::string dir) : dir_(std::move(dir)) {}
  File* Get(std::string_view stem);

  std::string dir_;
  std::map<std::string, File, std::less<>> files_;
  std::string line_;  // reused buffer
  Status error_;
};

// Appends `field` to `out` as one CSV field, quoted when it holds a comma, quote or newline.
void AppendCsvField(std::string& out, std::string_view field);

}  // namespace ripple::ingest
