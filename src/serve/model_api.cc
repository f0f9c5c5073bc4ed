// DecisionService::Model: the marketing model's CRUD endpoints. Campaigns, channels and segments
// are three lists of the model handled alike (Kind below); the policy is one object.
#include <nlohmann/json.hpp>

#include "decide/model.h"
#include "serve/decision_service.h"

namespace ripple::serve {
namespace {

using json = nlohmann::json;
using decide::MarketingModel;

HttpResponse Json(int status, const json& j) { return {status, "application/json", j.dump()}; }

// How one list of the model is read, written and named.
template <typename T>
struct Kind {
  std::string_view singular;
  std::vector<T> MarketingModel::*list;
  std::string T::*id;
  json (*to_json)(const T&);
  // Parses a body into a T with the model's references checked.
  std::optional<decide::FieldError> (*from_json)(const json&, const MarketingModel&, T*);
  // Who uses an item (a campaign naming a channel's slot or a segment): a delete is refused.
  std::string (*used_by)(const MarketingModel&, const std::string&);
};

std::optional<decide::FieldError> CampaignBody(const json& j, const MarketingModel& m,
                                               decide::Campaign* c) {
  return decide::CampaignFromJson(j, m, c);
}
std::optional<decide::FieldError> ChannelBody(const json& j, const MarketingModel&,
                                              decide::Channel* c) {
  return decide::ChannelFromJson(j, c);
}
std::optional<decide::FieldError> SegmentBody(const json& j, const MarketingModel&,
                                              decide::NamedSegment* s) {
  return decide::SegmentFromJson(j, s);
}
std::string NobodyUses(const MarketingModel&, const std::string&) { return ""; }
std::string ChannelUsers(const MarketingModel& m, const std::string& id) {
  for (const decide::Campaign& c : m.campaigns) {
    for (const std::string& s : c.slots) {
      if (s.substr(0, s.find('/')) == id) return c.id;
    }
  }
  return "";
}
std::string SegmentUsers(const MarketingModel& m, const std::string& id) {
  for (const decide::Campaign& c : m.campaigns) {
    if (c.segment == id) return c.id;
  }
  return "";
}

const Kind<decide::Campaign> kCampaigns{"campaign",
                                        &MarketingModel::campaigns,
                                        &decide::Campaign::id,
                                        decide::CampaignToJson,
                                        CampaignBody,
                                        NobodyUses};
const Kind<decide::Channel> kChannels{"channel",
                                      &MarketingModel::channels,
                                      &decide::Channel::id,
                                      decide::ChannelToJson,
                                      ChannelBody,
                                      ChannelUsers};
const Kind<decide::NamedSegment> kSegments{"segment",
                                           &MarketingModel::segments,
                                           &decide::NamedSegment::name,
                                           decide::SegmentToJson,
                                           SegmentBody,
                                           SegmentUsers};

// The field a compile error names ("campaigns[3] (x).target:5: unknown tag" -> "target"), else
// `fallback`.
std::string FieldOfCompileError(const std::string& message, const std::string& fallback) {
  const size_t close = message.find(").");
  if (close == std::string::npos) return fallback;
  const size_t start = close + 2;
  const size_t end = message.find_first_of(":. ", start);
  return end == std::string::npos ? fallback : message.substr(start, end - start);
}

HttpResponse BodyError(const decide::FieldError& e) {
  return JsonError(400, e.path.empty() ? e.message : e.path + ": " + e.message, e.path);
}

// GET list, POST create, GET/PUT/DELETE one.
template <typename T>
HttpResponse Crud(const Kind<T>& kind, DecisionService& svc, const HttpRequest& req,
                  std::string_view id, const std::string& who, int64_t now_ms) {
  const MarketingModel current = svc.arbiter().model()->model();
  const std::vector<T>& items = current.*kind.list;
  auto find = [&](std::string_view x) -> int {
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].*kind.id == x) return static_cast<int>(i);
    }
    return -1;
  };
  const std::string what(kind.singular);
  auto apply = [&](MarketingModel next, const std::string& action, const json& detail,
                   int ok_status, const json& answer) {
    const Status st = svc.Apply(std::move(next), who, action, detail.dump(), now_ms);
    if (!st.ok()) return JsonError(400, st.message(), FieldOfCompileError(st.message(), what));
    return Json(ok_status, answer);
  };
  if (id.empty()) {
    if (req.method == "GET") {
      json out = json::array();
      for (const T& t : items) out.push_back(kind.to_json(t));
      return Json(200, out);
    }
    if (req.method != "POST") return JsonError(405, "use GET or POST");
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return JsonError(400, "the body is not JSON");
    T item;
    if (auto e = kind.from_json(body, current, &item)) return BodyError(*e);
    if (find(item.*kind.id) >= 0) {
      return JsonError(409, what + " '" + item.*kind.id + "' exists (PUT to change it)", "id");
    }
    MarketingModel next = current;
    (next.*kind.list).push_back(item);
    return apply(std::move(next), "create " + what + " " + item.*kind.id, kind.to_json(item), 201,
                 kind.to_json(item));
  }
  const int at = find(id);
  if (at < 0) return JsonError(404, "no " + what + " '" + std::string(id) + "'", "id");
  if (req.method == "GET") return Json(200, kind.to_json(items[at]));
  if (req.method == "PUT") {
    json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return JsonError(400, "the body is not JSON");
    if (body.is_object()) {
      const std::string key = kind.singular == "segment" ? "name" : "id";
      if (!body.contains(key)) body[key] = std::string(id);
      if (body[key] != std::string(id)) {
        return JsonError(400, key + " in the body differs from the path", key);
      }
    }
    T item;
    if (auto e = kind.from_json(body, current, &item)) return BodyError(*e);
    MarketingModel next = current;
    (next.*kind.list)[at] = item;
    return apply(std::move(next), "update " + what + " " + std::string(id), kind.to_json(item), 200,
                 kind.to_json(item));
  }
  if (req.method == "DELETE") {
    const std::string user = kind.used_by(current, std::string(id));
    if (!user.empty()) {
      return JsonError(409, what + " '" + std::string(id) + "' is used by campaign '" + user + "'",
                       "id");
    }
    MarketingModel next = current;
    (next.*kind.list).erase((next.*kind.list).begin() + at);
    return apply(std::move(next), "delete " + what + " " + std::string(id), json::object(), 200,
                 {{"deleted", std::string(id)}});
  }
  return JsonError(405, "use GET, PUT or DELETE");
}

}  // namespace

HttpResponse DecisionService::Model(const HttpRequest& req, const std::string& who,
                                    int64_t now_ms) {
  // /v1/<kind>[/<id>[/<sub>]]
  std::string_view path = req.path;
  path.remove_prefix(4);  // "/v1/"
  const size_t a = path.find('/');
  const std::string_view kind = path.substr(0, a);
  std::string_view id, sub;
  if (a != std::string_view::npos) {
    id = path.substr(a + 1);
    const size_t b = id.find('/');
    if (b != std::string_view::npos) {
      sub = id.substr(b + 1);
      id = id.substr(0, b);
    }
  }
  return ModelCollection(req, kind, id, sub, who, now_ms);
}

HttpResponse DecisionService::ModelCollection(const HttpRequest& req, std::string_view kind,
                                              std::string_view id, std::string_view sub,
                                              const std::string& who, int64_t now_ms) {
  const MarketingModel current = arbiter_->model()->model();
  if (kind == "campaigns" && sub == "state") {
    if (req.method != "PUT" && req.method != "POST") return JsonError(405, "use PUT");
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("state")) {
      return JsonError(400, "expected {\"state\": \"active|paused|ended|draft\"}", "state");
    }
    const decide::Campaign* c = current.FindCampaign(id);
    if (!c) return JsonError(404, "no campaign '" + std::string(id) + "'", "id");
    json j = decide::CampaignToJson(*c);
    j["state"] = body["state"];
    decide::Campaign changed;
    if (auto e = decide::CampaignFromJson(j, current, &changed)) {
      return JsonError(400, "state: " + e->message, "state");
    }
    MarketingModel next = current;
    for (auto& x : next.campaigns) {
      if (x.id == id) x = changed;
    }
    const Status st = Apply(std::move(next), who,
                            "set campaign " + std::string(id) + " " +
                                std::string(decide::CampaignStateName(changed.state)),
                            j.dump(), now_ms);
    if (!st.ok()) return JsonError(400, st.message(), "state");
    return Json(200, decide::CampaignToJson(changed));
  }
  if (!sub.empty()) return JsonError(404, "no such endpoint: " + req.method + " " + req.path);
  if (kind == "campaigns") return Crud(kCampaigns, *this, req, id, who, now_ms);
  if (kind == "channels") return Crud(kChannels, *this, req, id, who, now_ms);
  if (kind == "segments") return Crud(kSegments, *this, req, id, who, now_ms);
  if (kind == "slots" && id.empty() && req.method == "GET") {
    json out = json::array();
    for (const decide::CompiledSlot& s : arbiter_->model()->slots()) {
      json names = json::array();
      for (uint16_t ci : s.campaigns) names.push_back(arbiter_->model()->campaigns()[ci].def.id);
      out.push_back({{"channel", s.channel},
                     {"slot", s.slot},
                     {"push", s.push},
                     {"daily_cap", s.daily_cap},
                     {"hours", decide::FormatDayWindow(s.def.hours)},
                     {"ranking", decide::RankingName(s.def.ranking)},
                     {"campaigns", names}});
    }
    return Json(200, out);
  }
  if (kind == "policy" && id.empty()) {
    if (req.method == "GET") return Json(200, decide::PolicyToJson(current.policy));
    if (req.method != "PUT") return JsonError(405, "use GET or PUT");
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded()) return JsonError(400, "the body is not JSON");
    MarketingModel next = current;
    if (auto e = decide::PolicyFromJson(body, &next.policy)) {
      return JsonError(400, e->path + ": " + e->message, e->path);
    }
    const json answer = decide::PolicyToJson(next.policy);
    const Status st = Apply(std::move(next), who, "update policy", answer.dump(), now_ms);
    if (!st.ok()) return JsonError(400, st.message(), "policy");
    return Json(200, answer);
  }
  if (kind == "policy" && id == "opt-out") {
    if (req.method != "POST") return JsonError(405, "use POST");
    const json body = json::parse(req.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("msisdn") ||
        !body["msisdn"].is_string()) {
      return JsonError(400, "expected {\"msisdn\": \"...\", \"channel\": \"sms\"}", "msisdn");
    }
    const PhoneKey phone = ParsePhoneNumber(body["msisdn"].get<std::string>(), options_.phone);
    if (phone == kNoPhone) return JsonError(400, "not a phone number", "msisdn");
    const std::string channel = body.value("channel", "*");
    if (channel != "*" && !current.FindChannel(channel)) {
      return JsonError(400, "no channel '" + channel + "'", "channel");
    }
    if (Status st = store_->SaveOptOut(phone, channel); !st.ok()) {
      return JsonError(500, st.message());
    }
    lists_.AddOptOut(phone, channel);
    return Json(200,
                {{"msisdn", FormatPhoneNumber(phone)}, {"channel", channel}, {"opted_out", true}});
  }
  if (kind == "model" && id.empty() && req.method == "GET") {
    return Json(200, decide::ModelToJson(current));
  }
  if (kind == "audit" && id.empty() && req.method == "GET") {
    const std::string* limit = req.Param("limit");
    size_t n = 50;
    if (limit) n = static_cast<size_t>(std::max(1L, std::min(1000L, std::atol(limit->c_str()))));
    json out = json::array();
    for (const decide::AuditEntry& e : store_->Audit(n)) {
      out.push_back(
          {{"version", e.version},
           {"at", e.at_ms ? FormatIso8601(e.at_ms, options_.utc_offset_minutes) : ""},
           {"who", e.who},
           {"action", e.action},
           {"detail", json::parse(e.detail.empty() ? "null" : e.detail, nullptr, false)}});
    }
    return Json(200, out);
  }
  return JsonError(404, "no such endpoint: " + req.method + " " + req.path);
}

}  // namespace ripple::serve
