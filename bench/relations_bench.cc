// The relationship step at operator scale: a planted synthetic operator (relations_world.h:
// households, relatives, work teams, friend groups, weak contacts, bulk senders) produces call
// and SMS records day by day; ContactGraph::Apply is timed over all of them (one core), then
// ComputeRelations over the graph with the planted home/work areas and interests as the
// profile's context (once per --threads value). Prints records/s, pairs, bytes per pair, the
// step's time with its main stages re-run on their own, ties and circles, how the planted ties
// came out (scene per planted kind, households and teams recovered) and peak RSS.
//
// Usage: relations_bench [--subscribers N] [--days D] [--seed S] [--threads 1,2]
//          [--no-breakdown] [--no-accuracy]
// Defaults: 1,000,000 subscribers (+ 300,000 off-net numbers), 14 days, seed 7, threads 1,2.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "graph/communities.h"
#include "graph/contact_graph.h"
#include "graph/pagerank.h"
#include "graph/relations.h"
#include "graph/tie.h"
#include "graph_bench_support.h"
#include "relations_world.h"

namespace ripple::graph::bench {
namespace {

struct Options {
  WorldOptions world;
  std::vector<int> threads = {1, 2};
  bool breakdown = true;
  bool accuracy = true;
};

// CPU seconds of this thread or of the whole process: on a busy shared VM, wall time includes
// waiting for a core; CPU time does not.
double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Pct(uint64_t part, uint64_t whole) { return whole == 0 ? 0 : 100.0 * part / whole; }

void PrintRelations(const Relations& r, int threads, double secs, double cpu_s) {
  uint64_t levels[4] = {}, scenes[5] = {}, circles[4] = {}, members[4] = {};
  for (const Tie& t : r.ties) {
    ++levels[static_cast<int>(t.level)];
    ++scenes[static_cast<int>(t.scene)];
  }
  for (const Circle& c : r.circles) {
    ++circles[static_cast<int>(c.kind)];
    members[static_cast<int>(c.kind)] += c.members.size();
  }
  uint64_t family_business = 0, group_business = 0, lonely = 0, leaders = 0;
  for (const SubscriberRelations& s : r.subscribers) {
    family_business += s.family_business_candidate;
    group_business += s.group_business_candidate;
    lonely += s.lonely;
    leaders += s.leader;
  }
  std::printf(
      "relations (threads %d): %.2f s wall, %.2f s CPU; %zu ties (intimate %llu, close %llu, "
      "regular %llu, "
      "shallow %llu); scenes: family %llu, work %llu, friend %llu, service %llu, other "
      "%llu; modularity %.4f at resolution %.3g\n",
      threads, secs, cpu_s, r.ties.size(), static_cast<unsigned long long>(levels[3]),
      static_cast<unsigned long long>(levels[2]), static_cast<unsigned long long>(levels[1]),
      static_cast<unsigned long long>(levels[0]), static_cast<unsigned long long>(scenes[1]),
      static_cast<unsigned long long>(scenes[2]), static_cast<unsigned long long>(scenes[3]),
      static_cast<unsigned long long>(scenes[4]), static_cast<unsigned long long>(scenes[0]),
      r.modularity, r.resolution);
  std::printf("  circles: %zu = ", r.circles.size());
  for (int k = 0; k < 4; ++k) {
    std::printf("%s%llu %s (mean %.1f members)", k ? ", " : "",
                static_cast<unsigned long long>(circles[k]),
                std::string(CircleKindName(static_cast<CircleKind>(k))).c_str(),
                circles[k] ? static_cast<double>(members[k]) / circles[k] : 0.0);
  }
  std::printf(
      "\n  labels: family-business %llu, group-business %llu, lonely %llu, leaders %llu; "
      "peak RSS so far %.2f GB\n",
      static_cast<unsigned long long>(family_business),
      static_cast<unsigned long long>(group_business), static_cast<unsigned long long>(lonely),
      static_cast<unsigned long long>(leaders), PeakRssGb());
  std::fflush(stdout);
}

// The step's main stages on their own, rebuilt from its output: the per-pair tie features, the
// tie graph and its communities, PageRank, and the friend graph's communities. The rest (ties'
// sorting, scene resolution, households and work circles, circles, labels) is the difference.
// In process CPU seconds, which a busy machine disturbs less than wall time.
void Breakdown(const ContactGraph& g, const RelationsInput& in, const Relations& r,
               double total_cpu_s) {
  double t = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  auto lap = [&t] {
    const double now = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID), s = now - t;
    t = now;
    return s;
  };
  double sink = 0;
  for (PairId e = 0; e < g.pairs(); ++e) {
    sink += ComputeTieFeatures(g.stats(e), in.as_of_day, g.options().half_life_days).strength;
  }
  const double features_s = lap();
  std::vector<WeightedEdge> edges, friend_edges;
  edges.reserve(r.ties.size());
  for (const Tie& x : r.ties) {
    if (x.scene == Scene::kService) continue;
    edges.push_back({x.a, x.b, x.strength});
    if (x.scene == Scene::kFriend) friend_edges.push_back({x.a, x.b, x.strength});
  }
  const auto nodes = static_cast<NodeId>(r.parties);
  const WeightedGraph tie_graph = WeightedGraph::FromEdges(nodes, edges);
  const WeightedGraph friend_graph = WeightedGraph::FromEdges(nodes, friend_edges);
  const double build_s = lap();
  CommunityOptions co;
  co.resolution = r.resolution;  // as the step scaled it
  co.threads = in.threads;
  const Communities c = DetectCommunities(tie_graph, co);
  const double communities_s = lap();
  const std::vector<double> rank = PageRank(tie_graph);
  const double pagerank_s = lap();
  const Communities f = DetectCommunities(friend_graph, co);
  const double friends_s = lap();
  const double measured = features_s + build_s + communities_s + pagerank_s + friends_s;
  // The other side of the iterations trade-off on this graph (not part of the step): 10 Leiden
  // iterations when the default is fewer, else 2.
  const int default_iterations = co.max_iterations;
  co.max_iterations = default_iterations < 10 ? 10 : 2;
  const Communities c2 = DetectCommunities(tie_graph, co);
  const double other_s = lap();
  std::printf(
      "  breakdown, CPU s (threads %d): tie features %.2f; tie + friend graphs %.2f (%llu + %llu "
      "edges); communities %.2f (%d iterations, %d levels, %u communities, Q %.4f); PageRank "
      "%.2f; friend groups %.2f (%u); the rest (sorting the ties, scenes, households, work "
      "circles, circles, labels) %.2f  (checksum %.0f)\n",
      in.threads, features_s, build_s, static_cast<unsigned long long>(tie_graph.entries() / 2),
      static_cast<unsigned long long>(friend_graph.entries() / 2), communities_s, c.iterations,
      c.levels, c.count, c.modularity, pagerank_s, friends_s, f.count,
      std::max(0.0, total_cpu_s - measured), sink + rank[0]);
  std::printf(
      "  communities with max_iterations %d instead of %d: %.2f CPU s, %d iterations, %u "
      "communities, Q %.4f\n",
      co.max_iterations, default_iterations, other_s, c2.iterations, c2.count, c2.modularity);
  std::fflush(stdout);
}

// How the planted ties came out: for each planted kind, the share that became a tie and its
// scene; and for planted households and teams, the share of their on-net pairs found together
// in one detected household / work circle.
void Accuracy(const PlantedWorld& w, const ContactGraph& g, const Relations& r) {
  std::vector<PartyId> id(w.parties());
  for (uint32_t p = 0; p < w.parties(); ++p) id[p] = g.FindParty(PlantedWorld::Phone(p));
  uint64_t planted[kPlantedKinds] = {}, tied[kPlantedKinds] = {};
  uint64_t scene[kPlantedKinds][5] = {};
  uint64_t onnet_pairs[kPlantedKinds] = {}, together[kPlantedKinds] = {};
  for (const PlantedTie& t : w.ties()) {
    const int k = static_cast<int>(t.kind);
    if (!w.OnNet(t.a) && !w.OnNet(t.b)) continue;
    ++planted[k];
    const PartyId x = id[t.a], y = id[t.b];
    if (x == UINT32_MAX || y == UINT32_MAX) continue;
    const PartyId a = std::min(x, y), b = std::max(x, y);
    const auto it =
        std::lower_bound(r.ties.begin(), r.ties.end(), std::pair{a, b},
                         [](const Tie& tie, const std::pair<PartyId, PartyId>& key) {
                           return tie.a != key.first ? tie.a < key.first : tie.b < key.second;
                         });
    if (it != r.ties.end() && it->a == a && it->b == b) {
      ++tied[k];
      ++scene[k][static_cast<int>(it->scene)];
    }
    if (w.OnNet(t.a) && w.OnNet(t.b)) {
      const std::vector<uint32_t>& group =
          t.kind == PlantedKind::kWork ? r.work_circle_of : r.household_of;
      ++onnet_pairs[k];
      together[k] += group[a] != kNone && group[a] == group[b];
    }
  }
  for (int k = 0; k < kPlantedKinds; ++k) {
    const uint64_t n = tied[k];
    std::printf(
        "  planted %-8s %10llu (with an on-net end): tie %5.1f %%; of those family %5.1f "
        "%%, work %5.1f %%, friend %5.1f %%, service %5.1f %%, other %5.1f %%",
        PlantedKindName(static_cast<PlantedKind>(k)), static_cast<unsigned long long>(planted[k]),
        Pct(n, planted[k]), Pct(scene[k][1], n), Pct(scene[k][2], n), Pct(scene[k][3], n),
        Pct(scene[k][4], n), Pct(scene[k][0], n));
    if (k == static_cast<int>(PlantedKind::kFamily) || k == static_cast<int>(PlantedKind::kWork)) {
      std::printf("; on-net pairs in one detected %s: %.1f %%",
                  k == static_cast<int>(PlantedKind::kWork) ? "work circle" : "household",
                  Pct(together[k], onnet_pairs[k]));
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

int Main(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&] { return FlagValue(argc, argv, i); };
    if (a == "--subscribers") {
      o.world.subscribers = static_cast<uint32_t>(std::stoul(next()));
    } else if (a == "--days") {
      o.world.days = std::stoi(next());
    } else if (a == "--seed") {
      o.world.seed = std::stoull(next());
    } else if (a == "--threads") {
      o.threads = IntList(next());
    } else if (a == "--no-breakdown") {
      o.breakdown = false;
    } else if (a == "--no-accuracy") {
      o.accuracy = false;
    } else {
      std::fprintf(stderr,
                   "usage: relations_bench [--subscribers N] [--days D] [--seed S] "
                   "[--threads 1,2] [--no-breakdown] [--no-accuracy]\n");
      return 2;
    }
  }
  if (o.world.subscribers < 100 || o.world.days < 1 || o.threads.empty()) {
    std::fprintf(stderr, "relations_bench: needs >= 100 subscribers, >= 1 day, a thread count\n");
    return 2;
  }

  auto t = Clock::now();
  PlantedWorld world(o.world);
  std::printf("world: %u subscribers + %u off-net numbers, seed %llu; %zu planted ties (",
              world.subscribers(), world.parties() - world.subscribers(),
              static_cast<unsigned long long>(o.world.seed), world.ties().size());
  for (int k = 0; k < kPlantedKinds; ++k) {
    std::printf("%s%s %llu", k ? ", " : "", PlantedKindName(static_cast<PlantedKind>(k)),
                static_cast<unsigned long long>(world.ties_of(static_cast<PlantedKind>(k))));
  }
  std::printf("); group rate scale %.2f; planted in %.1f s\n", world.rate_scale(), Seconds(t));
  std::fflush(stdout);

  const RelationsSettings settings;
  ContactGraphOptions go;
  go.utc_offset_minutes = o.world.utc_offset_minutes;
  go.half_life_days = settings.half_life_days;
  const std::vector<PhoneKey> phones = world.SubscriberPhones();
  ContactGraph graph(phones, go, /*dirty=*/nullptr);
  double generate_s = 0, apply_s = 0, apply_cpu_s = 0, last_day_cpu_s = 0;
  uint64_t last_day_records = 0;
  uint64_t records = 0, sms = 0;
  {
    std::vector<ingest::Record> day;
    for (int d = 0; d < o.world.days; ++d) {
      t = Clock::now();
      world.Day(d, &day);
      generate_s += Seconds(t);
      t = Clock::now();
      const double cpu = CpuSeconds(CLOCK_THREAD_CPUTIME_ID);
      for (const ingest::Record& r : day) graph.Apply(r);
      last_day_cpu_s = CpuSeconds(CLOCK_THREAD_CPUTIME_ID) - cpu;
      apply_cpu_s += last_day_cpu_s;
      last_day_records = day.size();
      apply_s += Seconds(t);
      records += day.size();
      for (const ingest::Record& r : day) sms += r.feed == Feed::kSms;
    }
  }
  const ContactGraphCounts& counts = graph.counts();
  std::printf(
      "contact graph: %llu records (%.2f calls + %.2f SMS per subscriber a day; generated in "
      "%.1f s, not timed) applied in %.2f s = %.2f M records/s, %.0f ns/record (one core; CPU "
      "time %.2f s = %.2f M records/s; the last day alone, when few pairs are new: %.2f M "
      "records/s); "
      "applied %llu, self %llu, no owner %llu; %zu pairs over %zu parties (%zu off-net); "
      "MemoryBytes %.2f GB (%.0f B per pair with capacity slack), BytesPerPair %.1f B; peak RSS "
      "%.2f GB\n",
      static_cast<unsigned long long>(records),
      static_cast<double>(records - sms) / world.subscribers() / o.world.days,
      static_cast<double>(sms) / world.subscribers() / o.world.days, generate_s, apply_s,
      records / apply_s / 1e6, apply_s * 1e9 / records, apply_cpu_s, records / apply_cpu_s / 1e6,
      last_day_records / last_day_cpu_s / 1e6, static_cast<unsigned long long>(counts.applied),
      static_cast<unsigned long long>(counts.self_contacts),
      static_cast<unsigned long long>(counts.no_owner), graph.pairs(), graph.parties(),
      graph.parties() - graph.subscribers(), graph.MemoryBytes() / 1e9,
      static_cast<double>(graph.MemoryBytes()) / static_cast<double>(graph.pairs()),
      graph.BytesPerPair(), PeakRssGb());
  std::fflush(stdout);

  const std::vector<PartyContext> context = world.Contexts();
  for (size_t i = 0; i < o.threads.size(); ++i) {
    RelationsInput in;
    in.contacts = &graph;
    in.context = context;
    in.as_of_day = graph.newest_day();
    in.settings = settings;
    in.threads = o.threads[i];
    t = Clock::now();
    const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    Result<Relations> r = ComputeRelations(in);
    const double cpu_s = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu;
    const double secs = Seconds(t);
    if (!r.ok()) {
      std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
      return 1;
    }
    PrintRelations(*r, in.threads, secs, cpu_s);
    if (o.breakdown) Breakdown(graph, in, *r, cpu_s);
    if (o.accuracy && i == 0) Accuracy(world, graph, *r);
  }
  std::printf("peak RSS %.2f GB\n", PeakRssGb());
  return 0;
}

}  // namespace
}  // namespace ripple::graph::bench

int main(int argc, char** argv) { return ripple::graph::bench::Main(argc, argv); }
