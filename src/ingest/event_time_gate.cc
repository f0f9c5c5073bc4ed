#include "ingest/event_time_gate.h"

#include "core/hash.h"
#include "core/time.h"

namespace ripple::ingest {
namespace {
int64_t MinuteOf(int64_t ts_ms) {
  return ts_ms >= 0 ? ts_ms / kMillisPerMinute : (ts_ms - kMillisPerMinute + 1) / kMillisPerMinute;
}
}  // namespace

EventTimeGate::EventTimeGate(int64_t bound_ms)
    : bound_ms_(bound_ms), ring_(static_cast<size_t>(bound_ms / kMillisPerMinute + 2)) {}

bool EventTimeGate::MinuteSet::Insert(uint64_t fingerprint) {
  if ((size + 1) * 2 > slots.size()) {
    std::vector<uint64_t> old;
    old.swap(slots);
    slots.assign(old.empty() ? 64 : old.size() * 2, 0);
    size = 0;
    for (uint64_t fp : old) {
      if (fp != 0) Insert(fp);
    }
  }
  const size_t mask = slots.size() - 1;
  for (size_t i = Mix64(fingerprint) & mask;; i = (i + 1) & mask) {
    if (slots[i] == fingerprint) return false;
    if (slots[i] == 0) {
      slots[i] = fingerprint;
      ++size;
      return true;
    }
  }
}

void EventTimeGate::MinuteSet::Reset(int64_t new_minute) {
  minute = new_minute;
  if (size > 0) std::fill(slots.begin(), slots.end(), 0);  // keeps the capacity: no allocation
  size = 0;
}

EventTimeGate::MinuteSet& EventTimeGate::SetFor(int64_t minute) {
  const auto n = static_cast<int64_t>(ring_.size());
  return ring_[static_cast<size_t>(((minute % n) + n) % n)];
}

Reason EventTimeGate::Admit(int64_t ts_ms, uint64_t fingerprint) {
  if (max_ts_ != kNone && ts_ms < max_ts_ - bound_ms_) return Reason::kLate;
  if (fingerprint == 0) fingerprint = 1;
  const int64_t minute = MinuteOf(ts_ms);
  MinuteSet& set = SetFor(minute);
  // The slot holds an older minute (expired: older than any admissible record) or none yet.
  if (set.minute != minute) set.Reset(minute);
  if (!set.Insert(fingerprint)) return Reason::kDuplicate;
  if (max_ts_ == kNone || ts_ms > max_ts_) max_ts_ = ts_ms;
  return Reason::kAccepted;
}

size_t EventTimeGate::remembered() const {
  size_t n = 0;
  const int64_t first = max_ts_ == kNone ? 0 : MinuteOf(watermark());
  for (const MinuteSet& s : ring_) {
    if (s.minute != kNone && s.minute >= first) n += s.size;
  }
  return n;
}

void EventTimeGate::Save(ByteWriter& w) const {
  w.SignedVarint(max_ts_);
  const int64_t first = max_ts_ == kNone ? 0 : MinuteOf(watermark());
  uint64_t live_sets = 0;
  for (const MinuteSet& s : ring_)
    live_sets += s.minute != kNone && s.minute >= first && s.size > 0;
  w.Varint(live_sets);
  for (const MinuteSet& s : ring_) {
    if (s.minute == kNone || s.minute < first || s.size == 0) continue;
    w.SignedVarint(s.minute);
    w.Varint(s.size);
    for (uint64_t fp : s.slots) {
      if (fp != 0) w.Fixed64(fp);
    }
  }
}

bool EventTimeGate::Restore(ByteReader& r) {
  ring_.assign(ring_.size(), MinuteSet{});
  uint64_t sets;
  if (!r.SignedVarint(&max_ts_) || !r.Varint(&sets)) return false;
  for (uint64_t i = 0; i < sets; ++i) {
    int64_t minute;
    uint64_t n;
    if (!r.SignedVarint(&minute) || !r.Varint(&n)) return false;
    MinuteSet& set = SetFor(minute);
    set.Reset(minute);
    for (uint64_t k = 0; k < n; ++k) {
      uint64_t fp;
      if (!r.Fixed64(&fp) || fp == 0) return false;
      set.Insert(fp);
    }
  }
  return true;
}

}  // namespace ripple::ingest
