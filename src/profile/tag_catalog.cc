// ParseTagCatalog: YAML structure and validation of the entries; expressions are compiled by
// tag_expr_compiler.cc, and their error offsets mapped back into the file by yaml_position.cc.
#include "profile/tag_catalog.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include "profile/did_you_mean.h"
#include "profile/internal/tag_expr.h"
#include "profile/yaml_position.h"

namespace ripple::profile {
namespace {

using internal::CompileExpression;
using internal::IsWindowOp;

enum Key { kId, kDimension, kDescription, kExpr, kBuiltin, kBands, kKeyCount };
constexpr std::array<std::string_view, kKeyCount> kKeyNames = {"id",   "dimension", "description",
                                                               "expr", "builtin",   "bands"};
constexpr size_t kMaxIdLength = 64;

// One `key: value` of an entry. (A default YAML::Node is a defined null, hence the flag.)
struct Field {
  YAML::Node key;
  YAML::Node value;
  bool found = false;
  bool present() const { return found; }
};

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength || id[0] < 'a' || id[0] > 'z') return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::vector<std::string_view> DimensionNames() {
  std::vector<std::string_view> names;
  for (int d = 0; d < kDimensionCount; ++d)
    names.push_back(DimensionName(static_cast<Dimension>(d)));
  return names;
}

bool ParseNumber(const std::string& text, double* out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && ptr == text.data() + text.size() && std::isfinite(*out);
}

std::string NodeKind(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Scalar:
      return "'" + n.Scalar() + "'";
    default:
      return "nothing";
  }
}

class CatalogParser {
 public:
  CatalogParser(std::string_view text, std::string_view source, const FeatureSchema& schema,
                std::span<const BuiltinInfo> builtins)
      : text_(text), source_(source), schema_(schema), builtins_(builtins) {}

  Result<TagCatalog> Parse() {
    YAML::Node root;
    try {
      root = YAML::Load(std::string(text_));
    } catch (const YAML::Exception& e) {
      return Error(e.mark, "invalid YAML: " + e.msg);
    }
    if (!root.IsMap()) {
      return Error(root.Mark(), "expected a mapping with a 'tags:' list, found " + NodeKind(root));
    }
    YAML::Node list;
    bool found = false;
    for (const auto& kv : root) {
      if (kv.first.IsScalar() && kv.first.Scalar() == "tags") {
        if (found) return Error(kv.first.Mark(), "duplicate key 'tags'");
        found = true;
        list = kv.second;
        if (!list.IsSequence()) {
          return Error(kv.first.Mark(),
                       "'tags' must be a list of tag entries, found " + NodeKind(list));
        }
      } else {
        return Error(kv.first.Mark(),
                     "unknown top-level key " + NodeKind(kv.first) + " (expected 'tags')");
      }
    }
    if (!found) return Error(root.Mark(), "missing the 'tags:' list");

    TagCatalog catalog;
    std::map<std::string, int, std::less<>> first_line;
    for (const YAML::Node& entry : list) {
      TagDefinition def;
      RETURN_IF_ERROR(ParseEntry(entry, &def, &first_line));
      catalog.tags.push_back(std::move(def));
    }
    AssignWindowSlots(&catalog);
    return catalog;
  }

 private:
  Status Error(const YAML::Mark& mark, const std::string& message) const {
    return Error(FilePosition{mark.line + 1, mark.column + 1}, message);
  }
  Status Error(FilePosition p, const std::string& message) const {
    // An empty document has no mark (-1); point at its start.
    return Status::InvalidArgument(std::string(source_) + ":" +
                                   std::to_string(std::max(p.line, 1)) + ":" +
                                   std::to_string(std::max(p.column, 1)) + ": " + message);
  }

  // The scalar text of `f`, or an error naming what was found instead.
  Status ScalarOf(const Field& f, Key key, std::string* out) const {
    if (!f.value.IsScalar() || f.value.Scalar().empty()) {
      const YAML::Node& where = f.value.IsNull() ? f.key : f.value;
      return Error(where.Mark(), "'" + std::string(kKeyNames[key]) + "' must be a text, found " +
                                     NodeKind(f.value));
    }
    *out = f.value.Scalar();
    return Status::Ok();
  }

  Status ParseEntry(const YAML::Node& entry, TagDefinition* def,
                    std::map<std::string, int, std::less<>>* first_line) {
    if (!entry.IsMap()) {
      return Error(entry.Mark(),
                   "a tag entry must be a mapping (id, dimension, expr or builtin, …), found " +
                       NodeKind(entry));
    }
    def->line = entry.Mark().line + 1;
    def->column = entry.Mark().column + 1;
    std::array<Field, kKeyCount> fields;
    for (const auto& kv : entry) {
      std::string name = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
      auto it = std::find(kKeyNames.begin(), kKeyNames.end(), name);
      if (it == kKeyNames.end()) {
        std::string hint = DidYouMean(name, kKeyNames);
        return Error(kv.first.Mark(), "unknown key " + NodeKind(kv.first) + hint +
                                          "; allowed: " + JoinNames(kKeyNames));
      }
      Field& f = fields[it - kKeyNames.begin()];
      if (f.present()) return Error(kv.first.Mark(), "duplicate key '" + name + "' in this entry");
      f = {kv.first, kv.second, true};
    }

    const Field& id = fields[kId];
    if (!id.present()) return Error(entry.Mark(), "tag entry has no 'id'");
    RETURN_IF_ERROR(ScalarOf(id, kId, &def->id));
    if (!ValidId(def->id)) {
      return Error(id.value.Mark(), "bad id '" + def->id +
                                        "': lower-case letters, digits and '_', starting with a "
                                        "letter, at most 64 characters");
    }
    auto [seen, inserted] = first_line->emplace(def->id, def->line);
    if (!inserted) {
      return Error(id.value.Mark(), "duplicate id '" + def->id + "' (first defined at line " +
                                        std::to_string(seen->second) + ")");
    }
    const std::string tag = "tag '" + def->id + "'";

    std::vector<std::string_view> dimensions = DimensionNames();
    const Field& dimension = fields[kDimension];
    if (!dimension.present()) {
      return Error(entry.Mark(),
                   tag + " has no 'dimension' (one of: " + JoinNames(dimensions) + ")");
    }
    std::string dimension_name;
    RETURN_IF_ERROR(ScalarOf(dimension, kDimension, &dimension_name));
    if (!ParseDimension(dimension_name, &def->dimension)) {
      std::string hint = DidYouMean(dimension_name, dimensions);
      return Error(dimension.value.Mark(), "unknown dimension '" + dimension_name + "'" + hint +
                                               "; one of: " + JoinNames(dimensions));
    }

    const Field& description = fields[kDescription];
    if (description.present() && !description.value.IsNull()) {
      RETURN_IF_ERROR(ScalarOf(description, kDescription, &def->description));
    }

    const Field& expr = fields[kExpr];
    const Field& builtin = fields[kBuiltin];
    if (expr.present() && builtin.present()) {
      const Field& later = expr.key.Mark().pos > builtin.key.Mark().pos ? expr : builtin;
      return Error(later.key.Mark(), tag + " has both 'expr' and 'builtin': keep one");
    }
    if (builtin.present()) {
      RETURN_IF_ERROR(ParseBuiltin(builtin, tag, def));
    } else if (expr.present()) {
      RETURN_IF_ERROR(ParseExpr(expr, def));
    } else {
      return Error(entry.Mark(), tag + " needs 'expr' (an expression) or 'builtin' (one of: " +
                                     JoinNames(BuiltinNames()) + ")");
    }

    const Field& bands = fields[kBands];
    if (bands.present()) {
      if (!def->builtin.empty()) {
        return Error(bands.key.Mark(),
                     "'bands' apply to number expressions, not to builtin '" + def->builtin + "'");
      }
      if (def->program.boolean) {
        return Error(bands.key.Mark(), "'bands' apply to numbers, but " + tag +
                                           " is a flag (its expression is a comparison or "
                                           "and/or/not)");
      }
      RETURN_IF_ERROR(ParseBands(bands, def));
      def->type = TagType::kText;
    }
    return Status::Ok();
  }

  std::vector<std::string_view> BuiltinNames() const {
    std::vector<std::string_view> names;
    for (const BuiltinInfo& b : builtins_) names.push_back(b.name);
    return names;
  }

  Status ParseBuiltin(const Field& f, const std::string& tag, TagDefinition* def) {
    RETURN_IF_ERROR(ScalarOf(f, kBuiltin, &def->builtin));
    for (const BuiltinInfo& b : builtins_) {
      if (b.name == def->builtin) {
        def->type = b.type;
        return Status::Ok();
      }
    }
    std::vector<std::string_view> known = BuiltinNames();
    return Error(f.value.Mark(), "unknown builtin '" + def->builtin + "' for " + tag +
                                     DidYouMean(def->builtin, known) +
                                     "; known: " + JoinNames(known));
  }

  Status ParseExpr(const Field& f, TagDefinition* def) {
    if (f.value.IsNull()) return Error(f.key.Mark(), "'expr' is empty");
    if (f.value.IsScalar()) {
      def->expr_text = f.value.Scalar();  // "" too: the compiler says "empty expression"
    } else {
      RETURN_IF_ERROR(ScalarOf(f, kExpr, &def->expr_text));
    }
    if (auto err = CompileExpression(def->expr_text, schema_, &def->program)) {
      FilePosition at = ScalarOffsetPosition(text_, f.value.Mark(), def->expr_text, err->offset);
      return Error(at, err->message);
    }
    def->type = def->program.boolean ? TagType::kFlag : TagType::kNumber;
    return Status::Ok();
  }

  Status ParseBands(const Field& f, TagDefinition* def) {
    if (!f.value.IsSequence() || f.value.size() == 0) {
      return Error(f.key.Mark(),
                   "'bands' must be a list of {below: NUMBER, label: TEXT}, the "
                   "last without 'below'");
    }
    const size_t n = f.value.size();
    std::string previous_below;  // as written, for the message
    for (size_t i = 0; i < n; ++i) {
      const YAML::Node band = f.value[i];
      if (!band.IsMap()) {
        return Error(band.Mark(), "a band must be a mapping {below: NUMBER, label: TEXT}, found " +
                                      NodeKind(band));
      }
      Band b{std::numeric_limits<double>::infinity(), {}};
      YAML::Node below;
      bool has_below = false;
      for (const auto& kv : band) {
        const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string();
        if (key == "label" && kv.second.IsScalar() && !kv.second.Scalar().empty()) {
          b.label = kv.second.Scalar();
        } else if (key == "label") {
          return Error(kv.second.IsNull() ? kv.first.Mark() : kv.second.Mark(),
                       "a band's 'label' must be a text, found " + NodeKind(kv.second));
        } else if (key == "below") {
          below = kv.second;
          has_below = true;
          if (!below.IsScalar() || !ParseNumber(below.Scalar(), &b.below)) {
            return Error(below.IsNull() ? kv.first.Mark() : below.Mark(),
                         "'below' must be a finite number, found " + NodeKind(below));
          }
        } else {
          return Error(kv.first.Mark(),
                       "unknown key " + NodeKind(kv.first) + " in a band (allowed: below, label)");
        }
      }
      if (b.label.empty()) return Error(band.Mark(), "band without a 'label'");
      const bool last = i + 1 == n;
      if (last && has_below) {
        return Error(below.Mark(),
                     "the last band must have no 'below': it takes every value "
                     "from the previous band's 'below' up");
      }
      if (!last && !has_below) {
        return Error(band.Mark(), "only the last band may omit 'below'");
      }
      if (!def->bands.empty() && !(b.below > def->bands.back().below) && !last) {
        return Error(below.Mark(), "bands must ascend: below " + below.Scalar() +
                                       " is not above the previous band's " + previous_below);
      }
      if (has_below) previous_below = below.Scalar();
      def->bands.push_back(std::move(b));
    }
    return Status::Ok();
  }

  // Window ops carry days after compilation; give each distinct length a slot.
  static void AssignWindowSlots(TagCatalog* catalog) {
    std::vector<int>& days = catalog->window_days;
    for (const TagDefinition& t : catalog->tags) {
      for (const Op& op : t.program.ops) {
        if (IsWindowOp(op.code)) days.push_back(op.b);
      }
    }
    std::sort(days.begin(), days.end());
    days.erase(std::unique(days.begin(), days.end()), days.end());
    for (TagDefinition& t : catalog->tags) {
      for (Op& op : t.program.ops) {
        if (!IsWindowOp(op.code)) continue;
        op.b =
            static_cast<uint16_t>(std::lower_bound(days.begin(), days.end(), op.b) - days.begin());
      }
    }
  }

  std::string_view text_;
  std::string_view source_;
  const FeatureSchema& schema_;
  std::span<const BuiltinInfo> builtins_;
};

}  // namespace

Result<TagCatalog> ParseTagCatalog(std::string_view yaml_text, std::string_view source_name,
                                   const FeatureSchema& schema,
                                   std::span<const BuiltinInfo> builtins) {
  CatalogParser parser(yaml_text, source_name, schema, builtins);
  try {
    return parser.Parse();
  } catch (const YAML::Exception& e) {
    // Conversions deep in yaml-cpp report by throwing; they must not leave this part.
    return Status::InvalidArgument(std::string(source_name) + ":" +
                                   std::to_string(e.mark.line + 1) + ":" +
                                   std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
}

Result<TagCatalog> LoadTagCatalog(const std::string& path, const FeatureSchema& schema,
                                  std::span<const BuiltinInfo> builtins) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read tag catalog " + path);
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IoError("error reading tag catalog " + path);
  return ParseTagCatalog(text.str(), path, schema, builtins);
}

}  // namespace ripple::profile
