// WriteStateCsv: the state as text, one row per (subscriber, held day), for `ripple state dump`
// and for tests that compare two states exactly (e.g. after a kill and a resume).
//
// Columns: subscriber,day,<every RIPPLE_DAY_BUCKET_COUNTS field>,<every RIPPLE_DAY_BUCKET_SUMS
// field>,distinct_contacts,distinct_cells. `day` is the local date YYYY-MM-DD; the distinct
// columns are DistinctEstimate() with one decimal. Rows are sorted by subscriber index, then
// day, so equal states give byte-identical output. Per-subscriber header fields (last IMEI,
// device changes) are not in this table.
// Thread-safety: reads `state` only; same rules as SubscriberState's const queries.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "state/subscriber_state.h"

namespace ripple::state {

// The header row, without a trailing newline.
std::string StateCsvHeader();

// `subscriber_names[s]` names subscriber s in the first column (an msisdn or a pseudonym);
// subscribers beyond the end of the list are named by their index.
void WriteStateCsv(const SubscriberState& state, const std::vector<std::string>& subscriber_names,
                   std::ostream& out);

}  // namespace ripple::state
