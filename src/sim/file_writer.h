// Buffered output to a file or an inherited descriptor (stdout), with large write(2) calls and
// errors as Status values naming the path.
// Thread-safety: one thread per writer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "sim/text_format.h"

namespace ripple::sim {

class FileWriter {
 public:
  FileWriter() = default;
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Creates or truncates `path`.
  Status Open(const std::string& path);
  // Writes to an already open descriptor (not closed by Close()).
  void Attach(int fd, std::string name);

  // Appends text; flushes to the file when the buffer passes 4 MB.
  Status Write(std::string_view text);
  // Writes `text` straight through (after anything buffered).
  Status WriteDirect(std::string_view text);
  // Room for `n` bytes of formatting at the buffer's end (see CharBuffer).
  CharBuffer& buffer() { return buffer_; }
  Status MaybeFlush();
  Status Flush();
  Status Close();

  uint64_t bytes_written() const { return bytes_written_; }
  const std::string& name() const { return name_; }

 private:
  Status WriteAll(const char* data, size_t size);
  int fd_ = -1;
  bool owns_fd_ = false;
  std::string name_;
  CharBuffer buffer_;
  uint64_t bytes_written_ = 0;
};

// Writes a whole small file (reference tables, truth) in one go.
Status WriteTextFile(const std::string& path, std::string_view text);

}  // namespace ripple::sim
