// Field schemas of every file of the data contract, and binding a CSV header to them.
//
// A schema lists a file's fields in canonical order; parsers (CSV or JSON) fill a FieldViews
// array in that order so one validator serves both formats. Unknown extra columns are ignored;
// a missing column is an error naming the file and the column.
// Thread-safety: schemas are immutable statics.
#pragma once

#include <array>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "ingest/record.h"

namespace ripple::ingest {

constexpr int kMaxFields = 12;

struct FieldSpec {
  std::string_view name;
  bool required;  // false: the value may be empty
};

struct Schema {
  std::string_view stem;  // file stem, e.g. "calls"
  std::span<const FieldSpec> fields;
};

enum class Table : uint8_t { kSubscribers, kCells, kHosts, kTac, kProducts };
constexpr int kTableCount = 5;

const Schema& FeedSchema(Feed feed);
const Schema& TableSchema(Table table);

// Field values of one record in schema order (views into the line or a scratch buffer).
struct FieldViews {
  std::array<std::string_view, kMaxFields> value;
  std::string_view operator[](int i) const { return value[static_cast<size_t>(i)]; }
};

// Column index in the CSV for each schema field, and the header's column count.
struct ColumnBinding {
  std::array<int, kMaxFields> column{};
  int header_columns = 0;
};

Result<ColumnBinding> BindCsvHeader(std::string_view header, const Schema& schema,
                                    const std::string& path);

// Splits one CSV line (RFC 4180 quotes allowed) into at most `max_fields` views. Quoted fields
// are unescaped into `scratch` (reserved once, reused per line: no allocation in steady
// state). Returns the number of fields, or -1 when there are more than max_fields or a quote is
// unbalanced.
int SplitCsvLine(std::string_view line, std::string_view* fields, int max_fields,
                 std::string& scratch);

}  // namespace ripple::ingest
