// CsvRowParser: turns one CSV data line into FieldViews in schema order, using the column
// binding of the file's header. Views point into the line or the parser's scratch buffer and
// are valid until the next Parse().
// Thread-safety: one parser per thread.
#pragma once

#include <string>
#include <string_view>

#include "ingest/reject_reason.h"
#include "ingest/schema.h"

namespace ripple::ingest {

class CsvRowParser {
 public:
  CsvRowParser(const Schema& schema, const ColumnBinding& binding)
      : field_count_(static_cast<int>(schema.fields.size())), binding_(binding) {
    scratch_.reserve(4096);
  }
  // kAccepted when the line has the header's column count, else kWrongFieldCount.
  Reason Parse(std::string_view line, FieldViews* out) {
    int n = SplitCsvLine(line, columns_, kMaxColumns, scratch_);
    if (n != binding_.header_columns) return Reason::kWrongFieldCount;
    for (int f = 0; f < field_count_; ++f) out->value[f] = columns_[binding_.column[f]];
    return Reason::kAccepted;
  }

 private:
  static constexpr int kMaxColumns = 64;
  int field_count_;
  ColumnBinding binding_;
  std::string scratch_;
  std::string_view columns_[kMaxColumns];
};

}  // namespace ripple::ingest
