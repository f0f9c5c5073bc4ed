// `ripple push --snapshot OUT --channel sms --date D --out FILE`: today's outbound list for a push
// channel under the contact policy, recorded as contacts in OUT/decide-state (cli/push_list.h).
// The list holds raw numbers: the caller's token (RIPPLE_TOKEN, checked against --tokens) must
// have a role allowed to export them, or --insecure-demo on a demo machine. While `ripple serve`
// holds the decide state, ask it instead: GET /v1/push?channel=sms&date=D.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/push_list.h"
#include "cli/serve_paths.h"
#include "serve/auth.h"

namespace ripple::cli {
namespace {

struct PushFlags {
  ServePaths paths;
  PushOptions push;
  std::string out;
  std::string decide_state;
  std::string tokens;
  bool insecure_demo = false;
};

int RunPush(PushFlags f) {
  if (f.insecure_demo) {
    spdlog::warn("--insecure-demo: exporting raw numbers without a token check");
  } else {
    if (f.tokens.empty()) {
      return Fail(Status::InvalidArgument(
          "a push list holds raw numbers: pass --tokens FILE and set RIPPLE_TOKEN to a token "
          "whose role may export (admin), or --insecure-demo on a demo machine"));
    }
    auto table = serve::TokenTable::Load(f.tokens);
    if (!table.ok()) return Fail(table.status());
    const char* token = std::getenv("RIPPLE_TOKEN");
    const auto v =
        table->Check(std::string("Bearer ") + (token ? token : ""), serve::Action::kExport);
    if (v.status != 200) {
      return Fail(Status::InvalidArgument("RIPPLE_TOKEN: " + v.message +
                                          " (exporting numbers needs the admin role)"));
    }
  }
  if (Status st = ResolveServePaths(&f.paths); !st.ok()) return Fail(st);
  auto config = LoadConfig(f.paths.settings);
  if (!config.ok()) return Fail(config.status());
  auto setup = OpenEvents(EventsOptionsFor(f.paths, *config, "push-deadletter"));
  if (!setup.ok()) return Fail(setup.status());
  auto svc = OpenDecisions(
      **setup, f.decide_state.empty() ? f.paths.snapshot + "/decide-state" : f.decide_state,
      f.paths.marketing);
  if (!svc.ok()) {
    return Fail(Status::IoError(svc.status().message() +
                                " — if `ripple serve` is running on this snapshot, ask it: GET "
                                "/v1/push?channel=" +
                                f.push.channel + "&date=" + f.push.date));
  }
  const std::string tmp = f.out + ".tmp";
  std::ofstream out(tmp);
  if (!out) return Fail(Status::IoError("cannot write " + tmp));
  auto summary = WritePushList(**svc, *config, f.push, out);
  if (!summary.ok()) return Fail(summary.status());
  if (Status st = (*svc)->FlushCounters(); !st.ok()) return Fail(st);
  out.close();
  if (!out || std::rename(tmp.c_str(), f.out.c_str()) != 0) {
    return Fail(Status::IoError("cannot write " + f.out));
  }
  std::string why;
  for (size_t v = 0; v < summary->by_verdict.size(); ++v) {
    if (summary->by_verdict[v] == 0) continue;
    why += (why.empty() ? "" : ", ") +
           std::string(decide::VerdictName(static_cast<decide::Verdict>(v))) + " " +
           std::to_string(summary->by_verdict[v]);
  }
  std::printf(
      "%s/%s on %s: %llu of %llu subscribers listed in %s (%llu held out as control)\n"
      "by outcome: %s\n",
      f.push.channel.c_str(), summary->slot.c_str(), f.push.date.c_str(),
      static_cast<unsigned long long>(summary->listed),
      static_cast<unsigned long long>(summary->subscribers), f.out.c_str(),
      static_cast<unsigned long long>(summary->control), why.c_str());
  return 0;
}

}  // namespace

void AddPushCommand(CLI::App& root, int* exit_code) {
  auto f = std::make_shared<PushFlags>();
  CLI::App* c = root.add_subcommand(
      "push", "Today's outbound list for a push channel, under the contact policy");
  c->add_option("--snapshot", f->paths.snapshot, "OUT of `ripple batch`")
      ->required()
      ->check(CLI::ExistingDirectory);
  c->add_option("--channel", f->push.channel, "Push channel (sms, outbound)")->required();
  c->add_option("--date", f->push.date, "Local date YYYY-MM-DD")->required();
  c->add_option("--out", f->out, "The list: CSV msisdn,campaign,product,copy,decision_id")
      ->required();
  c->add_option("--slot", f->push.slot, "Slot of the channel (default: its first)");
  c->add_option("--at", f->push.at, "Local time of the contacts, HH:MM (default 10:00)");
  c->add_option("--config", f->paths.config,
                "Folder with ripple.yaml and marketing.yaml, or a settings file");
  c->add_option("--marketing", f->paths.marketing, "Marketing model for a fresh decide state");
  c->add_option("--data", f->paths.data_dir, "Reference tables (default: the snapshot's)");
  c->add_option("--decide-state", f->decide_state,
                "Decide state folder (default OUT/decide-state)");
  c->add_option("--tokens", f->tokens, "CSV token,role; RIPPLE_TOKEN must have the admin role");
  c->add_flag("--insecure-demo", f->insecure_demo, "No token check (demo only)");
  c->callback([f, exit_code] { *exit_code = RunPush(*f); });
}

}  // namespace ripple::cli
