#include "ingest/reference.h"

#include <filesystem>
#include <functional>

#include "core/time.h"
#include "ingest/csv_row.h"
#include "ingest/dead_letters.h"
#include "ingest/field_parse.h"
#include "ingest/line_reader.h"

namespace ripple::ingest {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kAreaTypes[] = {"residential", "office", "airport",  "railway", "campus",
                                           "mall",        "scenic", "hospital", "stadium", "other"};
constexpr std::string_view kPriceTiers[] = {"low", "mid", "high", "flagship"};

template <size_t N>
bool OneOf(std::string_view v, const std::string_view (&set)[N]) {
  for (auto s : set) {
    if (s == v) return true;
  }
  return false;
}

// Reads one reference table, calling `row` for each data line; rejects are dead-lettered.
Status ReadTable(const std::string& path, const Schema& schema, DeadLetters* dead_letters,
                 InputCounts& counts, const std::function<Reason(const FieldViews&)>& row) {
  ASSIGN_OR_RETURN(auto reader, LineReader::Open(path));
  std::string_view line;
  if (!reader->Next(&line)) {
    RETURN_IF_ERROR(reader->status());
    return Status::InvalidArgument(path + ": empty file (expected a header row)");
  }
  ASSIGN_OR_RETURN(ColumnBinding binding, BindCsvHeader(line, schema, path));
  CsvRowParser parser(schema, binding);
  FieldViews fields;
  std::string source = fs::path(path).filename().string();
  while (reader->Next(&line)) {
    if (line.empty()) continue;
    Reason r = parser.Parse(line, &fields);
    if (r == Reason::kAccepted) {
      for (size_t f = 0; f < schema.fields.size(); ++f) {
        if (schema.fields[f].required && fields[static_cast<int>(f)].empty()) {
          r = Reason::kMissingField;
          break;
        }
      }
    }
    if (r == Reason::kAccepted) r = row(fields);
    counts.Count(r);
    if (r != Reason::kAccepted && dead_letters != nullptr) {
      dead_letters->Write(schema.stem, source, reader->line_number(), r, line);
    }
  }
  return reader->status();
}

}  // namespace

std::string FindInputFile(const std::string& dir, std::string_view stem, bool allow_jsonl) {
  std::string base = dir + "/" + std::string(stem);
  for (const char* ext : {".csv", ".csv.gz", ".jsonl"}) {
    if (!allow_jsonl && std::string_view(ext) == ".jsonl") continue;
    if (fs::exists(base + ext)) return base + ext;
  }
  return "";
}

class ReferenceLoader {
 public:
  static Status Run(ReferenceData& ref, const std::string& dir,
                    const ReferenceData::LoadOptions& opts, DeadLetters* dl,
                    InputCounts counts[kTableCount]) {
    auto path_of = [&](Table t, bool required) -> Result<std::string> {
      std::string p = FindInputFile(dir, TableSchema(t).stem, false);
      if (p.empty() && required) {
        return Status::NotFound("reference table " + std::string(TableSchema(t).stem) +
                                ".csv not found in " + dir);
      }
      return p;
    };
    auto idx = [](Table t) { return static_cast<int>(t); };

    ASSIGN_OR_RETURN(std::string subs_path, path_of(Table::kSubscribers, true));
    RETURN_IF_ERROR(ReadTable(subs_path, TableSchema(Table::kSubscribers), dl,
                              counts[idx(Table::kSubscribers)],
                              [&](const FieldViews& f) { return Subscriber(ref, opts, f); }));
    ASSIGN_OR_RETURN(std::string cells_path, path_of(Table::kCells, true));
    RETURN_IF_ERROR(ReadTable(cells_path, TableSchema(Table::kCells), dl,
                              counts[idx(Table::kCells)],
                              [&](const FieldViews& f) { return Cell(ref, f); }));
    ASSIGN_OR_RETURN(std::string hosts_path, path_of(Table::kHosts, false));
    if (!hosts_path.empty()) {
      RETURN_IF_ERROR(ReadTable(hosts_path, TableSchema(Table::kHosts), dl,
                                counts[idx(Table::kHosts)],
                                [&](const FieldViews& f) { return Host(ref, f); }));
    }
    ASSIGN_OR_RETURN(std::string tac_path, path_of(Table::kTac, false));
    if (!tac_path.empty()) {
      RETURN_IF_ERROR(ReadTable(tac_path, TableSchema(Table::kTac), dl, counts[idx(Table::kTac)],
                                [&](const FieldViews& f) { return Handset(ref, f); }));
    }
    ASSIGN_OR_RETURN(std::string products_path, path_of(Table::kProducts, false));
    if (!products_path.empty()) {
      RETURN_IF_ERROR(ReadTable(products_path, TableSchema(Table::kProducts), dl,
                                counts[idx(Table::kProducts)],
                                [&](const FieldViews& f) { return Product(ref, f); }));
    }
    return Status::Ok();
  }

 private:
  static Reason Subscriber(ReferenceData& ref, const ReferenceData::LoadOptions& opts,
                           const FieldViews& f) {
    PhoneKey msisdn = ParsePhoneNumber(f[0], opts.phone);
    if (msisdn == kNoPhone) return Reason::kBadNumber;
    uint64_t birth_year;
    if (!ParseUnsigned(f[2], &birth_year) || birth_year < 1900 || birth_year > 2100)
      return Reason::kBadInteger;
    int64_t fee;
    if (!ParseCents(f[5], &fee) || fee < 0) return Reason::kBadAmount;
    if (f[1].size() != 1 || (f[1][0] != 'M' && f[1][0] != 'F' && f[1][0] != 'U'))
      return Reason::kBadValue;
    auto join = ParseLocalDate(f[6], opts.utc_offset_minutes);
    if (!join) return Reason::kBadTimestamp;
    if (ref.subscriber_index_.Find(msisdn) != FlatMap64::kMissing) return Reason::kDuplicate;
    auto id = static_cast<SubscriberId>(ref.subscribers_.size());
    ref.subscriber_index_.Put(msisdn, id);
    ref.subscribers_.push_back({msisdn, f[1][0], static_cast<int16_t>(birth_year),
                                ref.texts_.Intern(f[3]), ref.texts_.Intern(f[4]), fee,
                                static_cast<int32_t>(LocalDay(*join, opts.utc_offset_minutes))});
    return Reason::kAccepted;
  }

  static Reason Cell(ReferenceData& ref, const FieldViews& f) {
    if (!IsToken(f[0], 64) || !IsToken(f[3], 64)) return Reason::kBadValue;
    double lat, lon;
    if (!ParseDecimal(f[1], &lat) || !ParseDecimal(f[2], &lon) || lat < -90 || lat > 90 ||
        lon < -180 || lon > 180) {
      return Reason::kBadValue;
    }
    if (!OneOf(f[4], kAreaTypes)) return Reason::kBadValue;
    if (ref.cell_ids_.Find(f[0]) != kNoString) return Reason::kDuplicate;
    ref.cell_ids_.Intern(f[0]);
    ref.cells_.push_back({lat, lon, ref.texts_.Intern(f[3]), ref.texts_.Intern(f[4])});
    return Reason::kAccepted;
  }

  static Reason Host(ReferenceData& ref, const FieldViews& f) {
    if (f[1] != "suffix" && f[1] != "exact" && f[1] != "regex") return Reason::kBadValue;
    if (!IsToken(f[2], 64)) return Reason::kBadValue;
    ref.host_rules_.push_back({std::string(f[0]), std::string(f[1]), std::string(f[2])});
    return Reason::kAccepted;
  }

  static Reason Handset(ReferenceData& ref, const FieldViews& f) {
    uint64_t tac, year;
    if (f[0].size() != 8 || !ParseUnsigned(f[0], &tac)) return Reason::kBadValue;
    if (!ParseUnsigned(f[3], &year) || year < 1990 || year > 2100) return Reason::kBadInteger;
    if (!OneOf(f[4], kPriceTiers)) return Reason::kBadValue;
    if (ref.handset_index_.Find(tac + 1) != FlatMap64::kMissing) return Reason::kDuplicate;
    ref.handset_index_.Put(tac + 1, static_cast<uint32_t>(ref.handsets_.size()));
    ref.handsets_.push_back({static_cast<uint32_t>(tac), std::string(f[1]), std::string(f[2]),
                             static_cast<int>(year), std::string(f[4])});
    return Reason::kAccepted;
  }

  static Reason Product(ReferenceData& ref, const FieldViews& f) {
    if (!IsToken(f[0], 64)) return Reason::kBadValue;
    int64_t price;
    if (!ParseCents(f[3], &price) || price < 0) return Reason::kBadAmount;
    if (ref.product_ids_.Find(f[0]) != kNoString) return Reason::kDuplicate;
    ref.product_ids_.Intern(f[0]);
    ref.products_.push_back({std::string(f[1]), std::string(f[2]), price});
    return Reason::kAccepted;
  }
};

Result<std::unique_ptr<ReferenceData>> ReferenceData::Load(const std::string& dir,
                                                           const LoadOptions& opts,
                                                           DeadLetters* dead_letters,
                                                           InputCounts counts[kTableCount]) {
  if (!fs::is_directory(dir)) return Status::NotFound("data folder " + dir + " does not exist");
  auto ref = std::make_unique<ReferenceData>();
  RETURN_IF_ERROR(ReferenceLoader::Run(*ref, dir, opts, dead_letters, counts));
  return ref;
}

const HandsetModel* ReferenceData::FindHandset(uint32_t tac) const {
  uint32_t i = handset_index_.Find(uint64_t{tac} + 1);
  return i == FlatMap64::kMissing ? nullptr : &handsets_[i];
}

}  // namespace ripple::ingest
