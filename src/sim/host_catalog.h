// Web hosts of the simulated internet: the rules written to hosts.csv (pattern, match, category)
// and the concrete host names sessions go to. Concrete names vary the way probe data does
// (bare domain, "www.", "m.", "api.", "img3." ...) so that suffix and regex matching matter, and
// every concrete name of a rule matches that rule and no rule of another category.
// Thread-safety: immutable after construction.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/catalog.h"

namespace ripple::sim {

enum class HostMatch : uint8_t { kSuffix, kExact, kRegex };
std::string_view HostMatchName(HostMatch match);

struct HostRule {
  std::string_view pattern;
  HostMatch match;
  int category;          // interest category, kGeneral, or kUnlisted (not written to hosts.csv)
  std::string_view app;  // what the probe names the app when it can
  // Regex rules only: concrete names are sample_prefix + number + sample_suffix.
  std::string_view sample_prefix;
  std::string_view sample_suffix;
};
std::span<const HostRule> HostRules();

class HostCatalog {
 public:
  HostCatalog();

  // Concrete host names and the app each belongs to, by dense host id.
  std::string_view host(uint32_t id) const { return hosts_[id]; }
  std::string_view app(uint32_t id) const { return apps_[id]; }
  uint32_t size() const { return static_cast<uint32_t>(hosts_.size()); }
  // Concrete host ids of a category (0..kUnlisted).
  const std::vector<uint32_t>& ByCategory(int category) const { return by_category_[category]; }

 private:
  std::vector<std::string> hosts_;
  std::vector<std::string_view> apps_;
  std::vector<std::vector<uint32_t>> by_category_;
};

}  // namespace ripple::sim
