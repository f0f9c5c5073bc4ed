// Saved segments: loading config/segments.yaml and evaluating its expressions against a table.
// The files they are written to are in segment_store.cc.
#include <spdlog/spdlog.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <roaring/roaring.hh>
#include <sstream>

#include "profile/did_you_mean.h"
#include "profile/internal/segment_program.h"
#include "profile/segment.h"
#include "profile/yaml_position.h"

namespace ripple::profile {
namespace {

std::string Where(const std::string& path, int line, int col) {
  return path + ":" + std::to_string(line) + ":" + std::to_string(col);
}
std::string Where(const std::string& path, const YAML::Mark& mark) {
  return Where(path, mark.line + 1, mark.column + 1);
}

bool ValidName(const std::string& name) {
  if (name.empty() || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Result<std::vector<SavedSegmentDef>> LoadOrThrow(const std::string& path, const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::Load(file);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(Where(path, e.mark) + ": invalid YAML: " + e.msg);
  }
  std::vector<SavedSegmentDef> defs;
  if (root.IsNull()) return defs;  // an empty file: no saved segments
  if (!root.IsMap()) {
    return Status::InvalidArgument(Where(path, root.Mark()) +
                                   ": expected a mapping with the key 'segments'");
  }
  YAML::Node list;
  for (const auto& kv : root) {
    std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
    if (key != "segments") {
      return Status::InvalidArgument(Where(path, kv.first.Mark()) + ": unknown key '" + key +
                                     "' (the file holds one key, 'segments')");
    }
    list = kv.second;
  }
  if (list.IsNull()) return defs;  // `segments:` with nothing under it
  if (!list.IsSequence()) {
    return Status::InvalidArgument(Where(path, list.Mark()) +
                                   ": 'segments' must be a list of {name, expr, description}");
  }
  std::map<std::string, int> first_line;
  for (const YAML::Node& item : list) {
    if (!item.IsMap()) {
      return Status::InvalidArgument(Where(path, item.Mark()) +
                                     ": each segment must be a mapping with name and expr");
    }
    SavedSegmentDef def;
    std::optional<YAML::Node> name_node, expr_node;
    YAML::Mark expr_key;
    for (const auto& kv : item) {
      std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "";
      if (key != "name" && key != "expr" && key != "description") {
        static constexpr std::string_view kKeys[] = {"name", "expr", "description"};
        return Status::InvalidArgument(Where(path, kv.first.Mark()) + ": unknown key '" + key +
                                       "'" + DidYouMean(key, kKeys) +
                                       " (a segment has name, expr and description)");
      }
      if (!kv.second.IsScalar() && !kv.second.IsNull()) {  // `description:` may be empty
        return Status::InvalidArgument(Where(path, kv.second.Mark()) + ": '" + key +
                                       "' must be a single value, not a list or mapping");
      }
      if (key == "name") name_node.emplace(kv.second);
      if (key == "expr") {
        expr_node.emplace(kv.second);
        expr_key = kv.first.Mark();
      }
      if (key == "description") def.description = kv.second.Scalar();
    }
    if (!name_node) return Status::InvalidArgument(Where(path, item.Mark()) + ": missing 'name'");
    def.name = name_node->Scalar();
    if (!ValidName(def.name)) {
      return Status::InvalidArgument(Where(path, name_node->Mark()) + ": segment name '" +
                                     def.name +
                                     "' must be lower case letters, digits and _, starting with "
                                     "a letter");
    }
    auto [it, fresh] = first_line.emplace(def.name, name_node->Mark().line + 1);
    if (!fresh) {
      return Status::InvalidArgument(Where(path, name_node->Mark()) + ": duplicate segment name '" +
                                     def.name + "' (first defined on line " +
                                     std::to_string(it->second) + ")");
    }
    if (!expr_node) {
      return Status::InvalidArgument(Where(path, item.Mark()) + ": segment '" + def.name +
                                     "' has no 'expr'");
    }
    def.expr = expr_node->Scalar();
    if (def.expr.find_first_not_of(" \t\r\n") == std::string::npos) {
      // Said here: an empty value has no position of its own to point at.
      return Status::InvalidArgument(Where(path, expr_key) + ": segment '" + def.name +
                                     "' has an empty 'expr'");
    }
    const FilePosition start = ScalarOffsetPosition(file, expr_node->Mark(), def.expr, 0);
    def.line = start.line;
    def.column = start.column;
    defs.push_back(std::move(def));
  }
  return defs;
}

}  // namespace

Result<std::vector<SavedSegmentDef>> LoadSavedSegments(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot open saved segments file " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    return LoadOrThrow(path, buf.str());
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(Where(path, e.mark) + ": " + e.msg);
  }
}

Result<std::vector<SavedSegmentResult>> EvaluateSavedSegments(
    const std::vector<SavedSegmentDef>& defs, const TagTable& table, std::string_view source) {
  std::vector<SavedSegmentResult> results;
  for (const SavedSegmentDef& def : defs) {
    // From where the expression starts in the file, a place inside it is a file position:
    // exact on one line and in a block scalar (| keeps the lines, each indented alike); a plain
    // scalar folded over several lines counts on as if it were one line.
    auto where = [&](const internal::ParseError& e) {
      std::string src(source);
      if (def.line <= 0) return src + ":" + std::to_string(e.col);
      std::string_view before = std::string_view(def.expr).substr(0, e.offset);
      const size_t newline = before.rfind('\n');
      if (newline == std::string_view::npos) {
        return Where(src, def.line, def.column + static_cast<int>(e.offset));
      }
      const int lines = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      return Where(src, def.line + lines, def.column + static_cast<int>(e.offset - newline - 1));
    };
    internal::ParseOutcome parsed = internal::ParseSegmentProgram(def.expr, table);
    if (parsed.error.col != 0) {
      return Status::InvalidArgument(where(parsed.error) + ": segment '" + def.name +
                                     "': " + parsed.error.message);
    }
    for (const internal::ParseError& w : parsed.warnings) {
      spdlog::warn("{}: segment '{}': {}", where(w), def.name, w.message);
    }
    ASSIGN_OR_RETURN(Segment segment, Segment::Parse(def.expr, table, source));
    Roaring members = segment.Evaluate(table);
    members.runOptimize();
    SavedSegmentResult r;
    r.name = def.name;
    r.expr = def.expr;
    r.description = def.description;
    r.count = members.cardinality();
    r.bitmap.resize(members.getSizeInBytes());
    r.bitmap.resize(members.write(r.bitmap.data()));
    results.push_back(std::move(r));
  }
  return results;
}

}  // namespace ripple::profile
