#include "cli/events_setup.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <roaring/roaring.hh>
#include <sstream>

#include "cep/rule_parser.h"
#include "cli/state_setup.h"
#include "core/identity.h"
#include "ingest/schema.h"
#include "profile/segment.h"

namespace ripple::cli {
namespace {

namespace fs = std::filesystem;

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
std::string SignatureOf(const std::string& path) {
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

Result<std::vector<cep::Rule>> ReadRules(const EventsSetupOptions& o) {
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

}  // namespace

EventsSetup::~EventsSetup() = default;

std::string EventsSetup::RulesSignature() const { return SignatureOf(options.rules_path); }

bool EventsSetup::ReloadIfChanged(cep::Engine& engine) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_poll_ < std::chrono::seconds(1)) return false;
  last_poll_ = now;
  const std::string signature = RulesSignature();
  if (signature == watched_signature_) return false;
  watched_signature_ = signature;
  auto fresh = CompileRules();
  if (!fresh.ok()) {
    spdlog::error("rules not reloaded, the running ones stay: {}", fresh.status().ToString());
    return false;
  }
  const uint32_t kept = engine.Reload(*fresh);
  rules = *fresh;
  spdlog::info("rules reloaded: {} rules, {} unchanged kept their matches in progress",
               rules->rules().size(), kept);
  return true;
}

Result<std::shared_ptr<const cep::RuleSet>> EventsSetup::CompileRules() const {
  ASSIGN_OR_RETURN(std::vector<cep::Rule> parsed, ReadRules(options));
  ASSIGN_OR_RETURN(auto compiled,
                   cep::RuleSet::Compile(parsed, context->MakeCompileContext(segment_names)));
  for (const std::string& why : compiled->skipped()) spdlog::warn("rule skipped: {}", why);
  return compiled;
}

Result<std::unique_ptr<EventsSetup>> OpenEvents(const EventsSetupOptions& o) {
  auto setup = std::make_unique<EventsSetup>();
  EventsSetup& s = *setup;
  s.options = o;
  const RippleConfig& cfg = o.config;
  ASSIGN_OR_RETURN(s.dead_letters, ingest::DeadLetters::Open(o.deadletter_dir, Stems(), {}));
  ingest::InputCounts table_counts[ingest::kTableCount];
  ASSIGN_OR_RETURN(s.reference, ingest::ReferenceData::Load(o.data_dir, ReferenceOptionsFrom(cfg),
                                                            s.dead_letters.get(), table_counts));
  ASSIGN_OR_RETURN(
      s.hosts, profile::HostMatcher::Build(s.reference->host_rules(), o.data_dir + "/hosts.csv"));
  if (!o.snapshot_dir.empty()) {
    ASSIGN_OR_RETURN(profile::TagTable tags,
                     profile::TagTable::Load(o.snapshot_dir + "/profile/profile.snap"));
    s.tags = std::move(tags);
    std::error_code ec;
    if (fs::exists(o.snapshot_dir + "/profile/segments.bin", ec)) {
      ASSIGN_OR_RETURN(auto saved, profile::ReadSavedSegments(o.snapshot_dir + "/profile"));
      for (const auto& seg : saved) {
        s.segment_names.push_back(seg.name);
        s.segments.push_back(
            std::make_unique<Roaring>(Roaring::readSafe(seg.bitmap.data(), seg.bitmap.size())));
      }
    }
  }
  cep::EngineContext::Sources sources;
  sources.reference = s.reference.get();
  sources.record_texts = &s.strings;
  sources.hosts = s.hosts.get();
  sources.tags = s.tags ? &*s.tags : nullptr;
  for (const auto& seg : s.segments) sources.segments.push_back(seg.get());
  sources.utc_offset_minutes = cfg.utc_offset_minutes;
  sources.roaming_prefix = cfg.events.roaming_area_prefix;
  s.context = std::make_unique<cep::EngineContext>(std::move(sources));
  ASSIGN_OR_RETURN(s.rules, s.CompileRules());
  s.watched_signature_ = s.RulesSignature();

  s.subscriber_texts.resize(s.reference->subscriber_count());
  if (o.reveal) {
    for (size_t i = 0; i < s.subscriber_texts.size(); ++i) {
      s.subscriber_texts[i] =
          FormatPhoneNumber(s.reference->subscriber(static_cast<uint32_t>(i)).msisdn);
    }
  } else {
    const std::vector<uint64_t> pseudonyms = SubscriberPseudonyms(*s.reference, cfg);
    for (size_t i = 0; i < s.subscriber_texts.size(); ++i) {
      s.subscriber_texts[i] = Pseudonymizer::ToHex(pseudonyms[i]);
    }
  }
  s.validation = {s.reference.get(), &s.strings, {}};
  s.validation.options.min_ts_ms = cfg.min_timestamp_ms;
  s.validation.options.max_ts_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count() +
                                   cfg.max_future_ms;
  s.validation.options.phone = ReferenceOptionsFrom(cfg).phone;
  return setup;
}

}  // namespace ripple::cli
