#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "decide/model_config.h"

namespace ripple::decide {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Calls `row(line_no, first, second)` for every data line of a CSV of one or two columns.
template <typename F>
Status ReadList(const std::string& path, const PhoneNumberRules& phone, F row) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read contact list " + path);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view l = Trim(line);
    if (l.empty() || l.front() == '#') continue;
    const size_t comma = l.find(',');
    const std::string_view first = Trim(l.substr(0, comma));
    const std::string_view second =
        comma == std::string_view::npos ? "" : Trim(l.substr(comma + 1));
    const PhoneKey key = ParsePhoneNumber(first, phone);
    if (key == kNoPhone) {
      if (n == 1) continue;  // a header row
      return Status::InvalidArgument(path + ":" + std::to_string(n) + ": not a phone number: '" +
                                     std::string(first) + "'");
    }
    row(key, second);
  }
  return Status::Ok();
}

std::string Resolve(const std::string& file, const std::string& base_dir) {
  if (file.empty() || std::filesystem::path(file).is_absolute() || base_dir.empty()) return file;
  return (std::filesystem::path(base_dir) / file).string();
}

}  // namespace

Result<ContactLists> ContactLists::Load(const std::string& opt_out, const std::string& dnd,
                                        const std::string& base_dir,
                                        const PhoneNumberRules& phone) {
  ContactLists lists;
  if (!opt_out.empty()) {
    RETURN_IF_ERROR(
        ReadList(Resolve(opt_out, base_dir), phone,
                 [&](PhoneKey k, std::string_view channel) { lists.AddOptOut(k, channel); }));
  }
  if (!dnd.empty()) {
    RETURN_IF_ERROR(ReadList(Resolve(dnd, base_dir), phone,
                             [&](PhoneKey k, std::string_view) { lists.dnd_[k] = true; }));
  }
  return lists;
}

bool ContactLists::OptedOut(PhoneKey phone, std::string_view channel) const {
  std::shared_lock lock(mutex_);
  auto it = opt_out_.find(phone);
  if (it == opt_out_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const std::string& c) { return c == "*" || c == channel; });
}

bool ContactLists::DoNotDisturb(PhoneKey phone) const {
  std::shared_lock lock(mutex_);
  return dnd_.count(phone) > 0;
}

void ContactLists::AddOptOut(PhoneKey phone, std::string_view channel) {
  std::unique_lock lock(mutex_);
  std::vector<std::string>& v = opt_out_[phone];
  const std::string c = channel.empty() ? "*" : std::string(channel);
  if (std::find(v.begin(), v.end(), c) == v.end()) v.push_back(c);
}

size_t ContactLists::opt_out_size() const {
  std::shared_lock lock(mutex_);
  return opt_out_.size();
}
size_t ContactLists::dnd_size() const {
  std::shared_lock lock(mutex_);
  return dnd_.size();
}

}  // namespace ripple::decide
