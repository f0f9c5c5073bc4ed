#include "state/event_state_store.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "state/rocks_folder.h"

namespace ripple::state {
namespace {

constexpr char kPrefix = 'e';
constexpr std::string_view kEventProgressKey = "mprogress";

std::string Key(uint32_t s) {
  std::string k(5, '\0');
  k[0] = kPrefix;
  for (int i = 0; i < 4; ++i) k[1 + i] = static_cast<char>(s >> (24 - 8 * i));
  return k;
}

rocksdb::Slice AsSlice(std::string_view v) { return rocksdb::Slice(v.data(), v.size()); }

}  // namespace

EventStateStore::EventStateStore(std::string dir, std::unique_ptr<rocksdb::DB> db)
    : dir_(std::move(dir)), db_(std::move(db)) {}

EventStateStore::~EventStateStore() = default;

Result<std::unique_ptr<EventStateStore>> EventStateStore::Open(const std::string& dir) {
  ASSIGN_OR_RETURN(auto db, OpenRocksFolder(dir, "event state"));
  return std::unique_ptr<EventStateStore>(new EventStateStore(dir, std::move(db)));
}

Status EventStateStore::Checkpoint(std::span<const std::pair<uint32_t, std::string>> changed,
                                   std::string_view progress) {
  rocksdb::WriteBatch batch;
  rocksdb::Status st;
  for (const auto& [s, value] : changed) {
    st = value.empty() ? batch.Delete(Key(s)) : batch.Put(Key(s), value);
    if (!st.ok()) break;
  }
  if (st.ok()) st = batch.Put(AsSlice(kEventProgressKey), AsSlice(progress));
  if (st.ok()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    st = db_->Write(wo, &batch);
  }
  if (!st.ok()) {
    return Status::IoError("event state checkpoint to " + dir_ +
                           " failed (the previous checkpoint is intact): " + st.ToString());
  }
  last_bytes_ = batch.GetDataSize();
  return Status::Ok();
}

Result<std::optional<std::string>> EventStateStore::Progress() const {
  std::string progress;
  const rocksdb::Status ps =
      db_->Get(rocksdb::ReadOptions(), AsSlice(kEventProgressKey), &progress);
  if (ps.IsNotFound()) return std::optional<std::string>();
  if (!ps.ok()) return Status::IoError("event state " + dir_ + ": " + ps.ToString());
  return std::optional<std::string>(std::move(progress));
}

Status EventStateStore::ForEachSubscriber(
    const std::function<Status(uint32_t, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  const std::string upper(1, kPrefix + 1);
  rocksdb::Slice upper_bound(upper);
  ro.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(std::string(1, kPrefix)); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (k.size() != 5) return Status::Corruption("event state " + dir_ + ": a key of bad size");
    uint32_t s = 0;
    for (int i = 0; i < 4; ++i) s = (s << 8) | static_cast<uint8_t>(k[1 + i]);
    RETURN_IF_ERROR(fn(s, std::string_view(it->value().data(), it->value().size())));
  }
  if (!it->status().ok()) {
    return Status::IoError("event state " + dir_ + ": " + it->status().ToString());
  }
  return Status::Ok();
}

Status EventStateStore::Clear() {
  rocksdb::WriteBatch batch;
  rocksdb::Status st = batch.DeleteRange(db_->DefaultColumnFamily(), "e", "f");
  if (st.ok()) st = batch.Delete(AsSlice(kEventProgressKey));
  if (st.ok()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    st = db_->Write(wo, &batch);
  }
  if (!st.ok()) return Status::IoError("event state " + dir_ + ": clear failed: " + st.ToString());
  return Status::Ok();
}

}  // namespace ripple::state
