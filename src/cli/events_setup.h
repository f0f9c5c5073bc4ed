// EventsSetup: what the event engine reads, loaded once for `ripple events` and `ripple serve`:
// the reference tables, the host matcher, the profile snapshot (tags, saved segments), the
// string table records are interned in, the engine context, the compiled rules, and how each
// subscriber is printed (pseudonym, or number with reveal).
// Thread-safety: built on one thread; afterwards the engine's thread owns it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cep/engine.h"
#include "core/config.h"
#include "core/status.h"
#include "ingest/dead_letters.h"
#include "ingest/reference.h"
#include "ingest/string_table.h"
#include "ingest/validate.h"
#include "profile/host_matcher.h"
#include "profile/tag_table.h"

class Roaring;

namespace ripple::cli {

struct EventsSetupOptions {
  std::string rules_path;      // a rules folder, or one .rules file
  std::string only_rule;       // keep only this rule id (empty: all)
  std::string data_dir;        // reference tables
  std::string snapshot_dir;    // OUT of `ripple batch`; optional
  std::string deadletter_dir;  // rejected lines (reference tables and feeds)
  bool reveal = false;
  RippleConfig config;
};

struct EventsSetup {
  EventsSetupOptions options;
  std::unique_ptr<ingest::DeadLetters> dead_letters;
  std::unique_ptr<ingest::ReferenceData> reference;
  std::unique_ptr<profile::HostMatcher> hosts;
  std::optional<profile::TagTable> tags;
  std::vector<std::string> segment_names;
  std::vector<std::unique_ptr<Roaring>> segments;
  ingest::StringTable strings;
  std::unique_ptr<cep::EngineContext> context;
  std::shared_ptr<const cep::RuleSet> rules;
  std::vector<std::string> subscriber_texts;  // by subscriber id
  ingest::ValidationContext validation{nullptr, nullptr, {}};

  ~EventsSetup();
  // Reads and compiles the rules again (for reload); warns about rules skipped for want of a
  // profile.
  Result<std::shared_ptr<const cep::RuleSet>> CompileRules() const;
  // Names, sizes and modification times of the rules files: a change of any is a reload.
  std::string RulesSignature() const;
  // At most once a second: when the rules files changed and still compile, swaps them into
  // `engine` (unchanged rules keep their matches) and into `rules`, and returns true; an invalid
  // folder is logged and the running rules stay.
  bool ReloadIfChanged(cep::Engine& engine);

  // The watcher's memory (set by OpenEvents).
  std::string watched_signature_;
  std::chrono::steady_clock::time_point last_poll_{};
};

Result<std::unique_ptr<EventsSetup>> OpenEvents(const EventsSetupOptions& options);

}  // namespace ripple::cli
