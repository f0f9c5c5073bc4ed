// `ripple serve`: the long-running process — the HTTP API over the snapshot of `ripple batch`,
// with the event engine matching a live stream on its own thread. Triggers are live and
// queryable per subscriber while the stream runs.
//
//   ripple serve --snapshot OUT --data DIR [--rules DIR] [--stream FILE|-] [--speed X]
//                [--events-state DIR] [--port P] [--address A] [--tokens FILE | --insecure-demo]
//
// Endpoints: GET /healthz, GET /metrics (Prometheus text), GET /v1/subscribers/{msisdn}/triggers
// (active triggers with expiry). Without --tokens the server refuses to start unless
// --insecure-demo. Stops cleanly on SIGINT / SIGTERM.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <unordered_map>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/events_checkpoint.h"
#include "cli/events_setup.h"
#include "cli/state_setup.h"
#include "core/phone_number.h"
#include "core/time.h"
#include "ingest/source_ingester.h"
#include "serve/auth.h"
#include "serve/http_server.h"
#include "serve/metrics.h"
#include "serve/trigger_store.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

struct ServeFlags {
  std::string snapshot;
  std::string data_dir;
  std::string rules;
  std::string stream;
  std::string events_state;  // empty: OUT/events-state
  std::string tokens;
  std::string config_path;
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  double speed = 0;  // 0: as fast as it comes
  bool insecure_demo = false;
};

// The live side: the stream's counters and the latency from a record's arrival to its trigger.
struct Live {
  serve::TriggerStore triggers;
  serve::LatencyHistogram trigger_latency;
  serve::LatencyHistogram request_latency;
  std::atomic<uint64_t> records{0};
  std::atomic<uint64_t> late{0};         // late for the engine (within the ingest gate)
  std::atomic<uint64_t> ingest_late{0};  // late at the ingest gate: dead-lettered as `late`
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> reloads{0};
  std::atomic<bool> stream_done{false};
};

// Triggers into the store; the latency is measured from the wall time the completing record
// arrived (kept per (subscriber, event time) while the record may still be matched).
class StoreSink : public cep::TriggerSink {
 public:
  StoreSink(Live& live, EventsSetup& setup) : live_(live), setup_(setup) {}
  void set_rules(const cep::RuleSet* rules) { rules_ = rules; }
  void Arrived(const ingest::Record& r, Clock::time_point at) {
    for (const ingest::SubscriberId s : {r.from_sub, r.to_sub}) {
      if (s == ingest::kNoSubscriber) continue;
      arrivals_[Key(s, r.ts_ms)] = at;
      order_.push_back({Key(s, r.ts_ms), r.ts_ms});
    }
  }
  // Records at or before the watermark have been matched: their triggers are out. Arrival
  // order is event-time order within the bound, so the queue's front is released first.
  void Forget(int64_t watermark) {
    while (!order_.empty() && order_.front().ts_ms <= watermark) {
      arrivals_.erase(order_.front().key);
      order_.pop_front();
    }
  }
  void OnTrigger(const cep::Trigger& t) override {
    const cep::CompiledRule& r = rules_->rules()[t.rule];
    serve::LiveTrigger live;
    live.ts_ms = t.ts_ms;
    live.expires_ms = t.expires_ms;
    live.priority = r.priority;
    live.rule = r.id;
    live.trigger = r.trigger;
    live.attributes_json = cep::AttributesJson(t, *rules_, *setup_.context);
    live_.triggers.Add(t.subscriber, std::move(live));
    const auto it = arrivals_.find(Key(t.subscriber, t.ts_ms));
    if (it != arrivals_.end()) {
      live_.trigger_latency.Observe(
          std::chrono::duration<double>(Clock::now() - it->second).count());
    }
  }
  void OnLate(const ingest::Record&) override { live_.late.fetch_add(1); }

 private:
  static uint64_t Key(uint32_t s, int64_t ts) {
    return (uint64_t{s} << 44) ^ static_cast<uint64_t>(ts);
  }
  Live& live_;
  EventsSetup& setup_;
  const cep::RuleSet* rules_ = nullptr;
  std::unordered_map<uint64_t, Clock::time_point> arrivals_;
  struct Pending {
    uint64_t key;
    int64_t ts_ms;
  };
  std::deque<Pending> order_;
};

// Reads the stream, paced by event time when speed > 0, through the engine; resumes from and
// writes checkpoints to OUT/events-state (EventsCheckpoint).
void RunStream(const ServeFlags& f, EventsSetup& setup, Live& live, StoreSink& sink) {
  auto fail = [&](const Status& st) {
    spdlog::error("stream: {}", st.ToString());
    live.stream_done = true;
  };
  cep::EngineOptions eo;
  eo.out_of_order_bound_ms = setup.options.config.events.out_of_order_bound_ms;
  eo.track_changes = true;
  cep::Engine engine(setup.rules, setup.context.get(), eo, &sink);
  sink.set_rules(setup.rules.get());
  ingest::RunCounts counts;
  const std::string path = f.stream == "-" ? "/dev/stdin" : f.stream;
  auto ingester = ingest::SourceIngester::Open(
      path, std::nullopt, fs::path(path).filename().string(), {eo.out_of_order_bound_ms},
      &setup.validation, setup.dead_letters.get(), &counts);
  if (!ingester.ok()) return fail(ingester.status());
  // Standard input cannot be re-read: its state is kept, its position is not.
  ingest::SourceIngester* resumable = f.stream == "-" ? nullptr : ingester->get();
  auto checkpoint =
      EventsCheckpoint::Open(f.events_state.empty() ? f.snapshot + "/events-state" : f.events_state,
                             setup, &live.triggers, fs::absolute(path).lexically_normal().string());
  if (!checkpoint.ok()) return fail(checkpoint.status());
  auto restored = (*checkpoint)->Restore(engine, resumable);
  if (!restored.ok()) return fail(restored.status());
  if (restored->resumed) {
    live.records = restored->records_before;
    spdlog::info(
        "event state restored: {} subscribers with matches in progress ({} of changed rules "
        "dropped), {} records before; stream {}",
        restored->subscribers, restored->dropped_slots, restored->records_before,
        restored->position_restored ? "resumes where the checkpoint left it"
                                    : "read from its start");
  }
  std::vector<ingest::Record> batch;
  int64_t first_ts = INT64_MIN;
  const auto started = Clock::now();
  while (!g_stop && (*ingester)->NextBatch(&batch, f.speed > 0 ? 1 : 256)) {
    // The rules folder is polled about once a second (unchanged rules keep their matches).
    if (setup.ReloadIfChanged(engine)) {
      sink.set_rules(setup.rules.get());
      live.reloads.fetch_add(1);
    }
    for (const ingest::Record& r : batch) {
      if (f.speed > 0) {
        if (first_ts == INT64_MIN) first_ts = r.ts_ms;
        const auto due = started + std::chrono::microseconds(
                                       static_cast<int64_t>((r.ts_ms - first_ts) * 1000 / f.speed));
        while (!g_stop && Clock::now() < due) {
          std::this_thread::sleep_for(
              std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(100)));
        }
      }
      sink.Arrived(r, Clock::now());
    }
    engine.PushBatch(batch);
    live.records.fetch_add(batch.size(), std::memory_order_relaxed);
    live.ingest_late = counts.Total().late;
    live.rejected = counts.Total().rejected();
    live.triggers.set_now(engine.stats().watermark);
    sink.Forget(engine.stats().watermark);
    const Status st = (*checkpoint)->MaybeWrite(engine, resumable, live.records.load(), false);
    if (!st.ok()) spdlog::error("{} (retried at the next period)", st.ToString());
  }
  if (!(*ingester)->status().ok()) spdlog::error("stream: {}", (*ingester)->status().ToString());
  // Stopped mid-stream, the buffered records are kept in the checkpoint for the restart; at
  // the end of the stream they are matched now.
  if (!g_stop) engine.Flush();
  live.triggers.set_now(engine.stats().watermark);
  const Status st = (*checkpoint)->MaybeWrite(engine, resumable, live.records.load(), true);
  if (!st.ok()) spdlog::error("{}", st.ToString());
  live.rejected = counts.Total().rejected();
  live.ingest_late = counts.Total().late;
  (void)setup.dead_letters->Flush(true);
  live.stream_done = true;
  spdlog::info(
      "stream {}: {} records, {} triggers (record to trigger p50 {:.3f} ms, p99 {:.3f} ms), {} "
      "late, {} lines rejected, {} checkpoints",
      g_stop ? "stopped" : "done", live.records.load(), live.triggers.added(),
      live.trigger_latency.Quantile(0.5) * 1e3, live.trigger_latency.Quantile(0.99) * 1e3,
      live.late.load() + live.ingest_late.load(), live.rejected.load(),
      (*checkpoint)->checkpoints());
}

serve::HttpResponse Handle(const serve::HttpRequest& req, EventsSetup& setup, Live& live,
                           const serve::TokenTable& tokens) {
  const auto started = Clock::now();
  auto done = [&](serve::HttpResponse r) {
    live.request_latency.Observe(std::chrono::duration<double>(Clock::now() - started).count());
    return r;
  };
  if (req.path == "/healthz") {
    nlohmann::ordered_json j;
    j["status"] = "ok";
    j["records"] = live.records.load();
    j["triggers"] = live.triggers.added();
    j["late"] = live.late.load() + live.ingest_late.load();
    j["rejected"] = live.rejected.load();
    j["stream_done"] = live.stream_done.load();
    j["now"] = FormatIso8601(live.triggers.now(), setup.options.config.utc_offset_minutes);
    return done({200, "application/json", j.dump()});
  }
  if (req.path == "/metrics") {
    std::string out;
    serve::WriteMetric("ripple_stream_records_total", "counter",
                       "Records matched by the event engine", live.records.load(), &out);
    serve::WriteMetric("ripple_stream_late_total", "counter",
                       "Records later than the out-of-order bound (dead-lettered as late)",
                       live.late.load() + live.ingest_late.load(), &out);
    serve::WriteMetric("ripple_stream_rejected_total", "counter",
                       "Stream lines rejected as invalid (dead-lettered)", live.rejected.load(),
                       &out);
    serve::WriteMetric("ripple_triggers_total", "counter", "Triggers emitted",
                       live.triggers.added(), &out);
    live.trigger_latency.Write("ripple_trigger_latency_seconds",
                               "Wall time from a record's arrival to its trigger", &out);
    live.request_latency.Write("ripple_http_request_seconds", "Time to answer an API request",
                               &out);
    return done({200, "text/plain; version=0.0.4", out});
  }
  constexpr std::string_view kSubs = "/v1/subscribers/";
  if (req.path.starts_with(kSubs) && req.path.ends_with("/triggers")) {
    if (req.method != "GET") return done(serve::JsonError(405, "use GET"));
    const auto verdict = tokens.Check(req.authorization, serve::Action::kReadSubscriber);
    if (verdict.status != 200) return done(serve::JsonError(verdict.status, verdict.message));
    const std::string msisdn = req.path.substr(kSubs.size(), req.path.size() - kSubs.size() - 9);
    const PhoneKey phone =
        ParsePhoneNumber(msisdn, ReferenceOptionsFrom(setup.options.config).phone);
    if (phone == kNoPhone)
      return done(serve::JsonError(400, "not a phone number: '" + msisdn + "'", "msisdn"));
    const ingest::SubscriberId s = setup.reference->FindSubscriber(phone);
    if (s == ingest::kNoSubscriber)
      return done(serve::JsonError(404, "no subscriber " + msisdn, "msisdn"));
    const int64_t now = live.triggers.now();
    const int offset = setup.options.config.utc_offset_minutes;
    std::string body = "{\"msisdn\":\"" + FormatPhoneNumber(phone) + "\",\"now\":\"" +
                       FormatIso8601(now, offset) + "\",\"triggers\":[";
    bool first = true;
    for (const serve::LiveTrigger& t : live.triggers.Active(s, now)) {
      nlohmann::ordered_json j;
      j["rule"] = t.rule;
      j["trigger"] = t.trigger;
      j["ts"] = FormatIso8601(t.ts_ms, offset);
      j["expires"] = FormatIso8601(t.expires_ms, offset);
      j["priority"] = t.priority;
      std::string one = j.dump();
      one.back() = ',';
      body += (first ? "" : ",") + one + "\"attributes\":" + t.attributes_json + "}";
      first = false;
    }
    body += "]}";
    return done({200, "application/json", body});
  }
  return done(serve::JsonError(404, "no such endpoint: " + req.method + " " + req.path));
}

int RunServe(const ServeFlags& f) {
  auto config = LoadConfig(f.config_path);
  if (!config.ok()) return Fail(config.status());
  std::optional<serve::TokenTable> tokens;
  if (!f.tokens.empty()) {
    auto t = serve::TokenTable::Load(f.tokens);
    if (!t.ok()) return Fail(t.status());
    tokens = std::move(*t);
  } else if (f.insecure_demo) {
    tokens = serve::TokenTable::Open();
    spdlog::warn("--insecure-demo: no authentication, every request is admin; never in production");
  } else {
    return Fail(Status::InvalidArgument(
        "refusing to start without --tokens FILE (CSV token,role); use --insecure-demo to run open "
        "on a demo machine"));
  }
  EventsSetupOptions so;
  so.rules_path = f.rules.empty() ? config->events.rules_dir : f.rules;
  so.data_dir = f.data_dir;
  so.snapshot_dir = f.snapshot;
  so.deadletter_dir = f.snapshot + "/serve-deadletter";
  so.config = *config;
  auto setup = OpenEvents(so);
  if (!setup.ok()) return Fail(setup.status());
  Live live;
  StoreSink sink(live, **setup);
  serve::HttpServer::Options ho;
  ho.address = f.address;
  ho.port = static_cast<uint16_t>(f.port);
  ho.threads = f.threads;
  auto server = serve::HttpServer::Start(
      ho, [&](const serve::HttpRequest& r) { return Handle(r, **setup, live, *tokens); });
  if (!server.ok()) return Fail(server.status());
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::fprintf(stdout, "listening on http://%s:%u\n", f.address.c_str(), (*server)->port());
  std::fflush(stdout);
  std::thread stream;
  if (!f.stream.empty()) stream = std::thread([&] { RunStream(f, **setup, live, sink); });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*server)->Stop();
  if (stream.joinable()) stream.join();
  spdlog::info("stopped: {} requests answered", (*server)->requests());
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& root, int* exit_code) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* c =
      root.add_subcommand("serve", "The HTTP API over a snapshot, with live event triggers");
  c->add_option("--snapshot", f->snapshot, "OUT of `ripple batch`")
      ->required()
      ->check(CLI::ExistingDirectory);
  c->add_option("--data", f->data_dir, "Folder with the reference tables")
      ->required()
      ->check(CLI::ExistingDirectory);
  c->add_option("--rules", f->rules, "Rules folder (default: events.rules_dir)");
  c->add_option("--stream", f->stream, "Live JSON Lines stream (\"-\" for standard input)");
  c->add_option("--events-state", f->events_state,
                "Folder of the event engine's checkpoints (default OUT/events-state): a "
                "restart resumes the stream and its matches in progress from it");
  c->add_option("--speed", f->speed, "Replay the stream paced by event time, X times real time");
  c->add_option("--tokens", f->tokens, "CSV token,role (admin, marketer, analyst, channel)");
  c->add_flag("--insecure-demo", f->insecure_demo, "Serve without authentication (demo only)");
  c->add_option("--address", f->address, "Listen address (default 127.0.0.1)");
  c->add_option("--port", f->port, "Port (default 8080; 0: any free port)");
  c->add_option("--threads", f->threads, "HTTP threads (default 2)");
  c->add_option("--config", f->config_path, "Settings file")->check(CLI::ExistingFile);
  c->callback([f, exit_code] { *exit_code = RunServe(*f); });
}

}  // namespace ripple::cli
