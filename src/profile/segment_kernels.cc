// The column scans of segment evaluation. With AVX2 (the project builds for x86-64-v3 where
// the machine has it) eight rows are compared per instruction and their truth taken with one
// movemask; the scalar code handles the rows after the last full 64-row word, and everything
// on machines without AVX2. A comparison with NaN is false in both, which is exactly "a term
// over an unknown value is false".
#include "profile/internal/segment_kernels.h"

#include <cmath>

#ifdef __AVX2__
#include <immintrin.h>
#endif

namespace ripple::profile::internal {
namespace {

template <TermOp kOp>
inline bool Compare(float v, float t) {
  if constexpr (kOp == TermOp::kLt) return v < t;
  if constexpr (kOp == TermOp::kLe) return v <= t;
  if constexpr (kOp == TermOp::kGt) return v > t;
  if constexpr (kOp == TermOp::kGe) return v >= t;
  if constexpr (kOp == TermOp::kEq) return v == t;
  if constexpr (kOp == TermOp::kNe) return v < t || v > t;  // known and different
  return !std::isnan(v);                                    // kHolds
}

#ifdef __AVX2__
// Ordered predicates: false when either side is NaN.
template <TermOp kOp>
constexpr int kPredicate = kOp == TermOp::kLt   ? _CMP_LT_OQ
                           : kOp == TermOp::kLe ? _CMP_LE_OQ
                           : kOp == TermOp::kGt ? _CMP_GT_OQ
                           : kOp == TermOp::kGe ? _CMP_GE_OQ
                           : kOp == TermOp::kEq ? _CMP_EQ_OQ
                           : kOp == TermOp::kNe ? _CMP_NEQ_OQ
                                                : _CMP_ORD_Q;

inline uint32_t Match8(const CodeMatcher& m, const uint32_t* p) {
  __m256i codes = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  switch (m.kind) {
    case CodeMatcher::Kind::kMask: {
      // vpsrlvd yields 0 for shift counts >= 32, so kNoCode and large codes never match.
      __m256i bit = _mm256_srlv_epi32(_mm256_set1_epi32(static_cast<int>(m.mask)), codes);
      return static_cast<uint32_t>(
          _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_slli_epi32(bit, 31))));
    }
    case CodeMatcher::Kind::kEqual: {
      __m256i hit = _mm256_setzero_si256();
      for (int i = 0; i < m.equal_count; ++i) {
        hit = _mm256_or_si256(
            hit, _mm256_cmpeq_epi32(codes, _mm256_set1_epi32(static_cast<int>(m.equal[i]))));
      }
      return static_cast<uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(hit)));
    }
    case CodeMatcher::Kind::kTable:
      break;
  }
  uint32_t bits = 0;
  for (int i = 0; i < 8; ++i) bits |= uint32_t{m.Match(p[i])} << i;
  return bits;
}
#endif

template <TermOp kOp>
void CompareNumbers(const float* p, uint32_t n, float t, uint64_t* out) {
  uint32_t w = 0;
#ifdef __AVX2__
  const __m256 vt = _mm256_set1_ps(t);
  for (; (w + 1) * 64 <= n; ++w) {
    uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) {
      __m256 v = _mm256_loadu_ps(p + w * 64 + k * 8);
      __m256 c = kOp == TermOp::kHolds ? _mm256_cmp_ps(v, v, kPredicate<kOp>)
                                       : _mm256_cmp_ps(v, vt, kPredicate<kOp>);
      bits |= static_cast<uint64_t>(static_cast<uint32_t>(_mm256_movemask_ps(c))) << (k * 8);
    }
    out[w] = bits;
  }
#endif
  for (; w * 64 < n; ++w) {
    uint64_t bits = 0;
    const uint32_t len = std::min<uint32_t>(64, n - w * 64);
    for (uint32_t i = 0; i < len; ++i) {
      bits |= static_cast<uint64_t>(Compare<kOp>(p[w * 64 + i], t)) << i;
    }
    out[w] = bits;
  }
}

}  // namespace

bool CodeMatcher::Match(uint32_t code) const {
  switch (kind) {
    case Kind::kMask:
      return code < 32 && ((mask >> code) & 1) != 0;
    case Kind::kEqual:
      for (int i = 0; i < equal_count; ++i) {
        if (equal[i] == code) return true;
      }
      return false;
    case Kind::kTable:
      return table[std::min<size_t>(code, table.size() - 1)] != 0;
  }
  return false;
}

TermScanner::TermScanner(const Term& term, const TagColumn& column) : term_(term), column_(column) {
  // The cheapest test that covers the wanted codes: a register-sized mask for small
  // dictionaries (interest, plan, …), a few compares for a few codes, a byte table otherwise.
  if (column.dictionary.size() <= 32) {
    matcher_.kind = CodeMatcher::Kind::kMask;
    for (uint32_t c : term.codes) matcher_.mask |= uint32_t{1} << c;
  } else if (term.codes.size() <= 8) {
    matcher_.kind = CodeMatcher::Kind::kEqual;
    for (uint32_t c : term.codes) matcher_.equal[matcher_.equal_count++] = c;
  } else {
    matcher_.kind = CodeMatcher::Kind::kTable;
    matcher_.table.assign(column.dictionary.size() + 1, 0);  // the last entry catches kNoCode
    for (uint32_t c : term.codes) matcher_.table[c] = 1;
  }
}

void TermScanner::Scan(Row base, uint32_t n, uint64_t* out) {
  switch (column_.type) {
    case TagType::kFlag:
    case TagType::kNumber:
      ScanNumbers(base, n, out);
      return;
    case TagType::kText:
      ScanCodes(base, n, out);
      return;
    case TagType::kSet:
      ScanSets(base, n, out);
      return;
  }
}

void TermScanner::ScanNumbers(Row base, uint32_t n, uint64_t* out) const {
  const float* p = column_.numbers.data() + base;
  const float t = term_.number;
  switch (term_.op) {
    case TermOp::kLt:
      CompareNumbers<TermOp::kLt>(p, n, t, out);
      return;
    case TermOp::kLe:
      CompareNumbers<TermOp::kLe>(p, n, t, out);
      return;
    case TermOp::kGt:
      CompareNumbers<TermOp::kGt>(p, n, t, out);
      return;
    case TermOp::kGe:
      CompareNumbers<TermOp::kGe>(p, n, t, out);
      return;
    case TermOp::kEq:
      CompareNumbers<TermOp::kEq>(p, n, t, out);
      return;
    case TermOp::kNe:
      CompareNumbers<TermOp::kNe>(p, n, t, out);
      return;
    default:
      CompareNumbers<TermOp::kHolds>(p, n, t, out);
      return;
  }
}

void TermScanner::ScanCodes(Row base, uint32_t n, uint64_t* out) const {
  const uint32_t* p = column_.codes.data() + base;
  const TermOp op = term_.op;
  uint32_t w = 0;
#ifdef __AVX2__
  const __m256i no_code = _mm256_set1_epi32(-1);  // kNoCode
  for (; (w + 1) * 64 <= n; ++w) {
    uint64_t bits = 0;
    for (int k = 0; k < 8; ++k) {
      const uint32_t* q = p + w * 64 + k * 8;
      uint32_t known =
          ~static_cast<uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpeq_epi32(
              _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q)), no_code)))) &
          0xFF;
      uint32_t m = op == TermOp::kHolds ? known
                   : op == TermOp::kIn  ? Match8(matcher_, q)
                                        : known & ~Match8(matcher_, q) & 0xFF;
      bits |= static_cast<uint64_t>(m) << (k * 8);
    }
    out[w] = bits;
  }
#endif
  for (; w * 64 < n; ++w) {
    uint64_t bits = 0;
    const uint32_t len = std::min<uint32_t>(64, n - w * 64);
    for (uint32_t i = 0; i < len; ++i) {
      uint32_t code = p[w * 64 + i];
      bool known = code != kNoCode;
      bool hit = op == TermOp::kHolds ? known
                 : op == TermOp::kIn  ? matcher_.Match(code)
                                      : known && !matcher_.Match(code);
      bits |= static_cast<uint64_t>(hit) << i;
    }
    out[w] = bits;
  }
}

void TermScanner::ScanSets(Row base, uint32_t n, uint64_t* out) {
  const uint32_t* off = column_.set_offsets.data();
  const uint32_t words = (n + 63) / 64;
  if (term_.op == TermOp::kHolds) {  // a non-empty range of codes
    for (uint32_t w = 0; w < words; ++w) {
      uint64_t bits = 0;
      const uint32_t len = std::min<uint32_t>(64, n - w * 64);
      const uint32_t* o = off + base + w * 64;
      uint32_t i = 0;
#ifdef __AVX2__
      for (; i + 8 <= len; i += 8) {
        const __m256i empty =
            _mm256_cmpeq_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(o + i)),
                               _mm256_loadu_si256(reinterpret_cast<const __m256i*>(o + i + 1)));
        const uint32_t m = ~static_cast<uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(empty)));
        bits |= static_cast<uint64_t>(m & 0xFF) << i;
      }
#endif
      for (; i < len; ++i) bits |= static_cast<uint64_t>(o[i + 1] != o[i]) << i;
      out[w] = bits;
    }
    return;
  }
  // Membership in two passes with no branch per code: first a bitset over the chunk's codes
  // marking the wanted ones (eight codes per instruction), then for each row whether any bit
  // of its code range is set. Sets are small, so eight consecutive rows usually span at most
  // 64 codes: one 64-bit window of the bitset then answers all eight at once, each row a
  // shift and a mask of it. (Mapping each hit back to its row by walking the offsets cost
  // 25 ns per hit; a rank per row, 1.3 ns per row.)
  const uint32_t* codes = column_.set_codes.data();
  const uint32_t first = off[base];
  const uint32_t count = off[base + n] - first;
  code_hits_.assign(count / 64 + 2, 0);
  uint64_t* hits = code_hits_.data();
  uint32_t i = 0;
#ifdef __AVX2__
  for (; i + 64 <= count; i += 64) {
    uint64_t bits = 0;
    for (uint32_t k = 0; k < 8; ++k) {
      bits |= static_cast<uint64_t>(Match8(matcher_, codes + first + i + k * 8)) << (k * 8);
    }
    hits[i / 64] = bits;
  }
#endif
  for (; i < count; ++i) {
    hits[i / 64] |= static_cast<uint64_t>(matcher_.Match(codes[first + i])) << (i % 64);
  }
  // The 64 bits from bit s on (the padding word makes the read past the end harmless).
  auto window = [hits](uint32_t s) {
    const uint32_t shift = s % 64;
    const uint64_t low = hits[s / 64] >> shift;
    return shift == 0 ? low : low | (hits[s / 64 + 1] << (64 - shift));
  };
  auto any_hit = [&](uint32_t s, uint32_t e) {  // any bit in [s, e)
    for (; e - s > 64; s += 64) {
      if (window(s) != 0) return true;
    }
    return e > s && (window(s) & (~uint64_t{0} >> (64 - (e - s)))) != 0;
  };
  const uint32_t* o = off + base;
  for (uint32_t w = 0; w < words; ++w) {
    uint64_t bits = 0;
    const uint32_t len = std::min<uint32_t>(64, n - w * 64);
    uint32_t k = 0;
#ifdef __AVX2__
    const __m256i ones = _mm256_set1_epi64x(-1);
    for (; k + 8 <= len; k += 8) {
      const uint32_t* g = o + w * 64 + k;  // the 8 rows' offsets and the one after
      if (g[8] - g[0] > 64) {
        for (uint32_t j = 0; j < 8; ++j) {
          bits |= static_cast<uint64_t>(any_hit(g[j] - first, g[j + 1] - first)) << (k + j);
        }
        continue;
      }
      const __m256i win = _mm256_set1_epi64x(static_cast<int64_t>(window(g[0] - first)));
      const __m256i starts_at = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(g));
      const __m256i ends_at = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(g + 1));
      const __m256i starts = _mm256_sub_epi32(starts_at, _mm256_set1_epi32(static_cast<int>(g[0])));
      const __m256i lens = _mm256_sub_epi32(ends_at, starts_at);
      uint32_t found = 0;
      for (int half = 0; half < 2; ++half) {
        const __m128i s4 =
            half == 0 ? _mm256_castsi256_si128(starts) : _mm256_extracti128_si256(starts, 1);
        const __m128i l4 =
            half == 0 ? _mm256_castsi256_si128(lens) : _mm256_extracti128_si256(lens, 1);
        // Bits [start, start + len) of the window; shifts by 64 give 0, as wanted.
        const __m256i shifted = _mm256_srlv_epi64(win, _mm256_cvtepu32_epi64(s4));
        const __m256i mask =
            _mm256_andnot_si256(_mm256_sllv_epi64(ones, _mm256_cvtepu32_epi64(l4)), ones);
        const __m256i none =
            _mm256_cmpeq_epi64(_mm256_and_si256(shifted, mask), _mm256_setzero_si256());
        found |= (~static_cast<uint32_t>(_mm256_movemask_pd(_mm256_castsi256_pd(none))) & 0xF)
                 << (half * 4);
      }
      bits |= static_cast<uint64_t>(found) << k;
    }
#endif
    for (; k < len; ++k) {
      const uint32_t* g = o + w * 64 + k;
      bits |= static_cast<uint64_t>(any_hit(g[0] - first, g[1] - first)) << k;
    }
    out[w] = bits;
  }
}

}  // namespace ripple::profile::internal
