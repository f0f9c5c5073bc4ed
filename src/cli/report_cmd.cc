// `ripple report [--out OUT | --decide-state DIR] [--by campaign,day] [--from D] [--to D]
// [--confidence 0.95] [--csv]`: the evaluation of campaigns (feedback/evaluation.h) from a decide
// state, as an aligned table or CSV (cli/report_output.h). The store is opened read-only, so a
// report can be made while `ripple serve` runs on it (it then sees what the server had written
// when the report started, up to its last 2 ms).
//
// Revenue per conversion is the campaign's value in the stored model, else its product's price
// from products.csv of --data (default: the data folder named by OUT/summary.json), else 0 — the
// header says which for each campaign.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/report_output.h"
#include "core/config.h"
#include "core/time.h"
#include "feedback/evaluation.h"
#include "ingest/csv_row.h"
#include "ingest/field_parse.h"
#include "ingest/line_reader.h"
#include "ingest/reference.h"
#include "ingest/schema.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;

struct ReportFlags {
  std::string out;           // OUT of `ripple batch` (its decide-state and data folder)
  std::string decide_state;  // or the decide state folder itself
  std::string data;          // reference tables: products.csv for prices
  std::string config;        // settings (the UTC offset)
  std::string utc_offset;
  std::string by = "campaign";
  std::string from, to;
  std::string confidence = "0.95";
  bool csv = false;
};

// The data folder named by OUT/summary.json ("" when there is none).
std::string DataDirOf(const std::string& out) {
  std::ifstream in(out + "/summary.json");
  if (!in) return "";
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded() || !j.contains("data_dir") || !j["data_dir"].is_string()) return "";
  return j["data_dir"].get<std::string>();
}

// Product prices of DIR/products.csv (or .csv.gz); rows that do not parse are left out (the
// batch dead-letters them). An empty map when the folder has no products table.
Result<std::map<std::string, double, std::less<>>> ReadPrices(const std::string& dir) {
  std::map<std::string, double, std::less<>> prices;
  const std::string path = ingest::FindInputFile(dir, "products", false);
  if (path.empty()) return prices;
  ASSIGN_OR_RETURN(auto reader, ingest::LineReader::Open(path));
  const ingest::Schema& schema = ingest::TableSchema(ingest::Table::kProducts);
  std::string_view line;
  if (!reader->Next(&line)) return prices;
  ASSIGN_OR_RETURN(const ingest::ColumnBinding binding, ingest::BindCsvHeader(line, schema, path));
  ingest::CsvRowParser parser(schema, binding);
  ingest::FieldViews f;
  while (reader->Next(&line)) {
    int64_t cents = 0;
    if (line.empty() || parser.Parse(line, &f) != ingest::Reason::kAccepted ||
        !ingest::ParseCents(f[3], &cents)) {
      continue;
    }
    prices.emplace(std::string(f[0]), static_cast<double>(cents) / 100.0);
  }
  RETURN_IF_ERROR(reader->status());
  return prices;
}

// The settings file of --config (a folder's ripple.yaml, or the file itself); "" for defaults.
std::string SettingsPath(const std::string& config) {
  std::error_code ec;
  if (!config.empty() && fs::is_directory(config, ec)) {
    const fs::path p = fs::path(config) / "ripple.yaml";
    return fs::exists(p, ec) ? p.string() : "";
  }
  return config;
}

Status Flag(const std::string& flag, const Status& st) {
  return Status::InvalidArgument(flag + ": " + st.message());
}

int RunReport(const ReportFlags& f) {
  if (f.out.empty() && f.decide_state.empty()) {
    return Fail(Status::InvalidArgument(
        "which decide state? pass --out OUT (OUT/decide-state) or --decide-state DIR"));
  }
  feedback::EvaluationOptions o;
  auto by = feedback::ParseDimensions(f.by);
  if (!by.ok()) return Fail(Flag("--by", by.status()));
  o.by = *by;
  auto confidence = feedback::ParseConfidence(f.confidence);
  if (!confidence.ok()) return Fail(Flag("--confidence", confidence.status()));
  o.confidence = *confidence;
  for (const auto& [flag, text, day] :
       {std::tuple{"--from", &f.from, &o.from_day}, std::tuple{"--to", &f.to, &o.to_day}}) {
    if (text->empty()) continue;
    auto d = feedback::ParseDay(*text);
    if (!d.ok()) return Fail(Flag(flag, d.status()));
    *day = *d;
  }
  if (o.from_day && o.to_day && *o.from_day > *o.to_day) {
    return Fail(Status::InvalidArgument("--to " + f.to + " is before --from " + f.from));
  }
  auto config = LoadConfig(SettingsPath(f.config));
  if (!config.ok()) return Fail(config.status());
  o.utc_offset_minutes = config->utc_offset_minutes;
  if (!f.utc_offset.empty()) {
    const auto offset = ParseUtcOffset(f.utc_offset);
    if (!offset) {
      return Fail(Status::InvalidArgument("--utc-offset: '" + f.utc_offset +
                                          "' is not an offset: expected e.g. +08:00 or -05:30"));
    }
    o.utc_offset_minutes = *offset;
  }

  const std::string data = !f.data.empty() ? f.data : f.out.empty() ? "" : DataDirOf(f.out);
  std::map<std::string, double, std::less<>> prices;
  if (!data.empty()) {
    auto read = ReadPrices(data);
    if (!read.ok()) return Fail(read.status());
    prices = std::move(read).value();
  }
  o.product_price = [&prices](std::string_view product) -> std::optional<double> {
    auto it = prices.find(product);
    return it == prices.end() ? std::nullopt : std::optional<double>(it->second);
  };

  const std::string dir = f.decide_state.empty() ? f.out + "/decide-state" : f.decide_state;
  auto store = decide::DecideStore::OpenReadOnly(dir);
  if (!store.ok()) return Fail(store.status());
  auto ev = feedback::Evaluate(**store, o);
  if (!ev.ok()) return Fail(ev.status());
  const std::string text = f.csv ? FormatReportCsv(*ev) : FormatReportTable(*ev, dir);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return std::fflush(stdout) == 0 ? 0 : Fail(Status::IoError("cannot write the report"));
}

}  // namespace

void AddReportCommand(CLI::App& root, int* exit_code) {
  auto f = std::make_shared<ReportFlags>();
  CLI::App* c = root.add_subcommand(
      "report", "Evaluate campaigns: outcomes, revenue, cost, ROI and uplift over control");
  c->add_option("--out", f->out, "OUT of `ripple batch`: reads OUT/decide-state");
  c->add_option("--decide-state", f->decide_state, "The decide state folder (instead of --out)");
  c->add_option("--by", f->by,
                "Group by a comma-separated list of campaign, channel, slot, day "
                "(default campaign)");
  c->add_option("--from", f->from, "First local date YYYY-MM-DD (default: the first)");
  c->add_option("--to", f->to, "Last local date YYYY-MM-DD, inclusive (default: the last)");
  c->add_option("--confidence", f->confidence, "Of the uplift's interval and test (default 0.95)");
  c->add_flag("--csv", f->csv, "CSV with a header row instead of a table");
  c->add_option("--data", f->data,
                "Reference tables, for product prices (default: OUT/summary.json's data_dir)");
  c->add_option("--config", f->config, "Folder with ripple.yaml, or a settings file (UTC offset)");
  c->add_option("--utc-offset", f->utc_offset,
                "What local days are, e.g. +08:00 (default: config)");
  c->callback([f, exit_code] { *exit_code = RunReport(*f); });
}

}  // namespace ripple::cli
