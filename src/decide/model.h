// The marketing model: channels and their ad slots, the contact policy, named segments and
// campaigns — what a marketer edits and what every decision reads.
//
// A model is a plain value. It is read from `config/marketing.yaml` on a fresh start and from
// the server's store afterwards (ModelStore), where every change makes a new version. Both paths
// go through one validator, ModelFromJson, so the YAML file and the API accept exactly the same
// things; its errors name the field by path ("campaigns[2].priority"), which the YAML loader turns
// into FILE:LINE:COL and the API returns as the JSON error's "field".
//
// Invariants after validation: ids are [a-z0-9_-]+ and unique within their list; every campaign's
// slots name an existing "channel/slot"; a campaign's segment names an existing named segment;
// control_share is in [0, 0.5]; quiet hours and slot hours are minutes of the day in [0, 1440].
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace ripple::decide {

enum class CampaignState : uint8_t { kDraft, kActive, kPaused, kEnded };
std::string_view CampaignStateName(CampaignState s);

// How a slot picks among the eligible campaigns that passed the contact policy.
//   priority        the highest priority wins (equals: the subscriber's round robin)
//   expected_value  the highest propensity x value wins (propensity from the feedback so far)
//   rotation        every eligible campaign in turn (the subscriber's round robin)
//   random          one of them at random (a baseline for experiments)
//   adaptive        Thompson sampling: each campaign's conversion rate in the subscriber's cell
//                   (membership of the slot's learn_by segments) is drawn from its Beta
//                   posterior and the highest draw wins; with probability `exploration` one
//                   eligible campaign is picked at random instead
// (Values are stored in decisions: append, never reorder.)
enum class Ranking : uint8_t { kPriority, kExpectedValue, kRotation, kRandom, kAdaptive };
std::string_view RankingName(Ranking r);

// A window of minutes of the local day, [start, end); end < start spans midnight
// ("21:00-08:00"); start == end is empty, 0-1440 is the whole day.
struct DayWindow {
  int start_minute = 0;
  int end_minute = 1440;
  bool Contains(int minute_of_day) const {
    if (start_minute <= end_minute)
      return minute_of_day >= start_minute && minute_of_day < end_minute;
    return minute_of_day >= start_minute || minute_of_day < end_minute;
  }
  bool empty() const { return start_minute == end_minute; }
};

struct Slot {
  std::string id;
  std::string description;
  uint8_t weekdays = 0x7f;  // bit d: open on weekday d (0 = Monday)
  DayWindow hours;          // open at these local times
  Ranking ranking = Ranking::kPriority;
  // Adaptive ranking learns per (campaign, cell); a cell is one combination of membership of
  // these named or saved segments (at most kMaxLearnSegments: 2^n cells).
  std::vector<std::string> learn_by;
  double exploration = 0.02;  // the exploration floor of adaptive ranking, [0, 1]
  bool OpenAt(const LocalTime& t) const {
    return ((weekdays >> t.weekday) & 1) && hours.Contains(t.hour * 60 + t.minute);
  }
};

constexpr size_t kMaxLearnSegments = 10;

struct Channel {
  std::string id;
  double cost_per_contact = 0;  // what one shown offer costs on this channel (reports' ROI)
  // Push channels (SMS, outbound calls) reach a person unasked: quiet hours and the
  // do-not-disturb list apply to them.
  bool push = false;
  int daily_cap = 3;  // contacts per subscriber per local day on this channel
  std::vector<Slot> slots;
};

struct ContactPolicy {
  int weekly_cap = 7;  // contacts per subscriber over the last 7 local days, all channels
  DayWindow quiet_hours{21 * 60, 8 * 60};  // no push contact inside; empty: none
  int dismiss_cooldown_days = 7;    // a dismissed campaign is not offered again for this long
  int converted_rest_days = 90;     // nor a campaign the subscriber just took
  std::string opt_out_file;         // CSV msisdn[,channel]: no contact (on that channel, or any)
  std::string do_not_disturb_file;  // CSV msisdn: no push contact ever
};

struct NamedSegment {
  std::string name;
  std::string expr;  // the segment language of profile/segment.h
  std::string description;
};

struct Creative {
  std::string image;  // the channel's image code
  std::string copy;   // one line of text
};

// What a campaign offers and to whom, beyond its target:
//   offer           the product to whoever the target and trigger select
//   circle          "point to circle": only to a subscriber one of whose close ties (in `scene`)
//                   adopted the campaign's product within `within_days` — a family bundle to
//                   the household of someone who just took it
//   reason_to_call  only to a subscriber with a weakening close tie (in `scene`): an offer the
//                   two can share, which gives them a reason to call
enum class CampaignKind : uint8_t { kOffer, kCircle, kReasonToCall };
std::string_view CampaignKindName(CampaignKind k);
// Scenes of life a relationship campaign reaches (bit per graph::Scene family/work/friend).
enum SceneMask : uint8_t { kSceneFamily = 1, kSceneWork = 2, kSceneFriend = 4, kSceneAny = 7 };

struct Campaign {
  std::string id;
  std::string name;
  std::string product;                    // product_id of products.csv
  std::string target;                     // segment expression; empty with no segment: everyone
  std::string segment;                    // a named segment (model or snapshot); empty: none
  std::string trigger;                    // a live trigger the subscriber must have; empty: none
  std::vector<std::string> slots;         // "channel/slot"
  std::optional<std::string> valid_from;  // local date YYYY-MM-DD, inclusive
  std::optional<std::string> valid_to;    // local date, inclusive
  int priority = 0;
  double value = 0;         // revenue per conversion; 0: the product's price
  double base_rate = 0.02;  // conversion rate assumed before feedback (expected-value ranking)
  double cost_per_conversion = 0;  // e.g. the discount given (reports' ROI)
  CampaignKind kind = CampaignKind::kOffer;
  uint8_t scenes = kSceneAny;  // circle and reason_to_call: which ties count
  int within_days = 30;        // circle: how recent the tie's adoption must be
  Creative creative;
  int64_t quota = 0;  // contacts in all; 0: no quota
  double control_share = 0;
  CampaignState state = CampaignState::kDraft;
};

struct MarketingModel {
  uint64_t version = 0;
  std::vector<Channel> channels;
  ContactPolicy policy;
  std::vector<NamedSegment> segments;
  std::vector<Campaign> campaigns;

  const Channel* FindChannel(std::string_view id) const;
  const Slot* FindSlot(std::string_view channel, std::string_view slot) const;
  const Campaign* FindCampaign(std::string_view id) const;
  const NamedSegment* FindSegment(std::string_view name) const;
};

// A validation failure: the field by path ("campaigns[2].slots[0]", "" for the whole document)
// and what was wrong or expected.
struct FieldError {
  std::string path;
  std::string message;
};

// JSON <-> model. ModelFromJson checks types, ranges, ids, references between parts and
// unknown keys (a typo must not silently drop a setting).
std::optional<FieldError> ModelFromJson(const nlohmann::json& j, MarketingModel* out);
nlohmann::json ModelToJson(const MarketingModel& m);

// One part at a time, for the API; the same checks as inside a model, and `in` for references
// (a campaign's slots and segment). `base` is the path prefix used in errors.
std::optional<FieldError> CampaignFromJson(const nlohmann::json& j, const MarketingModel& in,
                                           Campaign* out);
nlohmann::json CampaignToJson(const Campaign& c);
std::optional<FieldError> ChannelFromJson(const nlohmann::json& j, Channel* out);
nlohmann::json ChannelToJson(const Channel& c);
std::optional<FieldError> SegmentFromJson(const nlohmann::json& j, NamedSegment* out);
nlohmann::json SegmentToJson(const NamedSegment& s);
std::optional<FieldError> PolicyFromJson(const nlohmann::json& j, ContactPolicy* out);
nlohmann::json PolicyToJson(const ContactPolicy& p);
// Cross-part checks of a whole model (slots and segments that campaigns name, unique ids).
std::optional<FieldError> CheckReferences(const MarketingModel& m);

// "21:00-08:00" -> window; nullopt when malformed.
std::optional<DayWindow> ParseDayWindow(std::string_view text);
std::string FormatDayWindow(const DayWindow& w);

}  // namespace ripple::decide
