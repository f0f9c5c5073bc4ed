// Candidates: the first phase's output for one batch of nodes in local moving and refinement
// (graph/internal/leiden.h) - per node, the communities among its neighbours with the weight to
// each, the heaviest of them, and the community id of each row entry. Slots are laid out by
// the batch's row lengths, so nodes of one batch can be filled concurrently.
// Thread-safety: concurrent fills of different nodes' slots are safe; nothing else.
#pragma once

#include <cstdint>
#include <vector>

namespace ripple::graph::internal {

struct Candidates {
  std::vector<uint64_t> begin;  // node j's candidates: [begin[j], begin[j] + count[j])
  std::vector<uint32_t> count;
  std::vector<uint32_t> key;   // community (or sub-community)
  std::vector<double> weight;  // weight from the node to it
  std::vector<uint32_t> heaviest;
  std::vector<double> own_weight;
  std::vector<uint32_t> nbr_comm;  // community of each row entry
  std::vector<uint32_t> nbr_sub;   // sub-community of each row entry (refinement)

  // A neighbour of node j with edge weight w moved from community `from` to `to` after slot j
  // was filled: moves that weight (appending `to` if new). Returns false when the slot has no
  // room left (the caller then fills it again).
  bool Shift(size_t j, uint32_t from, uint32_t to, double w) {
    const uint64_t slot = begin[j];
    bool placed = false;
    for (uint32_t k = 0; k < count[j]; ++k) {
      if (key[slot + k] == from) weight[slot + k] -= w;
      if (key[slot + k] == to) {
        weight[slot + k] += w;
        placed = true;
      }
    }
    if (placed) return true;
    if (slot + count[j] >= begin[j + 1]) return false;
    key[slot + count[j]] = to;
    weight[slot + count[j]] = w;
    ++count[j];
    return true;
  }
  // Calls fn(k) for each candidate k of slot j, the heaviest first, then the others in order.
  template <class Fn>
  void VisitHeaviestFirst(size_t j, Fn&& fn) const {
    if (count[j] == 0) return;
    fn(size_t{heaviest[j]});
    for (uint32_t k = 0; k < count[j]; ++k) {
      if (k != heaviest[j]) fn(size_t{k});
    }
  }
  void FindHeaviest(size_t j) {
    const uint64_t slot = begin[j];
    uint32_t h = 0;
    for (uint32_t k = 1; k < count[j]; ++k) {
      if (weight[slot + k] > weight[slot + h]) h = k;
    }
    heaviest[j] = h;
  }

  // Slots for `rows` of the given lengths (rows[j] = length of node j's row).
  template <class RowLength>
  void Layout(size_t nodes, RowLength&& row_length) {
    begin.resize(nodes + 1);
    count.resize(nodes);
    heaviest.resize(nodes);
    own_weight.resize(nodes);
    uint64_t entries = 0;
    for (size_t j = 0; j < nodes; ++j) {
      begin[j] = entries;
      entries += row_length(j);
    }
    begin[nodes] = entries;
    if (key.size() < entries) {
      key.resize(entries);
      weight.resize(entries);
      nbr_comm.resize(entries);
      nbr_sub.resize(entries);
    }
  }
};

}  // namespace ripple::graph::internal
