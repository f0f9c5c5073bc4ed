#include "profile/host_matcher.h"

#include <hs/hs.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace ripple::profile {
namespace {

enum class Kind : uint8_t { kRegex = 0, kSuffix = 1, kExact = 2 };

constexpr unsigned kHsFlags = HS_FLAG_CASELESS | HS_FLAG_SINGLEMATCH;

// The preference of a rule when several match, as one number so that the scan callback is a
// single compare: the kind first (exact > suffix > regex), then the suffix length, then the
// earlier rule in file order.
uint64_t Specificity(Kind kind, size_t pattern_length, uint32_t index) {
  const uint64_t length = kind == Kind::kSuffix ? pattern_length & 0x3fffffff : 0;
  return uint64_t{static_cast<uint8_t>(kind)} << 62 | length << 32 |
         (std::numeric_limits<uint32_t>::max() - index);
}

// Every byte that is not a letter or digit becomes \xHH: a literal in any regex context, and
// safe for bytes >= 0x80 and NUL, which a backslash escape would not be.
std::string Escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() * 2);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z')) {
      out.push_back(c);
    } else {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

std::string Where(std::string_view source, size_t index) {
  return std::string(source) + ":" + std::to_string(index + 2) + ": ";
}

Status BadRegex(std::string_view source, size_t index, std::string_view pattern,
                std::string_view why) {
  return Status::InvalidArgument(Where(source, index) + "bad regex '" + std::string(pattern) +
                                 "': " + std::string(why));
}

// A regex is checked on its own before it is wrapped in ^(?:...)\z, for two reasons: Hyperscan's
// message then points into the user's pattern rather than the wrapper, and a pattern that is not
// a balanced expression by itself (e.g. "a)|(b") cannot escape the anchors of the wrapper.
Status CheckRegex(std::string_view source, size_t index, const std::string& pattern) {
  if (pattern.find('\0') != std::string::npos) {
    return BadRegex(source, index, pattern, "contains a NUL byte");
  }
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), kHsFlags | HS_FLAG_ALLOWEMPTY, &info, &error) !=
      HS_SUCCESS) {
    Status status = BadRegex(source, index, pattern, error != nullptr ? error->message : "");
    hs_free_compile_error(error);
    return status;
  }
  std::free(info);  // allocated by Hyperscan's default allocator (malloc)
  return Status::Ok();
}

// What the scan callback accumulates: the best rule so far, by Specificity().
struct ScanState {
  const uint64_t* specificity;
  uint64_t best;
  unsigned best_id;
  bool found;
};

int OnMatch(unsigned id, unsigned long long /*from*/, unsigned long long /*to*/, unsigned /*flags*/,
            void* context) {
  auto* state = static_cast<ScanState*>(context);
  const uint64_t s = state->specificity[id];
  if (!state->found || s > state->best) {
    state->best = s;
    state->best_id = id;
    state->found = true;
  }
  return 0;  // keep scanning: a more specific rule may still match
}

}  // namespace

struct HostMatcher::Impl {
  ~Impl() { hs_free_database(database); }
  hs_database_t* database = nullptr;  // null when there are no rules
  std::vector<uint64_t> specificity;  // by rule index
  std::vector<int16_t> category;      // by rule index
};

HostMatcher::HostMatcher(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HostMatcher::~HostMatcher() { hs_free_scratch(static_cast<hs_scratch_t*>(scratch_)); }

Result<std::unique_ptr<HostMatcher>> HostMatcher::Build(const std::vector<ingest::HostRule>& rules,
                                                        std::string_view source) {
  if (rules.size() >= std::numeric_limits<uint32_t>::max()) {
    return Status::InvalidArgument(std::string(source) + ": too many host rules");
  }
  auto impl = std::make_shared<Impl>();
  std::vector<std::string> categories;
  std::vector<std::string> expressions;
  expressions.reserve(rules.size());
  impl->specificity.reserve(rules.size());
  impl->category.reserve(rules.size());

  for (size_t i = 0; i < rules.size(); ++i) {
    const ingest::HostRule& rule = rules[i];
    Kind kind;
    if (rule.match == "suffix") {
      kind = Kind::kSuffix;
    } else if (rule.match == "exact") {
      kind = Kind::kExact;
    } else if (rule.match == "regex") {
      kind = Kind::kRegex;
    } else {
      return Status::InvalidArgument(Where(source, i) + "unknown match kind '" + rule.match +
                                     "' (expected suffix, exact or regex)");
    }
    if (rule.pattern.empty()) {
      return Status::InvalidArgument(Where(source, i) + "empty " + rule.match + " pattern");
    }
    if (rule.category.empty()) {
      return Status::InvalidArgument(Where(source, i) + "empty category for pattern '" +
                                     rule.pattern + "'");
    }
    switch (kind) {
      case Kind::kSuffix:
        expressions.push_back("(^|\\.)" + Escaped(rule.pattern) + "\\z");
        break;
      case Kind::kExact:
        expressions.push_back("^" + Escaped(rule.pattern) + "\\z");
        break;
      case Kind::kRegex:
        RETURN_IF_ERROR(CheckRegex(source, i, rule.pattern));
        // \z, not $: PCRE's $ also matches before a final newline.
        expressions.push_back("^(?:" + rule.pattern + ")\\z");
        break;
    }
    size_t c = 0;
    while (c < categories.size() && categories[c] != rule.category) ++c;
    if (c == categories.size()) {
      if (c > static_cast<size_t>(std::numeric_limits<int16_t>::max())) {
        return Status::InvalidArgument(Where(source, i) + "more than 32767 categories");
      }
      categories.push_back(rule.category);
    }
    impl->category.push_back(static_cast<int16_t>(c));
    impl->specificity.push_back(Specificity(kind, rule.pattern.size(), static_cast<uint32_t>(i)));
  }

  void* scratch = nullptr;
  // Hyperscan rejects an empty expression set; no rules simply means no database.
  if (!rules.empty()) {
    std::vector<const char*> pointers;
    std::vector<unsigned> flags(rules.size(), kHsFlags);
    std::vector<unsigned> ids(rules.size());
    pointers.reserve(rules.size());
    for (size_t i = 0; i < rules.size(); ++i) {
      pointers.push_back(expressions[i].c_str());
      ids[i] = static_cast<unsigned>(i);
    }
    hs_compile_error_t* error = nullptr;
    if (hs_compile_multi(pointers.data(), flags.data(), ids.data(),
                         static_cast<unsigned>(rules.size()), HS_MODE_BLOCK, nullptr,
                         &impl->database, &error) != HS_SUCCESS) {
      const std::string why = error != nullptr ? error->message : "unknown error";
      const int failed = error != nullptr ? error->expression : -1;
      hs_free_compile_error(error);
      if (failed >= 0 && static_cast<size_t>(failed) < rules.size()) {
        const auto at = static_cast<size_t>(failed);
        if (rules[at].match == "regex") return BadRegex(source, at, rules[at].pattern, why);
        return Status::InvalidArgument(Where(source, at) + "cannot compile " + rules[at].match +
                                       " pattern '" + rules[at].pattern + "': " + why);
      }
      return Status::InvalidArgument(std::string(source) +
                                     ": cannot compile the host rules: " + why);
    }
    hs_scratch_t* s = nullptr;
    if (hs_alloc_scratch(impl->database, &s) != HS_SUCCESS) {
      return Status::Internal("cannot allocate Hyperscan scratch for " + std::string(source));
    }
    scratch = s;
  }

  std::unique_ptr<HostMatcher> matcher(new HostMatcher(std::move(impl)));
  matcher->scratch_ = scratch;
  matcher->categories_ = std::move(categories);
  return matcher;
}

std::unique_ptr<HostMatcher> HostMatcher::Clone() const {
  std::unique_ptr<HostMatcher> clone(new HostMatcher(impl_));
  clone->categories_ = categories_;
  if (scratch_ != nullptr) {
    hs_scratch_t* s = nullptr;
    // Only fails when memory is exhausted, which Ripple does not treat as an expected failure.
    if (hs_clone_scratch(static_cast<const hs_scratch_t*>(scratch_), &s) != HS_SUCCESS) {
      std::fprintf(stderr, "HostMatcher::Clone: cannot allocate Hyperscan scratch\n");
      std::abort();
    }
    clone->scratch_ = s;
  }
  return clone;
}

int16_t HostMatcher::Match(std::string_view host) const {
  // An empty host names nothing; it also keeps a null data pointer away from hs_scan.
  if (impl_->database == nullptr || host.empty() ||
      host.size() > std::numeric_limits<unsigned>::max()) {
    return kNoCategory;
  }
  ScanState state{impl_->specificity.data(), 0, 0, false};
  if (hs_scan(impl_->database, host.data(), static_cast<unsigned>(host.size()), 0,
              static_cast<hs_scratch_t*>(scratch_), OnMatch, &state) != HS_SUCCESS ||
      !state.found) {
    return kNoCategory;
  }
  return impl_->category[state.best_id];
}

int16_t HostMatcher::FindCategory(std::string_view name) const {
  for (size_t i = 0; i < categories_.size(); ++i) {
    if (categories_[i] == name) return static_cast<int16_t>(i);
  }
  return kNoCategory;
}

int16_t CategoryCache::Fill(ingest::StringId host) {
  if (host >= cache_.size()) {
    // Cover every id interned so far at once, so a run grows the vector a few times, not per id.
    const size_t want = std::max<size_t>(size_t{host} + 1, strings_->size());
    cache_.resize(want, kUnknown);
  }
  const int16_t category = matcher_->Match(strings_->Text(host));
  cache_[host] = category;
  return category;
}

}  // namespace ripple::profile
