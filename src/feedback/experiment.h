// A market experiment: the real arbiter, contact policy and learning, day after day, against
// simulated customers (sim/market.h) whose hidden propensities only an oracle knows. Each
// strategy — a slot ranking — runs on its own copy of the market (same people, same visits, same
// life moments, same draws), and the oracle, which ranks by the true propensities, runs beside
// them: what a strategy converts against what could have been converted.
//
// Every day each subscriber opens the app (app/home_banner) with the market's visit chance;
// the strategy's arbiter decides with the subscriber's live life moment as trigger; the customer
// takes a shown offer with its propensity, or — held out as control — buys unasked with the
// organic share of it. Conversions flow back as feedback does in the server: counters, the
// adaptive arms, a rest for the campaign, and the adoption told to the close ties.
// Relationship campaigns run on sms/daily: "circle" (the family bundle to the family of who took
// it) and "reason to call" (shared voice minutes for a weakening close tie); each shown
// relationship offer is matched by the same offer to a random subscriber of the same segment,
// and the two are compared (feedback/uplift.h).
//
// What the engine sees of a subscriber: learn_by segments built from the world's facts (age,
// wealth, interests — what the profile's tags carry), live moments as triggers, and close ties
// as tie signals; the graph part's recovery of ties from CDRs is measured in docs/relations.md,
// not here.
// Thread-safety: RunExperiment runs strategies on up to `threads` threads; results are values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "decide/model.h"
#include "feedback/uplift.h"
#include "sim/market.h"

namespace ripple::feedback {

// Every ranking, in the order the table shows them.
std::vector<decide::Ranking> AllStrategies();

struct ExperimentOptions {
  uint32_t subscribers = 20000;
  uint64_t seed = 7;
  int days = 30;
  std::vector<decide::Ranking> strategies = AllStrategies();
  int window_days = 7;        // "by the end": the last days compared with the oracle
  double exploration = 0.02;  // the exploration floor (model.h Slot::exploration)
  double confidence = 0.95;
  int threads = 2;
  sim::MarketOptions market;
};

struct RelationshipResult {
  std::string campaign;
  Arm targeted;  // shown by the relationship campaign
  Arm random;    // the same offer to random subscribers of the same segment
  Uplift uplift;
};

struct StrategyResult {
  std::string name;  // the ranking's name, or "oracle"
  int64_t decisions = 0, shown = 0, conversions = 0;
  int64_t controls = 0, control_conversions = 0;
  double expected_conversions = 0;  // sum of the true propensities of the offers shown
  std::vector<int64_t> conversions_by_day;
  std::vector<double> expected_by_day;
  double regret = 0;  // the oracle's expected conversions minus this one's
  // Conversions as a share of the oracle's, over all days and over the last window_days. The
  // expected ones (sums of propensities) carry no draw noise: the measure to judge by.
  double share_of_oracle = 0, share_of_oracle_end = 0;
  double expected_share_of_oracle = 0, expected_share_of_oracle_end = 0;
  Uplift uplift;  // shown vs held out as control
  std::vector<RelationshipResult> relationship;
};

struct ExperimentResult {
  ExperimentOptions options;
  uint32_t subscribers = 0;
  std::vector<StrategyResult> strategies;  // in the order asked
  StrategyResult oracle;
  double seconds = 0;
};

// Errors: InvalidArgument for options out of range (names the option).
Result<ExperimentResult> RunExperiment(const ExperimentOptions& options);

// The marketing model the experiment runs (campaigns over the simulator's products), with
// app/home_banner ranked by `ranking`.
decide::MarketingModel ExperimentModel(decide::Ranking ranking, double exploration);

// {"<strategy>": {"conversions": n, ...}, ..., "oracle": {...}}
std::string ExperimentJson(const ExperimentResult& result);
// An aligned table for the terminal.
std::string ExperimentTable(const ExperimentResult& result);

}  // namespace ripple::feedback
