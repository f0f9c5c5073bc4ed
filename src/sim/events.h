// Simulated events in their compact in-memory form, before they are written as CSV or JSON.
//
// One 40-byte struct serves every feed; which fields mean what depends on the feed (see the field
// comments). Times: `ts_ms` is the event time, `ts_ms + delay_ms` the arrival time by which the
// feed files are ordered. An event flagged kLate is delayed by hours; every other event's delay is
// at most kMaxOnTimeDelayMs, well inside the consumer's out-of-order bound, so it is never late.
// A kLate event is late where it is written unless nothing newer came before it (at the very end
// of a run): the writers list the ones that really are.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/feed.h"

namespace ripple::sim {

using ::ripple::Feed;  // the contract's feeds (core/feed.h)
using ::ripple::FeedStem;
using ::ripple::FeedType;
using ::ripple::kFeedCount;
std::string_view FeedHeader(Feed feed);  // the contract's header row, without newline

constexpr uint32_t kMaxOnTimeDelayMs = 20 * 60 * 1000;
// The consumer's default out-of-order bound (docs/data-contract.md): a record whose ts is older
// than the newest ts seen in its source minus this is late.
constexpr int64_t kOutOfOrderBoundMs = 30 * 60 * 1000;

enum EventFlags : uint8_t {
  kIsoTs = 1,    // ts written as ISO-8601 (else epoch ms)
  kUtcTs = 2,    // ISO written with offset +00:00 (else the local +08:00)
  kLate = 4,     // arrives after the out-of-order bound
  kNoApp = 8,    // data: the probe could not name the app
  kNoCell = 16,  // calls/sms: the caller/sender is off-net, cell_id empty
};

struct Event {
  int64_t ts_ms;      // event time
  uint32_t delay_ms;  // arrival = ts_ms + delay_ms
  uint32_t a;         // caller, sender, or the subscriber (PartyId)
  uint32_t b;         // callee/receiver (PartyId); data: host id; orders: product index;
                      // visits: page index; recharges: amount in cents
  uint32_t cell;      // CellIndex (ignored with kNoCell)
  uint32_t v1;        // calls, data: duration_s; devices: IMEI high 32 bits
  uint32_t v2;        // data: bytes_up; devices: IMEI low 32 bits
  uint32_t v3;        // data: bytes_down
  uint8_t flags;      // EventFlags
  uint8_t code;       // orders: action (0 subscribe, 1 unsubscribe) << 4 | channel; visits: channel
  int64_t arrival_ms() const { return ts_ms + delay_ms; }
  uint64_t imei() const { return (uint64_t{v1} << 32) | v2; }
};
static_assert(sizeof(Event) == 40);

}  // namespace ripple::sim
