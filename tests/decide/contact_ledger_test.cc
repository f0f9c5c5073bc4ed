// ContactEntry: per-channel counts of the local day, the 7-day window, dismiss rests and the
// fixed 64-byte encoding; ContactLedger's channel indexes.
#include "decide/contact_ledger.h"

#include <gtest/gtest.h>

namespace ripple::decide {
namespace {

constexpr int64_t kDay = 20400;  // a local day number

TEST(ContactEntry, ChannelCountsBelongToTheirDayAndResetOnANewDay) {
  ContactEntry e;
  e.RecordContact(0, kDay);
  e.RecordContact(0, kDay);
  e.RecordContact(2, kDay);
  EXPECT_EQ(e.ChannelToday(0, kDay), 2);
  EXPECT_EQ(e.ChannelToday(2, kDay), 1);
  EXPECT_EQ(e.ChannelToday(1, kDay), 0);
  // Read on the next day before anything is written there: nothing yet.
  EXPECT_EQ(e.ChannelToday(0, kDay + 1), 0);

  e.RecordContact(2, kDay + 1);
  EXPECT_EQ(e.ChannelToday(2, kDay + 1), 1);  // 1, not 2: the day's count started over
  EXPECT_EQ(e.ChannelToday(0, kDay + 1), 0);
  EXPECT_EQ(e.ChannelToday(0, kDay), 0);  // yesterday's counts are gone
  EXPECT_EQ(e.rotation, 4);               // every contact advances the round robin
}

TEST(ContactEntry, LastSevenDaysCountsExactlyTheSevenDaysEndingToday) {
  ContactEntry e;
  e.RecordContact(0, kDay);      // 1 on day D
  e.RecordContact(0, kDay + 1);  // 2 on day D+1
  e.RecordContact(1, kDay + 1);
  EXPECT_EQ(e.LastSevenDays(kDay), 1);
  EXPECT_EQ(e.LastSevenDays(kDay + 1), 3);
  EXPECT_EQ(e.LastSevenDays(kDay + 6), 3);  // D is 6 days before D+6: counted
  EXPECT_EQ(e.LastSevenDays(kDay + 7), 2);  // D is 7 days before D+7: not counted
  EXPECT_EQ(e.LastSevenDays(kDay + 8), 0);
  EXPECT_EQ(e.LastSevenDays(kDay - 1), 0);  // days after the one asked are not counted

  // D+7 takes D's place in the ring.
  e.RecordContact(1, kDay + 7);
  EXPECT_EQ(e.LastSevenDays(kDay + 7), 3);
  EXPECT_EQ(e.LastSevenDays(kDay + 8), 1);
}

TEST(ContactEntry, CountsSaturateAt255) {
  ContactEntry e;
  for (int i = 0; i < 300; ++i) e.RecordContact(3, kDay);
  EXPECT_EQ(e.ChannelToday(3, kDay), 255);
  EXPECT_EQ(e.LastSevenDays(kDay), 255);
}

TEST(ContactEntry, DismissRestsUntilTheMinute) {
  ContactEntry e;
  const uint32_t a = CampaignKey("spring_data");
  const uint32_t b = CampaignKey("roaming_pack");
  e.RecordDismiss(a, 1000);
  EXPECT_TRUE(e.Resting(a, 0));
  EXPECT_TRUE(e.Resting(a, 999));
  EXPECT_FALSE(e.Resting(a, 1000));
  EXPECT_FALSE(e.Resting(b, 500));
}

TEST(ContactEntry, FourRestPlacesTheSoonestEndingIsReplaced) {
  ContactEntry e;
  const uint32_t k[5] = {CampaignKey("a"), CampaignKey("b"), CampaignKey("c"), CampaignKey("d"),
                         CampaignKey("e")};
  e.RecordDismiss(k[0], 500);
  e.RecordDismiss(k[1], 300);
  e.RecordDismiss(k[2], 900);
  e.RecordDismiss(k[3], 700);
  for (int i = 0; i < 4; ++i) EXPECT_TRUE(e.Resting(k[i], 100)) << i;
  e.RecordDismiss(k[4], 1000);  // full: b (until 300) makes way
  EXPECT_FALSE(e.Resting(k[1], 100));
  EXPECT_TRUE(e.Resting(k[0], 100));
  EXPECT_TRUE(e.Resting(k[2], 100));
  EXPECT_TRUE(e.Resting(k[3], 100));
  EXPECT_TRUE(e.Resting(k[4], 999));
}

TEST(ContactEntry, DismissingAgainExtendsTheSamePlaceAndNeverShortens) {
  ContactEntry e;
  const uint32_t a = CampaignKey("a"), b = CampaignKey("b"), c = CampaignKey("c"),
                 d = CampaignKey("d");
  e.RecordDismiss(a, 500);
  e.RecordDismiss(b, 600);
  e.RecordDismiss(c, 700);
  e.RecordDismiss(d, 800);
  e.RecordDismiss(a, 400);  // shorter: kept at 500
  EXPECT_TRUE(e.Resting(a, 450));
  EXPECT_FALSE(e.Resting(a, 500));
  e.RecordDismiss(d, 2000);  // extended in place: nobody else loses a place
  for (uint32_t k : {a, b, c}) EXPECT_TRUE(e.Resting(k, 0));
  EXPECT_TRUE(e.Resting(d, 1999));
  int places_of_d = 0;
  for (const auto& r : e.rests) places_of_d += r.campaign == d;
  EXPECT_EQ(places_of_d, 1);
}

TEST(ContactEntry, EncodeDecodeRoundTripAndWrongSizeRejected) {
  ContactEntry e;
  e.RecordContact(1, kDay - 3);
  e.RecordContact(1, kDay);
  e.RecordContact(5, kDay);
  e.RecordDismiss(CampaignKey("x"), 123456);
  const std::string bytes = ContactLedger::Encode(e);
  ASSERT_EQ(bytes.size(), 64u);
  ContactEntry back;
  ASSERT_TRUE(ContactLedger::Decode(bytes, &back));
  EXPECT_EQ(back.ChannelToday(1, kDay), 1);
  EXPECT_EQ(back.ChannelToday(5, kDay), 1);
  EXPECT_EQ(back.LastSevenDays(kDay), 3);
  EXPECT_EQ(back.rotation, 3);
  EXPECT_TRUE(back.Resting(CampaignKey("x"), 123455));
  EXPECT_EQ(ContactLedger::Encode(back), bytes);

  ContactEntry untouched;
  untouched.RecordContact(0, kDay);
  EXPECT_FALSE(ContactLedger::Decode(bytes.substr(0, 63), &untouched));
  EXPECT_FALSE(ContactLedger::Decode(bytes + "x", &untouched));
  EXPECT_FALSE(ContactLedger::Decode("", &untouched));
  EXPECT_EQ(untouched.ChannelToday(0, kDay), 1);  // a refused decode leaves the entry alone
}

TEST(CampaignKey, StableNonZeroAndDistinct) {
  EXPECT_EQ(CampaignKey("spring_data"), CampaignKey("spring_data"));
  EXPECT_NE(CampaignKey("spring_data"), CampaignKey("spring_date"));
  EXPECT_NE(CampaignKey(""), 0u);
}

TEST(ContactLedger, ChannelIndexesAreStableAndLimitedToEight) {
  ContactLedger ledger(4);
  EXPECT_EQ(ledger.size(), 4u);
  EXPECT_EQ(ledger.ChannelIndex("app"), 0);
  EXPECT_EQ(ledger.ChannelIndex("sms"), 1);
  EXPECT_EQ(ledger.ChannelIndex("app"), 0);
  for (int i = 2; i < kMaxChannels; ++i)
    EXPECT_EQ(ledger.ChannelIndex("ch" + std::to_string(i)), i);
  EXPECT_EQ(ledger.ChannelIndex("one_too_many"), -1);
  EXPECT_EQ(ledger.ChannelIndex("sms"), 1);
  EXPECT_EQ(ledger.channels().size(), static_cast<size_t>(kMaxChannels));
}

}  // namespace
}  // namespace ripple::decide
