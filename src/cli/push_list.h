// Outbound lists: who gets which campaign on a push channel (SMS, outbound calls) on a day,
// decided by the same arbiter and contact policy as live decisions, and recorded as contacts —
// a person on today's SMS list counts against their caps like one shown an app banner.
//
// The list is CSV `msisdn,campaign,product,copy,decision_id`: raw numbers, so only a role allowed
// to export (admin) gets it: `ripple push` with a token, or GET /v1/push on the server.
// Thread-safety: one list at a time per DecisionService (decisions themselves are thread-safe).
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>

#include "core/config.h"
#include "core/status.h"
#include "decide/arbiter.h"
#include "serve/decision_service.h"
#include "serve/http_server.h"

namespace ripple::cli {

struct PushOptions {
  std::string channel;
  std::string slot;          // empty: the channel's first slot
  std::string date;          // local YYYY-MM-DD
  std::string at = "10:00";  // local time of the contacts (outside quiet hours)
};

struct PushSummary {
  uint64_t subscribers = 0;
  uint64_t listed = 0;
  uint64_t control = 0;
  std::array<uint64_t, static_cast<size_t>(decide::kLastVerdict) + 1> by_verdict{};  // the winning or blocking verdict of each subscriber
  std::string slot;
};

Result<PushSummary> WritePushList(serve::DecisionService& svc, const RippleConfig& config,
                                  const PushOptions& options, std::ostream& out);

// GET /v1/push?channel=&date=[&slot=][&at=]: the list as text/csv (the caller checked the role).
serve::HttpResponse PushEndpoint(const serve::HttpRequest& req, serve::DecisionService& svc,
                                 const RippleConfig& config, int64_t now_ms,
                                 const std::string& who);

}  // namespace ripple::cli
