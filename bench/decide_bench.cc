// decide_bench: the arbiter alone — decisions/s over N subscribers and C campaigns on one slot,
// without HTTP, on 1 and 2 threads, with and without the decision store (RocksDB) behind it.
//
// Usage: decide_bench [--subscribers N] [--campaigns C] [--decisions D] [--threads T]
//                     [--store DIR] [--seed S]
// Defaults: 1,000,000 subscribers, 50 active campaigns on app/home_banner (priorities 1..10, so
// ties are common and rotation runs), each with a saved-segment target of random density
// 5-60 % (Roaring bitmaps, like a snapshot's saved segments), one in five waiting for a live
// trigger that a fifth of the requests carry, control shares 0-10 %; caps high enough that
// most decisions arbitrate fully. Requests pick subscribers uniformly (cache-hostile).
// Not timed: building the bitmaps and the model.
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <roaring/roaring.hh>
#include <string>
#include <thread>
#include <vector>

#include "core/rng.h"
#include "decide/arbiter.h"
#include "decide/decide_store.h"

namespace {

using namespace ripple;
using namespace ripple::decide;
using Clock = std::chrono::steady_clock;

struct Args {
  uint32_t subscribers = 1'000'000;
  int campaigns = 50;
  uint64_t decisions = 2'000'000;
  int threads = 1;
  std::string store;
  uint64_t seed = 7;
  std::string ranking = "priority";
  int learn_by = 8;  // adaptive: segments of the first campaigns to learn by
};

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

bool Parse(int argc, char** argv, Args& a) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string f = argv[i];
    const char* v = argv[i + 1];
    if (f == "--subscribers")
      a.subscribers = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    else if (f == "--campaigns")
      a.campaigns = std::atoi(v);
    else if (f == "--decisions")
      a.decisions = std::strtoull(v, nullptr, 10);
    else if (f == "--threads")
      a.threads = std::atoi(v);
    else if (f == "--store")
      a.store = v;
    else if (f == "--seed")
      a.seed = std::strtoull(v, nullptr, 10);
    else if (f == "--ranking")
      a.ranking = v;
    else if (f == "--learn-by")
      a.learn_by = std::atoi(v);
    else
      return false;
  }
  return argc % 2 == 1;
}

MarketingModel Model(const Args& a) {
  MarketingModel m;
  Channel app;
  app.id = "app";
  app.daily_cap = 100000;
  Slot s;
  s.id = "home_banner";
  for (int k = 0; k <= static_cast<int>(Ranking::kAdaptive); ++k) {
    if (RankingName(static_cast<Ranking>(k)) == a.ranking) s.ranking = static_cast<Ranking>(k);
  }
  if (s.ranking == Ranking::kAdaptive) {
    for (int i = 0; i < a.learn_by && i < a.campaigns; ++i) {
      s.learn_by.push_back("seg" + std::to_string(i));
    }
  }
  app.slots.push_back(s);
  m.channels.push_back(app);
  m.policy.weekly_cap = 100000;
  m.policy.quiet_hours = DayWindow{0, 0};
  Rng rng(a.seed);
  for (int i = 0; i < a.campaigns; ++i) {
    Campaign c;
    c.id = "c" + std::to_string(i);
    c.product = "P" + std::to_string(i % 20);
    c.segment = "seg" + std::to_string(i);
    if (i % 5 == 4) c.trigger = "moment" + std::to_string(i % 3);
    c.slots = {"app/home_banner"};
    c.priority = 1 + static_cast<int>(rng.Below(10));
    c.control_share = static_cast<double>(rng.Below(11)) / 100.0;
    c.state = CampaignState::kActive;
    c.creative = {"IMG_" + c.id, "An offer"};
    m.campaigns.push_back(std::move(c));
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!Parse(argc, argv, a)) {
    std::fprintf(stderr,
                 "usage: decide_bench [--subscribers N] [--campaigns C] [--decisions D] "
                 "[--threads T] [--store DIR] [--seed S] [--ranking priority|expected_value|"
                 "rotation|random|adaptive] [--learn-by N]\n");
    return 2;
  }
  const auto t0 = Clock::now();
  Rng rng(a.seed + 1);
  std::vector<Roaring> segments(static_cast<size_t>(a.campaigns));
  std::vector<std::pair<std::string, const Roaring*>> saved;
  for (int i = 0; i < a.campaigns; ++i) {
    const uint64_t density = 5 + rng.Below(56);  // percent
    for (uint32_t s = 0; s < a.subscribers; ++s) {
      if (rng.Below(100) < density) segments[i].add(s);
    }
    segments[i].runOptimize();
    saved.emplace_back("seg" + std::to_string(i), &segments[i]);
  }
  ContactLedger ledger(a.subscribers);
  CounterRegistry counters;
  ContactLists lists;
  BanditRegistry bandits;
  CompiledModel::Inputs in;
  in.saved_segments = saved;
  in.bandits = &bandits;
  auto model = CompiledModel::Compile(Model(a), in, ledger, counters);
  if (!model.ok()) {
    std::fprintf(stderr, "%s\n", model.status().message().c_str());
    return 1;
  }
  std::unique_ptr<DecideStore> store;
  if (!a.store.empty()) {
    std::filesystem::remove_all(a.store);
    auto s = DecideStore::Open(a.store);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().message().c_str());
      return 1;
    }
    store = std::move(*s);
  }
  Arbiter arbiter(ledger, lists, store.get());
  arbiter.Swap(*model);
  bandits.RefitAll();  // adaptive draws from fitted models, as in the server after a second
  std::printf(
      "setup: %u subscribers, %d campaigns (segment bitmaps, 1 in 5 waiting for a trigger), "
      "ranking %s, in %.1f s, not timed; store: %s\n",
      a.subscribers, a.campaigns, a.ranking.c_str(),
      std::chrono::duration<double>(Clock::now() - t0).count(),
      a.store.empty() ? "none" : a.store.c_str());

  std::atomic<uint64_t> shown{0}, control{0}, considered{0};
  const std::vector<std::string> with_trigger = {"moment0", "moment1", "moment2"};
  const int64_t now = 1762675200000;  // 2025-11-09T08:00Z, a Sunday 16:00 local
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < a.threads; ++t) {
    threads.emplace_back([&, t] {
      Rng r(a.seed * 31 + static_cast<uint64_t>(t));
      uint64_t my_shown = 0, my_control = 0, my_considered = 0;
      for (uint64_t i = t; i < a.decisions; i += static_cast<uint64_t>(a.threads)) {
        DecisionRequest q;
        q.subscriber = static_cast<uint32_t>(r.Below(a.subscribers));
        q.phone = 13800000000ULL + q.subscriber;
        q.channel = "app";
        q.slot = "home_banner";
        q.now_ms = now + static_cast<int64_t>(i / 1000);
        if (r.Below(5) == 0) q.triggers = std::span<const std::string>(with_trigger);
        auto d = arbiter.Decide(q);
        if (!d.ok()) std::abort();
        my_shown += d->shown();
        my_control += d->control;
        my_considered += d->considered.size();
      }
      shown += my_shown;
      control += my_control;
      considered += my_considered;
    });
  }
  for (auto& th : threads) th.join();
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("decisions: %llu on %d thread(s) in %.2f s = %.0f decisions/s (%.2f us each)\n",
              static_cast<unsigned long long>(a.decisions), a.threads, secs,
              static_cast<double>(a.decisions) / secs,
              secs * 1e6 / static_cast<double>(a.decisions) * a.threads);
  std::printf("  shown %.1f %%, control %.1f %%, campaigns considered per decision %.1f\n",
              100.0 * static_cast<double>(shown) / static_cast<double>(a.decisions),
              100.0 * static_cast<double>(control) / static_cast<double>(a.decisions),
              static_cast<double>(considered) / static_cast<double>(a.decisions));
  std::printf("  ledger %.1f MB (%zu B per subscriber); peak RSS %.0f MB\n",
              static_cast<double>(ledger.size() * sizeof(ContactEntry)) / 1e6, sizeof(ContactEntry),
              PeakRssMb());
  return 0;
}
