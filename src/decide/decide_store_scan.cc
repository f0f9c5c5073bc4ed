// DecideStore's reading side for reports: a read-only open that takes no lock, and one ordered
// pass over every decision joined with its feedback markers.
//
// Decisions are keyed d/<id> and feedback markers f/<id>/<event>, both with the id big-endian,
// so both ranges are in id order and a merge join reads each once, sequentially — no lookup per
// decision (four point reads per decision took 43 s over a million decisions, the merge 2.5 s:
// docs/benchmarks.md, "Campaign evaluation").
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/snapshot.h>

#include <filesystem>
#include <string>

#include "decide/decide_store.h"

namespace ripple::decide {
namespace {

// The id of a d/<id> or f/<id>/<event> key (8 bytes big-endian after the two-byte prefix).
uint64_t KeyId(const rocksdb::Slice& key) {
  uint64_t v = 0;
  for (size_t i = 2; i < 10 && i < key.size(); ++i) {
    v = (v << 8) | static_cast<unsigned char>(key[i]);
  }
  return v;
}

}  // namespace

Result<std::unique_ptr<DecideStore>> DecideStore::OpenReadOnly(const std::string& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::path(dir) / "CURRENT", ec)) {
    return Status::NotFound("no decide state in " + dir +
                            " (it is made by `ripple serve` or `ripple push`)");
  }
  rocksdb::Options o;
  o.compression = rocksdb::kLZ4Compression;
  // Every table file is opened now: the process that owns the store may compact and delete
  // files while a report reads, and an open file stays readable.
  o.max_open_files = -1;
  rocksdb::DB* raw = nullptr;
  const rocksdb::Status s = rocksdb::DB::OpenForReadOnly(o, dir, &raw);
  if (!s.ok()) return Status::IoError("cannot open decide state " + dir + ": " + s.ToString());
  return std::unique_ptr<DecideStore>(new DecideStore(std::unique_ptr<rocksdb::DB>(raw)));
}

Status DecideStore::ForEachDecision(
    const std::function<void(const DecisionRecord&, const std::vector<std::string_view>& events)>&
        visit) {
  RETURN_IF_ERROR(Flush());
  rocksdb::ManagedSnapshot snapshot(db_.get());  // snapshot() is not const
  auto options = [&](const rocksdb::Slice* upper) {
    rocksdb::ReadOptions ro;
    ro.snapshot = snapshot.snapshot();
    ro.fill_cache = false;  // a report must not push the server's hot entries out of the cache
    ro.readahead_size = 2 << 20;
    ro.iterate_upper_bound = upper;
    return ro;
  };
  const rocksdb::Slice d_end("d0"), f_end("f0");  // '0' follows '/'
  std::unique_ptr<rocksdb::Iterator> d(db_->NewIterator(options(&d_end)));
  std::unique_ptr<rocksdb::Iterator> f(db_->NewIterator(options(&f_end)));
  f->Seek("f/");

  // Decisions of one model version come in runs: look its ids up once per run.
  uint64_t cached_version = UINT64_MAX;
  const std::vector<std::string>* cached_ids = nullptr;
  const auto ids = [&](uint64_t version) {
    if (version != cached_version) {
      cached_ids = VersionIds(version);
      cached_version = version;
    }
    return cached_ids;
  };
  DecisionRecord record;           // reused: its strings keep their capacity
  std::vector<std::string> names;  // the events' bytes: a key's memory goes with Next()
  std::vector<std::string_view> events;
  for (d->Seek("d/"); d->Valid(); d->Next()) {
    const uint64_t id = KeyId(d->key());
    if (!DecodeDecisionCompact(std::string_view(d->value().data(), d->value().size()), ids,
                               &record)) {
      return Status::Corruption("decide store: decision " + FormatDecisionId(id) +
                                " does not decode (a newer format, or a damaged record)");
    }
    // Markers of decisions that are not stored (none should exist) are passed over.
    while (f->Valid() && KeyId(f->key()) < id) f->Next();
    size_t n = 0;
    for (; f->Valid() && KeyId(f->key()) == id; f->Next()) {
      if (f->key().size() <= 11) continue;  // "f/" + id + "/" + event
      if (n == names.size()) names.emplace_back();
      names[n++].assign(f->key().data() + 11, f->key().size() - 11);
    }
    events.clear();
    for (size_t i = 0; i < n; ++i) events.emplace_back(names[i]);
    visit(record, events);
  }
  if (!d->status().ok())
    return Status::IoError("decide store: read decisions: " + d->status().ToString());
  if (!f->status().ok())
    return Status::IoError("decide store: read feedback: " + f->status().ToString());
  return Status::Ok();
}

}  // namespace ripple::decide
