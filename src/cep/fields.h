// The fields a rule can name, and their values on one subscriber's view of a record.
//
// A record is seen by each on-net party it concerns: a call between two subscribers is an
// outgoing call in the caller's stream and an incoming one in the callee's (`direction`). Its
// fields are those of the data contract, plus fields derived from the reference tables and the
// profile: the cell's area (`area_type`, `area_id`, `roaming`), the host's interest category,
// the handset's model (from the IMEI's TAC), the product's category, local time, and whether
// the other party is a new contact. A value is one 64-bit word: numbers as double, texts as an
// interned id (so equality with a literal is one integer compare), booleans as 0/1.
//
// Roaming is a convention of the reference data, not a field of the feeds: a record is roaming
// when its cell's area_id starts with the configured prefix (default "ROAM-").
// Thread-safety: the catalogue is immutable; FieldReader is single-threaded (caches).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/feed.h"
#include "ingest/record.h"

namespace ripple::cep {

enum class FieldType : uint8_t {
  kNumber,  // double
  kText,    // interned id; which table is per field (TextSpace)
  kBool,
};

// Where a text field's ids come from: equality with a literal compares ids of one space.
enum class TextSpace : uint8_t {
  kNone,
  kRecordText,     // the ingest StringTable (host, app, page)
  kReferenceText,  // ReferenceData::texts() (area_type, area_id, product category)
  kEnum,           // a small fixed vocabulary (channel, action, direction, weekday, price tier…)
  kPhone,          // a canonical PhoneKey (other party); literals are parsed as numbers
  kCategory,       // a host category of the HostMatcher
  kDerived,        // texts the EngineContext interns: handset brand / model / price tier,
                   // product category
  kProduct,        // a product id of products.csv (dense ProductId)
};

enum class FieldId : uint8_t {
  // The record's own fields.
  kDurationS,
  kBytesUp,
  kBytesDown,
  kBytes,   // up + down
  kAmount,  // recharge amount in currency units
  kHost,
  kApp,
  kPage,
  kChannel,
  kAction,
  kProduct,  // product_id as text of the products table
  kOther,    // the other party of a call / SMS
  kDirection,
  kTac,
  // Derived.
  kAreaType,
  kAreaId,
  kRoaming,
  kCategory,
  kProductCategory,
  kBrand,
  kModel,
  kPriceTier,
  kHour,     // local hour 0..23
  kWeekday,  // mon..sun
  kNewContact,
  // The profile: the subscriber's tag value / segment membership (tag.ID, segment.NAME).
  kTag,
  kSegment,
};

struct FieldInfo {
  FieldId id;
  std::string_view name;
  FieldType type;
  TextSpace space;
  uint8_t feeds;  // bit (1 << Feed) for each feed that has it
  std::string_view help;
};

// Every named field (not tag.* / segment.*), in FieldId order.
const std::vector<FieldInfo>& FieldCatalogue();
// nullptr when unknown.
const FieldInfo* FindField(std::string_view name);
constexpr uint8_t FeedBit(Feed f) { return static_cast<uint8_t>(1u << static_cast<int>(f)); }
constexpr uint8_t kCellFeeds =
    FeedBit(Feed::kCalls) | FeedBit(Feed::kSms) | FeedBit(Feed::kData) | FeedBit(Feed::kLocations);

// Feed by rule spelling: plural stems ("calls") and singular JSONL types ("call").
bool FeedFromRuleName(std::string_view name, Feed* feed);

// The vocabulary of kEnum fields: id = index.
std::string_view EnumText(FieldId field, uint64_t id);
// UINT64_MAX when `text` is not in the field's vocabulary.
uint64_t EnumId(FieldId field, std::string_view text);
// The vocabulary of a kEnum field, for messages ("one of: ...").
std::vector<std::string_view> EnumValues(FieldId field);

}  // namespace ripple::cep
