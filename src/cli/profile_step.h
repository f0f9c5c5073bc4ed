// The profile step of `ripple batch`: tags for every subscriber from the state just written.
//
// Writes OUT/profile/tags.csv (subscriber,tag,value), OUT/profile/profile.snap (the TagTable that
// `ripple profile show`, `ripple segment` and the server read), OUT/profile/tag_summary.csv
// (tag,dimension,type,subscribers: how many hold a value) and, with saved segments,
// OUT/profile/segments.csv and segments.bin.
// Thread-safety: runs on the calling thread.
#pragma once

#include <cstdint>
#include <vector>

#include "cli/ingest_job.h"
#include "core/config.h"
#include "core/status.h"
#include "ingest/reference.h"
#include "profile/activity.h"
#include "profile/segment.h"
#include "profile/tag_catalog.h"
#include "profile/tag_engine.h"
#include "profile/tag_table.h"
#include "state/subscriber_state.h"

namespace ripple::cli {

struct ProfileStepStats {
  size_t tags = 0;
  size_t subscribers = 0;
  uint64_t csv_rows = 0;
  int64_t as_of_day = 0;
  double compute_seconds = 0;  // ComputeTags
  double write_seconds = 0;    // tags.csv, snapshot, summaries
  double activity_bytes_per_subscriber = 0;
  size_t saved_segments = 0;
};

// The tag catalog and saved segment definitions, loaded before any input is read so that a bad
// file stops the run at once (FILE:LINE:COL errors).
struct ProfileConfig {
  profile::TagCatalog catalog;
  std::vector<profile::SavedSegmentDef> segments;
};
Result<ProfileConfig> LoadProfileConfig(const ProfileStepOptions& options,
                                        const RippleConfig& config);

// The tag table of every subscriber, before it is written (the relations step adds its social
// columns in between).
struct ComputedProfile {
  profile::TagTable table;
  profile::ProfileInputs inputs;  // what it was computed from (views; the caller owns them)
  int64_t as_of_day = 0;
  double compute_seconds = 0;
};
Result<ComputedProfile> ComputeProfile(const ProfileConfig& profile_config,
                                       const RippleConfig& config,
                                       const ingest::ReferenceData& reference,
                                       const state::SubscriberState& state,
                                       const profile::ProfileActivity& activity,
                                       const std::vector<uint64_t>& pseudonyms);
// Writes OUT/profile/ (tags.csv, profile.snap, tag_summary.csv, saved segments).
Result<ProfileStepStats> WriteProfile(const ProfileStepOptions& options,
                                      const ProfileConfig& profile_config,
                                      const std::string& out_dir, const ComputedProfile& computed);

}  // namespace ripple::cli
