// Column scans of the segment evaluator: each turns one term over a run of rows into a bitset
// (bit i = row base + i), 64 rows per word. Kept apart from the tree walk so that the SIMD
// paths and their scalar twins sit side by side.
//
// REQUIRES for every kernel: the rows [base, base + n) exist in the column; `out` has room for
// ceil(n / 64) words. Bits past n in the last word are left zero.
// Thread-safety: a TermScanner belongs to one evaluation (it keeps scratch space); concurrent
// evaluations each build their own.
#pragma once

#include <cstdint>
#include <vector>

#include "profile/internal/segment_program.h"

namespace ripple::profile::internal {

// How a kIn / kNotIn term recognises its codes, picked once per evaluation.
struct CodeMatcher {
  enum class Kind : uint8_t { kMask, kEqual, kTable } kind = Kind::kEqual;
  uint32_t mask = 0;       // kMask: bit c set for each wanted code c (dictionary <= 32)
  uint32_t equal[8] = {};  // kEqual: up to 8 wanted codes
  int equal_count = 0;
  std::vector<uint8_t> table;  // kTable: 1 per wanted code, sized dictionary + 1
  bool Match(uint32_t code) const;
};

class TermScanner {
 public:
  TermScanner(const Term& term, const TagColumn& column);
  // Writes the term's truth for rows [base, base + n) into out.
  void Scan(Row base, uint32_t n, uint64_t* out);

 private:
  void ScanNumbers(Row base, uint32_t n, uint64_t* out) const;
  void ScanCodes(Row base, uint32_t n, uint64_t* out) const;
  void ScanSets(Row base, uint32_t n, uint64_t* out);

  const Term& term_;
  const TagColumn& column_;
  CodeMatcher matcher_;
  // Set membership: which of the chunk's codes match, one bit per code (plus a zero word so
  // that a 64-bit window may start anywhere).
  std::vector<uint64_t> code_hits_;
};

}  // namespace ripple::profile::internal
