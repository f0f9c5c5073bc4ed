// Engine checkpoints (cep/engine.h). Ids of texts interned in this process (hosts, apps, pages)
// mean nothing to the next one, so values of record-text fields are written as text and
// interned again on restore; every other value word (reference ids, categories, numbers, phone
// keys) is stable for the same reference tables.
#include <algorithm>

#include "cep/engine.h"
#include "core/hash.h"
#include "ingest/string_table.h"

namespace ripple::cep {
namespace {

constexpr uint64_t kClockVersion = 1;

bool IsRecordText(FieldId f) {
  return f != FieldId::kTag && f != FieldId::kSegment &&
         FieldCatalogue()[static_cast<int>(f)].space == TextSpace::kRecordText;
}

void WriteText(ingest::StringTable& texts, uint32_t id, ByteWriter& w) {
  if (id == ingest::kNoString) {
    w.Varint(0);
    return;
  }
  const std::string_view t = texts.Text(id);
  w.Varint(t.size() + 1);
  w.Raw(t);
}

bool ReadText(ingest::StringTable& texts, ByteReader& r, uint32_t* id) {
  uint64_t n = 0;
  if (!r.Varint(&n) || n > (1u << 20)) return false;
  if (n == 0) {
    *id = ingest::kNoString;
    return true;
  }
  std::string_view t;
  if (!r.Raw(n - 1, &t)) return false;
  *id = texts.Intern(t);
  return true;
}

// The payload words of a slot that hold a value of `field` (see engine_patterns.cc).
std::vector<std::pair<size_t, FieldId>> ValueWords(const CompiledRule& r) {
  std::vector<std::pair<size_t, FieldId>> out;
  if (r.kind == Pattern::Kind::kChange) out.emplace_back(0, r.field);
  if (r.kind == Pattern::Kind::kAbsence) {
    for (size_t i = 0; i < r.carry.size() && i < Trigger::kMaxCarried; ++i) {
      out.emplace_back(1 + i, r.carry[i]);
    }
  }
  return out;
}

}  // namespace

void Engine::EncodeSubscriber(ingest::SubscriberId s, ByteWriter& w) const {
  ingest::StringTable& texts = *context_->sources().record_texts;
  w.Varint(slots_.count(s));
  ByteWriter payload;
  for (uint32_t x = slots_.first(s); x != slots_.end(s); x = slots_.next(x)) {
    const CompiledRule& r = rules_->rules()[slots_.rule(x)];
    w.Fixed64(HashString(r.canonical));
    w.Varint(slots_.payload_words(x));
    w.Fixed64(static_cast<uint64_t>(slots_.expires(x)));
    const auto texts_at = ValueWords(r);
    payload = ByteWriter();
    for (uint16_t i = 0; i < slots_.payload_words(x); ++i) {
      const uint64_t v = slots_.payload(x)[i];
      const auto it = std::find_if(texts_at.begin(), texts_at.end(), [&](const auto& p) {
        return p.first == i && IsRecordText(p.second);
      });
      if (it != texts_at.end()) {
        WriteText(texts, v == EventView::kNoValue ? ingest::kNoString : static_cast<uint32_t>(v),
                  payload);
      } else {
        payload.Fixed64(v);
      }
    }
    // Length first: a process whose rules no longer hold this one skips it without knowing
    // its layout.
    w.String(payload.data());
  }
}

Status Engine::DecodeSubscriber(ingest::SubscriberId s, ByteReader& r, uint32_t* dropped) {
  if (s >= slots_.subscribers()) return Status::Corruption("cep state: subscriber out of range");
  ingest::StringTable& texts = *context_->sources().record_texts;
  slots_.Clear(s);
  uint64_t count = 0;
  if (!r.Varint(&count) || count > (1u << 16))
    return Status::Corruption("cep state: bad slot count");
  std::vector<uint64_t> payload;
  for (uint64_t k = 0; k < count; ++k) {
    uint64_t hash = 0, words = 0, expires = 0;
    std::string bytes;
    if (!r.Fixed64(&hash) || !r.Varint(&words) || words > 4096 || !r.Fixed64(&expires) ||
        !r.String(&bytes)) {
      return Status::Corruption("cep state: truncated slot");
    }
    // The rule may have changed or gone since the checkpoint: its partial match is dropped.
    int rule = -1;
    for (size_t i = 0; i < rules_->rules().size(); ++i) {
      if (HashString(rules_->rules()[i].canonical) == hash &&
          rules_->rules()[i].state_words == words) {
        rule = static_cast<int>(i);
      }
    }
    if (rule < 0 || slots_.Find(s, static_cast<uint16_t>(rule)) != SlotStore::kNone) {
      if (dropped) ++*dropped;
      continue;
    }
    const auto texts_at = ValueWords(rules_->rules()[rule]);
    payload.assign(words, 0);
    ByteReader pr(bytes);
    for (size_t i = 0; i < words; ++i) {
      const auto it = std::find_if(texts_at.begin(), texts_at.end(), [&](const auto& p) {
        return p.first == i && IsRecordText(p.second);
      });
      if (it != texts_at.end()) {
        uint32_t id = 0;
        if (!ReadText(texts, pr, &id)) return Status::Corruption("cep state: truncated text");
        payload[i] = id == ingest::kNoString ? EventView::kNoValue : id;
      } else if (!pr.Fixed64(&payload[i])) {
        return Status::Corruption("cep state: truncated slot payload");
      }
    }
    if (!pr.AtEnd()) return Status::Corruption("cep state: slot payload longer than its rule's");
    const uint32_t x = slots_.Add(s, static_cast<uint16_t>(rule), static_cast<uint16_t>(words),
                                  static_cast<int64_t>(expires));
    std::copy(payload.begin(), payload.end(), slots_.payload(x));
    if (rules_->rules()[rule].kind == Pattern::Kind::kAbsence) {
      timers_.push({static_cast<int64_t>(payload[0]), s, static_cast<uint16_t>(rule)});
    }
  }
  return Status::Ok();
}

void Engine::EncodeClock(ByteWriter& w) const {
  ingest::StringTable& texts = *context_->sources().record_texts;
  w.Varint(kClockVersion);
  w.SignedVarint(buffer_.watermark());
  w.Varint(buffer_.buffered());
  buffer_.ForEachBuffered([&](const ingest::Record& rec) {
    w.Varint(static_cast<uint64_t>(rec.feed));
    w.Varint(static_cast<uint64_t>(rec.action));
    w.Varint(static_cast<uint64_t>(rec.channel));
    w.SignedVarint(rec.ts_ms);
    w.Fixed64(rec.from);
    w.Fixed64(rec.to);
    w.Varint(rec.from_sub);
    w.Varint(rec.to_sub);
    w.Varint(rec.cell);
    w.Varint(rec.duration_s);
    WriteText(texts, rec.host, w);
    WriteText(texts, rec.app, w);
    WriteText(texts, rec.page, w);
    w.Varint(rec.product);
    w.Varint(rec.bytes_up);
    w.Varint(rec.bytes_down);
    w.SignedVarint(rec.amount_cents);
    w.Fixed64(rec.imei);
    w.Varint(rec.imei_digits);
  });
}

Status Engine::DecodeClock(ByteReader& r) {
  ingest::StringTable& texts = *context_->sources().record_texts;
  uint64_t version = 0, n = 0;
  int64_t watermark = 0;
  if (!r.Varint(&version) || version != kClockVersion || !r.SignedVarint(&watermark) ||
      !r.Varint(&n) || n > (1u << 28)) {
    return Status::Corruption("cep clock: bad header");
  }
  std::vector<ingest::Record> records(n);
  for (ingest::Record& rec : records) {
    uint64_t feed, action, channel, from_sub, to_sub, cell, duration, product, up, down, digits;
    if (!r.Varint(&feed) || feed >= kFeedCount || !r.Varint(&action) || action > 2 ||
        !r.Varint(&channel) || channel > 5 || !r.SignedVarint(&rec.ts_ms) ||
        !r.Fixed64(&rec.from) || !r.Fixed64(&rec.to) || !r.Varint(&from_sub) ||
        !r.Varint(&to_sub) || !r.Varint(&cell) || !r.Varint(&duration) ||
        !ReadText(texts, r, &rec.host) || !ReadText(texts, r, &rec.app) ||
        !ReadText(texts, r, &rec.page) || !r.Varint(&product) || !r.Varint(&up) ||
        !r.Varint(&down) || !r.SignedVarint(&rec.amount_cents) || !r.Fixed64(&rec.imei) ||
        !r.Varint(&digits)) {
      return Status::Corruption("cep clock: truncated record");
    }
    rec.feed = static_cast<Feed>(feed);
    rec.action = static_cast<ingest::OrderAction>(action);
    rec.channel = static_cast<ingest::Channel>(channel);
    rec.from_sub = static_cast<ingest::SubscriberId>(from_sub);
    rec.to_sub = static_cast<ingest::SubscriberId>(to_sub);
    rec.cell = static_cast<ingest::CellId>(cell);
    rec.duration_s = static_cast<uint32_t>(duration);
    rec.product = static_cast<ingest::ProductId>(product);
    rec.bytes_up = up;
    rec.bytes_down = down;
    rec.imei_digits = static_cast<uint8_t>(digits);
  }
  buffer_.AdvanceTo(watermark);
  for (const ingest::Record& rec : records) buffer_.Push(rec);
  return Status::Ok();
}

}  // namespace ripple::cep
