#include "feedback/evaluation.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "core/time.h"
#include "feedback/feedback_recorder.h"

namespace ripple::feedback {
namespace {

constexpr std::string_view kDimensions[] = {"campaign", "channel", "slot", "day"};
constexpr std::string_view kValueSources[] = {"campaign_value", "product_price", "unknown",
                                              "not_in_model"};

// Dense ids for the few distinct strings a store holds (campaigns, channels, slots), looked up
// without allocating.
class Interner {
 public:
  uint32_t Id(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    const auto id = static_cast<uint32_t>(names_.size());
    names_.emplace_back(s);
    ids_.emplace(names_.back(), id);
    return id;
  }
  const std::string& Name(uint32_t id) const { return names_[id]; }
  size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> ids_;
  std::vector<std::string> names_;
};

// The finest grain the scan counts at: (campaign, channel, slot, local day).
struct Cell {
  uint32_t campaign, channel, slot;
  int64_t day;
  bool operator==(const Cell&) const = default;
};
struct CellHash {
  size_t operator()(const Cell& c) const {
    uint64_t h = (uint64_t{c.campaign} << 42) ^ (uint64_t{c.channel} << 32) ^
                 (uint64_t{c.slot} << 20) ^ static_cast<uint64_t>(c.day);
    return std::hash<uint64_t>()(h * 0x9e3779b97f4a7c15ULL);
  }
};

// Which feedback events a decision has, from the markers' names.
struct Marks {
  bool impression = false, click = false, convert = false, dismiss = false;
  explicit Marks(const std::vector<std::string_view>& events) {
    for (std::string_view e : events) {
      if (e == FeedbackEventName(FeedbackEvent::kImpression)) impression = true;
      if (e == FeedbackEventName(FeedbackEvent::kClick)) click = true;
      if (e == FeedbackEventName(FeedbackEvent::kConvert)) convert = true;
      if (e == FeedbackEventName(FeedbackEvent::kDismiss)) dismiss = true;
    }
  }
};

CampaignValue ValueOf(const std::string& id, const decide::MarketingModel* model,
                      const EvaluationOptions& options) {
  CampaignValue v;
  v.campaign = id;
  const decide::Campaign* c = model ? model->FindCampaign(id) : nullptr;
  if (!c) {
    v.source = ValueSource::kNotInModel;
    v.state = "removed";
    return v;
  }
  v.product = c->product;
  v.cost_per_conversion = c->cost_per_conversion;
  v.state = std::string(decide::CampaignStateName(c->state));
  if (c->value > 0) {
    v.source = ValueSource::kCampaignValue;
    v.value = c->value;
  } else if (auto price = options.product_price ? options.product_price(c->product)
                                                : std::optional<double>()) {
    v.source = ValueSource::kProductPrice;
    v.value = *price;
  } else {
    v.source = ValueSource::kUnknown;
  }
  return v;
}

void Derive(EvaluationRow& row, double confidence) {
  const ArmCounts& n = row.counts;
  auto ratio = [](uint64_t a, uint64_t b) {
    return b ? std::optional<double>(static_cast<double>(a) / static_cast<double>(b))
             : std::nullopt;
  };
  row.ctr = ratio(n.clicks, n.impressions);
  row.conversion_rate = ratio(n.conversions, n.shown);
  row.control_rate = ratio(n.control_conversions, n.held_out);
  row.roi =
      row.cost > 0 ? std::optional<double>((row.revenue - row.cost) / row.cost) : std::nullopt;
  row.uplift =
      CompareArms({n.shown, n.conversions}, {n.held_out, n.control_conversions}, confidence);
  row.significant =
      row.uplift.valid && row.uplift.significant && (row.uplift.low > 0 || row.uplift.high < 0);
}

bool Has(const std::vector<Dimension>& by, Dimension d) {
  return std::find(by.begin(), by.end(), d) != by.end();
}

}  // namespace

std::string_view DimensionName(Dimension d) { return kDimensions[static_cast<int>(d)]; }
std::string_view ValueSourceName(ValueSource s) { return kValueSources[static_cast<int>(s)]; }

void ArmCounts::Add(const ArmCounts& o) {
  shown += o.shown;
  impressions += o.impressions;
  clicks += o.clicks;
  conversions += o.conversions;
  dismisses += o.dismisses;
  held_out += o.held_out;
  control_conversions += o.control_conversions;
}

Result<std::vector<Dimension>> ParseDimensions(std::string_view text) {
  std::vector<Dimension> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view word = text.substr(start, end - start);
    bool found = false;
    for (size_t i = 0; i < std::size(kDimensions); ++i) {
      if (word != kDimensions[i]) continue;
      const auto d = static_cast<Dimension>(i);
      if (Has(out, d)) return Status::InvalidArgument("'" + std::string(word) + "' is named twice");
      out.push_back(d);
      found = true;
    }
    if (!found) {
      return Status::InvalidArgument(
          "'" + std::string(word) +
          "' is not something to group by (expected a comma-separated list of campaign, channel, "
          "slot, day)");
    }
    start = end + 1;
  }
  return out;
}

Result<double> ParseConfidence(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double c = std::strtod(s.c_str(), &end);
  if (s.empty() || !end || *end != '\0' || !(c >= 0.5 && c < 1)) {
    return Status::InvalidArgument(
        "'" + s + "' is not a confidence: expected a number in [0.5, 1), e.g. 0.95");
  }
  return c;
}

Result<int64_t> ParseDay(std::string_view text) {
  const auto ms = text.size() == 10 ? ParseLocalDate(text, 0) : std::nullopt;
  if (!ms || FormatDay(LocalDay(*ms, 0)) != text) {
    return Status::InvalidArgument("'" + std::string(text) +
                                   "' is not a date: expected YYYY-MM-DD, e.g. 2026-11-09");
  }
  return LocalDay(*ms, 0);
}

std::string FormatDay(int64_t day) { return FormatLocalDate(day * kMillisPerDay, 0); }

Result<Evaluation> Evaluate(decide::DecideStore& store, const EvaluationOptions& options) {
  Evaluation ev;
  ev.options = options;
  ev.options.model = nullptr;
  ev.options.product_price = nullptr;
  std::optional<decide::MarketingModel> stored;
  const decide::MarketingModel* model = options.model;
  if (!model) {
    ASSIGN_OR_RETURN(stored, store.LoadModel());
    if (stored) model = &*stored;
  }
  ev.model_version = model ? model->version : 0;

  // One pass: counts per cell.
  Interner campaigns, channels, slots;
  std::unordered_map<Cell, ArmCounts, CellHash> cells;
  Cell last{UINT32_MAX, 0, 0, 0};
  ArmCounts* last_counts = nullptr;
  RETURN_IF_ERROR(store.ForEachDecision(
      [&](const decide::DecisionRecord& d, const std::vector<std::string_view>& events) {
        ++ev.decisions;
        if (d.campaign.empty()) {
          ++ev.without_offer;
          return;
        }
        const int64_t day = LocalDay(d.ts_ms, options.utc_offset_minutes);
        if ((options.from_day && day < *options.from_day) ||
            (options.to_day && day > *options.to_day)) {
          ++ev.outside_dates;
          return;
        }
        const Cell cell{campaigns.Id(d.campaign), channels.Id(d.channel), slots.Id(d.slot), day};
        if (!(cell == last)) {
          last = cell;
          last_counts = &cells[cell];  // node-based: the pointer stays valid as the map grows
        }
        ArmCounts& n = *last_counts;
        const Marks marks(events);
        if (d.control) {
          ++n.held_out;
          n.control_conversions += marks.convert;
          return;
        }
        ++n.shown;
        n.impressions += marks.impression;
        n.clicks += marks.click;
        n.conversions += marks.convert;
        n.dismisses += marks.dismiss;
      }));

  // Grouped by campaign alone, every campaign of the model has a row, those never decided too
  // (a campaign that never wins is worth seeing).
  const bool every_campaign = options.by == std::vector<Dimension>{Dimension::kCampaign};
  if (every_campaign && model) {
    for (const decide::Campaign& c : model->campaigns) campaigns.Id(c.id);
  }

  // What each campaign and channel is worth and costs, from the model.
  std::vector<CampaignValue> values;
  for (uint32_t i = 0; i < campaigns.size(); ++i) {
    values.push_back(ValueOf(campaigns.Name(i), model, options));
  }
  std::vector<double> contact_cost(channels.size(), 0);
  for (uint32_t i = 0; i < channels.size(); ++i) {
    const decide::Channel* c = model ? model->FindChannel(channels.Name(i)) : nullptr;
    if (c) {
      contact_cost[i] = c->cost_per_contact;
    } else {
      ev.channels_not_in_model.push_back(channels.Name(i));
    }
  }
  std::sort(ev.channels_not_in_model.begin(), ev.channels_not_in_model.end());

  // Cells rolled up into the groups asked for. The key orders rows: the dimensions in the order
  // asked, each compared by its value (names alphabetically, days in time).
  using Key = std::vector<std::string>;
  std::map<Key, EvaluationRow> groups;
  const auto& by = options.by;
  for (const auto& [cell, n] : cells) {
    Key key;
    for (Dimension d : by) {
      switch (d) {
        case Dimension::kCampaign:
          key.push_back(campaigns.Name(cell.campaign));
          break;
        case Dimension::kChannel:
          key.push_back(channels.Name(cell.channel));
          break;
        case Dimension::kSlot:
          key.push_back(channels.Name(cell.channel) + '/' + slots.Name(cell.slot));
          break;
        case Dimension::kDay:
          key.push_back(FormatDay(cell.day));  // YYYY-MM-DD sorts in time
          break;
      }
    }
    EvaluationRow& row = groups[key];
    if (Has(by, Dimension::kCampaign)) row.campaign = campaigns.Name(cell.campaign);
    if (Has(by, Dimension::kChannel) || Has(by, Dimension::kSlot)) {
      row.channel = channels.Name(cell.channel);
    }
    if (Has(by, Dimension::kSlot)) row.slot = slots.Name(cell.slot);
    if (Has(by, Dimension::kDay)) row.day = cell.day;
    const CampaignValue& v = values[cell.campaign];
    const double revenue = static_cast<double>(n.conversions) * v.value;
    const double cost = static_cast<double>(n.shown) * contact_cost[cell.channel] +
                        static_cast<double>(n.conversions) * v.cost_per_conversion;
    for (EvaluationRow* r : {&row, &ev.total}) {
      r->counts.Add(n);
      r->revenue += revenue;
      r->cost += cost;
    }
  }
  if (every_campaign) {
    for (uint32_t i = 0; i < campaigns.size(); ++i) {
      EvaluationRow& row = groups[Key{campaigns.Name(i)}];
      row.campaign = campaigns.Name(i);
    }
  }
  for (auto& [key, row] : groups) {
    Derive(row, options.confidence);
    ev.rows.push_back(std::move(row));
  }
  Derive(ev.total, options.confidence);
  std::sort(values.begin(), values.end(),
            [](const CampaignValue& a, const CampaignValue& b) { return a.campaign < b.campaign; });
  ev.campaigns = std::move(values);
  return ev;
}

}  // namespace ripple::feedback
