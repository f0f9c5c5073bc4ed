#include "core/feed.h"

namespace ripple {
namespace {
constexpr std::string_view kStems[kFeedCount] = {"calls",  "sms",     "data",      "locations",
                                                 "orders", "devices", "recharges", "visits"};
constexpr std::string_view kTypes[kFeedCount] = {"call",  "sms",    "data",     "location",
                                                 "order", "device", "recharge", "visit"};
}  // namespace

std::string_view FeedStem(Feed feed) { return kStems[static_cast<int>(feed)]; }
std::string_view FeedType(Feed feed) { return kTypes[static_cast<int>(feed)]; }

bool FeedFromType(std::string_view type, Feed* feed) {
  for (int i = 0; i < kFeedCount; ++i) {
    if (kTypes[i] == type) {
      *feed = static_cast<Feed>(i);
      return true;
    }
  }
  return false;
}

}  // namespace ripple
