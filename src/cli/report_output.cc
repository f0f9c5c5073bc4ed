#include "cli/report_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

namespace ripple::cli {
namespace {

using feedback::Dimension;
using feedback::EvaluationRow;

// The grouping value of a row for a dimension, as printed.
std::string GroupValue(const EvaluationRow& row, Dimension d) {
  switch (d) {
    case Dimension::kCampaign:
      return row.campaign;
    case Dimension::kChannel:
      return row.channel;
    case Dimension::kSlot:
      return row.channel + "/" + row.slot;
    case Dimension::kDay:
      return row.day ? feedback::FormatDay(*row.day) : "";
  }
  return "";
}

// 1234567 -> "1,234,567".
std::string Grouped(uint64_t v) {
  std::string digits = std::to_string(v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string Money(double v) {
  const long long cents = std::llround(v * 100);
  const auto a = static_cast<uint64_t>(cents < 0 ? -cents : cents);
  return (cents < 0 ? "-" : "") + Grouped(a / 100) + fmt::format(".{:02d}", a % 100);
}

std::string Percent(const std::optional<double>& v) {
  return v ? fmt::format("{:.2f}%", *v * 100) : "-";
}

std::string UpliftCell(const EvaluationRow& row) {
  const feedback::Uplift& u = row.uplift;
  if (!u.valid) return "-";
  return fmt::format("{:+.2f} pp [{:.2f}, {:.2f}] {}", u.difference * 100, u.low * 100,
                     u.high * 100, row.significant ? "*" : "ns");
}

// A CSV number: the shortest text that reads back as the same double; empty for none.
std::string CsvNumber(const std::optional<double>& v) { return v ? fmt::format("{}", *v) : ""; }

// Campaign ids, channel and slot ids are [a-z0-9_-]+ and days are dates: nothing to quote.
void CsvLine(const std::vector<std::string>& cells, std::string* out) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) *out += ',';
    *out += cells[i];
  }
  *out += '\n';
}

std::string DatesText(const feedback::EvaluationOptions& o) {
  if (!o.from_day && !o.to_day) return "all days";
  return (o.from_day ? feedback::FormatDay(*o.from_day) : "the first") + " to " +
         (o.to_day ? feedback::FormatDay(*o.to_day) : "the last");
}

std::string OffsetText(int minutes) {
  return fmt::format("UTC{}{:02d}:{:02d}", minutes < 0 ? '-' : '+', std::abs(minutes) / 60,
                     std::abs(minutes) % 60);
}

// "Revenue per conversion: campaign value: a 25.00, ...; product price: ...".
std::string ValuesText(const feedback::Evaluation& ev) {
  std::string out;
  for (auto source : {feedback::ValueSource::kCampaignValue, feedback::ValueSource::kProductPrice,
                      feedback::ValueSource::kUnknown, feedback::ValueSource::kNotInModel}) {
    std::string list;
    for (const feedback::CampaignValue& v : ev.campaigns) {
      if (v.source != source) continue;
      list += (list.empty() ? "" : ", ") + v.campaign;
      if (source == feedback::ValueSource::kCampaignValue) list += " " + Money(v.value);
      if (source == feedback::ValueSource::kProductPrice) {
        list += " " + Money(v.value) + " (" + v.product + ")";
      }
      if (source == feedback::ValueSource::kUnknown) list += " (" + v.product + ")";
    }
    if (list.empty()) continue;
    static constexpr const char* kWhat[] = {"the campaign's value", "its product's price",
                                            "unknown (no value, no price), counted as 0",
                                            "not in the model, counted as 0"};
    out += std::string(out.empty() ? "" : "; ") + kWhat[static_cast<int>(source)] + ": " + list;
  }
  return out.empty() ? "none counted" : out;
}

}  // namespace

std::string FormatReportTable(const feedback::Evaluation& ev, const std::string& source) {
  const auto& by = ev.options.by;
  std::string out;
  out += fmt::format("Campaign evaluation of {} — model version {}\n", source, ev.model_version);
  std::string by_text;
  for (Dimension d : by) by_text += (by_text.empty() ? "" : ", ") + std::string(DimensionName(d));
  out += fmt::format(
      "{} decisions read: {} offered something, {} offered nothing, {} outside the dates\n",
      Grouped(ev.decisions), Grouped(ev.decisions - ev.without_offer - ev.outside_dates),
      Grouped(ev.without_offer), Grouped(ev.outside_dates));
  out += fmt::format("By {}; {} (local days, {}); confidence {}%\n", by_text, DatesText(ev.options),
                     OffsetText(ev.options.utc_offset_minutes),
                     fmt::format("{}", ev.options.confidence * 100));
  out += "Revenue per conversion: " + ValuesText(ev) + "\n";
  out +=
      "Cost: shown x the channel's cost per contact + conversions x the campaign's cost per "
      "conversion";
  if (!ev.channels_not_in_model.empty()) {
    std::string list;
    for (const auto& c : ev.channels_not_in_model) list += (list.empty() ? "" : ", ") + c;
    out += " (channels not in the model, counted as 0: " + list + ")";
  }
  out += "\n\n";

  std::vector<std::string> header;
  for (Dimension d : by) header.emplace_back(DimensionName(d));
  const size_t groups = header.size();
  for (const char* h : {"shown", "impr", "clicks", "CTR", "conv", "conv rate", "revenue", "cost",
                        "ROI", "control", "ctl conv", "ctl rate", "uplift"}) {
    header.emplace_back(h);
  }
  auto cells_of = [&](const EvaluationRow& row, bool total) {
    std::vector<std::string> c;
    for (size_t i = 0; i < groups; ++i)
      c.push_back(total ? (i == 0 ? "total" : "") : GroupValue(row, by[i]));
    const feedback::ArmCounts& n = row.counts;
    c.push_back(Grouped(n.shown));
    c.push_back(Grouped(n.impressions));
    c.push_back(Grouped(n.clicks));
    c.push_back(Percent(row.ctr));
    c.push_back(Grouped(n.conversions));
    c.push_back(Percent(row.conversion_rate));
    c.push_back(Money(row.revenue));
    c.push_back(Money(row.cost));
    c.push_back(row.roi ? fmt::format("{:+.1f}%", *row.roi * 100) : "-");
    c.push_back(Grouped(n.held_out));
    c.push_back(Grouped(n.control_conversions));
    c.push_back(Percent(row.control_rate));
    c.push_back(UpliftCell(row));
    return c;
  };
  std::vector<std::vector<std::string>> lines;
  lines.push_back(header);
  for (const EvaluationRow& row : ev.rows) lines.push_back(cells_of(row, false));
  lines.push_back(cells_of(ev.total, true));
  std::vector<size_t> width(header.size(), 0);
  for (const auto& l : lines) {
    for (size_t i = 0; i < l.size(); ++i) width[i] = std::max(width[i], l[i].size());
  }
  // Group names left-aligned, numbers right-aligned; the uplift aligned on its sign.
  auto print = [&](const std::vector<std::string>& l) {
    std::string line;
    for (size_t i = 0; i < l.size(); ++i) {
      if (i) line += "  ";
      const bool left = i < groups || i + 1 == l.size();
      const std::string pad(width[i] - l[i].size(), ' ');
      line += left ? l[i] + pad : pad + l[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  };
  print(lines.front());
  for (size_t i = 1; i + 1 < lines.size(); ++i) print(lines[i]);
  size_t rule = 0;
  for (size_t w : width) rule += w + 2;
  out += std::string(rule - 2, '-') + "\n";
  print(lines.back());
  out += fmt::format(
      "\nuplift: conversion rate of those shown minus that of the control group, in percentage "
      "points, with its {}% interval;\n  * significant, ns not significant (the interval covers "
      "0 or the test does not reject), - no comparison (no control group or nothing shown)\n",
      fmt::format("{}", ev.options.confidence * 100));
  return out;
}

std::string FormatReportCsv(const feedback::Evaluation& ev) {
  const auto& by = ev.options.by;
  std::vector<std::string> header;
  for (Dimension d : by) header.emplace_back(DimensionName(d));
  for (const char* h :
       {"shown", "impressions", "clicks", "ctr", "conversions", "conversion_rate", "dismisses",
        "revenue", "cost", "roi", "held_out", "control_conversions", "control_rate", "uplift",
        "uplift_low", "uplift_high", "z", "p_value", "significant"}) {
    header.emplace_back(h);
  }
  std::string out;
  CsvLine(header, &out);
  auto line = [&](const EvaluationRow& row, bool total) {
    std::vector<std::string> c;
    for (size_t i = 0; i < by.size(); ++i) {
      c.push_back(total ? (i == 0 ? "(total)" : "") : GroupValue(row, by[i]));
    }
    const feedback::ArmCounts& n = row.counts;
    const feedback::Uplift& u = row.uplift;
    auto uplift = [&](double v) { return u.valid ? CsvNumber(v) : ""; };
    for (std::string s :
         {std::to_string(n.shown), std::to_string(n.impressions), std::to_string(n.clicks),
          CsvNumber(row.ctr), std::to_string(n.conversions), CsvNumber(row.conversion_rate),
          std::to_string(n.dismisses), CsvNumber(row.revenue), CsvNumber(row.cost),
          CsvNumber(row.roi), std::to_string(n.held_out), std::to_string(n.control_conversions),
          CsvNumber(row.control_rate), uplift(u.difference), uplift(u.low), uplift(u.high),
          uplift(u.z), uplift(u.p_value), std::string(row.significant ? "true" : "false")}) {
      c.push_back(std::move(s));
    }
    CsvLine(c, &out);
  };
  for (const EvaluationRow& row : ev.rows) line(row, false);
  line(ev.total, true);
  return out;
}

}  // namespace ripple::cli
