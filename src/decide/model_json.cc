// ModelFromJson and friends: one validator for the YAML config and the API's JSON bodies.
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

#include "decide/model.h"

namespace ripple::decide {
namespace {

using json = nlohmann::json;

constexpr std::string_view kStates[] = {"draft", "active", "paused", "ended"};
constexpr std::string_view kRankings[] = {"priority", "expected_value", "rotation", "random",
                                          "adaptive"};
constexpr std::string_view kKinds[] = {"offer", "circle", "reason_to_call"};
constexpr std::string_view kScenes[] = {"family", "work", "friend"};
constexpr std::string_view kWeekdays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

bool ValidId(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string Join(std::string_view base, std::string_view key) {
  return base.empty() ? std::string(key) : std::string(base) + "." + std::string(key);
}
std::string Index(std::string_view base, size_t i) {
  return std::string(base) + "[" + std::to_string(i) + "]";
}

// Reads the fields of one JSON object, remembering which keys were used so that the rest can be
// reported as unknown. The first error wins; later reads are no-ops.
class ObjectReader {
 public:
  ObjectReader(const json& j, std::string path, std::optional<FieldError>* error)
      : j_(j), path_(std::move(path)), error_(error) {
    if (!j_.is_object()) Fail(path_, "expected an object");
  }
  bool failed() const { return error_->has_value(); }
  void Fail(const std::string& path, std::string message) {
    if (!failed()) *error_ = FieldError{path, std::move(message)};
  }
  const json* Find(std::string_view key) {
    if (failed() || !j_.is_object()) return nullptr;
    used_.insert(std::string(key));
    auto it = j_.find(std::string(key));
    return it == j_.end() || it->is_null() ? nullptr : &*it;
  }
  std::string PathOf(std::string_view key) const { return Join(path_, key); }

  void String(std::string_view key, std::string* out, bool required = false) {
    const json* v = Find(key);
    if (!v) {
      if (required) Fail(PathOf(key), "required");
      return;
    }
    if (v->is_string()) {
      *out = v->get<std::string>();
    } else if (v->is_number() || v->is_boolean()) {
      *out = v->dump();  // YAML writes `product: 123` unquoted
    } else {
      Fail(PathOf(key), "expected a text");
    }
  }
  void Id(std::string_view key, std::string* out, bool required = true) {
    String(key, out, required);
    if (!failed() && !out->empty() && !ValidId(*out)) {
      Fail(PathOf(key), "'" + *out + "' is not an id: use a-z, 0-9, '_' and '-' (at most 64)");
    }
  }
  void Int(std::string_view key, int64_t* out, int64_t lo, int64_t hi) {
    const json* v = Find(key);
    if (!v) return;
    if (!v->is_number_integer()) return Fail(PathOf(key), "expected a whole number");
    const int64_t x = v->get<int64_t>();
    if (x < lo || x > hi) {
      return Fail(PathOf(key), "must be between " + std::to_string(lo) + " and " +
                                   std::to_string(hi) + ", got " + std::to_string(x));
    }
    *out = x;
  }
  void Int(std::string_view key, int* out, int lo, int hi) {
    int64_t x = *out;
    Int(key, &x, lo, hi);
    *out = static_cast<int>(x);
  }
  void Number(std::string_view key, double* out, double lo, double hi) {
    const json* v = Find(key);
    if (!v) return;
    if (!v->is_number()) return Fail(PathOf(key), "expected a number");
    const double x = v->get<double>();
    if (!(x >= lo && x <= hi)) {
      return Fail(PathOf(key), "must be between " + json(lo).dump() + " and " + json(hi).dump() +
                                   ", got " + json(x).dump());
    }
    *out = x;
  }
  void Bool(std::string_view key, bool* out) {
    const json* v = Find(key);
    if (!v) return;
    if (!v->is_boolean()) return Fail(PathOf(key), "expected true or false");
    *out = v->get<bool>();
  }
  template <size_t N>
  int Choice(std::string_view key, const std::string_view (&names)[N], int current) {
    std::string s;
    String(key, &s);
    if (failed() || s.empty()) return current;
    for (size_t i = 0; i < N; ++i) {
      if (s == names[i]) return static_cast<int>(i);
    }
    std::string all;
    for (size_t i = 0; i < N; ++i) all += (i ? ", " : "") + std::string(names[i]);
    Fail(PathOf(key), "'" + s + "' is not one of " + all);
    return current;
  }
  void Window(std::string_view key, DayWindow* out) {
    std::string s;
    String(key, &s);
    if (failed() || s.empty()) return;
    auto w = ParseDayWindow(s);
    if (!w) return Fail(PathOf(key), "expected HH:MM-HH:MM (e.g. 21:00-08:00), got '" + s + "'");
    *out = *w;
  }
  void Date(std::string_view key, std::optional<std::string>* out) {
    std::string s;
    String(key, &s);
    if (failed() || s.empty()) return;
    if (!ParseLocalDate(s, 0))
      return Fail(PathOf(key), "expected a date YYYY-MM-DD, got '" + s + "'");
    *out = s;
  }
  // Calls `each(element, path)` for every element of the array at `key`.
  template <typename F>
  void Array(std::string_view key, F each) {
    const json* v = Find(key);
    if (!v) return;
    if (!v->is_array()) return Fail(PathOf(key), "expected a list");
    for (size_t i = 0; i < v->size() && !failed(); ++i) each((*v)[i], Index(PathOf(key), i));
  }
  // Reports the first key not read.
  void Done() {
    if (failed() || !j_.is_object()) return;
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!used_.count(it.key())) {
        std::string known;
        for (const std::string& k : used_) known += (known.empty() ? "" : ", ") + k;
        return Fail(PathOf(it.key()), "unknown key '" + it.key() + "' (known: " + known + ")");
      }
    }
  }

 private:
  const json& j_;
  std::string path_;
  std::optional<FieldError>* error_;
  std::set<std::string> used_;
};

uint8_t ParseWeekdays(std::string_view s, bool* ok) {
  // "mon-fri", "sat,sun", "mon-sun", "all"
  *ok = true;
  if (s == "all" || s.empty()) return 0x7f;
  uint8_t mask = 0;
  auto day = [](std::string_view d) {
    for (int i = 0; i < 7; ++i) {
      if (d == kWeekdays[i]) return i;
    }
    return -1;
  };
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t comma = s.find(',', pos);
    if (comma == std::string_view::npos) comma = s.size();
    std::string_view part = s.substr(pos, comma - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    const size_t dash = part.find('-');
    const int a = day(part.substr(0, dash));
    const int b = dash == std::string_view::npos ? a : day(part.substr(dash + 1));
    if (a < 0 || b < 0) {
      *ok = false;
      return 0;
    }
    for (int d = a;; d = (d + 1) % 7) {
      mask |= static_cast<uint8_t>(1u << d);
      if (d == b) break;
    }
    pos = comma + 1;
  }
  return mask;
}

std::string FormatWeekdays(uint8_t mask) {
  if (mask == 0x7f) return "mon-sun";
  std::string out;
  for (int d = 0; d < 7; ++d) {
    if ((mask >> d) & 1) out += (out.empty() ? "" : ",") + std::string(kWeekdays[d]);
  }
  return out;
}

void ReadSlot(const json& j, const std::string& path, Slot* s, std::optional<FieldError>* err) {
  if (j.is_string()) {  // "home_banner": a slot open all day with default ranking
    s->id = j.get<std::string>();
    if (!ValidId(s->id)) *err = FieldError{path, "'" + s->id + "' is not an id"};
    return;
  }
  ObjectReader r(j, path, err);
  r.Id("id", &s->id);
  r.String("description", &s->description);
  std::string days;
  r.String("days", &days);
  if (!r.failed()) {
    bool ok = false;
    s->weekdays = ParseWeekdays(days, &ok);
    if (!ok) r.Fail(r.PathOf("days"), "expected days like mon-fri or sat,sun, got '" + days + "'");
  }
  r.Window("hours", &s->hours);
  s->ranking = static_cast<Ranking>(r.Choice("ranking", kRankings, static_cast<int>(s->ranking)));
  std::set<std::string> seen;
  r.Array("learn_by", [&](const json& e, const std::string& p) {
    if (!e.is_string() || !ValidId(e.get<std::string>())) {
      r.Fail(p, "expected a segment name");
    } else if (!seen.insert(e.get<std::string>()).second) {
      r.Fail(p, "'" + e.get<std::string>() + "' is listed twice");
    } else if (s->learn_by.size() == kMaxLearnSegments) {
      r.Fail(p, "at most " + std::to_string(kMaxLearnSegments) + " segments");
    } else {
      s->learn_by.push_back(e.get<std::string>());
    }
  });
  r.Number("exploration", &s->exploration, 0, 1);
  r.Done();
}

// "family", ["family", "work"] or "any" -> a SceneMask.
void ReadScenes(ObjectReader& r, uint8_t* out) {
  const json* v = r.Find("scene");
  if (!v) return;
  const std::string path = r.PathOf("scene");
  std::vector<std::string> names;
  if (v->is_string()) {
    names.push_back(v->get<std::string>());
  } else if (v->is_array()) {
    for (const json& e : *v) names.push_back(e.is_string() ? e.get<std::string>() : "?");
  } else {
    return r.Fail(path, "expected a scene or a list of scenes");
  }
  uint8_t mask = 0;
  for (const std::string& n : names) {
    if (n == "any") {
      mask = kSceneAny;
      continue;
    }
    const auto* it = std::find(std::begin(kScenes), std::end(kScenes), n);
    if (it == std::end(kScenes)) {
      return r.Fail(path, "'" + n + "' is not one of family, work, friend, any");
    }
    mask |= static_cast<uint8_t>(1 << (it - std::begin(kScenes)));
  }
  if (mask == 0) return r.Fail(path, "names no scene");
  *out = mask;
}

json ScenesToJson(uint8_t mask) {
  if (mask == kSceneAny) return "any";
  json out = json::array();
  for (int i = 0; i < 3; ++i) {
    if ((mask >> i) & 1) out.push_back(kScenes[i]);
  }
  return out.size() == 1 ? out[0] : out;
}

std::optional<FieldError> ReadChannel(const json& j, const std::string& path, Channel* c) {
  std::optional<FieldError> err;
  ObjectReader r(j, path, &err);
  r.Id("id", &c->id);
  r.Bool("push", &c->push);
  r.Int("daily_cap", &c->daily_cap, 0, 100);
  r.Number("cost_per_contact", &c->cost_per_contact, 0, 1e6);
  std::set<std::string> ids;
  r.Array("slots", [&](const json& e, const std::string& p) {
    Slot s;
    ReadSlot(e, p, &s, &err);
    if (!err && !ids.insert(s.id).second) err = FieldError{p, "duplicate slot id '" + s.id + "'"};
    c->slots.push_back(std::move(s));
  });
  r.Done();
  return err;
}

std::optional<FieldError> ReadPolicy(const json& j, const std::string& path, ContactPolicy* p) {
  std::optional<FieldError> err;
  ObjectReader r(j, path, &err);
  r.Int("weekly_cap", &p->weekly_cap, 0, 1000);
  std::string quiet;
  r.String("quiet_hours", &quiet);
  if (!r.failed()) {
    if (quiet.empty() || quiet == "none") {
      if (r.Find("quiet_hours")) p->quiet_hours = DayWindow{0, 0};
    } else if (auto w = ParseDayWindow(quiet)) {
      p->quiet_hours = *w;
    } else {
      r.Fail(r.PathOf("quiet_hours"), "expected HH:MM-HH:MM or none, got '" + quiet + "'");
    }
  }
  r.Int("dismiss_cooldown_days", &p->dismiss_cooldown_days, 0, 365);
  r.Int("converted_rest_days", &p->converted_rest_days, 0, 3650);
  r.String("opt_out", &p->opt_out_file);
  r.String("do_not_disturb", &p->do_not_disturb_file);
  r.Done();
  return err;
}

std::optional<FieldError> ReadSegment(const json& j, const std::string& path, NamedSegment* s) {
  std::optional<FieldError> err;
  ObjectReader r(j, path, &err);
  r.Id("name", &s->name);
  r.String("expr", &s->expr, true);
  r.String("description", &s->description);
  r.Done();
  return err;
}

std::optional<FieldError> ReadCampaign(const json& j, const std::string& path, Campaign* c) {
  std::optional<FieldError> err;
  ObjectReader r(j, path, &err);
  r.Id("id", &c->id);
  r.String("name", &c->name);
  r.String("product", &c->product, true);
  r.String("target", &c->target);
  r.Id("segment", &c->segment, false);
  r.String("trigger", &c->trigger);
  r.Array("slots", [&](const json& e, const std::string& p) {
    if (!e.is_string() || e.get<std::string>().find('/') == std::string::npos) {
      r.Fail(p, "expected \"channel/slot\", e.g. \"app/home_banner\"");
      return;
    }
    c->slots.push_back(e.get<std::string>());
  });
  if (!r.failed() && c->slots.empty())
    r.Fail(r.PathOf("slots"), "required: at least one channel/slot");
  if (const json* valid = r.Find("valid")) {
    ObjectReader v(*valid, r.PathOf("valid"), &err);
    v.Date("from", &c->valid_from);
    v.Date("to", &c->valid_to);
    v.Done();
    if (!err && c->valid_from && c->valid_to && *c->valid_to < *c->valid_from) {
      err = FieldError{r.PathOf("valid.to"), "ends before it starts"};
    }
  }
  int64_t priority = c->priority;
  r.Int("priority", &priority, -1000000, 1000000);
  c->priority = static_cast<int>(priority);
  r.Number("value", &c->value, 0, 1e9);
  r.Number("base_rate", &c->base_rate, 0, 1);
  r.Number("cost_per_conversion", &c->cost_per_conversion, 0, 1e9);
  c->kind = static_cast<CampaignKind>(r.Choice("kind", kKinds, static_cast<int>(c->kind)));
  ReadScenes(r, &c->scenes);
  r.Int("within_days", &c->within_days, 1, 365);
  if (const json* cr = r.Find("creative")) {
    ObjectReader v(*cr, r.PathOf("creative"), &err);
    v.String("image", &c->creative.image);
    v.String("copy", &c->creative.copy);
    v.Done();
  }
  r.Int("quota", &c->quota, 0, int64_t{1} << 50);
  r.Number("control_share", &c->control_share, 0, 0.5);
  c->state = static_cast<CampaignState>(r.Choice("state", kStates, static_cast<int>(c->state)));
  r.Done();
  return err;
}

}  // namespace

std::string_view CampaignStateName(CampaignState s) { return kStates[static_cast<int>(s)]; }
std::string_view RankingName(Ranking r) { return kRankings[static_cast<int>(r)]; }
std::string_view CampaignKindName(CampaignKind k) { return kKinds[static_cast<int>(k)]; }

static std::optional<FieldError> CheckCampaignReferences(const Campaign& c, const MarketingModel& m,
                                                         const std::string& path) {
  for (size_t i = 0; i < c.slots.size(); ++i) {
    const std::string& s = c.slots[i];
    const size_t slash = s.find('/');
    const std::string ch = s.substr(0, slash), slot = s.substr(slash + 1);
    if (!m.FindChannel(ch)) {
      std::string known;
      for (const Channel& x : m.channels) known += (known.empty() ? "" : ", ") + x.id;
      return FieldError{Join(path, "slots") + "[" + std::to_string(i) + "]",
                        "no channel '" + ch + "' (channels: " + known + ")"};
    }
    if (!m.FindSlot(ch, slot)) {
      std::string known;
      for (const Slot& x : m.FindChannel(ch)->slots) known += (known.empty() ? "" : ", ") + x.id;
      return FieldError{Join(path, "slots") + "[" + std::to_string(i) + "]",
                        "channel '" + ch + "' has no slot '" + slot + "' (slots: " + known + ")"};
    }
  }
  return std::nullopt;
}

std::optional<FieldError> CheckReferences(const MarketingModel& m) {
  std::set<std::string> ids;
  for (size_t i = 0; i < m.channels.size(); ++i) {
    if (!ids.insert(m.channels[i].id).second)
      return FieldError{Index("channels", i) + ".id",
                        "duplicate channel '" + m.channels[i].id + "'"};
  }
  ids.clear();
  for (size_t i = 0; i < m.segments.size(); ++i) {
    if (!ids.insert(m.segments[i].name).second)
      return FieldError{Index("segments", i) + ".name",
                        "duplicate segment '" + m.segments[i].name + "'"};
  }
  ids.clear();
  for (size_t i = 0; i < m.campaigns.size(); ++i) {
    const Campaign& c = m.campaigns[i];
    if (!ids.insert(c.id).second)
      return FieldError{Index("campaigns", i) + ".id", "duplicate campaign '" + c.id + "'"};
    if (auto e = CheckCampaignReferences(c, m, Index("campaigns", i))) return e;
  }
  return std::nullopt;
}

std::optional<FieldError> ModelFromJson(const json& j, MarketingModel* out) {
  std::optional<FieldError> err;
  MarketingModel m;
  ObjectReader r(j, "", &err);
  int64_t version = 0;
  r.Int("version", &version, 0, INT64_MAX);
  m.version = static_cast<uint64_t>(version);
  r.Array("channels", [&](const json& e, const std::string& p) {
    Channel c;
    if (auto e2 = ReadChannel(e, p, &c)) err = e2;
    m.channels.push_back(std::move(c));
  });
  if (const json* p = r.Find("policy")) {
    if (auto e2 = ReadPolicy(*p, "policy", &m.policy)) err = e2;
  }
  r.Array("segments", [&](const json& e, const std::string& p) {
    NamedSegment s;
    if (auto e2 = ReadSegment(e, p, &s)) err = e2;
    m.segments.push_back(std::move(s));
  });
  r.Array("campaigns", [&](const json& e, const std::string& p) {
    Campaign c;
    if (auto e2 = ReadCampaign(e, p, &c)) err = e2;
    m.campaigns.push_back(std::move(c));
  });
  r.Done();
  if (err) return err;
  if (auto e = CheckReferences(m)) return e;
  *out = std::move(m);
  return std::nullopt;
}

std::optional<FieldError> CampaignFromJson(const json& j, const MarketingModel& in, Campaign* out) {
  Campaign c;
  if (auto e = ReadCampaign(j, "", &c)) return e;
  if (auto e = CheckCampaignReferences(c, in, "")) return e;
  // A segment name may also be a saved segment of the snapshot: the arbiter, which knows
  // them, checks it when the campaign is compiled.
  *out = std::move(c);
  return std::nullopt;
}

std::optional<FieldError> ChannelFromJson(const json& j, Channel* out) {
  Channel c;
  if (auto e = ReadChannel(j, "", &c)) return e;
  *out = std::move(c);
  return std::nullopt;
}
std::optional<FieldError> SegmentFromJson(const json& j, NamedSegment* out) {
  NamedSegment s;
  if (auto e = ReadSegment(j, "", &s)) return e;
  *out = std::move(s);
  return std::nullopt;
}
std::optional<FieldError> PolicyFromJson(const json& j, ContactPolicy* out) {
  ContactPolicy p = *out;  // a partial body changes only what it names
  if (auto e = ReadPolicy(j, "", &p)) return e;
  *out = std::move(p);
  return std::nullopt;
}

json CampaignToJson(const Campaign& c) {
  json j = json::object();
  j["id"] = c.id;
  j["name"] = c.name;
  j["product"] = c.product;
  if (!c.target.empty()) j["target"] = c.target;
  if (!c.segment.empty()) j["segment"] = c.segment;
  if (!c.trigger.empty()) j["trigger"] = c.trigger;
  j["slots"] = c.slots;
  if (c.valid_from || c.valid_to) {
    json v = json::object();
    if (c.valid_from) v["from"] = *c.valid_from;
    if (c.valid_to) v["to"] = *c.valid_to;
    j["valid"] = v;
  }
  j["priority"] = c.priority;
  j["value"] = c.value;
  j["base_rate"] = c.base_rate;
  if (c.cost_per_conversion > 0) j["cost_per_conversion"] = c.cost_per_conversion;
  if (c.kind != CampaignKind::kOffer) {
    j["kind"] = CampaignKindName(c.kind);
    j["scene"] = ScenesToJson(c.scenes);
    if (c.kind == CampaignKind::kCircle) j["within_days"] = c.within_days;
  }
  j["creative"] = {{"image", c.creative.image}, {"copy", c.creative.copy}};
  j["quota"] = c.quota;
  j["control_share"] = c.control_share;
  j["state"] = CampaignStateName(c.state);
  return j;
}

json ChannelToJson(const Channel& c) {
  json slots = json::array();
  for (const Slot& s : c.slots) {
    json js = {{"id", s.id},
               {"days", FormatWeekdays(s.weekdays)},
               {"hours", FormatDayWindow(s.hours)},
               {"ranking", RankingName(s.ranking)}};
    if (!s.learn_by.empty()) js["learn_by"] = s.learn_by;
    if (s.ranking == Ranking::kAdaptive || s.exploration != Slot{}.exploration) {
      js["exploration"] = s.exploration;  // kept when the ranking changes back and forth
    }
    if (!s.description.empty()) js["description"] = s.description;
    slots.push_back(std::move(js));
  }
  json j = {{"id", c.id}, {"push", c.push}, {"daily_cap", c.daily_cap}, {"slots", slots}};
  if (c.cost_per_contact > 0) j["cost_per_contact"] = c.cost_per_contact;
  return j;
}

json SegmentToJson(const NamedSegment& s) {
  json j = {{"name", s.name}, {"expr", s.expr}};
  if (!s.description.empty()) j["description"] = s.description;
  return j;
}

json PolicyToJson(const ContactPolicy& p) {
  json j = {{"weekly_cap", p.weekly_cap},
            {"quiet_hours", p.quiet_hours.empty() ? "none" : FormatDayWindow(p.quiet_hours)},
            {"dismiss_cooldown_days", p.dismiss_cooldown_days},
            {"converted_rest_days", p.converted_rest_days}};
  if (!p.opt_out_file.empty()) j["opt_out"] = p.opt_out_file;
  if (!p.do_not_disturb_file.empty()) j["do_not_disturb"] = p.do_not_disturb_file;
  return j;
}

json ModelToJson(const MarketingModel& m) {
  json j = json::object();
  j["version"] = m.version;
  j["channels"] = json::array();
  for (const Channel& c : m.channels) j["channels"].push_back(ChannelToJson(c));
  j["policy"] = PolicyToJson(m.policy);
  j["segments"] = json::array();
  for (const NamedSegment& s : m.segments) j["segments"].push_back(SegmentToJson(s));
  j["campaigns"] = json::array();
  for (const Campaign& c : m.campaigns) j["campaigns"].push_back(CampaignToJson(c));
  return j;
}

}  // namespace ripple::decide
