// Cache prefetch hints for writing events in arrival order, which reads the event array and the
// world's number and cell tables at random.
// Thread-safety: hints only; no effect on results.
#pragma once

#include "sim/events.h"
#include "sim/world.h"

namespace ripple::sim {

inline void PrefetchTexts(const World& world, const Event& e) {
  __builtin_prefetch(&world.party_text[e.a]);
  if (e.b < world.party_text.size()) __builtin_prefetch(&world.party_text[e.b]);
  if (e.cell < world.cells.size()) __builtin_prefetch(&world.cells[e.cell]);
}

}  // namespace ripple::sim
