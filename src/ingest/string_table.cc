#include "ingest/string_table.h"

namespace ripple::ingest {

uint64_t StringTable::KeyOf(std::string_view text) {
  uint64_t h = HashString(text);
  return h == 0 ? 1 : h;
}

StringId StringTable::Find(std::string_view text) const {
  uint32_t id = index_.Find(KeyOf(text));
  while (id != FlatMap64::kMissing && id != kNoString) {
    if (Text(id) == text) return id;
    id = spans_[id].next_same_hash;
  }
  return kNoString;
}

StringId StringTable::Intern(std::string_view text) {
  uint64_t key = KeyOf(text);
  uint32_t first = index_.Find(key);
  for (uint32_t id = first; id != FlatMap64::kMissing && id != kNoString;
       id = spans_[id].next_same_hash) {
    if (Text(id) == text) return id;
  }
  auto id = static_cast<StringId>(spans_.size());
  spans_.push_back({arena_.size(), key, static_cast<uint32_t>(text.size()),
                    first == FlatMap64::kMissing ? kNoString : first});
  arena_.append(text);
  index_.Put(key, id);
  return id;
}

}  // namespace ripple::ingest
