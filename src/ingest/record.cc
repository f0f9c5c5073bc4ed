#include "ingest/record.h"

namespace ripple::ingest {
namespace {
constexpr std::string_view kChannels[] = {"", "app", "web", "sms", "outbound", "shop"};
}  // namespace

std::string_view ChannelName(Channel channel) { return kChannels[static_cast<int>(channel)]; }

uint32_t Record::Tac() const {
  uint64_t v = imei;
  for (int i = 8; i < imei_digits; ++i) v /= 10;
  return static_cast<uint32_t>(v);
}

}  // namespace ripple::ingest
