// Writes a Relations result to OUT/relations/: ties.csv, circles.csv, households.csv,
// key_persons.csv and circle_summary.csv. Parties are named by pseudonym (on-net: the state's;
// off-net: the same keyed hash of the number), or by number with reveal. Each file is written to
// a temporary name and renamed, so a reader never sees half a file.
// Thread-safety: runs on the calling thread.
#pragma once

#include <string>
#include <vector>

#include "core/identity.h"
#include "core/status.h"
#include "graph/contact_graph.h"
#include "graph/relations.h"

namespace ripple::cli {

struct RelationsNames {
  const graph::ContactGraph* contacts;
  const std::vector<uint64_t>* pseudonyms;  // per subscriber
  const Pseudonymizer* pseudonymizer;       // for off-net numbers
  bool reveal = false;
  const std::vector<std::string>* interests = nullptr;  // host category names, by index
  std::string Of(graph::PartyId p) const;
  std::string_view Interest(int category) const;
};

// "C12" community, "H3" household, "W5" work, "I2" interest.
std::string CircleLabel(const graph::Circle& circle);

Status WriteRelations(const graph::Relations& relations, const RelationsNames& names,
                      const std::string& dir);

}  // namespace ripple::cli
