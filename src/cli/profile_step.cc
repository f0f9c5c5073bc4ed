#include "cli/profile_step.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "core/time.h"
#include "profile/segment.h"
#include "profile/tag_engine.h"

namespace ripple::cli {
namespace {

Status WriteTagSummary(const profile::TagTable& table, const std::string& path) {
  std::string text = "tag,dimension,type,subscribers\n";
  for (const profile::TagColumn& c : table.columns()) {
    uint64_t n = 0;
    for (profile::Row r = 0; r < table.rows(); ++r) n += c.Has(r);
    text += c.id + "," + std::string(profile::DimensionName(c.dimension)) + "," +
            std::string(profile::TagTypeName(c.type)) + "," + std::to_string(n) + "\n";
  }
  FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return Status::IoError("cannot write " + path);
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  if (std::fclose(f) != 0 || !ok) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

Result<ProfileConfig> LoadProfileConfig(const ProfileStepOptions& options,
                                        const RippleConfig& config) {
  ProfileConfig loaded;
  ASSIGN_OR_RETURN(loaded.catalog,
                   profile::LoadProfileCatalog(options.tags_path, config.retention_days));
  if (!options.segments_path.empty()) {
    ASSIGN_OR_RETURN(loaded.segments, profile::LoadSavedSegments(options.segments_path));
  }
  return loaded;
}

Result<ComputedProfile> ComputeProfile(const ProfileConfig& profile_config,
                                       const RippleConfig& config,
                                       const ingest::ReferenceData& reference,
                                       const state::SubscriberState& state,
                                       const profile::ProfileActivity& activity,
                                       const std::vector<uint64_t>& pseudonyms) {
  int64_t as_of = profile::NewestDay(state);
  if (as_of == INT64_MIN) {  // nothing ingested: windows end today
    as_of = LocalDay(std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count(),
                     config.utc_offset_minutes);
  }
  ComputedProfile computed;
  computed.inputs.reference = &reference;
  computed.inputs.state = &state;
  computed.inputs.activity = &activity;
  computed.inputs.pseudonyms = &pseudonyms;
  computed.as_of_day = as_of;
  auto started = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(computed.table,
                   profile::ComputeTags(profile_config.catalog, computed.inputs, as_of));
  computed.compute_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return computed;
}

Result<ProfileStepStats> WriteProfile(const ProfileStepOptions& options,
                                      const ProfileConfig& profile_config,
                                      const std::string& out_dir, const ComputedProfile& computed) {
  const profile::TagTable& table = computed.table;
  const double compute_s = computed.compute_seconds;
  const int64_t as_of = computed.as_of_day;
  auto started = std::chrono::steady_clock::now();
  const std::string dir = out_dir + "/profile";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  ProfileStepStats stats;
  ASSIGN_OR_RETURN(stats.csv_rows, profile::WriteTagsCsv(table, dir + "/tags.csv", options.reveal));
  RETURN_IF_ERROR(table.Save(dir + "/profile.snap"));
  RETURN_IF_ERROR(WriteTagSummary(table, dir + "/tag_summary.csv"));
  if (!options.segments_path.empty()) {
    ASSIGN_OR_RETURN(auto segments, profile::EvaluateSavedSegments(profile_config.segments, table,
                                                                   options.segments_path));
    RETURN_IF_ERROR(profile::WriteSavedSegments(segments, dir));
    stats.saved_segments = segments.size();
    for (const auto& seg : segments) {
      spdlog::info("segment {}: {} subscribers", seg.name, seg.count);
    }
  }
  stats.tags = table.columns().size();
  stats.subscribers = table.rows();
  stats.as_of_day = as_of;
  stats.compute_seconds = compute_s;
  stats.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  stats.activity_bytes_per_subscriber = computed.inputs.activity->BytesPerSubscriber();
  spdlog::info(
      "profile: {} tags for {} subscribers computed in {:.1f} s, written in {:.1f} s "
      "({} rows in {}/tags.csv)",
      stats.tags, stats.subscribers, compute_s, stats.write_seconds, stats.csv_rows, dir);
  return stats;
}

}  // namespace ripple::cli
