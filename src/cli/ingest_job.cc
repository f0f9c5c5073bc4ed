#include "cli/ingest_job.h"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <vector>

#include "cli/profile_step.h"
#include "cli/relations_step.h"
#include "cli/state_setup.h"
#include "cli/summary.h"
#include "core/bytes.h"
#include "graph/contact_graph.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/source_ingester.h"
#include "profile/activity.h"
#include "profile/host_matcher.h"
#include "state/state_store.h"
#include "state/subscriber_state.h"

namespace ripple::cli {
namespace fs = std::filesystem;
using ingest::Feed;

namespace {

constexpr uint64_t kProgressVersion = 1;
constexpr size_t kBatchRecords = 4096;

struct SourceSpec {
  std::string path;  // absolute
  std::optional<Feed> feed;
};

// What a checkpoint remembers besides the subscriber state.
struct Progress {
  ingest::RunCounts counts;
  std::map<std::string, uint64_t> dead_letter_sizes;
  std::map<std::string, std::string> positions;  // source path -> saved position
  std::map<std::string, bool> done;              // source path -> finished

  std::string Encode() const {
    ByteWriter w;
    w.Varint(kProgressVersion);
    counts.Save(w);
    w.Varint(dead_letter_sizes.size());
    for (const auto& [name, size] : dead_letter_sizes) {
      w.String(name);
      w.Varint(size);
    }
    w.Varint(positions.size());
    for (const auto& [path, pos] : positions) {
      w.String(path);
      w.Varint(done.count(path) && done.at(path) ? 1 : 0);
      w.String(pos);
    }
    return w.Take();
  }

  static Result<Progress> Decode(const std::string& blob, const std::string& where) {
    Progress p;
    ByteReader r(blob);
    uint64_t version, n;
    auto bad = [&] {
      return Status::Corruption(where + ": checkpoint progress is unreadable; start with --fresh");
    };
    if (!r.Varint(&version) || version != kProgressVersion || !p.counts.Restore(r) || !r.Varint(&n))
      return bad();
    for (uint64_t i = 0; i < n; ++i) {
      std::string name;
      uint64_t size;
      if (!r.String(&name) || !r.Varint(&size)) return bad();
      p.dead_letter_sizes[name] = size;
    }
    if (!r.Varint(&n)) return bad();
    for (uint64_t i = 0; i < n; ++i) {
      std::string path, pos;
      uint64_t done;
      if (!r.String(&path) || !r.Varint(&done) || !r.String(&pos)) return bad();
      p.positions[path] = pos;
      p.done[path] = done != 0;
    }
    return p;
  }
};

Result<std::vector<SourceSpec>> FindSources(const IngestJobOptions& o) {
  std::vector<SourceSpec> sources;
  if (!o.stream_path.empty()) {
    std::string path = o.stream_path == "-" ? "/dev/stdin" : fs::absolute(o.stream_path).string();
    if (o.stream_path != "-" && !fs::exists(path))
      return Status::NotFound("stream file " + path + " not found");
    sources.push_back({path, std::nullopt});
    return sources;
  }
  for (Feed feed : ingest::kAllFeeds) {
    std::string path = ingest::FindInputFile(o.data_dir, ingest::FeedStem(feed), true);
    if (!path.empty()) sources.push_back({fs::absolute(path).string(), feed});
  }
  if (sources.empty()) {
    return Status::NotFound("no event feed (calls.csv, sms.csv, data.csv, …) found in " +
                            o.data_dir);
  }
  return sources;
}

std::vector<std::string> FeedStems() {
  std::vector<std::string> stems;
  for (Feed f : ingest::kAllFeeds) stems.emplace_back(ingest::FeedStem(f));
  stems.emplace_back("stream");
  return stems;
}

std::vector<std::string> TableStems() {
  std::vector<std::string> stems;
  for (int t = 0; t < ingest::kTableCount; ++t) {
    stems.emplace_back(ingest::TableSchema(static_cast<ingest::Table>(t)).stem);
  }
  return stems;
}

}  // namespace

Result<IngestJobResult> RunIngestJob(const IngestJobOptions& o) {
  auto started = std::chrono::steady_clock::now();
  IngestJobResult result;
  const RippleConfig& cfg = o.config;
  // The tag catalog and saved segments first: a mistake in them stops the run before any output.
  std::optional<ProfileConfig> profile_config;
  if (o.profile.enabled) {
    ASSIGN_OR_RETURN(profile_config, LoadProfileConfig(o.profile, cfg));
  }
  std::error_code ec;
  fs::create_directories(o.out_dir, ec);
  if (ec) return Status::IoError("cannot create output folder " + o.out_dir + ": " + ec.message());
  const std::string dl_dir = o.out_dir + "/deadletter";

  // Reference tables are re-read in full on every start, so their dead letters are rewritten.
  ASSIGN_OR_RETURN(auto table_dead_letters, ingest::DeadLetters::Open(dl_dir, TableStems(), {}));
  ingest::InputCounts table_counts[ingest::kTableCount];
  ASSIGN_OR_RETURN(auto reference,
                   ingest::ReferenceData::Load(o.data_dir, ReferenceOptionsFrom(cfg),
                                               table_dead_letters.get(), table_counts));
  RETURN_IF_ERROR(table_dead_letters->Flush(false));
  ASSIGN_OR_RETURN(std::vector<SourceSpec> sources, FindSources(o));

  std::vector<uint64_t> pseudonyms = SubscriberPseudonyms(*reference, cfg);

  const std::string state_dir = o.out_dir + "/state";
  if (o.fresh) fs::remove_all(state_dir, ec);
  state::StateOptions state_options = StateOptionsFrom(cfg);
  state::SubscriberState state(pseudonyms, state_options);
  ASSIGN_OR_RETURN(auto store, state::StateStore::Open(state_dir, state_options));
  ASSIGN_OR_RETURN(auto host_matcher,
                   profile::HostMatcher::Build(reference->host_rules(), o.data_dir + "/hosts.csv"));
  profile::ProfileActivity activity(pseudonyms.size(), ActivityOptionsFrom(cfg),
                                    host_matcher->categories());
  std::vector<PhoneKey> subscriber_phones(reference->subscriber_count());
  for (size_t s = 0; s < subscriber_phones.size(); ++s) {
    subscriber_phones[s] = reference->subscriber(static_cast<ingest::SubscriberId>(s)).msisdn;
  }
  graph::ContactGraph contacts(subscriber_phones, ContactGraphOptionsFrom(cfg), &state);
  state::SubscriberAttachment* const attachments[] = {&activity, &contacts};
  ASSIGN_OR_RETURN(std::optional<std::string> blob, store->Load(state, pseudonyms, attachments));
  Progress progress;
  if (blob) {
    ASSIGN_OR_RETURN(progress, Progress::Decode(*blob, state_dir));
    result.resumed = true;
    spdlog::info(
        "resuming from the checkpoint in {} ({} records accepted so far); "
        "use --fresh to start over",
        state_dir, [&] {
          uint64_t n = 0;
          for (const auto& c : progress.counts.feeds) n += c.accepted;
          return n;
        }());
  }
  ASSIGN_OR_RETURN(auto dead_letters,
                   ingest::DeadLetters::Open(dl_dir, FeedStems(), progress.dead_letter_sizes));

  ingest::StringTable strings;
  ingest::ValidationContext ctx{reference.get(), &strings, {}};
  ctx.options.min_ts_ms = cfg.min_timestamp_ms;
  ctx.options.max_ts_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count() +
                          cfg.max_future_ms;
  ctx.options.phone = ReferenceOptionsFrom(cfg).phone;
  ingest::SourceOptions source_options{cfg.out_of_order_bound_ms};
  profile::CategoryCache host_categories(host_matcher.get(), &strings);

  uint64_t since_checkpoint = 0;
  uint64_t applied_this_run = 0;
  auto last_checkpoint = std::chrono::steady_clock::now();
  auto checkpoint = [&](const ingest::SourceIngester* current,
                        const std::string& current_path) -> Status {
    RETURN_IF_ERROR(dead_letters->Flush(true));
    progress.dead_letter_sizes = dead_letters->Sizes();
    if (current != nullptr) {
      ByteWriter w;
      current->SavePosition(w);
      progress.positions[current_path] = w.Take();
    }
    RETURN_IF_ERROR(store->Checkpoint(state, pseudonyms, progress.Encode(), attachments));
    since_checkpoint = 0;
    last_checkpoint = std::chrono::steady_clock::now();
    spdlog::debug("checkpoint written");
    return Status::Ok();
  };

  std::vector<ingest::Record> batch;
  batch.reserve(kBatchRecords);
  for (const SourceSpec& source : sources) {
    // Standard input cannot be re-read: it is never skipped as done nor resumed at an offset.
    const bool resumable = source.path != "/dev/stdin";
    if (resumable && progress.done[source.path]) continue;
    std::string name = fs::path(source.path).filename().string();
    ASSIGN_OR_RETURN(auto ingester,
                     ingest::SourceIngester::Open(source.path, source.feed, name, source_options,
                                                  &ctx, dead_letters.get(), &progress.counts));
    auto pos = progress.positions.find(source.path);
    if (resumable && pos != progress.positions.end()) {
      ByteReader r(pos->second);
      RETURN_IF_ERROR(ingester->RestorePosition(r));
    }
    uint64_t lines_before = ingester->line_number();
    while (ingester->NextBatch(&batch, kBatchRecords)) {
      state.ApplyBatch(batch);
      for (const ingest::Record& r : batch) {
        activity.Apply(r,
                       r.feed == Feed::kData ? host_categories.Get(r.host) : profile::kNoCategory);
        contacts.Apply(r);
      }
      since_checkpoint += batch.size();
      applied_this_run += batch.size();
      if (o.kill_after_records > 0 && applied_this_run >= o.kill_after_records) {
        ::kill(::getpid(), SIGKILL);  // testing crash recovery: die mid-way without cleanup
      }
      if (since_checkpoint >= cfg.checkpoint_every_records ||
          (cfg.checkpoint_every_seconds > 0 &&
           std::chrono::steady_clock::now() - last_checkpoint >
               std::chrono::seconds(cfg.checkpoint_every_seconds))) {
        RETURN_IF_ERROR(checkpoint(resumable ? ingester.get() : nullptr, source.path));
      }
    }
    RETURN_IF_ERROR(ingester->status());
    result.records_read += ingester->line_number() - lines_before;
    if (resumable) progress.done[source.path] = true;
    RETURN_IF_ERROR(checkpoint(resumable ? ingester.get() : nullptr, source.path));
    spdlog::info("{}: done ({} lines)", name, ingester->line_number());
  }

  std::optional<ProfileStepStats> profile_stats;
  std::optional<RelationsStepStats> relations_stats;
  if (o.profile.enabled) {
    auto profile_started = std::chrono::steady_clock::now();
    ASSIGN_OR_RETURN(ComputedProfile computed,
                     ComputeProfile(*profile_config, cfg, *reference, state, activity, pseudonyms));
    if (o.relations.enabled) {
      ASSIGN_OR_RETURN(relations_stats, RunRelationsStep(o.relations, o.out_dir, cfg, contacts,
                                                         pseudonyms, &computed));
      result.relations_seconds = relations_stats->seconds;
      result.ties = relations_stats->ties;
    }
    ASSIGN_OR_RETURN(profile_stats, WriteProfile(o.profile, *profile_config, o.out_dir, computed));
    result.profile_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - profile_started).count();
    result.tag_rows = profile_stats->csv_rows;
    result.tag_compute_seconds = profile_stats->compute_seconds;
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const ingest::InputCounts total = progress.counts.Total();
  result.accepted = total.accepted;
  result.rejected = total.rejected();
  result.late = total.late;
  SummaryInputs summary{&progress.counts,
                        table_counts,
                        &state,
                        reference.get(),
                        result.seconds,
                        result.records_read,
                        result.resumed,
                        profile_stats ? &*profile_stats : nullptr,
                        relations_stats ? &*relations_stats : nullptr,
                        o.data_dir};
  RETURN_IF_ERROR(WriteSummary(o.out_dir + "/summary.json", summary));
  return result;
}

}  // namespace ripple::cli
