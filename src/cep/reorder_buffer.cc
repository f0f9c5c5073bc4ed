#include "cep/reorder_buffer.h"

#include <algorithm>

namespace ripple::cep {

int64_t ReorderBuffer::watermark() const {
  const int64_t by_data = max_ts_ == kNone ? kNone : max_ts_ - bound_ms_;
  return std::max({by_data, forced_, released_});
}

bool ReorderBuffer::Push(const ingest::Record& record) {
  // Late: the engine has already moved past this time (an equal time is still on time: records
  // of one instant may arrive in any order).
  if (record.ts_ms < watermark()) return false;
  uint32_t i;
  if (free_.empty()) {
    i = static_cast<uint32_t>(slab_.size());
    slab_.push_back(record);
  } else {
    i = free_.back();
    free_.pop_back();
    slab_[i] = record;
  }
  heap_.push_back({record.ts_ms, seq_++, i});
  std::push_heap(heap_.begin(), heap_.end(), After());
  if (max_ts_ == kNone || record.ts_ms > max_ts_) max_ts_ = record.ts_ms;
  return true;
}

uint32_t ReorderBuffer::PopFront() {
  std::pop_heap(heap_.begin(), heap_.end(), After());
  const uint32_t i = heap_.back().index;
  heap_.pop_back();
  return i;
}

}  // namespace ripple::cep
