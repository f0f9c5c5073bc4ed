// Explanations of decisions, for `explain=1`, GET /v1/decisions/{id} and `ripple push --explain`:
// which campaigns were eligible, which were filtered and by which rule, and why the winner won.
// Rendered from the stored record, with the model at hand for details (targets, caps); a
// campaign no longer in the model is explained by its verdict alone.
// Thread-safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "decide/arbiter.h"
#include "decide/decide_store.h"

namespace ripple::decide {

// {"eligible": [...], "not_eligible": [...], "filtered": [...], "winner": {...}, "summary": "..."}
nlohmann::json ExplainDecision(const DecisionRecord& r, const CompiledModel* model);

}  // namespace ripple::decide
