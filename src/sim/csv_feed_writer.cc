#include "sim/csv_feed_writer.h"

#include <algorithm>
#include <thread>

#include "sim/parallel.h"
#include "sim/prefetch.h"
#include "sim/record_format.h"

namespace ripple::sim {
namespace {

constexpr size_t kChunkLines = size_t{1} << 17;
// A duplicate's source must be recent enough that the copy is not late where it is written.
constexpr int64_t kDuplicateWindowMs = 25 * 60 * 1000;
constexpr size_t kPrefetchEvents = 16;
constexpr size_t kPrefetchTexts = 8;

}  // namespace

CsvFeedWriter::CsvFeedWriter(const World& world, Feed feed, double dirty_fraction)
    : world_(world),
      feed_(feed),
      dirty_fraction_(dirty_fraction),
      file_name_(std::string(FeedStem(feed)) + ".csv") {
  rotation_ = Mix64(world.seed ^ (static_cast<uint64_t>(feed) + 1)) % DirtyKindsFor(feed).size();
}

Status CsvFeedWriter::Open(const std::string& dir) {
  RETURN_IF_ERROR(file_.Open(dir + "/" + file_name_));
  std::string header(FeedHeader(feed_));
  header += '\n';
  return file_.Write(header);
}

std::vector<CsvFeedWriter::DirtyPlan> CsvFeedWriter::PlanBatch(
    const ArrivalQueue& queue, std::vector<InjectedLine>& injected) {
  std::vector<DirtyPlan> plans;
  auto kinds = DirtyKindsFor(feed_);
  const size_t ready = queue.ready();
  batch_first_line_ = lines_;
  // The first batch carries one line of every kind, spread over it.
  const bool floor = clean_position_ == 0 && dirty_fraction_ > 0;
  size_t next_floor_kind = floor ? 0 : kinds.size();
  auto plan = [&](size_t p, DirtyKind kind, uint64_t salt) {
    const uint64_t global = clean_position_ + p;
    size_t source = p;
    if (kind == DirtyKind::kDuplicate) {
      size_t back = static_cast<size_t>(Mix64(world_.seed ^ (global * 0x9e3779b97f4a7c15ULL)) % 4);
      if (back <= p && !queue.IsLate(p - back) &&
          queue.At(p - back).ts_ms >= queue.At(p).arrival_ms() - kDuplicateWindowMs) {
        source = p - back;
      }
    }
    plans.push_back({p, source, kind, global, salt});
    ++lines_;
    ++dirty_lines_;
    injected.push_back({file_name_, lines_, DirtyKindName(kind)});
  };
  for (size_t p = 0; p < ready; ++p) {
    ++lines_;
    // A late record's copies would be late too, and their reason ambiguous: never a source.
    if (queue.IsLate(p)) continue;
    if (ShouldInject(world_.seed, feed_, clean_position_ + p, dirty_fraction_)) {
      plan(p, kinds[rotation_++ % kinds.size()], 0);
    }
    while (next_floor_kind < kinds.size() && p >= ready * next_floor_kind / kinds.size()) {
      plan(p, kinds[next_floor_kind++], 1);
    }
  }
  clean_position_ += ready;
  return plans;
}

void CsvFeedWriter::FormatRange(const ArrivalQueue& queue, size_t lo, size_t hi,
                                const std::vector<DirtyPlan>& plans, CharBuffer& out,
                                ChunkStats& stats) const {
  RecordFormatter format(world_);
  auto plan = std::lower_bound(plans.begin(), plans.end(), lo,
                               [](const DirtyPlan& d, size_t pos) { return d.position < pos; });
  out.Clear();
  stats.max_ts = INT64_MIN;
  stats.late_candidates.clear();
  for (size_t p = lo; p < hi; ++p) {
    // Events sit in generation order, so reading them in arrival order misses the cache nearly
    // every time: fetch them, then the numbers and cells they name, some lines ahead.
    if (p + kPrefetchEvents < hi) __builtin_prefetch(&queue.At(p + kPrefetchEvents));
    if (p + kPrefetchTexts < hi) PrefetchTexts(world_, queue.At(p + kPrefetchTexts));
    const Event& e = queue.At(p);
    if (queue.IsLate(p)) stats.late_candidates.emplace_back(p, stats.max_ts);
    stats.max_ts = std::max(stats.max_ts, e.ts_ms);
    char* begin = out.Reserve(kMaxLineBytes);
    out.Commit(format.Csv(feed_, e, begin));
    for (; plan != plans.end() && plan->position == p; ++plan) {
      const Event& source = queue.At(plan->source);
      char clean[kMaxLineBytes], flipped[kMaxLineBytes];
      char* clean_end = format.Csv(feed_, source, clean);
      char* flipped_end = format.Csv(feed_, source, flipped, /*flip_ts_form=*/true);
      Rng rng = DirtyRng(world_.seed, feed_, plan->global_position * 2 + plan->salt);
      out.Append(MakeDirtyLine(world_, feed_, plan->kind, source,
                               std::string_view(clean, clean_end - clean),
                               std::string_view(flipped, flipped_end - flipped), rng));
    }
  }
}

void CsvFeedWriter::ListLate(const ArrivalQueue& queue, const std::vector<DirtyPlan>& plans,
                             const ChunkStats& stats, std::vector<InjectedLine>& injected) {
  for (const auto& [position, max_before] : stats.late_candidates) {
    int64_t watermark = std::max(max_ts_, max_before);
    if (watermark == INT64_MIN || queue.At(position).ts_ms >= watermark - kOutOfOrderBoundMs) {
      continue;
    }
    size_t dirty_before = static_cast<size_t>(
        std::lower_bound(plans.begin(), plans.end(), position,
                         [](const DirtyPlan& d, size_t pos) { return d.position < pos; }) -
        plans.begin());
    injected.push_back({file_name_, batch_first_line_ + position + 1 + dirty_before, "late"});
  }
  max_ts_ = std::max(max_ts_, stats.max_ts);
}

Status CsvFeedWriter::WriteReady(const ArrivalQueue& queue, int threads,
                                 std::vector<InjectedLine>& injected) {
  std::vector<DirtyPlan> plans = PlanBatch(queue, injected);
  const size_t ready = queue.ready();
  const size_t per_round = kChunkLines * static_cast<size_t>(threads);
  // Two sets of chunk buffers: while one round is formatted, a writer thread writes the previous
  // one, so the kernel's copying overlaps with formatting.
  if (chunks_.size() < 2 * static_cast<size_t>(threads)) chunks_.resize(2 * threads);
  if (stats_.size() < static_cast<size_t>(threads)) stats_.resize(threads);
  std::thread writer;
  Status write_status;
  auto finish_writer = [&] {
    if (writer.joinable()) writer.join();
  };
  int set = 0;
  for (size_t start = 0; start < ready; start += per_round, set ^= 1) {
    CharBuffer* chunks = &chunks_[static_cast<size_t>(set * threads)];
    size_t chunk_count = std::min<size_t>(threads, (ready - start + kChunkLines - 1) / kChunkLines);
    ParallelFor(threads, chunk_count, [&](size_t c) {
      size_t lo = start + c * kChunkLines;
      FormatRange(queue, lo, std::min(ready, lo + kChunkLines), plans, chunks[c], stats_[c]);
    });
    for (size_t c = 0; c < chunk_count; ++c) ListLate(queue, plans, stats_[c], injected);
    finish_writer();
    if (!write_status.ok()) break;
    writer = std::thread([this, chunks, chunk_count, &write_status] {
      for (size_t c = 0; c < chunk_count && write_status.ok(); ++c) {
        write_status = file_.WriteDirect(chunks[c].view());
      }
    });
  }
  finish_writer();
  return write_status;
}

Status CsvFeedWriter::Close() { return file_.Close(); }

}  // namespace ripple::sim
