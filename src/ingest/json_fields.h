// JsonFieldReader: reads one JSON Lines record into FieldViews in schema order.
//
// The line must be a flat JSON object. Strings are unescaped, numbers are taken as their
// literal text (so "ts": 1762050000000 and "ts": "2026-11-02T…" both reach the same timestamp
// validator), null is an empty value; nested objects, arrays and booleans are kBadJson. Views
// are valid until the next Read(). The line must have LineReader::kReadPadding readable bytes
// after it (simdjson reads ahead).
// Thread-safety: one reader per thread.
#pragma once

#include <simdjson.h>

#include <string_view>

#include "ingest/record.h"
#include "ingest/reject_reason.h"
#include "ingest/schema.h"

namespace ripple::ingest {

class JsonFieldReader {
 public:
  // Parses `line`. With `fixed_feed` the record belongs to that feed (a `type`, if present,
  // must name it); otherwise `type` picks the feed. On kAccepted `*feed` and `*out` are set.
  Reason Read(std::string_view line, const Feed* fixed_feed, Feed* feed, FieldViews* out);

 private:
  static constexpr int kMaxKeys = 32;
  simdjson::ondemand::parser parser_;
  std::string_view keys_[kMaxKeys];
  std::string_view values_[kMaxKeys];
};

}  // namespace ripple::ingest
