#include "sim/world.h"

#include <cmath>
#include <string>

namespace ripple::sim {

Result<std::unique_ptr<World>> BuildWorld(uint32_t subscribers, uint64_t seed, int64_t start_day) {
  if (subscribers == 0) return Status::InvalidArgument("--subscribers must be at least 1");
  if (subscribers > 100'000'000) {
    return Status::InvalidArgument("--subscribers must be at most 100000000, got " +
                                   std::to_string(subscribers));
  }
  auto world = std::make_unique<World>();
  world->seed = seed;
  world->subscribers = subscribers;
  world->people = subscribers + static_cast<uint32_t>(std::lround(subscribers * 0.3));
  world->start_day = start_day;
  BuildGeography(*world);
  BuildPopulation(*world);
  BuildWorkplaces(*world);
  BuildCircles(*world);
  BuildPhoneNumbers(*world);
  BuildTies(*world);
  BuildWeakContacts(*world);
  return world;
}

}  // namespace ripple::sim
