// Evaluation of campaigns: what every stored decision showed and what came back, grouped by any
// of campaign, channel, slot and local day — counts, CTR, conversion rate, revenue, cost, ROI,
// and the uplift of treated over control with its interval and significance (uplift.h). What
// `GET /v1/reports/campaigns` and `ripple report` show.
//
// Read from the decide store (one ordered pass over its decisions joined with the feedback
// markers, DecideStore::ForEachDecision), not from the live counters: any grouping and any range
// of days can be asked for after the fact, and a read-only handle can report while a server runs.
//
// Definitions (per group; a decision belongs to the group of its own time, its feedback with it):
//   shown        decisions with a winner that was not held out; control: held out as control
//   impressions, clicks, conversions, dismisses   feedback events of shown decisions, each
//                counted once per decision; a control decision counts only a conversion
//   ctr = clicks / impressions; conversion rate = conversions / shown
//   revenue      conversions x the campaign's value per conversion in the model used (its
//                `value`, else its product's price when known, else 0 — see CampaignValue)
//   cost         shown x the channel's cost_per_contact + conversions x the campaign's
//                cost_per_conversion
//   roi = (revenue - cost) / cost (none when cost is 0)
//   uplift       CompareArms(treated {shown, conversions}, control {held out, conversions});
//                significant when both arms have decisions, the two-proportion test rejects at
//                the confidence and the interval does not cover 0. A group of several campaigns
//                pools their arms.
// Decisions that offered nothing (no campaign won) are in no group (Evaluation::without_offer).
// Grouped by campaign alone, every campaign of the model has a row, with zeros if never decided.
// Money is computed per (campaign, channel, slot, day) from counts and then summed, so a row's
// revenue is exactly its conversions x value.
// Thread-safety: Evaluate is safe to call from many threads (the store is).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "decide/decide_store.h"
#include "decide/model.h"
#include "feedback/uplift.h"

namespace ripple::feedback {

// What rows are grouped by. A slot belongs to its channel: grouping by slot sets both.
enum class Dimension : uint8_t { kCampaign, kChannel, kSlot, kDay };
std::string_view DimensionName(Dimension d);

// The parsers shared by the API and the command line; errors are InvalidArgument naming the
// value and what was expected.
// "campaign,day" -> {kCampaign, kDay}, in that order, each at most once; never empty.
Result<std::vector<Dimension>> ParseDimensions(std::string_view text);
// A confidence in [0.5, 1), e.g. "0.95".
Result<double> ParseConfidence(std::string_view text);
// A local date "YYYY-MM-DD" -> local days since 1970-01-01.
Result<int64_t> ParseDay(std::string_view text);
// Local days since 1970-01-01 -> "YYYY-MM-DD".
std::string FormatDay(int64_t day);

struct EvaluationOptions {
  std::vector<Dimension> by = {Dimension::kCampaign};
  std::optional<int64_t> from_day, to_day;  // local days, inclusive; none: no bound
  int utc_offset_minutes = 480;             // what "local" means for days
  double confidence = 0.95;
  // Prices, costs and values come from this model; null: the model stored in the store ("m").
  const decide::MarketingModel* model = nullptr;
  // A product's price, for campaigns whose value is 0; empty or nullopt: not known.
  std::function<std::optional<double>(std::string_view product)> product_price;
};

// Where a campaign's revenue per conversion came from.
enum class ValueSource : uint8_t {
  kCampaignValue,  // the campaign's `value`
  kProductPrice,   // its product's price (value 0)
  kUnknown,        // value 0 and the product's price is not known: counted as 0
  kNotInModel,     // the campaign is no longer in the model: value and costs counted as 0
};
std::string_view ValueSourceName(ValueSource s);

struct CampaignValue {
  std::string campaign;
  std::string product;
  ValueSource source = ValueSource::kUnknown;
  double value = 0;  // per conversion
  double cost_per_conversion = 0;
  std::string state;  // its state in the model ("removed" when not in it)
};

struct ArmCounts {
  uint64_t shown = 0, impressions = 0, clicks = 0, conversions = 0, dismisses = 0;
  uint64_t held_out = 0, control_conversions = 0;
  void Add(const ArmCounts& o);
};

struct EvaluationRow {
  // The group: only the fields of the dimensions grouped by are set (slot sets channel too).
  std::string campaign, channel, slot;
  std::optional<int64_t> day;  // local days since 1970-01-01
  ArmCounts counts;
  double revenue = 0, cost = 0;
  std::optional<double> ctr, conversion_rate, control_rate, roi;  // none: nothing to divide by
  Uplift uplift;
  bool significant = false;
};

struct Evaluation {
  EvaluationOptions options;             // as asked (model and product_price cleared)
  uint64_t model_version = 0;            // of the model used; 0: none (the store has none)
  std::vector<CampaignValue> campaigns;  // every campaign of the rows, by id
  std::vector<EvaluationRow> rows;       // ordered by the dimensions, in the order asked
  EvaluationRow total;                   // every counted decision
  uint64_t decisions = 0;                // read from the store
  uint64_t without_offer = 0;            // no campaign won: in no row
  uint64_t outside_dates = 0;            // before from_day or after to_day
  std::vector<std::string> channels_not_in_model;  // their cost per contact counted as 0
};

// REQUIRES: options.by is not empty; confidence in (0, 1).
// Errors: those of the store (IoError, Corruption), and of its stored model.
Result<Evaluation> Evaluate(decide::DecideStore& store, const EvaluationOptions& options);

}  // namespace ripple::feedback
