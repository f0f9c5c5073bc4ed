// NeighbourTable: the weight from one node to each community among its neighbours, in a small
// open-addressing table sized to the node's degree. It stays in L1 cache, where an accumulator
// indexed by community id (80 MB at 10 M nodes) costs a cache miss per neighbour.
// Invariant: between uses (after Clear) every key slot is empty. Keys are visited in insertion
// order, so results do not depend on hash layout.
// Thread-safety: one table per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ripple::graph::internal {

class NeighbourTable {
 public:
  // REQUIRES: the table is empty.
  [[gnu::always_inline]] void Prepare(size_t degree) {
    int bits = 5;
    while ((size_t{1} << bits) < 2 * degree) ++bits;
    if (keys_.size() < (size_t{1} << bits)) {
      keys_.assign(size_t{1} << bits, kEmpty);
      weights_.resize(size_t{1} << bits);
    }
    shift_ = 32 - bits;
    mask_ = (size_t{1} << bits) - 1;
  }
  [[gnu::always_inline]] void Add(uint32_t key, double w) {
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) {
        weights_[i] += w;
        return;
      }
      if (keys_[i] == kEmpty) {
        keys_[i] = key;
        weights_[i] = w;
        used_.push_back(static_cast<uint32_t>(i));
        return;
      }
    }
  }
  [[gnu::always_inline]] double Get(uint32_t key) const {
    for (size_t i = Slot(key);; i = (i + 1) & mask_) {
      if (keys_[i] == key) return weights_[i];
      if (keys_[i] == kEmpty) return 0;
    }
  }
  size_t size() const { return used_.size(); }
  uint32_t key(size_t k) const { return keys_[used_[k]]; }
  double weight(size_t k) const { return weights_[used_[k]]; }
  void Clear() {
    for (const uint32_t i : used_) keys_[i] = kEmpty;
    used_.clear();
  }
  // Writes the entries (size() of them) in insertion order, empties the table and returns the
  // index of the heaviest (the first of equals). REQUIRES: weights > 0.
  uint32_t Drain(uint32_t* keys, double* weights) {
    uint32_t heaviest = 0;
    double top = 0;
    for (size_t k = 0; k < used_.size(); ++k) {
      const uint32_t i = used_[k];
      keys[k] = keys_[i];
      weights[k] = weights_[i];
      keys_[i] = kEmpty;
      if (weights[k] > top) {
        top = weights[k];
        heaviest = static_cast<uint32_t>(k);
      }
    }
    used_.clear();
    return heaviest;
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  size_t Slot(uint32_t key) const { return (key * 0x9E3779B1u) >> shift_; }

  std::vector<uint32_t> keys_;
  std::vector<double> weights_;
  std::vector<uint32_t> used_;
  int shift_ = 27;
  size_t mask_ = 31;
};

}  // namespace ripple::graph::internal
