#include "ingest/json_fields.h"

#include "ingest/line_reader.h"

namespace ripple::ingest {
namespace {
std::string_view TrimRight(std::string_view s) {
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}
}  // namespace

Reason JsonFieldReader::Read(std::string_view line, const Feed* fixed_feed, Feed* feed,
                             FieldViews* out) {
  using namespace simdjson;
  padded_string_view input(line.data(), line.size(), line.size() + LineReader::kReadPadding);
  ondemand::document doc;
  if (parser_.iterate(input).get(doc) != SUCCESS) return Reason::kBadJson;
  ondemand::object object;
  if (doc.get_object().get(object) != SUCCESS) return Reason::kBadJson;
  int n = 0;
  for (auto field_result : object) {
    ondemand::field field;
    if (std::move(field_result).get(field) != SUCCESS) return Reason::kBadJson;
    std::string_view key;
    if (field.unescaped_key().get(key) != SUCCESS) return Reason::kBadJson;
    ondemand::value value = field.value();
    ondemand::json_type type;
    if (value.type().get(type) != SUCCESS) return Reason::kBadJson;
    std::string_view text;
    switch (type) {
      case ondemand::json_type::string:
        if (value.get_string().get(text) != SUCCESS) return Reason::kBadJson;
        break;
      case ondemand::json_type::number:
        text = TrimRight(value.raw_json_token());
        break;
      case ondemand::json_type::null:
        text = std::string_view();
        if (!value.is_null()) return Reason::kBadJson;
        break;
      default:
        return Reason::kBadJson;
    }
    if (n == kMaxKeys) return Reason::kBadJson;
    keys_[n] = key;
    values_[n] = text;
    ++n;
  }
  // Anything after the closing brace makes the line a bad record, not a silently cut one.
  if (const char* rest; doc.current_location().get(rest) == SUCCESS) return Reason::kBadJson;

  std::string_view type_name;
  bool has_type = false;
  for (int i = 0; i < n; ++i) {
    if (keys_[i] == "type") {
      type_name = values_[i];
      has_type = true;
    }
  }
  if (fixed_feed != nullptr) {
    if (has_type && type_name != FeedType(*fixed_feed)) return Reason::kUnknownType;
    *feed = *fixed_feed;
  } else if (!has_type || !FeedFromType(type_name, feed)) {
    return Reason::kUnknownType;
  }
  const Schema& schema = FeedSchema(*feed);
  for (size_t f = 0; f < schema.fields.size(); ++f) {
    std::string_view v;
    for (int i = 0; i < n; ++i) {
      if (keys_[i] == schema.fields[f].name) v = values_[i];
    }
    out->value[f] = v;
  }
  return Reason::kAccepted;
}

}  // namespace ripple::ingest
