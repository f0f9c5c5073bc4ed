#include "ingest/event_time_gate.h"

#include "core/hash.h"

namespace ripple::ingest {

void EventTimeGate::Resize(size_t capacity) {
  std::vector<Entry> old;
  old.swap(slots_);
  slots_.assign(capacity, Entry{});
  mask_ = capacity - 1;
  size_ = 0;
  for (const Entry& e : old) {
    if (e.fingerprint != 0) Insert(e.fingerprint, e.ts_ms);
  }
}

void EventTimeGate::Insert(uint64_t fingerprint, int64_t ts_ms) {
  if ((size_ + 1) * 2 > slots_.size()) Resize(slots_.size() * 2);
  size_t i = Mix64(fingerprint) & mask_;
  while (slots_[i].fingerprint != 0) i = (i + 1) & mask_;
  slots_[i] = Entry{fingerprint, ts_ms};
  ++size_;
}

void EventTimeGate::Sweep() {
  const int64_t wm = watermark();
  std::vector<Entry> old;
  old.swap(slots_);
  size_t live = 0;
  for (const Entry& e : old) live += e.fingerprint != 0 && e.ts_ms >= wm;
  size_t capacity = 1024;
  while (capacity < live * 2 + 2) capacity *= 2;
  slots_.assign(capacity, Entry{});
  mask_ = capacity - 1;
  size_ = 0;
  for (const Entry& e : old) {
    if (e.fingerprint != 0 && e.ts_ms >= wm) Insert(e.fingerprint, e.ts_ms);
  }
  swept_at_ = max_ts_;
}

Reason EventTimeGate::Admit(int64_t ts_ms, uint64_t fingerprint) {
  if (max_ts_ != kNone && ts_ms < max_ts_ - bound_ms_) return Reason::kLate;
  if (fingerprint == 0) fingerprint = 1;
  size_t i = Mix64(fingerprint) & mask_;
  while (slots_[i].fingerprint != 0) {
    if (slots_[i].fingerprint == fingerprint) return Reason::kDuplicate;
    i = (i + 1) & mask_;
  }
  Insert(fingerprint, ts_ms);
  if (max_ts_ == kNone || ts_ms > max_ts_) {
    max_ts_ = ts_ms;
    if (swept_at_ == kNone) swept_at_ = max_ts_;
    // Sweep once the watermark has moved a full bound: entries older than it are dead weight.
    if (max_ts_ - swept_at_ > bound_ms_) Sweep();
  }
  return Reason::kAccepted;
}

void EventTimeGate::Save(ByteWriter& w) const {
  w.SignedVarint(max_ts_);
  w.SignedVarint(swept_at_);
  w.Varint(size_);
  for (const Entry& e : slots_) {
    if (e.fingerprint == 0) continue;
    w.Fixed64(e.fingerprint);
    w.SignedVarint(e.ts_ms);
  }
}

bool EventTimeGate::Restore(ByteReader& r) {
  uint64_t n;
  if (!r.SignedVarint(&max_ts_) || !r.SignedVarint(&swept_at_) || !r.Varint(&n)) return false;
  size_t capacity = 1024;
  while (capacity < n * 2 + 2) capacity *= 2;
  slots_.assign(capacity, Entry{});
  mask_ = capacity - 1;
  size_ = 0;
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t fp;
    int64_t ts;
    if (!r.Fixed64(&fp) || !r.SignedVarint(&ts)) return false;
    Insert(fp, ts);
  }
  return true;
}

}  // namespace ripple::ingest
