#include "core/config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "core/time.h"

namespace ripple {
namespace {

std::string fmt_number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string Where(const std::string& name, const YAML::Mark& mark) {
  return name + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

Status Expected(const std::string& name, const YAML::Node& node, const std::string& key,
                const std::string& what) {
  return Status::InvalidArgument(Where(name, node.Mark()) + ": '" + key + "' must be " + what);
}

template <typename T>
Status ReadInt(const std::string& name, const YAML::Node& node, const std::string& key, T lo, T hi,
               T* out) {
  T v;
  if (!node.IsScalar() || !YAML::convert<T>::decode(node, v) || v < lo || v > hi) {
    return Expected(name, node, key,
                    "an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  }
  *out = v;
  return Status::Ok();
}

Status ReadNumber(const std::string& name, const YAML::Node& node, const std::string& key,
                  double lo, double hi, double* out) {
  double v;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !(v >= lo && v <= hi)) {
    return Expected(name, node, key, "a number from " + fmt_number(lo) + " to " + fmt_number(hi));
  }
  *out = v;
  return Status::Ok();
}

using Setter = std::function<Status(const YAML::Node&)>;

Status ReadSection(const std::string& name, const YAML::Node& section,
                   const std::string& section_name, const std::map<std::string, Setter>& setters) {
  if (section.IsNull()) return Status::Ok();  // a section with every key commented out
  if (!section.IsMap()) return Expected(name, section, section_name, "a mapping");
  for (const auto& kv : section) {
    if (!kv.first.IsScalar()) {
      return Status::InvalidArgument(Where(name, kv.first.Mark()) + ": a key must be a plain name");
    }
    std::string key = kv.first.Scalar();
    auto it = setters.find(key);
    if (it == setters.end()) {
      std::string known;
      for (const auto& [k, _] : setters) known += (known.empty() ? "" : ", ") + k;
      return Status::InvalidArgument(Where(name, kv.first.Mark()) + ": unknown key '" +
                                     section_name + "." + key + "' (expected one of: " + known +
                                     ")");
    }
    RETURN_IF_ERROR(it->second(kv.second));
  }
  return Status::Ok();
}

Result<RippleConfig> ParseConfigOrThrowImpl(const std::string& text, const std::string& name);

}  // namespace

Result<RippleConfig> ParseConfig(const std::string& text, const std::string& name) {
  try {
    return ParseConfigOrThrowImpl(text, name);
  } catch (const YAML::Exception& e) {
    // yaml-cpp reports some conversions by throwing; they must not leave this part.
    return Status::InvalidArgument(Where(name, e.mark) + ": " + e.msg);
  }
}

namespace {
Result<RippleConfig> ParseConfigOrThrowImpl(const std::string& text, const std::string& name) {
  RippleConfig c;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(Where(name, e.mark) + ": invalid YAML: " + e.msg);
  }
  if (root.IsNull()) return c;
  if (!root.IsMap())
    return Status::InvalidArgument(Where(name, root.Mark()) + ": expected a mapping of sections");
  auto minutes_to_ms = [](int64_t m) { return m * kMillisPerMinute; };
  std::map<std::string, std::map<std::string, Setter>> sections;
  sections["identity"] = {
      {"secret",
       [&](const YAML::Node& n) {
         if (!n.IsScalar()) return Expected(name, n, "identity.secret", "a string");
         c.secret = n.as<std::string>();
         return Status::Ok();
       }},
      {"home_country_code",
       [&](const YAML::Node& n) {
         std::string v = n.IsScalar() ? n.as<std::string>() : "";
         if (v.empty() || v.size() > 3 || v.find_first_not_of("0123456789") != std::string::npos) {
           return Expected(name, n, "identity.home_country_code", "1 to 3 digits, e.g. \"86\"");
         }
         c.home_country_code = v;
         return Status::Ok();
       }},
      {"trunk_prefix", [&](const YAML::Node& n) {
         std::string v = n.IsScalar() ? n.as<std::string>() : "?";
         if (v != "0" && !v.empty())
           return Expected(name, n, "identity.trunk_prefix", "\"0\" or \"\"");
         c.trunk_prefix = v;
         return Status::Ok();
       }}};
  sections["time"] = {
      {"utc_offset",
       [&](const YAML::Node& n) {
         auto off = n.IsScalar() ? ParseUtcOffset(n.as<std::string>()) : std::nullopt;
         if (!off) return Expected(name, n, "time.utc_offset", "an offset like \"+08:00\"");
         c.utc_offset_minutes = *off;
         return Status::Ok();
       }},
      {"out_of_order_bound_minutes",
       [&](const YAML::Node& n) {
         int64_t v;
         RETURN_IF_ERROR(
             ReadInt<int64_t>(name, n, "time.out_of_order_bound_minutes", 0, 7 * 24 * 60, &v));
         c.out_of_order_bound_ms = minutes_to_ms(v);
         return Status::Ok();
       }},
      {"max_future_hours",
       [&](const YAML::Node& n) {
         int64_t v;
         RETURN_IF_ERROR(ReadInt<int64_t>(name, n, "time.max_future_hours", 0, 24 * 3650, &v));
         c.max_future_ms = v * kMillisPerHour;
         return Status::Ok();
       }},
      {"min_timestamp", [&](const YAML::Node& n) {
         auto ts = n.IsScalar() ? ParseTimestampMs(n.as<std::string>()) : std::nullopt;
         if (!ts) return Expected(name, n, "time.min_timestamp", "an ISO-8601 time with offset");
         c.min_timestamp_ms = *ts;
         return Status::Ok();
       }}};
  sections["state"] = {{"retention_days",
                        [&](const YAML::Node& n) {
                          return ReadInt<int>(name, n, "state.retention_days", 1, 400,
                                              &c.retention_days);
                        }},
                       {"partitions",
                        [&](const YAML::Node& n) {
                          return ReadInt<int>(name, n, "state.partitions", 1, 4096, &c.partitions);
                        }},
                       {"checkpoint_every_records",
                        [&](const YAML::Node& n) {
                          return ReadInt<uint64_t>(name, n, "state.checkpoint_every_records", 1,
                                                   uint64_t{1} << 40, &c.checkpoint_every_records);
                        }},
                       {"checkpoint_every_seconds", [&](const YAML::Node& n) {
                          return ReadInt<int>(name, n, "state.checkpoint_every_seconds", 0, 86400,
                                              &c.checkpoint_every_seconds);
                        }}};
  RelationsSettings& rel = c.relations;
  auto number = [&](const char* key, double lo, double hi, double* out) -> Setter {
    return [&name, key, lo, hi, out](const YAML::Node& n) {
      return ReadNumber(name, n, std::string("relations.") + key, lo, hi, out);
    };
  };
  sections["relations"] = {
      {"half_life_days", number("half_life_days", 0.5, 3650, &rel.half_life_days)},
      {"min_tie_strength", number("min_tie_strength", 0, 1, &rel.min_tie_strength)},
      {"intimate", number("intimate", 0, 1, &rel.intimate)},
      {"close", number("close", 0, 1, &rel.close)},
      {"regular", number("regular", 0, 1, &rel.regular)},
      {"circle_resolution", number("circle_resolution", 0.0001, 10, &rel.circle_resolution)},
      {"lonely_min_contacts", [&](const YAML::Node& n) {
         return ReadInt<int>(name, n, "relations.lonely_min_contacts", 1, 100000,
                             &rel.lonely_min_contacts);
       }}};
  sections["events"] = {
      {"out_of_order_bound_seconds",
       [&](const YAML::Node& n) {
         int64_t v;
         RETURN_IF_ERROR(
             ReadInt<int64_t>(name, n, "events.out_of_order_bound_seconds", 0, 24 * 3600, &v));
         c.events.out_of_order_bound_ms = v * 1000;
         return Status::Ok();
       }},
      {"roaming_area_prefix",
       [&](const YAML::Node& n) {
         if (!n.IsScalar()) return Expected(name, n, "events.roaming_area_prefix", "a string");
         c.events.roaming_area_prefix = n.as<std::string>();
         return Status::Ok();
       }},
      {"rules_dir", [&](const YAML::Node& n) {
         if (!n.IsScalar() || n.as<std::string>().empty()) {
           return Expected(name, n, "events.rules_dir", "a folder path");
         }
         c.events.rules_dir = n.as<std::string>();
         return Status::Ok();
       }}};
  for (const auto& kv : root) {
    if (!kv.first.IsScalar()) {
      return Status::InvalidArgument(Where(name, kv.first.Mark()) +
                                     ": a section name must be a plain name");
    }
    std::string key = kv.first.Scalar();
    auto it = sections.find(key);
    if (it == sections.end()) {
      return Status::InvalidArgument(Where(name, kv.first.Mark()) + ": unknown section '" + key +
                                     "' (expected identity, time, state, relations or events)");
    }
    RETURN_IF_ERROR(ReadSection(name, kv.second, key, it->second));
  }
  if (!(rel.regular <= rel.close && rel.close <= rel.intimate)) {
    return Status::InvalidArgument(
        name + ": relations thresholds must rise: regular <= close <= intimate");
  }
  return c;
}
}  // namespace

Result<RippleConfig> LoadConfig(const std::string& path) {
  if (path.empty()) return RippleConfig{};
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseConfig(ss.str(), path);
}

}  // namespace ripple
