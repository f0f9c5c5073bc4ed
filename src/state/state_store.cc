#include "state/state_store.h"

#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>

#include "core/bytes.h"
#include "core/flat_map.h"
#include "core/identity.h"
#include "state/rocks_folder.h"
#include "state/state_codec.h"

namespace ripple::state {
namespace {


constexpr char kSubscriberPrefix = 's';
constexpr char kAttachmentPrefix = 'x';
constexpr size_t kSubscriberKeySize = 1 + 2 + 8;
const std::string kSettingsKey = "msettings";
const std::string kProgressKey = "mprogress";
const std::string kCountersKey = "mcounters";

std::string SettingsValue(const StateOptions& o) {
  ByteWriter w;
  w.Varint(kStateEncodingVersion);
  w.Varint(static_cast<uint64_t>(o.retention_days));
  w.SignedVarint(o.utc_offset_minutes);
  w.Varint(static_cast<uint64_t>(o.partitions));
  return w.Take();
}

// "" when the settings agree, else which one differs, stored value first.
std::string SettingDifference(const StateOptions& stored, const StateOptions& now) {
  auto diff = [](const char* name, int a, int b) {
    return std::string(name) + " was " + std::to_string(a) + " and is now " + std::to_string(b);
  };
  if (stored.retention_days != now.retention_days) {
    return diff("retention_days", stored.retention_days, now.retention_days);
  }
  if (stored.utc_offset_minutes != now.utc_offset_minutes) {
    return diff("utc_offset_minutes", stored.utc_offset_minutes, now.utc_offset_minutes);
  }
  if (stored.partitions != now.partitions)
    return diff("partitions", stored.partitions, now.partitions);
  return "";
}

bool st_ok(const rocksdb::Status& s) { return s.ok(); }

std::string AttachmentKey(char tag, const std::string& subscriber_key) {
  std::string k;
  k.reserve(2 + subscriber_key.size() - 1);
  k.push_back(kAttachmentPrefix);
  k.push_back(tag);
  k.append(subscriber_key, 1);  // partition and pseudonym, without the 's'
  return k;
}

std::string AttachmentSettingsKey(char tag) { return std::string("mattach") + tag; }

uint64_t ReadBigEndian(const char* p, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace

std::string SubscriberKey(uint16_t partition, uint64_t pseudonym) {
  std::string key(kSubscriberKeySize, '\0');
  key[0] = kSubscriberPrefix;
  key[1] = static_cast<char>(partition >> 8);
  key[2] = static_cast<char>(partition);
  for (int i = 0; i < 8; ++i) key[3 + i] = static_cast<char>(pseudonym >> (56 - 8 * i));
  return key;
}

StateStore::StateStore(std::string dir, const StateOptions& options,
                       std::unique_ptr<rocksdb::DB> db)
    : dir_(std::move(dir)), options_(options), db_(std::move(db)) {}

StateStore::~StateStore() = default;

Result<std::unique_ptr<StateStore>> StateStore::Open(const std::string& dir,
                                                     const StateOptions& options) {
  Status valid = ValidateStateOptions(options);
  if (!valid.ok()) return Status::InvalidArgument(valid.message() + " (state store " + dir + ")");
  ASSIGN_OR_RETURN(auto db, OpenRocksFolder(dir, "state store"));
  std::unique_ptr<StateStore> store(
      new StateStore(dir, options, std::move(db)));
  RETURN_IF_ERROR(store->CheckSettings());
  return store;
}

Status StateStore::CheckSettings() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kSettingsKey, &value);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    s = db_->Put(wo, kSettingsKey, SettingsValue(options_));
    if (!s.ok())
      return Status::IoError("cannot write settings to state store " + dir_ + ": " + s.ToString());
    return Status::Ok();
  }
  if (!s.ok()) return Status::IoError("cannot read state store " + dir_ + ": " + s.ToString());
  ByteReader r(value);
  uint64_t version = 0, retention = 0, partitions = 0;
  int64_t offset = 0;
  if (!r.Varint(&version) || !r.Varint(&retention) || !r.SignedVarint(&offset) ||
      !r.Varint(&partitions) || !r.AtEnd() || retention > INT32_MAX || partitions > INT32_MAX ||
      offset < INT32_MIN || offset > INT32_MAX) {
    return Status::Corruption(
        "state store " + dir_ +
        ": the settings record is unreadable; start with a fresh output folder");
  }
  if (version != kStateEncodingVersion) {
    return Status::InvalidArgument(
        "state store " + dir_ + " uses state encoding version " + std::to_string(version) +
        " but this build reads version " + std::to_string(kStateEncodingVersion) +
        ": use the Ripple version that wrote it, or start with a fresh output folder");
  }
  StateOptions stored{static_cast<int>(retention), static_cast<int>(offset),
                      static_cast<int>(partitions)};
  std::string diff = SettingDifference(stored, options_);
  if (!diff.empty()) {
    return Status::InvalidArgument(
        "state store " + dir_ + " was written with other settings: " + diff +
        ". Stored state cannot be re-bucketed; start with a fresh output "
        "folder, or set the old value back");
  }
  return Status::Ok();
}

Status StateStore::LoadAttachment(SubscriberAttachment* a, const std::vector<uint64_t>& pseudonyms,
                                  const FlatMap64& ids, uint32_t zero_id) {
  std::string settings;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), AttachmentSettingsKey(a->tag()), &settings);
  if (s.IsNotFound()) return Status::Ok();  // never checkpointed with this attachment
  if (!s.ok()) return Status::IoError("cannot read state store " + dir_ + ": " + s.ToString());
  Status decoded = a->DecodeSettings(settings);
  if (!decoded.ok()) return Status::Corruption("state store " + dir_ + ": " + decoded.message());
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 4 << 20;
  const std::string lower{kAttachmentPrefix, a->tag()};
  const std::string upper{kAttachmentPrefix, static_cast<char>(a->tag() + 1)};
  rocksdb::Slice upper_bound(upper);
  ro.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(lower); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != kSubscriberKeySize + 1) {
      return Status::Corruption("state store " + dir_ + ": an attachment key has " +
                                std::to_string(key.size()) + " bytes");
    }
    const uint64_t pseudonym = ReadBigEndian(key.data() + 4, 8);
    const uint32_t id = pseudonym != 0 ? ids.Find(pseudonym) : zero_id;
    if (id == FlatMap64::kMissing || id >= pseudonyms.size()) continue;  // an orphan
    Status ok = a->Decode(id, std::string_view(it->value().data(), it->value().size()));
    if (!ok.ok()) {
      return Status::Corruption("state store " + dir_ + ": subscriber " +
                                Pseudonymizer::ToHex(pseudonym) + ": " + ok.message());
    }
  }
  if (!it->status().ok()) {
    return Status::IoError("cannot read state store " + dir_ + ": " + it->status().ToString());
  }
  return Status::Ok();
}

Status StateStore::CheckCaller(const SubscriberState& state,
                               const std::vector<uint64_t>& pseudonyms,
                               const char* operation) const {
  if (pseudonyms.size() != state.subscribers()) {
    return Status::InvalidArgument(std::string(operation) + " of state store " + dir_ + ": " +
                                   std::to_string(pseudonyms.size()) +
                                   " pseudonyms for a state of " +
                                   std::to_string(state.subscribers()) + " subscribers");
  }
  std::string diff = SettingDifference(options_, state.options());
  if (!diff.empty()) {
    return Status::InvalidArgument(std::string(operation) + " of state store " + dir_ +
                                   ": the state's settings differ from the store's: " + diff);
  }
  return Status::Ok();
}

Status StateStore::Checkpoint(SubscriberState& state, const std::vector<uint64_t>& pseudonyms,
                              std::string_view progress,
                              std::span<SubscriberAttachment* const> attachments) {
  RETURN_IF_ERROR(CheckCaller(state, pseudonyms, "checkpoint"));
  const auto started = std::chrono::steady_clock::now();
  rocksdb::WriteBatch batch;
  CheckpointStats stats;
  std::vector<const DayBucket*> held;
  held.reserve(static_cast<size_t>(options_.retention_days));
  std::string value;
  Status failed;
  const auto partitions = static_cast<uint64_t>(options_.partitions);
  // Dirty subscribers in key order: the memtable takes sorted inserts several times faster.
  struct Entry {
    uint16_t partition;
    uint64_t pseudonym;
    SubscriberId id;
  };
  std::vector<Entry> order;
  order.reserve(state.DirtyCount());
  state.ForEachDirty([&](SubscriberId s) {
    if (pseudonyms[s] % partitions != state.Partition(s) && failed.ok()) {
      failed = Status::InvalidArgument("checkpoint of state store " + dir_ +
                                       ": the pseudonym of subscriber " + std::to_string(s) +
                                       " is not the one the state was built with");
    }
    order.push_back({state.Partition(s), pseudonyms[s], s});
  });
  RETURN_IF_ERROR(failed);
  std::sort(order.begin(), order.end(), [](const Entry& a, const Entry& b) {
    return a.partition != b.partition ? a.partition < b.partition : a.pseudonym < b.pseudonym;
  });
  for (size_t i = 0; i < order.size(); ++i) {
    if (i + 1 < order.size()) {  // the next subscriber's slots, while this one is encoded
      const auto next = state.Slots(order[i + 1].id);
      for (const DayBucket& b : next) __builtin_prefetch(&b);
    }
    const SubscriberId s = order[i].id;
    const std::string key = SubscriberKey(order[i].partition, order[i].pseudonym);
    state.HeldBuckets(s, &held);
    rocksdb::Status st;
    if (held.empty() && state.Header(s) == SubscriberHeader()) {  // IsEmpty(s)
      st = batch.Delete(key);
      ++stats.subscribers_deleted;
    } else {
      st = batch.Put(key, EncodeSubscriber(state.Header(s), held));
      ++stats.subscribers_written;
    }
    for (SubscriberAttachment* a : attachments) {
      if (!st.ok()) break;
      const std::string akey = AttachmentKey(a->tag(), key);
      value.clear();
      st = a->Encode(s, &value) ? batch.Put(akey, value) : batch.Delete(akey);
    }
    if (!st.ok()) {
      return Status::IoError("checkpoint of state store " + dir_ + ": " + st.ToString());
    }
  }
  RETURN_IF_ERROR(failed);
  for (SubscriberAttachment* a : attachments) {
    if (!st_ok(batch.Put(AttachmentSettingsKey(a->tag()), a->Settings()))) {
      return Status::IoError("checkpoint of state store " + dir_ + ": cannot add settings");
    }
  }
  ByteWriter counters;
  counters.Varint(state.expired_records());
  rocksdb::Status st = batch.Put(kCountersKey, counters.data());
  if (st.ok()) st = batch.Put(kProgressKey, rocksdb::Slice(progress.data(), progress.size()));
  const auto encoded = std::chrono::steady_clock::now();
  if (st.ok()) {
    rocksdb::WriteOptions wo;
    wo.sync = true;
    st = db_->Write(wo, &batch);
  }
  if (!st.ok()) {
    return Status::IoError("checkpoint to state store " + dir_ +
                           " failed (the previous checkpoint is intact): " + st.ToString());
  }
  state.ClearDirty();
  stats.bytes = batch.GetDataSize();
  stats.encode_seconds = std::chrono::duration<double>(encoded - started).count();
  stats.write_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - encoded).count();
  last_checkpoint_ = stats;
  return Status::Ok();
}

Result<std::optional<std::string>> StateStore::Load(
    SubscriberState& state, const std::vector<uint64_t>& pseudonyms,
    std::span<SubscriberAttachment* const> attachments) {
  RETURN_IF_ERROR(CheckCaller(state, pseudonyms, "load"));
  if (state.DirtyCount() != 0) {
    return Status::InvalidArgument(
        "load of state store " + dir_ +
        ": the state already has records applied; load it right after creating it");
  }
  // pseudonym -> dense id. FlatMap64 reserves key 0, so a zero pseudonym is kept aside.
  FlatMap64 ids(pseudonyms.size());
  uint32_t zero_id = FlatMap64::kMissing;
  for (size_t i = 0; i < pseudonyms.size(); ++i) {
    const auto id = static_cast<uint32_t>(i);
    bool fresh = pseudonyms[i] != 0 ? ids.Put(pseudonyms[i], id) : zero_id == FlatMap64::kMissing;
    if (pseudonyms[i] == 0) zero_id = id;
    if (!fresh) {
      return Status::InvalidArgument(
          "load of state store " + dir_ + ": pseudonym " + Pseudonymizer::ToHex(pseudonyms[i]) +
          " of subscriber " + std::to_string(i) +
          " occurs twice in the subscriber list; remove the duplicate subscriber");
    }
  }

  rocksdb::ReadOptions ro;
  ro.fill_cache = false;
  ro.readahead_size = 4 << 20;
  const std::string upper(1, kSubscriberPrefix + 1);
  rocksdb::Slice upper_bound(upper);
  ro.iterate_upper_bound = &upper_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  DecodedSubscriber decoded;
  const auto partitions = static_cast<uint64_t>(options_.partitions);
  orphaned_ = 0;
  for (it->Seek(std::string(1, kSubscriberPrefix)); it->Valid(); it->Next()) {
    const rocksdb::Slice key = it->key();
    if (key.size() != kSubscriberKeySize) {
      return Status::Corruption("state store " + dir_ + ": a subscriber key has " +
                                std::to_string(key.size()) + " bytes instead of " +
                                std::to_string(kSubscriberKeySize));
    }
    const auto partition = ReadBigEndian(key.data() + 1, 2);
    const uint64_t pseudonym = ReadBigEndian(key.data() + 3, 8);
    const uint32_t id = pseudonym != 0 ? ids.Find(pseudonym) : zero_id;
    if (id == FlatMap64::kMissing) {
      ++orphaned_;
      continue;
    }
    auto who = [&] {
      return "state store " + dir_ + ": subscriber " + Pseudonymizer::ToHex(pseudonym);
    };
    if (pseudonym % partitions != partition) {
      return Status::Corruption(who() + " is stored under partition " + std::to_string(partition) +
                                " but belongs to partition " +
                                std::to_string(pseudonym % partitions));
    }
    Status decoded_ok = DecodeSubscriber(std::string_view(it->value().data(), it->value().size()),
                                         options_.retention_days, &decoded);
    if (!decoded_ok.ok()) return Status::Corruption(who() + ": " + decoded_ok.message());
    if (!state.Restore(id, decoded.header, decoded.buckets)) {
      return Status::Corruption(who() + ": two stored days need the same bucket slot");
    }
  }
  if (!it->status().ok()) {
    return Status::IoError("cannot read state store " + dir_ + ": " + it->status().ToString());
  }
  state.ClearDirty();
  for (SubscriberAttachment* a : attachments) {
    RETURN_IF_ERROR(LoadAttachment(a, pseudonyms, ids, zero_id));
  }

  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), kCountersKey, &value);
  if (s.ok()) {
    ByteReader r(value);
    uint64_t expired = 0;
    if (!r.Varint(&expired))
      return Status::Corruption("state store " + dir_ + ": the counters record is unreadable");
    state.set_expired_records(expired);
  } else if (!s.IsNotFound()) {
    return Status::IoError("cannot read state store " + dir_ + ": " + s.ToString());
  }
  s = db_->Get(rocksdb::ReadOptions(), kProgressKey, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Status::IoError("cannot read state store " + dir_ + ": " + s.ToString());
  return std::optional<std::string>(std::move(value));
}

}  // namespace ripple::state
