#include "decide/contact_ledger.h"

#include <algorithm>
#include <cstring>

#include "core/hash.h"

namespace ripple::decide {

int ContactEntry::LastSevenDays(int64_t day) const {
  int total = 0;
  for (int i = 0; i < 7; ++i) {
    const int64_t d = static_cast<uint16_t>(day);
    // The ring holds days of the last week only when written in that week; a day number that
    // wrapped (16 bits: every 179 years) is not a concern.
    const int64_t age = d - week_day[i];
    if (week_count[i] && age >= 0 && age < 7) total += week_count[i];
  }
  return total;
}

bool ContactEntry::Resting(uint32_t campaign, uint32_t minute) const {
  for (const Rest& r : rests) {
    if (r.campaign == campaign && r.until_minute > minute) return true;
  }
  return false;
}

void ContactEntry::RecordContact(int channel, int64_t day) {
  const uint16_t d = static_cast<uint16_t>(day);
  if (today != d) {
    today = d;
    per_channel.fill(0);
  }
  if (per_channel[channel] < 255) ++per_channel[channel];
  const int i = static_cast<int>(day % 7);
  if (week_day[i] != d) {
    week_day[i] = d;
    week_count[i] = 0;
  }
  if (week_count[i] < 255) ++week_count[i];
  ++rotation;
}

void ContactEntry::RecordDismiss(uint32_t campaign, uint32_t until_minute) {
  // Same campaign again: extend; else the free place or the one that ends first.
  Rest* slot = &rests[0];
  for (Rest& r : rests) {
    if (r.campaign == campaign) {
      slot = &r;
      break;
    }
    if (r.until_minute < slot->until_minute) slot = &r;
  }
  const uint32_t kept = slot->campaign == campaign ? slot->until_minute : 0;
  slot->campaign = campaign;
  slot->until_minute = std::max(kept, until_minute);
}

uint32_t CampaignKey(std::string_view campaign_id) {
  const uint32_t k = static_cast<uint32_t>(HashString(campaign_id));
  return k == 0 ? 1 : k;
}

ContactLedger::ContactLedger(size_t subscribers)
    : entries_(subscribers), stripes_(new std::mutex[kStripes]) {}

int ContactLedger::ChannelIndex(std::string_view channel) {
  std::lock_guard lock(channels_mutex_);
  for (size_t i = 0; i < channels_.size(); ++i) {
    if (channels_[i] == channel) return static_cast<int>(i);
  }
  if (channels_.size() >= kMaxChannels) return -1;
  channels_.emplace_back(channel);
  return static_cast<int>(channels_.size() - 1);
}

// The entry is plain bytes with no pointers or padding (static_assert above): stored as is, in
// the machine's byte order (a store is not moved between architectures).
std::string ContactLedger::Encode(const ContactEntry& e) {
  return std::string(reinterpret_cast<const char*>(&e), sizeof e);
}

bool ContactLedger::Decode(std::string_view bytes, ContactEntry* e) {
  if (bytes.size() != sizeof(ContactEntry)) return false;
  std::memcpy(static_cast<void*>(e), bytes.data(), sizeof *e);
  return true;
}

}  // namespace ripple::decide
