// HugeArray<T>: a fixed-size array of trivially copyable T in one anonymous memory mapping that
// asks the kernel for transparent huge pages (madvise(MADV_HUGEPAGE)).
//
// Why: the state is gigabytes updated at random positions, one cache line per record side. With
// 4 KiB pages nearly every update also misses the TLB, and faulting in the array page by page
// costs seconds of system time; 2 MiB pages remove most of both. Where the kernel does not
// grant huge pages the array still works, with normal pages.
// Allocation failure is not an expected condition (the process cannot run without its state):
// it prints what could not be allocated and aborts, as std::vector would by throwing.
// Invariants: size() elements, each initialised to the value given to the constructor.
// Thread-safety: like a plain array.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <type_traits>
#include <utility>

namespace ripple::state {

template <typename T>
class HugeArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  static_assert(alignof(T) <= 4096, "a mapping is page aligned");

 public:
  HugeArray() = default;
  HugeArray(size_t n, const T& init) : size_(n), bytes_(n * sizeof(T)) {
    if (n == 0) return;
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      std::fprintf(stderr,
                   "ripple: cannot allocate %.1f MB of subscriber state; give the process more "
                   "memory or lower retention_days\n",
                   static_cast<double>(bytes_) / 1e6);
      std::abort();
    }
#ifdef MADV_HUGEPAGE
    madvise(p, bytes_, MADV_HUGEPAGE);  // advisory: failure just means normal pages
#endif
    data_ = static_cast<T*>(p);
    for (size_t i = 0; i < n; ++i) new (data_ + i) T(init);
  }
  ~HugeArray() {
    if (data_ != nullptr) munmap(data_, bytes_);
  }
  HugeArray(HugeArray&& o) noexcept { *this = std::move(o); }
  HugeArray& operator=(HugeArray&& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(bytes_, o.bytes_);
    return *this;
  }
  HugeArray(const HugeArray&) = delete;
  HugeArray& operator=(const HugeArray&) = delete;

  T* data() { return data_; }
  const T* data() const { return data_; }
  size_t size() const { return size_; }
  size_t bytes() const { return bytes_; }
  T& operator[](size_t i) { return data_[i]; }
  const T& operator[](size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  T* data_ = nullptr;
  size_t size_ = 0;
  size_t bytes_ = 0;
};

}  // namespace ripple::state
