#include "cli/events_checkpoint.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "core/bytes.h"
#include "core/hash.h"

namespace ripple::cli {
namespace {

constexpr uint64_t kEventsProgressVersion = 1;

// Dense ids of subscribers, cells and products (held in slots and buffered records) mean the
// same only for the same tables in the same order.
uint64_t ReferenceFingerprint(const ingest::ReferenceData& ref) {
  uint64_t h = HashCombine(ref.subscriber_count(), ref.cell_count() * 31 + ref.product_count());
  for (const ingest::SubscriberInfo& s : ref.subscribers()) h = HashCombine(h, s.msisdn);
  for (size_t c = 0; c < ref.cell_count(); ++c) {
    h = HashCombine(h, ref.CellHash(static_cast<ingest::CellId>(c)));
  }
  for (size_t p = 0; p < ref.product_count(); ++p) {
    h = HashCombine(h, ref.ProductHash(static_cast<ingest::ProductId>(p)));
  }
  return h;
}

}  // namespace

EventsCheckpoint::EventsCheckpoint(std::unique_ptr<state::EventStateStore> store,
                                   uint64_t fingerprint, int period_seconds,
                                   serve::TriggerStore* triggers, std::string stream)
    : store_(std::move(store)),
      fingerprint_(fingerprint),
      triggers_(triggers),
      stream_(std::move(stream)),
      period_(period_seconds) {}

Result<std::unique_ptr<EventsCheckpoint>> EventsCheckpoint::Open(const std::string& dir,
                                                                 const EventsSetup& setup,
                                                                 serve::TriggerStore* triggers,
                                                                 std::string stream) {
  ASSIGN_OR_RETURN(auto store, state::EventStateStore::Open(dir));
  const int period = setup.options.config.checkpoint_every_seconds > 0
                         ? setup.options.config.checkpoint_every_seconds
                         : 30;
  return std::unique_ptr<EventsCheckpoint>(
      new EventsCheckpoint(std::move(store), ReferenceFingerprint(*setup.reference), period,
                           triggers, std::move(stream)));
}

Result<EventsRestore> EventsCheckpoint::Restore(cep::Engine& engine,
                                                ingest::SourceIngester* ingester) {
  EventsRestore out;
  ASSIGN_OR_RETURN(auto progress, store_->Progress());
  if (!progress) {
    out.note = "no checkpoint yet";
    return out;
  }
  ByteReader r(*progress);
  uint64_t version = 0, fingerprint = 0, has_position = 0;
  std::string stream, position, clock;
  if (!r.Varint(&version) || version != kEventsProgressVersion || !r.Fixed64(&fingerprint) ||
      !r.Varint(&out.records_before) || !r.String(&stream) || !r.Varint(&has_position) ||
      !r.String(&position) || !r.String(&clock)) {
    return Status::Corruption("event state " + store_->dir() +
                              ": the checkpoint's progress is unreadable; remove the folder to "
                              "start the engine fresh");
  }
  if (fingerprint != fingerprint_) {
    spdlog::warn(
        "event state {}: written for other reference tables (subscribers, cells or products "
        "changed); the engine starts fresh and the stream from its start",
        store_->dir());
    RETURN_IF_ERROR(store_->Clear());
    out.note = "reference tables changed";
    out.records_before = 0;
    return out;
  }
  RETURN_IF_ERROR(store_->ForEachSubscriber([&](uint32_t s, std::string_view value) -> Status {
    // Value: the engine's slots, then the live triggers (each length-prefixed).
    ByteReader vr(value);
    std::string slots, triggers;
    Status st;
    if (!vr.String(&slots) || !vr.String(&triggers)) {
      st = Status::Corruption("truncated value");
    } else {
      ByteReader sr(slots);
      st = engine.DecodeSubscriber(s, sr, &out.dropped_slots);
      ByteReader tr(triggers);
      if (st.ok() && !triggers.empty() && triggers_ != nullptr && !triggers_->Decode(s, tr)) {
        st = Status::Corruption("bad live triggers");
      }
    }
    if (!st.ok()) {
      return Status::Corruption("event state " + store_->dir() + ", subscriber " +
                                std::to_string(s) + ": " + st.message() +
                                "; remove the folder to start the engine fresh");
    }
    ++out.subscribers;
    return Status::Ok();
  }));
  ByteReader cr(clock);
  RETURN_IF_ERROR(engine.DecodeClock(cr));
  if (has_position && ingester != nullptr && stream == stream_) {
    ByteReader pr(position);
    RETURN_IF_ERROR(ingester->RestorePosition(pr));
    out.position_restored = true;
  }
  out.resumed = true;
  return out;
}

Status EventsCheckpoint::MaybeWrite(cep::Engine& engine, const ingest::SourceIngester* ingester,
                                    uint64_t records, bool force) {
  const auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < period_) return Status::Ok();
  last_ = now;
  changed_ids_.clear();
  engine.TakeChanged(&changed_ids_);
  if (triggers_ != nullptr) triggers_->TakeChanged(&changed_ids_);
  std::sort(changed_ids_.begin(), changed_ids_.end());
  changed_ids_.erase(std::unique(changed_ids_.begin(), changed_ids_.end()), changed_ids_.end());
  changed_.resize(changed_ids_.size());
  for (size_t i = 0; i < changed_ids_.size(); ++i) {
    const ingest::SubscriberId s = changed_ids_[i];
    ByteWriter slots, triggers, value;
    engine.EncodeSubscriber(s, slots);
    const bool has_triggers = triggers_ != nullptr && triggers_->Encode(s, triggers);
    // "0 slots" and no triggers: nothing to keep, the record is deleted.
    const bool has_slots = !(slots.data().size() == 1 && slots.data()[0] == 0);
    if (has_slots || has_triggers) {
      value.String(slots.data());
      value.String(triggers.data());
    }
    changed_[i] = {s, value.Take()};
  }
  ByteWriter p;
  p.Varint(kEventsProgressVersion);
  p.Fixed64(fingerprint_);
  p.Varint(records);
  p.String(stream_);
  ByteWriter position;
  if (ingester != nullptr) ingester->SavePosition(position);
  p.Varint(ingester != nullptr ? 1 : 0);
  p.String(position.data());
  ByteWriter clock;
  engine.EncodeClock(clock);
  p.String(clock.data());
  RETURN_IF_ERROR(store_->Checkpoint(changed_, p.data()));
  ++checkpoints_;
  spdlog::debug("event state checkpoint: {} subscribers, {} bytes", changed_.size(),
                store_->last_checkpoint_bytes());
  return Status::Ok();
}

}  // namespace ripple::cli
