#include "cli/relations_step.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>
#include <filesystem>

#include "cli/relations_output.h"
#include "core/identity.h"
#include "graph/relations.h"
#include "profile/derive.h"

namespace ripple::cli {
namespace {

// Home and work areas and interests of every subscriber, from the profile's derivations.
std::vector<graph::PartyContext> PartyContexts(const ComputedProfile& profile) {
  const ingest::ReferenceData& ref = *profile.inputs.reference;
  const profile::DeriveContext ctx = profile::MakeDeriveContext(profile.inputs, profile.as_of_day);
  std::vector<graph::PartyContext> out(ref.subscriber_count());
  profile::DerivedProfile d;
  for (size_t s = 0; s < out.size(); ++s) {
    profile::DeriveProfile(ctx, static_cast<ingest::SubscriberId>(s), &d);
    graph::PartyContext& c = out[s];
    if (d.home_cell != ingest::kNoCell) c.home_area = ref.cell(d.home_cell).area_id;
    const ingest::CellId work = d.work_cell != ingest::kNoCell ? d.work_cell : d.study_cell;
    if (work != ingest::kNoCell) c.work_area = ref.cell(work).area_id;
    for (const profile::InterestScore& i : d.interests) {
      if (i.category >= 0 && i.category < 32) c.interests |= 1u << i.category;
    }
  }
  return out;
}

// The social columns of the profile (dimension social) from each subscriber's labels.
void AddSocialColumns(const graph::Relations& r, profile::TagTable* table) {
  using profile::Dimension;
  using profile::TagType;
  struct Spec {
    const char* id;
    TagType type;
    const char* description;
    float (*value)(const graph::SubscriberRelations&, float influence);
  };
  static const Spec kSpecs[] = {
      {"ties", TagType::kNumber, "Relationships (ties above the minimum strength)",
       [](const graph::SubscriberRelations& x, float) { return float(x.ties); }},
      {"close_ties", TagType::kNumber, "Close or intimate ties",
       [](const graph::SubscriberRelations& x, float) { return float(x.close_ties); }},
      {"offnet_close_ties", TagType::kNumber,
       "Close or intimate ties to other operators' numbers (acquisition targets)",
       [](const graph::SubscriberRelations& x, float) { return float(x.offnet_close); }},
      {"household_size", TagType::kNumber, "Members of the detected household",
       [](const graph::SubscriberRelations& x, float) {
         return x.household_size ? float(x.household_size) : NAN;
       }},
      {"work_circle_size", TagType::kNumber, "Members of the detected work circle",
       [](const graph::SubscriberRelations& x, float) {
         return x.work_circle_size ? float(x.work_circle_size) : NAN;
       }},
      {"family_business_candidate", TagType::kFlag,
       "Household with two or more members on their own plans (family bundle)",
       [](const graph::SubscriberRelations& x, float) {
         return x.family_business_candidate ? 1.0f : NAN;
       }},
      {"group_business_candidate", TagType::kFlag,
       "Work circle with three or more on-net members (group plan)",
       [](const graph::SubscriberRelations& x, float) {
         return x.group_business_candidate ? 1.0f : NAN;
       }},
      {"lonely", TagType::kFlag, "Many contacts and no close tie",
       [](const graph::SubscriberRelations& x, float) { return x.lonely ? 1.0f : NAN; }},
      {"circle_leader", TagType::kFlag, "Leads one of the circles they belong to",
       [](const graph::SubscriberRelations& x, float) { return x.leader ? 1.0f : NAN; }},
      {"influence", TagType::kNumber, "PageRank on the tie graph (1 = average)",
       [](const graph::SubscriberRelations&, float influence) { return influence; }},
  };
  for (const Spec& spec : kSpecs) {
    if (table->Find(spec.id) >= 0) {
      spdlog::warn("relations: the tag catalog already defines '{}'; its value is kept", spec.id);
      continue;
    }
    profile::TagColumn& column =
        table->AddColumn(spec.id, Dimension::kSocial, spec.type, spec.description);
    for (size_t s = 0; s < r.subscribers.size() && s < table->rows(); ++s) {
      column.numbers[s] = spec.value(r.subscribers[s], r.influence[s]);
    }
  }
}

}  // namespace

Result<RelationsStepStats> RunRelationsStep(const RelationsOptions& options,
                                            const std::string& out_dir, const RippleConfig& config,
                                            const graph::ContactGraph& contacts,
                                            const std::vector<uint64_t>& pseudonyms,
                                            ComputedProfile* profile) {
  auto started = std::chrono::steady_clock::now();
  const std::vector<graph::PartyContext> context = PartyContexts(*profile);
  graph::RelationsInput input;
  input.contacts = &contacts;
  input.context = context;
  input.as_of_day = contacts.newest_day() == INT32_MIN ? static_cast<int32_t>(profile->as_of_day)
                                                       : contacts.newest_day();
  input.settings = config.relations;
  ASSIGN_OR_RETURN(graph::Relations relations, graph::ComputeRelations(input));
  const double compute_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  bool demo_secret = false;  // SubscriberPseudonyms has warned already
  Pseudonymizer pseudonymizer(ResolveSecret(config.secret, &demo_secret));
  RelationsNames names{&contacts, &pseudonyms, &pseudonymizer, options.reveal,
                       &profile->inputs.activity->category_names()};
  RETURN_IF_ERROR(WriteRelations(relations, names, out_dir + "/relations"));
  AddSocialColumns(relations, &profile->table);

  RelationsStepStats stats;
  stats.pairs = contacts.pairs();
  stats.ties = relations.ties.size();
  stats.parties = relations.parties;
  for (const graph::Circle& c : relations.circles) {
    switch (c.kind) {
      case graph::CircleKind::kCommunity:
        ++stats.communities;
        break;
      case graph::CircleKind::kHousehold:
        ++stats.households;
        break;
      case graph::CircleKind::kWork:
        ++stats.work_circles;
        break;
      case graph::CircleKind::kInterest:
        ++stats.interest_circles;
        break;
    }
  }
  stats.modularity = relations.modularity;
  stats.bytes_per_pair = contacts.BytesPerPair();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info(
      "relations: {} pairs -> {} ties; {} circles, {} households, {} work circles, {} interest "
      "circles (modularity {:.3f}); computed in {:.1f} s, {:.0f} B per pair",
      stats.pairs, stats.ties, stats.communities, stats.households, stats.work_circles,
      stats.interest_circles, stats.modularity, compute_s, stats.bytes_per_pair);
  return stats;
}

}  // namespace ripple::cli
