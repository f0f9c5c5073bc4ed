// `ripple serve`: the long-running process — the decision API and the subscriber views over the
// snapshot of `ripple batch`, with the event engine matching a live stream on its own thread.
//
//   ripple serve --snapshot OUT [--config DIR|FILE] [--tokens FILE | --insecure-demo] [--port P]
//                [--data DIR] [--rules DIR] [--marketing FILE] [--stream FILE|-] [--speed X]
//                [--clock wall|stream] [--decide-state DIR] [--events-state DIR]
//
// --config DIR reads DIR/ripple.yaml, DIR/marketing.yaml and DIR/rules (each if present);
// --data defaults to the folder the snapshot was built from (OUT/summary.json). Endpoints:
// /healthz, /metrics, /v1/decision, /v1/feedback, /v1/decisions/{id}, the model's CRUD
// (serve/decision_service.h), /v1/push, /v1/subscribers/{msisdn}[/circles|/triggers].
// Without --tokens the server refuses to start unless --insecure-demo. Stops on SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <roaring/roaring.hh>
#include <thread>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/push_list.h"
#include "cli/serve_paths.h"
#include "cli/serve_stream.h"
#include "cli/state_setup.h"
#include "cli/subscriber_views.h"
#include "core/time.h"
#include "serve/auth.h"
#include "serve/decision_service.h"
#include "serve/http_server.h"

namespace ripple::cli {
namespace {

using json = nlohmann::json;

std::atomic<bool> g_stop{false};
void OnSignal(int) { g_stop.store(true); }

struct ServeFlags {
  std::string snapshot;
  std::string data_dir;
  std::string rules;
  std::string marketing;
  std::string stream;
  std::string events_state;  // empty: OUT/events-state
  std::string decide_state;  // empty: OUT/decide-state
  std::string tokens;
  std::string config;  // a folder (ripple.yaml, marketing.yaml, rules/) or a settings file
  std::string clock;   // wall | stream; empty: stream when --stream is given
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 2;
  double speed = 0;
  bool insecure_demo = false;
};

struct Server {
  const ServeFlags& flags;
  EventsSetup& setup;
  Live& live;
  serve::DecisionService& decisions;
  const serve::TokenTable& tokens;
  bool stream_clock = false;

  // Decisions run on the stream's clock when it drives the demo (the triggers' time), else on
  // the wall clock.
  int64_t Now() const {
    const int64_t stream_now = live.triggers.now();
    if (stream_clock && stream_now > 0) return stream_now;
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  serve::HttpResponse Handle(const serve::HttpRequest& req);
  serve::HttpResponse Subscriber(const serve::HttpRequest& req);
  serve::HttpResponse Metrics();
  serve::HttpResponse Health();
};

serve::HttpResponse Server::Health() {
  json j;
  j["status"] = "ok";
  j["records"] = live.records.load();
  j["triggers"] = live.triggers.added();
  j["late"] = live.late.load() + live.ingest_late.load();
  j["rejected"] = live.rejected.load();
  j["stream_done"] = live.stream_done.load();
  j["now"] = FormatIso8601(Now(), setup.options.config.utc_offset_minutes);
  j["model_version"] = decisions.arbiter().model()->model().version;
  return {200, "application/json", j.dump()};
}

serve::HttpResponse Server::Metrics() {
  std::string out;
  serve::WriteMetric("ripple_stream_records_total", "counter",
                     "Records matched by the event engine", live.records.load(), &out);
  serve::WriteMetric("ripple_stream_late_total", "counter",
                     "Records later than the out-of-order bound (dead-lettered as late)",
                     live.late.load() + live.ingest_late.load(), &out);
  serve::WriteMetric("ripple_stream_rejected_total", "counter",
                     "Stream lines rejected as invalid (dead-lettered)", live.rejected.load(),
                     &out);
  serve::WriteMetric("ripple_triggers_total", "counter", "Triggers emitted", live.triggers.added(),
                     &out);
  decisions.WriteMetrics(&out);
  live.trigger_latency.Write("ripple_trigger_latency_seconds",
                             "Wall time from a record's arrival to its trigger", &out);
  live.request_latency.Write("ripple_http_request_seconds", "Time to answer an API request", &out);
  return {200, "text/plain; version=0.0.4", out};
}

// /v1/subscribers/{msisdn}[/triggers|/circles]
serve::HttpResponse Server::Subscriber(const serve::HttpRequest& req) {
  constexpr std::string_view kSubs = "/v1/subscribers/";
  if (req.method != "GET") return serve::JsonError(405, "use GET");
  std::string_view rest = std::string_view(req.path).substr(kSubs.size());
  const size_t slash = rest.find('/');
  const std::string msisdn(rest.substr(0, slash));
  const std::string view(slash == std::string_view::npos ? "" : rest.substr(slash + 1));
  if (view != "" && view != "triggers" && view != "circles") {
    return serve::JsonError(404, "no such endpoint: " + req.path);
  }
  const RippleConfig& cfg = setup.options.config;
  const PhoneKey phone = ParsePhoneNumber(msisdn, ReferenceOptionsFrom(cfg).phone);
  if (phone == kNoPhone) {
    return serve::JsonError(400, "not a phone number: '" + msisdn + "'", "msisdn");
  }
  const ingest::SubscriberId s = setup.reference->FindSubscriber(phone);
  if (view == "circles") {  // off-net numbers are parties of the graph too
    auto j = RelationsJson(flags.snapshot, cfg, phone, 20);
    if (!j.ok()) {
      return serve::JsonError(j.status().code() == StatusCode::kNotFound ? 404 : 500,
                              j.status().message(), "msisdn");
    }
    return {200, "application/json", j->dump()};
  }
  if (s == ingest::kNoSubscriber) return serve::JsonError(404, "no subscriber " + msisdn, "msisdn");
  const int offset = cfg.utc_offset_minutes;
  const int64_t now = live.triggers.now() ? live.triggers.now() : Now();
  auto triggers = nlohmann::ordered_json::array();
  for (const serve::LiveTrigger& t : live.triggers.Active(s, now)) {
    nlohmann::ordered_json j;  // the documented order: rule, trigger, ts, expires, ...
    j["rule"] = t.rule;
    j["trigger"] = t.trigger;
    j["ts"] = FormatIso8601(t.ts_ms, offset);
    j["expires"] = FormatIso8601(t.expires_ms, offset);
    j["priority"] = t.priority;
    j["attributes"] = nlohmann::ordered_json::parse(t.attributes_json, nullptr, false);
    triggers.push_back(std::move(j));
  }
  if (view == "triggers") {
    nlohmann::ordered_json j;
    j["msisdn"] = FormatPhoneNumber(phone);
    j["now"] = FormatIso8601(now, offset);
    j["triggers"] = triggers;
    return {200, "application/json", j.dump()};
  }
  // The 360: tags by dimension, saved segments it belongs to, live triggers.
  nlohmann::ordered_json out;
  const int64_t row = setup.tags ? setup.tags->FindMsisdn(phone) : -1;
  if (row >= 0) {
    out = ProfileJson(*setup.tags, static_cast<profile::Row>(row));
  } else {
    out["msisdn"] = FormatPhoneNumber(phone);
  }
  auto segments = nlohmann::ordered_json::array();
  for (size_t i = 0; i < setup.segments.size(); ++i) {
    if (setup.segments[i]->contains(s)) segments.push_back(setup.segment_names[i]);
  }
  out["segments"] = segments;
  out["triggers"] = triggers;
  return {200, "application/json", out.dump()};
}

serve::HttpResponse Server::Handle(const serve::HttpRequest& req) {
  const auto started = Clock::now();
  auto done = [&](serve::HttpResponse r) {
    live.request_latency.Observe(std::chrono::duration<double>(Clock::now() - started).count());
    return r;
  };
  if (req.path == "/healthz") return done(Health());
  if (req.path == "/metrics") return done(Metrics());
  auto check = [&](serve::Action action) { return tokens.Check(req.authorization, action); };
  auto denied = [&](const serve::TokenTable::Verdict& v) {
    return done(serve::JsonError(v.status, v.message));
  };
  if (req.path == "/v1/decision") {
    if (req.method != "GET") return done(serve::JsonError(405, "use GET"));
    const auto v = check(serve::Action::kDecide);
    if (v.status != 200) return denied(v);
    return done(decisions.Decide(req, Now(), &live.triggers));
  }
  if (req.path == "/v1/feedback") {
    if (req.method != "POST") return done(serve::JsonError(405, "use POST"));
    const auto v = check(serve::Action::kFeedback);
    if (v.status != 200) return denied(v);
    return done(decisions.Feedback(req, Now()));
  }
  if (req.path.starts_with("/v1/decisions/")) {
    const auto v = check(serve::Action::kReadReports);
    if (v.status != 200) return denied(v);
    return done(decisions.GetDecision(std::string_view(req.path).substr(14)));
  }
  if (req.path == "/v1/reports/campaigns") {
    const auto v = check(serve::Action::kReadReports);
    if (v.status != 200) return denied(v);
    return done(decisions.Report(req));
  }
  if (req.path == "/v1/push") {
    const auto v = check(serve::Action::kExport);
    if (v.status != 200) return denied(v);
    return done(PushEndpoint(req, decisions, setup.options.config, Now(), v.who));
  }
  if (req.path.starts_with("/v1/subscribers/")) {
    const auto v = check(serve::Action::kReadSubscriber);
    if (v.status != 200) return denied(v);
    return done(Subscriber(req));
  }
  for (std::string_view kind :
       {"campaigns", "channels", "slots", "segments", "policy", "model", "audit"}) {
    const std::string prefix = "/v1/" + std::string(kind);
    if (req.path == prefix || req.path.starts_with(prefix + "/")) {
      const auto v = check(req.method == "GET" ? serve::Action::kReadReports
                                               : serve::Action::kManageCampaigns);
      if (v.status != 200) return denied(v);
      return done(decisions.Model(req, v.who, Now()));
    }
  }
  return done(serve::JsonError(404, "no such endpoint: " + req.method + " " + req.path));
}

int RunServe(ServeFlags f) {
  ServePaths paths{f.config, f.snapshot, "", f.marketing, f.rules, f.data_dir};
  if (Status st = ResolveServePaths(&paths); !st.ok()) return Fail(st);
  f.rules = paths.rules;
  f.data_dir = paths.data_dir;
  auto config = LoadConfig(paths.settings);
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
  if (f.clock != "" && f.clock != "wall" && f.clock != "stream") {
    return Fail(Status::InvalidArgument("--clock: expected wall or stream, got '" + f.clock + "'"));
  }
  const EventsSetupOptions so = EventsOptionsFor(paths, *config, "serve-deadletter");
  auto setup = OpenEvents(so);
  if (!setup.ok()) return Fail(setup.status());

  auto decisions =
      OpenDecisions(**setup, f.decide_state.empty() ? f.snapshot + "/decide-state" : f.decide_state,
                    paths.marketing);
  if (!decisions.ok()) return Fail(decisions.status());
  // A campaign waiting for a trigger no rule emits would never show: say so at start.
  for (const decide::Campaign& c : (*decisions)->arbiter().model()->model().campaigns) {
    if (c.trigger.empty() || c.state != decide::CampaignState::kActive) continue;
    bool emitted = false;
    for (const cep::CompiledRule& r : (*setup)->rules->rules()) emitted |= r.trigger == c.trigger;
    if (!emitted) {
      spdlog::warn("campaign {} waits for trigger '{}', which no rule of {} emits", c.id, c.trigger,
                   so.rules_path);
    }
  }

  Live live;
  StoreSink sink(live, **setup);
  Server server{f, **setup, live, **decisions, *tokens};
  server.stream_clock = f.clock == "stream" || (f.clock.empty() && !f.stream.empty());
  serve::HttpServer::Options ho;
  ho.address = f.address;
  ho.port = static_cast<uint16_t>(f.port);
  ho.threads = f.threads;
  auto http =
      serve::HttpServer::Start(ho, [&](const serve::HttpRequest& r) { return server.Handle(r); });
  if (!http.ok()) return Fail(http.status());
  std::signal(SIGINT, OnSignal);
  std::signal(SIGTERM, OnSignal);
  std::fprintf(stdout, "listening on http://%s:%u\n", f.address.c_str(), (*http)->port());
  std::fflush(stdout);
  std::thread stream;
  const StreamOptions stream_options{f.stream, f.snapshot, f.events_state, f.speed};
  if (!f.stream.empty()) {
    stream = std::thread([&] { RunStream(stream_options, **setup, live, sink, g_stop); });
  }
  for (int tick = 1; !g_stop; ++tick) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    if (tick % 10 == 0) {
      if (Status st = (*decisions)->FlushCounters(); !st.ok()) spdlog::error("{}", st.ToString());
    }
  }
  (*http)->Stop();
  if (stream.joinable()) stream.join();
  if (Status st = (*decisions)->FlushCounters(); !st.ok()) spdlog::error("{}", st.ToString());
  spdlog::info("stopped: {} requests answered", (*http)->requests());
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& root, int* exit_code) {
  auto f = std::make_shared<ServeFlags>();
  CLI::App* c = root.add_subcommand(
      "serve", "The decision API over a snapshot, with live event triggers and feedback");
  c->add_option("--snapshot", f->snapshot, "OUT of `ripple batch`")
      ->required()
      ->check(CLI::ExistingDirectory);
  c->add_option("--config", f->config,
                "Folder with ripple.yaml, marketing.yaml and rules/ (each optional), or a "
                "settings file");
  c->add_option("--data", f->data_dir,
                "Folder with the reference tables (default: the one the snapshot was built from)")
      ->check(CLI::ExistingDirectory);
  c->add_option("--rules", f->rules, "Rules folder (default: CONFIG/rules or events.rules_dir)");
  c->add_option("--marketing", f->marketing,
                "Marketing model for a fresh decide state (default: CONFIG/marketing.yaml or "
                "config/marketing.yaml)");
  c->add_option("--stream", f->stream, "Live JSON Lines stream (\"-\" for standard input)");
  c->add_option("--events-state", f->events_state,
                "Folder of the event engine's checkpoints (default OUT/events-state)");
  c->add_option("--decide-state", f->decide_state,
                "Folder of the model, contacts, decisions and feedback (default OUT/decide-state)");
  c->add_option("--speed", f->speed, "Replay the stream paced by event time, X times real time");
  c->add_option("--clock", f->clock,
                "Decisions' clock: wall, or stream (the stream's event time; default with "
                "--stream)");
  c->add_option("--tokens", f->tokens, "CSV token,role (admin, marketer, analyst, channel)");
  c->add_flag("--insecure-demo", f->insecure_demo, "Serve without authentication (demo only)");
  c->add_option("--address", f->address, "Listen address (default 127.0.0.1)");
  c->add_option("--port", f->port, "Port (default 8080; 0: any free port)");
  c->add_option("--threads", f->threads, "HTTP threads (default 2)");
  c->callback([f, exit_code] { *exit_code = RunServe(*f); });
}

}  // namespace ripple::cli
