// Shared by the feedback recorder's tests (feedback_test.cc, feedback_arms_test.cc): a decide
// store in a temporary folder, an arbiter journalling into it and a FeedbackRecorder over both;
// subscriber i has the number PhoneOf(i).
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "decide/decide_fixture.h"
#include "decide/decide_store.h"
#include "feedback/feedback_recorder.h"
#include "support/test_support.h"

namespace ripple::feedback::testing {

struct World {
  World() : store(Open(dir)), h(kSubscribers, store.get()) {
    h.arbiter.set_next_id(store->FirstDecisionId());
    recorder = std::make_unique<FeedbackRecorder>(*store, h.ledger, h.counters, h.arbiter,
                                                  [](PhoneKey p) -> uint32_t {
                                                    for (uint32_t i = 0; i < kSubscribers; ++i) {
                                                      if (decide::testing::PhoneOf(i) == p)
                                                        return i;
                                                    }
                                                    return UINT32_MAX;
                                                  });
  }
  static std::unique_ptr<decide::DecideStore> Open(const ripple::testing::TempDir& dir) {
    auto s = decide::DecideStore::Open(dir / "decide-state");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  Result<FeedbackResult> Post(uint64_t id, FeedbackEvent event,
                              int64_t ts = decide::testing::kMonday10) {
    return recorder->Record({id, event, ts});
  }

  static constexpr uint32_t kSubscribers = 2000;
  ripple::testing::TempDir dir;
  std::unique_ptr<decide::DecideStore> store;
  decide::testing::Harness h;
  std::unique_ptr<FeedbackRecorder> recorder;
};

}  // namespace ripple::feedback::testing
