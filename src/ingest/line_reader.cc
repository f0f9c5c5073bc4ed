#include "ingest/line_reader.h"

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

namespace ripple::ingest {
namespace {
constexpr size_t kChunk = 4 << 20;

}  // namespace

Result<std::unique_ptr<LineReader>> LineReader::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
  void* gz = nullptr;
  if (path.ends_with(".gz")) {
    gz = gzdopen(fd, "rb");
    if (gz == nullptr) {
      ::close(fd);
      return Status::IoError("cannot open " + path + " as gzip");
    }
    gzbuffer(static_cast<gzFile>(gz), 1 << 18);
  }
  return std::unique_ptr<LineReader>(new LineReader(path, fd, gz));
}

LineReader::LineReader(std::string path, int fd, void* gz)
    : path_(std::move(path)), fd_(fd), gz_(gz), buf_(kChunk + kReadPadding) {}

LineReader::~LineReader() {
  if (gz_ != nullptr) {
    gzclose(static_cast<gzFile>(gz_));  // closes fd_ too
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
}

long LineReader::ReadRaw(char* dst, size_t n) {
  if (gz_ != nullptr) {
    int got = gzread(static_cast<gzFile>(gz_), dst, static_cast<unsigned>(n));
    int err = Z_OK;
    const char* message = gzerror(static_cast<gzFile>(gz_), &err);
    // A cut-off file reads as a short end of data with Z_BUF_ERROR: an error, not a clean end,
    // or its half-written last line would be taken as a record.
    if (got < 0 || (got == 0 && err != Z_OK && err != Z_STREAM_END)) {
      status_ =
          Status::IoError(path_ + ": gzip error: " + message + " (truncated or corrupt file?)");
      return -1;
    }
    return got;
  }
  while (true) {
    ssize_t got = ::read(fd_, dst, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) status_ = Status::IoError(path_ + ": read error: " + std::strerror(errno));
    return got;
  }
}

bool LineReader::Fill() {
  if (eof_ || !status_.ok()) return false;
  if (begin_ > 0) {
    std::memmove(buf_.data(), buf_.data() + begin_, end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (buf_.size() - kReadPadding - end_ < kChunk / 2) buf_.resize(buf_.size() * 2);
  long got = ReadRaw(buf_.data() + end_, buf_.size() - kReadPadding - end_);
  if (got <= 0) {
    eof_ = true;
    return false;
  }
  end_ += static_cast<size_t>(got);
  return true;
}

bool LineReader::Next(std::string_view* line) {
  while (true) {
    const char* start = buf_.data() + begin_;
    const void* nl = std::memchr(start, '\n', end_ - begin_);
    if (nl != nullptr) {
      size_t len = static_cast<const char*>(nl) - start;
      offset_ += len + 1;
      begin_ += len + 1;
      ++line_number_;
      if (len > 0 && start[len - 1] == '\r') --len;
      *line = std::string_view(start, len);
      return true;
    }
    if (!Fill()) {
      if (!status_.ok() || begin_ == end_) return false;
      // Last line without a trailing newline.
      size_t len = end_ - begin_;
      const char* s = buf_.data() + begin_;
      offset_ += len;
      begin_ = end_;
      ++line_number_;
      if (len > 0 && s[len - 1] == '\r') --len;
      *line = std::string_view(s, len);
      return true;
    }
  }
}

Status LineReader::SeekTo(uint64_t offset, uint64_t line_number) {
  // A resume point is always just after a '\n'. Reading that byte back proves the file still
  // reaches the offset (gzseek alone does not: on a read stream it only records the target).
  auto changed = [&] {
    return Status::IoError(path_ + ": cannot resume at byte " + std::to_string(offset) +
                           ": the file is shorter than at the checkpoint or changed since");
  };
  begin_ = end_ = 0;
  eof_ = false;
  status_ = Status::Ok();
  if (offset > 0) {
    bool seeked = gz_ != nullptr ? gzseek(static_cast<gzFile>(gz_),
                                          static_cast<z_off_t>(offset - 1), SEEK_SET) >= 0
                                 : ::lseek(fd_, static_cast<off_t>(offset - 1), SEEK_SET) >= 0;
    char last = 0;
    if (!seeked || ReadRaw(&last, 1) != 1 || last != '\n') return changed();
  }
  begin_ = end_ = 0;
  eof_ = false;
  offset_ = offset;
  line_number_ = line_number;
  return Status::Ok();
}

}  // namespace ripple::ingest
