// Parsing of rules files (the language of cep/rule.h) into syntax trees.
//
// Syntax only: names of feeds, fields and tags are checked later by the compiler, which has the
// catalogue. Every error is InvalidArgument "FILE:LINE:COL: <what was expected>, found <what
// is there>" pointing at the offending token (the first error only), e.g.
//   rules/travel.rules:4:28: expected a duration such as 10m, 2h or 7d after 'within', found 'soon'
// Keywords are lower case; identifiers are [A-Za-z_][A-Za-z0-9_.]*; text is "double quoted"
// with \" and \\ escapes; `#` starts a comment to the end of the line. Line breaks are
// whitespace: a rule may be laid out freely between `rule` and `end`.
// Thread-safety: pure functions (LoadRulesDir reads the file system).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cep/rule.h"
#include "core/status.h"

namespace ripple::cep {

// All rules of one file's text, in file order. `file` is used in messages and Rule::file.
// Duplicate ids within the text are an error at the second one ("... rule 'x' is already
// defined at FILE:LINE").
Result<std::vector<Rule>> ParseRules(std::string_view text, std::string_view file);

// Every `*.rules` file of `dir` (not recursive), in name order; a rule id defined in two files
// is an error naming both places. A missing or unreadable folder or file is an error naming it.
// An empty folder gives no rules.
Result<std::vector<Rule>> LoadRulesDir(const std::string& dir);

// The canonical text of a rule (Rule::canonical): tokens separated by single spaces, comments
// dropped, literals as written. Exposed for tests.
std::string CanonicalText(std::string_view rule_text);

}  // namespace ripple::cep
