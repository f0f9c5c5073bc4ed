#include "serve/trigger_store.h"

#include <algorithm>

namespace ripple::serve {

void TriggerStore::Add(uint32_t subscriber, LiveTrigger trigger) {
  Shard& shard = shards_[subscriber % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  auto& list = shard.by_subscriber[subscriber];
  const int64_t now = trigger.ts_ms;
  std::erase_if(list, [&](const LiveTrigger& t) { return t.expires_ms <= now; });
  list.push_back(std::move(trigger));
  if (list.size() > kPerSubscriber) list.erase(list.begin());
  added_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<LiveTrigger> TriggerStore::Active(uint32_t subscriber, int64_t now_ms) {
  Shard& shard = shards_[subscriber % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  const auto it = shard.by_subscriber.find(subscriber);
  if (it == shard.by_subscriber.end()) return {};
  auto& list = it->second;
  std::erase_if(list, [&](const LiveTrigger& t) { return t.expires_ms <= now_ms; });
  std::vector<LiveTrigger> out;
  for (const LiveTrigger& t : list) {
    if (t.ts_ms <= now_ms) out.push_back(t);
  }
  std::reverse(out.begin(), out.end());
  if (list.empty()) shard.by_subscriber.erase(it);
  return out;
}

}  // namespace ripple::serve
