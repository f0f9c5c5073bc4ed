// Engine (cep/engine.h): the record loop, timers, expiry, reload and checkpoints. The pattern
// handlers are in engine_patterns.cc.
#include "cep/engine.h"

#include <algorithm>
#include <unordered_map>

#include "core/hash.h"
#include "graph/contact_graph.h"
#include "ingest/reference.h"

namespace ripple::cep {
namespace {

// Brings the slots of the record's parties toward the cache: their heads (stage 0), once those
// are in their blocks' first lines (1), once those are in the rest of the blocks (2).
// always_inline: see SlotStore::PrefetchHead.
[[gnu::always_inline]] inline void PrefetchSlots(const SlotStore& slots,
                                                 const ingest::Record& record, int stage) {
  const size_t n = slots.subscribers();
  for (const ingest::SubscriberId s : {record.from_sub, record.to_sub}) {
    if (s >= n) continue;  // kNoSubscriber too
    if (stage == 0) {
      slots.PrefetchHead(s);
    } else if (stage == 1) {
      slots.PrefetchBlock(s);
    } else {
      slots.PrefetchRest(s);
    }
  }
}

}  // namespace

Engine::Engine(std::shared_ptr<const RuleSet> rules, EngineContext* context, EngineOptions options,
               TriggerSink* sink)
    : rules_(std::move(rules)),
      context_(context),
      options_(options),
      sink_(sink),
      buffer_(options.out_of_order_bound_ms),
      slots_(context->sources().reference->subscriber_count()),
      seen_epoch_(rules_->rules().size(), 0) {
  if (options_.track_changes) changed_flag_.assign(slots_.subscribers(), 0);
  IndexSlotFeeds();
}

void Engine::IndexSlotFeeds() {
  slot_feeds_.assign(rules_->rules().size(), 0);
  for (size_t i = 0; i < rules_->rules().size(); ++i) {
    const CompiledRule& r = rules_->rules()[i];
    // A stay ends on any record with a cell that fails the dwell condition, whatever its feed.
    if (r.kind == Pattern::Kind::kDwell) {
      slot_feeds_[i] = 0xff;
      continue;
    }
    // Every other handler leaves its slot alone unless one of the rule's events matches.
    for (const CompiledEvent& e : r.events) slot_feeds_[i] |= 1u << static_cast<int>(e.feed);
  }
}

void Engine::TakeChanged(std::vector<ingest::SubscriberId>* out) {
  for (const ingest::SubscriberId s : changed_) {
    changed_flag_[s] = 0;
    out->push_back(s);
  }
  changed_.clear();
}

Engine::~Engine() = default;

void Engine::PushBatch(std::span<const ingest::Record> records) {
  for (const ingest::Record& r : records) {
    ++stats_.pushed;
    if (!buffer_.Push(r)) {
      ++stats_.late;
      if (sink_) sink_->OnLate(r);
    }
  }
  ReleaseAndMatch();
}

void Engine::AdvanceWatermark(int64_t watermark_ms) {
  buffer_.AdvanceTo(watermark_ms);
  ReleaseAndMatch();
  FireTimers(buffer_.watermark());
}

void Engine::ReleaseAndMatch() {
  released_.clear();
  buffer_.Release([this](const ingest::Record& r) { released_.push_back(r); });
  // A subscriber's slots are three dependent misses away (its head, its block's header, the
  // rest of its block) on a large base: fetching them a few records ahead overlaps those
  // misses with matching.
  constexpr size_t kHeadsAhead = 12, kBlocksAhead = 8, kRestAhead = 4;
  const size_t n = released_.size();
  for (size_t i = 0; i < n && i < kHeadsAhead; ++i) PrefetchSlots(slots_, released_[i], 0);
  for (size_t i = 0; i < n; ++i) {
    if (i + kHeadsAhead < n) PrefetchSlots(slots_, released_[i + kHeadsAhead], 0);
    if (i + kBlocksAhead < n) PrefetchSlots(slots_, released_[i + kBlocksAhead], 1);
    if (i + kRestAhead < n) PrefetchSlots(slots_, released_[i + kRestAhead], 2);
    Match(released_[i]);
  }
}

void Engine::Flush() {
  int64_t last = buffer_.watermark();
  buffer_.ForEachBuffered([&](const ingest::Record& r) { last = std::max(last, r.ts_ms); });
  AdvanceWatermark(last);
}

void Engine::Match(const ingest::Record& record) {
  // Absences whose deadline lies before this record's time fire first: their window closed
  // before it.
  FireTimers(record.ts_ms);
  now_ms_ = record.ts_ms;
  ++stats_.matched;
  const bool comm = record.feed == Feed::kCalls || record.feed == Feed::kSms;
  if (record.from_sub != ingest::kNoSubscriber) MatchFor(record, record.from_sub);
  if (comm && record.to_sub != ingest::kNoSubscriber && record.to_sub != record.from_sub) {
    MatchFor(record, record.to_sub);
  }
  if (comm && rules_->uses_new_contact() && options_.remember_contacts) RememberContact(record);
  Sweep(record.ts_ms);
}

void Engine::MatchFor(const ingest::Record& record, ingest::SubscriberId s) {
  if (s >= slots_.subscribers()) return;
  const RuleSet& rules = *rules_;
  EventView view(*context_, rules, record, s);
  if (rules.uses_new_contact()) view.set_known_contact(&Engine::KnownContact, this);
  if (++epoch_ == 0) {  // wrapped: no stale epoch may equal a new one
    std::fill(seen_epoch_.begin(), seen_epoch_.end(), 0);
    epoch_ = 1;
  }
  const bool had_slots = slots_.count(s) != 0;
  // Rules with a match in progress for s. A handler here never adds a slot (its rule has one)
  // but may remove its own, which moves the later slots down onto x; the end is re-read.
  for (uint32_t x = slots_.first(s); x != SlotStore::kNone && x < slots_.end(s);) {
    const uint16_t rule = slots_.rule(x);
    if (slots_.expires(x) < record.ts_ms) {
      slots_.Remove(s, x);
      ++stats_.expired_slots;
      continue;
    }
    if (seen_epoch_[rule] != epoch_) {
      seen_epoch_[rule] = epoch_;
      if (!(slot_feeds_[rule] >> static_cast<int>(record.feed) & 1)) {
        ++stats_.handled;  // handled: the handler would leave the slot as it is
      } else {
        const uint32_t before = slots_.count(s);
        Handle(rule, view, x);
        if (slots_.count(s) != before) continue;
      }
    }
    x = slots_.next(x);
  }
  // Rules whose entry step may match this record.
  auto entry = [&](uint16_t rule) {
    if (seen_epoch_[rule] == epoch_) return;
    seen_epoch_[rule] = epoch_;
    Handle(rule, view, SlotStore::kNone);
  };
  for (const uint16_t rule : rules.always(record.feed)) entry(rule);
  for (const FieldId field : rules.keyed_fields(record.feed)) {
    const uint64_t v = view.Value(field);
    if (v == EventView::kNoValue) continue;
    for (const uint16_t rule : rules.keyed(record.feed, field, v)) entry(rule);
  }
  if (had_slots || slots_.count(s) != 0) MarkChanged(s);
}

void Engine::Handle(uint16_t rule, EventView& view, uint32_t slot) {
  ++stats_.handled;
  const CompiledRule& r = rules_->rules()[rule];
  if (!r.enabled) return;
  switch (r.kind) {
    case Pattern::Kind::kOn:
      if (Matches(r.events[0], view))
        Fire(rule, &view, view.subscriber(), view.record().ts_ms, nullptr);
      break;
    case Pattern::Kind::kSequence:
      HandleSequence(rule, view, slot);
      break;
    case Pattern::Kind::kAbsence:
      HandleAbsence(rule, view, slot);
      break;
    case Pattern::Kind::kCount:
      HandleCount(rule, view, slot);
      break;
    case Pattern::Kind::kSum:
      HandleSum(rule, view, slot);
      break;
    case Pattern::Kind::kDwell:
      HandleDwell(rule, view, slot);
      break;
    case Pattern::Kind::kChange:
      HandleChange(rule, view, slot);
      break;
    case Pattern::Kind::kFirst:
      HandleFirst(rule, view, slot);
      break;
  }
}

bool Engine::Matches(const CompiledEvent& event, EventView& view) {
  return view.record().feed == event.feed && view.Eval(event.where);
}

void Engine::Fire(uint16_t rule, EventView* view, ingest::SubscriberId s, int64_t ts,
                  const uint64_t* carried) {
  const CompiledRule& r = rules_->rules()[rule];
  Trigger t;
  t.ts_ms = ts;
  t.expires_ms = ts + r.ttl_ms;
  t.subscriber = s;
  t.rule = rule;
  t.carried_count = static_cast<uint8_t>(std::min<size_t>(r.carry.size(), Trigger::kMaxCarried));
  for (int i = 0; i < t.carried_count; ++i) {
    t.carried[i] = carried ? carried[i] : view ? view->Value(r.carry[i]) : EventView::kNoValue;
  }
  ++stats_.triggers;
  if (observer_ && view) observer_->OnStep(view->record(), s, r, "fired " + r.trigger);
  if (sink_) sink_->OnTrigger(t);
}

void Engine::Note(EventView& view, uint16_t rule, const char* what) {
  if (observer_) observer_->OnStep(view.record(), view.subscriber(), rules_->rules()[rule], what);
}

void Engine::FireTimers(int64_t before_ms) {
  while (!timers_.empty() && timers_.top().deadline < before_ms) {
    const Timer t = timers_.top();
    timers_.pop();
    const uint32_t slot = slots_.Find(t.subscriber, t.rule);
    if (slot == SlotStore::kNone) continue;  // closed by a B, or expired
    const CompiledRule& r = rules_->rules()[t.rule];
    if (r.kind != Pattern::Kind::kAbsence) continue;
    uint64_t* p = slots_.payload(slot);
    if (static_cast<int64_t>(p[0]) != t.deadline) continue;  // a newer window
    uint64_t carried[Trigger::kMaxCarried];
    std::copy_n(p + 1, Trigger::kMaxCarried, carried);
    slots_.Remove(t.subscriber, slot);
    MarkChanged(t.subscriber);
    Fire(t.rule, nullptr, t.subscriber, t.deadline, carried);
  }
}

void Engine::Sweep(int64_t now_ms) {
  const uint32_t n = static_cast<uint32_t>(slots_.subscribers());
  if (n == 0) return;
  // The cursor walks in order, so the blocks a few steps ahead are fetched now (their heads
  // and due times are sequential and in cache already), and the rest of those nearer, whose
  // first lines are in by then.
  constexpr uint32_t kAhead = 16, kRestAhead = 8;
  for (uint32_t i = 0; i < options_.sweep_per_record; ++i) {
    if (++sweep_cursor_ >= n) sweep_cursor_ = 0;
    const uint32_t ahead = sweep_cursor_ + kAhead < n ? sweep_cursor_ + kAhead : 0;
    if (slots_.due(ahead) < now_ms) slots_.PrefetchBlock(ahead);
    const uint32_t rest = sweep_cursor_ + kRestAhead < n ? sweep_cursor_ + kRestAhead : 0;
    if (slots_.due(rest) < now_ms) slots_.PrefetchRest(rest);
    if (slots_.due(sweep_cursor_) < now_ms) {
      const uint32_t expired = slots_.Expire(sweep_cursor_, now_ms);
      stats_.expired_slots += expired;
      if (expired) MarkChanged(sweep_cursor_);
    }
  }
}

void Engine::RememberContact(const ingest::Record& r) {
  for (int side = 0; side < 2; ++side) {
    const ingest::SubscriberId s = side == 0 ? r.from_sub : r.to_sub;
    if (s == ingest::kNoSubscriber) continue;
    const PhoneKey other = side == 0 ? r.to : r.from;
    contacts_seen_.Put(Mix64(uint64_t{s} * 0x9E3779B97F4A7C15ull ^ other) | 1, 1);
  }
}

bool Engine::KnownContact(void* self, ingest::SubscriberId s, PhoneKey other) {
  const Engine& e = *static_cast<const Engine*>(self);
  if (e.contacts_seen_.Find(Mix64(uint64_t{s} * 0x9E3779B97F4A7C15ull ^ other) | 1) !=
      FlatMap64::kMissing) {
    return true;
  }
  const graph::ContactGraph* g = e.context_->sources().contacts;
  return g && g->HasPair(s, other);
}

EngineStats Engine::stats() const {
  EngineStats s = stats_;
  s.live_slots = slots_.live_slots();
  s.pending_timers = timers_.size();
  s.watermark = buffer_.watermark();
  return s;
}

size_t Engine::MemoryBytes() const {
  return slots_.MemoryBytes() + buffer_.MemoryBytes() + timers_.size() * sizeof(Timer) +
         contacts_seen_.MemoryBytes() + seen_epoch_.capacity() * sizeof(uint32_t);
}

uint32_t Engine::Reload(std::shared_ptr<const RuleSet> rules) {
  // Old index -> new index for rules whose canonical text (and so state layout) is unchanged.
  std::unordered_map<std::string, uint16_t> by_text;
  for (size_t i = 0; i < rules->rules().size(); ++i) {
    by_text.emplace(rules->rules()[i].canonical, static_cast<uint16_t>(i));
  }
  std::vector<int> map(rules_->rules().size(), -1);
  uint32_t kept = 0;
  for (size_t i = 0; i < rules_->rules().size(); ++i) {
    const auto it = by_text.find(rules_->rules()[i].canonical);
    if (it != by_text.end()) {
      map[i] = it->second;
      ++kept;
    }
  }
  for (uint32_t s = 0; s < slots_.subscribers(); ++s) {
    for (uint32_t x = slots_.first(s); x != SlotStore::kNone && x < slots_.end(s);) {
      const int to = map[slots_.rule(x)];
      if (to < 0) {
        slots_.Remove(s, x);  // the next slot is now at x
        MarkChanged(s);
        continue;
      }
      slots_.set_rule(x, static_cast<uint16_t>(to));
      x = slots_.next(x);
    }
  }
  rules_ = std::move(rules);
  seen_epoch_.assign(rules_->rules().size(), 0);
  IndexSlotFeeds();
  RebuildTimers();
  return kept;
}

void Engine::RebuildTimers() {
  timers_ = {};
  for (uint32_t s = 0; s < slots_.subscribers(); ++s) {
    for (uint32_t x = slots_.first(s); x != slots_.end(s); x = slots_.next(x)) {
      const uint16_t rule = slots_.rule(x);
      if (rules_->rules()[rule].kind == Pattern::Kind::kAbsence) {
        timers_.push({static_cast<int64_t>(slots_.payload(x)[0]), s, rule});
      }
    }
  }
}

}  // namespace ripple::cep
