// ReferenceData: the reference tables of the data contract (subscribers, cells, hosts, tac,
// products), loaded and validated, with dense ids for lookups on the ingest hot path.
//
// Subscriber ids are dense in subscribers.csv order (accepted rows only); the first row of a
// repeated msisdn/cell/product wins and later ones are rejected as duplicates. Rejected rows go
// to the dead letters like any feed's. A missing or unreadable table is an error naming it,
// except tac and products and hosts, which may be absent (an operator may not ship them yet):
// then devices keep unknown TACs and orders reject every product.
// Thread-safety: immutable after Load(); concurrent readers are safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/flat_map.h"
#include "core/status.h"
#include "ingest/counts.h"
#include "ingest/record.h"
#include "ingest/schema.h"
#include "ingest/string_table.h"

namespace ripple::ingest {

class DeadLetters;

struct SubscriberInfo {
  PhoneKey msisdn;
  char gender;  // 'M', 'F' or 'U'
  int16_t birth_year;
  StringId region;
  StringId plan_id;
  int64_t monthly_fee_cents;
  int32_t join_day;  // days since 1970-01-01
};

struct CellInfo {
  double lat, lon;
  StringId area_id;
  StringId area_type;
};

struct HostRule {
  std::string pattern;
  std::string match;  // suffix, exact or regex
  std::string category;
};

struct HandsetModel {
  uint32_t tac;
  std::string brand, model;
  int release_year;
  std::string price_tier;  // low, mid, high, flagship
};

struct ProductInfo {
  std::string name, category;
  int64_t price_cents;
};

class ReferenceData {
 public:
  struct LoadOptions {
    int utc_offset_minutes = 480;
    PhoneNumberRules phone;  // the same rules as the feeds, so both name a line by one key
  };
  // Loads the tables from `dir` (each as .csv or .csv.gz). Row rejects go to `dead_letters`
  // (may be null) and `counts[table]`.
  static Result<std::unique_ptr<ReferenceData>> Load(const std::string& dir,
                                                     const LoadOptions& opts,
                                                     DeadLetters* dead_letters,
                                                     InputCounts counts[kTableCount]);

  size_t subscriber_count() const { return subscribers_.size(); }
  SubscriberId FindSubscriber(PhoneKey msisdn) const { return subscriber_index_.Find(msisdn); }
  const SubscriberInfo& subscriber(SubscriberId id) const { return subscribers_[id]; }
  const std::vector<SubscriberInfo>& subscribers() const { return subscribers_; }

  CellId FindCell(std::string_view cell_id) const { return cell_ids_.Find(cell_id); }
  std::string_view CellName(CellId id) const { return cell_ids_.Text(id); }
  // Content hashes of ids, stable when the tables are reordered (for record fingerprints).
  uint64_t CellHash(CellId id) const { return cell_ids_.Hash(id); }
  uint64_t ProductHash(ProductId id) const { return product_ids_.Hash(id); }
  const CellInfo& cell(CellId id) const { return cells_[id]; }
  size_t cell_count() const { return cells_.size(); }

  ProductId FindProduct(std::string_view product_id) const { return product_ids_.Find(product_id); }
  std::string_view ProductName(ProductId id) const { return product_ids_.Text(id); }
  const ProductInfo& product(ProductId id) const { return products_[id]; }
  size_t product_count() const { return products_.size(); }
  const std::vector<HandsetModel>& handsets() const { return handsets_; }

  // nullptr when the TAC is not in tac.csv.
  const HandsetModel* FindHandset(uint32_t tac) const;
  const std::vector<HostRule>& host_rules() const { return host_rules_; }
  // Interned reference texts (regions, plans, area ids and types).
  const StringTable& texts() const { return texts_; }

 private:
  friend class ReferenceLoader;

  std::vector<SubscriberInfo> subscribers_;
  FlatMap64 subscriber_index_;
  StringTable cell_ids_;
  std::vector<CellInfo> cells_;
  StringTable product_ids_;
  std::vector<ProductInfo> products_;
  std::vector<HandsetModel> handsets_;
  FlatMap64 handset_index_;
  std::vector<HostRule> host_rules_;
  StringTable texts_;
};

// Finds `<dir>/<stem>.csv`, `.csv.gz` or `.jsonl`; empty when none exists.
std::string FindInputFile(const std::string& dir, std::string_view stem, bool allow_jsonl);

}  // namespace ripple::ingest
