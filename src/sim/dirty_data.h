// Malformed lines injected into the feed files (--dirty F), each with exactly one defect so the
// reason a validator must give is unambiguous (docs/data-contract.md). A dirty line is made from
// a clean record just written (or, for duplicates, one a few lines back), so its other fields -
// timestamp, parties, cell - are valid and on time.
//
// Which positions get a dirty line comes from a hash of (seed, feed, position), independent of the
// clean world's random streams: the clean records are the same for every F. Kinds rotate through
// the ones that apply to the feed, so every kind appears once a feed has a few dirty lines.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/rng.h"
#include "sim/events.h"
#include "sim/world.h"

namespace ripple::sim {

enum class DirtyKind : uint8_t {
  kWrongFieldCount,
  kMissingField,
  kBadTimestamp,
  kTimestampOutOfRange,
  kBadNumber,
  kUnknownSubscriber,
  kNoSubscriberParty,
  kBadInteger,
  kBadAmount,
  kUnknownCell,
  kUnknownProduct,
  kBadImei,
  kBadValue,
  kDuplicate,
};
// The contract's reason code, e.g. "wrong_field_count".
std::string_view DirtyKindName(DirtyKind kind);
// The kinds that apply to a feed, in rotation order.
std::span<const DirtyKind> DirtyKindsFor(Feed feed);

// Whether a dirty line follows the clean record at `position` (0-based among the feed's clean
// records) when a fraction `fraction` of lines should be dirty.
bool ShouldInject(uint64_t seed, Feed feed, uint64_t position, double fraction);
// The random stream for the dirty line at `position`.
Rng DirtyRng(uint64_t seed, Feed feed, uint64_t position);

// The malformed line (with newline) of `kind` made from the source record `e`, whose clean CSV
// line is `clean_line` (with newline). For kDuplicate, `flipped_line` is the same record with ts
// in the other form; one of the two is returned.
std::string MakeDirtyLine(const World& world, Feed feed, DirtyKind kind, const Event& e,
                          std::string_view clean_line, std::string_view flipped_line, Rng& rng);

}  // namespace ripple::sim
