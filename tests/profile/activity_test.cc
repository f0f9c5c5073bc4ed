// ProfileActivity: time decay and its order independence, night / weekday-daytime
// classification at the exact boundaries, which party a cell counts for, slot eviction,
// categories, channels x dayparts, international calls and handset changes.
// (The checkpoint encoding is in activity_codec_test.cc.)
#include "profile/activity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "core/phone_number.h"
#include "profile/host_matcher.h"
#include "profile_test_util.h"
#include "state/subscriber_state.h"

namespace ripple::profile {
namespace {

using namespace ::ripple::profile::testing;  // NOLINT

// The slot of `cell` for `s`, or nullptr.
const CellSlot* FindSlot(const ProfileActivity& a, SubscriberId s, CellId cell) {
  for (const CellSlot& c : a.cells(s)) {
    if (c.cell == cell) return &c;
  }
  return nullptr;
}

std::vector<CellId> CellsOf(const ProfileActivity& a, SubscriberId s) {
  std::vector<CellId> out;
  for (const CellSlot& c : a.cells(s)) {
    if (c.cell != kNoCell) out.push_back(c.cell);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ProfileActivityDecay, ARecordAHalfLifeOlderWeighsHalfInEitherOrder) {
  const Record old_rec = Location(At(0, 12), 0, 7);
  const Record new_rec = Location(At(14, 12), 0, 8);
  ProfileActivity forward(1, ActivityOptions(), {});
  forward.Apply(old_rec, kNoCategory);
  forward.Apply(new_rec, kNoCategory);  // scales the older count down by 2^-14/14 = 0.5
  ProfileActivity backward(1, ActivityOptions(), {});
  backward.Apply(new_rec, kNoCategory);
  backward.Apply(old_rec, kNoCategory);  // arrives with weight 0.5 directly

  for (const ProfileActivity* a : {&forward, &backward}) {
    EXPECT_EQ(a->header(0).last_day, Day0() + 14);
    ASSERT_NE(FindSlot(*a, 0, 7), nullptr);
    ASSERT_NE(FindSlot(*a, 0, 8), nullptr);
    EXPECT_EQ(FindSlot(*a, 0, 7)->total, 0.5f);
    EXPECT_EQ(FindSlot(*a, 0, 7)->workday, 0.5f) << "Monday noon";
    EXPECT_EQ(FindSlot(*a, 0, 8)->total, 1.0f);
    EXPECT_EQ(a->header(0).located, 1.5f);
  }
}

TEST(ProfileActivityDecay, SumsAgreeForEveryArrivalOrder) {
  // Weights relative to the newest day 14: 2^-1 + 2^-0.5 + 1.
  const std::array<Record, 3> recs = {Data(At(0, 20), 0), Data(At(7, 20), 0), Data(At(14, 20), 0)};
  const double expected = 0.5 + std::exp2(-0.5) + 1.0;
  std::array<int, 3> order = {0, 1, 2};
  do {
    ProfileActivity a(1, ActivityOptions(), {"video"});
    for (int i : order) a.Apply(recs[i], 0);
    EXPECT_NEAR(a.header(0).data_sessions, expected, 1e-6);
    EXPECT_NEAR(a.categories(0)[0], expected, 1e-6);
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(ProfileActivityDecay, GapsOfSixtyFourDaysAndMoreUseTheExactFactor) {
  // 70 days = 5 half-lives: 2^-5 = 0.03125, exact in float, beyond the 64-entry table.
  for (bool newest_first : {false, true}) {
    ProfileActivity a(1, ActivityOptions(), {});
    const Record old_rec = Location(At(0, 3), 0, 1), new_rec = Location(At(70, 3), 0, 1);
    a.Apply(newest_first ? new_rec : old_rec, kNoCategory);
    a.Apply(newest_first ? old_rec : new_rec, kNoCategory);
    ASSERT_NE(FindSlot(a, 0, 1), nullptr);
    EXPECT_EQ(FindSlot(a, 0, 1)->night, 1.03125f) << "newest first: " << newest_first;
  }
}

TEST(ProfileActivityDecay, DecayToBringsCountsToALaterDay) {
  ProfileActivity a(2, ActivityOptions(), {});
  a.Apply(Location(At(3, 12), 0, 1), kNoCategory);
  EXPECT_DOUBLE_EQ(a.DecayTo(0, Day0() + 3 + 14), 0.5);
  EXPECT_DOUBLE_EQ(a.DecayTo(0, Day0() + 3 + 28), 0.25);
  EXPECT_DOUBLE_EQ(a.DecayTo(0, Day0() + 3), 1.0);
  EXPECT_DOUBLE_EQ(a.DecayTo(0, Day0()), 1.0) << "an earlier day does not inflate counts";
  EXPECT_DOUBLE_EQ(a.DecayTo(1, Day0() + 100), 1.0) << "no data: nothing to decay";
}

TEST(ProfileActivityTimeOfDay, NightIsTenPmToSixAm) {
  ProfileActivity a(1, NoDecay(), {});
  a.Apply(Location(At(0, 21, 59), 0, 0), kNoCategory);
  a.Apply(Location(At(0, 22, 0), 0, 1), kNoCategory);
  a.Apply(Location(At(0, 5, 59), 0, 2), kNoCategory);
  a.Apply(Location(At(0, 6, 0), 0, 3), kNoCategory);
  a.Apply(Location(At(5, 0, 0), 0, 4), kNoCategory);  // Saturday midnight: nights are any day
  const float expected_night[] = {0, 1, 1, 0, 1};
  for (CellId c = 0; c < 5; ++c) {
    const CellSlot* slot = FindSlot(a, 0, c);
    ASSERT_NE(slot, nullptr) << c;
    EXPECT_EQ(slot->night, expected_night[c]) << "cell " << c;
    EXPECT_EQ(slot->workday, 0.0f) << "cell " << c;
    EXPECT_EQ(slot->total, 1.0f) << "cell " << c;
  }
}

TEST(ProfileActivityTimeOfDay, WorkdayIsMondayToFridayNineToFive) {
  ProfileActivity a(1, NoDecay(), {});
  const int64_t times[] = {
      At(0, 8, 59),  At(0, 9, 0), At(0, 16, 59), At(0, 17, 0),  // Monday
      At(4, 16, 59), At(5, 9, 0), At(6, 12, 0),                 // Friday, Saturday, Sunday
      At(4, 23, 0),                                             // Friday night
  };
  const float expected_workday[] = {0, 1, 1, 0, 1, 0, 0, 0};
  const float expected_night[] = {0, 0, 0, 0, 0, 0, 0, 1};
  for (CellId c = 0; c < 8; ++c) a.Apply(Location(times[c], 0, c), kNoCategory);
  for (CellId c = 0; c < 8; ++c) {
    const CellSlot* slot = FindSlot(a, 0, c);
    ASSERT_NE(slot, nullptr) << c;
    EXPECT_EQ(slot->workday, expected_workday[c]) << "cell " << c;
    EXPECT_EQ(slot->night, expected_night[c]) << "cell " << c;
  }
}

TEST(ProfileActivityCells, CountForThePartyTheCellServes) {
  ProfileActivity a(3, NoDecay(), {});
  a.Apply(Call(At(0, 10), 0, 1, /*cell=*/10), kNoCategory);              // on-net caller 0
  a.Apply(Call(At(0, 11), kNoSubscriber, 2, /*cell=*/11), kNoCategory);  // off-net -> callee 2
  a.Apply(Call(At(0, 12), 1, kNoSubscriber, /*cell=*/12), kNoCategory);  // caller 1 to off-net
  Record sms = Call(At(0, 13), kNoSubscriber, 0, /*cell=*/13);
  sms.feed = Feed::kSms;
  a.Apply(sms, kNoCategory);                              // off-net sender -> receiver 0
  a.Apply(Call(At(0, 14), 0, 2), kNoCategory);            // no cell: no slot
  a.Apply(Data(At(0, 15), 1, /*cell=*/14), kNoCategory);  // data: the subscriber
  a.Apply(Location(At(0, 16), 2, kNoCell), kNoCategory);  // no cell: ignored

  EXPECT_EQ(CellsOf(a, 0), (std::vector<CellId>{10, 13}));
  EXPECT_EQ(CellsOf(a, 1), (std::vector<CellId>{12, 14})) << "the callee of 0's call gets none";
  EXPECT_EQ(CellsOf(a, 2), (std::vector<CellId>{11}));
  EXPECT_EQ(a.header(0).located, 2.0f);
  EXPECT_EQ(a.header(1).located, 2.0f);
  EXPECT_EQ(a.header(2).located, 1.0f);
  EXPECT_EQ(a.header(1).last_day, Day0()) << "a party without the cell is still seen";
}

TEST(ProfileActivityCells, ASelfCallCountsOnce) {
  ProfileActivity a(1, NoDecay(), {});
  Record self = Call(At(0, 10), 0, 0, /*cell=*/10);
  self.to = self.from = ParsePhoneNumber("+447911123456");
  a.Apply(self, kNoCategory);
  EXPECT_EQ(a.header(0).located, 1.0f);
  EXPECT_EQ(a.header(0).intl_calls, 1.0f);
  EXPECT_EQ(a.cells(0)[0].total, 1.0f);
}

TEST(ProfileActivityCells, PartiesBeyondTheTableAreSkipped) {
  ProfileActivity a(1, NoDecay(), {"video"});
  a.Apply(Call(At(0, 10), 0, 5, 3), kNoCategory);  // 5: not a subscriber of this activity
  a.Apply(Data(At(0, 10), 9, 3), 0);
  a.Apply(Location(At(0, 10), 9, 3), kNoCategory);
  a.Apply(Visit(At(0, 10), 9, Channel::kApp), kNoCategory);
  a.Apply(Device(At(0, 10), 9, kImeiApple), kNoCategory);
  EXPECT_EQ(CellsOf(a, 0), (std::vector<CellId>{3}));
  EXPECT_EQ(a.header(0).data_sessions, 0.0f);
}

TEST(ProfileActivityCells, AFullTableReplacesTheLeastSlotAndKeepsHeavyCells) {
  ProfileActivity a(1, NoDecay(), {});
  auto put = [&](CellId cell, int n, int hour) {
    for (int i = 0; i < n; ++i) a.Apply(Location(At(0, hour, i), 0, cell), kNoCategory);
  };
  put(100, 5, 23);  // home
  put(101, 3, 10);  // work
  put(102, 2, 19);
  put(103, 1, 23);  // the first slot of least total (1): the one replaced
  for (CellId c = 104; c < 112; ++c) put(c, 1, 19);
  ASSERT_EQ(CellsOf(a, 0).size(), size_t{kCellSlots});
  EXPECT_EQ(a.cells(0)[3].cell, 103u);

  put(112, 1, 10);  // a 13th cell
  EXPECT_EQ(a.cells(0)[3].cell, 112u) << "took the slot of cell 103 in place";
  EXPECT_EQ(FindSlot(a, 0, 103), nullptr);
  const CellSlot& fresh = a.cells(0)[3];
  EXPECT_EQ(fresh.total, 1.0f);
  EXPECT_EQ(fresh.workday, 1.0f);
  EXPECT_EQ(fresh.night, 0.0f) << "the evicted cell's night count is not inherited";
  EXPECT_EQ(a.header(0).located, 20.0f) << "located keeps the evicted presence";

  for (CellId c = 200; c < 220; ++c) put(c, 1, 19);  // a stream of one-off cells
  for (CellId heavy : {100u, 101u, 102u}) {
    ASSERT_NE(FindSlot(a, 0, heavy), nullptr) << heavy;
  }
  EXPECT_EQ(FindSlot(a, 0, 100)->total, 5.0f);
  EXPECT_EQ(FindSlot(a, 0, 100)->night, 5.0f);
  EXPECT_EQ(FindSlot(a, 0, 101)->workday, 3.0f);
  EXPECT_EQ(CellsOf(a, 0).size(), size_t{kCellSlots});
}

TEST(ProfileActivityCategories, DataRecordsCountPerCategory) {
  ProfileActivity a(1, NoDecay(), {"video", "music", "news"});
  a.Apply(Data(At(0, 10), 0), 0);
  a.Apply(Data(At(0, 11), 0), 2);
  a.Apply(Data(At(0, 12), 0), 2);
  a.Apply(Data(At(0, 13), 0), kNoCategory);       // an unmatched host: a session, no category
  a.Apply(Data(At(0, 14), 0), 3);                 // out of range: ignored as a category
  a.Apply(Call(At(0, 15), 0, kNoSubscriber), 1);  // only data records carry a category
  EXPECT_EQ(std::vector<float>(a.categories(0).begin(), a.categories(0).end()),
            (std::vector<float>{1, 0, 2}));
  EXPECT_EQ(a.header(0).data_sessions, 5.0f);
  EXPECT_EQ(a.category_names(), (std::vector<std::string>{"video", "music", "news"}));
}

TEST(ProfileActivityChannels, VisitsAndOrdersCountPerChannelAndDaypart) {
  ProfileActivity a(2, NoDecay(), {});
  a.Apply(Visit(At(0, 5, 59), 0, Channel::kApp), kNoCategory);        // app, night
  a.Apply(Visit(At(0, 6, 0), 0, Channel::kWeb), kNoCategory);         // web, morning
  a.Apply(Order(At(0, 12, 0), 0, Channel::kShop), kNoCategory);       // shop, afternoon
  a.Apply(Order(At(0, 17, 59), 0, Channel::kOutbound), kNoCategory);  // outbound, afternoon
  a.Apply(Order(At(0, 18, 0), 0, Channel::kSms), kNoCategory);        // sms, evening
  a.Apply(Visit(At(0, 23, 59), 0, Channel::kApp), kNoCategory);       // app, evening
  a.Apply(Visit(At(0, 20, 0), 0, Channel::kApp), kNoCategory);        // app, evening
  a.Apply(Visit(At(0, 20, 0), 1, Channel::kNone), kNoCategory);       // no channel: ignored
  std::array<float, kChannels * kDayparts> expected{};
  expected[0 * kDayparts + 0] = 1;
  expected[1 * kDayparts + 1] = 1;
  expected[4 * kDayparts + 2] = 1;
  expected[3 * kDayparts + 2] = 1;
  expected[2 * kDayparts + 3] = 1;
  expected[0 * kDayparts + 3] = 2;
  const auto got = a.channels(0);
  EXPECT_TRUE(std::equal(got.begin(), got.end(), expected.begin()));
  for (float v : a.channels(1)) EXPECT_EQ(v, 0.0f);
  EXPECT_EQ(a.header(1).last_day, kNoDay) << "a visit without a channel is not seen at all";
}

TEST(ProfileActivityCalls, InternationalPartiesCountForBothDirections) {
  const PhoneKey foreign = ParsePhoneNumber("+447911123456");
  ASSERT_NE(foreign & (uint64_t{1} << 63), 0u);
  const PhoneKey home_intl_form = ParsePhoneNumber("+8613800138001");
  ASSERT_EQ(home_intl_form & (uint64_t{1} << 63), 0u) << "+86 is the home country";

  ProfileActivity a(3, NoDecay(), {});
  Record out = Call(At(0, 10), 0, kNoSubscriber);
  out.to = foreign;
  a.Apply(out, kNoCategory);
  Record in = Call(At(0, 11), kNoSubscriber, 1);
  in.from = foreign;
  a.Apply(in, kNoCategory);
  Record sms = out;
  sms.feed = Feed::kSms;
  a.Apply(sms, kNoCategory);
  Record domestic = Call(At(0, 12), 2, kNoSubscriber);
  domestic.to = home_intl_form;
  a.Apply(domestic, kNoCategory);
  a.Apply(Call(At(0, 13), 0, 2), kNoCategory);

  EXPECT_EQ(a.header(0).intl_calls, 2.0f);
  EXPECT_EQ(a.header(1).intl_calls, 1.0f);
  EXPECT_EQ(a.header(2).intl_calls, 0.0f);
}

TEST(ProfileActivityDevices, ANewImeiSetsTheChangeDay) {
  constexpr uint64_t kImeiA = 356938035643809, kImeiB = 490154203237518, kImeiC = 352099001761481;
  ProfileActivity a(1, NoDecay(), {});
  a.Apply(Device(At(0, 9), 0, kImeiA), kNoCategory);
  a.Apply(Device(At(3, 9), 0, kImeiA), kNoCategory);
  EXPECT_EQ(a.header(0).first_device_day, Day0());
  EXPECT_EQ(a.header(0).last_change_day, kNoDay) << "the first IMEI is not a change";
  a.Apply(Device(At(10, 9), 0, kImeiB), kNoCategory);
  a.Apply(Device(At(12, 9), 0, kImeiB), kNoCategory);
  EXPECT_EQ(a.header(0).last_change_day, Day0() + 10);
  a.Apply(Device(At(20, 9), 0, kImeiC), kNoCategory);
  EXPECT_EQ(a.header(0).last_change_day, Day0() + 20);
  EXPECT_EQ(a.header(0).last_imei_low, static_cast<uint32_t>(kImeiC));
  EXPECT_EQ(a.header(0).first_device_day, Day0());
  a.Apply(Device(At(-5, 9), 0, kImeiC), kNoCategory);  // an older record of the same handset
  EXPECT_EQ(a.header(0).first_device_day, Day0() - 5);
  EXPECT_EQ(a.header(0).last_change_day, Day0() + 20);
  EXPECT_EQ(a.header(0).last_imei_time_s, static_cast<uint32_t>(At(20, 9) / 1000))
      << "the latest device record stays the one of day 20";
}

// A late record of the previous handset must not make the current one look new again: the
// state (the source of device_changes) ignores it for the change sequence, so the activity's
// change day has to agree with it, or change_cycle_days divides the wrong span.
TEST(ProfileActivityDevices, ALateRecordOfThePreviousHandsetIsNotAChange) {
  constexpr uint64_t kImeiA = 356938035643809, kImeiB = 490154203237518;
  const std::vector<Record> recs = {Device(At(0, 9), 0, kImeiA), Device(At(10, 9), 0, kImeiB),
                                    Device(At(5, 9), 0, kImeiA), Device(At(11, 9), 0, kImeiB)};
  const std::vector<uint64_t> pseudonyms = Pseudonyms(1);
  state::SubscriberState st(pseudonyms);
  ProfileActivity a(1, NoDecay(), {});
  for (const Record& r : recs) {
    st.Apply(r);
    a.Apply(r, kNoCategory);
  }
  ASSERT_EQ(st.Header(0).device_changes, 1) << "the state sees one change, A -> B";
  EXPECT_EQ(a.header(0).first_device_day, Day0());
  EXPECT_EQ(a.header(0).last_change_day, Day0() + 10);
}

}  // namespace
}  // namespace ripple::profile
