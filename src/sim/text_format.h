// Hand-written text formatting for the simulator's hot loops: integers, fixed-point decimals and
// ISO-8601 timestamps appended to a growable char buffer without iostreams, printf or per-field
// allocation.
//
// CharBuffer invariant: size() <= capacity; Reserve(n) guarantees n writable bytes at End(),
// and Commit(p) marks everything up to p as written. All Append* helpers write into a pointer the
// caller obtained from Reserve and return the new end.
// Thread-safety: a CharBuffer and an IsoFormatter belong to one thread; the free functions are
// pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>

namespace ripple::sim {

class CharBuffer {
 public:
  CharBuffer() = default;
  explicit CharBuffer(size_t initial_capacity) { Grow(initial_capacity); }

  // Returns a pointer with at least `n` writable bytes after the current end.
  char* Reserve(size_t n) {
    if (capacity_ - size_ < n) Grow(size_ + n);
    return data_.get() + size_;
  }
  void Commit(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }
  void Append(std::string_view s) {
    if (s.empty()) return;
    char* p = Reserve(s.size());
    std::memcpy(p, s.data(), s.size());
    size_ += s.size();
  }
  void Clear() { size_ = 0; }
  const char* data() const { return data_.get(); }
  size_t size() const { return size_; }
  std::string_view view() const { return {data_.get(), size_}; }

 private:
  void Grow(size_t min_capacity) {
    size_t cap = capacity_ == 0 ? 4096 : capacity_;
    while (cap < min_capacity) cap *= 2;
    std::unique_ptr<char[]> next(new char[cap]);
    if (size_ > 0) std::memcpy(next.get(), data_.get(), size_);
    data_ = std::move(next);
    capacity_ = cap;
  }
  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

inline char* AppendText(char* p, std::string_view s) {
  if (s.empty()) return p;  // an empty view may have a null data(): memcpy must not see it
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

namespace internal {
inline constexpr char kDigitPairs[] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";
inline int CountDigits(uint64_t v) {
  int n = 1;
  for (;;) {
    if (v < 10) return n;
    if (v < 100) return n + 1;
    if (v < 1000) return n + 2;
    if (v < 10000) return n + 3;
    v /= 10000;
    n += 4;
  }
}
}  // namespace internal

inline char* AppendUint(char* p, uint64_t v) {
  char* end = p + internal::CountDigits(v);
  char* q = end;
  while (v >= 100) {
    q -= 2;
    std::memcpy(q, internal::kDigitPairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (v >= 10) {
    std::memcpy(q - 2, internal::kDigitPairs + 2 * v, 2);
  } else {
    q[-1] = static_cast<char>('0' + v);
  }
  return end;
}

// Copies a short text kept in a fixed-size array: always copies all N bytes (a constant-size
// copy compiles to a few moves) and advances by the text's length. The caller's buffer must have
// N bytes of room, which Reserve(kMaxLineBytes) guarantees.
template <size_t N>
inline char* AppendFixedArray(char* p, const char (&text)[N], size_t len) {
  std::memcpy(p, text, N);
  return p + len;
}

inline char* AppendInt(char* p, int64_t v) {
  if (v < 0) {
    *p++ = '-';
    return AppendUint(p, static_cast<uint64_t>(-(v + 1)) + 1);
  }
  return AppendUint(p, static_cast<uint64_t>(v));
}

// Exactly `width` digits, zero-padded (v must fit).
inline char* AppendPadded(char* p, uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

// Hundredths as a decimal with two places: 5000 -> "50.00", -5 -> "-0.05".
inline char* AppendCents(char* p, int64_t cents) {
  if (cents < 0) {
    *p++ = '-';
    cents = -cents;
  }
  p = AppendUint(p, static_cast<uint64_t>(cents / 100));
  *p++ = '.';
  return AppendPadded(p, static_cast<uint64_t>(cents % 100), 2);
}

// A fixed-point decimal with `decimals` places, e.g. latitudes (v >= 0 or negative).
char* AppendFixed(char* p, double v, int decimals);

// Formats ISO-8601 with offset ("2026-11-02T08:15:30+08:00", ".250" when millis are non-zero),
// the same text core's FormatIso8601 produces, caching the calendar date of the last day seen.
class IsoFormatter {
 public:
  // `out` needs 32 bytes.
  char* Append(char* out, int64_t ts_ms, int offset_minutes);

 private:
  int64_t cached_day_ = INT64_MIN;
  char date_[11] = {};  // "YYYY-MM-DDT"
};

// Local calendar date "YYYY-MM-DD" of local day number `day` (days since 1970-01-01).
char* AppendDate(char* p, int64_t day);

}  // namespace ripple::sim
