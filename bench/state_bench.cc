// state_bench: SubscriberState::Apply throughput, memory, and a full checkpoint/load.
//
// Usage: state_bench [--records N] [--subscribers S] [--days D] [--dir PATH] [--keep]
// [--one-by-one] Applies N synthetic records (half calls, 70 % of them on-net so both parties
// update, half data sessions) over S subscribers chosen uniformly (the cache-hostile case), in
// event-time order over D days with 3 % of records up to two days late; then checkpoints every
// dirty subscriber into a fresh RocksDB store under PATH and loads it back into a new state.
// Records are generated in chunks outside the timed region.
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/hash.h"
#include "core/rng.h"
#include "core/time.h"
#include "state/state_store.h"
#include "state/subscriber_state.h"

namespace {

using ripple::ingest::Feed;
using ripple::ingest::Record;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

uint64_t DirBytes(const std::string& dir) {
  uint64_t total = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) total += e.file_size(ec);
  }
  return total;
}

struct Args {
  uint64_t records = 20'000'000;
  uint32_t subscribers = 1'000'000;
  int days = 30;
  std::string dir;
  bool keep = false;
  bool one_by_one = false;  // Apply() per record instead of ApplyBatch()
};

bool ParseArgs(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    auto next = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    const char* v = nullptr;
    if (flag == "--records" && (v = next("--records"))) {
      a->records = std::strtoull(v, nullptr, 10);
    } else if (flag == "--subscribers" && (v = next("--subscribers"))) {
      a->subscribers = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (flag == "--days" && (v = next("--days"))) {
      a->days = std::atoi(v);
    } else if (flag == "--dir" && (v = next("--dir"))) {
      a->dir = v;
    } else if (flag == "--keep") {
      a->keep = true;
    } else if (flag == "--one-by-one") {
      a->one_by_one = true;
    } else {
      std::fprintf(stderr,
                   "usage: state_bench [--records N] [--subscribers S] [--days D] [--dir PATH] "
                   "[--keep] [--one-by-one]\n");
      return false;
    }
  }
  if (a->subscribers == 0 || a->days < 1) {
    std::fprintf(stderr, "--subscribers and --days must be positive\n");
    return false;
  }
  return true;
}

// Record i of the synthetic stream, drawn from `rng`.
Record MakeRecord(uint64_t i, const Args& a, int64_t start_ms, ripple::Rng& rng) {
  const int64_t span_ms = int64_t{a.days} * ripple::kMillisPerDay;
  int64_t ts = start_ms + static_cast<int64_t>((static_cast<__int128>(i) * span_ms) / a.records);
  if (rng.Chance(0.03)) ts -= static_cast<int64_t>(rng.Below(2 * ripple::kMillisPerDay));
  Record r;
  r.ts_ms = ts;
  r.from_sub = static_cast<uint32_t>(rng.Below(a.subscribers));
  r.from = 13800000000ULL + r.from_sub;
  r.cell = static_cast<uint32_t>(rng.Below(20000));
  if (rng.Chance(0.5)) {
    r.feed = Feed::kCalls;
    const bool on_net = rng.Chance(0.7);
    r.to_sub =
        on_net ? static_cast<uint32_t>(rng.Below(a.subscribers)) : ripple::ingest::kNoSubscriber;
    r.to = on_net ? 13800000000ULL + r.to_sub : 13900000000ULL + rng.Below(5'000'000);
    r.duration_s = static_cast<uint32_t>(rng.Below(600));
  } else {
    r.feed = Feed::kData;
    r.bytes_up = rng.Below(200'000);
    r.bytes_down = rng.Below(5'000'000);
    r.duration_s = static_cast<uint32_t>(rng.Below(1800));
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!ParseArgs(argc, argv, &a)) return 2;
  if (a.dir.empty()) {
    a.dir = (std::filesystem::temp_directory_path() /
             ("ripple-state-bench-" + std::to_string(getpid())))
                .string();
  }
  std::error_code ec;
  std::filesystem::remove_all(a.dir, ec);

  std::vector<uint64_t> pseudonyms(a.subscribers);
  for (uint32_t s = 0; s < a.subscribers; ++s) pseudonyms[s] = ripple::Mix64(s + 1);
  ripple::state::StateOptions options;

  auto t0 = Clock::now();
  auto state = std::make_unique<ripple::state::SubscriberState>(pseudonyms, options);
  const double alloc_s = Seconds(t0);

  const int64_t start_ms = ripple::DaysFromCivil(2026, 10, 1) * ripple::kMillisPerDay;
  ripple::Rng rng(42);
  constexpr uint64_t kChunk = 1 << 20;
  std::vector<Record> chunk;
  chunk.reserve(kChunk);
  double apply_s = 0;
  for (uint64_t done = 0; done < a.records;) {
    chunk.clear();
    for (uint64_t i = done; i < a.records && chunk.size() < kChunk; ++i)
      chunk.push_back(MakeRecord(i, a, start_ms, rng));
    auto t = Clock::now();
    if (a.one_by_one) {
      for (const Record& r : chunk) state->Apply(r);
    } else {
      state->ApplyBatch(chunk);
    }
    apply_s += Seconds(t);
    done += chunk.size();
  }
  const size_t memory = state->MemoryBytes();
  const size_t dirty = state->DirtyCount();
  std::printf("state_bench: %llu records (calls+data) over %u subscribers, %d days, retention %d\n",
              static_cast<unsigned long long>(a.records), a.subscribers, a.days,
              options.retention_days);
  std::printf("  allocate state       %.2f s\n", alloc_s);
  std::printf("  apply %-14s %.2f s  %.1f M records/s  (expired %llu)\n",
              a.one_by_one ? "(Apply)" : "(ApplyBatch)", apply_s,
              static_cast<double>(a.records) / apply_s / 1e6,
              static_cast<unsigned long long>(state->expired_records()));
  std::printf("  MemoryBytes          %.1f MB  %.1f bytes/subscriber\n",
              static_cast<double>(memory) / 1e6, static_cast<double>(memory) / a.subscribers);
  std::printf("  peak RSS after apply %.0f MB\n", PeakRssMb());

  auto opened = ripple::state::StateStore::Open(a.dir, options);
  if (!opened.ok()) {
    std::fprintf(stderr, "state_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  std::unique_ptr<ripple::state::StateStore> store = std::move(opened).value();
  t0 = Clock::now();
  ripple::Status st = store->Checkpoint(*state, pseudonyms, "bench-progress");
  const double checkpoint_s = Seconds(t0);
  if (!st.ok()) {
    std::fprintf(stderr, "state_bench: %s\n", st.ToString().c_str());
    return 1;
  }
  const auto& cs = store->last_checkpoint();
  std::printf(
      "  checkpoint           %.2f s  %zu dirty subscribers, batch %.1f MB (%.0f B/subscriber), "
      "on disk %.1f MB\n",
      checkpoint_s, dirty, static_cast<double>(cs.bytes) / 1e6,
      static_cast<double>(cs.bytes) /
          static_cast<double>(cs.subscribers_written ? cs.subscribers_written : 1),
      static_cast<double>(DirBytes(a.dir)) / 1e6);
  std::printf("    building the batch %.2f s, RocksDB write + WAL fsync %.2f s\n",
              cs.encode_seconds, cs.write_seconds);
  std::printf("  peak RSS after checkpoint %.0f MB\n", PeakRssMb());

  state.reset();
  t0 = Clock::now();
  auto loaded = std::make_unique<ripple::state::SubscriberState>(pseudonyms, options);
  auto progress = store->Load(*loaded, pseudonyms);
  const double load_s = Seconds(t0);
  if (!progress.ok()) {
    std::fprintf(stderr, "state_bench: %s\n", progress.status().ToString().c_str());
    return 1;
  }
  std::printf(
      "  load                 %.2f s  (into a fresh state, allocation included), store on disk "
      "now %.1f MB\n",
      load_s, static_cast<double>(DirBytes(a.dir)) / 1e6);
  std::printf("  peak RSS             %.0f MB\n", PeakRssMb());
  store.reset();
  if (!a.keep) std::filesystem::remove_all(a.dir, ec);
  return 0;
}
