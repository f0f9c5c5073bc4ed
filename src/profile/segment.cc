// Segment's lifetime and Parse; evaluation is in segment_eval.cc, explanation in
// segment_explain.cc, saved segments in segment_saved.cc and segment_store.cc.
#include "profile/segment.h"

#include <roaring/roaring.hh>

#include "profile/internal/segment_program.h"

namespace ripple::profile {

bool internal::ProgramFits(const SegmentProgram& program, const TagTable& table) {
  for (const Term& t : program.terms) {
    if (t.column < 0 || static_cast<size_t>(t.column) >= table.columns().size()) return false;
    const TagColumn& c = table.columns()[t.column];
    if (c.type != t.type) return false;
    for (uint32_t code : t.codes) {
      if (code >= c.dictionary.size()) return false;
    }
  }
  return true;
}

Segment::Segment() = default;
Segment::Segment(Segment&&) noexcept = default;
Segment& Segment::operator=(Segment&&) noexcept = default;
Segment::~Segment() = default;

Result<Segment> Segment::Parse(std::string_view text, const TagTable& table,
                               std::string_view source) {
  internal::ParseOutcome parsed = internal::ParseSegmentProgram(text, table);
  auto where = [&](int col) { return std::string(source) + ":" + std::to_string(col) + ": "; };
  if (parsed.error.col != 0) {
    return Status::InvalidArgument(where(parsed.error.col) + parsed.error.message);
  }
  Segment s;
  s.text_ = std::string(text);
  s.root_ = std::make_unique<Node>();
  s.root_->program = std::move(parsed.program);
  for (const internal::ParseError& w : parsed.warnings) {
    s.warnings_.push_back(where(w.col) + w.message);
  }
  return s;
}

}  // namespace ripple::profile
