#include "cli/events_job.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>

#include "cli/events_setup.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/source_ingester.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Writes triggers as JSON Lines and late records as {"ts_ms","type","msisdn"} lines.
class JsonLinesSink : public cep::TriggerSink {
 public:
  JsonLinesSink(std::FILE* out, std::FILE* late, cep::EngineContext& context,
                const std::vector<std::string>& subscriber_texts)
      : out_(out), late_(late), context_(context), texts_(subscriber_texts) {}
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
  const std::vector<std::string>& texts_;
  const cep::RuleSet* rules_ = nullptr;
};

}  // namespace

Result<EventsJobResult> RunEventsJob(const EventsJobOptions& o) {
  const auto started = Clock::now();
  const RippleConfig& cfg = o.config;
  EventsJobResult result;
  EventsSetupOptions so;
  so.rules_path = o.rules_path;
  so.only_rule = o.only_rule;
  so.data_dir = o.data_dir;
  so.snapshot_dir = o.snapshot_dir;
  so.deadletter_dir = o.deadletter_dir;
  if (so.deadletter_dir.empty()) {
    so.deadletter_dir =
        o.out_path.empty() ? "ripple-events-deadletter" : o.out_path + ".deadletter";
  }
  so.reveal = o.reveal;
  so.config = cfg;
  result.deadletter_dir = so.deadletter_dir;
  ASSIGN_OR_RETURN(std::unique_ptr<EventsSetup> setup, OpenEvents(so));
  std::shared_ptr<const cep::RuleSet> rules = setup->rules;
  result.rules = static_cast<uint32_t>(rules->rules().size());

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
  JsonLinesSink sink(out, late, *setup->context, setup->subscriber_texts);
  sink.set_rules(rules.get());
  cep::EngineOptions engine_options;
  engine_options.out_of_order_bound_ms =
      o.out_of_order_bound_ms >= 0 ? o.out_of_order_bound_ms : cfg.events.out_of_order_bound_ms;
  cep::Engine engine(rules, setup->context.get(), engine_options, &sink);
  engine.set_observer(o.observer);

  ingest::RunCounts counts;
  std::vector<ingest::Record> batch;
  auto maybe_reload = [&] {
    if (!o.watch || !setup->ReloadIfChanged(engine)) return;
    rules = setup->rules;
    sink.set_rules(rules.get());
    ++result.reloads;
  };

  if (!o.stream_path.empty()) {
    const std::string path = o.stream_path == "-" ? "/dev/stdin" : o.stream_path;
    ingest::SourceOptions so{engine_options.out_of_order_bound_ms};
    ASSIGN_OR_RETURN(auto ingester, ingest::SourceIngester::Open(
                                        path, std::nullopt, fs::path(path).filename().string(), so,
                                        &setup->validation, setup->dead_letters.get(), &counts));
    // Watching: one record at a time, so a live stream is matched (and rules reloaded) as
    // records come rather than when a batch fills.
    while (ingester->NextBatch(&batch, o.watch ? 1 : 4096)) {
      maybe_reload();  // before matching: records that arrive after a change see the new rules
      engine.PushBatch(batch);
    }
    RETURN_IF_ERROR(ingester->status());
  } else {
    // A replay of files read one after another: merged by event time first.
    std::vector<ingest::Record> all;
    ingest::SourceOptions so{cfg.out_of_order_bound_ms};
    for (const Feed feed : kAllFeeds) {
      const std::string path = ingest::FindInputFile(o.data_dir, FeedStem(feed), true);
      if (path.empty()) continue;
      ASSIGN_OR_RETURN(auto ingester, ingest::SourceIngester::Open(
                                          path, feed, fs::path(path).filename().string(), so,
                                          &setup->validation, setup->dead_letters.get(), &counts));
      while (ingester->NextBatch(&batch, 4096)) all.insert(all.end(), batch.begin(), batch.end());
      RETURN_IF_ERROR(ingester->status());
    }
    std::stable_sort(all.begin(), all.end(), [](const ingest::Record& a, const ingest::Record& b) {
      return a.ts_ms < b.ts_ms;
    });
    for (size_t i = 0; i < all.size(); i += 4096) {
      engine.PushBatch(std::span(all).subspan(i, std::min<size_t>(4096, all.size() - i)));
    }
  }
  engine.Flush();
  RETURN_IF_ERROR(setup->dead_letters->Flush(true));
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
