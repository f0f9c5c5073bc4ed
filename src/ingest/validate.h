// Validation of one event record: field values in schema order -> a typed Record, or the
// reason it is rejected. One validator per feed, shared by the CSV and JSON parsers, checking in
// the order docs/data-contract.md lists so a record gets the first reason that applies.
// Thread-safety: a context per thread (the string table is written).
#pragma once

#include <cstdint>

#include "core/phone_number.h"
#include "ingest/record.h"
#include "ingest/reference.h"
#include "ingest/reject_reason.h"
#include "ingest/schema.h"
#include "ingest/string_table.h"

namespace ripple::ingest {

struct ValidationOptions {
  int64_t min_ts_ms = 946684800000;  // 2000-01-01T00:00:00Z
  int64_t max_ts_ms = 0;             // set from the wall clock + 1 day by the caller
  PhoneNumberRules phone;
};

struct ValidationContext {
  const ReferenceData* reference;
  StringTable* strings;  // interns hosts, apps and pages
  ValidationOptions options;
};

Reason ValidateRecord(Feed feed, const FieldViews& fields, ValidationContext& ctx, Record* out);

// A hash of every field of a validated record, with ts as an instant: two records with the same
// fingerprint are the same event (the duplicate rule of the data contract). Texts and reference
// ids are hashed by content, not by dense id, so fingerprints saved in a checkpoint stay valid
// when a restart re-reads reordered reference tables.
uint64_t Fingerprint(const Record& r, const ValidationContext& ctx);

}  // namespace ripple::ingest
