#include "ingest/schema.h"

#include <cstring>

namespace ripple::ingest {
namespace {

constexpr FieldSpec kCalls[] = {
    {"ts", true}, {"caller", true}, {"callee", true}, {"duration_s", true}, {"cell_id", false}};
constexpr FieldSpec kSms[] = {
    {"ts", true}, {"sender", true}, {"receiver", true}, {"cell_id", false}};
constexpr FieldSpec kData[] = {{"ts", true},         {"msisdn", true},   {"host", true},
                               {"app", false},       {"bytes_up", true}, {"bytes_down", true},
                               {"duration_s", true}, {"cell_id", false}};
constexpr FieldSpec kLocations[] = {{"ts", true}, {"msisdn", true}, {"cell_id", true}};
constexpr FieldSpec kOrders[] = {
    {"ts", true}, {"msisdn", true}, {"product_id", true}, {"action", true}, {"channel", true}};
constexpr FieldSpec kDevices[] = {{"ts", true}, {"msisdn", true}, {"imei", true}};
constexpr FieldSpec kRecharges[] = {{"ts", true}, {"msisdn", true}, {"amount", true}};
constexpr FieldSpec kVisits[] = {{"ts", true}, {"msisdn", true}, {"channel", true}, {"page", true}};

constexpr FieldSpec kSubscribers[] = {{"msisdn", true},   {"gender", true},  {"birth_year", true},
                                      {"region", true},   {"plan_id", true}, {"monthly_fee", true},
                                      {"join_date", true}};
constexpr FieldSpec kCells[] = {
    {"cell_id", true}, {"lat", true}, {"lon", true}, {"area_id", true}, {"area_type", true}};
constexpr FieldSpec kHosts[] = {{"pattern", true}, {"match", true}, {"category", true}};
constexpr FieldSpec kTac[] = {
    {"tac", true}, {"brand", true}, {"model", true}, {"release_year", true}, {"price_tier", true}};
constexpr FieldSpec kProducts[] = {
    {"product_id", true}, {"name", true}, {"category", true}, {"price", true}};

const Schema kFeedSchemas[kFeedCount] = {{"calls", kCalls},         {"sms", kSms},
                                         {"data", kData},           {"locations", kLocations},
                                         {"orders", kOrders},       {"devices", kDevices},
                                         {"recharges", kRecharges}, {"visits", kVisits}};
const Schema kTableSchemas[kTableCount] = {{"subscribers", kSubscribers},
                                           {"cells", kCells},
                                           {"hosts", kHosts},
                                           {"tac", kTac},
                                           {"products", kProducts}};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const Schema& FeedSchema(Feed feed) { return kFeedSchemas[static_cast<int>(feed)]; }
const Schema& TableSchema(Table table) { return kTableSchemas[static_cast<int>(table)]; }

int SplitCsvLine(std::string_view line, std::string_view* fields, int max_fields,
                 std::string& scratch) {
  if (line.find('"') == std::string_view::npos) {
    int n = 0;
    size_t start = 0;
    while (true) {
      const void* comma = std::memchr(line.data() + start, ',', line.size() - start);
      size_t end = comma ? static_cast<const char*>(comma) - line.data() : line.size();
      if (n == max_fields) return -1;
      fields[n++] = line.substr(start, end - start);
      if (comma == nullptr) return n;
      start = end + 1;
    }
  }
  // Slow path: quoted fields. Unescaped text goes to scratch; reserve so views stay valid.
  scratch.clear();
  scratch.reserve(line.size());
  int n = 0;
  size_t i = 0;
  while (true) {
    if (n == max_fields) return -1;
    if (i < line.size() && line[i] == '"') {
      size_t out_start = scratch.size();
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        scratch.push_back(line[i++]);
      }
      if (!closed || (i < line.size() && line[i] != ',')) return -1;
      fields[n++] = std::string_view(scratch.data() + out_start, scratch.size() - out_start);
    } else {
      size_t end = line.find(',', i);
      if (end == std::string_view::npos) end = line.size();
      fields[n++] = line.substr(i, end - i);
      i = end;
    }
    if (i >= line.size()) return n;
    ++i;  // skip the comma
  }
}

Result<ColumnBinding> BindCsvHeader(std::string_view header, const Schema& schema,
                                    const std::string& path) {
  if (header.size() >= 3 && static_cast<unsigned char>(header[0]) == 0xEF) header.remove_prefix(3);
  std::string_view cols[64];
  std::string scratch;
  int n = SplitCsvLine(header, cols, 64, scratch);
  if (n <= 0) return Status::InvalidArgument(path + ": line 1: cannot read the header row");
  ColumnBinding binding;
  binding.header_columns = n;
  for (size_t f = 0; f < schema.fields.size(); ++f) {
    binding.column[f] = -1;
    for (int c = 0; c < n; ++c) {
      if (Trim(cols[c]) == schema.fields[f].name) binding.column[f] = c;
    }
    if (binding.column[f] < 0) {
      std::string expected;
      for (const auto& spec : schema.fields)
        expected += (expected.empty() ? "" : ",") + std::string(spec.name);
      return Status::InvalidArgument(path + ": line 1: missing column '" +
                                     std::string(schema.fields[f].name) + "' (expected " +
                                     expected + "; found " + std::string(header) + ")");
    }
  }
  return binding;
}

}  // namespace ripple::ingest
