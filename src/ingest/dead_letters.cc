#include "ingest/dead_letters.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace ripple::ingest {
namespace fs = std::filesystem;
namespace {
constexpr std::string_view kHeader = "source,line,reason,raw\n";
}

void AppendCsvField(std::string& out, std::string_view field) {
  if (field.find_first_of(",\"\n\r") == std::string_view::npos) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

Result<std::unique_ptr<DeadLetters>> DeadLetters::Open(
    const std::string& dir, const std::vector<std::string>& stems,
    const std::map<std::string, uint64_t>& sizes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create dead-letter folder " + dir + ": " + ec.message());
  std::unique_ptr<DeadLetters> dl(new DeadLetters(dir));
  for (const std::string& stem : stems) {
    fs::path path = fs::path(dir) / (stem + ".csv");
    auto it = sizes.find(stem + ".csv");
    if (it == sizes.end()) {
      fs::remove(path, ec);
    } else {
      fs::resize_file(path, it->second, ec);
      if (ec) return Status::IoError("cannot truncate " + path.string() + ": " + ec.message());
    }
  }
  for (const auto& [name, size] : sizes) {
    std::string stem = name.substr(0, name.size() - 4);  // drop ".csv"
    if (std::find(stems.begin(), stems.end(), stem) == stems.end()) continue;
    std::string path = dir + "/" + name;
    FILE* f = std::fopen(path.c_str(), "ab");
    if (f == nullptr) return Status::IoError("cannot open " + path + ": " + std::strerror(errno));
    std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
    dl->files_[stem] = File{f, size};
  }
  return dl;
}

DeadLetters::~DeadLetters() {
  for (auto& [stem, file] : files_) std::fclose(file.f);
}

DeadLetters::File* DeadLetters::Get(std::string_view stem) {
  auto it = files_.find(stem);
  if (it != files_.end()) return &it->second;
  std::string path = dir_ + "/" + std::string(stem) + ".csv";
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) {
    if (error_.ok())
      error_ = Status::IoError("cannot create " + path + ": " + std::strerror(errno));
    return nullptr;
  }
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  std::fwrite(kHeader.data(), 1, kHeader.size(), f);
  File& file = files_[std::string(stem)];
  file = File{f, kHeader.size()};
  return &file;
}

void DeadLetters::Write(std::string_view stem, std::string_view source, uint64_t line,
                        Reason reason, std::string_view raw) {
  File* file = Get(stem);
  if (file == nullptr) return;
  line_.clear();
  AppendCsvField(line_, source);
  line_.push_back(',');
  line_.append(std::to_string(line));
  line_.push_back(',');
  line_.append(ReasonName(reason));
  line_.push_back(',');
  AppendCsvField(line_, raw);
  line_.push_back('\n');
  if (std::fwrite(line_.data(), 1, line_.size(), file->f) != line_.size() && error_.ok()) {
    error_ = Status::IoError("cannot write to " + dir_ + "/" + std::string(stem) + ".csv");
  }
  file->size += line_.size();
}

Status DeadLetters::Flush(bool sync) {
  for (auto& [stem, file] : files_) {
    if (std::fflush(file.f) != 0) return Status::IoError("cannot flush dead letters " + stem);
    if (sync) ::fdatasync(fileno(file.f));
  }
  return error_;
}

std::map<std::string, uint64_t> DeadLetters::Sizes() const {
  std::map<std::string, uint64_t> sizes;
  for (const auto& [stem, file] : files_) sizes[stem + ".csv"] = file.size;
  return sizes;
}

}  // namespace ripple::ingest
