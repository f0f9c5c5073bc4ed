// LineReader: reads a text file (plain or gzip) line by line in large chunks.
//
// Lines are returned as views into an internal buffer, valid until the next call; they never
// include the '\n' or a trailing '\r'. The reader tracks the byte offset (in the uncompressed
// stream) just past the last returned line and its 1-based line number, so a checkpoint can
// record exactly where to resume, and SeekTo() resumes there. The buffer keeps
// kReadPadding readable bytes after every line so JSON parsers that need padding can parse the
// view in place.
// Thread-safety: one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace ripple::ingest {

class LineReader {
 public:
  static constexpr size_t kReadPadding = 64;

  // Opens `path`; ".gz" files are decompressed. A missing or unreadable file is a clear error.
  static Result<std::unique_ptr<LineReader>> Open(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Next line; false at end of input or on a read error (see status()).
  bool Next(std::string_view* line);
  // Continue from a position recorded earlier by offset()/line_number().
  Status SeekTo(uint64_t offset, uint64_t line_number);

  uint64_t offset() const { return offset_; }
  uint64_t line_number() const { return line_number_; }
  const Status& status() const { return status_; }
  const std::string& path() const { return path_; }

 private:
  LineReader(std::string path, int fd, void* gz);
  bool Fill();  // reads more bytes; false at EOF or error
  long ReadRaw(char* dst, size_t n);

  std::string path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when compressed
  std::vector<char> buf_;
  size_t begin_ = 0;  // first unread byte in buf_
  size_t end_ = 0;    // one past the last valid byte in buf_
  bool eof_ = false;
  uint64_t offset_ = 0;
  uint64_t line_number_ = 0;
  Status status_;
};

}  // namespace ripple::ingest
