#include "sim/tables.h"

#include "sim/file_writer.h"
#include "sim/text_format.h"

namespace ripple::sim {
namespace {

// Streams rows through a FileWriter; each row is formatted by `row(char* out) -> char* end`.
class TableFile {
 public:
  Status Open(const std::string& path, std::string_view header) {
    RETURN_IF_ERROR(file_.Open(path));
    file_.buffer().Append(header);
    file_.buffer().Append("\n");
    return Status::Ok();
  }
  template <typename RowFn>
  Status Row(RowFn&& row) {
    CharBuffer& b = file_.buffer();
    char* end = row(b.Reserve(1024));
    *end++ = '\n';
    b.Commit(end);
    return file_.MaybeFlush();
  }
  Status Close() { return file_.Close(); }

 private:
  FileWriter file_;
};

char* Id(char* p, char prefix, uint64_t n) {
  *p++ = prefix;
  return AppendUint(p, n);
}

}  // namespace

Status WriteReferenceTables(const World& world, const std::string& dir) {
  TableFile subs;
  RETURN_IF_ERROR(subs.Open(dir + "/subscribers.csv",
                            "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date"));
  for (PersonId s = 0; s < world.subscribers; ++s) {
    const Person& p = world.persons[s];
    RETURN_IF_ERROR(subs.Row([&](char* o) {
      o = AppendText(o, world.Number(s));
      *o++ = ',';
      *o++ = p.gender;
      *o++ = ',';
      o = AppendUint(o, p.birth_year);
      *o++ = ',';
      o = AppendText(o, Regions()[p.region].name);
      *o++ = ',';
      o = AppendText(o, Plans()[p.plan].id);
      *o++ = ',';
      o = AppendCents(o, Plans()[p.plan].fee_cents);
      *o++ = ',';
      return AppendDate(o, p.join_day);
    }));
  }
  RETURN_IF_ERROR(subs.Close());

  TableFile cells;
  RETURN_IF_ERROR(cells.Open(dir + "/cells.csv", "cell_id,lat,lon,area_id,area_type"));
  for (const Cell& c : world.cells) {
    RETURN_IF_ERROR(cells.Row([&](char* o) {
      o = AppendText(o, c.text());
      *o++ = ',';
      o = AppendFixed(o, c.lat, 6);
      *o++ = ',';
      o = AppendFixed(o, c.lon, 6);
      *o++ = ',';
      if (world.IsRoaming(c.area)) {
        o = AppendText(o, "ROAM-");
        o = AppendText(o, RoamingDestinations()[c.area - world.first_roaming_area].code);
      } else {
        o = Id(o, 'A', c.area);
      }
      *o++ = ',';
      return AppendText(o, AreaTypeName(world.areas[c.area].type));
    }));
  }
  RETURN_IF_ERROR(cells.Close());

  TableFile hosts;
  RETURN_IF_ERROR(hosts.Open(dir + "/hosts.csv", "pattern,match,category"));
  for (const HostRule& rule : HostRules()) {
    if (rule.category == kUnlisted) continue;
    RETURN_IF_ERROR(hosts.Row([&](char* o) {
      o = AppendText(o, rule.pattern);
      *o++ = ',';
      o = AppendText(o, HostMatchName(rule.match));
      *o++ = ',';
      return AppendText(o, CategoryName(rule.category));
    }));
  }
  RETURN_IF_ERROR(hosts.Close());

  TableFile tac;
  RETURN_IF_ERROR(tac.Open(dir + "/tac.csv", "tac,brand,model,release_year,price_tier"));
  for (const HandsetModel& m : world.handsets.models()) {
    RETURN_IF_ERROR(tac.Row([&](char* o) {
      o = AppendUint(o, m.tac);
      *o++ = ',';
      o = AppendText(o, m.brand);
      *o++ = ',';
      o = AppendText(o, m.model);
      *o++ = ',';
      o = AppendUint(o, static_cast<uint64_t>(m.release_year));
      *o++ = ',';
      return AppendText(o, PriceTierName(m.tier));
    }));
  }
  RETURN_IF_ERROR(tac.Close());

  TableFile products;
  RETURN_IF_ERROR(products.Open(dir + "/products.csv", "product_id,name,category,price"));
  for (const ProductInfo& p : Products()) {
    RETURN_IF_ERROR(products.Row([&](char* o) {
      o = AppendText(o, p.id);
      *o++ = ',';
      o = AppendText(o, p.name);
      *o++ = ',';
      o = AppendText(o, p.category);
      *o++ = ',';
      return AppendCents(o, p.price_cents);
    }));
  }
  return products.Close();
}

Status WriteTruthTables(const World& world, const std::string& dir) {
  const std::string truth = dir + "/truth";
  // msisdn,<prefix><group id>[,extra] for every member of every group.
  auto write_groups = [&](const std::string& name, std::string_view header, const Groups& groups,
                          char prefix, const std::vector<uint8_t>* interest) -> Status {
    TableFile t;
    RETURN_IF_ERROR(t.Open(truth + "/" + name, header));
    for (uint32_t g = 0; g < groups.size(); ++g) {
      for (const uint32_t* m = groups.begin(g); m != groups.end(g); ++m) {
        RETURN_IF_ERROR(t.Row([&](char* o) {
          o = AppendText(o, world.Number(*m));
          *o++ = ',';
          o = Id(o, prefix, g);
          if (interest != nullptr) {
            *o++ = ',';
            o = AppendText(o, CategoryName((*interest)[g]));
          }
          return o;
        }));
      }
    }
    return t.Close();
  };
  RETURN_IF_ERROR(
      write_groups("households.csv", "msisdn,household_id", world.households, 'H', nullptr));
  RETURN_IF_ERROR(
      write_groups("workplaces.csv", "msisdn,workplace_id", world.workplaces, 'W', nullptr));
  RETURN_IF_ERROR(write_groups("circles.csv", "msisdn,circle_id,interest", world.circles, 'C',
                               &world.circle_interest));

  TableFile ties;
  RETURN_IF_ERROR(ties.Open(truth + "/ties.csv", "a,b,scenario"));
  for (const Tie& t : world.ties) {
    RETURN_IF_ERROR(ties.Row([&](char* o) {
      o = AppendText(o, world.Number(t.a));
      *o++ = ',';
      o = AppendText(o, world.Number(t.b));
      *o++ = ',';
      return AppendText(o, TieKindName(t.kind));
    }));
  }
  RETURN_IF_ERROR(ties.Close());

  TableFile interests;
  RETURN_IF_ERROR(interests.Open(truth + "/interests.csv", "msisdn,interest"));
  for (PersonId p = 0; p < world.people; ++p) {
    const Person& person = world.persons[p];
    for (int k = 0; k < person.interest_count; ++k) {
      RETURN_IF_ERROR(interests.Row([&](char* o) {
        o = AppendText(o, world.Number(p));
        *o++ = ',';
        return AppendText(o, CategoryName(person.interests[k]));
      }));
    }
  }
  RETURN_IF_ERROR(interests.Close());

  TableFile home_work;
  RETURN_IF_ERROR(home_work.Open(truth + "/home_work.csv", "msisdn,home_cell,work_cell"));
  for (PersonId s = 0; s < world.subscribers; ++s) {
    const Person& p = world.persons[s];
    RETURN_IF_ERROR(home_work.Row([&](char* o) {
      o = AppendText(o, world.Number(s));
      *o++ = ',';
      o = AppendText(o, world.CellText(world.PrimaryCell(p.home_area)));
      *o++ = ',';
      if (p.workplace != kNone) o = AppendText(o, world.CellText(world.PrimaryCell(p.day_area)));
      return o;
    }));
  }
  return home_work.Close();
}

Status WriteInjectedTruth(const std::vector<InjectedLine>& injected, const std::string& dir) {
  TableFile t;
  RETURN_IF_ERROR(t.Open(dir + "/truth/injected.csv", "file,line,kind"));
  for (const InjectedLine& line : injected) {
    RETURN_IF_ERROR(t.Row([&](char* o) {
      o = AppendText(o, line.file);
      *o++ = ',';
      o = AppendUint(o, line.line);
      *o++ = ',';
      return AppendText(o, line.kind);
    }));
  }
  return t.Close();
}

Status WriteMomentTruth(const World& world, const std::vector<MomentRow>& rows,
                        const std::string& dir) {
  TableFile t;
  RETURN_IF_ERROR(t.Open(dir + "/truth/moments.csv", "msisdn,moment,start_ts,end_ts"));
  for (const MomentRow& row : rows) {
    RETURN_IF_ERROR(t.Row([&](char* o) {
      o = AppendText(o, world.Number(row.person));
      *o++ = ',';
      o = AppendText(o, MomentName(row.moment));
      *o++ = ',';
      o = AppendInt(o, row.start_ms);
      *o++ = ',';
      return AppendInt(o, row.end_ms);
    }));
  }
  return t.Close();
}

}  // namespace ripple::sim
