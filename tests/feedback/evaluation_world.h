// Shared by the evaluation tests (tests/feedback/evaluation_test.cc) and `ripple report`'s
// (tests/cli/report_test.cc): a decide store in a temporary folder filled through the real
// Arbiter and FeedbackRecorder with a small, fully known history, whose every figure is worked
// out by hand in evaluation_test.cc.
//
// The model (version 1, saved in the store): channel app (cost per contact 0.50; slots banner,
// offers, empty), channel sms (0.10; slot text);
//   promo     app/banner, value 25, cost per conversion 2, control share 0.5
//   night     app/offers, value 10
//   sms_deal  sms/text, value 0: its product p1's price (12.50 when known)
// The history (UTC+08:00):
//   promo     2026-11-09 10:00: 40 shown (40 impressions, 20 clicks, 12 conversions, 1 dismiss)
//             and 40 held out (4 conversions); the first conversion and impression posted twice
//   night     2026-11-09 23:59: 3 shown; 2026-11-10 00:01: 2 shown — one conversion each
//             night, an impression for each of the 5
//   sms_deal  2026-11-09 10:00: 5 shown, 5 impressions, 1 click, 1 conversion
//   one decision on app/empty that offered nothing
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "decide/decide_fixture.h"
#include "decide/decide_store.h"
#include "feedback/feedback_recorder.h"
#include "support/test_support.h"

namespace ripple::feedback::testing {

using decide::testing::Ms;
using decide::testing::PhoneOf;

inline decide::MarketingModel EvaluationModel() {
  decide::MarketingModel m = decide::testing::BaseModel(/*app_cap=*/100, 100, /*weekly=*/1000);
  m.channels[0].cost_per_contact = 0.5;
  m.channels[0].slots.push_back(decide::testing::MakeSlot("empty"));
  m.channels[1].cost_per_contact = 0.1;
  m.campaigns.push_back(decide::testing::MakeCampaign("promo", 10, {"app/banner"}));
  m.campaigns.back().value = 25;
  m.campaigns.back().cost_per_conversion = 2;
  m.campaigns.back().control_share = 0.5;
  m.campaigns.push_back(decide::testing::MakeCampaign("night", 10, {"app/offers"}));
  m.campaigns.back().value = 10;
  m.campaigns.push_back(decide::testing::MakeCampaign("sms_deal", 10, {"sms/text"}));
  return m;
}

class EvaluationWorld {
 public:
  static constexpr uint32_t kSubscribers = 1200;

  // Opens a store in DIR/decide-state (kept open until Close).
  explicit EvaluationWorld(const std::string& dir)
      : state_dir_(dir + "/decide-state"),
        store_(Open(state_dir_)),
        h_(kSubscribers, store_.get()) {
    for (uint32_t i = 0; i < kSubscribers; ++i) subscriber_of_[PhoneOf(i)] = i;
  }

  // Saves the model in the store and makes the whole history through the arbiter and the
  // feedback recorder.
  void Build() {
    ASSERT_NE(store_, nullptr);
    h_.arbiter.set_next_id(store_->FirstDecisionId());
    const decide::MarketingModel m = EvaluationModel();
    ASSERT_TRUE(store_->SaveModel(m, {m.version, 0, "config", "load", "{}"}).ok());
    ASSERT_TRUE(h_.Load(m).ok());
    recorder_ = std::make_unique<FeedbackRecorder>(
        *store_, h_.ledger, h_.counters, h_.arbiter, [this](PhoneKey p) -> uint32_t {
          auto it = subscriber_of_.find(p);
          return it == subscriber_of_.end() ? UINT32_MAX : it->second;
        });

    const int64_t monday10 = Ms("2026-11-09T10:00:00+08:00");
    std::vector<uint64_t> treated, control;
    for (uint32_t sub = 0; sub < 1000 && (treated.size() < 40 || control.size() < 40); ++sub) {
      const bool held =
          decide::Arbiter::InControlGroup(PhoneOf(sub), decide::CampaignKey("promo"), 0.5);
      auto& arm = held ? control : treated;
      if (arm.size() == 40) continue;
      const decide::Decision d = h_.Decide(sub, "app", "banner", monday10);
      ASSERT_EQ(d.control, held);
      arm.push_back(d.id);
    }
    ASSERT_EQ(treated.size(), 40u);
    ASSERT_EQ(control.size(), 40u);
    for (size_t i = 0; i < treated.size(); ++i) {
      Post(treated[i], FeedbackEvent::kImpression);
      if (i < 20) Post(treated[i], FeedbackEvent::kClick);
      if (i < 12) Post(treated[i], FeedbackEvent::kConvert);
    }
    Post(treated[0], FeedbackEvent::kConvert);     // a channel's retry: counted once
    Post(treated[0], FeedbackEvent::kImpression);  // likewise
    Post(treated[39], FeedbackEvent::kDismiss);
    for (size_t i = 0; i < 4; ++i) Post(control[i], FeedbackEvent::kConvert);

    const int64_t monday2359 = Ms("2026-11-09T23:59:00+08:00");
    const int64_t tuesday0001 = Ms("2026-11-10T00:01:00+08:00");
    for (uint32_t i = 0; i < 5; ++i) {
      const decide::Decision d =
          h_.Decide(1000 + i, "app", "offers", i < 3 ? monday2359 : tuesday0001);
      ASSERT_TRUE(d.shown());
      Post(d.id, FeedbackEvent::kImpression);
      if (i == 0 || i == 3) Post(d.id, FeedbackEvent::kConvert);
    }
    for (uint32_t i = 0; i < 5; ++i) {
      const decide::Decision d = h_.Decide(1100 + i, "sms", "text", monday10);
      ASSERT_TRUE(d.shown());
      Post(d.id, FeedbackEvent::kImpression);
      if (i == 0) Post(d.id, FeedbackEvent::kClick);
      if (i == 0) Post(d.id, FeedbackEvent::kConvert);
    }
    ASSERT_EQ(h_.Decide(1150, "app", "empty", monday10).winner, -1);
    ASSERT_TRUE(store_->Flush().ok());
  }

  // Closes the store (its journal written); nothing can be decided afterwards.
  void Close() {
    recorder_.reset();
    store_.reset();
  }

  decide::DecideStore& store() { return *store_; }
  const std::string& state_dir() const { return state_dir_; }

 private:
  void Post(uint64_t id, FeedbackEvent event) {
    auto r = recorder_->Record({id, event, Ms("2026-11-10T12:00:00+08:00")});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  static std::unique_ptr<decide::DecideStore> Open(const std::string& dir) {
    auto s = decide::DecideStore::Open(dir);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  std::string state_dir_;
  std::unique_ptr<decide::DecideStore> store_;
  decide::testing::Harness h_;
  std::unique_ptr<FeedbackRecorder> recorder_;
  std::unordered_map<PhoneKey, uint32_t> subscriber_of_;
};

}  // namespace ripple::feedback::testing
