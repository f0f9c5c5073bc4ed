#include "cep/fields.h"

#include <array>
#include <span>

namespace ripple::cep {
namespace {

constexpr uint8_t kComm = FeedBit(Feed::kCalls) | FeedBit(Feed::kSms);
constexpr uint8_t kAll = 0xff;

constexpr std::string_view kChannels[] = {"none", "app", "web", "sms", "outbound", "shop"};
constexpr std::string_view kActions[] = {"none", "subscribe", "unsubscribe"};
constexpr std::string_view kDirections[] = {"outgoing", "incoming"};
constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::span<const std::string_view> Vocabulary(FieldId field) {
  switch (field) {
    case FieldId::kChannel:
      return kChannels;
    case FieldId::kAction:
      return kActions;
    case FieldId::kDirection:
      return kDirections;
    case FieldId::kWeekday:
      return kWeekdays;
    default:
      return {};
  }
}

}  // namespace

const std::vector<FieldInfo>& FieldCatalogue() {
  using F = FieldId;
  using T = FieldType;
  using S = TextSpace;
  static const std::vector<FieldInfo> catalogue = {
      {F::kDurationS, "duration_s", T::kNumber, S::kNone,
       FeedBit(Feed::kCalls) | FeedBit(Feed::kData), "call or session length in seconds"},
      {F::kBytesUp, "bytes_up", T::kNumber, S::kNone, FeedBit(Feed::kData), "bytes sent"},
      {F::kBytesDown, "bytes_down", T::kNumber, S::kNone, FeedBit(Feed::kData), "bytes received"},
      {F::kBytes, "bytes", T::kNumber, S::kNone, FeedBit(Feed::kData), "bytes_up + bytes_down"},
      {F::kAmount, "amount", T::kNumber, S::kNone, FeedBit(Feed::kRecharges),
       "recharge amount in currency units"},
      {F::kHost, "host", T::kText, S::kRecordText, FeedBit(Feed::kData), "web host of a session"},
      {F::kApp, "app", T::kText, S::kRecordText, FeedBit(Feed::kData), "app named by the probe"},
      {F::kPage, "page", T::kText, S::kRecordText, FeedBit(Feed::kVisits),
       "page of the app or web hall"},
      {F::kChannel, "channel", T::kText, S::kEnum, FeedBit(Feed::kVisits) | FeedBit(Feed::kOrders),
       "app, web, sms, outbound or shop"},
      {F::kAction, "action", T::kText, S::kEnum, FeedBit(Feed::kOrders),
       "subscribe or unsubscribe"},
      {F::kProduct, "product_id", T::kText, S::kProduct, FeedBit(Feed::kOrders),
       "product ordered (products.csv)"},
      {F::kOther, "other", T::kText, S::kPhone, kComm, "the other party's number"},
      {F::kDirection, "direction", T::kText, S::kEnum, kComm,
       "outgoing (the subscriber called / sent) or incoming"},
      {F::kTac, "tac", T::kNumber, S::kNone, FeedBit(Feed::kDevices), "the IMEI's first 8 digits"},
      {F::kAreaType, "area_type", T::kText, S::kReferenceText, kCellFeeds,
       "area type of the subscriber's cell (airport, office, ...)"},
      {F::kAreaId, "area_id", T::kText, S::kReferenceText, kCellFeeds,
       "area of the subscriber's cell"},
      {F::kRoaming, "roaming", T::kBool, S::kNone, kCellFeeds,
       "the cell's area_id starts with the roaming prefix"},
      {F::kCategory, "category", T::kText, S::kCategory, FeedBit(Feed::kData),
       "interest category of the host (hosts.csv)"},
      {F::kProductCategory, "product_category", T::kText, S::kDerived, FeedBit(Feed::kOrders),
       "category of the product ordered"},
      {F::kBrand, "brand", T::kText, S::kDerived, FeedBit(Feed::kDevices),
       "handset brand (tac.csv)"},
      {F::kModel, "model", T::kText, S::kDerived, FeedBit(Feed::kDevices), "handset model"},
      {F::kPriceTier, "price_tier", T::kText, S::kDerived, FeedBit(Feed::kDevices),
       "handset price tier: low, mid, high, flagship"},
      {F::kHour, "hour", T::kNumber, S::kNone, kAll, "local hour of the record, 0..23"},
      {F::kWeekday, "weekday", T::kText, S::kEnum, kAll, "local weekday: mon .. sun"},
      {F::kNewContact, "new_contact", T::kBool, S::kNone, kComm,
       "the other party was never in contact with the subscriber before"},
  };
  return catalogue;
}

const FieldInfo* FindField(std::string_view name) {
  for (const FieldInfo& f : FieldCatalogue()) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

bool FeedFromRuleName(std::string_view name, Feed* feed) {
  for (const Feed f : kAllFeeds) {
    if (name == FeedStem(f) || name == FeedType(f)) {
      *feed = f;
      return true;
    }
  }
  return false;
}

std::string_view EnumText(FieldId field, uint64_t id) {
  const auto v = Vocabulary(field);
  return id < v.size() ? v[id] : std::string_view();
}

uint64_t EnumId(FieldId field, std::string_view text) {
  // `in` is a keyword of the language, so direction's short forms are aliases ("in" quoted).
  if (field == FieldId::kDirection && (text == "out" || text == "in")) return text == "out" ? 0 : 1;
  const auto v = Vocabulary(field);
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == text) return i;
  }
  return UINT64_MAX;
}

std::vector<std::string_view> EnumValues(FieldId field) {
  const auto v = Vocabulary(field);
  return {v.begin(), v.end()};
}

}  // namespace ripple::cep
