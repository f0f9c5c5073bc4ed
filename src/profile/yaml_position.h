// Positions inside YAML scalars: maps a byte offset in a scalar's decoded value (say, the bad
// token of an expression) back to the line and column of that character in the file, so that
// errors inside embedded languages point where the user typed.
//
// Exact for plain scalars and block scalars (| and >), single- or multi-line, and for quoted
// scalars without escapes: their decoded value has the same non-whitespace characters, in the
// same order, as the text from the node's mark (after the opening quote or the block header
// line). When that does not hold (an escape such as \" or '' before the offset) the scalar's
// own position is returned.
// Thread-safety: pure function.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <string_view>

namespace ripple::profile {

struct FilePosition {
  int line = 1;    // 1-based
  int column = 1;  // 1-based, in bytes as yaml-cpp counts them
};

// `yaml_text` is the whole document the node was parsed from, `mark` the node's Mark(), `value`
// its Scalar(). An offset at or past the last non-whitespace character of `value` maps to the
// position just after that character; an all-whitespace value maps to the mark.
FilePosition ScalarOffsetPosition(std::string_view yaml_text, const YAML::Mark& mark,
                                  std::string_view value, size_t offset);

}  // namespace ripple::profile
