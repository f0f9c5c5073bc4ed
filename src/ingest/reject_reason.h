// Why a record was rejected. Codes are stable: they appear in dead-letter files, the run
// summary and metrics, and docs/data-contract.md explains each. kLate is not a rejection (the
// record was valid but arrived past its source's watermark) and is counted apart.
#pragma once

#include <cstdint>
#include <string_view>

namespace ripple::ingest {

enum class Reason : uint8_t {
  kAccepted,
  kWrongFieldCount,
  kMissingField,
  kBadTimestamp,
  kTimestampOutOfRange,
  kBadNumber,
  kUnknownSubscriber,
  kNoSubscriberParty,
  kBadInteger,
  kBadAmount,
  kUnknownCell,
  kUnknownProduct,
  kBadImei,
  kBadValue,
  kBadJson,
  kUnknownType,
  kDuplicate,
  kLate,
};
constexpr int kReasonCount = static_cast<int>(Reason::kLate) + 1;

std::string_view ReasonName(Reason reason);

}  // namespace ripple::ingest
