#include "profile/yaml_position.h"

namespace ripple::profile {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

FilePosition MarkPosition(const YAML::Mark& mark) { return {mark.line + 1, mark.column + 1}; }

// The position of byte `target` of the text, counting from the mark.
FilePosition Advance(std::string_view text, const YAML::Mark& mark, size_t target) {
  FilePosition p = MarkPosition(mark);
  for (size_t i = static_cast<size_t>(mark.pos); i < target; ++i) {
    if (text[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

}  // namespace

FilePosition ScalarOffsetPosition(std::string_view yaml_text, const YAML::Mark& mark,
                                  std::string_view value, size_t offset) {
  if (mark.pos < 0 || static_cast<size_t>(mark.pos) >= yaml_text.size()) {
    return MarkPosition(mark);
  }
  size_t raw = static_cast<size_t>(mark.pos);
  const char first = yaml_text[raw];
  if (first == '|' || first == '>') {
    // The block header (indicators, maybe a comment) fills the rest of its line.
    while (raw < yaml_text.size() && yaml_text[raw] != '\n') ++raw;
  } else if (first == '"' || first == '\'') {
    ++raw;
  }
  size_t after_last = std::string_view::npos;  // raw offset after the last matched character
  for (size_t i = 0; i < value.size(); ++i) {
    if (IsSpace(value[i])) continue;
    while (raw < yaml_text.size() && IsSpace(yaml_text[raw])) ++raw;
    if (raw == yaml_text.size() || yaml_text[raw] != value[i]) return MarkPosition(mark);
    if (i >= offset) return Advance(yaml_text, mark, raw);
    after_last = ++raw;
  }
  if (after_last == std::string_view::npos) return MarkPosition(mark);
  return Advance(yaml_text, mark, after_last);
}

}  // namespace ripple::profile
