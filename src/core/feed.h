// The event feeds of the data contract: their file stems ("calls") and JSON Lines types
// ("call"). Shared vocabulary of the parts that write feeds (sim) and read them (ingest).
// Thread-safety: pure functions over constants.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace ripple {

enum class Feed : uint8_t {
  kCalls,
  kSms,
  kData,
  kLocations,
  kOrders,
  kDevices,
  kRecharges,
  kVisits
};
constexpr int kFeedCount = 8;
constexpr std::array<Feed, kFeedCount> kAllFeeds = {Feed::kCalls,     Feed::kSms,    Feed::kData,
                                                    Feed::kLocations, Feed::kOrders, Feed::kDevices,
                                                    Feed::kRecharges, Feed::kVisits};

std::string_view FeedStem(Feed feed);  // "calls": the file name without ".csv"
std::string_view FeedType(Feed feed);  // "call": the JSON Lines "type"
bool FeedFromType(std::string_view type, Feed* feed);

}  // namespace ripple
