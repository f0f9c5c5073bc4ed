#include "serve/auth.h"

#include <cstdio>
#include <fstream>

#include "core/hash.h"

namespace ripple::serve {
namespace {

constexpr std::string_view kRoles[] = {"admin", "marketer", "analyst", "channel"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view RoleName(Role role) { return kRoles[static_cast<int>(role)]; }

bool Allowed(Role role, Action action) {
  switch (role) {
    case Role::kAdmin:
      return true;
    case Role::kMarketer:
      return action != Action::kExport;
    case Role::kAnalyst:
      return action == Action::kReadSubscriber || action == Action::kReadReports;
    case Role::kChannel:
      return action == Action::kDecide || action == Action::kFeedback;
  }
  return false;
}

Result<TokenTable> TokenTable::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read tokens file " + path);
  TokenTable table;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const std::string_view l = Trim(line);
    if (l.empty() || l.front() == '#') continue;
    const std::string where = path + ":" + std::to_string(n) + ": ";
    const size_t comma = l.find(',');
    if (comma == std::string_view::npos) {
      return Status::InvalidArgument(where + "expected token,role");
    }
    const std::string_view token = Trim(l.substr(0, comma));
    const std::string_view role = Trim(l.substr(comma + 1));
    if (n == 1 && token == "token" && role == "role") continue;  // the header
    if (token.size() < 16) {
      return Status::InvalidArgument(where + "token too short (at least 16 characters)");
    }
    int r = -1;
    for (int i = 0; i < 4; ++i) {
      if (role == kRoles[i]) r = i;
    }
    if (r < 0) {
      return Status::InvalidArgument(where + "unknown role '" + std::string(role) +
                                     "' (admin, marketer, analyst or channel)");
    }
    if (!table.tokens_.emplace(std::string(token), static_cast<Role>(r)).second) {
      return Status::InvalidArgument(where + "duplicate token");
    }
  }
  if (table.tokens_.empty()) return Status::InvalidArgument(path + ": no tokens");
  return table;
}

TokenTable TokenTable::Open() {
  TokenTable t;
  t.open_ = true;
  return t;
}

TokenTable::Verdict TokenTable::Check(std::string_view header, Action action) const {
  if (open_) return {200, "", Role::kAdmin, "admin:insecure-demo"};
  constexpr std::string_view kBearer = "Bearer ";
  if (!header.starts_with(kBearer)) {
    return {401, "missing bearer token (Authorization: Bearer TOKEN)", Role::kChannel, ""};
  }
  const auto it = tokens_.find(std::string(Trim(header.substr(kBearer.size()))));
  if (it == tokens_.end()) return {401, "unknown token", Role::kChannel, ""};
  if (!Allowed(it->second, action)) {
    return {403, "role '" + std::string(RoleName(it->second)) + "' may not do this", it->second,
            ""};
  }
  // Who, for the audit trail: the role and a fingerprint of the token (never the token itself).
  char who[48];
  std::snprintf(who, sizeof who, "%s:%04llx", std::string(RoleName(it->second)).c_str(),
                static_cast<unsigned long long>(HashString(it->first) & 0xffff));
  return {200, "", it->second, who};
}

}  // namespace ripple::serve
