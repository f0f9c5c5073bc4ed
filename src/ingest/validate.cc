#include "ingest/validate.h"

#include <bit>

#include "core/hash.h"
#include "core/time.h"
#include "ingest/field_parse.h"

namespace ripple::ingest {
namespace {

constexpr uint64_t kMaxDurationS = 86400;
constexpr uint64_t kMaxBytes = 1'000'000'000'000ULL;
constexpr int64_t kMaxAmountCents = 100000 * 100;

Reason Timestamp(std::string_view text, const ValidationOptions& o, int64_t* ts) {
  auto v = ParseTimestampMs(text);
  if (!v) return Reason::kBadTimestamp;
  if (*v < o.min_ts_ms || *v > o.max_ts_ms) return Reason::kTimestampOutOfRange;
  *ts = *v;
  return Reason::kAccepted;
}

Reason Cell(std::string_view text, bool required, const ReferenceData& ref, CellId* cell) {
  if (text.empty()) {
    *cell = kNoCell;
    return required ? Reason::kMissingField : Reason::kAccepted;
  }
  *cell = ref.FindCell(text);
  return *cell == kNoString ? Reason::kUnknownCell : Reason::kAccepted;
}

Reason Integer(std::string_view text, uint64_t max, uint64_t* v) {
  return ParseUnsigned(text, v) && *v <= max ? Reason::kAccepted : Reason::kBadInteger;
}

// Calls and SMS: two parties of which at least one is on-net.
Reason Parties(std::string_view from, std::string_view to, ValidationContext& ctx, Record* r) {
  r->from = ParsePhoneNumber(from, ctx.options.phone);
  r->to = ParsePhoneNumber(to, ctx.options.phone);
  if (r->from == kNoPhone || r->to == kNoPhone) return Reason::kBadNumber;
  r->from_sub = ctx.reference->FindSubscriber(r->from);
  r->to_sub = ctx.reference->FindSubscriber(r->to);
  if (r->from_sub == kNoSubscriber && r->to_sub == kNoSubscriber) return Reason::kNoSubscriberParty;
  return Reason::kAccepted;
}

// Per-subscriber feeds: the msisdn must be on-net.
Reason Subscriber(std::string_view msisdn, ValidationContext& ctx, Record* r) {
  r->from = ParsePhoneNumber(msisdn, ctx.options.phone);
  if (r->from == kNoPhone) return Reason::kBadNumber;
  r->from_sub = ctx.reference->FindSubscriber(r->from);
  return r->from_sub == kNoSubscriber ? Reason::kUnknownSubscriber : Reason::kAccepted;
}

Channel ParseChannel(std::string_view v) {
  if (v == "app") return Channel::kApp;
  if (v == "web") return Channel::kWeb;
  if (v == "sms") return Channel::kSms;
  if (v == "outbound") return Channel::kOutbound;
  if (v == "shop") return Channel::kShop;
  return Channel::kNone;
}

#define CHECK_REASON(expr)                  \
  do {                                      \
    Reason _r = (expr);                     \
    if (_r != Reason::kAccepted) return _r; \
  } while (0)

}  // namespace

Reason ValidateRecord(Feed feed, const FieldViews& f, ValidationContext& ctx, Record* r) {
  const Schema& schema = FeedSchema(feed);
  for (size_t i = 0; i < schema.fields.size(); ++i) {
    if (schema.fields[i].required && f[static_cast<int>(i)].empty()) return Reason::kMissingField;
  }
  *r = Record{};
  r->feed = feed;
  const ReferenceData& ref = *ctx.reference;
  CHECK_REASON(Timestamp(f[0], ctx.options, &r->ts_ms));
  uint64_t v = 0;
  switch (feed) {
    case Feed::kCalls:
      CHECK_REASON(Parties(f[1], f[2], ctx, r));
      CHECK_REASON(Integer(f[3], kMaxDurationS, &v));
      r->duration_s = static_cast<uint32_t>(v);
      return Cell(f[4], false, ref, &r->cell);
    case Feed::kSms:
      CHECK_REASON(Parties(f[1], f[2], ctx, r));
      return Cell(f[3], false, ref, &r->cell);
    case Feed::kData:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      CHECK_REASON(Integer(f[4], kMaxBytes, &r->bytes_up));
      CHECK_REASON(Integer(f[5], kMaxBytes, &r->bytes_down));
      CHECK_REASON(Integer(f[6], kMaxDurationS, &v));
      r->duration_s = static_cast<uint32_t>(v);
      CHECK_REASON(Cell(f[7], false, ref, &r->cell));
      if (!IsToken(f[2], 253) || (!f[3].empty() && !IsText(f[3], 128))) return Reason::kBadValue;
      r->host = ctx.strings->Intern(f[2]);
      r->app = f[3].empty() ? kNoString : ctx.strings->Intern(f[3]);
      return Reason::kAccepted;
    case Feed::kLocations:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      return Cell(f[2], true, ref, &r->cell);
    case Feed::kOrders:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      r->product = ref.FindProduct(f[2]);
      if (r->product == kNoString) return Reason::kUnknownProduct;
      r->action = f[3] == "subscribe"     ? OrderAction::kSubscribe
                  : f[3] == "unsubscribe" ? OrderAction::kUnsubscribe
                                          : OrderAction::kNone;
      r->channel = ParseChannel(f[4]);
      if (r->action == OrderAction::kNone || r->channel == Channel::kNone) return Reason::kBadValue;
      return Reason::kAccepted;
    case Feed::kDevices:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      return ParseImei(f[2], &r->imei, &r->imei_digits) ? Reason::kAccepted : Reason::kBadImei;
    case Feed::kRecharges:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      if (!ParseCents(f[2], &r->amount_cents) || r->amount_cents <= 0 ||
          r->amount_cents > kMaxAmountCents) {
        return Reason::kBadAmount;
      }
      return Reason::kAccepted;
    case Feed::kVisits:
      CHECK_REASON(Subscriber(f[1], ctx, r));
      r->channel = ParseChannel(f[2]);
      if ((r->channel != Channel::kApp && r->channel != Channel::kWeb) || !IsText(f[3], 512)) {
        return Reason::kBadValue;
      }
      r->page = ctx.strings->Intern(f[3]);
      return Reason::kAccepted;
  }
  return Reason::kBadValue;
}

uint64_t Fingerprint(const Record& r, const ValidationContext& ctx) {
  const StringTable& strings = *ctx.strings;
  const ReferenceData& ref = *ctx.reference;
  auto text = [&](StringId id) { return id == kNoString ? 0 : strings.Hash(id); };
  const uint64_t cell = r.cell == kNoCell ? 0 : ref.CellHash(r.cell);
  const uint64_t product = r.feed == Feed::kOrders ? ref.ProductHash(r.product) : 0;
  // Multiply-rotate per field and one full mix at the end: each step is a bijection of the
  // running hash, so distinct records collide only by chance (2^-64), at a third of the cost of
  // a full mix per field on this hot path.
  uint64_t h = static_cast<uint64_t>(r.feed) << 16 | static_cast<uint64_t>(r.action) << 8 |
               static_cast<uint64_t>(r.channel);
  for (uint64_t v : {static_cast<uint64_t>(r.ts_ms), r.from, r.to, cell, uint64_t{r.duration_s},
                     text(r.host), text(r.app), text(r.page), product, r.bytes_up, r.bytes_down,
                     static_cast<uint64_t>(r.amount_cents), r.imei, uint64_t{r.imei_digits}}) {
    h = std::rotl((h ^ v) * 0x9e3779b97f4a7c15ULL, 29);
  }
  h = Mix64(h);
  return h == 0 ? 1 : h;
}

}  // namespace ripple::ingest
