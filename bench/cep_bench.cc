// cep_bench: the event engine on one core — records/s with N generated rules over a synthetic
// operator (bench/cep_world.h), the engine's memory, and record-to-trigger latency at a paced
// rate.
//
// Usage: cep_bench [--subscribers N] [--records N] [--rules N | --rules-dir DIR] [--seed S]
//                  [--bound-seconds S] [--jitter-ms J] [--rate R] [--latency-seconds S]
//                  [--warm-records N] [--sweep-per-record N] [--batch N] [--throughput 0|1]
// Defaults: 1,000,000 subscribers, 30,000,000 records (one local day), 100 generated rules,
// out-of-order bound 10 s (events.out_of_order_bound_seconds), arrival jitter up to 5 s, latency
// at 200,000 records/s for 20 s (0 skips it), the engine's default expiry sweep (2 subscribers
// per record; 0 turns it off, for measuring what it costs); --throughput 0 runs the latency part
// alone.
//
// Not timed: writing and loading the reference tables, generating the rules' text, generating
// the records in memory. Timed: ParseRules, RuleSet::Compile, and Engine::Push over every record
// then Flush, on this thread. The latency run is a second engine with an out-of-order bound of 0
// (the engine's own latency): the records in event-time order, all but the last rate x seconds
// of them (or the --warm-records before those) pushed at full speed to warm it (state as late in
// the day), then those one every 1/rate s (spinning between records, sleeping when ahead); a
// trigger's latency is the wall time from the record's due time (its arrival: queueing behind
// slow records counts) to the sink. A Push over 1 ms is reported as a stall, with whether the
// engine's memory grew in it.
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "cep/engine.h"
#include "cep/rule_parser.h"
#include "cep_world.h"
#include "graph_bench_support.h"
#include "ingest/reference.h"
#include "profile/host_matcher.h"

namespace ripple::cep::bench {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using graph::bench::Seconds;
using graph::bench::StatusBytes;

// CPU seconds of this thread: on a shared machine, what the engine itself used.
double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

[[noreturn]] void Die(const Status& status) {
  std::fprintf(stderr, "cep_bench: %s\n", status.ToString().c_str());
  std::exit(1);
}

constexpr const char* kKindNames[] = {"on",  "sequence", "absence", "count",
                                      "sum", "dwell",    "change",  "first"};

struct Args {
  WorldOptions world;
  uint32_t rules = 100;
  std::string rules_dir;
  int64_t bound_ms = 10'000;
  double rate = 200'000;
  double latency_seconds = 20;
  uint32_t sweep_per_record = EngineOptions().sweep_per_record;  // an experiment's knob
  size_t batch = 256;                  // records per PushBatch in the throughput run (1: Push each)
  uint64_t warm_records = UINT64_MAX;  // latency: records pushed before the paced ones
  bool throughput = true;
};

bool ParseArgs(int argc, char** argv, Args& a) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) return false;
    const char* v = argv[++i];
    if (flag == "--subscribers") {
      a.world.subscribers = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (flag == "--records") {
      a.world.records = std::strtoull(v, nullptr, 10);
    } else if (flag == "--rules") {
      a.rules = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else if (flag == "--rules-dir") {
      a.rules_dir = v;
    } else if (flag == "--seed") {
      a.world.seed = std::strtoull(v, nullptr, 10);
    } else if (flag == "--bound-seconds") {
      a.bound_ms = std::atoll(v) * 1000;
    } else if (flag == "--jitter-ms") {
      a.world.jitter_ms = std::atoll(v);
    } else if (flag == "--rate") {
      a.rate = std::atof(v);
    } else if (flag == "--latency-seconds") {
      a.latency_seconds = std::atof(v);
    } else if (flag == "--throughput") {
      a.throughput = std::atoi(v) != 0;
    } else if (flag == "--warm-records") {
      a.warm_records = std::strtoull(v, nullptr, 10);
    } else if (flag == "--batch") {
      a.batch = std::max<size_t>(1, std::strtoull(v, nullptr, 10));
    } else if (flag == "--sweep-per-record") {
      a.sweep_per_record = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    } else {
      return false;
    }
  }
  return a.world.subscribers > 0 && a.rate > 0;
}

// Counts triggers by pattern kind and which rules fired.
class CountingSink : public TriggerSink {
 public:
  explicit CountingSink(const RuleSet& rules) : rules_(rules), fired_(rules.rules().size(), 0) {}
  void OnTrigger(const Trigger& t) override {
    ++by_kind[static_cast<int>(rules_.rules()[t.rule].kind)];
    fired_[t.rule] = 1;
  }
  void OnLate(const ingest::Record&) override { ++late; }
  size_t rules_fired() const { return std::count(fired_.begin(), fired_.end(), 1); }

  uint64_t by_kind[8] = {};
  uint64_t late = 0;

 private:
  const RuleSet& rules_;
  std::vector<uint8_t> fired_;
};

// Wall time from the current record's arrival (and from its Push) to each trigger.
class LatencySink : public TriggerSink {
 public:
  void OnTrigger(const Trigger&) override {
    if (!measuring) return;
    const Clock::time_point now = Clock::now();
    from_arrival_ns.push_back((now - arrival).count());
    from_push_ns.push_back((now - pushed).count());
  }
  bool measuring = true;
  Clock::time_point arrival, pushed;
  std::vector<int64_t> from_arrival_ns, from_push_ns;
};

double Percentile(std::vector<int64_t>& v, double q) {
  if (v.empty()) return 0;
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<ptrdiff_t>(i), v.end());
  return static_cast<double>(v[i]) / 1e3;  // µs
}

void PrintLatency(const char* what, std::vector<int64_t>& v) {
  const double p50 = Percentile(v, 0.50), p99 = Percentile(v, 0.99), p999 = Percentile(v, 0.999);
  const double max =
      v.empty() ? 0 : static_cast<double>(*std::max_element(v.begin(), v.end())) / 1e3;
  std::printf("  %-26s p50 %7.2f us  p99 %7.2f us  p99.9 %8.2f us  max %9.1f us\n", what, p50, p99,
              p999, max);
}

void PrintIndex(const RuleSet& rules) {
  std::printf("index (rules looked at for every record of the feed / fields keyed on):\n");
  for (const Feed f : kAllFeeds) {
    std::string keyed;
    for (const FieldId field : rules.keyed_fields(f)) {
      if (!keyed.empty()) keyed += ",";
      keyed += FieldCatalogue()[static_cast<int>(field)].name;
    }
    std::printf("  %-9s always %4zu  keyed on %s\n", std::string(FeedStem(f)).c_str(),
                rules.always(f).size(), keyed.empty() ? "-" : keyed.c_str());
  }
}

void Throughput(const Args& a, std::shared_ptr<const RuleSet> rules, EngineContext& context,
                const std::vector<ingest::Record>& records) {
  EngineOptions options;
  options.out_of_order_bound_ms = a.bound_ms;
  options.sweep_per_record = a.sweep_per_record;
  CountingSink sink(*rules);
  Engine engine(rules, &context, options, &sink);
  const double rss_before = StatusBytes("VmRSS");
  const auto start = Clock::now();
  const double cpu_start = ThreadCpuSeconds();
  for (size_t i = 0; i < records.size(); i += a.batch) {
    engine.PushBatch(std::span(records).subspan(i, std::min(a.batch, records.size() - i)));
  }
  engine.Flush();
  const double seconds = Seconds(start);
  const double cpu = ThreadCpuSeconds() - cpu_start;
  const EngineStats st = engine.stats();
  const double n = static_cast<double>(records.size());
  std::printf(
      "\nthroughput: %zu records in %.2f s = %.3f M records/s, %.0f ns/record (one thread; "
      "CPU %.2f s = %.3f M records per CPU second)\n",
      records.size(), seconds, n / seconds / 1e6, seconds * 1e9 / n, cpu, n / cpu / 1e6);
  std::printf("  triggers %llu (%.4f per record):", static_cast<unsigned long long>(st.triggers),
              static_cast<double>(st.triggers) / n);
  for (int k = 0; k < 8; ++k) {
    std::printf(" %s %llu", kKindNames[k], static_cast<unsigned long long>(sink.by_kind[k]));
  }
  std::printf("\n  rules that fired %zu of %zu; late records %llu\n", sink.rules_fired(),
              rules->rules().size(), static_cast<unsigned long long>(st.late));
  std::printf(
      "  matched %llu records, handled %llu (record, subscriber, rule) = %.2f handlings "
      "per record\n",
      static_cast<unsigned long long>(st.matched), static_cast<unsigned long long>(st.handled),
      static_cast<double>(st.handled) / static_cast<double>(std::max<uint64_t>(1, st.matched)));
  std::printf("  live slots %llu, expired %llu, pending absence timers %llu\n",
              static_cast<unsigned long long>(st.live_slots),
              static_cast<unsigned long long>(st.expired_slots),
              static_cast<unsigned long long>(st.pending_timers));
  const double mem = static_cast<double>(engine.MemoryBytes());
  std::printf("  engine MemoryBytes %.1f MB = %.1f bytes per subscriber; RSS %.2f -> %.2f GB\n",
              mem / 1e6, mem / a.world.subscribers, rss_before / 1e9, StatusBytes("VmRSS") / 1e9);
}

// Sorts `records` by event time (an out-of-order bound of 0 admits no disorder), warms a new
// engine on all but the last rate x seconds of them at full speed, then paces those.
void Latency(const Args& a, std::shared_ptr<const RuleSet> rules, EngineContext& context,
             std::vector<ingest::Record>& records) {
  std::stable_sort(
      records.begin(), records.end(),
      [](const ingest::Record& x, const ingest::Record& y) { return x.ts_ms < y.ts_ms; });
  const size_t n = std::min(records.size(), static_cast<size_t>(a.rate * a.latency_seconds));
  const size_t first = records.size() - n;  // of the paced records
  const size_t warm = std::min<uint64_t>(first, a.warm_records);
  EngineOptions options;
  options.out_of_order_bound_ms = 0;
  options.sweep_per_record = a.sweep_per_record;
  LatencySink sink;
  Engine engine(std::move(rules), &context, options, &sink);
  auto t = Clock::now();
  sink.measuring = false;
  for (size_t i = first - warm; i < first; ++i) engine.Push(records[i]);
  std::printf(
      "\nlatency: warmed on %zu records (%.1f h of event time) in %.1f s (%.3f M records/s)", warm,
      warm ? static_cast<double>(records[first - 1].ts_ms - records[first - warm].ts_ms) / 3.6e6
           : 0.0,
      Seconds(t), static_cast<double>(warm) / Seconds(t) / 1e6);
  sink.measuring = true;
  const ingest::Record* ordered = records.data() + first;
  const auto start = Clock::now();
  const double ns_per_record = 1e9 / a.rate;
  uint64_t slept = 0, stalls = 0, stalls_growing = 0;
  Clock::duration longest{};
  size_t longest_from = 0, longest_to = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto due = start + std::chrono::nanoseconds(static_cast<int64_t>(i * ns_per_record));
    Clock::time_point now = Clock::now();
    if (due - now > std::chrono::microseconds(200)) {
      std::this_thread::sleep_until(due - std::chrono::microseconds(100));
      ++slept;
    }
    while ((now = Clock::now()) < due) {
    }
    // A Push over 1 ms is a stall; whether the engine's memory grew in it tells an arena or
    // table doubling from other causes (the other core's load, page faults).
    const size_t memory_before = engine.MemoryBytes();
    sink.arrival = due;
    sink.pushed = now;
    engine.Push(ordered[i]);
    const Clock::duration took = Clock::now() - now;
    if (took > std::chrono::milliseconds(1)) {
      const size_t memory_after = engine.MemoryBytes();
      ++stalls;
      stalls_growing += memory_after != memory_before;
      if (took > longest) {
        longest = took;
        longest_from = memory_before;
        longest_to = memory_after;
      }
    }
  }
  const double seconds = Seconds(start);
  std::printf(
      "\n  then %zu records paced at %.0f records/s (achieved %.0f/s, %llu sleeps), "
      "out-of-order bound 0, %zu triggers\n",
      n, a.rate, static_cast<double>(n) / seconds, static_cast<unsigned long long>(slept),
      sink.from_arrival_ns.size());
  PrintLatency("arrival -> trigger", sink.from_arrival_ns);
  PrintLatency("Push -> trigger", sink.from_push_ns);
  std::printf(
      "  Pushes over 1 ms: %llu (%llu grew the engine's memory); the longest %.1f ms, engine "
      "memory %.1f -> %.1f MB\n",
      static_cast<unsigned long long>(stalls), static_cast<unsigned long long>(stalls_growing),
      std::chrono::duration<double, std::milli>(longest).count(),
      static_cast<double>(longest_from) / 1e6, static_cast<double>(longest_to) / 1e6);
}

int Main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when redirected to a file
  Args a;
  if (!ParseArgs(argc, argv, a)) {
    std::fprintf(stderr,
                 "usage: cep_bench [--subscribers N] [--records N] [--rules N | --rules-dir DIR] "
                 "[--seed S] [--bound-seconds S] [--jitter-ms J] [--rate R] "
                 "[--latency-seconds S] [--warm-records N] [--sweep-per-record N] [--batch N] "
                 "[--throughput 0|1]\n");
    return 2;
  }
  char pattern[] = "/tmp/ripple-cep-bench-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    std::perror("cep_bench: mkdtemp");
    return 1;
  }
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{pattern};

  auto t = Clock::now();
  WriteReference(pattern, a.world);
  ingest::InputCounts counts[ingest::kTableCount];
  auto reference = ingest::ReferenceData::Load(pattern, {}, nullptr, counts);
  if (!reference.ok()) Die(reference.status());
  const ingest::ReferenceData& ref = **reference;
  auto hosts = profile::HostMatcher::Build(ref.host_rules());
  if (!hosts.ok()) Die(hosts.status());
  ingest::StringTable texts;
  EngineContext::Sources sources;
  sources.reference = &ref;
  sources.record_texts = &texts;
  sources.hosts = hosts->get();
  EngineContext context(std::move(sources));
  std::printf(
      "reference: %zu subscribers, %zu cells, %zu host rules, %zu handsets, %zu products "
      "(%.1f s, not timed)\n",
      ref.subscriber_count(), ref.cell_count(), ref.host_rules().size(), ref.handsets().size(),
      ref.product_count(), Seconds(t));

  const std::string text = a.rules_dir.empty() ? GeneratedRules(a.rules) : std::string();
  t = Clock::now();
  Result<std::vector<Rule>> parsed =
      a.rules_dir.empty() ? ParseRules(text, "generated.rules") : LoadRulesDir(a.rules_dir);
  if (!parsed.ok()) Die(parsed.status());
  const double parse_ms = Seconds(t) * 1e3;
  t = Clock::now();
  auto compiled = RuleSet::Compile(*parsed, context.MakeCompileContext({}));
  if (!compiled.ok()) Die(compiled.status());
  const double compile_ms = Seconds(t) * 1e3;
  std::shared_ptr<const RuleSet> rules = *compiled;
  uint32_t by_kind[8] = {};
  for (const CompiledRule& r : rules->rules()) ++by_kind[static_cast<int>(r.kind)];
  std::printf("rules: %zu (%s): parse %.2f ms, compile %.2f ms; by kind:", rules->rules().size(),
              a.rules_dir.empty() ? "generated" : a.rules_dir.c_str(), parse_ms, compile_ms);
  for (int k = 0; k < 8; ++k) std::printf(" %s %u", kKindNames[k], by_kind[k]);
  std::printf("; skipped %zu (they need the profile, which the bench does not load)\n",
              rules->skipped().size());
  PrintIndex(*rules);

  t = Clock::now();
  RecordWorld world(a.world, ref, texts);
  std::vector<ingest::Record> records = world.Generate();
  uint64_t per_feed[kFeedCount] = {};
  for (const ingest::Record& r : records) ++per_feed[static_cast<int>(r.feed)];
  std::printf(
      "records: %zu over one local day, arrival jitter <= %lld ms, bound %lld ms (%.1f s, "
      "not timed):",
      records.size(), static_cast<long long>(a.world.jitter_ms), static_cast<long long>(a.bound_ms),
      Seconds(t));
  for (const Feed f : kAllFeeds) {
    std::printf(" %s %.1f%%", std::string(FeedStem(f)).c_str(),
                100.0 * static_cast<double>(per_feed[static_cast<int>(f)]) /
                    static_cast<double>(std::max<size_t>(1, records.size())));
  }
  std::printf("\n");

  if (a.throughput) Throughput(a, rules, context, records);
  if (a.latency_seconds > 0) Latency(a, rules, context, records);
  std::printf("\npeak RSS %.2f GB (records in memory: %.2f GB)\n", StatusBytes("VmHWM") / 1e9,
              static_cast<double>(records.capacity() * sizeof(ingest::Record)) / 1e9);
  return 0;
}

}  // namespace
}  // namespace ripple::cep::bench

int main(int argc, char** argv) { return ripple::cep::bench::Main(argc, argv); }
