// Writes the reference tables (subscribers, cells, hosts, tac, products) and the ground truth
// (DIR/truth/*.csv) of a world and its run. Truth lists off-net people too: they are family,
// colleagues and friends of subscribers and the acquisition targets inference should find.
// Thread-safety: reads an immutable World.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "sim/injected.h"
#include "sim/moments.h"
#include "sim/world.h"

namespace ripple::sim {

Status WriteReferenceTables(const World& world, const std::string& dir);
// Everything under DIR/truth/ except injected.csv.
Status WriteTruthTables(const World& world, const std::string& dir);
Status WriteInjectedTruth(const std::vector<InjectedLine>& injected, const std::string& dir);
Status WriteMomentTruth(const World& world, const std::vector<MomentRow>& rows,
                        const std::string& dir);

}  // namespace ripple::sim
