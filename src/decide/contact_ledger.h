// ContactLedger: what each subscriber has been shown, as counters the contact policy checks —
// contacts per channel today, contacts per day over the last seven days, the campaigns they
// dismissed and until when they rest, and a round-robin counter for rotation among equals.
//
// One fixed 64-byte entry per subscriber in a flat array (64 MB per million subscribers); no
// history list grows with contacts. A decision checks and records under the subscriber's stripe
// lock (Lock), so two simultaneous decisions for one person see each other: caps hold under any
// concurrency. Entries are encoded for the store by subscriber.
//
// Invariants: counts saturate at 255; a per-channel count belongs to entry.today; a week count
// belongs to week_day[i]; channel indexes are < kMaxChannels.
// Thread-safety: Entry access only under the stripe lock returned by Lock(subscriber).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ripple::decide {

constexpr int kMaxChannels = 8;

struct ContactEntry {
  uint16_t today = 0;                               // local day of per_channel
  std::array<uint8_t, kMaxChannels> per_channel{};  // contacts today by channel index
  std::array<uint16_t, 7> week_day{};               // the local day week_count[i] counts
  std::array<uint8_t, 7> week_count{};              // contacts that day, all channels
  uint8_t rotation = 0;                             // offers served, for round robin among equals
  struct Rest {
    uint32_t campaign = 0;      // CampaignKey of a dismissed campaign (0: free)
    uint32_t until_minute = 0;  // minutes since the epoch
  };
  std::array<Rest, 4> rests{};

  // Contacts on `channel` on local day `day`.
  int ChannelToday(int channel, int64_t day) const {
    return today == static_cast<uint16_t>(day) ? per_channel[channel] : 0;
  }
  // Contacts over the 7 local days ending with `day`.
  int LastSevenDays(int64_t day) const;
  // True when `campaign` was dismissed and still rests at `minute`.
  bool Resting(uint32_t campaign, uint32_t minute) const;
  void RecordContact(int channel, int64_t day);
  void RecordDismiss(uint32_t campaign, uint32_t until_minute);
};
static_assert(sizeof(ContactEntry) == 64);

// A stable 32-bit key of a campaign id (never 0).
uint32_t CampaignKey(std::string_view campaign_id);

class ContactLedger {
 public:
  explicit ContactLedger(size_t subscribers);

  // The stripe lock of a subscriber; hold it while reading or changing Entry(subscriber).
  std::unique_lock<std::mutex> Lock(uint32_t subscriber) {
    return std::unique_lock<std::mutex>(stripes_[subscriber % kStripes]);
  }
  ContactEntry& Entry(uint32_t subscriber) { return entries_[subscriber]; }
  size_t size() const { return entries_.size(); }

  // The index of a channel id in the entries (stable for the ledger's life and stored with it);
  // -1 when kMaxChannels are taken.
  int ChannelIndex(std::string_view channel);
  const std::vector<std::string>& channels() const { return channels_; }
  void set_channels(std::vector<std::string> channels) { channels_ = std::move(channels); }

  static std::string Encode(const ContactEntry& e);
  static bool Decode(std::string_view bytes, ContactEntry* e);

 private:
  static constexpr size_t kStripes = 4096;
  std::vector<ContactEntry> entries_;
  std::unique_ptr<std::mutex[]> stripes_;
  std::mutex channels_mutex_;
  std::vector<std::string> channels_;
};

}  // namespace ripple::decide
