// EventsCheckpoint: keeps the event engine of `ripple serve` durable. On start it restores the
// engine's partial matches and clock and the stream's read position from OUT/events-state; while
// the stream runs it writes, every `checkpoint_every_seconds`, the subscribers whose state
// changed together with the position that produced them (one atomic synced batch), and once more
// at the end. A restart therefore resumes the stream where the last checkpoint left it, with
// the matches in progress intact: an airport stay that began before the restart still fires.
//
// Invariants: the stored state belongs to the stored position; it is only restored for the same
// reference tables (a fingerprint of subscribers, cells and products is kept with it — other
// tables start the engine fresh, with a warning); the read position only for the same stream
// path. Rules changed since the checkpoint lose only
// their own partial matches. Standard input cannot be re-read: its position is not restored.
// The live triggers (serve::TriggerStore) are kept with each subscriber, so the API still
// answers with them after a restart. Triggers between the last checkpoint and a crash are
// emitted again on resume (at least once).
// Thread-safety: one owner, the stream thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "cep/engine.h"
#include "cli/events_setup.h"
#include "core/status.h"
#include "ingest/source_ingester.h"
#include "serve/trigger_store.h"
#include "state/event_state_store.h"

namespace ripple::cli {

struct EventsRestore {
  bool resumed = false;  // a checkpoint was restored
  bool position_restored = false;
  uint64_t subscribers = 0;     // with partial matches restored
  uint32_t dropped_slots = 0;   // of rules that changed or went since
  uint64_t records_before = 0;  // records matched before the checkpoint
  std::string note;             // why nothing was restored, when not
};

class EventsCheckpoint {
 public:
  // `triggers` (may be null) is checkpointed and restored with the engine. The read position
  // is only restored for the same `stream` (its path): another file starts from its beginning.
  static Result<std::unique_ptr<EventsCheckpoint>> Open(const std::string& dir,
                                                        const EventsSetup& setup,
                                                        serve::TriggerStore* triggers,
                                                        std::string stream);
  // REQUIRES: `engine` was built with track_changes and has matched nothing yet. `ingester` is
  // null when the stream cannot be re-read.
  Result<EventsRestore> Restore(cep::Engine& engine, ingest::SourceIngester* ingester);
  // Writes a checkpoint when the period has passed (or `force`): changed subscribers, the
  // engine's clock, the position of `ingester` (null: none) and `records` matched so far.
  Status MaybeWrite(cep::Engine& engine, const ingest::SourceIngester* ingester, uint64_t records,
                    bool force);

  uint64_t checkpoints() const { return checkpoints_; }
  const state::EventStateStore& store() const { return *store_; }

 private:
  EventsCheckpoint(std::unique_ptr<state::EventStateStore> store, uint64_t fingerprint,
                   int period_seconds, serve::TriggerStore* triggers, std::string stream);

  std::unique_ptr<state::EventStateStore> store_;
  uint64_t fingerprint_;
  serve::TriggerStore* triggers_;
  std::string stream_;
  std::chrono::seconds period_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
  std::vector<ingest::SubscriberId> changed_ids_;
  std::vector<std::pair<uint32_t, std::string>> changed_;
  uint64_t checkpoints_ = 0;
};

}  // namespace ripple::cli
