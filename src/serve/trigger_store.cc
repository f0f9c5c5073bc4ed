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
  std::lock_guard<std::mutex> changed_lock(changed_mutex_);
  changed_.push_back(subscriber);
}

void TriggerStore::TakeChanged(std::vector<uint32_t>* out) {
  std::vector<uint32_t> taken;
  {
    std::lock_guard<std::mutex> lock(changed_mutex_);
    taken.swap(changed_);
  }
  std::sort(taken.begin(), taken.end());
  taken.erase(std::unique(taken.begin(), taken.end()), taken.end());
  out->insert(out->end(), taken.begin(), taken.end());
}

bool TriggerStore::Encode(uint32_t subscriber, ByteWriter& w) {
  Shard& shard = shards_[subscriber % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  const auto it = shard.by_subscriber.find(subscriber);
  if (it == shard.by_subscriber.end() || it->second.empty()) return false;
  w.Varint(it->second.size());
  for (const LiveTrigger& t : it->second) {
    w.SignedVarint(t.ts_ms);
    w.SignedVarint(t.expires_ms);
    w.SignedVarint(t.priority);
    w.String(t.rule);
    w.String(t.trigger);
    w.String(t.attributes_json);
  }
  return true;
}

bool TriggerStore::Decode(uint32_t subscriber, ByteReader& r) {
  uint64_t n = 0;
  if (!r.Varint(&n) || n > kPerSubscriber) return false;
  std::vector<LiveTrigger> list(n);
  for (LiveTrigger& t : list) {
    int64_t priority = 0;
    if (!r.SignedVarint(&t.ts_ms) || !r.SignedVarint(&t.expires_ms) || !r.SignedVarint(&priority) ||
        !r.String(&t.rule) || !r.String(&t.trigger) || !r.String(&t.attributes_json)) {
      return false;
    }
    t.priority = static_cast<int>(priority);
  }
  Shard& shard = shards_[subscriber % kShards];
  std::lock_guard<std::mutex> lock(shard.mutex);
  shard.by_subscriber[subscriber] = std::move(list);
  return true;
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
