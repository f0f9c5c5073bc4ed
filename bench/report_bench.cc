// report_bench: how long the evaluation of campaigns (feedback/evaluation.h) takes over a big
// decide store, and the two ways of joining decisions with their feedback markers.
//
// Usage: report_bench [--decisions N] [--campaigns C] [--store DIR] [--seed S]
// Fills DIR (default /tmp/ripple-report-bench) through the real arbiter and feedback recorder —
// not timed: N decisions (default 1,000,000) for random subscribers on app/home_banner over 7
// days, C campaigns (default 50, for everyone, priorities 1..10, control shares 0-10 %); of the
// shown, 80 % get an impression, 10 % a click, 3 % a conversion; 2 % of those held out convert.
// Then times, on a read-only handle (what `ripple report` does): Evaluate by campaign, by
// campaign and day, by slot; and a raw pass over d/ joined with f/ two ways — one iterator over
// each range, merged in id order (what ForEachDecision does), against one iterator over d/ and a
// point read per possible event of each decision.
#include <rocksdb/db.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/rng.h"
#include "decide/arbiter.h"
#include "decide/decide_store.h"
#include "feedback/evaluation.h"
#include "feedback/feedback_recorder.h"

namespace {

using namespace ripple;
using namespace ripple::decide;
using Clock = std::chrono::steady_clock;

struct Args {
  uint64_t decisions = 1'000'000;
  int campaigns = 50;
  std::string store = "/tmp/ripple-report-bench";
  uint64_t seed = 7;
};

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double PeakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

MarketingModel Model(const Args& a) {
  MarketingModel m;
  m.version = 1;
  Channel app;
  app.id = "app";
  app.daily_cap = 100;
  app.cost_per_contact = 0.01;
  Slot s;
  s.id = "home_banner";
  app.slots.push_back(s);
  m.channels.push_back(app);
  m.policy.weekly_cap = 1000;
  m.policy.quiet_hours = DayWindow{0, 0};
  Rng rng(a.seed);
  for (int i = 0; i < a.campaigns; ++i) {
    Campaign c;
    c.id = "campaign_" + std::to_string(i);
    c.product = "P" + std::to_string(i % 20);
    c.slots = {"app/home_banner"};
    c.priority = 1 + static_cast<int>(rng.Below(10));
    c.control_share = static_cast<double>(rng.Below(11)) / 100.0;
    c.value = 10 + static_cast<double>(i);
    c.state = CampaignState::kActive;
    m.campaigns.push_back(std::move(c));
  }
  return m;
}

int Fill(const Args& a) {
  constexpr uint32_t kSubscribers = 1'000'000;
  std::filesystem::remove_all(a.store);
  auto store = DecideStore::Open(a.store);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
  ContactLedger ledger(kSubscribers);
  CounterRegistry counters;
  ContactLists lists;
  const MarketingModel m = Model(a);
  if (Status st = (*store)->SaveModel(m, {1, 0, "bench", "load", "{}"}); !st.ok()) return 1;
  auto model = CompiledModel::Compile(m, {}, ledger, counters);
  if (!model.ok()) return std::fprintf(stderr, "%s\n", model.status().message().c_str()), 1;
  Arbiter arbiter(ledger, lists, store->get());
  arbiter.set_next_id((*store)->FirstDecisionId());
  arbiter.Swap(*model);
  feedback::FeedbackRecorder recorder(**store, ledger, counters, arbiter, [](PhoneKey p) {
    return static_cast<uint32_t>(p % kSubscribers);
  });
  Rng r(a.seed + 1);
  const int64_t start_ms = 1762650000000;  // 2025-11-09T01:00Z
  const int64_t step_ms = 7 * 86'400'000LL / static_cast<int64_t>(a.decisions);
  uint64_t markers = 0;
  const auto t0 = Clock::now();
  for (uint64_t i = 0; i < a.decisions; ++i) {
    DecisionRequest q;
    q.subscriber = static_cast<uint32_t>(r.Below(kSubscribers));
    q.phone = 13800000000ULL + q.subscriber;
    q.channel = "app";
    q.slot = "home_banner";
    q.now_ms = start_ms + static_cast<int64_t>(i) * step_ms;
    auto d = arbiter.Decide(q);
    if (!d.ok()) std::abort();
    auto post = [&](feedback::FeedbackEvent e) {
      if (!recorder.Record({d->id, e, q.now_ms}).ok()) std::abort();
      ++markers;
    };
    if (d->shown()) {
      if (r.Below(100) < 80) post(feedback::FeedbackEvent::kImpression);
      if (r.Below(100) < 10) post(feedback::FeedbackEvent::kClick);
      if (r.Below(100) < 3) post(feedback::FeedbackEvent::kConvert);
    } else if (d->control && r.Below(100) < 2) {
      post(feedback::FeedbackEvent::kConvert);
    }
  }
  std::printf("filled %s: %llu decisions, %llu feedback markers in %.1f s (not timed below)\n",
              a.store.c_str(), static_cast<unsigned long long>(a.decisions),
              static_cast<unsigned long long>(markers), Seconds(t0));
  return 0;
}

// The raw join, without the evaluation's grouping: decode every decision, count its markers.
void RawJoin(rocksdb::DB* db, DecideStore& store, bool point_reads) {
  const auto t0 = Clock::now();
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 2 << 20;
  const rocksdb::Slice d_end("d0"), f_end("f0");
  ro.iterate_upper_bound = &d_end;
  std::unique_ptr<rocksdb::Iterator> d(db->NewIterator(ro));
  ro.iterate_upper_bound = &f_end;
  std::unique_ptr<rocksdb::Iterator> f(db->NewIterator(ro));
  f->Seek("f/");
  uint64_t decisions = 0, marks = 0;
  DecisionRecord rec;
  std::string value;
  auto ids = [&](uint64_t v) { return store.VersionIds(v); };
  for (d->Seek("d/"); d->Valid(); d->Next()) {
    if (!DecodeDecisionCompact(std::string_view(d->value().data(), d->value().size()), ids, &rec))
      std::abort();
    ++decisions;
    const std::string_view id(d->key().data() + 2, 8);
    if (point_reads) {
      for (const char* e : {"impression", "click", "convert", "dismiss"}) {
        marks += db->Get(rocksdb::ReadOptions(), "f/" + std::string(id) + "/" + e, &value).ok();
      }
    } else {
      while (f->Valid() && std::string_view(f->key().data() + 2, 8) < id) f->Next();
      for (; f->Valid() && std::string_view(f->key().data() + 2, 8) == id; f->Next()) ++marks;
    }
  }
  std::printf(
      "  raw join, %-36s %8.2f s  (%llu decisions, %llu markers)\n",
      point_reads ? "iterator + 4 point reads per decision:" : "two iterators merged:", Seconds(t0),
      static_cast<unsigned long long>(decisions), static_cast<unsigned long long>(marks));
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  bool fill = true;
  for (int i = 1; i < argc; ++i) {
    const std::string f = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (f == "--no-fill") {
      fill = false;
      continue;
    }
    if (!v) return std::fprintf(stderr, "%s needs a value\n", f.c_str()), 2;
    ++i;
    if (f == "--decisions")
      a.decisions = std::strtoull(v, nullptr, 10);
    else if (f == "--campaigns")
      a.campaigns = std::atoi(v);
    else if (f == "--store")
      a.store = v;
    else if (f == "--seed")
      a.seed = std::strtoull(v, nullptr, 10);
    else
      return std::fprintf(stderr,
                          "usage: report_bench [--decisions N] [--campaigns C] "
                          "[--store DIR] [--seed S] [--no-fill]\n"),
             2;
  }
  if (fill && Fill(a) != 0) return 1;

  auto store = DecideStore::OpenReadOnly(a.store);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
  for (const char* by : {"campaign", "campaign,day", "slot"}) {
    feedback::EvaluationOptions o;
    o.by = *feedback::ParseDimensions(by);
    const auto t0 = Clock::now();
    auto ev = feedback::Evaluate(**store, o);
    if (!ev.ok()) return std::fprintf(stderr, "%s\n", ev.status().message().c_str()), 1;
    std::printf("Evaluate by %-14s %8.2f s  (%llu decisions, %zu rows, %llu shown)\n", by,
                Seconds(t0), static_cast<unsigned long long>(ev->decisions), ev->rows.size(),
                static_cast<unsigned long long>(ev->total.counts.shown));
  }
  rocksdb::Options o;
  o.max_open_files = -1;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::OpenForReadOnly(o, a.store, &raw).ok()) return 1;
  std::unique_ptr<rocksdb::DB> db(raw);
  RawJoin(db.get(), **store, false);
  RawJoin(db.get(), **store, true);
  std::printf("peak RSS %.0f MB\n", PeakRssMb());
  return 0;
}
