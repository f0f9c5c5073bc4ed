// One subscriber as JSON, for `ripple profile show`, `ripple relations show` and the API's
// /v1/subscribers/{msisdn} and /v1/subscribers/{msisdn}/circles.
// Thread-safety: pure functions over immutable inputs (the relations view reads files).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/config.h"
#include "core/phone_number.h"
#include "core/status.h"
#include "profile/tag_table.h"

namespace ripple::cli {

// Tags by dimension: {"msisdn", "subscriber", "as_of", "dimensions": {dim: {tag: value}}}.
nlohmann::ordered_json ProfileJson(const profile::TagTable& table, profile::Row row);

// Circles, roles, influence and the strongest `max_ties` ties from OUT/relations. NotFound when
// the person has no tie and no circle.
Result<nlohmann::ordered_json> RelationsJson(const std::string& out_dir, const RippleConfig& config,
                                             PhoneKey phone, size_t max_ties);

}  // namespace ripple::cli
