#include "cli/serve_paths.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/state_setup.h"
#include "core/flat_map.h"
#include "core/identity.h"
#include "decide/model_config.h"

namespace ripple::cli {

namespace fs = std::filesystem;

Status ResolveServePaths(ServePaths* p) {
  std::error_code ec;
  if (!p->config.empty() && fs::is_directory(p->config, ec)) {
    const fs::path dir(p->config);
    if (fs::exists(dir / "ripple.yaml")) p->settings = (dir / "ripple.yaml").string();
    if (p->marketing.empty() && fs::exists(dir / "marketing.yaml")) {
      p->marketing = (dir / "marketing.yaml").string();
    }
    if (p->rules.empty() && fs::is_directory(dir / "rules")) p->rules = (dir / "rules").string();
  } else {
    if (!p->config.empty() && !fs::exists(p->config, ec)) {
      return Status::NotFound("--config: no such file or folder " + p->config);
    }
    p->settings = p->config;
  }
  if (p->marketing.empty()) {
    p->marketing = fs::exists("config/marketing.yaml", ec) ? "config/marketing.yaml"
                                                           : std::string(decide::kBuiltInMarketing);
  }
  if (p->data_dir.empty()) {
    std::ifstream in(p->snapshot + "/summary.json");
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_discarded() && j.contains("data_dir") && j["data_dir"].is_string()) {
      p->data_dir = j["data_dir"].get<std::string>();
    }
    if (p->data_dir.empty() || !fs::is_directory(p->data_dir, ec)) {
      return Status::InvalidArgument("cannot tell where the reference tables are: " + p->snapshot +
                                     "/summary.json names no existing data_dir; pass --data DIR");
    }
  }
  return Status::Ok();
}

EventsSetupOptions EventsOptionsFor(const ServePaths& paths, const RippleConfig& config,
                                    const std::string& deadletter_name) {
  EventsSetupOptions o;
  o.rules_path = paths.rules.empty() ? config.events.rules_dir : paths.rules;
  o.data_dir = paths.data_dir;
  o.snapshot_dir = paths.snapshot;
  o.deadletter_dir = paths.snapshot + "/" + deadletter_name;
  o.config = config;
  return o;
}

Result<std::unique_ptr<serve::DecisionService>> OpenDecisions(const EventsSetup& setup,
                                                              const std::string& state_dir,
                                                              const std::string& marketing) {
  serve::DecisionServiceOptions o;
  o.state_dir = state_dir;
  o.marketing_config = marketing;
  o.reference = setup.reference.get();
  o.tags = setup.tags ? &*setup.tags : nullptr;
  for (size_t i = 0; i < setup.segments.size(); ++i) {
    o.saved_segments.emplace_back(setup.segment_names[i], setup.segments[i].get());
  }
  o.utc_offset_minutes = setup.options.config.utc_offset_minutes;
  o.phone = ReferenceOptionsFrom(setup.options.config).phone;
  // Relationship campaigns read the batch's ties; ties.csv names subscribers by pseudonym (or
  // by number when the batch revealed them).
  o.close_threshold = setup.options.config.relations.close;
  auto pseudonyms = std::make_shared<FlatMap64>(setup.reference->subscriber_count());
  if (!setup.options.snapshot_dir.empty()) {
    o.ties_csv = setup.options.snapshot_dir + "/relations/ties.csv";
    bool demo = false;
    const Pseudonymizer names(ResolveSecret(setup.options.config.secret, &demo));
    const auto& subscribers = setup.reference->subscribers();
    for (uint32_t s = 0; s < subscribers.size(); ++s) {
      pseudonyms->Put(names.Pseudonym(subscribers[s].msisdn), s);
    }
  }
  const ingest::ReferenceData* ref = setup.reference.get();
  const PhoneNumberRules phone = o.phone;
  o.party_subscriber = [pseudonyms, ref, phone](std::string_view party) -> uint32_t {
    if (party.size() == 16) {
      uint64_t v = 0;
      bool hex = true;
      for (char c : party) {
        const int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        hex &= d >= 0;
        v = (v << 4) | static_cast<uint64_t>(d < 0 ? 0 : d);
      }
      if (const uint32_t s = hex ? pseudonyms->Find(v) : FlatMap64::kMissing;
          s != FlatMap64::kMissing) {
        return s;
      }
    }
    const PhoneKey key = ParsePhoneNumber(party, phone);
    return key == kNoPhone ? UINT32_MAX : ref->FindSubscriber(key);
  };
  return serve::DecisionService::Open(o);
}

}  // namespace ripple::cli
