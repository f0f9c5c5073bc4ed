// Helpers for the simulator's tests: running `ripple simulate`, reading its CSV output back, the
// hosts.csv matching rules, and an independent validator of docs/data-contract.md that says which
// reason code (if any) a feed line deserves - used to check that every planted defect is exactly
// the one injected.csv claims and that every clean line is clean.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/phone_number.h"
#include "core/time.h"
#include "support/test_support.h"

namespace ripple::sim::testing {

using ::ripple::testing::CommandResult;
using ::ripple::testing::ReadLines;
using ::ripple::testing::RunRipple;
using ::ripple::testing::SplitCsv;
using ::ripple::testing::TempDir;

inline const std::vector<std::string>& EventFiles() {
  static const std::vector<std::string> kFiles = {"calls",  "sms",     "data",      "locations",
                                                  "orders", "devices", "recharges", "visits"};
  return kFiles;
}

struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // rows[i] is line i + 2 of the file
};

inline CsvTable ReadCsv(const std::string& path) {
  CsvTable t;
  std::vector<std::string> lines = ReadLines(path);
  if (lines.empty()) return t;
  t.header = SplitCsv(lines[0]);
  for (size_t i = 1; i < lines.size(); ++i) t.rows.push_back(SplitCsv(lines[i]));
  return t;
}

// Runs `ripple simulate ARGS... --out DIR` and checks it succeeded.
inline void Simulate(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "simulate");
  args.push_back("--out");
  args.push_back(dir);
  CommandResult r = RunRipple(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

inline int64_t Ts(const std::string& text) {
  auto ts = ParseTimestampMs(text);
  return ts ? *ts : INT64_MIN;
}
inline LocalTime Local(int64_t ts_ms) { return ToLocal(ts_ms, 8 * 60); }

// (file, line) -> kind from truth/injected.csv.
inline std::map<std::pair<std::string, uint64_t>, std::string> ReadInjected(
    const std::string& dir) {
  std::map<std::pair<std::string, uint64_t>, std::string> out;
  for (const auto& row : ReadCsv(dir + "/truth/injected.csv").rows) {
    out[{row[0], std::stoull(row[1])}] = row[2];
  }
  return out;
}

// The rows of an event file that are neither dirty nor late.
inline std::vector<std::vector<std::string>> CleanRows(const std::string& dir,
                                                       const std::string& stem) {
  auto injected = ReadInjected(dir);
  CsvTable t = ReadCsv(dir + "/" + stem + ".csv");
  std::vector<std::vector<std::string>> out;
  for (size_t i = 0; i < t.rows.size(); ++i) {
    auto it = injected.find({stem + ".csv", i + 2});
    if (it == injected.end()) out.push_back(t.rows[i]);
  }
  return out;
}

// hosts.csv: suffix (the host or a subdomain of it), exact, regex (whole host).
class HostMatcher {
 public:
  explicit HostMatcher(const std::string& hosts_csv) {
    for (const auto& row : ReadCsv(hosts_csv).rows) {
      if (row[1] == "regex") {
        regexes_.emplace_back(std::regex(row[0]), row[2]);
      } else {
        rules_.push_back({row[0], row[1] == "suffix", row[2]});
      }
    }
  }
  // Every category whose rule matches (a well-formed table gives at most one).
  std::set<std::string> Categories(const std::string& host) const {
    std::set<std::string> out;
    for (const auto& r : rules_) {
      bool match = host == r.pattern || (r.suffix && host.size() > r.pattern.size() &&
                                         host.compare(host.size() - r.pattern.size(),
                                                      r.pattern.size(), r.pattern) == 0 &&
                                         host[host.size() - r.pattern.size() - 1] == '.');
      if (match) out.insert(r.category);
    }
    for (const auto& [re, category] : regexes_) {
      if (std::regex_match(host, re)) out.insert(category);
    }
    return out;
  }

 private:
  struct Rule {
    std::string pattern;
    bool suffix;
    std::string category;
  };
  std::vector<Rule> rules_;
  std::vector<std::pair<std::regex, std::string>> regexes_;
};

inline bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

inline bool LuhnOk(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int d = digits[i] - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

// An independent reading of docs/data-contract.md: the first reason code a line gets, "late"
// for an on-time-bound violation, or "" for a good record. Keeps per-file state (duplicates,
// watermark), so feed it the lines of one file in order.
class ContractValidator {
 public:
  explicit ContractValidator(const std::string& dir) {
    for (const auto& row : ReadCsv(dir + "/subscribers.csv").rows) {
      subscribers_.insert(ParsePhoneNumber(row[0]));
    }
    for (const auto& row : ReadCsv(dir + "/cells.csv").rows) cells_.insert(row[0]);
    for (const auto& row : ReadCsv(dir + "/products.csv").rows) products_.insert(row[0]);
    max_ts_ = ParseLocalDate("2000-01-01", 0).value();
    upper_ts_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count() +
                kMillisPerDay;
  }

  std::string Check(const std::string& stem, const std::vector<std::string>& f, size_t columns) {
    if (f.size() != columns) return "wrong_field_count";
    for (size_t i = 0; i < f.size(); ++i) {
      if (f[i].empty() && !Optional(stem, i)) return "missing_field";
    }
    auto ts = ParseTimestampMs(f[0]);
    if (!ts) return "bad_timestamp";
    if (*ts < ParseLocalDate("2000-01-01", 0).value() || *ts > upper_ts_) {
      return "timestamp_out_of_range";
    }
    std::string key = stem + "|" + std::to_string(*ts);
    const bool two_party = stem == "calls" || stem == "sms";
    PhoneKey a = ParsePhoneNumber(f[1]);
    PhoneKey b = two_party ? ParsePhoneNumber(f[2]) : kNoPhone;
    if (a == kNoPhone || (two_party && b == kNoPhone)) return "bad_number";
    if (!two_party && !subscribers_.count(a)) return "unknown_subscriber";
    if (two_party && !subscribers_.count(a) && !subscribers_.count(b)) return "no_subscriber_party";
    key += "|" + std::to_string(a) + "|" + std::to_string(b);
    if (stem == "calls" && !Integer(f[3], 86400)) return "bad_integer";
    if (stem == "data" && (!Integer(f[4], 1000000000000ULL) || !Integer(f[5], 1000000000000ULL) ||
                           !Integer(f[6], 86400))) {
      return "bad_integer";
    }
    if (stem == "recharges" && !Amount(f[2])) return "bad_amount";
    int cell = stem == "calls"       ? 4
               : stem == "sms"       ? 3
               : stem == "data"      ? 7
               : stem == "locations" ? 2
                                     : -1;
    if (cell >= 0 && !f[cell].empty() && !cells_.count(f[cell])) return "unknown_cell";
    if (stem == "orders" && !products_.count(f[2])) return "unknown_product";
    if (stem == "devices" &&
        (!AllDigits(f[2]) || (f[2].size() != 15 && f[2].size() != 16) || !LuhnOk(f[2]))) {
      return "bad_imei";
    }
    if (stem == "orders" &&
        ((f[3] != "subscribe" && f[3] != "unsubscribe") ||
         !std::set<std::string>{"app", "web", "sms", "outbound", "shop"}.count(f[4]))) {
      return "bad_value";
    }
    if (stem == "visits" && f[2] != "app" && f[2] != "web") return "bad_value";
    if (stem == "data" && (f[2].find(' ') != std::string::npos || f[2].size() > 253)) {
      return "bad_value";
    }
    for (size_t i = two_party ? 3 : 2; i < f.size(); ++i) key += "|" + f[i];
    if (!seen_.insert(key).second) return "duplicate";
    if (*ts < max_ts_ - 30 * kMillisPerMinute) return "late";
    max_ts_ = std::max(max_ts_, *ts);
    return "";
  }

 private:
  static bool Optional(const std::string& stem, size_t i) {
    if (stem == "calls") return i == 4;
    if (stem == "sms") return i == 3;
    if (stem == "data") return i == 3 || i == 7;
    return false;
  }
  static bool Integer(const std::string& s, uint64_t max) {
    if (!AllDigits(s) || s.size() > 13) return false;
    return std::stoull(s) <= max;
  }
  static bool Amount(const std::string& s) {
    std::smatch m;
    static const std::regex kDecimal("^[0-9]+(\\.[0-9]+)?$");
    if (!std::regex_match(s, m, kDecimal)) return false;
    double v = std::stod(s);
    return v > 0 && v <= 100000;
  }

  std::unordered_set<PhoneKey> subscribers_;
  std::unordered_set<std::string> cells_, products_;
  std::unordered_set<std::string> seen_;
  int64_t max_ts_ = 0;
  int64_t upper_ts_ = 0;
};

}  // namespace ripple::sim::testing
