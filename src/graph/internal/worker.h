// Worker: one helper thread that runs a task while the caller runs another part of the same
// step, then joins it: the fork-join of a batch, thousands of times per pass, without creating a
// thread each time. The helper sleeps on a futex (C++20 atomic wait) between tasks.
// Thread-safety: Start and Wait are called by the owning thread only; a task must stay alive
// until Wait returns.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace ripple::graph::internal {

class Worker {
 public:
  explicit Worker(bool enabled) {
    if (enabled) thread_ = std::thread([this] { Loop(); });
  }
  ~Worker() {
    if (!thread_.joinable()) return;
    stop_.store(true, std::memory_order_relaxed);
    posted_.fetch_add(1, std::memory_order_release);
    posted_.notify_one();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  bool enabled() const { return thread_.joinable(); }

  // REQUIRES: enabled(), no task running.
  template <class F>
  void Start(F& task) {
    run_ = [](void* f) { (*static_cast<F*>(f))(); };
    arg_ = &task;
    posted_.fetch_add(1, std::memory_order_release);
    posted_.notify_one();
  }
  void Wait() {
    const uint64_t target = posted_.load(std::memory_order_relaxed);
    for (int spin = 0; spin < 2000; ++spin) {
      if (done_.load(std::memory_order_acquire) == target) return;
    }
    for (uint64_t d = done_.load(std::memory_order_acquire); d != target;
         d = done_.load(std::memory_order_acquire)) {
      done_.wait(d, std::memory_order_acquire);
    }
  }

 private:
  void Loop() {
    uint64_t seen = 0;
    while (true) {
      posted_.wait(seen, std::memory_order_acquire);
      seen = posted_.load(std::memory_order_acquire);
      if (stop_.load(std::memory_order_relaxed)) return;
      run_(arg_);
      done_.store(seen, std::memory_order_release);
      done_.notify_one();
    }
  }

  std::thread thread_;
  std::atomic<uint64_t> posted_{0};
  std::atomic<uint64_t> done_{0};
  std::atomic<bool> stop_{false};
  void (*run_)(void*) = nullptr;
  void* arg_ = nullptr;
};

}  // namespace ripple::graph::internal
