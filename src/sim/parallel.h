// A minimal fork-join loop: runs fn(i) for every i in [0, n) on up to `threads` threads, the
// calling thread included, and returns when all are done. Items are handed out one at a time, so
// which thread runs an item is not fixed; callers make each item's output independent of that.
// Thread-safety: fn must be safe to call concurrently for different items.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace ripple::sim {

template <typename Fn>
void ParallelFor(int threads, size_t n, Fn&& fn) {
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < n; i = next.fetch_add(1)) fn(i);
  };
  size_t helpers =
      std::min<size_t>(threads > 1 ? static_cast<size_t>(threads) - 1 : 0, n > 0 ? n - 1 : 0);
  std::vector<std::thread> pool;
  pool.reserve(helpers);
  for (size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace ripple::sim
