// Reading the marketing model's files: config/marketing.yaml (channels, slots, policy, segments,
// campaigns) and the opt-out and do-not-disturb lists it names.
//
// Errors name FILE:LINE:COL and the field ("config/marketing.yaml:41:14: campaigns[2].priority:
// expected a whole number"); list files name FILE:LINE.
// Thread-safety: ContactLists is immutable after loading except through Add, which takes a lock.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/phone_number.h"
#include "core/status.h"
#include "decide/model.h"

namespace ripple::decide {

Result<MarketingModel> ParseMarketingConfig(const std::string& text, const std::string& name);
Result<MarketingModel> LoadMarketingConfig(const std::string& path);
// The shipped config/marketing.yaml, compiled in (its contact lists are empty: it names files
// that only exist next to the shipped file).
std::string_view DefaultMarketingYaml();
// The name a model from DefaultMarketingYaml() is known by in messages and audits.
inline constexpr std::string_view kBuiltInMarketing = "(built-in config/marketing.yaml)";

// Who must not be contacted: opted out of one channel or all, or on the do-not-disturb list
// (no push channel). Keyed by the number as written anywhere (PhoneKey), so a list can name
// people who are not subscribers yet.
class ContactLists {
 public:
  // `opt_out` is CSV msisdn[,channel] (no channel or "*": every channel), `dnd` is CSV msisdn;
  // both optional (empty path), a header row is allowed. Relative paths are taken from
  // `base_dir`. Errors name FILE:LINE.
  static Result<ContactLists> Load(const std::string& opt_out, const std::string& dnd,
                                   const std::string& base_dir, const PhoneNumberRules& phone);
  ContactLists() = default;
  ContactLists(ContactLists&& o) noexcept
      : opt_out_(std::move(o.opt_out_)), dnd_(std::move(o.dnd_)) {}
  ContactLists& operator=(ContactLists&& o) noexcept {
    opt_out_ = std::move(o.opt_out_);
    dnd_ = std::move(o.dnd_);
    return *this;
  }

  bool OptedOut(PhoneKey phone, std::string_view channel) const;
  bool DoNotDisturb(PhoneKey phone) const;
  // At run time (a STOP reply, a call-centre request): channel empty or "*" for every channel.
  void AddOptOut(PhoneKey phone, std::string_view channel);
  size_t opt_out_size() const;
  size_t dnd_size() const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<PhoneKey, std::vector<std::string>> opt_out_;  // "*" = all channels
  std::unordered_map<PhoneKey, bool> dnd_;
};

}  // namespace ripple::decide
