#include "profile/tag_engine.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "core/identity.h"
#include "core/time.h"

namespace ripple::profile {
namespace {

enum Scalar : int {
  kAge,
  kBirthYear,
  kMonthlyFee,
  kTenureDays,
  kDeviceChanges,
  kHandsetAgeYears,
  kHandsetReleaseYear,
  kIntlCalls,
  kHomeWorkKm,
  kLocated,
  kDataSessionsRecent,
  kVisitsApp,
  kVisitsWeb,
  kScalarCount
};
constexpr std::array<const char*, kScalarCount> kScalarNames = {"age",
                                                                "birth_year",
                                                                "monthly_fee",
                                                                "tenure_days",
                                                                "device_changes",
                                                                "handset_age_years",
                                                                "handset_release_year",
                                                                "intl_calls",
                                                                "home_work_km",
                                                                "located",
                                                                "data_sessions_recent",
                                                                "visits_app",
                                                                "visits_web"};

enum Builtin : int {
  kGender,
  kRegion,
  kPlan,
  kHomeCell,
  kHomeArea,
  kWorkCell,
  kWorkAreaType,
  kStudyCell,
  kFrequentAreaTypes,
  kInterest,
  kHandsetBrand,
  kHandsetModel,
  kHandsetPriceTier,
  kDeviceChangeCycleDays,
  kRechargePattern,
  kPreferredChannel,
  kPreferredTime,
  kBuiltinCount
};
constexpr std::array<BuiltinInfo, kBuiltinCount> kBuiltins = {{
    {"gender", TagType::kText},
    {"region", TagType::kText},
    {"plan", TagType::kText},
    {"home_cell", TagType::kText},
    {"home_area", TagType::kText},
    {"work_cell", TagType::kText},
    {"work_area_type", TagType::kText},
    {"study_cell", TagType::kText},
    {"frequent_area_types", TagType::kSet},
    {"interest", TagType::kSet},
    {"handset_brand", TagType::kText},
    {"handset_model", TagType::kText},
    {"handset_price_tier", TagType::kText},
    {"device_change_cycle_days", TagType::kNumber},
    {"recharge_pattern", TagType::kText},
    {"preferred_channel", TagType::kText},
    {"preferred_time", TagType::kText},
}};

constexpr std::array<const char*, kChannels> kChannelNames = {"app", "web", "sms", "outbound",
                                                              "shop"};
constexpr std::array<const char*, kDayparts> kDaypartNames = {"night", "morning", "afternoon",
                                                              "evening"};

int BuiltinIndex(const std::string& name) {
  for (int i = 0; i < kBuiltinCount; ++i) {
    if (kBuiltins[i].name == name) return i;
  }
  return -1;
}

// The window sums of one subscriber, for every window length of the catalog.
struct WindowFrame {
  std::vector<double> values;  // [slot * kFields + field]
  std::vector<double> active_days, contacts, cells;
  std::vector<state::WindowTotals> totals;

  static constexpr int kFields = state::kDayBucketCounts + state::kDayBucketSums;

  void Fill(const std::vector<int>& window_days, const std::vector<const state::DayBucket*>& held,
            int64_t as_of_day) {
    const size_t k = window_days.size();
    totals.assign(k, state::WindowTotals());
    for (const state::DayBucket* b : held) {
      for (size_t w = 0; w < k; ++w) {
        if (b->day <= as_of_day && b->day > as_of_day - window_days[w]) totals[w].Add(*b);
      }
    }
    values.resize(k * kFields);
    active_days.resize(k);
    contacts.resize(k);
    cells.resize(k);
    for (size_t w = 0; w < k; ++w) {
      double* v = values.data() + w * kFields;
      int f = 0;
#define RIPPLE_PUT_FIELD(name) v[f++] = static_cast<double>(totals[w].name);
      RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_PUT_FIELD)
      RIPPLE_DAY_BUCKET_SUMS(RIPPLE_PUT_FIELD)
#undef RIPPLE_PUT_FIELD
      active_days[w] = totals[w].days_held;
      contacts[w] = totals[w].DistinctContacts();
      cells[w] = totals[w].DistinctCells();
    }
  }
};

const char* RechargePattern(const state::SubscriberState& st, SubscriberId s, int64_t as_of_day) {
  const state::WindowTotals t = st.Window(s, as_of_day - 29, as_of_day);
  if (t.recharges == 0) return nullptr;
  const double avg_yuan = t.recharge_cents / 100.0 / t.recharges;
  const char* size = avg_yuan < 50 ? "small" : "large";
  if (t.recharges == 1) return avg_yuan < 50 ? "monthly_small" : "monthly_large";
  if (t.recharges <= 3) return size[0] == 's' ? "regular_small" : "regular_large";
  return size[0] == 's' ? "frequent_small" : "frequent_large";
}

}  // namespace

FeatureSchema ProfileFeatureSchema(int retention_days) {
  FeatureSchema schema;
  for (const char* s : kScalarNames) schema.scalars.emplace_back(s);
#define RIPPLE_FIELD_NAME(name) schema.window_fields.emplace_back(#name);
  RIPPLE_DAY_BUCKET_COUNTS(RIPPLE_FIELD_NAME)
  RIPPLE_DAY_BUCKET_SUMS(RIPPLE_FIELD_NAME)
#undef RIPPLE_FIELD_NAME
  schema.max_window_days = retention_days;
  return schema;
}

std::span<const BuiltinInfo> ProfileBuiltins() { return kBuiltins; }

Result<TagCatalog> LoadProfileCatalog(const std::string& path, int retention_days) {
  const FeatureSchema schema = ProfileFeatureSchema(retention_days);
  if (path.empty()) {
    return ParseTagCatalog(DefaultTagsYaml(), "built-in config/tags.yaml", schema,
                           ProfileBuiltins());
  }
  return LoadTagCatalog(path, schema, ProfileBuiltins());
}

int64_t NewestDay(const state::SubscriberState& state) {
  int64_t newest = INT64_MIN;
  for (size_t s = 0; s < state.subscribers(); ++s) {
    const int64_t ts = state.Header(static_cast<SubscriberId>(s)).last_ts_ms;
    if (ts != 0) newest = std::max(newest, ts);
  }
  if (newest == INT64_MIN) return newest;
  return LocalDay(newest, state.options().utc_offset_minutes);
}

DeriveContext MakeDeriveContext(const ProfileInputs& in, int64_t as_of_day) {
  DeriveContext ctx{in.reference, in.state, in.activity, {}, as_of_day, in.derive};
  const auto& categories = in.activity->category_names();
  ctx.general_category.resize(categories.size());
  for (size_t c = 0; c < categories.size(); ++c) {
    ctx.general_category[c] = std::find(in.general_categories.begin(), in.general_categories.end(),
                                        categories[c]) != in.general_categories.end();
  }
  return ctx;
}

Result<TagTable> ComputeTags(const TagCatalog& catalog, const ProfileInputs& in,
                             int64_t as_of_day) {
  const ingest::ReferenceData& ref = *in.reference;
  const size_t rows = ref.subscriber_count();
  if (in.state->subscribers() != rows || in.activity->subscribers() != rows ||
      in.pseudonyms->size() != rows) {
    return Status::InvalidArgument("profile inputs disagree on the number of subscribers");
  }
  std::vector<PhoneKey> msisdns(rows);
  for (size_t s = 0; s < rows; ++s)
    msisdns[s] = ref.subscriber(static_cast<SubscriberId>(s)).msisdn;
  TagTable table(*in.pseudonyms, std::move(msisdns), as_of_day);

  const DeriveContext ctx = MakeDeriveContext(in, as_of_day);
  const auto& categories = in.activity->category_names();

  // Columns, and for each the builtin it comes from (-1: an expression).
  std::vector<int> builtin_of;
  int max_stack = 1;
  for (const TagDefinition& t : catalog.tags) {
    table.AddColumn(t.id, t.dimension, t.type, t.description);
    builtin_of.push_back(t.builtin.empty() ? -1 : BuiltinIndex(t.builtin));
    if (!t.builtin.empty() && builtin_of.back() < 0) {
      return Status::InvalidArgument("tag " + t.id + ": unknown builtin " + t.builtin);
    }
    max_stack = std::max(max_stack, t.program.max_stack);
  }
  std::vector<TagColumn>& columns = table.mutable_columns();
  // Cell-valued builtins use the cell's dense id as their code: one dictionary for all rows.
  for (size_t i = 0; i < columns.size(); ++i) {
    const int b = builtin_of[i];
    if (b == kHomeCell || b == kWorkCell || b == kStudyCell) {
      columns[i].dictionary.reserve(ref.cell_count());
      for (CellId c = 0; c < ref.cell_count(); ++c)
        columns[i].dictionary.emplace_back(ref.CellName(c));
    } else if (b == kInterest) {
      columns[i].dictionary = categories;
    }
  }

  std::vector<double> stack(static_cast<size_t>(max_stack) + 4);
  std::array<double, kScalarCount> scalars;
  WindowFrame windows;
  std::vector<const state::DayBucket*> held;
  DerivedProfile derived;

  for (size_t row = 0; row < rows; ++row) {
    const auto s = static_cast<SubscriberId>(row);
    const ingest::SubscriberInfo& info = ref.subscriber(s);
    in.state->HeldBuckets(s, &held);
    windows.Fill(catalog.window_days, held, as_of_day);
    DeriveProfile(ctx, s, &derived);
    const ActivityHeader& act = in.activity->header(s);
    const double decay = in.activity->DecayTo(s, as_of_day);
    const auto channels = in.activity->channels(s);
    double app = 0, web = 0;
    for (int d = 0; d < kDayparts; ++d) {
      app += channels[0 * kDayparts + d];
      web += channels[1 * kDayparts + d];
    }
    scalars[kAge] = AgeAt(as_of_day, info.birth_year);
    scalars[kBirthYear] = info.birth_year > 0 ? info.birth_year : NAN;
    scalars[kMonthlyFee] = static_cast<double>(info.monthly_fee_cents) / 100.0;
    scalars[kTenureDays] = static_cast<double>(as_of_day - info.join_day);
    scalars[kDeviceChanges] = in.state->Header(s).device_changes;
    scalars[kHandsetReleaseYear] = derived.handset ? derived.handset->release_year : NAN;
    scalars[kHandsetAgeYears] =
        derived.handset ? AgeAt(as_of_day, derived.handset->release_year) : NAN;
    scalars[kIntlCalls] = act.intl_calls * decay;
    scalars[kHomeWorkKm] = derived.home_work_km;
    scalars[kLocated] = act.located * decay;
    scalars[kDataSessionsRecent] = act.data_sessions * decay;
    scalars[kVisitsApp] = app * decay;
    scalars[kVisitsWeb] = web * decay;
    const FeatureFrame frame{
        scalars.data(),          windows.values.data(), windows.active_days.data(),
        windows.contacts.data(), windows.cells.data(),  WindowFrame::kFields};

    for (size_t i = 0; i < columns.size(); ++i) {
      TagColumn& col = columns[i];
      const TagDefinition& def = catalog.tags[i];
      auto set_text = [&](std::string_view text) {
        if (!text.empty()) col.codes[row] = col.InternCode(text);
      };
      switch (builtin_of[i]) {
        case -1: {
          const double v = Evaluate(def.program, frame, stack.data());
          if (col.type == TagType::kFlag) {
            if (v == 1.0) col.numbers[row] = 1.0f;
          } else if (col.type == TagType::kText) {
            if (const std::string* label = BandOf(def.bands, v)) set_text(*label);
          } else if (!std::isnan(v)) {
            col.numbers[row] = static_cast<float>(v);
          }
          break;
        }
        case kGender:
          set_text(std::string_view(&info.gender, 1));
          break;
        case kRegion:
          set_text(ref.texts().Text(info.region));
          break;
        case kPlan:
          set_text(ref.texts().Text(info.plan_id));
          break;
        case kHomeCell:
          col.codes[row] = derived.home_cell;
          break;
        case kWorkCell:
          col.codes[row] = derived.work_cell;
          break;
        case kStudyCell:
          col.codes[row] = derived.study_cell;
          break;
        case kHomeArea:
          if (derived.home_cell != ingest::kNoCell)
            set_text(ref.texts().Text(ref.cell(derived.home_cell).area_id));
          break;
        case kWorkAreaType:
          if (derived.work_cell != ingest::kNoCell)
            set_text(ref.texts().Text(ref.cell(derived.work_cell).area_type));
          break;
        case kFrequentAreaTypes:
          for (const AreaTypeShare& a : derived.area_types) {
            col.set_codes.push_back(col.InternCode(ref.texts().Text(a.area_type)));
            col.set_scores.push_back(a.share);
          }
          break;
        case kInterest:
          for (const InterestScore& x : derived.interests) {
            col.set_codes.push_back(static_cast<uint32_t>(x.category));
            col.set_scores.push_back(x.score);
          }
          break;
        case kHandsetBrand:
          if (derived.handset) set_text(derived.handset->brand);
          break;
        case kHandsetModel:
          if (derived.handset) set_text(derived.handset->model);
          break;
        case kHandsetPriceTier:
          if (derived.handset) set_text(derived.handset->price_tier);
          break;
        case kDeviceChangeCycleDays:
          col.numbers[row] = derived.change_cycle_days;
          break;
        case kRechargePattern:
          if (const char* p = RechargePattern(*in.state, s, as_of_day)) set_text(p);
          break;
        case kPreferredChannel:
          if (derived.preferred_channel >= 0) set_text(kChannelNames[derived.preferred_channel]);
          break;
        case kPreferredTime:
          if (derived.preferred_daypart >= 0) set_text(kDaypartNames[derived.preferred_daypart]);
          break;
      }
      if (col.type == TagType::kSet) {
        col.set_offsets[row + 1] = static_cast<uint32_t>(col.set_codes.size());
      }
    }
  }
  return table;
}

Result<uint64_t> WriteTagsCsv(const TagTable& table, const std::string& path, bool reveal) {
  const std::string tmp = path + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (f == nullptr) return Status::IoError("cannot write " + tmp + ": " + std::strerror(errno));
  constexpr size_t kFlushAt = 4 << 20;
  std::string buf;
  buf.reserve(kFlushAt + (64 << 10));
  buf += reveal ? "msisdn,tag,value\n" : "subscriber,tag,value\n";
  uint64_t written = 0;
  bool ok = true;
  char who[40];
  // Values are ids, numbers and labels; the rare one with a comma or quote is quoted.
  auto append_field = [&](std::string_view value) {
    if (value.find_first_of(",\"\n") == std::string_view::npos) {
      buf += value;
      return;
    }
    buf += '"';
    for (char ch : value) {
      if (ch == '"') buf += '"';
      buf += ch;
    }
    buf += '"';
  };
  std::string value;
  for (Row r = 0; r < table.rows() && ok; ++r) {
    int who_len = 0;
    if (reveal) {
      who_len = FormatPhoneNumber(table.msisdn(r), who);
    } else {
      const std::string hex = Pseudonymizer::ToHex(table.pseudonym(r));
      who_len = static_cast<int>(hex.copy(who, sizeof(who)));
    }
    const std::string_view who_text(who, static_cast<size_t>(who_len));
    for (const TagColumn& c : table.columns()) {
      if (!c.Has(r)) continue;
      if (c.type == TagType::kSet) {
        for (uint32_t i = c.set_offsets[r]; i < c.set_offsets[r + 1]; ++i) {
          buf.append(who_text).append(1, ',').append(c.id).append(1, ',');
          append_field(c.dictionary[c.set_codes[i]]);
          buf += '\n';
          ++written;
        }
        continue;
      }
      buf.append(who_text).append(1, ',').append(c.id).append(1, ',');
      value.clear();
      c.AppendValue(r, &value);
      append_field(value);
      buf += '\n';
      ++written;
    }
    if (buf.size() >= kFlushAt) {
      ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
      buf.clear();
    }
  }
  if (ok && !buf.empty()) ok = std::fwrite(buf.data(), 1, buf.size(), f) == buf.size();
  ok = (std::fclose(f) == 0) && ok;
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError("cannot write " + path + ": " + std::strerror(errno));
  }
  return written;
}

}  // namespace ripple::profile
