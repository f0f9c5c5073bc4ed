// RuleCompiler: the work of RuleSet::Compile, split over rule_set.cc (patterns, index) and
// rule_conditions.cc (conditions, names). Every error names FILE:LINE:COL of the offending
// token and what would have been valid there.
// Thread-safety: one compiler per compilation.
#pragma once

#include <string>
#include <vector>

#include "cep/rule.h"
#include "cep/rule_set.h"
#include "cep/trigger.h"
#include "core/status.h"

namespace ripple::cep {

class RuleCompiler {
 public:
  RuleCompiler(const CompileContext& context, RuleSet& set) : context_(context), set_(set) {}

  Status CompileRule(const Rule& rule, CompiledRule& out);
  void Index(RuleSet& set);

 private:
  Status CompilePattern(const Rule& rule, CompiledRule& out);
  Status CompileEvent(const Rule& rule, const EventSpec& event, CompiledEvent& out);
  // Appends the condition's postfix program; `feeds` are the feeds it will see.
  Status CompileCondition(const Rule& rule, const Condition& condition, uint8_t feeds,
                          Program& out);
  Status Emit(const Rule& rule, const Condition& c, uint8_t feeds, int depth);
  Status Leaf(const Rule& rule, const Condition& c, uint8_t feeds);
  Status TagLeaf(const Rule& rule, const Condition& c, CondOp& op);
  Status TextValue(const Rule& rule, const FieldInfo& field, const Literal& literal,
                   uint64_t& value);
  Status NumericField(const Rule& rule, const std::string& name, SourcePos pos, Feed feed,
                      FieldId& out);
  Status NumericTag(const Rule& rule, const std::string& name, SourcePos pos, int& column);
  Status FieldOf(const Rule& rule, const std::string& name, SourcePos pos, Feed feed,
                 const FieldInfo*& out);
  Status UnknownField(const Rule& rule, const std::string& name, SourcePos pos, uint8_t feeds);
  static bool IndexableEquality(const RuleSet& set, const Program& program, FieldId& field,
                                std::vector<uint64_t>& values);
  static std::string FeedList(uint8_t feeds);
  static Status Error(const Rule& rule, SourcePos pos, const std::string& message);
  // NotFound (not InvalidArgument): the rule is fine but needs tags or segments none are loaded.
  static Status NeedsProfile(const Rule& rule, SourcePos pos, const std::string& name);

  const CompileContext& context_;
  RuleSet& set_;
};

}  // namespace ripple::cep
