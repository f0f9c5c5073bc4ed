#include "profile/derive.h"

#include <algorithm>
#include <cmath>

#include "core/time.h"

namespace ripple::profile {
namespace {

struct AreaPresence {
  ingest::StringId area = ingest::kNoString;
  ingest::StringId type = ingest::kNoString;
  double night = 0, workday = 0, total = 0;
};

// The subscriber's cell slots summed per area (at most kCellSlots areas).
int GroupByArea(const DeriveContext& ctx, std::span<const CellSlot> cells,
                std::array<AreaPresence, kCellSlots>* areas) {
  int n = 0;
  for (const CellSlot& c : cells) {
    if (c.cell == ingest::kNoCell || c.cell >= ctx.reference->cell_count()) continue;
    const ingest::CellInfo& info = ctx.reference->cell(c.cell);
    int i = 0;
    while (i < n && (*areas)[i].area != info.area_id) ++i;
    if (i == n) (*areas)[n++] = AreaPresence{info.area_id, info.area_type};
    (*areas)[i].night += c.night;
    (*areas)[i].workday += c.workday;
    (*areas)[i].total += c.total;
  }
  return n;
}

// The cell of `area` with the most weight by `key` (ties: the most total presence).
template <typename Key>
CellId BestCellIn(const DeriveContext& ctx, std::span<const CellSlot> cells, ingest::StringId area,
                  Key key) {
  CellId best = ingest::kNoCell;
  double best_key = -1, best_total = -1;
  for (const CellSlot& c : cells) {
    if (c.cell == ingest::kNoCell || c.cell >= ctx.reference->cell_count() ||
        ctx.reference->cell(c.cell).area_id != area) {
      continue;
    }
    const double k = key(c);
    if (k > best_key || (k == best_key && c.total > best_total)) {
      best = c.cell;
      best_key = k;
      best_total = c.total;
    }
  }
  return best;
}

void DeriveLocation(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out) {
  const auto cells = ctx.activity->cells(s);
  std::array<AreaPresence, kCellSlots> areas;
  const int n = GroupByArea(ctx, cells, &areas);
  const ingest::StringId residential = ctx.reference->texts().Find("residential");

  // Home: where the phone spends the night, and much of the rest of the time off work (which
  // keeps a night-shift worker's home at home), with a prior for residential areas.
  int home = -1;
  double best = 0;
  for (int i = 0; i < n; ++i) {
    const double rest = std::max(0.0, areas[i].total - areas[i].night - areas[i].workday);
    const double score = (areas[i].night + ctx.options.home_rest_weight * rest) *
                         (areas[i].type == residential ? ctx.options.residential_prior : 1.0);
    if (areas[i].night >= ctx.options.min_night_weight && score > best) {
      best = score;
      home = i;
    }
  }
  if (home >= 0) {
    // The area's cell seen most (handover spreads a home over its neighbouring cells, and
    // all the day's records vote better than the night's alone).
    out->home_cell = BestCellIn(ctx, cells, areas[home].area,
                                [](const CellSlot& c) { return static_cast<double>(c.total); });
  }

  // Work: a dominant non-home place on weekday daytimes, or at night (night shifts).
  double workday_sum = 0, night_sum = 0;
  for (int i = 0; i < n; ++i) {
    workday_sum += areas[i].workday;
    night_sum += areas[i].night;
  }
  int work = -1;
  bool night_shift = false;
  double work_weight = 0;
  for (int i = 0; i < n; ++i) {
    if (i == home) continue;
    if (areas[i].workday >= ctx.options.min_work_weight &&
        areas[i].workday >= ctx.options.min_work_share * workday_sum &&
        areas[i].workday > work_weight) {
      work = i;
      night_shift = false;
      work_weight = areas[i].workday;
    }
  }
  if (work < 0) {
    for (int i = 0; i < n; ++i) {
      if (i == home) continue;
      if (areas[i].night >= ctx.options.min_work_weight &&
          areas[i].night >= ctx.options.min_work_share * night_sum &&
          areas[i].night > work_weight) {
        work = i;
        night_shift = true;
        work_weight = areas[i].night;
      }
    }
  }
  if (work >= 0) {
    const CellId cell = BestCellIn(ctx, cells, areas[work].area, [&](const CellSlot& c) {
      return static_cast<double>(night_shift ? c.night : c.workday);
    });
    const double age = AgeAt(ctx.as_of_day, ctx.reference->subscriber(s).birth_year);
    if (!std::isnan(age) && age < ctx.options.adult_age) {
      out->study_cell = cell;
    } else {
      out->work_cell = cell;
    }
  }
  if (out->home_cell != ingest::kNoCell && out->work_cell != ingest::kNoCell) {
    const auto& h = ctx.reference->cell(out->home_cell);
    const auto& w = ctx.reference->cell(out->work_cell);
    out->home_work_km = static_cast<float>(DistanceKm(h.lat, h.lon, w.lat, w.lon));
  }

  // Frequent area types of the rest of life: where the phone is besides home and work.
  double total = 0;
  for (int i = 0; i < n; ++i) total += areas[i].total;
  out->area_types.clear();
  if (total <= 0) return;
  for (int i = 0; i < n; ++i) {
    if (i == home || i == work || areas[i].type == ingest::kNoString) continue;
    auto it = std::find_if(out->area_types.begin(), out->area_types.end(),
                           [&](const AreaTypeShare& a) { return a.area_type == areas[i].type; });
    if (it == out->area_types.end()) {
      out->area_types.push_back({areas[i].type, 0});
      it = out->area_types.end() - 1;
    }
    it->share += static_cast<float>(areas[i].total);  // a weight until divided below
  }
  std::erase_if(out->area_types, [&](const AreaTypeShare& a) {
    return a.share < ctx.options.min_area_type_weight ||
           a.share < ctx.options.min_area_type_share * total;
  });
  for (AreaTypeShare& a : out->area_types) a.share = static_cast<float>(a.share / total);
  std::sort(out->area_types.begin(), out->area_types.end(),
            [](const AreaTypeShare& a, const AreaTypeShare& b) { return a.share > b.share; });
}

void DeriveInterests(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out) {
  out->interests.clear();
  const auto weights = ctx.activity->categories(s);
  double sum = 0;
  for (size_t c = 0; c < weights.size(); ++c) {
    if (!ctx.general_category[c]) sum += weights[c];
  }
  if (sum <= 0) return;
  for (size_t c = 0; c < weights.size(); ++c) {
    if (ctx.general_category[c]) continue;
    const double share = weights[c] / sum;
    if (share >= ctx.options.min_interest_share && weights[c] >= ctx.options.min_interest_weight) {
      out->interests.push_back({static_cast<int16_t>(c), static_cast<float>(share)});
    }
  }
  std::sort(out->interests.begin(), out->interests.end(),
            [](const InterestScore& a, const InterestScore& b) { return a.score > b.score; });
}

void DeriveTerminal(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out) {
  const state::SubscriberHeader& h = ctx.state->Header(s);
  out->handset = h.last_tac != 0 ? ctx.reference->FindHandset(h.last_tac) : nullptr;
  const ActivityHeader& a = ctx.activity->header(s);
  out->change_cycle_days = NAN;
  if (h.device_changes > 0 && a.first_device_day != kNoDay && a.last_change_day != kNoDay &&
      a.last_change_day > a.first_device_day) {
    out->change_cycle_days =
        static_cast<float>(a.last_change_day - a.first_device_day) / h.device_changes;
  }
}

void DeriveChannel(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out) {
  const auto v = ctx.activity->channels(s);
  double by_channel[kChannels] = {}, by_daypart[kDayparts] = {};
  for (int c = 0; c < kChannels; ++c) {
    for (int d = 0; d < kDayparts; ++d) {
      by_channel[c] += v[c * kDayparts + d];
      by_daypart[d] += v[c * kDayparts + d];
    }
  }
  out->preferred_channel = -1;
  out->preferred_daypart = -1;
  double best = 0;
  for (int c = 0; c < kChannels; ++c) {
    if (by_channel[c] > best) best = by_channel[c], out->preferred_channel = c;
  }
  best = 0;
  for (int d = 0; d < kDayparts; ++d) {
    if (by_daypart[d] > best) best = by_daypart[d], out->preferred_daypart = d;
  }
}

}  // namespace

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

double AgeAt(int64_t as_of_day, int birth_year) {
  if (birth_year <= 0) return NAN;
  int year;
  unsigned month, day;
  CivilFromDays(as_of_day, &year, &month, &day);
  return year - birth_year;
}

void DeriveProfile(const DeriveContext& ctx, SubscriberId s, DerivedProfile* out) {
  out->home_cell = out->work_cell = out->study_cell = ingest::kNoCell;
  out->home_work_km = NAN;
  DeriveLocation(ctx, s, out);
  DeriveInterests(ctx, s, out);
  DeriveTerminal(ctx, s, out);
  DeriveChannel(ctx, s, out);
}

}  // namespace ripple::profile
