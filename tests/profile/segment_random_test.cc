// Segment evaluation on a random table of three full chunks and a partial one (197,608 rows),
// against row-by-row oracles written as plain C++: covers the vectorised scans, every code
// matcher (mask, compares, byte table), sets of a few values (eight rows per 64-bit window) and
// of up to 150 (the per-row fallback), chunk edges, sparse (array) and dense (bitset)
// containers, and the per-chunk short cuts of `and` / `or`.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "core/rng.h"
#include "profile/segment.h"
#include "segment_test_util.h"

namespace ripple::profile {
namespace {

constexpr size_t kRows = 3 * 65536 + 1000;

struct RandomTable {
  TagTable table;
  const TagColumn* score = nullptr;
  const TagColumn* flag = nullptr;
  const TagColumn* city = nullptr;
  const TagColumn* small = nullptr;
  const TagColumn* tags = nullptr;
  const TagColumn* hobby = nullptr;
  const TagColumn* rare = nullptr;
  const TagColumn* apps = nullptr;

  bool Has(const TagColumn* c, Row r, const std::string& v) const {
    for (uint32_t i = c->set_offsets[r]; i < c->set_offsets[r + 1]; ++i) {
      if (c->dictionary[c->set_codes[i]] == v) return true;
    }
    return false;
  }
  std::string Text(const TagColumn* c, Row r) const {
    return c->codes[r] == kNoCode ? "?" : c->dictionary[c->codes[r]];
  }
};

// Rows below `big_rows` get up to `big_max` values instead (sets longer than one 64-bit word).
void FillSet(TagColumn& c, int values, int max_per_row, const char* prefix, Rng& rng,
             size_t big_rows = 0, int big_max = 0) {
  for (int v = 0; v < values; ++v) c.InternCode(prefix + std::to_string(v));
  c.set_offsets = {0};
  for (size_t r = 0; r < kRows; ++r) {
    int n = static_cast<int>(rng.Below((r < big_rows ? big_max : max_per_row) + 1));
    for (int k = 0; k < n; ++k) {
      c.set_codes.push_back(static_cast<uint32_t>(rng.Below(values)));
      c.set_scores.push_back(0.5f);
    }
    c.set_offsets.push_back(static_cast<uint32_t>(c.set_codes.size()));
  }
}

// 0-3 of 10 values "v0".."v9" per row.
void FillSetRows(TagColumn& c, size_t rows, Rng& rng) {
  for (int v = 0; v < 10; ++v) c.InternCode("v" + std::to_string(v));
  c.set_offsets = {0};
  for (size_t r = 0; r < rows; ++r) {
    for (uint64_t k = rng.Below(4); k > 0; --k) {
      c.set_codes.push_back(static_cast<uint32_t>(rng.Below(10)));
      c.set_scores.push_back(0.5f);
    }
    c.set_offsets.push_back(static_cast<uint32_t>(c.set_codes.size()));
  }
}

RandomTable MakeRandomTable() {
  Rng rng(42);
  const float nan = std::nanf("");
  RandomTable t{TagTable(std::vector<uint64_t>(kRows, 1), {}, 20000)};
  // References only once every column is added: AddColumn may move the columns.
  t.table.AddColumn("score", Dimension::kUsage, TagType::kNumber);
  t.table.AddColumn("flag", Dimension::kPlan, TagType::kFlag);
  t.table.AddColumn("city", Dimension::kLocation, TagType::kText);
  t.table.AddColumn("small", Dimension::kPlan, TagType::kText);
  t.table.AddColumn("rare", Dimension::kUsage, TagType::kNumber);
  t.table.AddColumn("tags", Dimension::kInterest, TagType::kSet);
  t.table.AddColumn("hobby", Dimension::kInterest, TagType::kSet);
  t.table.AddColumn("apps", Dimension::kUsage, TagType::kSet);
  std::vector<TagColumn>& c = t.table.mutable_columns();
  TagColumn &score = c[0], &flag = c[1], &city = c[2], &small = c[3], &rare = c[4];
  for (int v = 0; v < 50; ++v) city.InternCode("c" + std::to_string(v));
  for (int v = 0; v < 5; ++v) small.InternCode("s" + std::to_string(v));
  for (size_t r = 0; r < kRows; ++r) {
    score.numbers[r] = rng.Chance(0.1) ? nan : static_cast<float>(rng.Uniform());
    flag.numbers[r] = rng.Chance(0.3) ? 1.0f : nan;
    city.codes[r] = rng.Chance(0.05) ? kNoCode : static_cast<uint32_t>(rng.Below(50));
    small.codes[r] = rng.Chance(0.2) ? kNoCode : static_cast<uint32_t>(rng.Below(5));
    // Mostly unknown, dense in the second chunk, and a run of negatives in the third.
    const bool dense = r >= 65536 && r < 2 * 65536;
    rare.numbers[r] = dense || rng.Chance(0.001) ? static_cast<float>(rng.Uniform()) : nan;
    if (r >= 140000 && r < 140100) rare.numbers[r] = -1;
  }
  FillSet(c[5], 40, 4, "t", rng);
  FillSet(c[6], 6, 3, "h", rng);
  FillSet(c[7], 300, 2, "a", rng, 5000, 150);
  const auto& cols = t.table.columns();
  t.score = &cols[0];
  t.flag = &cols[1];
  t.city = &cols[2];
  t.small = &cols[3];
  t.rare = &cols[4];
  t.tags = &cols[5];
  t.hobby = &cols[6];
  t.apps = &cols[7];
  return t;
}

TEST(SegmentRandom, BitmapsAgreeWithRowByRowOracles) {
  const RandomTable t = MakeRandomTable();
  auto num = [](const TagColumn* c, Row r) { return c->numbers[r]; };
  const std::vector<std::pair<std::string, std::function<bool(Row)>>> cases = {
      {"score > 0.5", [&](Row r) { return num(t.score, r) > 0.5f; }},
      {"score <= 0.25 or not flag",
       [&](Row r) { return num(t.score, r) <= 0.25f || std::isnan(num(t.flag, r)); }},
      {"city in ('c3', 'c7', 'c40')",
       [&](Row r) {
         std::string c = t.Text(t.city, r);
         return c == "c3" || c == "c7" || c == "c40";
       }},
      {"city in ('c0','c1','c2','c3','c4','c5','c6','c7','c8','c9')",
       [&](Row r) {
         std::string c = t.Text(t.city, r);
         return c.size() == 2 && c[0] == 'c';
       }},
      {"city != 'c3'",
       [&](Row r) { return t.city->codes[r] != kNoCode && t.Text(t.city, r) != "c3"; }},
      {"tags has 't5' and not hobby in ('h1', 'h2')",
       [&](Row r) {
         return t.Has(t.tags, r, "t5") && !(t.Has(t.hobby, r, "h1") || t.Has(t.hobby, r, "h2"));
       }},
      {"tags in ('t0','t1','t2','t3','t4','t5','t6','t7','t8','t9') or small = 's2'",
       [&](Row r) {
         for (int v = 0; v < 10; ++v) {
           if (t.Has(t.tags, r, "t" + std::to_string(v))) return true;
         }
         return t.Text(t.small, r) == "s2";
       }},
      {"rare > 0", [&](Row r) { return num(t.rare, r) > 0; }},
      {"rare < 0 or rare > 0.999",
       [&](Row r) { return num(t.rare, r) < 0 || num(t.rare, r) > 0.999f; }},
      {"not rare", [&](Row r) { return std::isnan(num(t.rare, r)); }},
      {"hobby and score >= 0.9 and flag",
       [&](Row r) {
         return t.hobby->set_offsets[r + 1] > t.hobby->set_offsets[r] && num(t.score, r) >= 0.9f &&
                !std::isnan(num(t.flag, r));
       }},
      {"not (tags and small in ('s1', 's3'))",
       [&](Row r) {
         std::string s = t.Text(t.small, r);
         return !(t.tags->set_offsets[r + 1] > t.tags->set_offsets[r] && (s == "s1" || s == "s3"));
       }},
      {"rare > 0 and score > 0.5",
       [&](Row r) { return num(t.rare, r) > 0 && num(t.score, r) > 0.5f; }},
      {"apps has 'a7'", [&](Row r) { return t.Has(t.apps, r, "a7"); }},
      {"apps in ('a3', 'a4')",
       [&](Row r) { return t.Has(t.apps, r, "a3") || t.Has(t.apps, r, "a4"); }},
      {"apps in ('a1','a2','a3','a4','a5','a6','a7','a8','a9','a10','a11','a12')",
       [&](Row r) {
         for (int v = 1; v <= 12; ++v) {
           if (t.Has(t.apps, r, "a" + std::to_string(v))) return true;
         }
         return false;
       }},
      {"not apps", [&](Row r) { return t.apps->set_offsets[r + 1] == t.apps->set_offsets[r]; }},
      {"not rare or score",
       [&](Row r) { return std::isnan(num(t.rare, r)) || !std::isnan(num(t.score, r)); }},
  };
  for (const auto& [expr, oracle] : cases) {
    Result<Segment> s = Segment::Parse(expr, t.table);
    ASSERT_OK(s);
    std::vector<uint32_t> want;
    for (Row r = 0; r < kRows; ++r) {
      if (oracle(r)) want.push_back(r);
    }
    std::vector<uint32_t> got = testing::Members(s->Evaluate(t.table));
    EXPECT_EQ(got.size(), want.size()) << expr;
    EXPECT_TRUE(got == want) << expr;
    for (Row r = 0; r < kRows; r += 997) {
      EXPECT_EQ(s->Explain(t.table, r).member, oracle(r)) << expr << " row " << r;
    }
  }
}

// Eighteen chunks, the last one partial: every chunk's container lands under its own key.
TEST(SegmentRandom, ManyChunksGiveTheSameMembersAsRowByRow) {
  constexpr size_t kBig = 17 * 65536 + 123;
  Rng rng(7);
  TagTable table(std::vector<uint64_t>(kBig, 1), {}, 20000);
  table.AddColumn("x", Dimension::kUsage, TagType::kNumber);
  table.AddColumn("s", Dimension::kInterest, TagType::kSet);
  TagColumn& x = table.mutable_columns()[0];
  for (size_t r = 0; r < kBig; ++r) {
    x.numbers[r] = rng.Chance(0.1) ? std::nanf("") : static_cast<float>(rng.Uniform());
  }
  FillSetRows(table.mutable_columns()[1], kBig, rng);
  const TagColumn& s = table.columns()[1];
  auto has3 = [&](Row r) {
    for (uint32_t i = s.set_offsets[r]; i < s.set_offsets[r + 1]; ++i) {
      if (s.set_codes[i] == 3) return true;
    }
    return false;
  };
  const std::vector<std::pair<std::string, std::function<bool(Row)>>> cases = {
      {"x > 0.5", [&](Row r) { return x.numbers[r] > 0.5f; }},
      {"s has 'v3' or not x", [&](Row r) { return has3(r) || std::isnan(x.numbers[r]); }},
      {"x < 0.001", [&](Row r) { return x.numbers[r] < 0.001f; }},
  };
  for (const auto& [expr, oracle] : cases) {
    Result<Segment> seg = Segment::Parse(expr, table);
    ASSERT_OK(seg);
    std::vector<uint32_t> want;
    for (Row r = 0; r < kBig; ++r) {
      if (oracle(r)) want.push_back(r);
    }
    EXPECT_TRUE(testing::Members(seg->Evaluate(table)) == want) << expr;
  }
}

}  // namespace
}  // namespace ripple::profile
