#include "state/state_csv.h"

#include <cstdio>

#include "core/time.h"

namespace ripple::state {

std::string StateCsvHeader() {
  std::string header = "subscriber,day";
#define RIPPLE_CSV_NAME(name) header += "," #name;
  RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_CSV_NAME)
  RIPPLE_DAY_BUCKET_SUMS(RIPPLE_CSV_NAME)
#undef RIPPLE_CSV_NAME
  header += ",distinct_contacts,distinct_cells";
  return header;
}

void WriteStateCsv(const SubscriberState& state, const std::vector<std::string>& subscriber_names,
                   std::ostream& out) {
  out << StateCsvHeader() << '\n';
  std::vector<const DayBucket*> held;
  std::string row;
  char buf[64];
  for (SubscriberId s = 0; s < state.subscribers(); ++s) {
    state.HeldBuckets(s, &held);
    if (held.empty()) continue;
    const std::string name = s < subscriber_names.size() ? subscriber_names[s] : std::to_string(s);
    for (const DayBucket* b : held) {
      int year;
      unsigned month, day;
      CivilFromDays(b->day, &year, &month, &day);
      std::snprintf(buf, sizeof(buf), ",%04d-%02u-%02u", year, month, day);
      row = name;
      row += buf;
#define RIPPLE_CSV_VALUE(name) \
  row += ',';                  \
  row += std::to_string(b->name);
      RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_CSV_VALUE)
      RIPPLE_DAY_BUCKET_SUMS(RIPPLE_CSV_VALUE)
#undef RIPPLE_CSV_VALUE
      std::snprintf(buf, sizeof(buf), ",%.1f,%.1f\n", DistinctEstimate(b->contacts_sketch),
                    DistinctEstimate(b->cells_sketch));
      row += buf;
      out << row;
    }
  }
}

}  // namespace ripple::state
