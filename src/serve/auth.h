// Bearer-token authentication: the tokens file (CSV `token,role`) and what each role may do.
//
// Roles: admin (everything), marketer (campaigns, segments, reading subscribers), analyst
// (reading subscribers and reports), channel (decisions and feedback only). A request carries
// `Authorization: Bearer TOKEN`; no header or an unknown token is 401, a known token whose role
// may not do the action is 403.
// Thread-safety: immutable after Load; Check is safe to call concurrently.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"

namespace ripple::serve {

enum class Role { kAdmin, kMarketer, kAnalyst, kChannel };
std::string_view RoleName(Role role);

// What a request wants to do.
enum class Action { kReadSubscriber, kDecide, kFeedback, kManageCampaigns, kReadReports, kExport };
bool Allowed(Role role, Action action);

class TokenTable {
 public:
  // Errors name the file and line: a missing column, an unknown role (listing the roles), an
  // empty or duplicate token, a token shorter than 16 characters.
  static Result<TokenTable> Load(const std::string& path);
  // The open table of --insecure-demo: every request is admin, with or without a token.
  static TokenTable Open();

  struct Verdict {
    int status = 200;  // 200, 401 or 403
    std::string message;
    Role role = Role::kAdmin;
    std::string who;  // "marketer:3f2a": the role and a fingerprint of the token, for audits
  };
  Verdict Check(std::string_view authorization_header, Action action) const;
  size_t size() const { return tokens_.size(); }

 private:
  std::unordered_map<std::string, Role> tokens_;
  bool open_ = false;
};

}  // namespace ripple::serve
