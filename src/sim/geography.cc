// Areas and cells, scaled with the population: one residential area per ~150 people, one office
// area per ~250 workers, a few malls, scenic spots, hospitals and campuses per 10k people, one
// airport and one or two railway stations. Each area gets 2-4 neighbouring cells around its
// centre, in its district's location area (LAC). Last come the areas abroad, one per roaming
// destination, with fixed cells (no draws, so they shift nothing in the world's streams).
#include <algorithm>
#include <cmath>
#include <string>

#include "core/rng.h"
#include "sim/random_streams.h"
#include "sim/world.h"

namespace ripple::sim {
namespace {

uint32_t Scaled(double people, double per_10k, uint32_t at_least) {
  return std::max<uint32_t>(at_least, static_cast<uint32_t>(std::lround(people * per_10k / 1e4)));
}

}  // namespace

AreaId PickArea(const World& world, AreaType type, int region, uint64_t draw) {
  const auto& local = world.areas_by_type_region[static_cast<int>(type)][region];
  if (!local.empty()) return local[draw % local.size()];
  const auto& all = world.areas_by_type[static_cast<int>(type)];
  return all[draw % all.size()];
}

void BuildGeography(World& world) {
  Rng rng = Rng::For(world.seed, 0, 0, kPurposeGeography);
  const double people = world.people;
  const int region_count = static_cast<int>(Regions().size());

  struct Plan {
    AreaType type;
    uint32_t count;
  };
  const Plan plans[] = {
      {AreaType::kResidential, Scaled(people, 10000.0 / 150, 1)},
      {AreaType::kOffice, Scaled(people * 0.45, 10000.0 / 250, 2)},
      {AreaType::kAirport, 1},
      {AreaType::kRailway, people < 5000 ? 1u : 2u},
      {AreaType::kCampus, Scaled(people, 3, 2)},
      {AreaType::kMall, Scaled(people, 3, 2)},
      {AreaType::kScenic, Scaled(people, 2, 1)},
      {AreaType::kHospital, Scaled(people, 2, 1)},
      {AreaType::kStadium, Scaled(people, 0.5, 1)},
      {AreaType::kOther, Scaled(people, 10000.0 / 300, 4)},
  };

  world.areas_by_type.assign(kAreaTypeCount, {});
  world.areas_by_type_region.assign(kAreaTypeCount, std::vector<std::vector<AreaId>>(region_count));
  std::vector<uint32_t> next_ci(region_count);
  for (int r = 0; r < region_count; ++r) next_ci[r] = 10000 + static_cast<uint32_t>(rng.Below(200));

  for (const Plan& plan : plans) {
    for (uint32_t i = 0; i < plan.count; ++i) {
      int region;
      if (plan.type == AreaType::kAirport) {
        region = 3;  // Baoan
      } else if (plan.type == AreaType::kRailway) {
        region = i == 0 ? 0 : 5;  // Futian, Longhua
      } else {
        region = DrawRegion(rng);
      }
      const RegionInfo& info = Regions()[region];
      AreaId id = static_cast<AreaId>(world.areas.size());
      Area area{static_cast<CellIndex>(world.cells.size()), static_cast<uint8_t>(2 + rng.Below(3)),
                plan.type, static_cast<uint8_t>(region)};
      double lat = info.lat + (rng.Uniform() - 0.5) * 0.08;
      double lon = info.lon + (rng.Uniform() - 0.5) * 0.08;
      for (int c = 0; c < area.cell_count; ++c) {
        Cell cell{};
        cell.area = id;
        cell.lat = static_cast<float>(lat + (rng.Uniform() - 0.5) * 0.006);
        cell.lon = static_cast<float>(lon + (rng.Uniform() - 0.5) * 0.006);
        next_ci[region] += 1 + static_cast<uint32_t>(rng.Below(3));
        std::string text = std::to_string(info.lac) + "-" + std::to_string(next_ci[region]);
        std::copy(text.begin(), text.end(), cell.id);
        cell.id_len = static_cast<uint8_t>(text.size());
        world.cells.push_back(cell);
      }
      world.areas.push_back(area);
      world.areas_by_type[static_cast<int>(plan.type)].push_back(id);
      world.areas_by_type_region[static_cast<int>(plan.type)][region].push_back(id);
    }
  }

  world.first_roaming_area = static_cast<AreaId>(world.areas.size());
  for (const RoamingDestination& d : RoamingDestinations()) {
    Area area{static_cast<CellIndex>(world.cells.size()), d.cells, AreaType::kOther, 0};
    for (int c = 0; c < d.cells; ++c) {
      Cell cell{};
      cell.area = static_cast<AreaId>(world.areas.size());
      // A few kilometres apart around the city centre: a hotel, downtown, the airport.
      cell.lat = static_cast<float>(d.lat + 0.02 * (c % 2 == 0 ? c : -c));
      cell.lon = static_cast<float>(d.lon + 0.03 * (c == 1 ? 1 : -c));
      std::string text = std::string(d.network) + "-" + std::to_string(2101 + 37 * c);
      std::copy(text.begin(), text.end(), cell.id);
      cell.id_len = static_cast<uint8_t>(text.size());
      world.cells.push_back(cell);
    }
    world.areas.push_back(area);
  }
}

}  // namespace ripple::sim
