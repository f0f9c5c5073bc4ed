#include "decide/campaign_counters.h"

namespace ripple::decide {

CampaignCounters* CounterRegistry::Get(std::string_view campaign) {
  std::lock_guard lock(mutex_);
  auto it = by_id_.find(campaign);
  if (it == by_id_.end()) {
    it = by_id_.emplace(std::string(campaign), std::make_unique<CampaignCounters>()).first;
  }
  return it->second.get();
}

std::vector<std::pair<std::string, CampaignCounters*>> CounterRegistry::All() {
  std::lock_guard lock(mutex_);
  std::vector<std::pair<std::string, CampaignCounters*>> out;
  for (auto& [id, c] : by_id_) out.emplace_back(id, c.get());
  return out;
}

}  // namespace ripple::decide
