// A tiny operator for engine tests: three subscribers, cells at home, at an airport (two cells),
// at an office and abroad, two handsets, a web host per category. Records are built by hand and
// the triggers collected, so each test states its expected triggers exactly.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "cep/engine.h"
#include "cep/rule_parser.h"
#include "ingest/reference.h"
#include "profile/host_matcher.h"
#include "support/test_support.h"
#include "support/tiny_operator.h"

namespace ripple::cep::testing {

// 2026-11-02 00:00 +08:00 (a Monday), in UTC ms.
constexpr int64_t kDay0 = 1793548800000;
constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 60 * kMin;

class CollectingSink : public TriggerSink {
 public:
  void OnTrigger(const Trigger& t) override { triggers.push_back(t); }
  void OnLate(const ingest::Record& r) override { late.push_back(r); }
  std::vector<Trigger> triggers;
  std::vector<ingest::Record> late;
};

class EngineFixture : public ::testing::Test {
 public:
  void SetUp() override {
    ripple::testing::WriteTinyOperator(dir_.path().string());
    ingest::InputCounts counts[ingest::kTableCount];
    auto ref = ingest::ReferenceData::Load(dir_.path().string(), {}, nullptr, counts);
    ASSERT_OK(ref);
    reference_ = std::move(*ref);
    auto hosts = profile::HostMatcher::Build(reference_->host_rules());
    ASSERT_OK(hosts);
    hosts_ = std::move(*hosts);
    EngineContext::Sources s;
    s.reference = reference_.get();
    s.record_texts = &texts_;
    s.hosts = hosts_.get();
    context_ = std::make_unique<EngineContext>(std::move(s));
  }

  // Options whose out-of-order bound (30 days) lets a test list records in any order: the
  // engine sorts them by time.
  static EngineOptions Sorted() {
    EngineOptions o;
    o.out_of_order_bound_ms = 30 * 24 * 3600 * 1000LL;
    return o;
  }
  // Compiles `text` and starts an engine on it (replacing any earlier one).
  void Start(const std::string& text, EngineOptions options = Sorted()) {
    auto rules = Compile(text);
    ASSERT_OK(rules);
    sink_ = CollectingSink();
    engine_ = std::make_unique<Engine>(*rules, context_.get(), options, &sink_);
  }
  Result<std::shared_ptr<const RuleSet>> Compile(const std::string& text) {
    auto parsed = ParseRules(text, "test.rules");
    if (!parsed.ok()) return parsed.status();
    return RuleSet::Compile(*parsed, context_->MakeCompileContext({}));
  }

  ingest::SubscriberId Sub(int i) const {
    return reference_->FindSubscriber(ParsePhoneNumber("1380000000" + std::to_string(i)));
  }
  ingest::CellId Cell(const char* id) const { return reference_->FindCell(id); }

  ingest::Record Base(Feed feed, int64_t ts, int sub) {
    ingest::Record r;
    r.feed = feed;
    r.ts_ms = ts;
    r.from = ParsePhoneNumber("1380000000" + std::to_string(sub));
    r.from_sub = Sub(sub);
    return r;
  }
  ingest::Record Location(int64_t ts, int sub, const char* cell) {
    ingest::Record r = Base(Feed::kLocations, ts, sub);
    r.cell = Cell(cell);
    return r;
  }
  ingest::Record Data(int64_t ts, int sub, const char* cell, const char* host, uint64_t bytes) {
    ingest::Record r = Base(Feed::kData, ts, sub);
    r.cell = Cell(cell);
    r.host = texts_.Intern(host);
    r.bytes_down = bytes;
    r.duration_s = 60;
    return r;
  }
  ingest::Record Visit(int64_t ts, int sub, ingest::Channel channel, const char* page) {
    ingest::Record r = Base(Feed::kVisits, ts, sub);
    r.channel = channel;
    r.page = texts_.Intern(page);
    return r;
  }
  ingest::Record Recharge(int64_t ts, int sub, int64_t cents) {
    ingest::Record r = Base(Feed::kRecharges, ts, sub);
    r.amount_cents = cents;
    return r;
  }
  ingest::Record Device(int64_t ts, int sub, uint64_t imei) {
    ingest::Record r = Base(Feed::kDevices, ts, sub);
    r.imei = imei;
    r.imei_digits = 15;
    return r;
  }
  ingest::Record Call(int64_t ts, int from, const std::string& to, const char* cell) {
    ingest::Record r = Base(Feed::kCalls, ts, from);
    r.to = ParsePhoneNumber(to);
    r.to_sub = reference_->FindSubscriber(r.to);
    r.cell = cell ? Cell(cell) : ingest::kNoCell;
    r.duration_s = 60;
    return r;
  }

  // Pushes the records in order, then flushes; returns the triggers' (subscriber, time) pairs.
  std::vector<std::pair<int, int64_t>> Run(const std::vector<ingest::Record>& records) {
    for (const auto& r : records) engine_->Push(r);
    engine_->Flush();
    return Fired();
  }
  std::vector<std::pair<int, int64_t>> Fired() const {
    std::vector<std::pair<int, int64_t>> out;
    for (const Trigger& t : sink_.triggers) {
      int who = 0;
      for (int i = 1; i <= 3; ++i) {
        if (Sub(i) == t.subscriber) who = i;
      }
      out.emplace_back(who, t.ts_ms);
    }
    return out;
  }

  ripple::testing::TempDir dir_;
  std::unique_ptr<ingest::ReferenceData> reference_;
  ingest::StringTable texts_;
  std::unique_ptr<profile::HostMatcher> hosts_;
  std::unique_ptr<EngineContext> context_;
  CollectingSink sink_;
  std::unique_ptr<Engine> engine_;
};

using Fires = std::vector<std::pair<int, int64_t>>;

}  // namespace ripple::cep::testing
