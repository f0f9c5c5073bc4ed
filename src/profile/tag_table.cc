#include "profile/tag_table.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/hash.h"

namespace ripple::profile {
namespace {

constexpr std::array<std::string_view, kDimensionCount> kDimensionNames = {
    "basic",    "plan",     "consumption", "usage",   "communication", "interest",
    "location", "terminal", "social",      "channel", "marketing"};

constexpr char kTagTableMagic[8] = {'R', 'I', 'P', 'T', 'A', 'G', 'S', '1'};

// Appends raw little-endian values; the machine is x86 (see CMakeLists: -march).
class Out {
 public:
  template <typename T>
  void Put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    buf_.append(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  template <typename T>
  void PutVector(const std::vector<T>& v) {
    Put<uint64_t>(v.size());
    if (!v.empty()) buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  void PutString(std::string_view s) {
    Put<uint64_t>(s.size());
    buf_.append(s);
  }
  std::string& buf() { return buf_; }

 private:
  std::string buf_;
};

class In {
 public:
  explicit In(std::string_view data) : data_(data) {}
  template <typename T>
  bool Get(T* v) {
    if (data_.size() - pos_ < sizeof(T)) return false;
    std::memcpy(v, data_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  template <typename T>
  bool GetVector(std::vector<T>* v) {
    uint64_t n;
    if (!Get(&n) || n > (data_.size() - pos_) / sizeof(T)) return false;
    v->resize(n);
    if (n != 0) std::memcpy(v->data(), data_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool GetString(std::string* s) {
    uint64_t n;
    if (!Get(&n) || n > data_.size() - pos_) return false;
    s->assign(data_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  bool AtEnd() const { return pos_ == data_.size(); }

 private:
  std::string_view data_;
  size_t pos_ = 0;
};

// Up to 4 decimals, trailing zeros dropped, "-0" as "0"; no allocation.
void AppendNumber(float v, std::string* out) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, 4);
  if (ec != std::errc()) {
    out->append(fmt::format("{}", v));
    return;
  }
  char* p = end;
  while (p > buf && p[-1] == '0') --p;
  if (p > buf && p[-1] == '.') --p;
  if (p - buf == 2 && buf[0] == '-' && buf[1] == '0') {
    out->push_back('0');
    return;
  }
  out->append(buf, p);
}

std::string FormatNumber(float v) {
  std::string s;
  AppendNumber(v, &s);
  return s;
}

}  // namespace

std::string_view DimensionName(Dimension d) { return kDimensionNames[static_cast<int>(d)]; }

bool ParseDimension(std::string_view name, Dimension* out) {
  for (int i = 0; i < kDimensionCount; ++i) {
    if (kDimensionNames[i] == name) {
      *out = static_cast<Dimension>(i);
      return true;
    }
  }
  return false;
}

std::string_view TagTypeName(TagType t) {
  switch (t) {
    case TagType::kFlag:
      return "flag";
    case TagType::kNumber:
      return "number";
    case TagType::kText:
      return "text";
    case TagType::kSet:
      return "set";
  }
  return "?";
}

bool TagColumn::Has(Row r) const {
  switch (type) {
    case TagType::kFlag:
    case TagType::kNumber:
      return !std::isnan(numbers[r]);
    case TagType::kText:
      return codes[r] != kNoCode;
    case TagType::kSet:
      return set_offsets[r + 1] > set_offsets[r];
  }
  return false;
}

uint32_t TagColumn::FindCode(std::string_view text) const {
  for (size_t i = 0; i < dictionary.size(); ++i) {
    if (dictionary[i] == text) return static_cast<uint32_t>(i);
  }
  return kNoCode;
}

uint32_t TagColumn::InternCode(std::string_view text) {
  uint64_t h = HashString(text);
  auto it = std::lower_bound(intern_index_.begin(), intern_index_.end(),
                             std::pair<uint64_t, uint32_t>{h, 0});
  for (; it != intern_index_.end() && it->first == h; ++it) {
    if (dictionary[it->second] == text) return it->second;
  }
  uint32_t code = static_cast<uint32_t>(dictionary.size());
  dictionary.emplace_back(text);
  intern_index_.insert(std::upper_bound(intern_index_.begin(), intern_index_.end(),
                                        std::pair<uint64_t, uint32_t>{h, UINT32_MAX}),
                       {h, code});
  return code;
}

void TagColumn::AppendValue(Row r, std::string* out) const {
  switch (type) {
    case TagType::kFlag:
      out->push_back('1');
      return;
    case TagType::kNumber:
      AppendNumber(numbers[r], out);
      return;
    case TagType::kText:
      out->append(dictionary[codes[r]]);
      return;
    case TagType::kSet:
      out->append(ValueText(r));
      return;
  }
}

std::string TagColumn::ValueText(Row r) const {
  if (!Has(r)) return {};
  switch (type) {
    case TagType::kFlag:
      return "1";
    case TagType::kNumber:
      return FormatNumber(numbers[r]);
    case TagType::kText:
      return dictionary[codes[r]];
    case TagType::kSet: {
      std::string s;
      for (uint32_t i = set_offsets[r]; i < set_offsets[r + 1]; ++i) {
        if (!s.empty()) s += '|';
        s += dictionary[set_codes[i]];
      }
      return s;
    }
  }
  return {};
}

TagTable::TagTable(std::vector<uint64_t> pseudonyms, std::vector<PhoneKey> msisdns,
                   int64_t as_of_day)
    : pseudonyms_(std::move(pseudonyms)), msisdns_(std::move(msisdns)), as_of_day_(as_of_day) {
  msisdns_.resize(pseudonyms_.size(), kNoPhone);
}

int64_t TagTable::FindMsisdn(PhoneKey msisdn) const {
  if (msisdn_index_.size() != msisdns_.size()) {
    msisdn_index_.clear();
    msisdn_index_.reserve(msisdns_.size());
    for (Row r = 0; r < msisdns_.size(); ++r) msisdn_index_.push_back({msisdns_[r], r});
    std::sort(msisdn_index_.begin(), msisdn_index_.end());
  }
  auto it = std::lower_bound(msisdn_index_.begin(), msisdn_index_.end(),
                             std::pair<PhoneKey, Row>{msisdn, 0});
  if (it == msisdn_index_.end() || it->first != msisdn) return -1;
  return it->second;
}

TagColumn& TagTable::AddColumn(std::string id, Dimension dimension, TagType type,
                               std::string description) {
  int existing = Find(id);
  if (existing >= 0) return columns_[existing];
  TagColumn& c = columns_.emplace_back();
  c.id = std::move(id);
  c.dimension = dimension;
  c.type = type;
  c.description = std::move(description);
  switch (type) {
    case TagType::kFlag:
    case TagType::kNumber:
      c.numbers.assign(rows(), std::nanf(""));
      break;
    case TagType::kText:
      c.codes.assign(rows(), kNoCode);
      break;
    case TagType::kSet:
      c.set_offsets.assign(rows() + 1, 0);
      break;
  }
  return c;
}

int TagTable::Find(std::string_view id) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

Status TagTable::Save(const std::string& path) const {
  Out out;
  out.buf().append(kTagTableMagic, sizeof(kTagTableMagic));
  out.Put<int64_t>(as_of_day_);
  out.PutVector(pseudonyms_);
  out.PutVector(msisdns_);
  out.Put<uint64_t>(columns_.size());
  for (const TagColumn& c : columns_) {
    out.PutString(c.id);
    out.Put<uint8_t>(static_cast<uint8_t>(c.dimension));
    out.Put<uint8_t>(static_cast<uint8_t>(c.type));
    out.PutString(c.description);
    out.PutVector(c.numbers);
    out.PutVector(c.codes);
    out.PutVector(c.set_offsets);
    out.PutVector(c.set_codes);
    out.PutVector(c.set_scores);
    out.Put<uint64_t>(c.dictionary.size());
    for (const std::string& d : c.dictionary) out.PutString(d);
  }
  out.Put<uint64_t>(HashBytes(out.buf().data(), out.buf().size()));

  // Written to a temporary name and renamed, so a reader never sees half a snapshot.
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
    f.write(out.buf().data(), static_cast<std::streamsize>(out.buf().size()));
    if (!f.flush()) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

Result<TagTable> TagTable::Load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    return Status::NotFound("no profile snapshot at " + path +
                            " (run `ripple batch` with this --out first)");
  }
  std::string data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  auto corrupt = [&](const char* what) {
    return Status::Corruption(path + ": not a readable profile snapshot (" + what +
                              "); rerun `ripple batch`");
  };
  if (data.size() < sizeof(kTagTableMagic) + 8 ||
      std::memcmp(data.data(), kTagTableMagic, sizeof(kTagTableMagic)) != 0)
    return corrupt("bad header");
  uint64_t stored_sum;
  std::memcpy(&stored_sum, data.data() + data.size() - 8, 8);
  if (HashBytes(data.data(), data.size() - 8) != stored_sum) return corrupt("checksum mismatch");

  In in(std::string_view(data).substr(sizeof(kTagTableMagic),
                                      data.size() - sizeof(kTagTableMagic) - 8));
  TagTable t;
  uint64_t ncols;
  if (!in.Get(&t.as_of_day_) || !in.GetVector(&t.pseudonyms_) || !in.GetVector(&t.msisdns_) ||
      t.msisdns_.size() != t.pseudonyms_.size() || !in.Get(&ncols)) {
    return corrupt("truncated rows");
  }
  const size_t rows = t.rows();
  for (uint64_t i = 0; i < ncols; ++i) {
    TagColumn& c = t.columns_.emplace_back();
    uint8_t dim, type;
    uint64_t ndict;
    if (!in.GetString(&c.id) || !in.Get(&dim) || !in.Get(&type) || dim >= kDimensionCount ||
        type > static_cast<uint8_t>(TagType::kSet) || !in.GetString(&c.description) ||
        !in.GetVector(&c.numbers) || !in.GetVector(&c.codes) || !in.GetVector(&c.set_offsets) ||
        !in.GetVector(&c.set_codes) || !in.GetVector(&c.set_scores) || !in.Get(&ndict)) {
      return corrupt("truncated column");
    }
    c.dimension = static_cast<Dimension>(dim);
    c.type = static_cast<TagType>(type);
    for (uint64_t d = 0; d < ndict; ++d) {
      if (!in.GetString(&c.dictionary.emplace_back())) return corrupt("truncated dictionary");
    }
    bool sized = true;
    switch (c.type) {
      case TagType::kFlag:
      case TagType::kNumber:
        sized = c.numbers.size() == rows;
        break;
      case TagType::kText:
        sized = c.codes.size() == rows &&
                std::all_of(c.codes.begin(), c.codes.end(),
                            [&](uint32_t x) { return x == kNoCode || x < ndict; });
        break;
      case TagType::kSet:
        sized = c.set_offsets.size() == rows + 1 && c.set_offsets.front() == 0 &&
                std::is_sorted(c.set_offsets.begin(), c.set_offsets.end()) &&
                c.set_offsets.back() == c.set_codes.size() &&
                c.set_scores.size() == c.set_codes.size() &&
                std::all_of(c.set_codes.begin(), c.set_codes.end(),
                            [&](uint32_t x) { return x < ndict; });
        break;
    }
    if (!sized) return corrupt("column size mismatch");
  }
  if (!in.AtEnd()) return corrupt("trailing bytes");
  return t;
}

}  // namespace ripple::profile
