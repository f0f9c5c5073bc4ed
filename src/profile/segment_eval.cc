// Segment::Evaluate: the expression tree is walked once per chunk of 65,536 rows over plain
// bitsets (1,024 words, which stay in L1/L2 cache), and each chunk's result becomes one
// container of the Roaring bitmap.
//
// Why this shape (bench/segment_bench --compare, 10M rows, docs/segments.md): building each
// term's bitmap from row ids with addMany and combining whole-table bitmaps with &=, |= and -=
// took 52-67 ms for `age > 30` alone and 230-320 ms for a 5-term expression; this walk takes
// 1.5-2 ms and 20-25 ms. It reads each column once, short-circuits `and`/`or` per chunk, and
// hands the finished chunks to CRoaring in its portable serialization (a bitset container is
// the chunk's 8 KiB verbatim, an array container its sorted 16-bit offsets), which
// Roaring::readSafe loads with a memcpy per container — no per-member work at all.
#include <algorithm>
#include <cstring>
#include <roaring/roaring.hh>
#include <string>
#include <vector>

#include "profile/internal/segment_kernels.h"
#include "profile/internal/segment_program.h"
#include "profile/segment.h"

namespace ripple::profile {
namespace {

using internal::ExprNode;
using internal::NodeKind;
using internal::SegmentProgram;
using internal::TermScanner;

constexpr uint32_t kChunkRows = 65536;
constexpr uint32_t kChunkWords = kChunkRows / 64;
constexpr uint32_t kMaxArrayCardinality = 4096;    // CRoaring's array/bitset boundary
constexpr uint32_t kPortableCookieNoRuns = 12346;  // portable format, no run containers

// Assembles CRoaring's portable serialization chunk by chunk (format: CRoaring's
// RoaringFormatSpec): cookie, container count, (key, cardinality - 1) pairs, byte offsets,
// then the containers.
class PortableWriter {
 public:
  void AddChunk(uint16_t key, const uint64_t* words, uint32_t nwords) {
    uint32_t card = 0;
    for (uint32_t w = 0; w < nwords; ++w)
      card += static_cast<uint32_t>(__builtin_popcountll(words[w]));
    if (card == 0) return;
    keys_.push_back(key);
    cards_.push_back(card);
    offsets_.push_back(static_cast<uint32_t>(body_.size()));
    if (card <= kMaxArrayCardinality) {
      size_t at = body_.size();
      body_.resize(at + card * sizeof(uint16_t));
      char* dst = body_.data() + at;
      for (uint32_t w = 0; w < nwords; ++w) {
        for (uint64_t bits = words[w]; bits != 0; bits &= bits - 1) {
          uint16_t v = static_cast<uint16_t>(w * 64 + static_cast<uint32_t>(__builtin_ctzll(bits)));
          std::memcpy(dst, &v, sizeof v);
          dst += sizeof v;
        }
      }
    } else {
      size_t at = body_.size();
      body_.resize(at + kChunkWords * sizeof(uint64_t), '\0');  // words past nwords stay 0
      std::memcpy(body_.data() + at, words, nwords * sizeof(uint64_t));
    }
  }

  // The bitmap of the chunks added. (CRoaring's reader skips the offsets of a bitmap without
  // run containers, but they are written as the format says, for any other reader.)
  Roaring Finish() const {
    const uint32_t n = static_cast<uint32_t>(keys_.size());
    const uint32_t header = 8 + 8 * n;
    std::string buf;
    buf.reserve(header + body_.size());
    auto put32 = [&](uint32_t v) { buf.append(reinterpret_cast<const char*>(&v), 4); };
    auto put16 = [&](uint16_t v) { buf.append(reinterpret_cast<const char*>(&v), 2); };
    put32(kPortableCookieNoRuns);
    put32(n);
    for (uint32_t i = 0; i < n; ++i) {
      put16(keys_[i]);
      put16(static_cast<uint16_t>(cards_[i] - 1));
    }
    for (uint32_t i = 0; i < n; ++i) put32(header + offsets_[i]);
    buf += body_;
    return Roaring::readSafe(buf.data(), buf.size());
  }

 private:
  std::vector<uint16_t> keys_;
  std::vector<uint32_t> cards_;
  std::vector<uint32_t> offsets_;
  std::string body_;
};

class ChunkEvaluator {
 public:
  ChunkEvaluator(const SegmentProgram& program, const TagTable& table) : program_(program) {
    scanners_.reserve(program.terms.size());
    for (const internal::Term& t : program.terms) {
      scanners_.emplace_back(t, table.columns()[t.column]);
    }
    scratch_.resize(static_cast<size_t>(program.depth) * kChunkWords);
  }

  // The chunk's members into out (ceil(n / 64) words; bits past n zero).
  void Run(Row base, uint32_t n, uint64_t* out) {
    base_ = base;
    n_ = n;
    words_ = (n + 63) / 64;
    last_mask_ = n % 64 == 0 ? ~uint64_t{0} : (uint64_t{1} << (n % 64)) - 1;
    Eval(program_.root, out, scratch_.data());
  }

 private:
  // `scratch` has room for the subtree's temporaries (depth - 1 chunks).
  void Eval(int index, uint64_t* out, uint64_t* scratch) {
    const ExprNode& node = program_.nodes[index];
    switch (node.kind) {
      case NodeKind::kAll:
        Fill(out, true);
        return;
      case NodeKind::kNone:
        Fill(out, false);
        return;
      case NodeKind::kTerm:
        scanners_[node.term].Scan(base_, n_, out);
        return;
      case NodeKind::kNot:
        Eval(node.children[0], out, scratch);
        for (uint32_t w = 0; w < words_; ++w) out[w] = ~out[w];
        out[words_ - 1] &= last_mask_;
        return;
      case NodeKind::kAnd:
      case NodeKind::kOr: {
        const bool is_and = node.kind == NodeKind::kAnd;
        Eval(node.children[0], out, scratch);
        for (size_t c = 1; c < node.children.size(); ++c) {
          // Settled for the whole chunk: the remaining terms need not be scanned here.
          if (is_and ? None(out) : Full(out)) return;
          Eval(node.children[c], scratch, scratch + kChunkWords);
          if (is_and) {
            for (uint32_t w = 0; w < words_; ++w) out[w] &= scratch[w];
          } else {
            for (uint32_t w = 0; w < words_; ++w) out[w] |= scratch[w];
          }
        }
        return;
      }
    }
  }

  void Fill(uint64_t* out, bool value) const {
    std::fill(out, out + words_, value ? ~uint64_t{0} : 0);
    out[words_ - 1] &= last_mask_;
  }
  bool None(const uint64_t* out) const {
    uint64_t any = 0;
    for (uint32_t w = 0; w < words_; ++w) any |= out[w];
    return any == 0;
  }
  bool Full(const uint64_t* out) const {
    uint64_t all = ~uint64_t{0};
    for (uint32_t w = 0; w + 1 < words_; ++w) all &= out[w];
    return all == ~uint64_t{0} && out[words_ - 1] == last_mask_;
  }

  const SegmentProgram& program_;
  std::vector<TermScanner> scanners_;
  std::vector<uint64_t> scratch_;
  Row base_ = 0;
  uint32_t n_ = 0, words_ = 0;
  uint64_t last_mask_ = 0;
};

}  // namespace

Roaring Segment::Evaluate(const TagTable& table) const {
  const size_t rows = table.rows();
  if (rows == 0 || !internal::ProgramFits(root_->program, table)) return Roaring();
  // One thread: splitting the chunks over both cores was measured slower on the project's VM
  // (waking a second vCPU costs ~10 ms, more than a whole 6-term evaluation saves), and a
  // server evaluating several segments at once uses the cores anyway.
  ChunkEvaluator evaluator(root_->program, table);
  PortableWriter writer;
  std::vector<uint64_t> chunk(kChunkWords);
  for (size_t base = 0; base < rows; base += kChunkRows) {
    const uint32_t n = static_cast<uint32_t>(std::min<size_t>(kChunkRows, rows - base));
    evaluator.Run(static_cast<Row>(base), n, chunk.data());
    writer.AddChunk(static_cast<uint16_t>(base / kChunkRows), chunk.data(), (n + 63) / 64);
  }
  return writer.Finish();
}

}  // namespace ripple::profile
