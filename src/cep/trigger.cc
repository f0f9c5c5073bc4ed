#include "cep/trigger.h"

#include <bit>
#include <cmath>
#include <nlohmann/json.hpp>

#include "cep/event_view.h"
#include "core/phone_number.h"
#include "core/time.h"
#include "ingest/reference.h"
#include "profile/host_matcher.h"

namespace ripple::cep {
namespace {

// A carried value as JSON: numbers as numbers, texts from their table, yes/no as booleans.
nlohmann::ordered_json ValueJson(FieldId field, uint64_t v, EngineContext& context) {
  const FieldInfo& f = FieldCatalogue()[static_cast<int>(field)];
  if (f.type == FieldType::kNumber) {
    const double d = std::bit_cast<double>(v);
    if (std::isnan(d)) return nullptr;
    return d;
  }
  if (f.type == FieldType::kBool) return v == 1;
  if (v == EventView::kNoValue) return nullptr;
  const auto id = static_cast<ingest::StringId>(v);
  switch (f.space) {
    case TextSpace::kRecordText:
      return std::string(context.sources().record_texts->Text(id));
    case TextSpace::kReferenceText:
      return std::string(context.sources().reference->texts().Text(id));
    case TextSpace::kDerived:
      return std::string(context.derived_texts().Text(id));
    case TextSpace::kEnum:
      return std::string(EnumText(field, v));
    case TextSpace::kPhone:
      return FormatPhoneNumber(v);
    case TextSpace::kCategory:
      if (context.sources().hosts && v < context.sources().hosts->categories().size()) {
        return context.sources().hosts->categories()[v];
      }
      return nullptr;
    case TextSpace::kProduct:
      return std::string(context.sources().reference->ProductName(id));
    case TextSpace::kNone:
      break;
  }
  return nullptr;
}

nlohmann::ordered_json Attributes(const Trigger& trigger, const CompiledRule& r,
                                  EngineContext& context) {
  nlohmann::ordered_json attributes = nlohmann::ordered_json::object();
  for (int i = 0; i < trigger.carried_count && i < static_cast<int>(r.carry.size()); ++i) {
    attributes[r.carry_names[i]] = ValueJson(r.carry[i], trigger.carried[i], context);
  }
  return attributes;
}

}  // namespace

std::string AttributesJson(const Trigger& trigger, const RuleSet& rules, EngineContext& context) {
  return Attributes(trigger, rules.rules()[trigger.rule], context).dump();
}

std::string TriggerJson(const Trigger& trigger, const RuleSet& rules, EngineContext& context,
                        const std::string& subscriber_text) {
  const CompiledRule& r = rules.rules()[trigger.rule];
  const int offset = context.sources().utc_offset_minutes;
  nlohmann::ordered_json j;
  j["ts"] = FormatIso8601(trigger.ts_ms, offset);
  j["ts_ms"] = trigger.ts_ms;
  j["subscriber"] = subscriber_text;
  j["rule"] = r.id;
  j["trigger"] = r.trigger;
  j["priority"] = r.priority;
  j["expires"] = FormatIso8601(trigger.expires_ms, offset);
  j["attributes"] = Attributes(trigger, r, context);
  return j.dump();
}

}  // namespace ripple::cep
