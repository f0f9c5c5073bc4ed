#include "sim/events.h"

namespace ripple::sim {
namespace {

constexpr std::string_view kHeaders[kFeedCount] = {
    "ts,caller,callee,duration_s,cell_id",
    "ts,sender,receiver,cell_id",
    "ts,msisdn,host,app,bytes_up,bytes_down,duration_s,cell_id",
    "ts,msisdn,cell_id",
    "ts,msisdn,product_id,action,channel",
    "ts,msisdn,imei",
    "ts,msisdn,amount",
    "ts,msisdn,channel,page",
};

}  // namespace

std::string_view FeedHeader(Feed feed) { return kHeaders[static_cast<int>(feed)]; }

}  // namespace ripple::sim
