#include "cli/relations_output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <numeric>

namespace ripple::cli {
namespace {

// A CSV file written through a buffer to DIR/name.tmp, renamed to DIR/name on Close.
class CsvFile {
 public:
  CsvFile(const std::string& dir, const std::string& name)
      : path_(dir + "/" + name), tmp_(path_ + ".tmp"), file_(std::fopen(tmp_.c_str(), "w")) {}
  ~CsvFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  std::string& buffer() { return buffer_; }
  void MaybeFlush() {
    if (buffer_.size() >= (1 << 20)) Flush();
  }
  Status Close() {
    if (file_ == nullptr) return Status::IoError("cannot write " + tmp_);
    Flush();
    const bool ok = ok_ && std::fclose(file_) == 0;
    file_ = nullptr;
    if (!ok) return Status::IoError("cannot write " + tmp_ + " (disk full?)");
    std::error_code ec;
    std::filesystem::rename(tmp_, path_, ec);
    if (ec) return Status::IoError("cannot rename " + tmp_ + ": " + ec.message());
    return Status::Ok();
  }

 private:
  void Flush() {
    if (file_ != nullptr && !buffer_.empty()) {
      ok_ = ok_ && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) == buffer_.size();
    }
    buffer_.clear();
  }
  std::string path_, tmp_;
  FILE* file_;
  std::string buffer_;
  bool ok_ = true;
};

std::string_view Header(bool reveal) { return reveal ? "msisdn" : "subscriber"; }

}  // namespace

std::string RelationsNames::Of(graph::PartyId p) const {
  const PhoneKey phone = contacts->phone(p);
  if (reveal) return FormatPhoneNumber(phone);
  if (contacts->IsOnNet(p)) return Pseudonymizer::ToHex((*pseudonyms)[p]);
  return pseudonymizer->PseudonymHex(phone);
}

std::string_view RelationsNames::Interest(int category) const {
  if (category < 0 || interests == nullptr || static_cast<size_t>(category) >= interests->size()) {
    return "";
  }
  return (*interests)[static_cast<size_t>(category)];
}

std::string CircleLabel(const graph::Circle& circle) {
  static constexpr char kLetter[] = {'C', 'H', 'W', 'I'};
  return fmt::format("{}{}", kLetter[static_cast<int>(circle.kind)], circle.id);
}

Status WriteRelations(const graph::Relations& r, const RelationsNames& names,
                      const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Status::IoError("cannot create " + dir + ": " + ec.message());
  // Names are computed once per party (an HMAC each for off-net numbers).
  std::vector<std::string> name(r.parties);
  std::vector<bool> named(r.parties, false);
  auto of = [&](graph::PartyId p) -> const std::string& {
    if (!named[p]) {
      name[p] = names.Of(p);
      named[p] = true;
    }
    return name[p];
  };
  {
    CsvFile f(dir, "ties.csv");
    f.buffer() += "a,b,strength,level,scenario,recency_days\n";
    for (const graph::Tie& t : r.ties) {
      fmt::format_to(std::back_inserter(f.buffer()), "{},{},{:.3f},{},{},{:.1f}\n", of(t.a),
                     of(t.b), t.strength, graph::TieLevelName(t.level),
                     graph::SceneName(t.scene), t.recency_days);
      f.MaybeFlush();
    }
    RETURN_IF_ERROR(f.Close());
  }
  {
    CsvFile f(dir, "circles.csv");
    fmt::format_to(std::back_inserter(f.buffer()), "{},circle_id,scenario,role\n",
                   Header(names.reveal));
    for (const graph::Circle& c : r.circles) {
      const std::string label = CircleLabel(c);
      for (size_t k = 0; k < c.members.size(); ++k) {
        fmt::format_to(std::back_inserter(f.buffer()), "{},{},{},{}\n", of(c.members[k]), label,
                       graph::SceneName(c.scene), graph::RoleName(c.roles[k]));
      }
      f.MaybeFlush();
    }
    RETURN_IF_ERROR(f.Close());
  }
  {
    CsvFile f(dir, "circle_summary.csv");
    f.buffer() += "circle_id,kind,scenario,size,density,interest,offnet_members,leader\n";
    for (const graph::Circle& c : r.circles) {
      fmt::format_to(std::back_inserter(f.buffer()), "{},{},{},{},{:.3f},{},{},{}\n",
                     CircleLabel(c), graph::CircleKindName(c.kind), graph::SceneName(c.scene),
                     c.members.size(), c.density, names.Interest(c.interest), c.offnet_members,
                     of(c.leader));
      f.MaybeFlush();
    }
    RETURN_IF_ERROR(f.Close());
  }
  {
    CsvFile f(dir, "households.csv");
    fmt::format_to(std::back_inserter(f.buffer()), "{},household_id\n", Header(names.reveal));
    for (const graph::Circle& c : r.circles) {
      if (c.kind != graph::CircleKind::kHousehold) continue;
      for (graph::PartyId p : c.members) {
        fmt::format_to(std::back_inserter(f.buffer()), "{},{}\n", of(p), CircleLabel(c));
      }
      f.MaybeFlush();
    }
    RETURN_IF_ERROR(f.Close());
  }
  {
    // Parties with at least one tie, most influential first.
    std::vector<graph::PartyId> ranked;
    std::vector<bool> tied(r.parties, false);
    for (const graph::Tie& t : r.ties) tied[t.a] = tied[t.b] = true;
    for (graph::PartyId p = 0; p < r.parties; ++p) {
      if (tied[p]) ranked.push_back(p);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](graph::PartyId a, graph::PartyId b) {
      return r.influence[a] > r.influence[b];
    });
    CsvFile f(dir, "key_persons.csv");
    fmt::format_to(std::back_inserter(f.buffer()), "{},influence,role\n", Header(names.reveal));
    for (graph::PartyId p : ranked) {
      fmt::format_to(std::back_inserter(f.buffer()), "{},{:.4f},{}\n", of(p), r.influence[p],
                     graph::RoleName(r.role[p]));
      f.MaybeFlush();
    }
    RETURN_IF_ERROR(f.Close());
  }
  return Status::Ok();
}

}  // namespace ripple::cli
