#include "sim/day_generator.h"

namespace ripple::sim {
namespace {

// Sorts one owner's events of a feed by time (insertion sort: blocks are small) and moves equal
// times apart by a millisecond, so that no two of them can be identical records.
void MakeTimesDistinct(EventLog& log, size_t begin, size_t end) {
  for (size_t i = begin + 1; i < end; ++i) {
    Event e = log[i];
    size_t j = i;
    while (j > begin && log[j - 1].ts_ms > e.ts_ms) {
      log[j] = log[j - 1];
      --j;
    }
    log[j] = e;
  }
  for (size_t i = begin + 1; i < end; ++i) {
    if (log[i].ts_ms <= log[i - 1].ts_ms) log[i].ts_ms = log[i - 1].ts_ms + 1;
  }
}

}  // namespace

CellIndex DayGenerator::CellAt(PersonId p, int64_t ts, Rng& rng) const {
  AreaId area = AreaAt(p, ts);
  return area == kInFlight ? kNone : PickCell(world_, area, rng);
}

void DayGenerator::Generate(PersonId s, EventBuffers& out) const {
  size_t start[kFeedCount];
  for (int f = 0; f < kFeedCount; ++f) start[f] = out.feed[f].size();
  LocationEvents(s, out);
  DataEvents(s, out);
  AirportEvents(s, out);
  TieEvents(s, out);
  ContactEvents(s, out);
  ServiceEvents(s, out);
  DeviceEvents(s, out);
  AccountEvents(s, out);
  for (int f = 0; f < kFeedCount; ++f) {
    MakeTimesDistinct(out.feed[f], start[f], out.feed[f].size());
  }
}

}  // namespace ripple::sim
