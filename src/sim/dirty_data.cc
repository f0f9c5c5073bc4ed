#include "sim/dirty_data.h"

#include <vector>

#include "core/time.h"
#include "sim/random_streams.h"
#include "sim/text_format.h"

namespace ripple::sim {
namespace {

using K = DirtyKind;
constexpr DirtyKind kCallsKinds[] = {
    K::kWrongFieldCount,     K::kMissingField, K::kBadTimestamp,
    K::kTimestampOutOfRange, K::kBadNumber,    K::kNoSubscriberParty,
    K::kBadInteger,          K::kUnknownCell,  K::kDuplicate};
constexpr DirtyKind kSmsKinds[] = {K::kWrongFieldCount,     K::kMissingField, K::kBadTimestamp,
                                   K::kTimestampOutOfRange, K::kBadNumber,    K::kNoSubscriberParty,
                                   K::kUnknownCell,         K::kDuplicate};
constexpr DirtyKind kDataKinds[] = {
    K::kWrongFieldCount, K::kMissingField,      K::kBadTimestamp, K::kTimestampOutOfRange,
    K::kBadNumber,       K::kUnknownSubscriber, K::kBadInteger,   K::kUnknownCell,
    K::kBadValue,        K::kDuplicate};
constexpr DirtyKind kLocationKinds[] = {
    K::kWrongFieldCount, K::kMissingField,      K::kBadTimestamp, K::kTimestampOutOfRange,
    K::kBadNumber,       K::kUnknownSubscriber, K::kUnknownCell,  K::kDuplicate};
constexpr DirtyKind kOrderKinds[] = {
    K::kWrongFieldCount,     K::kMissingField, K::kBadTimestamp,
    K::kTimestampOutOfRange, K::kBadNumber,    K::kUnknownSubscriber,
    K::kUnknownProduct,      K::kBadValue,     K::kDuplicate};
constexpr DirtyKind kDeviceKinds[] = {
    K::kWrongFieldCount, K::kMissingField,      K::kBadTimestamp, K::kTimestampOutOfRange,
    K::kBadNumber,       K::kUnknownSubscriber, K::kBadImei,      K::kDuplicate};
constexpr DirtyKind kRechargeKinds[] = {
    K::kWrongFieldCount, K::kMissingField,      K::kBadTimestamp, K::kTimestampOutOfRange,
    K::kBadNumber,       K::kUnknownSubscriber, K::kBadAmount,    K::kDuplicate};
constexpr DirtyKind kVisitKinds[] = {
    K::kWrongFieldCount, K::kMissingField,      K::kBadTimestamp, K::kTimestampOutOfRange,
    K::kBadNumber,       K::kUnknownSubscriber, K::kBadValue,     K::kDuplicate};

constexpr std::string_view kKindNames[] = {
    "wrong_field_count", "missing_field",      "bad_timestamp",       "timestamp_out_of_range",
    "bad_number",        "unknown_subscriber", "no_subscriber_party", "bad_integer",
    "bad_amount",        "unknown_cell",       "unknown_product",     "bad_imei",
    "bad_value",         "duplicate"};

// Required (non-optional) fields per feed, by column index.
std::span<const int> RequiredFields(Feed feed) {
  static constexpr int kCalls[] = {0, 1, 2, 3};
  static constexpr int kSms[] = {0, 1, 2};
  static constexpr int kData[] = {0, 1, 2, 4, 5, 6};
  static constexpr int kThree[] = {0, 1, 2};
  static constexpr int kFour[] = {0, 1, 2, 3};
  static constexpr int kOrders[] = {0, 1, 2, 3, 4};
  switch (feed) {
    case Feed::kCalls:
      return kCalls;
    case Feed::kSms:
      return kSms;
    case Feed::kData:
      return kData;
    case Feed::kOrders:
      return kOrders;
    case Feed::kVisits:
      return kFour;
    default:
      return kThree;
  }
}

int CellField(Feed feed) {
  switch (feed) {
    case Feed::kCalls:
      return 4;
    case Feed::kSms:
      return 3;
    case Feed::kData:
      return 7;
    default:
      return 2;  // locations
  }
}

template <typename T, size_t N>
const T& Pick(Rng& rng, const T (&items)[N]) {
  return items[rng.Below(N)];
}

std::vector<std::string> Split(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t i = 0; i <= line.size(); ++i) {
    if (i == line.size() || line[i] == ',') {
      fields.emplace_back(line.substr(start, i - start));
      start = i + 1;
    }
  }
  return fields;
}

std::string Join(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += fields[i];
  }
  line += '\n';
  return line;
}

// A valid number that is not a subscriber: an off-net party (person, service or international).
std::string OffNetNumber(const World& world, Rng& rng) {
  uint64_t off_net = world.party_text.size() - world.subscribers;
  return std::string(world.Number(world.subscribers + static_cast<PartyId>(rng.Below(off_net))));
}

std::string OutOfRangeTs(std::string_view original, Rng& rng) {
  bool iso = original.find('-') != std::string_view::npos;
  int year = rng.Chance(0.5) ? 1999 : 2100;
  int64_t day = DaysFromCivil(year, 1 + static_cast<unsigned>(rng.Below(12)),
                              1 + static_cast<unsigned>(rng.Below(28)));
  int64_t ts = day * kMillisPerDay + static_cast<int64_t>(rng.Below(kMillisPerDay / 1000)) * 1000;
  if (iso) return FormatIso8601(ts, 8 * 60);
  return std::to_string(ts);
}

std::string BadTimestamp(std::string_view original, int64_t ts_ms, Rng& rng) {
  (void)original;
  switch (rng.Below(5)) {
    case 0:
      return "2026-13-45T99:00:00+08:00";
    case 1:
      return "yesterday";
    case 2: {
      std::string iso = FormatIso8601(ts_ms, 8 * 60);
      return iso.substr(0, iso.size() - 6);  // ISO without its offset
    }
    case 3:
      return "2026/11/02 08:15:30";
    default:
      return std::to_string(ts_ms) + "000000";  // too many digits for epoch ms
  }
}

}  // namespace

std::string_view DirtyKindName(DirtyKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::span<const DirtyKind> DirtyKindsFor(Feed feed) {
  switch (feed) {
    case Feed::kCalls:
      return kCallsKinds;
    case Feed::kSms:
      return kSmsKinds;
    case Feed::kData:
      return kDataKinds;
    case Feed::kLocations:
      return kLocationKinds;
    case Feed::kOrders:
      return kOrderKinds;
    case Feed::kDevices:
      return kDeviceKinds;
    case Feed::kRecharges:
      return kRechargeKinds;
    case Feed::kVisits:
      return kVisitKinds;
  }
  return kCallsKinds;
}

bool ShouldInject(uint64_t seed, Feed feed, uint64_t position, double fraction) {
  if (fraction <= 0) return false;
  uint64_t h =
      HashCombine(HashCombine(Mix64(seed ^ kPurposeDirty), static_cast<uint64_t>(feed)), position);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < fraction;
}

Rng DirtyRng(uint64_t seed, Feed feed, uint64_t position) {
  return Rng::For(seed, static_cast<uint64_t>(feed), position, kPurposeDirty);
}

std::string MakeDirtyLine(const World& world, Feed feed, DirtyKind kind, const Event& e,
                          std::string_view clean_line, std::string_view flipped_line, Rng& rng) {
  if (kind == DirtyKind::kDuplicate) {
    return std::string(rng.Chance(0.5) ? clean_line : flipped_line);
  }
  std::vector<std::string> f = Split(clean_line);
  switch (kind) {
    case DirtyKind::kWrongFieldCount:
      if (rng.Chance(0.5)) {
        f.pop_back();
      } else {
        f.push_back("x");
      }
      break;
    case DirtyKind::kMissingField: {
      auto required = RequiredFields(feed);
      f[required[rng.Below(required.size())]].clear();
      break;
    }
    case DirtyKind::kBadTimestamp:
      f[0] = BadTimestamp(f[0], e.ts_ms, rng);
      break;
    case DirtyKind::kTimestampOutOfRange:
      f[0] = OutOfRangeTs(f[0], rng);
      break;
    case DirtyKind::kBadNumber: {
      static constexpr std::string_view kBad[] = {"13800abc000", "N/A", "unknown",
                                                  "+86-138-ABCD-0000", "#31#13800138000"};
      int field = 1;
      if (feed == Feed::kCalls || feed == Feed::kSms) {
        // Spoil a party whose loss leaves an on-net party standing.
        bool a_on = world.IsOnNet(e.a), b_on = world.IsOnNet(e.b);
        field = a_on && b_on ? 1 + static_cast<int>(rng.Below(2)) : a_on ? 2 : 1;
      }
      f[field] = std::string(Pick(rng, kBad));
      break;
    }
    case DirtyKind::kUnknownSubscriber:
      f[1] = OffNetNumber(world, rng);
      break;
    case DirtyKind::kNoSubscriberParty: {
      std::string caller = OffNetNumber(world, rng), callee = OffNetNumber(world, rng);
      while (callee == caller) callee = OffNetNumber(world, rng);
      f[1] = caller;
      f[2] = callee;
      f[CellField(feed)].clear();  // an off-net caller has no serving cell
      break;
    }
    case DirtyKind::kBadInteger:
      if (feed == Feed::kCalls) {
        static constexpr std::string_view kBad[] = {"-5", "12.5", "abc", "86401"};
        f[3] = std::string(Pick(rng, kBad));
      } else {  // data: bytes_up, bytes_down or duration_s
        int field = 4 + static_cast<int>(rng.Below(3));
        static constexpr std::string_view kBadBytes[] = {"-1", "12.5", "abc", "1000000000001"};
        static constexpr std::string_view kBadDuration[] = {"-1", "12.5", "abc", "86401"};
        f[field] = std::string(field == 6 ? Pick(rng, kBadDuration) : Pick(rng, kBadBytes));
      }
      break;
    case DirtyKind::kBadAmount: {
      static constexpr std::string_view kBad[] = {"-50", "0", "abc", "0.00", "100001"};
      f[2] = std::string(Pick(rng, kBad));
      break;
    }
    case DirtyKind::kUnknownCell:
      // LAC 9999 belongs to no district, so the cell cannot exist.
      f[CellField(feed)] = "9999-" + std::to_string(10000 + rng.Below(90000));
      break;
    case DirtyKind::kUnknownProduct: {
      static constexpr std::string_view kBad[] = {"P999", "DP-NONE", "UNKNOWN-PACK"};
      f[2] = std::string(Pick(rng, kBad));
      break;
    }
    case DirtyKind::kBadImei: {
      std::string& imei = f[2];
      switch (rng.Below(3)) {
        case 0:  // wrong check digit
          imei.back() = static_cast<char>('0' + (imei.back() - '0' + 1 + rng.Below(9)) % 10);
          break;
        case 1:  // 14 digits
          imei.pop_back();
          break;
        default:  // letters
          imei[3] = 'A';
          imei[4] = 'B';
          break;
      }
      break;
    }
    case DirtyKind::kBadValue:
      if (feed == Feed::kOrders) {
        if (rng.Chance(0.5)) {
          f[3] = "cancel";
        } else {
          f[4] = "fax";
        }
      } else if (feed == Feed::kVisits) {
        f[2] = rng.Chance(0.5) ? "fax" : "kiosk";
      } else {  // data: a host with a space
        f[2].insert(f[2].size() / 2, " ");
      }
      break;
    case DirtyKind::kDuplicate:
      break;
  }
  return Join(f);
}

}  // namespace ripple::sim
