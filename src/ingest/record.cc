#include "ingest/record.h"

#include "core/hash.h"
#include "ingest/string_table.h"

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

uint64_t Fingerprint(const Record& r, const StringTable& strings) {
  auto text_hash = [&](StringId id) { return id == kNoString ? 0 : HashString(strings.Text(id)); };
  uint64_t h = Mix64(static_cast<uint64_t>(r.feed) << 16 | static_cast<uint64_t>(r.action) << 8 |
                     static_cast<uint64_t>(r.channel));
  for (uint64_t v : {static_cast<uint64_t>(r.ts_ms), r.from, r.to, uint64_t{r.cell},
                     uint64_t{r.duration_s}, text_hash(r.host), text_hash(r.app), text_hash(r.page),
                     uint64_t{r.product}, r.bytes_up, r.bytes_down,
                     static_cast<uint64_t>(r.amount_cents), r.imei, uint64_t{r.imei_digits}}) {
    h = HashCombine(h, v);
  }
  return h == 0 ? 1 : h;
}

}  // namespace ripple::ingest
