// Orders one feed's events by arrival time, day by day.
//
// Each day the queue takes the day's freshly generated events (per-worker logs, in subscriber
// order) after the events carried over from earlier days, and sorts them by arrival time; ties
// keep that input order, so the result does not depend on how subscribers were split among
// threads. Events arriving before the cut (the next day's midnight) are ready to be written: no
// later-generated event can arrive before them. KeepRest() carries the others into the next day.
//
// Sort keys pack (arrival - origin) in the top 33 bits, the input index in the next 30 and the
// late flag in the lowest bit, so a key alone tells the order, the event and whether it is late.
// Thread-safety: one thread per queue; queues of different feeds are independent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "sim/event_log.h"

namespace ripple::sim {

class ArrivalQueue {
 public:
  static constexpr uint64_t kMaxEvents = uint64_t{1} << 30;
  static constexpr int64_t kMaxArrivalSpanMs = int64_t{1} << 33;

  // Orders the carried-over events and `fresh` (borrowed until KeepRest) by arrival.
  // `origin_ms` is the simulation's first instant; `cut_ms` the end of the writable range.
  Status Order(std::span<const EventLog* const> fresh, int64_t origin_ms, int64_t cut_ms);

  size_t ready() const { return ready_; }  // positions [0, ready) arrive before the cut
  const Event& At(size_t position) const {
    uint64_t index = (keys_[position] >> 1) & (kMaxEvents - 1);
    size_t k = segments_.size() - 1;
    while (segment_start_[k] > index) --k;
    return (*segments_[k])[index - segment_start_[k]];
  }
  bool IsLate(size_t position) const { return (keys_[position] & 1) != 0; }

  // Keeps the events at positions >= ready() for the next day and forgets `fresh`.
  void KeepRest();

 private:
  EventLog carry_, next_carry_;
  std::vector<const EventLog*> segments_;
  std::vector<uint64_t> segment_start_;
  std::vector<uint64_t> keys_, scratch_;
  size_t ready_ = 0;
};

}  // namespace ripple::sim
