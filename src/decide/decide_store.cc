#include "decide/decide_store.h"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/bytes.h"
#include "state/rocks_folder.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;

std::string BigEndian(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) s[i] = static_cast<char>(v & 0xff);
  return s;
}
uint64_t FromBigEndian(std::string_view s) {
  uint64_t v = 0;
  for (char c : s.substr(0, 8)) v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

std::string DecisionKey(uint64_t id) { return "d/" + BigEndian(id); }
std::string ContactKey(PhoneKey phone) { return "c/" + BigEndian(phone); }
std::string CounterKey(const std::string& campaign) { return "k/" + campaign; }

std::string EncodeCounters(const CampaignCounters& c) {
  ByteWriter w;
  for (const auto* a : {&c.contacts, &c.controls, &c.impressions, &c.clicks, &c.conversions,
                        &c.dismisses, &c.control_conversions}) {
    w.SignedVarint(a->load(std::memory_order_relaxed));
  }
  return w.Take();
}

Status Check(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::Ok();
  return Status::IoError("decide store: " + what + ": " + s.ToString());
}

}  // namespace

std::string FormatDecisionId(uint64_t id) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(id));
  return buf;
}

std::optional<uint64_t> ParseDecisionId(std::string_view text) {
  if (text.size() != 16) return std::nullopt;
  uint64_t v = 0;
  for (char c : text) {
    int d;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'f')
      d = c - 'a' + 10;
    else
      return std::nullopt;
    v = (v << 4) | static_cast<uint64_t>(d);
  }
  return v;
}

DecisionRecord ToRecord(const Decision& d) {
  DecisionRecord r;
  r.id = d.id;
  r.ts_ms = d.ts_ms;
  r.phone = d.phone;
  r.channel = d.slot->channel;
  r.slot = d.slot->slot;
  const auto& campaigns = d.model->campaigns();
  if (d.winner >= 0) r.campaign = campaigns[d.winner].def.id;
  r.control = d.control;
  r.model_version = d.model->model().version;
  r.ranking = d.ranking;
  r.equals = d.equals;
  r.rotation = d.rotation;
  r.cell = d.cell;
  r.explored = d.explored;
  r.considered.reserve(d.considered.size());
  for (const Considered& k : d.considered) {
    r.considered.push_back({campaigns[k.campaign].def.id, k.verdict, k.score});
  }
  return r;
}

// What Record writes (format 3 = 2 + the adaptive cell; format 1 named every campaign, and is no
// longer read): campaigns by their index in the
// model version the decision was made with (its ids are stored per version, "v/<version>"), a
// verdict byte each, and a score only for those that reached ranking — about 100 bytes for 50
// campaigns instead of a kilobyte.
std::string EncodeDecisionCompact(const Decision& d) {
  ByteWriter w;
  w.Varint(3);
  w.Varint(d.id);
  w.SignedVarint(d.ts_ms);
  w.Varint(d.phone);
  w.String(d.slot->channel);
  w.String(d.slot->slot);
  w.Varint(static_cast<uint64_t>(d.winner + 1));
  w.Varint(d.control ? 1 : 0);
  w.Varint(d.model->model().version);
  w.Varint(static_cast<uint64_t>(d.ranking));
  w.Varint(static_cast<uint64_t>(d.equals));
  w.Varint(static_cast<uint64_t>(d.rotation));
  w.Varint(d.cell);
  w.Varint(d.explored ? 1 : 0);
  w.Varint(d.considered.size());
  std::string verdicts;
  verdicts.reserve(d.considered.size());
  for (const Considered& k : d.considered) {
    w.Varint(k.campaign);
    verdicts.push_back(static_cast<char>(k.verdict));
  }
  w.Raw(verdicts);
  for (const Considered& k : d.considered) {
    if (k.verdict <= Verdict::kOutranked) w.Double(k.score);
  }
  return w.Take();
}

bool DecodeDecisionCompact(std::string_view bytes,
                           const std::function<const std::vector<std::string>*(uint64_t)>& ids,
                           DecisionRecord* r) {
  ByteReader in(bytes);
  uint64_t format, winner, control, ranking, equals, rotation, n, phone, cell = 0, explored = 0;
  if (!in.Varint(&format) || (format != 2 && format != 3) || !in.Varint(&r->id) ||
      !in.SignedVarint(&r->ts_ms) || !in.Varint(&phone) || !in.String(&r->channel) ||
      !in.String(&r->slot) || !in.Varint(&winner) || !in.Varint(&control) ||
      !in.Varint(&r->model_version) || !in.Varint(&ranking) || !in.Varint(&equals) ||
      !in.Varint(&rotation) || (format == 3 && (!in.Varint(&cell) || !in.Varint(&explored))) ||
      !in.Varint(&n) || ranking > static_cast<uint64_t>(Ranking::kAdaptive) || n > 65536 ||
      cell >= (uint64_t{1} << kMaxLearnSegments)) {
    return false;
  }
  r->cell = static_cast<uint32_t>(cell);
  r->explored = explored != 0;
  const std::vector<std::string>* names = ids(r->model_version);
  if (!names) return false;
  r->phone = phone;
  r->control = control != 0;
  r->ranking = static_cast<Ranking>(ranking);
  r->equals = static_cast<int>(equals);
  r->rotation = static_cast<int>(rotation);
  r->campaign.clear();
  if (winner > 0) {
    if (winner > names->size()) return false;
    r->campaign = (*names)[winner - 1];
  }
  r->considered.assign(n, {});
  for (auto& k : r->considered) {
    uint64_t index;
    if (!in.Varint(&index) || index >= names->size()) return false;
    k.campaign = (*names)[index];
  }
  std::string_view verdicts;
  if (!in.Raw(n, &verdicts)) return false;
  for (size_t i = 0; i < n; ++i) {
    const auto v = static_cast<uint8_t>(verdicts[i]);
    if (v > static_cast<uint8_t>(kLastVerdict)) return false;
    r->considered[i].verdict = static_cast<Verdict>(v);
    if (r->considered[i].verdict <= Verdict::kOutranked && !in.Double(&r->considered[i].score)) {
      return false;
    }
  }
  return in.AtEnd();
}

DecideStore::DecideStore(std::unique_ptr<rocksdb::DB> db)
    : db_(std::move(db)), pending_(std::make_unique<rocksdb::WriteBatch>()) {
  writer_ = std::thread([this] { WriterLoop(); });
}

DecideStore::~DecideStore() {
  {
    std::lock_guard lock(pending_mutex_);
    stopping_ = true;
  }
  pending_cv_.notify_one();
  writer_.join();
  if (Status st = Flush(); !st.ok()) spdlog::error("{}", st.ToString());
}

void DecideStore::WriterLoop() {
  std::unique_lock lock(pending_mutex_);
  while (!stopping_) {
    pending_cv_.wait_for(lock, std::chrono::milliseconds(2));
    if (pending_->Count() == 0) continue;
    lock.unlock();
    if (Status st = Flush(); !st.ok() && write_errors_.fetch_add(1) == 0) {
      spdlog::error("{}", st.ToString());
    }
    lock.lock();
  }
}

Status DecideStore::Flush() {
  std::lock_guard order(flush_mutex_);
  std::unique_ptr<rocksdb::WriteBatch> batch;
  {
    std::lock_guard lock(pending_mutex_);
    if (pending_->Count() == 0) return Status::Ok();
    batch = std::exchange(pending_, std::make_unique<rocksdb::WriteBatch>());
  }
  return Check(db_->Write(rocksdb::WriteOptions(), batch.get()), "write decisions");
}

Result<std::unique_ptr<DecideStore>> DecideStore::Open(const std::string& dir) {
  ASSIGN_OR_RETURN(auto db, state::OpenRocksFolder(dir, "decide store"));
  auto store = std::unique_ptr<DecideStore>(new DecideStore(std::move(db)));
  std::string v;
  const rocksdb::Status s = store->db_->Get(rocksdb::ReadOptions(), "meta/boot", &v);
  if (!s.ok() && !s.IsNotFound()) return Check(s, "read meta/boot");
  store->boot_ = (s.ok() ? FromBigEndian(v) : 0) + 1;
  rocksdb::WriteOptions wo;
  wo.sync = true;
  RETURN_IF_ERROR(
      Check(store->db_->Put(wo, "meta/boot", BigEndian(store->boot_)), "write meta/boot"));
  return store;
}

Result<std::optional<MarketingModel>> DecideStore::LoadModel() {
  std::string v;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), "m", &v);
  if (s.IsNotFound()) return std::optional<MarketingModel>();
  RETURN_IF_ERROR(Check(s, "read the model"));
  const json j = json::parse(v, nullptr, false);
  MarketingModel m;
  if (j.is_discarded()) return Status::Corruption("decide store: the stored model is not JSON");
  if (auto err = ModelFromJson(j, &m)) {
    return Status::Corruption("decide store: the stored model is invalid: " + err->path + ": " +
                              err->message);
  }
  return std::optional<MarketingModel>(std::move(m));
}

Status DecideStore::SaveModel(const MarketingModel& model, const AuditEntry& audit) {
  rocksdb::WriteBatch b;
  b.Put("m", ModelToJson(model).dump());
  const json a = {{"version", audit.version},
                  {"at_ms", audit.at_ms},
                  {"who", audit.who},
                  {"action", audit.action},
                  {"detail", audit.detail}};
  b.Put("a/" + BigEndian(audit.version), a.dump());
  json ids = json::array();
  for (const Campaign& c : model.campaigns) ids.push_back(c.id);
  b.Put("v/" + BigEndian(model.version), ids.dump());
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return Check(db_->Write(wo, &b), "write the model");
}

std::vector<AuditEntry> DecideStore::Audit(size_t limit) {
  std::vector<AuditEntry> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->SeekForPrev("a/\xff\xff\xff\xff\xff\xff\xff\xff"); it->Valid() && out.size() < limit;
       it->Prev()) {
    if (!it->key().starts_with("a/")) break;
    const json j = json::parse(it->value().ToString(), nullptr, false);
    if (j.is_discarded()) continue;
    AuditEntry e;
    e.version = j.value("version", uint64_t{0});
    e.at_ms = j.value("at_ms", int64_t{0});
    e.who = j.value("who", "");
    e.action = j.value("action", "");
    e.detail = j.value("detail", "");
    out.push_back(std::move(e));
  }
  return out;
}

Status DecideStore::LoadLedger(ContactLedger& ledger,
                               const std::function<uint32_t(PhoneKey)>& subscriber_of) {
  RETURN_IF_ERROR(Flush());
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), "meta/channels", &v);
  if (s.ok()) {
    const json j = json::parse(v, nullptr, false);
    if (j.is_array()) ledger.set_channels(j.get<std::vector<std::string>>());
  } else if (!s.IsNotFound()) {
    return Check(s, "read meta/channels");
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("c/"); it->Valid() && it->key().starts_with("c/"); it->Next()) {
    const PhoneKey phone = FromBigEndian(std::string_view(it->key().data() + 2, 8));
    const uint32_t sub = subscriber_of(phone);
    if (sub == UINT32_MAX || sub >= ledger.size()) continue;
    ContactEntry e;
    if (!ContactLedger::Decode(std::string_view(it->value().data(), it->value().size()), &e)) {
      return Status::Corruption("decide store: a contact entry has the wrong size");
    }
    auto lock = ledger.Lock(sub);
    ledger.Entry(sub) = e;
  }
  return Check(it->status(), "read the contacts");
}

Status DecideStore::SaveChannels(const std::vector<std::string>& channels) {
  return Check(db_->Put(rocksdb::WriteOptions(), "meta/channels", json(channels).dump()),
               "write meta/channels");
}

Status DecideStore::SaveOptOut(PhoneKey phone, std::string_view channel) {
  rocksdb::WriteOptions wo;
  wo.sync = true;  // an opt-out is a promise to a person: on disk before the answer
  return Check(db_->Put(wo, "o/" + BigEndian(phone) + std::string(channel), ""),
               "write an opt-out");
}

Status DecideStore::LoadOptOuts(ContactLists& lists) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("o/"); it->Valid() && it->key().starts_with("o/"); it->Next()) {
    if (it->key().size() < 10) return Status::Corruption("decide store: opt-out key malformed");
    const std::string_view key(it->key().data(), it->key().size());
    lists.AddOptOut(FromBigEndian(key.substr(2, 8)), key.substr(10));
  }
  return Check(it->status(), "read the opt-outs");
}

void DecideStore::SaveContact(PhoneKey phone, const ContactEntry& entry) {
  std::lock_guard lock(pending_mutex_);
  pending_->Put(ContactKey(phone), ContactLedger::Encode(entry));
}

void DecideStore::Record(const Decision& d, const ContactEntry& entry) {
  const std::string value = EncodeDecisionCompact(d);
  // The campaign ids of the decision's model version, once, so that it can always be decoded
  // (SaveModel stores them too; a model that was never saved, as in tests, is covered here).
  const uint64_t version = d.model->model().version;
  std::string ids_json;
  if (ids_written_for_.load(std::memory_order_relaxed) != version + 1) {
    std::lock_guard lock(versions_mutex_);
    if (!version_ids_.count(version)) {
      std::vector<std::string> ids;
      for (const CompiledCampaign& c : d.model->campaigns()) ids.push_back(c.def.id);
      ids_json = json(ids).dump();
      version_ids_.emplace(version, std::move(ids));
    }
    ids_written_for_.store(version + 1, std::memory_order_relaxed);
  }
  std::lock_guard lock(pending_mutex_);
  if (!ids_json.empty()) pending_->Put("v/" + BigEndian(version), ids_json);
  pending_->Put(DecisionKey(d.id), value);
  if (d.winner >= 0) {
    const CompiledCampaign& c = d.model->campaigns()[d.winner];
    // A quota is enforced from these counters across restarts: journalled with the decision.
    // The other campaigns' counters are written by FlushCounters (every second in the server).
    if (c.def.quota > 0) pending_->Put(CounterKey(c.def.id), EncodeCounters(*c.counters));
    if (d.shown()) pending_->Put(ContactKey(d.phone), ContactLedger::Encode(entry));
  }
}

Result<DecisionRecord> DecideStore::FindDecision(uint64_t id) {
  std::string v;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), DecisionKey(id), &v);
  if (s.IsNotFound()) {  // made in the last moments: still in the journal
    RETURN_IF_ERROR(Flush());
    s = db_->Get(rocksdb::ReadOptions(), DecisionKey(id), &v);
  }
  if (s.IsNotFound()) return Status::NotFound("no decision " + FormatDecisionId(id));
  RETURN_IF_ERROR(Check(s, "read a decision"));
  DecisionRecord r;
  if (!DecodeDecisionCompact(
          v, [this](uint64_t ver) { return VersionIds(ver); }, &r))
    return Status::Corruption("decide store: decision record malformed");
  return r;
}

Result<bool> DecideStore::MarkFeedback(uint64_t id, std::string_view event,
                                       const std::string& campaign,
                                       const std::function<const CampaignCounters*()>& apply) {
  std::lock_guard lock(feedback_locks_[id % feedback_locks_.size()]);
  const std::string key = "f/" + BigEndian(id) + "/" + std::string(event);
  std::string v;
  const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), key, &v);
  if (s.ok()) return false;
  if (!s.IsNotFound()) return Check(s, "read feedback");
  rocksdb::WriteBatch b;
  b.Put(key, "");
  if (const CampaignCounters* counters = apply()) {
    b.Put(CounterKey(campaign), EncodeCounters(*counters));
  }
  RETURN_IF_ERROR(Check(db_->Write(rocksdb::WriteOptions(), &b), "write feedback"));
  return true;
}

const std::vector<std::string>* DecideStore::VersionIds(uint64_t version) {
  std::lock_guard lock(versions_mutex_);
  auto it = version_ids_.find(version);
  if (it != version_ids_.end()) return &it->second;
  std::string v;
  if (!db_->Get(rocksdb::ReadOptions(), "v/" + BigEndian(version), &v).ok()) return nullptr;
  const json j = json::parse(v, nullptr, false);
  if (!j.is_array()) return nullptr;
  return &version_ids_.emplace(version, j.get<std::vector<std::string>>()).first->second;
}

Status DecideStore::FlushCounters(CounterRegistry& registry) {
  rocksdb::WriteBatch b;
  for (const auto& [id, c] : registry.All()) b.Put(CounterKey(id), EncodeCounters(*c));
  return Check(db_->Write(rocksdb::WriteOptions(), &b), "write counters");
}

Status DecideStore::SaveCounters(const std::string& campaign, const CampaignCounters& counters) {
  return Check(db_->Put(rocksdb::WriteOptions(), CounterKey(campaign), EncodeCounters(counters)),
               "write counters");
}

Status DecideStore::FlushArms(BanditRegistry& registry) {
  rocksdb::WriteBatch b;
  for (const auto& [key, set] : registry.All()) {
    ByteWriter w;
    w.Varint(set->arms.size());
    for (const Arm& arm : set->arms) {
      w.SignedVarint(arm.shown.load(std::memory_order_relaxed));
      w.SignedVarint(arm.conversions.load(std::memory_order_relaxed));
    }
    b.Put("b/" + key, w.Take());
  }
  return Check(db_->Write(rocksdb::WriteOptions(), &b), "write arms");
}

Status DecideStore::LoadArms(BanditRegistry& registry) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("b/"); it->Valid() && it->key().starts_with("b/"); it->Next()) {
    ByteReader in(std::string_view(it->value().data(), it->value().size()));
    uint64_t cells = 0;
    if (!in.Varint(&cells) || cells == 0 || cells > (uint64_t{1} << kMaxLearnSegments)) {
      return Status::Corruption("decide store: arms of " + it->key().ToString() + " malformed");
    }
    ArmSet* set = registry.Get(it->key().ToString().substr(2), cells);
    for (Arm& arm : set->arms) {
      int64_t shown = 0, won = 0;
      if (!in.SignedVarint(&shown) || !in.SignedVarint(&won)) {
        return Status::Corruption("decide store: arms of " + it->key().ToString() + " malformed");
      }
      set->Load(static_cast<uint32_t>(&arm - set->arms.data()), shown, won);
    }
  }
  return Check(it->status(), "read arms");
}

Status DecideStore::LoadCounters(CounterRegistry& registry) {
  RETURN_IF_ERROR(Flush());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek("k/"); it->Valid() && it->key().starts_with("k/"); it->Next()) {
    CampaignCounters* c = registry.Get(it->key().ToString().substr(2));
    ByteReader in(std::string_view(it->value().data(), it->value().size()));
    for (auto* a : {&c->contacts, &c->controls, &c->impressions, &c->clicks, &c->conversions,
                    &c->dismisses, &c->control_conversions}) {
      int64_t v = 0;
      if (!in.SignedVarint(&v)) return Status::Corruption("decide store: counters malformed");
      a->store(v);
    }
  }
  return Check(it->status(), "read counters");
}

}  // namespace ripple::decide
