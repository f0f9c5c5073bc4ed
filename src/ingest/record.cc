#include "ingest/record.h"

namespace ripple::ingest {
namespace {
constexpr std::string_view kStems[] = {"calls",  "sms",     "data",      "locations",
                                       "orders", "devices", "recharges", "visits"};
constexpr std::string_view kTypes[] = {"call",  "sms",    "data",     "location",
                                       "order", "device", "recharge", "visit"};
constexpr std::string_view kChannels[] = {"", "app", "web", "sms", "outbound", "shop"};
}  // namespace

std::string_view FeedStem(Feed feed) { return kStems[static_cast<int>(feed)]; }
std::string_view FeedType(Feed feed) { return kTypes[static_cast<int>(feed)]; }
std::string_view ChannelName(Channel channel) { return kChannels[static_cast<int>(channel)]; }

bool FeedFromType(std::string_view type, Feed* feed) {
  for (int i = 0; i < kFeedCount; ++i) {
    if (kTypes[i] == type) {
      *feed = static_cast<Feed>(i);
      return true;
    }
  }
  return false;
}

uint32_t Record::Tac() const {
  uint64_t v = imei;
  for (int i = 8; i < imei_digits; ++i) v /= 10;
  return static_cast<uint32_t>(v);
}

}  // namespace ripple::ingest
