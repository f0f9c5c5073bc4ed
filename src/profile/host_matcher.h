// HostMatcher: web host -> interest category, by the patterns of hosts.csv, with Hyperscan.
//
// Every rule of hosts.csv becomes one Hyperscan expression in one block-mode database:
//   suffix  "qq.com"   matches "qq.com" and any "*.qq.com" (a label boundary: not "myqq.com")
//   exact   "x.cn"     matches "x.cn" only
//   regex   PATTERN    matched against the whole host (implicitly anchored at both ends)
// Matching is case-insensitive (hosts are DNS names). When several rules match, the most
// specific wins: an exact rule, then the longest suffix, then the first regex in file order.
// Categories are numbered 0..categories()-1 in order of first appearance in the rules.
//
// CategoryCache maps interned host ids (ingest::StringId) to categories so that each distinct
// host is matched once per run: the hot path is one array load.
// Thread-safety: a HostMatcher is immutable after Build(); Match() uses a per-matcher scratch and
// is NOT safe to call concurrently (use Clone() per thread). CategoryCache is single-threaded.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ingest/reference.h"
#include "ingest/string_table.h"

namespace ripple::profile {

constexpr int16_t kNoCategory = -1;

class HostMatcher {
 public:
  // Compiles the rules. A rule with an unknown match kind, an empty pattern, or a regex
  // Hyperscan rejects is InvalidArgument naming `source` (e.g. "DIR/hosts.csv"), the rule's
  // 1-based data row number + 1 (its line in the file, header = line 1), and Hyperscan's
  // message. Zero rules is valid (every host -> kNoCategory).
  static Result<std::unique_ptr<HostMatcher>> Build(const std::vector<ingest::HostRule>& rules,
                                                    std::string_view source = "hosts.csv");
  ~HostMatcher();
  HostMatcher(const HostMatcher&) = delete;
  HostMatcher& operator=(const HostMatcher&) = delete;

  // A matcher sharing this one's compiled database, with its own scratch (for another thread).
  std::unique_ptr<HostMatcher> Clone() const;

  // The category index of `host`, or kNoCategory when no rule matches.
  int16_t Match(std::string_view host) const;

  const std::vector<std::string>& categories() const { return categories_; }
  // Index of category `name`, or kNoCategory.
  int16_t FindCategory(std::string_view name) const;

 private:
  struct Impl;
  explicit HostMatcher(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // database + rule metadata, shared by clones
  void* scratch_ = nullptr;     // hs_scratch_t*, owned
  std::vector<std::string> categories_;
};

// Category by StringId, filled on first sight of each id.
class CategoryCache {
 public:
  CategoryCache(const HostMatcher* matcher, const ingest::StringTable* strings)
      : matcher_(matcher), strings_(strings) {}
  int16_t Get(ingest::StringId host) {
    if (host == ingest::kNoString) return kNoCategory;
    if (host < cache_.size() && cache_[host] != kUnknown) return cache_[host];
    return Fill(host);
  }

 private:
  static constexpr int16_t kUnknown = -2;
  int16_t Fill(ingest::StringId host);
  const HostMatcher* matcher_;
  const ingest::StringTable* strings_;
  std::vector<int16_t> cache_;
};

}  // namespace ripple::profile
