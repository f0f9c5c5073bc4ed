// The tag engine: turns every subscriber's state and activity into the TagTable the catalog
// (config/tags.yaml) asks for, and writes it out as OUT/profile/tags.csv and the snapshot.
//
// What expressions can name (ProfileFeatureSchema): the DayBucket fields as window fields
// (sum(calls_out, 30d) …) and these scalars: age, birth_year, monthly_fee (currency units),
// tenure_days, device_changes, handset_age_years, handset_release_year, intl_calls,
// home_work_km, located, data_sessions_recent, visits_app, visits_web (the last five are
// decayed activity counts, see activity.h). The built-in derivations (ProfileBuiltins) are
// listed in docs/tags.md.
// Windows end on the as-of day: the newest local day any subscriber has data for.
// Thread-safety: ComputeTags reads its inputs only; run it when no writer runs.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ingest/reference.h"
#include "profile/activity.h"
#include "profile/derive.h"
#include "profile/tag_catalog.h"
#include "profile/tag_table.h"
#include "state/subscriber_state.h"

namespace ripple::profile {

FeatureSchema ProfileFeatureSchema(int retention_days);
std::span<const BuiltinInfo> ProfileBuiltins();

// The catalog compiled into the binary: the shipped config/tags.yaml as of the build.
std::string_view DefaultTagsYaml();
// Loads `path`, or the built-in default when `path` is empty.
Result<TagCatalog> LoadProfileCatalog(const std::string& path, int retention_days);

struct ProfileInputs {
  const ingest::ReferenceData* reference = nullptr;
  const state::SubscriberState* state = nullptr;
  const ProfileActivity* activity = nullptr;
  const std::vector<uint64_t>* pseudonyms = nullptr;
  DeriveOptions derive;
  // Host categories that are not interests (portals, search, messaging): by name.
  std::vector<std::string> general_categories = {"general"};
};

// The newest local day held by any subscriber (kNoDay-like INT64_MIN when the state is empty).
int64_t NewestDay(const state::SubscriberState& state);

// The derivation context ComputeTags uses (for callers that need DeriveProfile alone).
DeriveContext MakeDeriveContext(const ProfileInputs& inputs, int64_t as_of_day);

// One row per subscriber of the inputs, one column per catalog tag, in catalog order.
Result<TagTable> ComputeTags(const TagCatalog& catalog, const ProfileInputs& inputs,
                             int64_t as_of_day);

// `subscriber,tag,value` (header `msisdn,tag,value` with reveal); sets give one row per value.
// Returns the number of data rows written.
Result<uint64_t> WriteTagsCsv(const TagTable& table, const std::string& path, bool reveal);

}  // namespace ripple::profile
