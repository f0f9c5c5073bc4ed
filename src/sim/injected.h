// One line of truth/injected.csv: a planted defect (or a late record) and where it was written.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string_view>

#include "sim/events.h"

namespace ripple::sim {

struct InjectedLine {
  std::string_view file;  // "calls.csv", or "stream" for the JSON Lines output
  uint64_t line;          // 1-based; in CSV files the header is line 1
  std::string_view kind;  // a reason code of the contract, or "late"
};

}  // namespace ripple::sim
