// The small hand-built table the segment tests evaluate against, and helpers to read results.
//
//   row  age   is_5g  region      interest               balance
//   0    25    1      north       games|music            -5.5
//   1    31    -      south       (none)                 0
//   2    ?     1      ?           games                  10
//   3    41    -      north       music|video            2.25
//   4    30    -      east        sports                 ?
//   5    18    1      south       games|video|news       100
//   6    29.5  1      new york    (none)                 -0.5
//   7    65    -      north       news                   3
// (? = unknown; a flag's "-" is NaN, i.e. does not hold.) The dictionaries also hold values no
// row has: region 'west', interest 'travel'.
#pragma once

#include <cmath>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "profile/segment.h"
#include "profile/tag_table.h"
#include "support/test_support.h"

namespace ripple::profile::testing {

inline TagTable SmallTable() {
  constexpr size_t kRows = 8;
  std::vector<uint64_t> pseudonyms;
  for (size_t i = 0; i < kRows; ++i) pseudonyms.push_back(1000 + i);
  TagTable t(std::move(pseudonyms), {}, 20000);
  const float nan = std::nanf("");

  TagColumn& age = t.AddColumn("age", Dimension::kBasic, TagType::kNumber);
  age.numbers = {25, 31, nan, 41, 30, 18, 29.5f, 65};

  TagColumn& flag = t.AddColumn("is_5g", Dimension::kTerminal, TagType::kFlag);
  flag.numbers = {1, nan, 1, nan, nan, 1, 1, nan};

  TagColumn& region = t.AddColumn("region", Dimension::kLocation, TagType::kText);
  uint32_t north = region.InternCode("north"), south = region.InternCode("south");
  uint32_t east = region.InternCode("east"), ny = region.InternCode("new york");
  region.InternCode("west");
  region.codes = {north, south, kNoCode, north, east, south, ny, north};

  TagColumn& interest = t.AddColumn("interest", Dimension::kInterest, TagType::kSet);
  const std::vector<std::vector<std::string>> sets = {
      {"games", "music"},         {}, {"games"}, {"music", "video"}, {"sports"},
      {"games", "video", "news"}, {}, {"news"}};
  interest.set_offsets = {0};
  for (const auto& s : sets) {
    for (const std::string& v : s) {
      interest.set_codes.push_back(interest.InternCode(v));
      interest.set_scores.push_back(0.5f);
    }
    interest.set_offsets.push_back(static_cast<uint32_t>(interest.set_codes.size()));
  }
  interest.InternCode("travel");

  TagColumn& balance = t.AddColumn("balance", Dimension::kConsumption, TagType::kNumber);
  balance.numbers = {-5.5f, 0, 10, 2.25f, nan, 100, -0.5f, 3};
  return t;
}

inline std::vector<uint32_t> Members(const Roaring& r) {
  std::vector<uint32_t> out(r.cardinality());
  r.toUint32Array(out.data());
  return out;
}

// The members of `expr` over `table`, or a one-element list {UINT32_MAX} when it does not parse
// (the failure is reported by the assertion in the caller's context).
inline std::vector<uint32_t> Eval(const std::string& expr, const TagTable& table) {
  Result<Segment> s = Segment::Parse(expr, table);
  EXPECT_TRUE(s.ok()) << expr << ": " << s.status().ToString();
  if (!s.ok()) return {UINT32_MAX};
  return Members(s->Evaluate(table));
}

// The message of the parse error of `expr` ("" when it parses).
inline std::string ParseError(const std::string& expr, const TagTable& table) {
  Result<Segment> s = Segment::Parse(expr, table);
  return s.ok() ? std::string() : s.status().message();
}

}  // namespace ripple::profile::testing
