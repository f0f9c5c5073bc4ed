#include "cli/summary.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/profile_step.h"
#include "cli/relations_step.h"
#include "core/time.h"
#include "ingest/reference.h"
#include "ingest/source_ingester.h"
#include "state/subscriber_state.h"

namespace ripple::cli {
namespace {

nlohmann::ordered_json CountsJson(const ingest::InputCounts& c) {
  nlohmann::ordered_json j;
  j["accepted"] = c.accepted;
  j["rejected"] = c.rejected();
  j["late"] = c.late;
  nlohmann::ordered_json by_reason = nlohmann::ordered_json::object();
  for (int r = 0; r < ingest::kReasonCount; ++r) {
    if (c.by_reason[r] > 0)
      by_reason[std::string(ingest::ReasonName(static_cast<ingest::Reason>(r)))] = c.by_reason[r];
  }
  j["rejected_by_reason"] = by_reason;
  return j;
}

}  // namespace

Status WriteSummary(const std::string& path, const SummaryInputs& in) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json feeds = nlohmann::ordered_json::object();
  for (ingest::Feed f : ingest::kAllFeeds) {
    feeds[std::string(ingest::FeedStem(f))] = CountsJson(in.counts->feeds[static_cast<int>(f)]);
  }
  j["feeds"] = feeds;
  if (in.counts->stream.rejected() > 0) j["stream"] = CountsJson(in.counts->stream);
  j["total"] = CountsJson(in.counts->Total());
  nlohmann::ordered_json tables = nlohmann::ordered_json::object();
  for (int t = 0; t < ingest::kTableCount; ++t) {
    tables[std::string(ingest::TableSchema(static_cast<ingest::Table>(t)).stem)] =
        CountsJson(in.table_counts[t]);
  }
  j["reference"] = tables;
  nlohmann::ordered_json st;
  st["subscribers"] = in.reference->subscriber_count();
  st["memory_bytes"] = in.state->MemoryBytes();
  st["bytes_per_subscriber"] = in.reference->subscriber_count()
                                   ? in.state->MemoryBytes() / in.reference->subscriber_count()
                                   : 0;
  st["expired_records"] = in.state->expired_records();
  j["state"] = st;
  if (in.profile != nullptr) {
    nlohmann::ordered_json p;
    p["tags"] = in.profile->tags;
    p["subscribers"] = in.profile->subscribers;
    p["as_of"] = FormatLocalDate(in.profile->as_of_day * kMillisPerDay, 0);
    p["tags_csv_rows"] = in.profile->csv_rows;
    p["compute_seconds"] = in.profile->compute_seconds;
    p["write_seconds"] = in.profile->write_seconds;
    p["activity_bytes_per_subscriber"] = in.profile->activity_bytes_per_subscriber;
    j["profile"] = p;
  }
  if (in.relations != nullptr) {
    const RelationsStepStats& r = *in.relations;
    nlohmann::ordered_json rel;
    rel["pairs"] = r.pairs;
    rel["ties"] = r.ties;
    rel["parties"] = r.parties;
    rel["circles"] = {{"community", r.communities},
                      {"household", r.households},
                      {"work", r.work_circles},
                      {"interest", r.interest_circles}};
    rel["modularity"] = r.modularity;
    rel["bytes_per_pair"] = r.bytes_per_pair;
    rel["seconds"] = r.seconds;
    j["relations"] = rel;
  }
  nlohmann::ordered_json run;
  run["resumed"] = in.resumed;
  run["lines_read_this_run"] = in.lines_read_this_run;
  run["seconds"] = in.seconds;
  j["run"] = run;
  if (!in.data_dir.empty()) {
    std::error_code ec;
    j["data_dir"] = std::filesystem::absolute(in.data_dir, ec).lexically_normal().string();
  }

  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    if (!out) return Status::IoError("cannot write " + tmp);
    out << j.dump(2) << "\n";
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace ripple::cli
