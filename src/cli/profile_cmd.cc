// `ripple profile show`, `ripple segment` and `ripple lookalike`: questions to the profile
// snapshot (OUT/profile/profile.snap) written by `ripple batch`.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <roaring/roaring.hh>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/state_setup.h"
#include "cli/subscriber_views.h"
#include "core/identity.h"
#include "core/time.h"
#include "profile/lookalike.h"
#include "profile/segment.h"
#include "profile/tag_table.h"

namespace ripple::cli {
namespace {

using profile::Row;
using profile::TagColumn;
using profile::TagTable;
using profile::TagType;

struct SnapshotFlags {
  std::string out_dir;
  std::string config_path;
  bool reveal = false;
};

Result<TagTable> LoadSnapshot(const SnapshotFlags& f) {
  return TagTable::Load(f.out_dir + "/profile/profile.snap");
}

// The row of `msisdn` as the user typed it, parsed with the configured numbering rules.
Result<Row> FindRow(const TagTable& table, const std::string& msisdn, const SnapshotFlags& f) {
  ASSIGN_OR_RETURN(RippleConfig config, LoadConfig(f.config_path));
  const PhoneKey key = ParsePhoneNumber(msisdn, ReferenceOptionsFrom(config).phone);
  if (key == kNoPhone) return Status::InvalidArgument("'" + msisdn + "' is not a phone number");
  const int64_t row = table.FindMsisdn(key);
  if (row < 0) {
    return Status::NotFound(msisdn + " is not a subscriber in " + f.out_dir +
                            "/profile/profile.snap (off-net numbers have no profile)");
  }
  return static_cast<Row>(row);
}

std::string Who(const TagTable& table, Row r, bool reveal) {
  return reveal ? FormatPhoneNumber(table.msisdn(r)) : Pseudonymizer::ToHex(table.pseudonym(r));
}

nlohmann::ordered_json ValueJson(const TagColumn& c, Row r) {
  switch (c.type) {
    case TagType::kFlag:
      return true;
    case TagType::kNumber: {
      const double v = c.numbers[r];
      if (v == std::trunc(v) && std::fabs(v) < 9e15) return static_cast<int64_t>(v);
      return std::round(v * 10000) / 10000;
    }
    case TagType::kText:
      return c.dictionary[c.codes[r]];
    case TagType::kSet: {
      auto list = nlohmann::ordered_json::array();
      for (uint32_t i = c.set_offsets[r]; i < c.set_offsets[r + 1]; ++i) {
        list.push_back({{"value", c.dictionary[c.set_codes[i]]},
                        {"score", std::round(c.set_scores[i] * 1000) / 1000}});
      }
      return list;
    }
  }
  return nullptr;
}

int RunProfileShow(const SnapshotFlags& f, const std::string& msisdn) {
  auto table = LoadSnapshot(f);
  if (!table.ok()) return Fail(table.status());
  auto row = FindRow(*table, msisdn, f);
  if (!row.ok()) return Fail(row.status());
  std::printf("%s\n", ProfileJson(*table, *row).dump(2).c_str());
  return 0;
}

struct SegmentFlags {
  SnapshotFlags snap;
  std::string expr;
  size_t sample = 10;
  std::string explain_msisdn;
  bool json = false;
};

int RunSegment(const SegmentFlags& f) {
  auto table = LoadSnapshot(f.snap);
  if (!table.ok()) return Fail(table.status());
  auto segment = profile::Segment::Parse(f.expr, *table);
  if (!segment.ok()) return Fail(segment.status());
  for (const std::string& w : segment->warnings()) std::fprintf(stderr, "warning: %s\n", w.c_str());
  const Roaring members = segment->Evaluate(*table);
  const uint64_t count = members.cardinality();
  nlohmann::ordered_json out;
  out["segment"] = f.expr;
  out["count"] = count;
  out["of"] = table->rows();
  out["share"] = table->rows() ? std::round(1e4 * double(count) / double(table->rows())) / 1e4 : 0;
  auto sample = nlohmann::ordered_json::array();
  for (auto it = members.begin(); it != members.end() && sample.size() < f.sample; ++it) {
    sample.push_back(Who(*table, *it, f.snap.reveal));
  }
  out["sample"] = sample;
  if (!f.explain_msisdn.empty()) {
    auto row = FindRow(*table, f.explain_msisdn, f.snap);
    if (!row.ok()) return Fail(row.status());
    const profile::SegmentExplanation why = segment->Explain(*table, *row);
    nlohmann::ordered_json terms = nlohmann::ordered_json::array();
    for (const auto& t : why.terms) {
      terms.push_back({{"term", t.term}, {"value", t.value}, {"holds", t.holds}});
    }
    out["explain"] = {{"msisdn", f.explain_msisdn},
                      {"member", why.member},
                      {"terms", terms},
                      {"summary", why.summary}};
  }
  if (f.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("%llu of %zu subscribers (%.2f %%) match: %s\n",
              static_cast<unsigned long long>(count), table->rows(),
              table->rows() ? 100.0 * double(count) / double(table->rows()) : 0.0, f.expr.c_str());
  std::string line;
  for (const auto& s : sample) line += (line.empty() ? "" : " ") + s.get<std::string>();
  if (!line.empty()) std::printf("sample: %s\n", line.c_str());
  if (out.contains("explain")) {
    std::printf("%s: %s\n", f.explain_msisdn.c_str(),
                out["explain"]["summary"].get<std::string>().c_str());
  }
  return 0;
}

struct LookalikeFlags {
  SnapshotFlags snap;
  std::string seed;
  size_t top = 20;
  std::vector<std::string> exclude;
  bool json = false;
};

int RunLookalike(const LookalikeFlags& f) {
  auto table = LoadSnapshot(f.snap);
  if (!table.ok()) return Fail(table.status());
  auto segment = profile::Segment::Parse(f.seed, *table, "seed");
  if (!segment.ok()) return Fail(segment.status());
  const Roaring seed = segment->Evaluate(*table);
  profile::LookalikeOptions options;
  options.top_n = f.top;
  options.exclude_columns = f.exclude;
  auto result = profile::FindLookalikes(*table, seed, options);
  if (!result.ok()) return Fail(result.status());
  nlohmann::ordered_json out;
  out["seed"] = f.seed;
  out["seed_count"] = seed.cardinality();
  auto features = nlohmann::ordered_json::array();
  for (const auto& [name, weight] : result->top_features) {
    features.push_back({{"feature", name}, {"weight", std::round(weight * 1000) / 1000}});
  }
  out["top_features"] = features;
  auto top = nlohmann::ordered_json::array();
  for (const auto& m : result->top) {
    top.push_back({{"subscriber", Who(*table, m.row, f.snap.reveal)},
                   {"score", std::round(m.score * 10000) / 10000}});
  }
  out["top"] = top;
  if (f.json) {
    std::printf("%s\n", out.dump(2).c_str());
    return 0;
  }
  std::printf("seed: %llu subscribers (%s)\nmost telling features:",
              static_cast<unsigned long long>(seed.cardinality()), f.seed.c_str());
  for (const auto& [name, weight] : result->top_features) std::printf(" %s", name.c_str());
  std::printf("\n");
  for (const auto& m : result->top) {
    std::printf("%s %.4f\n", Who(*table, m.row, f.snap.reveal).c_str(), m.score);
  }
  return 0;
}

void AddSnapshotFlags(CLI::App* cmd, SnapshotFlags* f) {
  cmd->add_option("--out", f->out_dir, "Output folder of `ripple batch`")->required();
  cmd->add_option("--config", f->config_path, "Settings file (numbering rules)")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--reveal", f->reveal, "Show msisdns instead of pseudonyms");
}

}  // namespace

nlohmann::ordered_json ProfileJson(const TagTable& table, Row row) {
  nlohmann::ordered_json out;
  out["msisdn"] = FormatPhoneNumber(table.msisdn(row));
  out["subscriber"] = Pseudonymizer::ToHex(table.pseudonym(row));
  out["as_of"] = FormatLocalDate(table.as_of_day() * kMillisPerDay, 0);
  nlohmann::ordered_json dims = nlohmann::ordered_json::object();
  for (int d = 0; d < profile::kDimensionCount; ++d) {
    nlohmann::ordered_json tags = nlohmann::ordered_json::object();
    for (const TagColumn& c : table.columns()) {
      if (static_cast<int>(c.dimension) == d && c.Has(row)) tags[c.id] = ValueJson(c, row);
    }
    if (!tags.empty())
      dims[std::string(profile::DimensionName(static_cast<profile::Dimension>(d)))] = tags;
  }
  out["dimensions"] = dims;
  return out;
}

void AddProfileCommands(CLI::App& root, int* exit_code) {
  CLI::App* profile_cmd = root.add_subcommand("profile", "Subscriber 360 profiles");
  profile_cmd->require_subcommand(1);
  {
    auto flags = std::make_shared<SnapshotFlags>();
    auto msisdn = std::make_shared<std::string>();
    CLI::App* show = profile_cmd->add_subcommand(
        "show", "Print a subscriber's 360 profile as JSON, grouped by dimension");
    AddSnapshotFlags(show, flags.get());
    show->add_option("msisdn", *msisdn, "The subscriber's number")->required();
    show->callback([flags, msisdn, exit_code] { *exit_code = RunProfileShow(*flags, *msisdn); });
  }
  {
    auto flags = std::make_shared<SegmentFlags>();
    CLI::App* seg = root.add_subcommand(
        "segment", "Count the subscribers matching a segment expression (see docs/segments.md)");
    AddSnapshotFlags(seg, &flags->snap);
    seg->add_option("expr", flags->expr, "e.g. \"interest has 'games' and age < 30\"")->required();
    seg->add_option("--sample", flags->sample, "How many members to list (default 10)");
    seg->add_option("--explain", flags->explain_msisdn,
                    "Say term by term why this number is in or not in the segment");
    seg->add_flag("--json", flags->json, "Print JSON");
    seg->callback([flags, exit_code] { *exit_code = RunSegment(*flags); });
  }
  {
    auto flags = std::make_shared<LookalikeFlags>();
    CLI::App* look = root.add_subcommand(
        "lookalike", "Rank subscribers by similarity to a seed segment (see docs/lookalike.md)");
    AddSnapshotFlags(look, &flags->snap);
    look->add_option("--seed", flags->seed, "Segment expression of the seed")->required();
    look->add_option("--top", flags->top, "How many to return (default 20)");
    look->add_option("--exclude", flags->exclude, "Tags to leave out of the similarity")
        ->delimiter(',');
    look->add_flag("--json", flags->json, "Print JSON");
    look->callback([flags, exit_code] { *exit_code = RunLookalike(*flags); });
  }
}

}  // namespace ripple::cli
