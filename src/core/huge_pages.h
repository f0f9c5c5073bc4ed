// HugeVector<T>: a std::vector whose large buffers ask the kernel for transparent huge pages
// (madvise(MADV_HUGEPAGE)); AllocateHugePages/FreeHugePages: the same for raw memory. The graph
// algorithms and the event engine read arrays of tens to hundreds of megabytes at random
// positions; with 4 KiB pages nearly every such read also misses the TLB. Where the kernel does
// not grant huge pages the memory is ordinary. Small buffers use operator new as usual.
// Thread-safety: like std::vector.
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

namespace ripple {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// `bytes` rounded up to whole huge pages, aligned to one; free with std::free. Throws
// std::bad_alloc when out of memory, as operator new does.
inline void* AllocateHugePages(size_t bytes) {
  const size_t rounded = (bytes + kHugePageBytes - 1) & ~(kHugePageBytes - 1);
  void* p = std::aligned_alloc(kHugePageBytes, rounded);
  if (p == nullptr) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  madvise(p, rounded, MADV_HUGEPAGE);  // advisory: failure just means normal pages
#endif
  return p;
}

template <class T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding is implicit

  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePageBytes) return static_cast<T*>(::operator new(bytes));
    return static_cast<T*>(AllocateHugePages(bytes));
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePageBytes) {
      ::operator delete(p);
    } else {
      std::free(p);
    }
  }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};

template <class T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

}  // namespace ripple
