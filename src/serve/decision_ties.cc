// DecisionService's relationship signals (decide/tie_signals.h): loaded with the relations
// output, adoptions replayed from the stored conversions, and each new conversion told to the
// converter's close ties.
#include <spdlog/spdlog.h>

#include <filesystem>

#include "ingest/reference.h"
#include "serve/decision_service.h"

namespace ripple::serve {

Status DecisionService::OpenTieSignals() {
  const DecisionServiceOptions& o = options_;
  if (o.ties_csv.empty() || !o.party_subscriber || !std::filesystem::exists(o.ties_csv)) {
    spdlog::info("no relations output ({}): relationship campaigns will find no ties",
                 o.ties_csv.empty() ? "no snapshot" : o.ties_csv);
    return Status::Ok();
  }
  ASSIGN_OR_RETURN(tie_signals_,
                   decide::TieSignals::Load(o.ties_csv, o.reference->subscriber_count(),
                                            o.close_threshold, o.party_subscriber));
  // Adoptions so far: every stored conversion of a shown offer.
  size_t replayed = 0;
  RETURN_IF_ERROR(store_->ForEachDecision(
      [&](const decide::DecisionRecord& d, const std::vector<std::string_view>& events) {
        if (d.control || d.campaign.empty()) return;
        for (std::string_view e : events) {
          if (e == "convert") {
            TellTies(d);
            ++replayed;
          }
        }
      }));
  spdlog::info(
      "relationship signals: {} close ties ({} weakening) from {}, {} conversions replayed",
      tie_signals_->close_ties(), tie_signals_->weakening_ties(), o.ties_csv, replayed);
  return Status::Ok();
}

void DecisionService::TellTies(const decide::DecisionRecord& converted) {
  if (!tie_signals_) return;
  const uint32_t sub = options_.reference->FindSubscriber(converted.phone);
  if (sub == ingest::kNoSubscriber) return;
  const auto model = arbiter_->model();
  const int ci = model->FindCampaign(converted.campaign);
  if (ci < 0) return;  // the campaign is gone: its product is unknown now
  const int64_t day = ToLocal(converted.ts_ms, options_.utc_offset_minutes).day;
  tie_signals_->Adopted(sub, model->campaigns()[ci].product_key, static_cast<int32_t>(day));
}

}  // namespace ripple::serve
