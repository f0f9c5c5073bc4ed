#include "state/state_codec.h"

#include <gtest/gtest.h>

#include <cstring>

#include "core/bytes.h"
#include "state/state_test_util.h"
#include "support/test_support.h"

namespace ripple::state {
namespace {

using namespace ripple::state::testing;  // NOLINT

// Subscriber 0 of a small state with a few days, a device and sketches.
struct Sample {
  Sample() : state(Pseudonyms(2)) {
    state.Apply(Call(At(-3, 23), 0, 1, 65, 0, 0, 5));
    state.Apply(Data(At(0, 9), 0, 4000, 90000, 30, 6));
    state.Apply(Device(At(0, 9), 0, 356938035643809));
    state.Apply(Device(At(1, 9), 0, 490154203237518));
    Record recharge = Single(Feed::kRecharges, At(1, 10), 0);
    recharge.amount_cents = 3000;
    state.Apply(recharge);
    state.HeldBuckets(0, &held);
  }
  SubscriberState state;
  std::vector<const DayBucket*> held;
};

TEST(StateCodec, RoundTripsHeaderAndHeldBuckets) {
  Sample s;
  ASSERT_EQ(s.held.size(), 3u);
  std::string value = EncodeSubscriber(s.state.Header(0), s.held);
  DecodedSubscriber d;
  ASSERT_OK(DecodeSubscriber(value, 35, &d));
  EXPECT_EQ(d.header, s.state.Header(0));
  EXPECT_EQ(d.header.device_changes, 1);
  ASSERT_EQ(d.buckets.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(0, std::memcmp(&d.buckets[i], s.held[i], sizeof(DayBucket))) << "bucket " << i;
  }
  EXPECT_LT(value.size(), 80u) << "sparse days encode compactly";
}

TEST(StateCodec, EmptySubscriberIsTiny) {
  std::string value = EncodeSubscriber(SubscriberHeader(), {});
  EXPECT_EQ(value.size(), 7u);
  DecodedSubscriber d;
  ASSERT_OK(DecodeSubscriber(value, 35, &d));
  EXPECT_TRUE(d.buckets.empty());
}

TEST(StateCodec, EveryTruncationIsCorruption) {
  Sample s;
  std::string value = EncodeSubscriber(s.state.Header(0), s.held);
  DecodedSubscriber d;
  for (size_t n = 0; n < value.size(); ++n) {
    Status st = DecodeSubscriber(std::string_view(value).substr(0, n), 35, &d);
    EXPECT_EQ(st.code(), StatusCode::kCorruption) << "prefix of " << n << " bytes";
  }
  Status st = DecodeSubscriber(value + "x", 35, &d);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("trailing"), std::string::npos) << st.message();
}

TEST(StateCodec, RejectsWrongVersionTooManyBucketsAndOutOfRangeFields) {
  Sample s;
  std::string value = EncodeSubscriber(s.state.Header(0), s.held);
  DecodedSubscriber d;
  std::string v2 = value;
  v2[0] = 2;
  Status st = DecodeSubscriber(v2, 35, &d);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("version 2"), std::string::npos) << st.message();

  st = DecodeSubscriber(value, 2, &d);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("retention_days=2"), std::string::npos) << st.message();

  // One bucket whose calls_out (mask bit 0) is 70000: beyond uint16.
  ByteWriter w;
  for (int i = 0; i < 6; ++i) w.Varint(0);  // version placeholder + header
  std::string bad = w.Take();
  bad[0] = 1;
  ByteWriter rest;
  rest.Varint(1);
  rest.SignedVarint(20000);
  rest.Varint(1);
  rest.Varint(70000);
  bad += rest.Take();
  st = DecodeSubscriber(bad, 35, &d);
  EXPECT_EQ(st.code(), StatusCode::kCorruption);
  EXPECT_NE(st.message().find("calls_out out of range"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace ripple::state
