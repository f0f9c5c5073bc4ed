// `ripple relations show --out OUT MSISDN`: one person's relationships from OUT/relations/ —
// their circles (with role, size, scene, leader), households, close ties with scene and
// strength, and influence — as JSON. Works for off-net numbers too (they are parties of the
// graph). Reads the CSVs the batch wrote, keyed by pseudonym or, after --reveal, by number.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/common.h"
#include "cli/state_setup.h"
#include "cli/subscriber_views.h"
#include "core/identity.h"

namespace ripple::cli {
namespace {

struct ShowFlags {
  std::string out_dir;
  std::string config_path;
  std::string msisdn;
  size_t ties = 20;
};

std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    out.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

// Calls fn(fields) for each row of OUT/relations/NAME; the header's first field is returned.
template <typename Fn>
Result<std::string> ForEachRow(const std::string& dir, const std::string& name, Fn&& fn) {
  std::ifstream in(dir + "/" + name);
  if (!in) {
    return Status::NotFound("cannot read " + dir + "/" + name +
                            " (run `ripple batch` first; the relations step writes it)");
  }
  std::string line;
  std::getline(in, line);
  const std::string first = Split(line)[0];
  while (std::getline(in, line)) {
    if (!line.empty()) fn(Split(line));
  }
  return first;
}

int RunRelationsShow(const ShowFlags& f) {
  auto config = LoadConfig(f.config_path);
  if (!config.ok()) return Fail(config.status());
  const PhoneKey phone = ParsePhoneNumber(f.msisdn, ReferenceOptionsFrom(*config).phone);
  if (phone == kNoPhone) {
    return Fail(Status::InvalidArgument("'" + f.msisdn + "' is not a phone number"));
  }
  auto out = RelationsJson(f.out_dir, *config, phone, f.ties);
  if (!out.ok()) return Fail(out.status());
  std::printf("%s\n", out->dump(2).c_str());
  return 0;
}

}  // namespace

Result<nlohmann::ordered_json> RelationsJson(const std::string& out_dir, const RippleConfig& config,
                                             PhoneKey phone, size_t max_ties) {
  const std::string dir = out_dir + "/relations";
  // The key the files use for this person: read the header of circles.csv to know which.
  bool demo = false;
  const std::string pseudonym =
      Pseudonymizer(ResolveSecret(config.secret, &demo)).PseudonymHex(phone);
  const std::string number = FormatPhoneNumber(phone);
  std::string me;
  std::map<std::string, nlohmann::ordered_json> circle_info;
  auto summary = ForEachRow(dir, "circle_summary.csv", [&](const std::vector<std::string>& r) {
    if (r.size() < 8) return;
    circle_info[r[0]] = {{"kind", r[1]},
                         {"scenario", r[2]},
                         {"size", std::stoul(r[3])},
                         {"density", std::stod(r[4])},
                         {"interest", r[5]},
                         {"offnet_members", std::stoul(r[6])},
                         {"leader", r[7]}};
  });
  if (!summary.ok()) return summary.status();
  auto circles_header = ForEachRow(dir, "circles.csv", [](const std::vector<std::string>&) {});
  if (!circles_header.ok()) return circles_header.status();
  me = *circles_header == "msisdn" ? number : pseudonym;

  nlohmann::ordered_json out;
  out["msisdn"] = number;
  out["subscriber"] = pseudonym;
  auto circles = nlohmann::ordered_json::array();
  auto circles_read = ForEachRow(dir, "circles.csv", [&](const std::vector<std::string>& r) {
    if (r.size() < 4 || r[0] != me) return;
    nlohmann::ordered_json c = {{"circle", r[1]}, {"role", r[3]}};
    auto it = circle_info.find(r[1]);
    if (it != circle_info.end()) c.update(it->second);
    circles.push_back(c);
  });
  if (!circles_read.ok()) return circles_read.status();
  struct TieRow {
    std::string with, level, scenario;
    double strength;
  };
  std::vector<TieRow> ties;
  auto ties_read = ForEachRow(dir, "ties.csv", [&](const std::vector<std::string>& r) {
    if (r.size() < 5 || (r[0] != me && r[1] != me)) return;
    ties.push_back({r[0] == me ? r[1] : r[0], r[3], r[4], std::stod(r[2])});
  });
  if (!ties_read.ok()) return ties_read.status();
  nlohmann::ordered_json influence = nullptr, role = nullptr;
  auto keys_read = ForEachRow(dir, "key_persons.csv", [&](const std::vector<std::string>& r) {
    if (r.size() >= 3 && r[0] == me) {
      influence = std::stod(r[1]);
      role = r[2];
    }
  });
  if (!keys_read.ok()) return keys_read.status();
  if (ties.empty() && circles.empty()) {
    return Status::NotFound(number + " has no relationships in " + dir +
                            " (no call or SMS strong enough to be a tie)");
  }
  std::sort(ties.begin(), ties.end(),
            [](const TieRow& a, const TieRow& b) { return a.strength > b.strength; });
  out["influence"] = influence;
  out["role"] = role;
  out["circles"] = circles;
  size_t close = 0;
  for (const TieRow& t : ties) close += t.level == "close" || t.level == "intimate" ? 1 : 0;
  out["ties"] = ties.size();
  out["close_ties"] = close;
  auto list = nlohmann::ordered_json::array();
  for (size_t i = 0; i < ties.size() && i < max_ties; ++i) {
    list.push_back({{"with", ties[i].with},
                    {"strength", ties[i].strength},
                    {"level", ties[i].level},
                    {"scenario", ties[i].scenario}});
  }
  out["strongest_ties"] = list;
  return out;
}

void AddRelationsCommands(CLI::App& root, int* exit_code) {
  CLI::App* rel = root.add_subcommand("relations", "Questions to OUT/relations/");
  rel->require_subcommand(1);
  auto flags = std::make_shared<ShowFlags>();
  CLI::App* show = rel->add_subcommand(
      "show", "Print a person's circles, close ties (scene, strength) and influence as JSON");
  show->add_option("--out", flags->out_dir, "Output folder of `ripple batch`")->required();
  show->add_option("--config", flags->config_path, "Settings file (numbering rules, secret)")
      ->check(CLI::ExistingFile);
  show->add_option("--ties", flags->ties, "How many of the strongest ties to list (default 20)");
  show->add_option("msisdn", flags->msisdn, "The number (subscriber or off-net)")->required();
  show->callback([flags, exit_code] { *exit_code = RunRelationsShow(*flags); });
}

}  // namespace ripple::cli
