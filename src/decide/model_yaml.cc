// LoadMarketingConfig: config/marketing.yaml through the JSON validator, with errors at
// FILE:LINE:COL. The YAML is turned into JSON while remembering where each node was written;
// a validation error's path ("campaigns[2].slots[0]") is then looked up in those positions.
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "decide/model_config.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;

// A plain scalar is typed the way YAML 1.2's core schema would: integers, floats, booleans;
// anything quoted stays text.
json Scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted
  if (s == "true" || s == "True") return true;
  if (s == "false" || s == "False") return false;
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  char* end = nullptr;
  errno = 0;
  const long long i = std::strtoll(s.c_str(), &end, 10);
  if (end && *end == '\0' && errno == 0 && !s.empty() && s[0] != '+') {
    // "08" is a text (a leading zero is not how anyone writes a number)
    if (!(s.size() > 1 && s[0] == '0')) return i;
    return s;
  }
  end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (end && *end == '\0' && s.find_first_of("0123456789") != std::string::npos &&
      s.find_first_of("nN") == std::string::npos) {
    return d;
  }
  return s;
}

json ToJson(const YAML::Node& n, const std::string& path,
            std::map<std::string, YAML::Mark>* marks) {
  (*marks)[path] = n.Mark();
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json j = json::object();
      for (const auto& kv : n) {
        const std::string key = kv.first.Scalar();
        const std::string p = path.empty() ? key : path + "." + key;
        (*marks)[p + "#key"] = kv.first.Mark();
        j[key] = ToJson(kv.second, p, marks);
      }
      return j;
    }
    case YAML::NodeType::Sequence: {
      json j = json::array();
      for (size_t i = 0; i < n.size(); ++i) {
        j.push_back(ToJson(n[i], path + "[" + std::to_string(i) + "]", marks));
      }
      return j;
    }
    case YAML::NodeType::Scalar:
      return Scalar(n);
    default:
      return nullptr;
  }
}

// The position of `path`, or of its nearest written ancestor (a missing key is reported where
// its object starts). An unknown key (`at_key`) is reported at the key itself.
YAML::Mark MarkOf(const std::map<std::string, YAML::Mark>& marks, std::string path, bool at_key) {
  if (auto it = marks.find(path + "#key"); at_key && it != marks.end()) return it->second;
  while (true) {
    if (auto it = marks.find(path); it != marks.end()) return it->second;
    const size_t cut = path.find_last_of(".[");
    if (cut == std::string::npos) break;
    path.resize(cut);
  }
  auto it = marks.find("");
  return it == marks.end() ? YAML::Mark() : it->second;
}

}  // namespace

Result<MarketingModel> ParseMarketingConfig(const std::string& text, const std::string& name) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(name + ":" + std::to_string(e.mark.line + 1) + ":" +
                                   std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  std::map<std::string, YAML::Mark> marks;
  const json j = root.IsNull() ? json::object() : ToJson(root, "", &marks);
  MarketingModel m;
  if (auto err = ModelFromJson(j, &m)) {
    const YAML::Mark mark = MarkOf(marks, err->path, err->message.starts_with("unknown key"));
    return Status::InvalidArgument(name + ":" + std::to_string(mark.line + 1) + ":" +
                                   std::to_string(mark.column + 1) + ": " +
                                   (err->path.empty() ? "" : err->path + ": ") + err->message);
  }
  return m;
}

Result<MarketingModel> LoadMarketingConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read marketing config " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseMarketingConfig(ss.str(), path);
}

}  // namespace ripple::decide
