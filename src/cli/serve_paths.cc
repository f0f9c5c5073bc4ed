#include "cli/serve_paths.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli/state_setup.h"
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
  return serve::DecisionService::Open(o);
}

}  // namespace ripple::cli
