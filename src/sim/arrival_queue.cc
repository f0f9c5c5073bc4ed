#include "sim/arrival_queue.h"

#include <algorithm>
#include <string>

namespace ripple::sim {
namespace {

// Stable LSD radix sort of keys by their arrival bits (63..31), 11 bits per pass over the span
// actually used. Stability keeps equal arrivals in index order, which equals a full-key sort.
void SortByArrival(std::vector<uint64_t>& keys, std::vector<uint64_t>& scratch) {
  if (keys.size() < 2) return;
  uint64_t lo = UINT64_MAX, hi = 0;
  for (uint64_t k : keys) {
    lo = std::min(lo, k >> 31);
    hi = std::max(hi, k >> 31);
  }
  const uint64_t span = hi - lo;
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  scratch.resize(keys.size());
  for (int shift = 0; shift == 0 || (span >> shift) != 0; shift += kBits) {
    size_t count[kBuckets] = {};
    for (uint64_t k : keys) ++count[(((k >> 31) - lo) >> shift) & (kBuckets - 1)];
    size_t sum = 0;
    for (size_t& c : count) {
      size_t n = c;
      c = sum;
      sum += n;
    }
    for (uint64_t k : keys) scratch[count[(((k >> 31) - lo) >> shift) & (kBuckets - 1)]++] = k;
    keys.swap(scratch);
  }
}

}  // namespace

Status ArrivalQueue::Order(std::span<const EventLog* const> fresh, int64_t origin_ms,
                           int64_t cut_ms) {
  segments_.assign(1, &carry_);
  segments_.insert(segments_.end(), fresh.begin(), fresh.end());
  segment_start_.clear();
  uint64_t total = 0;
  for (const EventLog* log : segments_) {
    segment_start_.push_back(total);
    total += log->size();
  }
  if (total >= kMaxEvents) {
    return Status::InvalidArgument("too many events in one day (" + std::to_string(total) +
                                   "): simulate fewer subscribers");
  }
  keys_.resize(total);
  uint64_t index = 0;
  for (const EventLog* log : segments_) {
    for (size_t i = 0; i < log->size(); ++i, ++index) {
      const Event& e = (*log)[i];
      int64_t rel = e.arrival_ms() - origin_ms;
      if (rel < 0 || rel >= kMaxArrivalSpanMs) {
        return Status::Internal("event arrival outside the simulated span");
      }
      keys_[index] =
          (static_cast<uint64_t>(rel) << 31) | (index << 1) | ((e.flags & kLate) ? 1 : 0);
    }
  }
  SortByArrival(keys_, scratch_);
  const uint64_t cut_key = cut_ms - origin_ms >= kMaxArrivalSpanMs
                               ? UINT64_MAX
                               : static_cast<uint64_t>(cut_ms - origin_ms) << 31;
  ready_ =
      static_cast<size_t>(std::lower_bound(keys_.begin(), keys_.end(), cut_key) - keys_.begin());
  return Status::Ok();
}

void ArrivalQueue::KeepRest() {
  next_carry_.clear();
  for (size_t p = ready_; p < keys_.size(); ++p) next_carry_.push_back(At(p));
  std::swap(carry_, next_carry_);
  next_carry_.clear();
  next_carry_.Trim();
  segments_.clear();
  keys_.clear();
  ready_ = 0;
}

}  // namespace ripple::sim
