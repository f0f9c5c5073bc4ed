// `ripple state dump`: the subscriber state of an output folder as CSV, one row per subscriber
// and held day. Pseudonyms unless --reveal.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/state_setup.h"
#include "core/identity.h"
#include "ingest/reference.h"
#include "state/state_csv.h"
#include "state/state_store.h"
#include "state/subscriber_state.h"

namespace ripple::cli {
namespace {

struct DumpFlags {
  std::string data_dir, out_dir, config_path;
  bool reveal = false;
  size_t limit = 0;
};

int RunDump(const DumpFlags& f) {
  SetupLogging(false);
  auto config = LoadConfig(f.config_path);
  if (!config.ok()) return Fail(config.status());
  ingest::InputCounts table_counts[ingest::kTableCount];
  auto reference =
      ingest::ReferenceData::Load(f.data_dir, ReferenceOptionsFrom(*config), nullptr, table_counts);
  if (!reference.ok()) return Fail(reference.status());
  const auto& ref = **reference;
  std::vector<uint64_t> pseudonyms = SubscriberPseudonyms(ref, *config);
  std::vector<std::string> names(ref.subscriber_count());
  for (size_t i = 0; i < pseudonyms.size(); ++i) {
    names[i] = f.reveal ? FormatPhoneNumber(ref.subscriber(static_cast<uint32_t>(i)).msisdn)
                        : Pseudonymizer::ToHex(pseudonyms[i]);
  }
  state::StateOptions options = StateOptionsFrom(*config);
  state::SubscriberState st(pseudonyms, options);
  auto store = state::StateStore::Open(f.out_dir + "/state", options);
  if (!store.ok()) return Fail(store.status());
  auto progress = (*store)->Load(st, pseudonyms);
  if (!progress.ok()) return Fail(progress.status());
  if (!progress->has_value())
    return Fail(
        Status::NotFound("no checkpoint in " + f.out_dir + "/state: run ripple batch first"));
  std::ostringstream csv;
  state::WriteStateCsv(st, names, csv);
  std::string text = csv.str();
  if (f.limit == 0) {
    std::cout << text;
  } else {
    std::istringstream in(text);
    std::string line;
    for (size_t n = 0; n <= f.limit && std::getline(in, line); ++n) std::cout << line << '\n';
  }
  return 0;
}

}  // namespace

void AddStateCommand(CLI::App& root, int* exit_code) {
  CLI::App* state = root.add_subcommand("state", "Inspect durable subscriber state");
  state->require_subcommand(1);
  auto flags = std::make_shared<DumpFlags>();
  CLI::App* dump =
      state->add_subcommand("dump", "Print the state as CSV: subscriber,day,aggregates…");
  dump->add_option("--data", flags->data_dir, "Folder with subscribers.csv (names the dense ids)")
      ->required()
      ->check(CLI::ExistingDirectory);
  dump->add_option("--out", flags->out_dir, "Output folder of ripple batch")->required();
  dump->add_option("--config", flags->config_path, "Settings file")->check(CLI::ExistingFile);
  dump->add_flag("--reveal", flags->reveal, "Write raw phone numbers instead of pseudonyms");
  dump->add_option("--limit", flags->limit, "Print at most N rows");
  dump->callback([flags, exit_code] { *exit_code = RunDump(*flags); });
}

}  // namespace ripple::cli
