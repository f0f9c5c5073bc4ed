// TriggerStore: the live triggers of each subscriber, for the API (`/v1/subscribers/{msisdn}/
// triggers`) and, later, decisions. The event engine's thread adds; HTTP threads read.
//
// A trigger is active from its time until its expiry, both in event time: "now" is the
// stream's clock (the engine's watermark), so a replay behaves like the live stream it
// replays. A subscriber keeps at most kPerSubscriber triggers (the newest); expired ones are
// dropped when the subscriber is next written or read.
// For checkpoints it lists the subscribers whose triggers changed and encodes a subscriber's
// triggers, so that a restarted server still knows the triggers that were active.
// Thread-safety: all methods are safe to call concurrently (sharded mutexes).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/bytes.h"

namespace ripple::serve {

struct LiveTrigger {
  int64_t ts_ms = 0;
  int64_t expires_ms = 0;
  int priority = 0;
  std::string rule;
  std::string trigger;
  std::string attributes_json;  // {"area_id":"A110"}
};

class TriggerStore {
 public:
  static constexpr size_t kPerSubscriber = 16;

  void Add(uint32_t subscriber, LiveTrigger trigger);
  // Active triggers of the subscriber at `now_ms`, newest first.
  std::vector<LiveTrigger> Active(uint32_t subscriber, int64_t now_ms);
  // Appends to *out the subscribers given to Add since the last call (sorted, each once).
  void TakeChanged(std::vector<uint32_t>* out);
  // The subscriber's held triggers (none: nothing is written and false is returned).
  bool Encode(uint32_t subscriber, ByteWriter& w);
  // Replaces the subscriber's triggers with those Encode wrote; false when `r` is malformed.
  bool Decode(uint32_t subscriber, ByteReader& r);
  void set_now(int64_t now_ms) { now_.store(now_ms, std::memory_order_relaxed); }
  int64_t now() const { return now_.load(std::memory_order_relaxed); }
  uint64_t added() const { return added_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 64;
  struct Shard {
    std::mutex mutex;
    std::unordered_map<uint32_t, std::vector<LiveTrigger>> by_subscriber;
  };
  std::array<Shard, kShards> shards_;
  std::mutex changed_mutex_;
  std::vector<uint32_t> changed_;
  std::atomic<int64_t> now_{0};
  std::atomic<uint64_t> added_{0};
};

}  // namespace ripple::serve
