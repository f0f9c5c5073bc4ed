// EventStateStore: a checkpoint's subscribers and progress come back after reopening; an empty
// value deletes; Clear leaves a fresh store; a file in the way and a held folder are errors.
#include "state/event_state_store.h"

#include <gtest/gtest.h>

#include <map>

#include "support/test_support.h"

namespace ripple::state {
namespace {

using ripple::testing::TempDir;

std::map<uint32_t, std::string> All(const EventStateStore& store) {
  std::map<uint32_t, std::string> out;
  EXPECT_TRUE(store
                  .ForEachSubscriber([&](uint32_t s, std::string_view v) {
                    out[s] = std::string(v);
                    return Status::Ok();
                  })
                  .ok());
  return out;
}

TEST(EventStateStore, CheckpointsSurviveReopeningAndEmptyValuesDelete) {
  TempDir tmp;
  const std::string dir = tmp.path().string() + "/events";
  {
    auto store = EventStateStore::Open(dir);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto fresh = (*store)->Progress();
    ASSERT_TRUE(fresh.ok());
    EXPECT_FALSE(fresh->has_value());
    const std::vector<std::pair<uint32_t, std::string>> first = {
        {7, "seven"}, {300, "three hundred"}, {1u << 24, "big"}};
    ASSERT_TRUE((*store)->Checkpoint(first, "p1").ok());
    const std::vector<std::pair<uint32_t, std::string>> second = {{7, ""}, {8, "eight"}};
    ASSERT_TRUE((*store)->Checkpoint(second, "p2").ok());
  }
  auto store = EventStateStore::Open(dir);
  ASSERT_TRUE(store.ok());
  auto progress = (*store)->Progress();
  ASSERT_TRUE(progress.ok() && progress->has_value());
  EXPECT_EQ(**progress, "p2");
  const std::map<uint32_t, std::string> want = {
      {8, "eight"}, {300, "three hundred"}, {1u << 24, "big"}};
  EXPECT_EQ(All(**store), want);  // in id order, 7 deleted
  ASSERT_TRUE((*store)->Clear().ok());
  EXPECT_TRUE(All(**store).empty());
  auto cleared = (*store)->Progress();
  ASSERT_TRUE(cleared.ok());
  EXPECT_FALSE(cleared->has_value());
}

TEST(EventStateStore, AnErrorFromTheCallerStopsTheWalk) {
  TempDir tmp;
  auto store = EventStateStore::Open(tmp.path().string() + "/events");
  ASSERT_TRUE(store.ok());
  const std::vector<std::pair<uint32_t, std::string>> values = {{1, "a"}, {2, "b"}, {3, "c"}};
  ASSERT_TRUE((*store)->Checkpoint(values, "p").ok());
  int seen = 0;
  const Status st = (*store)->ForEachSubscriber([&](uint32_t s, std::string_view) {
    ++seen;
    return s == 2 ? Status::Corruption("bad 2") : Status::Ok();
  });
  EXPECT_EQ(st.message(), "bad 2");
  EXPECT_EQ(seen, 2);
}

TEST(EventStateStore, AFileInTheWayOrAHeldFolderIsAnError) {
  TempDir tmp;
  ripple::testing::WriteFile(tmp.path().string() + "/file", "x");
  auto blocked = EventStateStore::Open(tmp.path().string() + "/file");
  ASSERT_FALSE(blocked.ok());
  EXPECT_NE(blocked.status().message().find("is not a folder"), std::string::npos);
  auto held = EventStateStore::Open(tmp.path().string() + "/events");
  ASSERT_TRUE(held.ok());
  auto second = EventStateStore::Open(tmp.path().string() + "/events");
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("in use by another process"), std::string::npos)
      << second.status().ToString();
}

}  // namespace
}  // namespace ripple::state
