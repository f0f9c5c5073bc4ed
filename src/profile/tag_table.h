// TagTable: the computed tags of every subscriber, column by column — the profile snapshot.
//
// One row per subscriber (row = dense SubscriberId of the batch that built it), one TagColumn per
// tag. Columns are flat arrays so that a segment term over ten million subscribers is one scan
// of one array:
//   kFlag    numbers[row] is 1 (holds) or NaN (does not hold / unknown)
//   kNumber  numbers[row] is the value, NaN when unknown (no data, division by zero)
//   kText    codes[row] indexes dictionary, kNoCode when unknown
//   kSet     the values of row r are set_codes/set_scores[set_offsets[r] .. set_offsets[r+1]),
//            codes into dictionary, scores in [0, 1]; an empty range = holds none
// Rows also carry each subscriber's pseudonym and msisdn (PhoneKey) so that the snapshot alone
// answers "the profile of this number" and can be written with either identity.
//
// Invariants: every column has exactly rows() entries (set_offsets rows()+1, non-decreasing);
// codes < dictionary.size() or kNoCode; column ids are unique.
// Thread-safety: immutable once built; concurrent readers are safe. Building is single-writer.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/phone_number.h"
#include "core/status.h"

namespace ripple::profile {

using Row = uint32_t;

enum class Dimension : uint8_t {
  kBasic,
  kPlan,
  kConsumption,
  kUsage,
  kCommunication,
  kInterest,
  kLocation,
  kTerminal,
  kSocial,
  kChannel,
  kMarketing,
};
constexpr int kDimensionCount = 11;
std::string_view DimensionName(Dimension d);
// False when `name` is not one of the lower-case names above ("basic", "plan", …).
bool ParseDimension(std::string_view name, Dimension* out);

enum class TagType : uint8_t { kFlag, kNumber, kText, kSet };
std::string_view TagTypeName(TagType t);

constexpr uint32_t kNoCode = UINT32_MAX;

struct TagColumn {
  std::string id;
  Dimension dimension = Dimension::kBasic;
  TagType type = TagType::kNumber;
  std::string description;

  std::vector<float> numbers;           // kFlag, kNumber
  std::vector<uint32_t> codes;          // kText
  std::vector<uint32_t> set_offsets;    // kSet
  std::vector<uint32_t> set_codes;      // kSet
  std::vector<float> set_scores;        // kSet
  std::vector<std::string> dictionary;  // kText, kSet

  // True when row `r` has a value (a flag that holds, a number, a text, a non-empty set).
  bool Has(Row r) const;
  // The code of `text` in the dictionary, kNoCode when absent. Linear; for queries, not rows.
  uint32_t FindCode(std::string_view text) const;
  // Adds `text` to the dictionary if missing and returns its code (builder use; linear only
  // for dictionaries up to 64 entries, hashed beyond).
  uint32_t InternCode(std::string_view text);
  // The value of row `r` as written in tags.csv: "1" for a flag, the number with up to 4
  // significant decimals, the text; for a set the values joined by '|'. Empty when !Has(r).
  std::string ValueText(Row r) const;
  // Appends ValueText(r) to *out, without allocating for flags, numbers and texts.
  // REQUIRES: Has(r).
  void AppendValue(Row r, std::string* out) const;

 private:
  std::vector<std::pair<uint64_t, uint32_t>> intern_index_;  // builder only, not saved
};

class TagTable {
 public:
  TagTable() = default;
  // A table of `pseudonyms.size()` rows and no columns yet.
  TagTable(std::vector<uint64_t> pseudonyms, std::vector<PhoneKey> msisdns, int64_t as_of_day);

  size_t rows() const { return pseudonyms_.size(); }
  int64_t as_of_day() const { return as_of_day_; }  // the local day the windows end on
  uint64_t pseudonym(Row r) const { return pseudonyms_[r]; }
  PhoneKey msisdn(Row r) const { return msisdns_[r]; }
  // The row of `msisdn`, or -1. Builds a hash index on first use (not thread-safe the first
  // time: call once before sharing the table).
  int64_t FindMsisdn(PhoneKey msisdn) const;

  // Appends a column sized for rows() (numbers NaN, codes kNoCode, empty sets). Returns it.
  // REQUIRES: no column with that id yet (else the existing one is returned unchanged).
  TagColumn& AddColumn(std::string id, Dimension dimension, TagType type,
                       std::string description = {});
  const std::vector<TagColumn>& columns() const { return columns_; }
  std::vector<TagColumn>& mutable_columns() { return columns_; }
  // Index of the column `id`, or -1.
  int Find(std::string_view id) const;

  // Binary snapshot (little-endian, versioned, checksummed). Errors name the path.
  Status Save(const std::string& path) const;
  static Result<TagTable> Load(const std::string& path);

 private:
  std::vector<uint64_t> pseudonyms_;
  std::vector<PhoneKey> msisdns_;
  int64_t as_of_day_ = 0;
  std::vector<TagColumn> columns_;
  mutable std::vector<std::pair<PhoneKey, Row>> msisdn_index_;  // sorted, built lazily
};

}  // namespace ripple::profile
