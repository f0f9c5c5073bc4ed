// The relations step of `ripple batch`: ties, circles, households and key persons from the
// contact graph and the profile's derivations, written to OUT/relations/ (ties.csv,
// circles.csv, households.csv, key_persons.csv, relations.snap for `ripple relations show`),
// and the social columns added to the profile's tag table before it is written.
// Thread-safety: runs on the calling thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/profile_step.h"
#include "core/config.h"
#include "core/status.h"
#include "graph/contact_graph.h"

namespace ripple::cli {

struct RelationsStepStats {
  uint64_t pairs = 0;  // pairs in the contact graph
  uint64_t ties = 0;   // pairs strong enough to be ties
  uint64_t parties = 0;
  uint64_t communities = 0, households = 0, work_circles = 0, interest_circles = 0;
  double modularity = 0;
  double bytes_per_pair = 0;
  double seconds = 0;
};

// REQUIRES: `profile` was computed from the same state the contact graph belongs to.
Result<RelationsStepStats> RunRelationsStep(const RelationsOptions& options,
                                            const std::string& out_dir, const RippleConfig& config,
                                            const graph::ContactGraph& contacts,
                                            const std::vector<uint64_t>& pseudonyms,
                                            ComputedProfile* profile);

}  // namespace ripple::cli
