// Setting up subscriber state from the config and the reference tables: the pieces every
// command that opens OUT/state needs in the same way.
#pragma once

#include <cstdint>
#include <vector>

#include "core/config.h"
#include "core/identity.h"
#include "graph/contact_graph.h"
#include "ingest/reference.h"
#include "profile/activity.h"
#include "state/subscriber_state.h"

namespace ripple::cli {

state::StateOptions StateOptionsFrom(const RippleConfig& config);
profile::ActivityOptions ActivityOptionsFrom(const RippleConfig& config);
graph::ContactGraphOptions ContactGraphOptionsFrom(const RippleConfig& config);
// REQUIRES: `config` outlives the options (they view its home country code).
ingest::ReferenceData::LoadOptions ReferenceOptionsFrom(const RippleConfig& config);

// The pseudonym of every subscriber, by dense id. Warns loudly when the demo secret is in use.
std::vector<uint64_t> SubscriberPseudonyms(const ingest::ReferenceData& reference,
                                           const RippleConfig& config);

}  // namespace ripple::cli
