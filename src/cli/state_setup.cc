#include "cli/state_setup.h"

#include <spdlog/spdlog.h>

namespace ripple::cli {

profile::ActivityOptions ActivityOptionsFrom(const RippleConfig& config) {
  profile::ActivityOptions o;
  o.utc_offset_minutes = config.utc_offset_minutes;
  return o;
}

graph::ContactGraphOptions ContactGraphOptionsFrom(const RippleConfig& config) {
  graph::ContactGraphOptions o;
  o.utc_offset_minutes = config.utc_offset_minutes;
  o.half_life_days = config.relations.half_life_days;
  return o;
}

state::StateOptions StateOptionsFrom(const RippleConfig& config) {
  state::StateOptions options;
  options.retention_days = config.retention_days;
  options.utc_offset_minutes = config.utc_offset_minutes;
  options.partitions = config.partitions;
  return options;
}

ingest::ReferenceData::LoadOptions ReferenceOptionsFrom(const RippleConfig& config) {
  ingest::ReferenceData::LoadOptions options;
  options.utc_offset_minutes = config.utc_offset_minutes;
  options.phone.home_country_code = config.home_country_code;
  options.phone.trunk_prefix = config.trunk_prefix;
  return options;
}

std::vector<uint64_t> SubscriberPseudonyms(const ingest::ReferenceData& reference,
                                           const RippleConfig& config) {
  bool demo_secret = false;
  Pseudonymizer pseudonymizer(ResolveSecret(config.secret, &demo_secret));
  if (demo_secret) {
    spdlog::warn(
        "no RIPPLE_SECRET and no identity.secret in the config: using the DEMO secret. "
        "Pseudonyms are NOT private. Set RIPPLE_SECRET for real data.");
  }
  std::vector<uint64_t> pseudonyms(reference.subscriber_count());
  for (size_t i = 0; i < pseudonyms.size(); ++i) {
    pseudonyms[i] = pseudonymizer.Pseudonym(reference.subscriber(static_cast<uint32_t>(i)).msisdn);
  }
  return pseudonyms;
}

}  // namespace ripple::cli
