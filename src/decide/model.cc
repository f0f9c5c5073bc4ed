// The model's lookups and its day windows ("21:00-08:00"); the JSON side is model_json.cc.
#include "decide/model.h"

#include <cstdio>

namespace ripple::decide {

std::optional<DayWindow> ParseDayWindow(std::string_view text) {
  auto minute = [](std::string_view t) -> int {
    if (t.size() != 5 || t[2] != ':') return -1;
    for (size_t i : {0, 1, 3, 4}) {
      if (t[i] < '0' || t[i] > '9') return -1;
    }
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (m > 59 || h > 24 || (h == 24 && m != 0)) return -1;
    return h * 60 + m;
  };
  const size_t dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const int a = minute(text.substr(0, dash)), b = minute(text.substr(dash + 1));
  if (a < 0 || b < 0 || a == 1440) return std::nullopt;
  return DayWindow{a, b};
}

std::string FormatDayWindow(const DayWindow& w) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d:%02d-%02d:%02d", w.start_minute / 60, w.start_minute % 60,
                w.end_minute / 60, w.end_minute % 60);
  return buf;
}

const Channel* MarketingModel::FindChannel(std::string_view id) const {
  for (const Channel& c : channels) {
    if (c.id == id) return &c;
  }
  return nullptr;
}
const Slot* MarketingModel::FindSlot(std::string_view channel, std::string_view slot) const {
  const Channel* c = FindChannel(channel);
  if (!c) return nullptr;
  for (const Slot& s : c->slots) {
    if (s.id == slot) return &s;
  }
  return nullptr;
}
const Campaign* MarketingModel::FindCampaign(std::string_view id) const {
  for (const Campaign& c : campaigns) {
    if (c.id == id) return &c;
  }
  return nullptr;
}
const NamedSegment* MarketingModel::FindSegment(std::string_view name) const {
  for (const NamedSegment& s : segments) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

}  // namespace ripple::decide
