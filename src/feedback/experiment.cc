#include "feedback/experiment.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <roaring/roaring.hh>
#include <thread>

#include "core/rng.h"
#include "core/time.h"
#include "decide/arbiter.h"
#include "decide/tie_signals.h"

namespace ripple::feedback {
namespace {

using decide::CampaignKind;
using decide::Ranking;
using sim::PersonId;

constexpr int kUtcOffset = 480;
constexpr std::string_view kStartDate = "2026-11-02";  // a Monday
constexpr int kSmsMinute = 10 * 60;
constexpr int kCircleDays = 30;
enum DrawSalt : uint64_t { kAppResponse = 1000, kSmsResponse = 1001, kTwinPick = 1002 };

// The segments the engine learns by, from the world's facts (what the profile's tags carry).
struct Segments {
  std::vector<std::pair<std::string, Roaring>> bitmaps;
  std::vector<PersonId> adults;
};

Segments BuildSegments(const sim::World& world) {
  Segments out;
  const std::vector<std::string> interests = {"video", "music", "travel",
                                              "tech",  "games", "parenting"};
  Roaring young, senior, wealthy, adults;
  std::vector<Roaring> by_interest(interests.size());
  for (PersonId s = 0; s < world.subscribers; ++s) {
    const sim::Person& p = world.persons[s];
    if (p.age < 30) young.add(s);
    if (p.age >= 45) senior.add(s);
    if (p.wealth >= sim::Market::kWealthy) wealthy.add(s);
    if (p.age >= 25) {
      adults.add(s);
      out.adults.push_back(s);
    }
    for (int i = 0; i < p.interest_count; ++i) {
      for (size_t k = 0; k < interests.size(); ++k) {
        if (p.interests[i] == sim::CategoryByName(interests[k])) by_interest[k].add(s);
      }
    }
  }
  out.bitmaps.emplace_back("young", std::move(young));
  out.bitmaps.emplace_back("senior", std::move(senior));
  out.bitmaps.emplace_back("wealthy", std::move(wealthy));
  for (size_t k = 0; k < interests.size(); ++k) {
    out.bitmaps.emplace_back(interests[k] + "_fans", std::move(by_interest[k]));
  }
  out.bitmaps.emplace_back("adults", std::move(adults));
  return out;
}

// The market's close ties as the engine's tie signals see them (the relations part's output in
// the server).
std::vector<std::pair<uint32_t, decide::TieSignals::CloseTie>> CloseTiesOf(
    const sim::Market& market) {
  std::vector<std::pair<uint32_t, decide::TieSignals::CloseTie>> out;
  for (PersonId s = 0; s < market.people(); ++s) {
    for (const sim::CloseTie& t : market.CloseTies(s))
      out.push_back({s, {t.other, t.scene, t.weakening}});
  }
  return out;
}

decide::Campaign Offer(std::string id, std::string_view product, int priority,
                       std::string trigger = "") {
  decide::Campaign c;
  c.id = std::move(id);
  c.name = c.id;
  c.product = std::string(product);
  for (const sim::ProductInfo& p : sim::Products()) {
    if (p.id == product) c.value = static_cast<double>(p.price_cents) / 100.0;
  }
  c.trigger = std::move(trigger);
  c.slots = {"app/home_banner"};
  c.priority = priority;
  c.control_share = 0.1;
  c.state = decide::CampaignState::kActive;
  return c;
}

// One strategy's run over the market.
class Run {
 public:
  Run(const sim::Market& market, const Segments& segments, const ExperimentOptions& options,
      Ranking ranking, bool oracle)
      : market_(market),
        segments_(segments),
        options_(options),
        oracle_(oracle),
        state_(market),
        ledger_(market.people()),
        ties_(market.people(), CloseTiesOf(market)) {
    result_.name = oracle ? "oracle" : std::string(decide::RankingName(ranking));
    model_ = ExperimentModel(ranking, options.exploration);
    start_ms_ = *ParseLocalDate(kStartDate, kUtcOffset);
    start_day_ = ToLocal(start_ms_, kUtcOffset).day;
    ranking_ = ranking;
  }

  Status Go() {
    decide::CompiledModel::Inputs in;
    for (const auto& [name, bitmap] : segments_.bitmaps)
      in.saved_segments.emplace_back(name, &bitmap);
    in.utc_offset_minutes = kUtcOffset;
    in.subscribers = market_.people();
    in.bandits = &bandits_;
    ASSIGN_OR_RETURN(auto compiled, decide::CompiledModel::Compile(model_, in, ledger_, counters_));
    compiled_ = compiled;
    arbiter_ = std::make_unique<decide::Arbiter>(ledger_, lists_, nullptr);
    arbiter_->Swap(std::move(compiled));
    for (const auto& c : compiled_->campaigns()) {
      products_.push_back(market_.FindProduct(c.def.product));
      if (c.def.kind != CampaignKind::kOffer) {
        relationship_index_.push_back(static_cast<int>(result_.relationship.size()));
        result_.relationship.push_back({c.def.id, {}, {}, {}});
      } else {
        relationship_index_.push_back(-1);
      }
    }
    result_.conversions_by_day.assign(static_cast<size_t>(options_.days), 0);
    result_.expected_by_day.assign(static_cast<size_t>(options_.days), 0);
    known_.resize(compiled_->campaigns().size());
    for (int day = 0; day < options_.days; ++day) {
      for (PersonId s = 0; s < market_.people(); ++s) {
        signals_.clear();
        ties_.Collect(s, &signals_);
        if (!signals_.empty()) Visit(s, day, kSmsMinute, "sms", "daily", kSmsResponse);
      }
      for (PersonId s = 0; s < market_.people(); ++s) {
        int minute = 0;
        if (market_.Visits(s, day, &minute))
          Visit(s, day, minute, "app", "home_banner", kAppResponse);
      }
      bandits_.RefitAll();  // the server refits every second; a day is a coarser clock
    }
    for (RelationshipResult& r : result_.relationship) {
      r.uplift = CompareArms(r.targeted, r.random, options_.confidence);
    }
    result_.uplift = CompareArms(
        {static_cast<uint64_t>(result_.shown), static_cast<uint64_t>(result_.conversions)},
        {static_cast<uint64_t>(result_.controls),
         static_cast<uint64_t>(result_.control_conversions)},
        options_.confidence);
    return Status::Ok();
  }

  StrategyResult& result() { return result_; }

 private:
  void Visit(PersonId s, int day, int minute, std::string_view channel, std::string_view slot,
             uint64_t salt) {
    decide::DecisionRequest req;
    req.subscriber = s;
    req.phone = s + 1;
    req.channel = channel;
    req.slot = slot;
    req.now_ms = start_ms_ + int64_t{day} * kMillisPerDay + int64_t{minute} * kMillisPerMinute;
    const sim::LifeMoment moment = market_.MomentOn(s, day);
    std::string trigger[1] = {std::string(sim::LifeMomentName(moment))};
    if (moment != sim::LifeMoment::kNone) req.triggers = trigger;
    if (channel == "sms") req.ties = signals_;
    if (oracle_) {
      for (size_t c = 0; c < known_.size(); ++c) {
        known_[c] = static_cast<float>(state_.Propensity(s, products_[c], day));
      }
      req.known_rates = known_;
    }
    auto decided = arbiter_->Decide(req);
    if (!decided.ok()) return;
    const decide::Decision& d = *decided;
    ++result_.decisions;
    if (d.winner < 0) return;
    const decide::CompiledCampaign& c = compiled_->campaigns()[d.winner];
    const int product = products_[d.winner];
    const double p = state_.Propensity(s, product, day);
    const double u = market_.Draw(s, day, salt);
    if (d.control) {
      ++result_.controls;
      if (u < p * market_.options().organic_share) {
        ++result_.control_conversions;
        c.counters->control_conversions.fetch_add(1, std::memory_order_relaxed);
        Adopt(s, product, c, day);
      }
      return;
    }
    ++result_.shown;
    result_.expected_conversions += p;
    result_.expected_by_day[static_cast<size_t>(day)] += p;
    c.counters->impressions.fetch_add(1, std::memory_order_relaxed);
    const bool converted = u < p;
    if (const int r = relationship_index_[d.winner]; r >= 0) {
      RelationshipResult& rel = result_.relationship[static_cast<size_t>(r)];
      ++rel.targeted.people;
      rel.targeted.conversions += converted ? 1 : 0;
      // The same offer to a random subscriber of the same segment, the same day.
      const PersonId twin =
          segments_
              .adults[Rng::For(options_.seed, kTwinPick, s, day).Below(segments_.adults.size())];
      ++rel.random.people;
      rel.random.conversions +=
          market_.Draw(twin, day, kTwinPick) < state_.Propensity(twin, product, day) ? 1 : 0;
    }
    if (!converted) return;
    ++result_.conversions;
    ++result_.conversions_by_day[static_cast<size_t>(day)];
    c.counters->conversions.fetch_add(1, std::memory_order_relaxed);
    if (decide::ArmSet* arms = compiled_->FindArms(channel, slot, c.def.id, d.cell)) {
      arms->Converted(d.cell);
    }
    {
      auto lock = ledger_.Lock(s);
      const uint32_t now_minute = static_cast<uint32_t>(req.now_ms / kMillisPerMinute);
      ledger_.Entry(s).RecordDismiss(
          c.key, now_minute + static_cast<uint32_t>(model_.policy.converted_rest_days) * 1440);
    }
    Adopt(s, product, c, day);
  }

  void Adopt(PersonId s, int product, const decide::CompiledCampaign& c, int day) {
    if (state_.Owns(s, product)) return;
    state_.Adopt(s, product);
    ties_.Adopted(s, c.product_key, static_cast<int32_t>(start_day_ + day));
  }

  const sim::Market& market_;
  const Segments& segments_;
  const ExperimentOptions& options_;
  bool oracle_;
  Ranking ranking_ = Ranking::kPriority;
  sim::MarketState state_;
  decide::ContactLedger ledger_;
  decide::ContactLists lists_;
  decide::CounterRegistry counters_;
  decide::BanditRegistry bandits_;
  decide::MarketingModel model_;
  std::shared_ptr<const decide::CompiledModel> compiled_;
  std::unique_ptr<decide::Arbiter> arbiter_;
  decide::TieSignals ties_;                 // what the engine knows of ties, as in the server
  std::vector<decide::TieSignal> signals_;  // the subscriber's, for the sms decision
  std::vector<int> products_;               // by campaign index: the market's product
  std::vector<int> relationship_index_;     // by campaign index: its RelationshipResult, or -1
  std::vector<float> known_;
  int64_t start_ms_ = 0, start_day_ = 0;
  StrategyResult result_;
};

}  // namespace

std::vector<Ranking> AllStrategies() {
  return {Ranking::kPriority, Ranking::kRandom, Ranking::kRotation, Ranking::kExpectedValue,
          Ranking::kAdaptive};
}

decide::MarketingModel ExperimentModel(Ranking ranking, double exploration) {
  decide::MarketingModel m;
  m.version = 1;
  decide::Channel app;
  app.id = "app";
  app.daily_cap = 3;
  decide::Slot banner;
  banner.id = "home_banner";
  banner.ranking = ranking;
  banner.learn_by = {"young",      "senior",      "wealthy",   "video_fans",    "music_fans",
                     "games_fans", "travel_fans", "tech_fans", "parenting_fans"};
  banner.exploration = exploration;
  app.slots.push_back(banner);
  decide::Channel sms;
  sms.id = "sms";
  sms.push = true;
  sms.daily_cap = 1;
  sms.cost_per_contact = 0.05;
  decide::Slot daily;
  daily.id = "daily";
  daily.hours = {9 * 60, 20 * 60};
  sms.slots.push_back(daily);
  m.channels = {app, sms};
  m.policy.weekly_cap = 50;
  m.policy.converted_rest_days = 365;
  m.campaigns = {
      Offer("roaming_at_airport", "ROAM-DAY", 90, "travelling"),
      Offer("phone_for_shoppers", "HS-REDMI14", 85, "phone_shopping"),
      Offer("data_running_out", "DP5G", 80, "data_running_out"),
      Offer("premium_handset", "HS-MATE70", 60),
      Offer("home_broadband", "BB500M", 55),
      Offer("family_bundle", "FAM3", 50),
      Offer("asia_roaming", "ROAM-ASIA", 45),
      Offer("data_20g", "DP20G", 40),
      Offer("data_50g", "DP50G", 38),
      Offer("video_membership", "VM-IQIYI", 35),
      Offer("music_membership", "MUSIC-VIP", 30),
      Offer("voice_minutes", "VOICE300", 25),
      Offer("cloud_storage", "CLOUD50", 20),
  };
  decide::Campaign circle = Offer("family_circle", "FAM3", 10);
  circle.kind = CampaignKind::kCircle;
  circle.scenes = decide::kSceneFamily;
  circle.within_days = kCircleDays;
  circle.segment = "adults";
  circle.slots = {"sms/daily"};
  decide::Campaign call = Offer("call_together", "VOICE300", 5);
  call.kind = CampaignKind::kReasonToCall;
  call.scenes = decide::kSceneFamily | decide::kSceneFriend;
  call.segment = "adults";
  call.slots = {"sms/daily"};
  m.campaigns.push_back(circle);
  m.campaigns.push_back(call);
  return m;
}

Result<ExperimentResult> RunExperiment(const ExperimentOptions& options) {
  if (options.subscribers < 100 || options.subscribers > 2'000'000) {
    return Status::InvalidArgument("--subscribers must be between 100 and 2000000");
  }
  if (options.days < 1 || options.days > 365) {
    return Status::InvalidArgument("--days must be between 1 and 365");
  }
  if (options.strategies.empty()) return Status::InvalidArgument("--strategy: name at least one");
  const auto started = std::chrono::steady_clock::now();
  const int64_t start_day = ToLocal(*ParseLocalDate(kStartDate, kUtcOffset), kUtcOffset).day;
  ASSIGN_OR_RETURN(auto world, sim::BuildWorld(options.subscribers, options.seed, start_day));
  const sim::Market market(*world, options.seed, options.market);
  const Segments segments = BuildSegments(*world);

  std::vector<std::unique_ptr<Run>> runs;
  for (Ranking r : options.strategies) {
    runs.push_back(std::make_unique<Run>(market, segments, options, r, false));
  }
  runs.push_back(std::make_unique<Run>(market, segments, options, Ranking::kPriority, true));
  std::vector<Status> status(runs.size(), Status::Ok());
  std::atomic<size_t> next{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < std::max(1, options.threads); ++t) {
    pool.emplace_back([&] {
      for (size_t i; (i = next.fetch_add(1)) < runs.size();) status[i] = runs[i]->Go();
    });
  }
  for (std::thread& t : pool) t.join();
  for (const Status& st : status) RETURN_IF_ERROR(st);

  ExperimentResult out;
  out.options = options;
  out.subscribers = options.subscribers;
  out.oracle = std::move(runs.back()->result());
  runs.pop_back();
  const int window = std::clamp(options.window_days, 1, options.days);
  auto last_days = [&](const auto& by_day) {
    double n = 0;
    for (int d = options.days - window; d < options.days; ++d) n += static_cast<double>(by_day[d]);
    return n;
  };
  auto share = [](double x, double of) { return of > 0 ? x / of : 0.0; };
  const StrategyResult& o = out.oracle;
  auto finish = [&](StrategyResult& r) {
    r.regret = o.expected_conversions - r.expected_conversions;
    r.share_of_oracle =
        share(static_cast<double>(r.conversions), static_cast<double>(o.conversions));
    r.share_of_oracle_end = share(last_days(r.conversions_by_day), last_days(o.conversions_by_day));
    r.expected_share_of_oracle = share(r.expected_conversions, o.expected_conversions);
    r.expected_share_of_oracle_end =
        share(last_days(r.expected_by_day), last_days(o.expected_by_day));
  };
  for (auto& run : runs) {
    out.strategies.push_back(std::move(run->result()));
    finish(out.strategies.back());
  }
  finish(out.oracle);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace ripple::feedback
