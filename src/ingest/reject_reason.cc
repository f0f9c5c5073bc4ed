#include "ingest/reject_reason.h"

namespace ripple::ingest {

std::string_view ReasonName(Reason reason) {
  static constexpr std::string_view kNames[kReasonCount] = {"accepted",
                                                            "wrong_field_count",
                                                            "missing_field",
                                                            "bad_timestamp",
                                                            "timestamp_out_of_range",
                                                            "bad_number",
                                                            "unknown_subscriber",
                                                            "no_subscriber_party",
                                                            "bad_integer",
                                                            "bad_amount",
                                                            "unknown_cell",
                                                            "unknown_product",
                                                            "bad_imei",
                                                            "bad_value",
                                                            "bad_json",
                                                            "unknown_type",
                                                            "duplicate",
                                                            "late"};
  return kNames[static_cast<int>(reason)];
}

}  // namespace ripple::ingest
