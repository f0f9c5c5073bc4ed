#include "cli/events_job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <roaring/roaring.hh>
#include <sstream>

#include "cep/rule_parser.h"
#include "cli/state_setup.h"
#include "core/identity.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/schema.h"
#include "ingest/source_ingester.h"
#include "profile/host_matcher.h"
#include "profile/segment.h"
#include "profile/tag_table.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Writes triggers as JSON Lines and late records as {"ts_ms","type","msisdn"} lines.
class JsonLinesSink : public cep::TriggerSink {
 public:
  JsonLinesSink(std::FILE* out, std::FILE* late, cep::EngineContext& context,
                std::vector<std::string> subscriber_texts)
      : out_(out), late_(late), context_(context), texts_(std::move(subscriber_texts)) {}
  void set_rules(const cep::RuleSet* rules) { rules_ = rules; }

  void OnTrigger(const cep::Trigger& t) override {
    const std::string line = cep::TriggerJson(t, *rules_, context_, texts_[t.subscriber]);
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fputc('\n', out_);
    ++by_rule[rules_->rules()[t.rule].id];
  }
  void OnLate(const ingest::Record& r) override {
    if (!late_) return;
    const ingest::SubscriberId s = r.from_sub != ingest::kNoSubscriber ? r.from_sub : r.to_sub;
    std::fprintf(late_, "{\"ts_ms\":%lld,\"type\":\"%s\",\"subscriber\":\"%s\"}\n",
                 static_cast<long long>(r.ts_ms), std::string(FeedType(r.feed)).c_str(),
                 s < texts_.size() ? texts_[s].c_str() : "");
  }
  std::map<std::string, uint64_t> by_rule;

 private:
  std::FILE* out_;
  std::FILE* late_;
  cep::EngineContext& context_;
  std::vector<std::string> texts_;
  const cep::RuleSet* rules_ = nullptr;
};

std::vector<std::string> Stems() {
  std::vector<std::string> stems;
  for (int t = 0; t < ingest::kTableCount; ++t) {
    stems.emplace_back(ingest::TableSchema(static_cast<ingest::Table>(t)).stem);
  }
  for (const Feed f : kAllFeeds) stems.emplace_back(FeedStem(f));
  stems.emplace_back("stream");
  return stems;
}

// Names, sizes and modification times of the rules: a change of any is a reload.
std::string RulesSignature(const std::string& path) {
  std::ostringstream sig;
  std::error_code ec;
  auto add = [&](const fs::path& p) {
    sig << p.filename().string() << ':' << fs::file_size(p, ec) << ':'
        << fs::last_write_time(p, ec).time_since_epoch().count() << ';';
  };
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path, ec)) {
      if (e.path().extension() == ".rules") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) add(f);
  } else {
    add(path);
  }
  return sig.str();
}

Result<std::vector<cep::Rule>> ReadRules(const EventsJobOptions& o) {
  std::error_code ec;
  std::vector<cep::Rule> rules;
  if (fs::is_directory(o.rules_path, ec)) {
    ASSIGN_OR_RETURN(rules, cep::LoadRulesDir(o.rules_path));
  } else {
    std::ifstream in(o.rules_path);
    if (!in) return Status::NotFound("cannot read rules file " + o.rules_path);
    std::stringstream text;
    text << in.rdbuf();
    ASSIGN_OR_RETURN(rules, cep::ParseRules(text.str(), o.rules_path));
  }
  if (o.only_rule.empty()) return rules;
  std::string ids;
  for (cep::Rule& r : rules) {
    if (r.id == o.only_rule) {
      r.enabled = true;
      return std::vector<cep::Rule>{std::move(r)};
    }
    ids += (ids.empty() ? "" : ", ") + r.id;
  }
  return Status::NotFound("no rule '" + o.only_rule + "' in " + o.rules_path + " (rules: " + ids +
                          ")");
}

// The profile snapshot of `ripple batch`: tags and saved segments (absent segments are fine).
struct Snapshot {
  std::optional<profile::TagTable> tags;
  std::vector<std::string> segment_names;
  std::vector<std::unique_ptr<Roaring>> segments;
};

Result<Snapshot> LoadSnapshot(const std::string& out_dir) {
  Snapshot s;
  if (out_dir.empty()) return s;
  ASSIGN_OR_RETURN(profile::TagTable tags,
                   profile::TagTable::Load(out_dir + "/profile/profile.snap"));
  s.tags = std::move(tags);
  std::error_code ec;
  if (fs::exists(out_dir + "/profile/segments.bin", ec)) {
    ASSIGN_OR_RETURN(auto saved, profile::ReadSavedSegments(out_dir + "/profile"));
    for (const auto& seg : saved) {
      s.segment_names.push_back(seg.name);
      s.segments.push_back(
          std::make_unique<Roaring>(Roaring::readSafe(seg.bitmap.data(), seg.bitmap.size())));
    }
  }
  return s;
}

}  // namespace

Result<EventsJobResult> RunEventsJob(const EventsJobOptions& o) {
  const auto started = Clock::now();
  const RippleConfig& cfg = o.config;
  EventsJobResult result;
  std::string dl_dir = o.deadletter_dir;
  if (dl_dir.empty())
    dl_dir = o.out_path.empty() ? "ripple-events-deadletter" : o.out_path + ".deadletter";
  result.deadletter_dir = dl_dir;
  ASSIGN_OR_RETURN(auto dead_letters, ingest::DeadLetters::Open(dl_dir, Stems(), {}));
  ingest::InputCounts table_counts[ingest::kTableCount];
  ASSIGN_OR_RETURN(auto reference,
                   ingest::ReferenceData::Load(o.data_dir, ReferenceOptionsFrom(cfg),
                                               dead_letters.get(), table_counts));
  ASSIGN_OR_RETURN(auto hosts,
                   profile::HostMatcher::Build(reference->host_rules(), o.data_dir + "/hosts.csv"));
  ASSIGN_OR_RETURN(Snapshot snapshot, LoadSnapshot(o.snapshot_dir));

  ingest::StringTable strings;
  cep::EngineContext::Sources sources;
  sources.reference = reference.get();
  sources.record_texts = &strings;
  sources.hosts = hosts.get();
  sources.tags = snapshot.tags ? &*snapshot.tags : nullptr;
  for (const auto& seg : snapshot.segments) sources.segments.push_back(seg.get());
  sources.utc_offset_minutes = cfg.utc_offset_minutes;
  sources.roaming_prefix = cfg.events.roaming_area_prefix;
  cep::EngineContext context(std::move(sources));
  auto compile = [&]() -> Result<std::shared_ptr<const cep::RuleSet>> {
    ASSIGN_OR_RETURN(std::vector<cep::Rule> rules, ReadRules(o));
    return cep::RuleSet::Compile(rules, context.MakeCompileContext(snapshot.segment_names));
  };
  std::string signature = RulesSignature(o.rules_path);
  ASSIGN_OR_RETURN(std::shared_ptr<const cep::RuleSet> rules, compile());
  for (const std::string& why : rules->skipped()) spdlog::warn("rule skipped: {}", why);
  result.rules = static_cast<uint32_t>(rules->rules().size());

  std::vector<std::string> subscriber_texts(reference->subscriber_count());
  if (o.reveal) {
    for (size_t s = 0; s < subscriber_texts.size(); ++s) {
      subscriber_texts[s] =
          FormatPhoneNumber(reference->subscriber(static_cast<uint32_t>(s)).msisdn);
    }
  } else {
    const std::vector<uint64_t> pseudonyms = SubscriberPseudonyms(*reference, cfg);
    for (size_t s = 0; s < subscriber_texts.size(); ++s) {
      subscriber_texts[s] = Pseudonymizer::ToHex(pseudonyms[s]);
    }
  }
  std::FILE* out = stdout;
  if (!o.out_path.empty()) {
    out = std::fopen(o.out_path.c_str(), "w");
    if (!out) return Status::IoError("cannot write " + o.out_path);
  }
  std::FILE* late = nullptr;
  if (!o.late_path.empty()) {
    late = std::fopen(o.late_path.c_str(), "w");
    if (!late) return Status::IoError("cannot write " + o.late_path);
  }
  JsonLinesSink sink(out, late, context, std::move(subscriber_texts));
  sink.set_rules(rules.get());
  cep::EngineOptions engine_options;
  engine_options.out_of_order_bound_ms =
      o.out_of_order_bound_ms >= 0 ? o.out_of_order_bound_ms : cfg.events.out_of_order_bound_ms;
  cep::Engine engine(rules, &context, engine_options, &sink);
  engine.set_observer(o.observer);

  ingest::ValidationContext vctx{reference.get(), &strings, {}};
  vctx.options.min_ts_ms = cfg.min_timestamp_ms;
  vctx.options.max_ts_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count() +
                           cfg.max_future_ms;
  vctx.options.phone = ReferenceOptionsFrom(cfg).phone;
  ingest::RunCounts counts;
  std::vector<ingest::Record> batch;
  auto last_poll = Clock::now();
  auto maybe_reload = [&] {
    if (!o.watch || Clock::now() - last_poll < std::chrono::seconds(1)) return;
    last_poll = Clock::now();
    const std::string now = RulesSignature(o.rules_path);
    if (now == signature) return;
    signature = now;
    auto fresh = compile();
    if (!fresh.ok()) {
      spdlog::error("rules not reloaded, the running ones stay: {}", fresh.status().ToString());
      return;
    }
    const uint32_t kept = engine.Reload(*fresh);
    sink.set_rules(fresh->get());
    rules = *fresh;
    ++result.reloads;
    spdlog::info("rules reloaded: {} rules, {} unchanged kept their matches in progress",
                 rules->rules().size(), kept);
  };

  if (!o.stream_path.empty()) {
    const std::string path = o.stream_path == "-" ? "/dev/stdin" : o.stream_path;
    ingest::SourceOptions so{engine_options.out_of_order_bound_ms};
    ASSIGN_OR_RETURN(auto ingester, ingest::SourceIngester::Open(
                                        path, std::nullopt, fs::path(path).filename().string(), so,
                                        &vctx, dead_letters.get(), &counts));
    // Watching: one record at a time, so a live stream is matched (and rules reloaded) as
    // records come rather than when a batch fills.
    while (ingester->NextBatch(&batch, o.watch ? 1 : 4096)) {
      maybe_reload();  // before matching: records that arrive after a change see the new rules
      for (const ingest::Record& r : batch) engine.Push(r);
    }
    RETURN_IF_ERROR(ingester->status());
  } else {
    // A replay of files read one after another: merged by event time first.
    std::vector<ingest::Record> all;
    ingest::SourceOptions so{cfg.out_of_order_bound_ms};
    for (const Feed feed : kAllFeeds) {
      const std::string path = ingest::FindInputFile(o.data_dir, FeedStem(feed), true);
      if (path.empty()) continue;
      ASSIGN_OR_RETURN(auto ingester,
                       ingest::SourceIngester::Open(path, feed, fs::path(path).filename().string(),
                                                    so, &vctx, dead_letters.get(), &counts));
      while (ingester->NextBatch(&batch, 4096)) all.insert(all.end(), batch.begin(), batch.end());
      RETURN_IF_ERROR(ingester->status());
    }
    std::stable_sort(all.begin(), all.end(), [](const ingest::Record& a, const ingest::Record& b) {
      return a.ts_ms < b.ts_ms;
    });
    for (const ingest::Record& r : all) engine.Push(r);
  }
  engine.Flush();
  RETURN_IF_ERROR(dead_letters->Flush(true));
  if (out != stdout)
    std::fclose(out);
  else
    std::fflush(stdout);
  if (late) std::fclose(late);
  result.engine = engine.stats();
  result.lines_rejected = counts.Total().rejected();
  result.triggers_by_rule = sink.by_rule;
  result.state_bytes = engine.MemoryBytes();
  result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return result;
}

}  // namespace ripple::cli
