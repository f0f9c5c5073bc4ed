// RippleConfig: the settings of a deployment, read from YAML (config/ripple.yaml) over
// built-in defaults, so every command runs with no config file at all.
//
// Every error names the file, line and column and says what was expected; unknown keys are
// errors (a typo must not silently fall back to a default).
// Thread-safety: plain value.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace ripple {

// The relationship model's knobs (section `relations`); what each means is in docs/relations.md.
struct RelationsSettings {
  double half_life_days = 28;      // decay of the contact graph's counts
  double min_tie_strength = 0.12;  // below it a pair is not a tie (a stranger's call)
  double intimate = 0.70;          // level thresholds on tie strength
  double close = 0.50;
  double regular = 0.30;
  int lonely_min_contacts = 20;  // "lonely": at least this many ties, none close or closer
  // Circles: how dense a group must be to be a circle, independent of the graph's size
  // (docs/relations.md): the modularity resolution is this x parties^2 / (2 x total strength).
  double circle_resolution = 0.02;
};

// Real-time event rules (section `events`; docs/events.md).
struct EventsSettings {
  // How far behind the newest record a record may arrive and still be matched in order; also
  // how long a record waits before it is matched (the latency floor of a trigger).
  // 60 s: mediation delivers most CDRs within a minute; later records are counted as late.
  int64_t out_of_order_bound_ms = 60'000;
  std::string roaming_area_prefix = "ROAM-";  // cells whose area_id starts so are abroad
  std::string rules_dir = "config/rules";
};

struct RippleConfig {
  // identity
  std::string secret;  // empty: RIPPLE_SECRET or the demo secret
  std::string home_country_code = "86";
  std::string trunk_prefix = "0";
  // time
  int utc_offset_minutes = 480;
  int64_t out_of_order_bound_ms = 30 * 60 * 1000;
  int64_t max_future_ms = 24 * 3600 * 1000LL;  // accepted ts up to wall clock + this
  int64_t min_timestamp_ms = 946684800000;     // 2000-01-01T00:00:00Z
  // state
  int retention_days = 35;
  int partitions = 16;
  // A checkpoint after this many records or this many seconds, whichever comes first. Its cost
  // grows with the subscribers touched since the last one (~4 µs each), so time bounds it best.
  uint64_t checkpoint_every_records = 20'000'000;
  int checkpoint_every_seconds = 30;  // 0: by records only
  RelationsSettings relations;
  EventsSettings events;
};

// Reads `path` over the defaults. An empty path gives the defaults.
Result<RippleConfig> LoadConfig(const std::string& path);
// Parses YAML text; `name` is used in error messages.
Result<RippleConfig> ParseConfig(const std::string& text, const std::string& name);

}  // namespace ripple
