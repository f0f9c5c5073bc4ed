// StringTable: interns short texts (hosts, apps, pages) into dense StringIds.
//
// Texts live in one growing arena; the index is a FlatMap64 keyed by the text's hash, with the
// rare hash collision resolved by comparing the stored text (colliding texts chain through an
// overflow list). Interning a text already present allocates nothing. Ids are stable for the
// table's life and dense from 0, so per-string data can live in flat arrays.
// Thread-safety: single writer; Text() of an existing id is safe to read concurrently only
// when no writer runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/flat_map.h"
#include "ingest/record.h"

namespace ripple::ingest {

class StringTable {
 public:
  StringId Intern(std::string_view text);
  // kNoString when absent.
  StringId Find(std::string_view text) const;
  std::string_view Text(StringId id) const {
    const auto& s = spans_[id];
    return std::string_view(arena_.data() + s.offset, s.length);
  }
  // The content hash of an interned text: equal texts have equal hashes in every run.
  uint64_t Hash(StringId id) const { return spans_[id].hash; }
  size_t size() const { return spans_.size(); }

 private:
  struct Span {
    size_t offset;
    uint64_t hash;
    uint32_t length;
    StringId next_same_hash;  // collision chain
  };
  static uint64_t KeyOf(std::string_view text);

  std::string arena_;
  std::vector<Span> spans_;
  FlatMap64 index_;  // hash -> first id with that hash
};

}  // namespace ripple::ingest
