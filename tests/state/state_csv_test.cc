#include "state/state_csv.h"

#include <gtest/gtest.h>

#include <sstream>

#include "state/state_test_util.h"
#include "support/test_support.h"

namespace ripple::state {
namespace {

using namespace ripple::state::testing;  // NOLINT

TEST(StateCsv, HeaderNamesEveryField) {
  EXPECT_EQ(
      StateCsvHeader(),
      "subscriber,day,calls_out,calls_in,calls_night,calls_offnet,sms_out,sms_in,data_sessions,"
      "location_updates,recharges,orders,device_records,visits,call_out_s,call_in_s,data_kib,"
      "data_s,recharge_cents,distinct_contacts,distinct_cells");
}

TEST(StateCsv, OneRowPerSubscriberAndHeldDaySorted) {
  SubscriberState st(Pseudonyms(3));
  st.Apply(Call(At(1, 22, 30), 2, 0, 61, 0, 0, 9));
  st.Apply(Call(At(0, 8), 2, kNoSubscriber, 5));
  std::ostringstream out;
  WriteStateCsv(st, {"alice", "bob", "carol"}, out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], StateCsvHeader());
  EXPECT_EQ(lines[1], "alice,2026-11-03,0,1,1,0,0,0,0,0,0,0,0,0,0,61,0,0,0,1.0,0.0");
  EXPECT_EQ(lines[2], "carol,2026-11-02,1,0,0,1,0,0,0,0,0,0,0,0,5,0,0,0,0,1.0,0.0");
  EXPECT_EQ(lines[3], "carol,2026-11-03,1,0,1,0,0,0,0,0,0,0,0,0,61,0,0,0,0,1.0,1.0");
}

TEST(StateCsv, UnnamedSubscribersUseTheirIndex) {
  SubscriberState st(Pseudonyms(2));
  st.Apply(Single(Feed::kVisits, At(0, 8), 1));
  std::ostringstream out;
  WriteStateCsv(st, {}, out);
  EXPECT_NE(out.str().find("\n1,2026-11-02,"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace ripple::state
