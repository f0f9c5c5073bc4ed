// CampaignCounters: per campaign, the contacts made (against its quota) and the outcomes fed
// back, treated and control apart — what quota checks and expected-value ranking read, and what
// the feedback part writes.
//
// Counters live for the process in a registry keyed by campaign id, so that a compiled model
// (rebuilt on every change) points at the same counters as the one before it.
// Thread-safety: Get is safe from many threads; counters are atomics.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ripple::decide {

struct CampaignCounters {
  std::atomic<int64_t> contacts{0};  // offers shown (treated decisions): the quota counts these
  std::atomic<int64_t> controls{0};  // decisions held out as control
  std::atomic<int64_t> impressions{0};
  std::atomic<int64_t> clicks{0};
  std::atomic<int64_t> conversions{0};
  std::atomic<int64_t> dismisses{0};
  std::atomic<int64_t> control_conversions{0};

  // Conversion rate per impression, smoothed towards `prior` with the weight of `prior_weight`
  // impressions (so one early conversion does not make a campaign look certain).
  double Propensity(double prior, double prior_weight = 200) const {
    const double n = static_cast<double>(impressions.load(std::memory_order_relaxed));
    const double k = static_cast<double>(conversions.load(std::memory_order_relaxed));
    return (k + prior * prior_weight) / (n + prior_weight);
  }
};

class CounterRegistry {
 public:
  // The counters of a campaign, created at zero on first use; the pointer stays valid.
  CampaignCounters* Get(std::string_view campaign);
  // Every campaign's counters, by id.
  std::vector<std::pair<std::string, CampaignCounters*>> All();

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CampaignCounters>, std::less<>> by_id_;
};

}  // namespace ripple::decide
