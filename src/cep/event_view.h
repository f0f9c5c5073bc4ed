// EventView: one record as one subscriber sees it, with every field a rule can name computed
// on first use and cached for the other rules looking at the same record.
//
// EngineContext holds what the derived fields are read from. The tables are prepared once per
// context (a roaming flag per cell, handset texts interned, tag rows per subscriber), so a
// field costs an array load or two on the hot path.
// Thread-safety: an EngineContext is read-only once built, except its CategoryCache and
// handset table (single-threaded engine); an EventView is per call.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cep/fields.h"
#include "cep/rule_set.h"
#include "ingest/record.h"
#include "ingest/string_table.h"

class Roaring;
namespace ripple::graph {
class ContactGraph;
}
namespace ripple::profile {
class CategoryCache;
}

namespace ripple::cep {

class EngineContext {
 public:
  struct Sources {
    const ingest::ReferenceData* reference = nullptr;  // required
    ingest::StringTable* record_texts = nullptr;       // required
    const profile::HostMatcher* hosts = nullptr;
    const profile::TagTable* tags = nullptr;
    std::vector<const Roaring*> segments;  // as CompileContext::segment_names
    // Known contacts for `new_contact` (may be null: every party is then new until the engine
    // has seen a record between the two, see Engine).
    const graph::ContactGraph* contacts = nullptr;
    int utc_offset_minutes = 480;
    std::string roaming_prefix = "ROAM-";
  };
  explicit EngineContext(Sources sources);
  ~EngineContext();
  EngineContext(const EngineContext&) = delete;
  EngineContext& operator=(const EngineContext&) = delete;

  // The compile context matching these sources (names resolve against the same tables).
  CompileContext MakeCompileContext(std::vector<std::string> segment_names) const;

  const Sources& sources() const { return sources_; }
  bool roaming_cell(ingest::CellId cell) const {
    return cell < roaming_cells_.size() && roaming_cells_[cell];
  }
  int16_t Category(ingest::StringId host);
  // Interned handset text (brand, model or price tier) of a TAC; kNoValue when not in tac.csv.
  uint64_t HandsetText(uint32_t tac, FieldId field) const;
  // Interned category of a product.
  uint64_t ProductCategory(ingest::ProductId product) const {
    return product < product_categories_.size() ? product_categories_[product] : UINT64_MAX;
  }
  int64_t tag_row(ingest::SubscriberId s) const { return s < tag_rows_.size() ? tag_rows_[s] : -1; }
  // The table of TextSpace::kDerived texts.
  ingest::StringTable& derived_texts() { return derived_texts_; }
  const ingest::StringTable& derived_texts() const { return derived_texts_; }

 private:
  Sources sources_;
  std::vector<uint8_t> roaming_cells_;
  std::unique_ptr<profile::CategoryCache> categories_;
  ingest::StringTable derived_texts_;
  std::vector<uint64_t> product_categories_;
  struct HandsetTexts {
    uint32_t brand, model, tier;
  };
  FlatMap64 handset_index_;  // tac + 1 -> index into handsets_
  std::vector<HandsetTexts> handsets_;
  std::vector<int64_t> tag_rows_;  // subscriber -> tag table row, -1 when absent
};

// Whether the other party of a comm record was ever in contact with the subscriber. The engine
// passes its own answer (it remembers pairs it has seen) on top of the context's graph.
using KnownContactFn = bool (*)(void* state, ingest::SubscriberId s, PhoneKey other);

class EventView {
 public:
  EventView(EngineContext& context, const RuleSet& rules, const ingest::Record& record,
            ingest::SubscriberId subscriber)
      : context_(context), rules_(rules), record_(record), subscriber_(subscriber) {}

  const ingest::Record& record() const { return record_; }
  ingest::SubscriberId subscriber() const { return subscriber_; }
  // The party whose cell the record's cell_id is (the caller when on-net): only that party's
  // view has a cell.
  ingest::CellId cell() const;
  bool outgoing() const { return record_.from_sub == subscriber_; }

  // The field's value word: number bits for kNumber (NaN when the record has no value), id for
  // kText (kNoValue when none), 0/1 for kBool.
  uint64_t Value(FieldId field);
  double Number(FieldId field);
  bool Eval(const Program& program);
  void set_known_contact(KnownContactFn fn, void* state) {
    known_fn_ = fn;
    known_state_ = state;
  }

  static constexpr uint64_t kNoValue = UINT64_MAX;

 private:
  uint64_t Compute(FieldId field);
  bool Leaf(const CondOp& op);
  bool TextMatches(const CondOp& op, uint64_t id);

  EngineContext& context_;
  const RuleSet& rules_;
  const ingest::Record& record_;
  ingest::SubscriberId subscriber_;
  KnownContactFn known_fn_ = nullptr;
  void* known_state_ = nullptr;
  uint64_t cache_[32];   // valid where cached_ has the bit: not zeroed per record
  uint32_t cached_ = 0;  // bit per FieldId
};

}  // namespace ripple::cep
