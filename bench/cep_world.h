// The synthetic operator of the event-engine benchmark: reference tables for N subscribers
// (cells with airports and roaming areas, 15 host categories, handsets, products), N generated
// rules over every pattern kind, and one local day of records over all eight feeds.
//
// Records come in episodes: a subscriber at one place (home, work, out, an airport, abroad)
// produces a burst of records a few minutes apart, so that sequences, counts, dwells and
// absences see related records of one person close in time, as a live feed does. Texts (hosts,
// pages) are interned in the StringTable the engine's context uses, and the rules name the same
// texts, so rules match and keep state. Records are ordered by arrival: event time plus a delay
// of up to `jitter_ms`, i.e. out of event-time order by at most that much.
// Everything follows from the seed.
// Thread-safety: plain functions; RecordWorld is one instance per thread.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/phone_number.h"
#include "core/rng.h"
#include "ingest/record.h"
#include "ingest/reference.h"
#include "ingest/string_table.h"

namespace ripple::cep::bench {

// 2026-11-02 00:00 +08:00 (a Monday), in UTC ms.
constexpr int64_t kDay0Ms = 1793548800000;

constexpr std::array<const char*, 15> kCategories = {
    "games", "video",  "music",     "sports",    "travel", "finance", "shopping", "auto",
    "tech",  "health", "education", "parenting", "food",   "news",    "fashion"};
constexpr int kHostsPerCategory = 6;  // suffix rules "<category><m>.com"
constexpr std::array<const char*, 6> kHostPrefixes = {"www", "m", "api", "img", "cdn", "static"};
constexpr int kUnlistedHosts = 100;  // "site<j>.net": no category
constexpr int kPages = 40;           // "p0" .. "p39", plus the named pages below
constexpr std::array<const char*, 4> kNamedPages = {"home", "balance", "shop", "plans"};
// Area types a rule may watch (residential is everywhere: no rule watches it).
constexpr std::array<const char*, 8> kRuleAreas = {"airport", "railway", "mall",     "office",
                                                   "campus",  "scenic",  "hospital", "stadium"};
constexpr std::array<const char*, 6> kProductCategories = {"data",    "voice",   "roaming",
                                                           "handset", "content", "plan"};
constexpr int kAirports = 4, kCellsPerAirport = 10;
constexpr std::array<const char*, 10> kRoamingAreas = {"HK", "MO", "TW", "JP", "KR",
                                                       "SG", "TH", "US", "GB", "DE"};
constexpr int kHandsets = 30;

inline std::string CategoryHost(int category, int m, int prefix) {
  return std::string(kHostPrefixes[prefix]) + "." + kCategories[category] + std::to_string(m) +
         ".com";
}

struct WorldOptions {
  uint32_t subscribers = 1'000'000;
  uint64_t records = 30'000'000;
  uint32_t cells = 4000;
  uint64_t seed = 7;
  int64_t jitter_ms = 5000;
};

// Cell c: c < 40 airports (AIR-0..3, 10 cells each), then 20 roaming cells (ROAM-XX, two per
// area), then by c % 20: half residential, a fifth office, one each of mall, railway, campus,
// scenic, hospital, and stadium / other; areas of 8 cells ("A-<c/8>").
inline const char* CellType(uint32_t c) {
  constexpr uint32_t kFirstOrdinary = kAirports * kCellsPerAirport + 2 * kRoamingAreas.size();
  if (c < kAirports * kCellsPerAirport) return "airport";
  if (c < kFirstOrdinary) return "other";
  const uint32_t k = c % 20;
  if (k < 10) return "residential";
  if (k < 14) return "office";
  constexpr std::array<const char*, 6> kRest = {"mall",   "railway",  "campus",
                                                "scenic", "hospital", "stadium"};
  if (k < 19) return kRest[k - 14];
  return c % 40 == 19 ? kRest[5] : "other";
}

inline void WriteReference(const std::string& dir, const WorldOptions& o) {
  {
    std::ofstream f(dir + "/subscribers.csv");
    f << "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date\n";
    for (uint32_t s = 0; s < o.subscribers; ++s) {
      f << 13800000000ull + s << ',' << "MF"[s % 2] << ',' << 1950 + s % 55 << ",r" << s % 20
        << ",P" << s % 8 << ',' << 18 + (s % 10) * 20 << ",2020-01-01\n";
    }
  }
  {
    std::ofstream f(dir + "/cells.csv");
    f << "cell_id,lat,lon,area_id,area_type\n";
    constexpr uint32_t kAirportCells = kAirports * kCellsPerAirport;
    for (uint32_t c = 0; c < o.cells; ++c) {
      std::string area;
      if (c < kAirportCells) {
        area = "AIR-" + std::to_string(c / kCellsPerAirport);
      } else if (c < kAirportCells + 2 * kRoamingAreas.size()) {
        area = std::string("ROAM-") + kRoamingAreas[(c - kAirportCells) / 2];
      } else {
        area = "A-" + std::to_string(c / 8);
      }
      f << "C" << c << ',' << 22.0 + (c % 100) * 0.005 << ',' << 113.5 + (c / 100) * 0.005 << ','
        << area << ',' << CellType(c) << '\n';
    }
  }
  {
    std::ofstream f(dir + "/hosts.csv");
    f << "pattern,match,category\n";
    for (int c = 0; c < int(kCategories.size()); ++c) {
      for (int m = 0; m < kHostsPerCategory; ++m) {
        f << kCategories[c] << m << ".com,suffix," << kCategories[c] << '\n';
      }
    }
  }
  {
    std::ofstream f(dir + "/tac.csv");
    f << "tac,brand,model,release_year,price_tier\n";
    constexpr std::array<const char*, 7> kBrands = {"Apple", "Huawei",  "Xiaomi", "OPPO",
                                                    "vivo",  "Samsung", "Honor"};
    constexpr std::array<const char*, 4> kTiers = {"low", "mid", "high", "flagship"};
    for (int i = 0; i < kHandsets; ++i) {
      f << 35000000 + i * 1013 << ',' << kBrands[i % 7] << ',' << kBrands[i % 7] << " M" << i << ','
        << 2018 + i % 7 << ',' << kTiers[i % 4] << '\n';
    }
  }
  {
    std::ofstream f(dir + "/products.csv");
    f << "product_id,name,category,price\n";
    for (int i = 0; i < 24; ++i) {
      const char* cat = kProductCategories[i % kProductCategories.size()];
      f << "PRD-" << i << ",Product " << i << ',' << cat << ',' << 5 + i * 5 << '\n';
    }
  }
}

// Rule k of a generated set: template k % 20 (on 20 %, sequence 20 %, absence 10 %, count 10 %,
// sum 10 %, dwell 10 %, change 5 %, first 10 %, on with host 5 %), its constants from j = k / 20
// so that rules of one template watch different pages, categories, hosts and areas.
inline std::string GeneratedRule(uint32_t k) {
  const uint32_t t = k % 20, j = k / 20;
  auto cat = [](uint32_t x) { return std::string(kCategories[x % kCategories.size()]); };
  auto page = [](uint32_t x) { return "\"p" + std::to_string(x % kPages) + "\""; };
  auto area = [](uint32_t x) { return std::string(kRuleAreas[x % kRuleAreas.size()]); };
  auto host = [](uint32_t x) {
    return "\"" + CategoryHost(int(x % kCategories.size()), int(x / 15 % kHostsPerCategory), 0) +
           "\"";
  };
  auto n = [](uint32_t x) { return std::to_string(x); };
  std::string p;
  switch (t) {
    case 0:
      p = "on visits where channel = " + std::string(j % 2 ? "web" : "app") +
          " and page = " + page(j * 7) + " emit t" + n(k) + " carry channel, page";
      break;
    case 1:
      p = "on data where bytes > " + n(1 + j % 50) + "MB and category = " + cat(j + 1) + " emit t" +
          n(k) + " carry host";
      break;
    case 2:
      p = "on recharges where amount >= " + n(10 + j % 20 * 10) + " emit t" + n(k) +
          " carry amount";
      break;
    case 3:
      p = "on orders where action = subscribe and product_category = " +
          std::string(kProductCategories[j % kProductCategories.size()]) + " emit t" + n(k);
      break;
    case 4:
      p = "on data where category = " + cat(j + 4) +
          " then visits where page = " + page(j * 3 + 4) + " within " + n(30 + j % 4 * 30) +
          "m emit t" + n(k);
      break;
    case 5:
      p = "on visits where page = " + page(j * 7 + 5) +
          " then visits where page = " + page(j * 7 + 6) + " then orders within 1h emit t" + n(k);
      break;
    case 6:
      p = "on locations where area_type = " + area(j) + " then data where host = " + host(j) +
          " within 2h emit t" + n(k);
      break;
    case 7:
      p = "on calls where duration_s > " + n(60 + j % 10 * 30) + " and area_type = " + area(j + 7) +
          " then sms where direction = out within 30m emit t" + n(k);
      break;
    case 8:
      p = "on visits where page = " + page(j * 7 + 8) + " and no recharges within " +
          n(15 + j % 4 * 15) + "m emit t" + n(k) + " carry channel";
      break;
    case 9:
      p = "on data where bytes > " + n(j % 20) + "MB and category = " + cat(j + 9) +
          " and no orders within 1h emit t" + n(k);
      break;
    case 10:
      p = "count data where category = " + cat(j + 10) + " >= " + n(3 + j % 5) + " within " +
          n(30 + j % 3 * 30) + "m emit t" + n(k);
      break;
    case 11:
      p = "count calls where direction = out and area_type = " + area(j + 11) +
          " >= " + n(3 + j % 4) + " within 1h emit t" + n(k);
      break;
    case 12:
      p = "sum bytes of data where category = " + cat(j + 12) + " >= " + n(50 + j % 10 * 50) +
          "MB today emit t" + n(k);
      break;
    case 13:
      p = "sum amount of recharges >= " + n(50 + j % 10 * 20) + " within " + n(1 + j % 7) +
          "d emit t" + n(k);
      break;
    case 14:
      p = "dwell area_type = " + area(j + 14) + " for " + n(10 + j % 6 * 5) +
          "m meanwhile data where category = " + cat(j + 14) + " emit t" + n(k) + " carry area_id";
      break;
    case 15:
      p = "dwell area_type = " + area(j + 15) + " for " + n(5 + j % 6 * 5) + "m emit t" + n(k);
      break;
    case 16:
      p = j % 2 ? "change channel of visits where page = " + page(j * 7 + 16) + " emit t" + n(k)
                : "change tac of devices emit t" + n(k) + " carry brand, model";
      break;
    case 17:
      p = j % 5 ? "first locations where area_id = \"AIR-" + n(j % kAirports) + "\" after " +
                      n(1 + j % 7) + "d emit t" + n(k)
                : "first locations where roaming after " + n(1 + j % 7) + "d emit t" + n(k) +
                      " carry area_id";
      break;
    case 18:
      p = "first visits where page = " + page(j * 7 + 18) + " after " + n(1 + j % 7) + "d emit t" +
          n(k);
      break;
    default:
      p = "on data where hour >= " + n(j % 24) + " and host = " + host(j * 5 + 19) + " emit t" +
          n(k);
      break;
  }
  return "rule r" + n(k) + "\n  " + p + "\nend\n";
}

inline std::string GeneratedRules(uint32_t count) {
  std::string text;
  for (uint32_t k = 0; k < count; ++k) text += GeneratedRule(k);
  return text;
}

// Generates the records of one local day; see the file comment.
class RecordWorld {
 public:
  RecordWorld(const WorldOptions& o, const ingest::ReferenceData& ref, ingest::StringTable& texts)
      : o_(o), ref_(ref), rng_(o.seed) {
    for (int c = 0; c < int(kCategories.size()); ++c) {
      for (int m = 0; m < kHostsPerCategory; ++m) {
        for (int x = 0; x < int(kHostPrefixes.size()); ++x) {
          hosts_[c].push_back(texts.Intern(CategoryHost(c, m, x)));
        }
      }
    }
    for (int j = 0; j < kUnlistedHosts; ++j) {
      unlisted_.push_back(texts.Intern("site" + std::to_string(j) + ".net"));
    }
    for (int p = 0; p < kPages; ++p) pages_.push_back(texts.Intern("p" + std::to_string(p)));
    for (const char* p : kNamedPages) named_pages_.push_back(texts.Intern(p));
    for (uint32_t c = 0; c < ref.cell_count(); ++c) {
      const std::string_view type = ref.texts().Text(ref.cell(c).area_type);
      const std::string_view area = ref.texts().Text(ref.cell(c).area_id);
      if (area.starts_with("ROAM-")) {
        roaming_.push_back(c);
      } else if (type == "residential") {
        residential_.push_back(c);
      } else if (type == "office") {
        office_.push_back(c);
      } else if (type != "airport") {
        out_.push_back(c);
      }
    }
    for (const ingest::HandsetModel& h : ref.handsets()) tacs_.push_back(h.tac);
    tac_of_.resize(o.subscribers);
    for (uint32_t s = 0; s < o.subscribers; ++s) {
      tac_of_[s] = static_cast<uint8_t>(Mix64(s * 7 + 1) % tacs_.size());
    }
  }

  std::vector<ingest::Record> Generate() {
    std::vector<ingest::Record> out;
    out.reserve(o_.records);
    while (out.size() < o_.records) Episode(out);
    // Arrival order: event time plus a delay derived from the record, so that the sort is
    // deterministic and the disorder bounded by jitter_ms.
    const int64_t jitter = std::max<int64_t>(1, o_.jitter_ms);
    auto arrival = [jitter](const ingest::Record& r) {
      return r.ts_ms + static_cast<int64_t>(
                           Mix64(uint64_t(r.ts_ms) * 31 + r.from * 7 + r.to + uint64_t(r.feed)) %
                           uint64_t(jitter));
    };
    std::sort(out.begin(), out.end(), [&](const ingest::Record& a, const ingest::Record& b) {
      return arrival(a) < arrival(b);
    });
    return out;
  }

 private:
  PhoneKey Msisdn(uint32_t s) const { return ref_.subscriber(s).msisdn; }
  uint32_t Home(uint32_t s) const { return residential_[Mix64(s * 3 + 11) % residential_.size()]; }
  uint32_t Work(uint32_t s) const { return office_[Mix64(s * 5 + 13) % office_.size()]; }

  uint32_t Place(uint32_t s) {
    const double u = rng_.Uniform();
    if (u < 0.55) return Home(s);
    if (u < 0.78) return Work(s);
    if (u < 0.93) return out_[rng_.Below(out_.size())];
    if (u < 0.985) return uint32_t(rng_.Below(kAirports)) * kCellsPerAirport;  // an airport
    if (u < 0.99) return roaming_[rng_.Below(roaming_.size())];
    return residential_[rng_.Below(residential_.size())];
  }

  void Episode(std::vector<ingest::Record>& out) {
    const uint32_t s = uint32_t(rng_.Below(o_.subscribers));
    const uint32_t place = Place(s);
    const bool airport = place < kAirports * kCellsPerAirport;
    int64_t ts = kDay0Ms + int64_t(rng_.Below(24 * 3600'000));
    const int length = std::min(30, 1 + int(rng_.Exponential(5)));
    for (int i = 0; i < length && out.size() < o_.records; ++i) {
      ingest::Record r;
      r.ts_ms = ts;
      r.from = Msisdn(s);
      r.from_sub = s;
      // Airports have several cells: a traveller moves between them.
      r.cell = airport ? place / kCellsPerAirport * kCellsPerAirport +
                             uint32_t(rng_.Below(kCellsPerAirport))
                       : place;
      Fill(r, s);
      out.push_back(r);
      ts += 5'000 + int64_t(rng_.Exponential(150'000));
    }
  }

  void Fill(ingest::Record& r, uint32_t s) {
    const double u = rng_.Uniform();
    if (u < 0.45) {
      r.feed = Feed::kData;
      const double v = rng_.Uniform();
      const uint64_t favourite = Mix64(s * 17 + (v < 0.35 ? 1 : 2)) % kCategories.size();
      if (v < 0.6) {
        r.host = hosts_[favourite][rng_.Below(hosts_[favourite].size())];
      } else if (v < 0.85) {
        const auto& list = hosts_[rng_.Below(kCategories.size())];
        r.host = list[rng_.Below(list.size())];
      } else {
        r.host = unlisted_[rng_.Below(unlisted_.size())];
      }
      r.bytes_down = (uint64_t{10} << 10) << rng_.Below(15);  // 10 KB .. 160 MB
      r.bytes_up = r.bytes_down / 10;
      r.duration_s = uint32_t(rng_.Between(10, 1800));
    } else if (u < 0.65) {
      r.feed = Feed::kLocations;
    } else if (u < 0.88) {
      r.feed = u < 0.80 ? Feed::kCalls : Feed::kSms;
      r.duration_s = r.feed == Feed::kCalls ? uint32_t(10 + rng_.Exponential(120)) : 0;
      uint32_t other_sub = ingest::kNoSubscriber;
      PhoneKey other = ParsePhoneNumber(std::to_string(13900000000ull + rng_.Below(5'000'000)));
      if (rng_.Chance(0.7)) {
        other_sub = uint32_t(rng_.Below(o_.subscribers));
        other = Msisdn(other_sub);
      }
      if (!rng_.Chance(0.55)) {  // incoming: the cell is the caller's when the caller is on-net
        r.to = r.from;
        r.to_sub = r.from_sub;
        r.from = other;
        r.from_sub = other_sub;
        if (other_sub != ingest::kNoSubscriber) r.cell = Home(other_sub);
      } else {
        r.to = other;
        r.to_sub = other_sub;
      }
    } else if (u < 0.96) {
      r.feed = Feed::kVisits;
      r.cell = ingest::kNoCell;
      const double v = rng_.Uniform();
      r.channel = v < 0.6    ? ingest::Channel::kApp
                  : v < 0.9  ? ingest::Channel::kWeb
                  : v < 0.95 ? ingest::Channel::kSms
                             : ingest::Channel::kShop;
      r.page = rng_.Chance(0.25) ? named_pages_[rng_.Below(named_pages_.size())]
                                 : pages_[rng_.Below(pages_.size())];
    } else {
      r.cell = ingest::kNoCell;
      if (u < 0.98) {
        r.feed = Feed::kRecharges;
        constexpr int64_t kAmounts[] = {10, 20, 30, 50, 100, 200};
        r.amount_cents = kAmounts[rng_.Below(6)] * 100;
      } else if (u < 0.99) {
        r.feed = Feed::kOrders;
        r.product = uint32_t(rng_.Below(ref_.product_count()));
        r.channel = rng_.Chance(0.5) ? ingest::Channel::kApp : ingest::Channel::kWeb;
        r.action =
            rng_.Chance(0.85) ? ingest::OrderAction::kSubscribe : ingest::OrderAction::kUnsubscribe;
      } else {
        r.feed = Feed::kDevices;
        if (rng_.Chance(0.05)) tac_of_[s] = uint8_t(rng_.Below(tacs_.size()));  // a new handset
        r.imei = uint64_t{tacs_[tac_of_[s]]} * 10'000'000 + rng_.Below(10'000'000);
        r.imei_digits = 15;
      }
    }
  }

  WorldOptions o_;
  const ingest::ReferenceData& ref_;
  Rng rng_;
  std::array<std::vector<ingest::StringId>, kCategories.size()> hosts_;
  std::vector<ingest::StringId> unlisted_, pages_, named_pages_;
  std::vector<uint32_t> residential_, office_, out_, roaming_;
  std::vector<uint32_t> tacs_;
  std::vector<uint8_t> tac_of_;  // each subscriber's current handset
};

}  // namespace ripple::cep::bench
