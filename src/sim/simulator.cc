#include "sim/simulator.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <vector>

#include "core/time.h"
#include "sim/arrival_queue.h"
#include "sim/csv_feed_writer.h"
#include "sim/day_generator.h"
#include "sim/moments.h"
#include "sim/parallel.h"
#include "sim/schedule.h"
#include "sim/stream_writer.h"
#include "sim/tables.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

constexpr int kLocalOffsetMinutes = 8 * 60;
constexpr int kMaxDays = 90;  // arrival keys hold 2^33 ms (~99 days)

// Where the day's events go: feed files or the JSON Lines stream.
class Sinks {
 public:
  Sinks(const World& world, const SimOptions& options) : world_(world), options_(options) {}

  Status Open() {
    if (options_.stream) {
      stream_ = std::make_unique<StreamWriter>(world_, options_.stream_fd, options_.rate);
      return Status::Ok();
    }
    for (int f = 0; f < kFeedCount; ++f) {
      csv_.push_back(
          std::make_unique<CsvFeedWriter>(world_, static_cast<Feed>(f), options_.dirty_fraction));
      RETURN_IF_ERROR(csv_.back()->Open(options_.out_dir));
    }
    return Status::Ok();
  }

  Status WriteReady(std::span<const ArrivalQueue> queues) {
    if (stream_) return stream_->WriteReady(queues, injected_);
    for (int f = 0; f < kFeedCount; ++f) {
      RETURN_IF_ERROR(csv_[f]->WriteReady(queues[f], options_.threads, injected_));
    }
    return Status::Ok();
  }

  Status Close(SimSummary& summary) {
    if (stream_) {
      RETURN_IF_ERROR(stream_->Close());
      for (int f = 0; f < kFeedCount; ++f)
        summary.records[f] = stream_->records(static_cast<Feed>(f));
      summary.bytes = stream_->bytes_written();
    } else {
      for (int f = 0; f < kFeedCount; ++f) {
        RETURN_IF_ERROR(csv_[f]->Close());
        summary.records[f] = csv_[f]->clean_records();
        summary.dirty_lines += csv_[f]->dirty_lines();
        summary.bytes += csv_[f]->bytes_written();
      }
    }
    // injected.csv in file order (feeds in contract order), then by line.
    auto rank = [](std::string_view file) {
      for (int f = 0; f < kFeedCount; ++f) {
        if (file.substr(0, file.find('.')) == FeedStem(static_cast<Feed>(f))) return f;
      }
      return kFeedCount;
    };
    std::stable_sort(injected_.begin(), injected_.end(),
                     [&](const InjectedLine& a, const InjectedLine& b) {
                       int ra = rank(a.file), rb = rank(b.file);
                       return ra != rb ? ra < rb : a.line < b.line;
                     });
    summary.late_records = static_cast<uint64_t>(
        std::count_if(injected_.begin(), injected_.end(),
                      [](const InjectedLine& l) { return l.kind == "late"; }));
    if (!options_.out_dir.empty()) RETURN_IF_ERROR(WriteInjectedTruth(injected_, options_.out_dir));
    return Status::Ok();
  }

 private:
  const World& world_;
  const SimOptions& options_;
  std::vector<std::unique_ptr<CsvFeedWriter>> csv_;
  std::unique_ptr<StreamWriter> stream_;
  std::vector<InjectedLine> injected_;  // refers to names owned by the writers
};

Status MakeDirectories(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(dir) / "truth", ec);
  if (ec) return Status::IoError("cannot create " + dir + "/truth: " + ec.message());
  return Status::Ok();
}

}  // namespace

Status ValidateOptions(const SimOptions& o) {
  if (o.subscribers < 1) return Status::InvalidArgument("--subscribers must be at least 1");
  if (o.days < 1 || o.days > kMaxDays) {
    return Status::InvalidArgument("--days must be between 1 and " + std::to_string(kMaxDays) +
                                   ", got " + std::to_string(o.days));
  }
  if (!(o.dirty_fraction >= 0 && o.dirty_fraction <= 0.5)) {
    return Status::InvalidArgument("--dirty must be between 0 and 0.5");
  }
  if (o.threads < 1 || o.threads > 256) {
    return Status::InvalidArgument("--threads must be between 1 and 256");
  }
  if (!(o.rate >= 0) || !std::isfinite(o.rate)) {
    return Status::InvalidArgument("--rate must be a non-negative number of records per second");
  }
  if (o.rate > 0 && !o.stream) return Status::InvalidArgument("--rate needs --stream");
  if (!o.stream && o.out_dir.empty()) {
    return Status::InvalidArgument("--out DIR is required unless --stream is given");
  }
  if (!ParseLocalDate(o.start_date, kLocalOffsetMinutes)) {
    return Status::InvalidArgument("--start must be a date like 2026-11-02, got '" + o.start_date +
                                   "'");
  }
  return Status::Ok();
}

Result<SimSummary> RunSimulation(const SimOptions& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  const auto started = std::chrono::steady_clock::now();
  const int64_t origin_ms = *ParseLocalDate(options.start_date, kLocalOffsetMinutes);
  const int64_t first_day = LocalDay(origin_ms, kLocalOffsetMinutes);
  const int first_weekday = ToLocal(origin_ms, kLocalOffsetMinutes).weekday;

  ASSIGN_OR_RETURN(std::unique_ptr<World> world,
                   BuildWorld(options.subscribers, options.seed, first_day));
  if (!options.out_dir.empty()) {
    RETURN_IF_ERROR(MakeDirectories(options.out_dir));
    RETURN_IF_ERROR(WriteReferenceTables(*world, options.out_dir));
    RETURN_IF_ERROR(WriteTruthTables(*world, options.out_dir));
  }
  Sinks sinks(*world, options);
  RETURN_IF_ERROR(sinks.Open());

  const uint32_t n = world->subscribers;
  const int workers = options.threads;
  std::vector<uint64_t> imeis(n, 0);
  std::vector<DaySchedule> schedules(n);
  std::vector<EventBuffers> buffers(workers);
  std::vector<ArrivalQueue> queues(kFeedCount);
  // Moments are truth: tracked only when there is a folder to write truth to.
  std::optional<MomentTracker> moments;
  if (!options.out_dir.empty()) moments.emplace(*world);
  std::vector<MomentTracker::Sightings> sightings(workers);
  auto range_begin = [&](size_t w) { return static_cast<PersonId>(uint64_t{n} * w / workers); };

  for (int day = 0; day < options.days; ++day) {
    DayInfo info{day, (first_weekday + day) % 7, origin_ms + day * kMillisPerDay};
    ParallelFor(workers, static_cast<size_t>(workers), [&](size_t w) {
      for (PersonId s = range_begin(w); s < range_begin(w + 1); ++s) {
        schedules[s] = BuildDaySchedule(*world, s, day, info.weekday);
      }
    });
    DayGenerator generator(*world, schedules, info, imeis);
    ParallelFor(workers, static_cast<size_t>(workers), [&](size_t w) {
      buffers[w].Clear();
      for (PersonId s = range_begin(w); s < range_begin(w + 1); ++s)
        generator.Generate(s, buffers[w]);
      if (moments) moments->Scan(buffers[w], sightings[w]);
    });
    if (moments) moments->EndDay(schedules, sightings);

    // Order each feed: the carried-over events, then the workers' logs in subscriber order.
    const bool last = day + 1 == options.days;
    const int64_t cut_ms = last ? INT64_MAX : origin_ms + (day + 1) * kMillisPerDay;
    std::vector<Status> order_status(kFeedCount);
    ParallelFor(workers, kFeedCount, [&](size_t f) {
      std::vector<const EventLog*> fresh;
      for (auto& b : buffers) fresh.push_back(&b.feed[f]);
      order_status[f] = queues[f].Order(fresh, origin_ms, cut_ms);
    });
    for (const Status& st : order_status) RETURN_IF_ERROR(st);
    RETURN_IF_ERROR(sinks.WriteReady(queues));
    for (auto& q : queues) q.KeepRest();
  }
  for (auto& b : buffers) b.Clear();

  SimSummary summary;
  RETURN_IF_ERROR(sinks.Close(summary));
  if (moments) RETURN_IF_ERROR(WriteMomentTruth(*world, moments->SortedRows(), options.out_dir));
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

std::string FormatSummary(const SimOptions& options, const SimSummary& s) {
  std::string out = "simulate: " + std::to_string(options.subscribers) + " subscribers x " +
                    std::to_string(options.days) + " days:";
  for (int f = 0; f < kFeedCount; ++f) {
    out += " " + std::string(FeedStem(static_cast<Feed>(f))) + "=" + std::to_string(s.records[f]);
  }
  char tail[256];
  double total = static_cast<double>(s.total_records());
  std::snprintf(tail, sizeof tail,
                " dirty=%llu late=%llu total=%llu records, %.1f MB in %.1f s (%.2fM records/s)",
                static_cast<unsigned long long>(s.dirty_lines),
                static_cast<unsigned long long>(s.late_records),
                static_cast<unsigned long long>(s.total_records()), s.bytes / 1e6, s.seconds,
                s.seconds > 0 ? total / s.seconds / 1e6 : 0.0);
  return out + tail;
}

}  // namespace ripple::sim
