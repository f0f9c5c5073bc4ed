// The files of evaluated saved segments, in the folder given (OUT/profile):
//
// segments.csv — for people: a header line `name,count,expr,description`, then one line per
// segment in file order, RFC 4180 quoting; line breaks inside an expression are written as
// spaces.
//
// segments.bin — for programs (the server, `ripple segment --saved NAME`), little-endian:
//   magic     8 bytes  "RIPSEGS1" (the digit is the format version)
//   count     u64      number of segments
//   per segment, in file order:
//     name, expr, description   each a u64 byte length followed by the UTF-8 bytes
//     members   u64      the number of members (the bitmap's cardinality)
//     bitmap    u64 byte length + CRoaring's portable serialization (Roaring::write), the same
//                        format the Java and Go Roaring libraries read
//   checksum  u64      ripple::HashBytes of every byte before it
// A reader rejects a file whose magic, checksum, lengths, or bitmap cardinalities do not match
// as Corruption, and never deserializes a bitmap before its bytes have passed the checksum.
//
// Both files are written to a temporary name and renamed, so a reader sees the old or the new
// file, never a half-written one.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <roaring/roaring.hh>
#include <sstream>

#include "core/hash.h"
#include "profile/segment.h"

namespace ripple::profile {
namespace {

constexpr char kMagic[8] = {'R', 'I', 'P', 'S', 'E', 'G', 'S', '1'};
// The first word of CRoaring's portable serialization (RoaringFormatSpec).
constexpr uint32_t kCookieNoRuns = 12346;
constexpr uint32_t kCookieRuns = 12347;

std::string CsvField(std::string_view s) {
  std::string v;
  for (char c : s) v += (c == '\n' || c == '\r') ? ' ' : c;
  if (v.find_first_of(",\"") == std::string::npos) return v;
  std::string q = "\"";
  for (char c : v) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

Status WriteAtomically(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
    f.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!f.flush()) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

void PutU64(std::string& out, uint64_t v) { out.append(reinterpret_cast<const char*>(&v), 8); }
void PutString(std::string& out, std::string_view s) {
  PutU64(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool U64(uint64_t* v) {
    if (data_.size() - pos_ < 8) return false;
    std::memcpy(v, data_.data() + pos_, 8);
    pos_ += 8;
    return true;
  }
  bool String(std::string* s) {
    uint64_t n;
    if (!U64(&n) || n > data_.size() - pos_) return false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

Status WriteSavedSegments(const std::vector<SavedSegmentResult>& results, const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());

  std::string bin(kMagic, sizeof kMagic);
  PutU64(bin, results.size());
  std::string csv = "name,count,expr,description\n";
  for (const SavedSegmentResult& r : results) {
    PutString(bin, r.name);
    PutString(bin, r.expr);
    PutString(bin, r.description);
    PutU64(bin, r.count);
    PutString(bin, r.bitmap);
    csv += CsvField(r.name) + "," + std::to_string(r.count) + "," + CsvField(r.expr) + "," +
           CsvField(r.description) + "\n";
  }
  PutU64(bin, HashBytes(bin.data(), bin.size()));
  RETURN_IF_ERROR(WriteAtomically(dir + "/segments.bin", bin));
  return WriteAtomically(dir + "/segments.csv", csv);
}

Result<std::vector<SavedSegmentResult>> ReadSavedSegments(const std::string& dir) {
  const std::string path = dir + "/segments.bin";
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return Status::NotFound("no saved segments at " + path +
                            " (run `ripple batch` with config/segments.yaml first)");
  }
  std::stringstream buf;
  buf << f.rdbuf();
  const std::string data = buf.str();
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption(path + ": not a readable saved segments file (" + what +
                              "); rerun `ripple batch`");
  };
  if (data.size() < sizeof kMagic + 16 || std::memcmp(data.data(), kMagic, sizeof kMagic) != 0) {
    return corrupt("bad header");
  }
  uint64_t stored_sum;
  std::memcpy(&stored_sum, data.data() + data.size() - 8, 8);
  if (HashBytes(data.data(), data.size() - 8) != stored_sum) return corrupt("checksum mismatch");

  Reader in(std::string_view(data).substr(sizeof kMagic, data.size() - sizeof kMagic - 8));
  uint64_t n;
  if (!in.U64(&n)) return corrupt("truncated");
  std::vector<SavedSegmentResult> results;
  for (uint64_t i = 0; i < n; ++i) {
    SavedSegmentResult r;
    if (!in.String(&r.name) || !in.String(&r.expr) || !in.String(&r.description) ||
        !in.U64(&r.count) || !in.String(&r.bitmap)) {
      return corrupt("truncated segment " + std::to_string(i + 1));
    }
    // CRoaring prints to stderr on a bad cookie and throws when it cannot read a bitmap;
    // neither should reach the caller.
    uint32_t cookie = 0;
    if (r.bitmap.size() >= 4) std::memcpy(&cookie, r.bitmap.data(), 4);
    if (cookie != kCookieNoRuns && (cookie & 0xFFFF) != kCookieRuns) {
      return corrupt("bitmap of segment '" + r.name + "' is not a Roaring bitmap");
    }
    try {
      Roaring members = Roaring::readSafe(r.bitmap.data(), r.bitmap.size());
      if (members.getSizeInBytes() != r.bitmap.size() || members.cardinality() != r.count) {
        return corrupt("bitmap of segment '" + r.name + "' does not match its count");
      }
    } catch (const std::exception& e) {
      return corrupt("bitmap of segment '" + r.name + "' unreadable: " + e.what());
    }
    results.push_back(std::move(r));
  }
  if (!in.AtEnd()) return corrupt("trailing bytes");
  return results;
}

}  // namespace ripple::profile
