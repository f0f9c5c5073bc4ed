// The pattern handlers of Engine (cep/engine.h): each reads and updates one rule's slot for one
// subscriber on one record. Payload layouts (64-bit words) are listed with each handler and
// sized by the compiler (CompiledRule::state_words); a slot pointer is re-read after any Add.
#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "cep/engine.h"
#include "core/time.h"
#include "profile/tag_table.h"

namespace ripple::cep {
namespace {

constexpr int64_t kNoTime = std::numeric_limits<int64_t>::min();

int64_t Time(uint64_t w) { return static_cast<int64_t>(w); }
uint64_t Word(int64_t t) { return static_cast<uint64_t>(t); }

bool Crosses(CompareOp op, double value, double threshold) {
  return op == CompareOp::kGt ? value > threshold : value >= threshold;
}

}  // namespace

// Sequence of n steps: payload[i] (i < n - 1) = the latest start time of a partial match that
// has completed step i, or kNoTime.
void Engine::HandleSequence(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  const int64_t ts = view.record().ts_ms;
  const size_t n = r.events.size();
  const ingest::SubscriberId s = view.subscriber();
  if (slot != SlotStore::kNone) {
    uint64_t* p = slots_.payload(slot);
    // Later steps first, so that one record never advances a match it has just started.
    for (size_t i = n - 1; i >= 1; --i) {
      const int64_t start = Time(p[i - 1]);
      if (start == kNoTime || ts - start > r.window_ms) continue;
      if (!Matches(r.events[i], view)) continue;
      if (i == n - 1) {
        slots_.Remove(s, slot);
        Fire(rule, &view, s, ts, nullptr);
        return;
      }
      p[i] = Word(std::max(Time(p[i]), start));
      Note(view, rule, i == 1 ? "advanced past step 2" : "advanced a step");
    }
  }
  if (Matches(r.events[0], view)) {
    if (slot == SlotStore::kNone) {
      slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + r.window_ms);
      uint64_t* p = slots_.payload(slot);
      std::fill_n(p, n - 1, Word(kNoTime));
    }
    slots_.payload(slot)[0] = Word(ts);
    Note(view, rule, "started (step 1)");
  }
  if (slot != SlotStore::kNone) {
    // Alive while any partial match can still complete.
    const uint64_t* p = slots_.payload(slot);
    int64_t newest = kNoTime;
    for (size_t i = 0; i + 1 < n; ++i) newest = std::max(newest, Time(p[i]));
    slots_.set_expires(s, slot, newest == kNoTime ? kNoTime : newest + r.window_ms);
  }
}

// Absence: payload[0] = deadline (A.ts + D), payload[1..4] = carried values of A.
void Engine::HandleAbsence(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  const int64_t ts = view.record().ts_ms;
  const ingest::SubscriberId s = view.subscriber();
  if (slot != SlotStore::kNone) {
    if (ts <= Time(slots_.payload(slot)[0]) && Matches(r.events[1], view)) {
      slots_.Remove(s, slot);
      Note(view, rule, "closed: the awaited record came");
    }
    return;  // an A while a window is open does not open another
  }
  if (!Matches(r.events[0], view)) return;
  const int64_t deadline = ts + r.window_ms;
  slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), deadline);
  uint64_t* p = slots_.payload(slot);
  p[0] = Word(deadline);
  for (size_t i = 0; i < r.carry.size() && i < Trigger::kMaxCarried; ++i) {
    p[1 + i] = view.Value(r.carry[i]);
  }
  timers_.push({deadline, s, rule});
  Note(view, rule, "opened: waiting for the absent record");
}

// Count >= N within D: payload[0] = records held (<= N) | next position << 32, then a ring of
// the N latest matching times.
void Engine::HandleCount(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  if (!Matches(r.events[0], view)) return;
  const int64_t ts = view.record().ts_ms;
  const ingest::SubscriberId s = view.subscriber();
  if (slot == SlotStore::kNone) {
    slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + r.window_ms);
  }
  uint64_t* p = slots_.payload(slot);
  const uint32_t n = r.count;
  uint32_t held = static_cast<uint32_t>(p[0]);
  uint32_t pos = static_cast<uint32_t>(p[0] >> 32);
  int64_t* ring = reinterpret_cast<int64_t*>(p + 1);
  ring[pos] = ts;
  pos = pos + 1 == n ? 0 : pos + 1;
  held = std::min(held + 1, n);
  slots_.set_expires(s, slot, ts + r.window_ms);
  // When full, `pos` is the oldest of the N.
  if (held == n && ts - ring[pos] <= r.window_ms) {
    slots_.Remove(s, slot);
    Fire(rule, &view, s, ts, nullptr);
    return;
  }
  p[0] = held | (uint64_t{pos} << 32);
  Note(view, rule, "counted");
}

// Sum. today: payload[0] = local day, [1] = total (double), [2] = fired today.
// within D: payload[0] = index of the newest bucket, [1] = armed (0/1 inverted: 1 = fired and
// not yet back below), [2..21] = bucket totals (bucket b at b % 20).
void Engine::HandleSum(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  if (!Matches(r.events[0], view)) return;
  const double add = view.Number(r.field);
  if (std::isnan(add)) return;
  double threshold = r.threshold;
  if (r.threshold_tag >= 0) {
    const int64_t row = context_->tag_row(view.subscriber());
    if (row < 0) return;
    const profile::TagColumn& col = context_->sources().tags->columns()[r.threshold_tag];
    const auto rr = static_cast<profile::Row>(row);
    if (!col.Has(rr) || col.numbers.empty()) return;
    threshold *= col.numbers[rr];
  }
  const int64_t ts = view.record().ts_ms;
  const ingest::SubscriberId s = view.subscriber();
  const int offset = context_->sources().utc_offset_minutes;
  if (r.today) {
    const int64_t day = LocalDay(ts, offset);
    const int64_t day_end = (day + 1) * kMillisPerDay - int64_t{offset} * 60'000;
    if (slot == SlotStore::kNone) {
      slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), day_end);
      slots_.payload(slot)[0] = Word(day);
    }
    uint64_t* p = slots_.payload(slot);
    if (Time(p[0]) != day) {
      p[0] = Word(day);
      p[1] = 0;
      p[2] = 0;
    }
    const double total = std::bit_cast<double>(p[1]) + add;
    p[1] = std::bit_cast<uint64_t>(total);
    slots_.set_expires(s, slot, day_end);
    if (p[2] == 0 && Crosses(r.threshold_op, total, threshold)) {
      p[2] = 1;
      Fire(rule, &view, s, ts, nullptr);
    }
    return;
  }
  const int64_t width = std::max<int64_t>(1, (r.window_ms + kSumBuckets - 1) / kSumBuckets);
  const int64_t bucket = ts / width;
  if (slot == SlotStore::kNone) {
    slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + r.window_ms);
    slots_.payload(slot)[0] = Word(bucket);
  }
  uint64_t* p = slots_.payload(slot);
  double* buckets = reinterpret_cast<double*>(p + 2);
  const int64_t newest = Time(p[0]);
  if (bucket > newest) {  // clear the buckets that slid out of the window
    for (int64_t b = newest + 1; b <= bucket && b <= newest + kSumBuckets; ++b) {
      buckets[b % kSumBuckets] = 0;
    }
    p[0] = Word(bucket);
  }
  buckets[bucket % kSumBuckets] += add;
  double total = 0;
  for (int i = 0; i < kSumBuckets; ++i) total += buckets[i];
  slots_.set_expires(s, slot, ts + r.window_ms);
  const bool over = Crosses(r.threshold_op, total, threshold);
  if (over && p[1] == 0) {
    p[1] = 1;
    Fire(rule, &view, s, ts, nullptr);
  } else if (!over) {
    p[1] = 0;
  }
}

// Dwell: payload[0] = start of the stay, [1] = last record in it, [2] = bit 0: the meanwhile
// event was seen, bit 1: fired.
void Engine::HandleDwell(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  if (view.cell() == ingest::kNoCell) return;  // says nothing about where the subscriber is
  const ingest::SubscriberId s = view.subscriber();
  const int64_t ts = view.record().ts_ms;
  if (!view.Eval(r.dwell)) {
    if (slot != SlotStore::kNone) {
      slots_.Remove(s, slot);
      Note(view, rule, "left: the stay ended");
    }
    return;
  }
  const int64_t max_gap = std::max(2 * r.window_ms, options_.dwell_max_gap_ms);
  if (slot == SlotStore::kNone) {
    slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + max_gap);
    slots_.payload(slot)[0] = Word(ts);
    slots_.payload(slot)[1] = Word(ts);
    Note(view, rule, "entered: a stay started");
  }
  uint64_t* p = slots_.payload(slot);
  if (ts - Time(p[1]) > max_gap) {  // silent too long: a new stay
    p[0] = Word(ts);
    p[2] = 0;
  }
  p[1] = Word(ts);
  slots_.set_expires(s, slot, ts + max_gap);
  if (!r.events.empty() && !(p[2] & 1) && Matches(r.events[0], view)) {
    p[2] |= 1;
    Note(view, rule, "the meanwhile record came");
  }
  const bool meanwhile_ok = r.events.empty() || (p[2] & 1);
  if (!(p[2] & 2) && meanwhile_ok && ts - Time(p[0]) >= r.window_ms) {
    p[2] |= 2;
    Fire(rule, &view, s, ts, nullptr);
  }
}

// Change: payload[0] = previous value.
void Engine::HandleChange(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  if (!Matches(r.events[0], view)) return;
  const uint64_t v = view.Value(r.field);
  if (v == EventView::kNoValue) return;
  const ingest::SubscriberId s = view.subscriber();
  const int64_t ts = view.record().ts_ms;
  if (slot == SlotStore::kNone) {
    slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + r.retention_ms);
    slots_.payload(slot)[0] = v;
    Note(view, rule, "first value seen");
    return;
  }
  uint64_t* p = slots_.payload(slot);
  slots_.set_expires(s, slot, ts + r.retention_ms);
  if (p[0] == v) return;
  p[0] = v;
  Fire(rule, &view, s, ts, nullptr);
}

// First after D: payload[0] = time of the latest matching record.
void Engine::HandleFirst(uint16_t rule, EventView& view, uint32_t slot) {
  const CompiledRule& r = rules_->rules()[rule];
  if (!Matches(r.events[0], view)) return;
  const ingest::SubscriberId s = view.subscriber();
  const int64_t ts = view.record().ts_ms;
  const bool first = slot == SlotStore::kNone || ts - Time(slots_.payload(slot)[0]) > r.window_ms;
  if (slot == SlotStore::kNone) {
    slot = slots_.Add(s, rule, static_cast<uint16_t>(r.state_words), ts + r.window_ms);
  }
  slots_.payload(slot)[0] = Word(ts);
  slots_.set_expires(s, slot, ts + r.window_ms);
  if (first) Fire(rule, &view, s, ts, nullptr);
}

}  // namespace ripple::cep
