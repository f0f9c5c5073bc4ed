#include "sim/file_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ripple::sim {
namespace {
constexpr size_t kFlushBytes = size_t{4} << 20;
}

FileWriter::~FileWriter() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

Status FileWriter::Open(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  fd_ = fd;
  owns_fd_ = true;
  name_ = path;
  return Status::Ok();
}

void FileWriter::Attach(int fd, std::string name) {
  fd_ = fd;
  owns_fd_ = false;
  name_ = std::move(name);
}

Status FileWriter::WriteAll(const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::IoError("cannot write " + name_ + ": " + std::strerror(errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
    bytes_written_ += static_cast<uint64_t>(n);
  }
  return Status::Ok();
}

Status FileWriter::Write(std::string_view text) {
  buffer_.Append(text);
  return MaybeFlush();
}

Status FileWriter::WriteDirect(std::string_view text) {
  RETURN_IF_ERROR(Flush());
  return WriteAll(text.data(), text.size());
}

Status FileWriter::MaybeFlush() { return buffer_.size() >= kFlushBytes ? Flush() : Status::Ok(); }

Status FileWriter::Flush() {
  Status st = WriteAll(buffer_.data(), buffer_.size());
  buffer_.Clear();
  return st;
}

Status FileWriter::Close() {
  Status st = Flush();
  if (owns_fd_ && fd_ >= 0) {
    if (::close(fd_) != 0 && st.ok()) {
      st = Status::IoError("cannot close " + name_ + ": " + std::strerror(errno));
    }
  }
  fd_ = -1;
  owns_fd_ = false;
  return st;
}

Status WriteTextFile(const std::string& path, std::string_view text) {
  FileWriter w;
  RETURN_IF_ERROR(w.Open(path));
  RETURN_IF_ERROR(w.WriteDirect(text));
  return w.Close();
}

}  // namespace ripple::sim
