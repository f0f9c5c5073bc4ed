// Typed records of the event feeds, as ingest hands them downstream.
//
// One flat struct for every feed (a superset of their fields, named as in the data contract)
// so that records move through arrays and switch statements without allocation or virtual
// dispatch. Fields a feed does not have stay at their zero/"none" values. Strings (hosts, apps,
// pages) are interned ids in the ingest's StringTable; phone numbers are canonical PhoneKeys;
// subscribers and cells are dense ids from the reference tables.
// Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "core/feed.h"
#include "core/phone_number.h"

namespace ripple::ingest {

using SubscriberId = uint32_t;  // dense, 0..subscribers-1, in subscribers.csv order
using CellId = uint32_t;        // dense, in cells.csv order
using ProductId = uint32_t;     // dense, in products.csv order
using StringId = uint32_t;      // interned text (host, app, page)
constexpr SubscriberId kNoSubscriber = UINT32_MAX;  // an off-net party
constexpr CellId kNoCell = UINT32_MAX;
constexpr StringId kNoString = UINT32_MAX;

// The feeds are core vocabulary; ingest names them as its own.
using ::ripple::Feed;
using ::ripple::FeedFromType;
using ::ripple::FeedStem;
using ::ripple::FeedType;
using ::ripple::kAllFeeds;
using ::ripple::kFeedCount;

enum class OrderAction : uint8_t { kNone, kSubscribe, kUnsubscribe };
// Channels of orders and visits.
enum class Channel : uint8_t { kNone, kApp, kWeb, kSms, kOutbound, kShop };
std::string_view ChannelName(Channel channel);

struct Record {
  Feed feed = Feed::kCalls;
  OrderAction action = OrderAction::kNone;  // orders
  Channel channel = Channel::kNone;         // orders, visits
  int64_t ts_ms = 0;                        // event time
  PhoneKey from = kNoPhone;                 // caller, sender, or the msisdn of per-subscriber feeds
  PhoneKey to = kNoPhone;                   // callee, receiver
  SubscriberId from_sub = kNoSubscriber;    // dense id of `from` when on-net
  SubscriberId to_sub = kNoSubscriber;      // dense id of `to` when on-net
  CellId cell = kNoCell;
  uint32_t duration_s = 0;    // calls, data
  StringId host = kNoString;  // data
  StringId app = kNoString;   // data; kNoString when the probe could not name it
  StringId page = kNoString;  // visits
  ProductId product = 0;      // orders
  uint64_t bytes_up = 0;      // data
  uint64_t bytes_down = 0;    // data
  int64_t amount_cents = 0;   // recharges
  uint64_t imei = 0;          // devices: the IMEI's digits; TAC = imei / 10^(digits-8)
  uint8_t imei_digits = 0;    // 15 (IMEI) or 16 (IMEISV)

  uint32_t Tac() const;
};

}  // namespace ripple::ingest
