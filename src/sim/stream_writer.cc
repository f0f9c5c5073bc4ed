#include "sim/stream_writer.h"

#include <algorithm>
#include <thread>

#include "sim/prefetch.h"

namespace ripple::sim {

StreamWriter::StreamWriter(const World& world, int fd, double records_per_second)
    : world_(world),
      format_(world),
      rate_(records_per_second),
      started_(std::chrono::steady_clock::now()) {
  out_.Attach(fd, "standard output");
}

Status StreamWriter::Pace() {
  // Flush about ten times a second's worth of records and sleep until they are due.
  const uint64_t step = std::clamp<uint64_t>(static_cast<uint64_t>(rate_ / 10), 1, 1000);
  if (lines_ % step != 0) return Status::Ok();
  RETURN_IF_ERROR(out_.Flush());
  auto due = started_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(static_cast<double>(lines_) / rate_));
  std::this_thread::sleep_until(due);
  return Status::Ok();
}

Status StreamWriter::WriteReady(std::span<const ArrivalQueue> queues,
                                std::vector<InjectedLine>& injected) {
  size_t head[kFeedCount] = {};
  for (;;) {
    int best = -1;
    int64_t best_arrival = 0;
    for (int f = 0; f < kFeedCount; ++f) {
      if (head[f] >= queues[f].ready()) continue;
      int64_t arrival = queues[f].At(head[f]).arrival_ms();
      if (best < 0 || arrival < best_arrival) {
        best = f;
        best_arrival = arrival;
      }
    }
    if (best < 0) break;
    const size_t position = head[best]++;
    if (position + 16 < queues[best].ready()) __builtin_prefetch(&queues[best].At(position + 16));
    if (position + 8 < queues[best].ready()) PrefetchTexts(world_, queues[best].At(position + 8));
    const Event& e = queues[best].At(position);
    CharBuffer& buffer = out_.buffer();
    buffer.Commit(format_.Json(static_cast<Feed>(best), e, buffer.Reserve(kMaxLineBytes)));
    ++lines_;
    ++records_[best];
    if (queues[best].IsLate(position) && max_ts_ != INT64_MIN &&
        e.ts_ms < max_ts_ - kOutOfOrderBoundMs) {
      injected.push_back({"stream", lines_, "late"});
    }
    max_ts_ = std::max(max_ts_, e.ts_ms);
    RETURN_IF_ERROR(rate_ > 0 ? Pace() : out_.MaybeFlush());
  }
  return Status::Ok();
}

Status StreamWriter::Close() { return out_.Close(); }

}  // namespace ripple::sim
