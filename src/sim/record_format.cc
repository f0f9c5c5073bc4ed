#include "sim/record_format.h"

namespace ripple::sim {
namespace {

constexpr int kRecordLocalOffsetMinutes = 8 * 60;

char* Party(char* p, const World& world, PartyId party) {
  const PartyText& t = world.party_text[party];
  return AppendFixedArray(p, t.text, t.len);
}

char* CellId(char* p, const World& world, CellIndex cell) {
  const Cell& c = world.cells[cell];
  return AppendFixedArray(p, c.id, c.id_len);
}

char* Quoted(char* p, std::string_view s) {
  *p++ = '"';
  p = AppendText(p, s);
  *p++ = '"';
  return p;
}

// ,"name":
char* Key(char* p, std::string_view name) {
  *p++ = ',';
  p = Quoted(p, name);
  *p++ = ':';
  return p;
}

}  // namespace

char* RecordFormatter::Ts(const Event& e, char* out, bool flip_ts_form) {
  bool iso = ((e.flags & kIsoTs) != 0) != flip_ts_form;
  if (!iso) return AppendInt(out, e.ts_ms);
  return iso_.Append(out, e.ts_ms, (e.flags & kUtcTs) ? 0 : kRecordLocalOffsetMinutes);
}

char* RecordFormatter::Csv(Feed feed, const Event& e, char* p, bool flip_ts_form) {
  p = Ts(e, p, flip_ts_form);
  *p++ = ',';
  p = Party(p, world_, e.a);
  *p++ = ',';
  switch (feed) {
    case Feed::kCalls:
      p = Party(p, world_, e.b);
      *p++ = ',';
      p = AppendUint(p, e.v1);
      *p++ = ',';
      if (!(e.flags & kNoCell)) p = CellId(p, world_, e.cell);
      break;
    case Feed::kSms:
      p = Party(p, world_, e.b);
      *p++ = ',';
      if (!(e.flags & kNoCell)) p = CellId(p, world_, e.cell);
      break;
    case Feed::kData:
      p = AppendText(p, world_.hosts.host(e.b));
      *p++ = ',';
      if (!(e.flags & kNoApp)) p = AppendText(p, world_.hosts.app(e.b));
      *p++ = ',';
      p = AppendUint(p, e.v2);
      *p++ = ',';
      p = AppendUint(p, e.v3);
      *p++ = ',';
      p = AppendUint(p, e.v1);
      *p++ = ',';
      p = CellId(p, world_, e.cell);
      break;
    case Feed::kLocations:
      p = CellId(p, world_, e.cell);
      break;
    case Feed::kOrders:
      p = AppendText(p, Products()[e.b].id);
      *p++ = ',';
      p = AppendText(p, (e.code >> 4) ? "unsubscribe" : "subscribe");
      *p++ = ',';
      p = AppendText(p, OrderChannels()[e.code & 15]);
      break;
    case Feed::kDevices:
      p = AppendUint(p, e.imei());
      break;
    case Feed::kRecharges:
      p = AppendCents(p, e.b);
      break;
    case Feed::kVisits:
      p = AppendText(p, VisitChannels()[e.code]);
      *p++ = ',';
      p = AppendText(p, VisitPages()[e.b].name);
      break;
  }
  *p++ = '\n';
  return p;
}

char* RecordFormatter::Json(Feed feed, const Event& e, char* p) {
  p = AppendText(p, "{\"type\":");
  p = Quoted(p, FeedType(feed));
  p = Key(p, "ts");
  if (e.flags & kIsoTs) {
    *p++ = '"';
    p = Ts(e, p);
    *p++ = '"';
  } else {
    p = Ts(e, p);
  }
  auto cell = [&](std::string_view name, bool present) {
    p = Key(p, name);
    p = Quoted(p, present ? world_.CellText(e.cell) : std::string_view());
  };
  switch (feed) {
    case Feed::kCalls:
      p = Key(p, "caller");
      p = Quoted(p, world_.Number(e.a));
      p = Key(p, "callee");
      p = Quoted(p, world_.Number(e.b));
      p = Key(p, "duration_s");
      p = AppendUint(p, e.v1);
      cell("cell_id", !(e.flags & kNoCell));
      break;
    case Feed::kSms:
      p = Key(p, "sender");
      p = Quoted(p, world_.Number(e.a));
      p = Key(p, "receiver");
      p = Quoted(p, world_.Number(e.b));
      cell("cell_id", !(e.flags & kNoCell));
      break;
    default:
      p = Key(p, "msisdn");
      p = Quoted(p, world_.Number(e.a));
      break;
  }
  switch (feed) {
    case Feed::kData:
      p = Key(p, "host");
      p = Quoted(p, world_.hosts.host(e.b));
      p = Key(p, "app");
      p = Quoted(p, (e.flags & kNoApp) ? std::string_view() : world_.hosts.app(e.b));
      p = Key(p, "bytes_up");
      p = AppendUint(p, e.v2);
      p = Key(p, "bytes_down");
      p = AppendUint(p, e.v3);
      p = Key(p, "duration_s");
      p = AppendUint(p, e.v1);
      cell("cell_id", true);
      break;
    case Feed::kLocations:
      cell("cell_id", true);
      break;
    case Feed::kOrders:
      p = Key(p, "product_id");
      p = Quoted(p, Products()[e.b].id);
      p = Key(p, "action");
      p = Quoted(p, (e.code >> 4) ? "unsubscribe" : "subscribe");
      p = Key(p, "channel");
      p = Quoted(p, OrderChannels()[e.code & 15]);
      break;
    case Feed::kDevices:
      p = Key(p, "imei");
      *p++ = '"';
      p = AppendUint(p, e.imei());
      *p++ = '"';
      break;
    case Feed::kRecharges:
      p = Key(p, "amount");
      p = AppendCents(p, e.b);
      break;
    case Feed::kVisits:
      p = Key(p, "channel");
      p = Quoted(p, VisitChannels()[e.code]);
      p = Key(p, "page");
      p = Quoted(p, VisitPages()[e.b].name);
      break;
    default:
      break;
  }
  *p++ = '}';
  *p++ = '\n';
  return p;
}

}  // namespace ripple::sim
