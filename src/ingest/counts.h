// Per-input counters of a run: accepted, late and rejected by reason. Plain arrays so that
// counting costs one increment on the hot path.
#pragma once

#include <array>
#include <cstdint>

#include "ingest/reject_reason.h"

namespace ripple::ingest {

struct InputCounts {
  uint64_t accepted = 0;
  uint64_t late = 0;
  std::array<uint64_t, kReasonCount> by_reason{};

  void Count(Reason r) {
    if (r == Reason::kAccepted) {
      ++accepted;
    } else if (r == Reason::kLate) {
      ++late;
    } else {
      ++by_reason[static_cast<int>(r)];
    }
  }
  uint64_t rejected() const {
    uint64_t n = 0;
    for (uint64_t v : by_reason) n += v;
    return n;
  }
  void Add(const InputCounts& o) {
    accepted += o.accepted;
    late += o.late;
    for (int i = 0; i < kReasonCount; ++i) by_reason[i] += o.by_reason[i];
  }
};

}  // namespace ripple::ingest
