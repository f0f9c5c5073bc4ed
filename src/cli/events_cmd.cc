// `ripple events run` and `ripple events test`: the event rules over a replay or a live stream
// (cli/events_job.h), triggers as JSON Lines on stdout (or --out), a summary on stderr.
// `test` runs one rule over a small feed and explains each step: which record started,
// advanced, closed or completed which match.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/events_job.h"
#include "core/phone_number.h"
#include "core/time.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;

struct EventsFlags {
  std::string rules;
  std::string rule;
  std::string data_dir;
  std::string reference_dir;
  std::string stream;
  std::string snapshot;
  std::string out;
  std::string late;
  std::string deadletter;
  std::string config_path;
  std::string feed_file;
  bool reveal = false;
  bool watch = false;
  int64_t bound_seconds = -1;
};

// Prints each step of matching as one line: local time, record type, rule, what happened.
class ExplainObserver : public cep::EngineObserver {
 public:
  explicit ExplainObserver(int offset) : offset_(offset) {}
  void OnStep(const ingest::Record& record, ingest::SubscriberId subscriber,
              const cep::CompiledRule& rule, const std::string& what) override {
    const std::string& id = rule.id;
    (void)subscriber;
    std::string who = FormatPhoneNumber(record.from);
    if (record.feed == Feed::kCalls || record.feed == Feed::kSms) {
      who += " -> " + FormatPhoneNumber(record.to);
    }
    std::printf("# %s %-9s %-28s %s: %s\n", FormatIso8601(record.ts_ms, offset_).c_str(),
                std::string(FeedType(record.feed)).c_str(), who.c_str(), id.c_str(), what.c_str());
  }

 private:
  int offset_;
};

int Summarise(const Result<EventsJobResult>& r) {
  if (!r.ok()) return Fail(r.status());
  const EventsJobResult& x = *r;
  std::fprintf(
      stderr,
      "events: %u rules, %llu records matched, %llu late, %llu lines rejected (dead letters "
      "in %s), %llu triggers, state %.1f MB, %.2f s (%.0f records/s)%s\n",
      x.rules, static_cast<unsigned long long>(x.engine.matched),
      static_cast<unsigned long long>(x.engine.late),
      static_cast<unsigned long long>(x.lines_rejected), x.deadletter_dir.c_str(),
      static_cast<unsigned long long>(x.engine.triggers), x.state_bytes / 1e6, x.seconds,
      x.seconds > 0 ? x.engine.matched / x.seconds : 0.0,
      x.reloads ? (", " + std::to_string(x.reloads) + " reloads").c_str() : "");
  for (const auto& [rule, n] : x.triggers_by_rule) {
    std::fprintf(stderr, "  %-28s %llu\n", rule.c_str(), static_cast<unsigned long long>(n));
  }
  return 0;
}

Result<EventsJobOptions> Common(const EventsFlags& f) {
  EventsJobOptions o;
  ASSIGN_OR_RETURN(o.config, LoadConfig(f.config_path));
  o.rules_path = f.rules.empty() ? o.config.events.rules_dir : f.rules;
  o.data_dir = !f.reference_dir.empty() ? f.reference_dir : f.data_dir;
  if (o.data_dir.empty()) {
    return Status::InvalidArgument(
        "give --data DIR (reference tables and feeds) or --reference DIR");
  }
  o.snapshot_dir = f.snapshot;
  o.out_path = f.out;
  o.late_path = f.late;
  o.deadletter_dir = f.deadletter;
  o.reveal = f.reveal;
  o.out_of_order_bound_ms = f.bound_seconds >= 0 ? f.bound_seconds * 1000 : -1;
  return o;
}

int RunEvents(const EventsFlags& f) {
  auto o = Common(f);
  if (!o.ok()) return Fail(o.status());
  if (f.stream.empty() && f.data_dir.empty()) {
    return Fail(
        Status::InvalidArgument("give --data DIR (a replay of its feeds) or --stream FILE.jsonl"));
  }
  o->stream_path = f.stream;
  o->watch = f.watch;
  return Summarise(RunEventsJob(*o));
}

int TestRule(const EventsFlags& f) {
  auto o = Common(f);
  if (!o.ok()) return Fail(o.status());
  std::error_code ec;
  // RULE is a .rules file (its one rule, or --rule ID in it) or a rule id in the rules folder.
  if (fs::is_regular_file(f.rule, ec)) {
    o->rules_path = f.rule;
  } else {
    o->only_rule = f.rule;
  }
  o->stream_path = f.feed_file;
  o->reveal = true;
  if (o->deadletter_dir.empty()) {
    o->deadletter_dir = (fs::temp_directory_path() / "ripple-events-test-deadletter").string();
  }
  ExplainObserver observer(o->config.utc_offset_minutes);
  o->observer = &observer;
  return Summarise(RunEventsJob(*o));
}

}  // namespace

void AddEventsCommands(CLI::App& root, int* exit_code) {
  CLI::App* events = root.add_subcommand("events", "Real-time event rules (docs/events.md)");
  events->require_subcommand(1);
  auto flags = std::make_shared<EventsFlags>();
  auto common = [&](CLI::App* c) {
    c->add_option("--rules", flags->rules,
                  "Rules folder or file (default: events.rules_dir, config/rules)");
    c->add_option("--snapshot", flags->snapshot,
                  "OUT of `ripple batch`: tags and segments for tag.* / segment.*");
    c->add_option("--out", flags->out, "Write triggers here instead of standard output");
    c->add_option("--late", flags->late, "Write records later than the bound here (JSON Lines)");
    c->add_option("--deadletter", flags->deadletter, "Folder for rejected lines");
    c->add_option("--config", flags->config_path, "Settings file")->check(CLI::ExistingFile);
    c->add_option("--bound", flags->bound_seconds,
                  "Out-of-order bound in seconds (default: events.out_of_order_bound_seconds)");
    c->add_flag("--reveal", flags->reveal, "Subscribers as numbers instead of pseudonyms");
  };
  CLI::App* run = events->add_subcommand(
      "run", "Match the rules over a data folder or a JSON Lines stream; triggers as JSON Lines");
  common(run);
  run->add_option("--data", flags->data_dir,
                  "Data folder: reference tables, and its feeds unless --stream");
  run->add_option("--reference", flags->reference_dir, "Reference tables folder (with --stream)");
  run->add_option("--stream", flags->stream, "A JSON Lines stream (\"-\" for standard input)");
  run->add_flag("--watch", flags->watch, "Reload the rules when their files change");
  run->callback([flags, exit_code] { *exit_code = RunEvents(*flags); });

  CLI::App* test = events->add_subcommand(
      "test", "Run one rule over a small JSON Lines feed and explain each step");
  common(test);
  test->add_option("--data", flags->data_dir, "Folder with the reference tables")->required();
  test->add_option("rule", flags->rule, "A .rules file, or a rule id in --rules")->required();
  test->add_option("feed", flags->feed_file, "JSON Lines records")
      ->required()
      ->check(CLI::ExistingFile);
  test->callback([flags, exit_code] { *exit_code = TestRule(*flags); });
}

}  // namespace ripple::cli
