#include "cli/serve_stream.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <thread>

#include "cli/events_checkpoint.h"
#include "ingest/source_ingester.h"

namespace ripple::cli {

namespace fs = std::filesystem;

// Reads the stream, paced by event time when speed > 0, through the engine; resumes from and
// writes checkpoints to OUT/events-state (EventsCheckpoint).
void RunStream(const StreamOptions& f, EventsSetup& setup, Live& live, StoreSink& sink,
               const std::atomic<bool>& g_stop) {
  auto fail = [&](const Status& st) {
    spdlog::error("stream: {}", st.ToString());
    live.stream_done = true;
  };
  cep::EngineOptions eo;
  eo.out_of_order_bound_ms = setup.options.config.events.out_of_order_bound_ms;
  eo.track_changes = true;
  cep::Engine engine(setup.rules, setup.context.get(), eo, &sink);
  sink.set_rules(setup.rules.get());
  ingest::RunCounts counts;
  const std::string path = f.stream == "-" ? "/dev/stdin" : f.stream;
  auto ingester = ingest::SourceIngester::Open(
      path, std::nullopt, fs::path(path).filename().string(), {eo.out_of_order_bound_ms},
      &setup.validation, setup.dead_letters.get(), &counts);
  if (!ingester.ok()) return fail(ingester.status());
  // Standard input cannot be re-read: its state is kept, its position is not.
  ingest::SourceIngester* resumable = f.stream == "-" ? nullptr : ingester->get();
  auto checkpoint =
      EventsCheckpoint::Open(f.events_state.empty() ? f.snapshot + "/events-state" : f.events_state,
                             setup, &live.triggers, fs::absolute(path).lexically_normal().string());
  if (!checkpoint.ok()) return fail(checkpoint.status());
  auto restored = (*checkpoint)->Restore(engine, resumable);
  if (!restored.ok()) return fail(restored.status());
  if (restored->resumed) {
    live.records = restored->records_before;
    spdlog::info(
        "event state restored: {} subscribers with matches in progress ({} of changed rules "
        "dropped), {} records before; stream {}",
        restored->subscribers, restored->dropped_slots, restored->records_before,
        restored->position_restored ? "resumes where the checkpoint left it"
                                    : "read from its start");
  }
  std::vector<ingest::Record> batch;
  int64_t first_ts = INT64_MIN;
  const auto started = Clock::now();
  while (!g_stop && (*ingester)->NextBatch(&batch, f.speed > 0 ? 1 : 256)) {
    // The rules folder is polled about once a second (unchanged rules keep their matches).
    if (setup.ReloadIfChanged(engine)) {
      sink.set_rules(setup.rules.get());
      live.reloads.fetch_add(1);
    }
    for (const ingest::Record& r : batch) {
      if (f.speed > 0) {
        if (first_ts == INT64_MIN) first_ts = r.ts_ms;
        const auto due = started + std::chrono::microseconds(
                                       static_cast<int64_t>((r.ts_ms - first_ts) * 1000 / f.speed));
        while (!g_stop && Clock::now() < due) {
          std::this_thread::sleep_for(
              std::min<Clock::duration>(due - Clock::now(), std::chrono::milliseconds(100)));
        }
      }
      sink.Arrived(r, Clock::now());
    }
    engine.PushBatch(batch);
    live.records.fetch_add(batch.size(), std::memory_order_relaxed);
    live.ingest_late = counts.Total().late;
    live.rejected = counts.Total().rejected();
    live.triggers.set_now(engine.stats().watermark);
    sink.Forget(engine.stats().watermark);
    const Status st = (*checkpoint)->MaybeWrite(engine, resumable, live.records.load(), false);
    if (!st.ok()) spdlog::error("{} (retried at the next period)", st.ToString());
  }
  if (!(*ingester)->status().ok()) spdlog::error("stream: {}", (*ingester)->status().ToString());
  // Stopped mid-stream, the buffered records are kept in the checkpoint for the restart; at
  // the end of the stream they are matched now.
  if (!g_stop) engine.Flush();
  live.triggers.set_now(engine.stats().watermark);
  const Status st = (*checkpoint)->MaybeWrite(engine, resumable, live.records.load(), true);
  if (!st.ok()) spdlog::error("{}", st.ToString());
  live.rejected = counts.Total().rejected();
  live.ingest_late = counts.Total().late;
  (void)setup.dead_letters->Flush(true);
  live.stream_done = true;
  spdlog::info(
      "stream {}: {} records, {} triggers (record to trigger p50 {:.3f} ms, p99 {:.3f} ms), {} "
      "late, {} lines rejected, {} checkpoints",
      g_stop ? "stopped" : "done", live.records.load(), live.triggers.added(),
      live.trigger_latency.Quantile(0.5) * 1e3, live.trigger_latency.Quantile(0.99) * 1e3,
      live.late.load() + live.ingest_late.load(), live.rejected.load(),
      (*checkpoint)->checkpoints());
}

}  // namespace ripple::cli
