#include "cli/push_list.h"

#include <spdlog/spdlog.h>

#include <sstream>

#include "core/time.h"
#include "decide/decide_store.h"
#include "ingest/reference.h"

namespace ripple::cli {

Result<PushSummary> WritePushList(serve::DecisionService& svc, const RippleConfig& config,
                                  const PushOptions& o, std::ostream& out) {
  const auto model = svc.arbiter().model();
  const decide::Channel* channel = model->model().FindChannel(o.channel);
  if (!channel) return Status::InvalidArgument("--channel: no channel '" + o.channel + "'");
  if (!channel->push) {
    return Status::InvalidArgument("--channel: '" + o.channel +
                                   "' is not a push channel (lists are for push channels; "
                                   "the others ask GET /v1/decision)");
  }
  if (channel->slots.empty())
    return Status::InvalidArgument("channel '" + o.channel + "' has no slot");
  PushSummary summary;
  summary.slot = o.slot.empty() ? channel->slots.front().id : o.slot;
  const auto day = ParseLocalDate(o.date, config.utc_offset_minutes);
  if (!day) return Status::InvalidArgument("--date: expected YYYY-MM-DD, got '" + o.date + "'");
  const auto at = decide::ParseDayWindow(o.at + "-" + o.at);
  if (!at) return Status::InvalidArgument("--at: expected HH:MM, got '" + o.at + "'");
  const int64_t now = *day + int64_t{at->start_minute} * kMillisPerMinute;

  const ingest::ReferenceData& ref = svc.reference();
  out << "msisdn,campaign,product,copy,decision_id\n";
  for (uint32_t s = 0; s < ref.subscriber_count(); ++s) {
    decide::DecisionRequest r;
    r.subscriber = s;
    r.phone = ref.subscriber(s).msisdn;
    r.channel = o.channel;
    r.slot = summary.slot;
    r.now_ms = now;
    auto d = svc.arbiter().Decide(r);
    if (!d.ok()) return d.status();
    ++summary.subscribers;
    decide::Verdict why = decide::Verdict::kNotActive;
    for (const decide::Considered& k : d->considered) {
      // The verdict that best describes the subscriber: the winner's, else the furthest check
      // any campaign reached.
      if (k.verdict == decide::Verdict::kWinner || k.verdict == decide::Verdict::kControl) {
        why = k.verdict;
        break;
      }
      if (decide::CheckStage(k.verdict) > decide::CheckStage(why)) why = k.verdict;
    }
    ++summary.by_verdict[static_cast<size_t>(why)];
    if (d->control) ++summary.control;
    if (!d->shown()) continue;
    const decide::CompiledCampaign& c = d->model->campaigns()[d->winner];
    std::string copy = c.def.creative.copy;
    for (char& ch : copy) {
      if (ch == '"') ch = '\'';
    }
    out << FormatPhoneNumber(r.phone) << ',' << c.def.id << ',' << c.product.id << ",\"" << copy
        << "\"," << decide::FormatDecisionId(d->id) << '\n';
    ++summary.listed;
  }
  if (!out) return Status::IoError("cannot write the push list");
  return summary;
}

serve::HttpResponse PushEndpoint(const serve::HttpRequest& req, serve::DecisionService& svc,
                                 const RippleConfig& config, int64_t now_ms,
                                 const std::string& who) {
  if (req.method != "GET" && req.method != "POST") return serve::JsonError(405, "use GET or POST");
  PushOptions o;
  const std::string* channel = req.Param("channel");
  if (!channel || channel->empty()) return serve::JsonError(400, "channel is required", "channel");
  o.channel = *channel;
  const std::string* date = req.Param("date");
  o.date = date ? *date : FormatLocalDate(now_ms, config.utc_offset_minutes);
  if (const std::string* slot = req.Param("slot")) o.slot = *slot;
  if (const std::string* at = req.Param("at")) o.at = *at;
  std::ostringstream csv;
  auto summary = WritePushList(svc, config, o, csv);
  if (!summary.ok()) {
    return serve::JsonError(
        400, summary.status().message(),
        summary.status().message().find("--date") != std::string::npos ? "date" : "channel");
  }
  spdlog::info("push list {} {} by {}: {} of {} subscribers listed", o.channel, o.date, who,
               summary->listed, summary->subscribers);
  return {200, "text/csv", csv.str()};
}

}  // namespace ripple::cli
