// CompiledModel::Compile: targets to bitmaps, products resolved, slots indexed.
#include <map>
#include <roaring/roaring.hh>

#include "decide/arbiter.h"
#include "ingest/reference.h"
#include "profile/segment.h"
#include "profile/tag_table.h"

namespace ripple::decide {
namespace {

// A segment expression over the snapshot's tags. Errors read "campaigns[2].target:COL: ...".
Result<Roaring> Evaluate(const std::string& expr, const std::string& where,
                         const CompiledModel::Inputs& in) {
  if (!in.tags) {
    return Status::InvalidArgument(where + ": needs the profile snapshot (tags) to evaluate '" +
                                   expr + "'; start the server with --snapshot");
  }
  ASSIGN_OR_RETURN(profile::Segment segment, profile::Segment::Parse(expr, *in.tags, where));
  return segment.Evaluate(*in.tags);
}

// A named segment of the model, else a saved one of the snapshot.
Result<Roaring> ResolveSegment(const std::string& name, const MarketingModel& m,
                               const CompiledModel::Inputs& in, const std::string& where) {
  if (const NamedSegment* named = m.FindSegment(name)) {
    return Evaluate(named->expr, "segment '" + named->name + "'", in);
  }
  for (const auto& [saved, bitmap] : in.saved_segments) {
    if (saved == name) return *bitmap;
  }
  std::string known;
  for (const NamedSegment& s : m.segments) known += (known.empty() ? "" : ", ") + s.name;
  for (const auto& [saved, b] : in.saved_segments) known += (known.empty() ? "" : ", ") + saved;
  return Status::InvalidArgument(where + ": no segment '" + name + "' (segments: " + known + ")");
}

Status Fail(const CompiledCampaign& c, const std::string& field, const std::string& message) {
  return Status::InvalidArgument(c.where + "." + field + ": " + message);
}

}  // namespace

Result<std::shared_ptr<const CompiledModel>> CompiledModel::Compile(MarketingModel model,
                                                                    const Inputs& in,
                                                                    ContactLedger& ledger,
                                                                    CounterRegistry& counters) {
  if (auto err = CheckReferences(model)) {
    return Status::InvalidArgument(err->path + ": " + err->message);
  }
  auto out = std::shared_ptr<CompiledModel>(new CompiledModel());
  out->model_ = std::move(model);
  out->utc_offset_minutes_ = in.utc_offset_minutes;
  const MarketingModel& m = out->model_;
  if (m.campaigns.size() > UINT16_MAX) return Status::InvalidArgument("more than 65535 campaigns");

  for (const Channel& ch : m.channels) {
    const int index = ledger.ChannelIndex(ch.id);
    if (index < 0) {
      return Status::InvalidArgument("channel '" + ch.id + "': at most " +
                                     std::to_string(kMaxChannels) + " channels are supported");
    }
    for (const Slot& s : ch.slots) {
      CompiledSlot cs;
      cs.channel = ch.id;
      cs.slot = s.id;
      cs.channel_index = index;
      cs.push = ch.push;
      cs.daily_cap = ch.daily_cap;
      cs.def = s;
      out->slots_.push_back(std::move(cs));
    }
  }

  std::vector<Roaring> targets;  // by target bit
  for (size_t i = 0; i < m.campaigns.size(); ++i) {
    CompiledCampaign c;
    c.def = m.campaigns[i];
    c.where = "campaigns[" + std::to_string(i) + "] (" + c.def.id + ")";
    c.key = CampaignKey(c.def.id);
    c.product_key = CampaignKey(c.def.product);
    c.counters = counters.Get(c.def.id);
    if (c.def.valid_from)
      c.valid_from_ms = *ParseLocalDate(*c.def.valid_from, in.utc_offset_minutes);
    if (c.def.valid_to) {
      c.valid_to_ms = *ParseLocalDate(*c.def.valid_to, in.utc_offset_minutes) + kMillisPerDay;
    }
    c.product.id = c.def.product;
    if (in.reference) {
      const ingest::ProductId p = in.reference->FindProduct(c.def.product);
      if (p == ingest::kNoString) {
        return Fail(c, "product", "no product '" + c.def.product + "' in products.csv");
      }
      const ingest::ProductInfo& info = in.reference->product(p);
      c.product.name = info.name;
      c.product.category = info.category;
      c.product.price = static_cast<double>(info.price_cents) / 100.0;
    }
    c.value = c.def.value > 0 ? c.def.value : c.product.price;

    // target and segment: both must hold; neither means everyone.
    std::optional<Roaring> members;
    if (!c.def.target.empty() && c.def.target != "all") {
      ASSIGN_OR_RETURN(Roaring r, Evaluate(c.def.target, c.where + ".target", in));
      members = std::move(r);
    }
    if (!c.def.segment.empty()) {
      ASSIGN_OR_RETURN(Roaring seg, ResolveSegment(c.def.segment, m, in, c.where + ".segment"));
      members = members ? (*members & seg) : std::move(seg);
    }
    if (members) {
      targets.push_back(std::move(*members));
      out->target_bit_.push_back(static_cast<int32_t>(targets.size() - 1));
    } else {
      out->target_bit_.push_back(-1);
    }
    for (const std::string& s : c.def.slots) {
      const size_t slash = s.find('/');
      for (CompiledSlot& cs : out->slots_) {
        if (cs.channel == std::string_view(s).substr(0, slash) &&
            cs.slot == std::string_view(s).substr(slash + 1)) {
          cs.campaigns.push_back(static_cast<uint16_t>(i));
        }
      }
    }
    out->campaigns_.push_back(std::move(c));
  }
  // Adaptive ranking: each slot's learn_by segments get a membership bit (shared by name), and
  // each campaign on the slot its arms, one per cell.
  std::map<std::string, int32_t> learn_bit;
  for (CompiledSlot& cs : out->slots_) {
    for (const std::string& name : cs.def.learn_by) {
      auto [it, fresh] = learn_bit.try_emplace(name, static_cast<int32_t>(targets.size()));
      if (fresh) {
        ASSIGN_OR_RETURN(Roaring seg, ResolveSegment(name, m, in,
                                                     "channels." + cs.channel + ".slots." +
                                                         cs.slot + ".learn_by"));
        targets.push_back(std::move(seg));
      }
      cs.learn_bits.push_back(it->second);
    }
    const size_t cells = size_t{1} << cs.learn_bits.size();
    for (const uint16_t ci : cs.campaigns) {
      if (in.bandits) {
        cs.arms.push_back(in.bandits->Get(
            BanditRegistry::Key(cs.channel, cs.slot, m.campaigns[ci].id, cs.def.learn_by), cells));
        in.bandits->SetBaseRate(cs.arms.back(), m.campaigns[ci].base_rate);
      } else {
        out->own_arms_.push_back(std::make_unique<ArmSet>(cells));
        cs.arms.push_back(out->own_arms_.back().get());
      }
    }
  }
  // The membership matrix: subscriber-major bits of every targeted campaign.
  uint32_t n = in.subscribers;
  if (n == 0 && in.reference) n = static_cast<uint32_t>(in.reference->subscriber_count());
  if (n == 0 && in.tags) n = static_cast<uint32_t>(in.tags->rows());
  if (n == 0) {
    for (const Roaring& r : targets) n = std::max(n, r.isEmpty() ? 0u : r.maximum() + 1);
  }
  out->words_ = (targets.size() + 63) / 64;
  out->membership_.assign(static_cast<size_t>(n) * out->words_, 0);
  for (size_t bit = 0; bit < targets.size(); ++bit) {
    for (const uint32_t s : targets[bit]) {
      if (s >= n) break;
      out->membership_[static_cast<size_t>(s) * out->words_ + bit / 64] |= uint64_t{1}
                                                                           << (bit % 64);
    }
  }
  return std::shared_ptr<const CompiledModel>(std::move(out));
}

const CompiledSlot* CompiledModel::FindSlot(std::string_view channel, std::string_view slot) const {
  for (const CompiledSlot& s : slots_) {
    if (s.channel == channel && s.slot == slot) return &s;
  }
  return nullptr;
}

ArmSet* CompiledModel::FindArms(std::string_view channel, std::string_view slot,
                                std::string_view campaign, uint32_t cell) const {
  const CompiledSlot* s = FindSlot(channel, slot);
  if (!s) return nullptr;
  for (size_t j = 0; j < s->campaigns.size(); ++j) {
    if (campaigns_[s->campaigns[j]].def.id != campaign) continue;
    ArmSet* set = s->arms[j];
    return cell < set->arms.size() ? set : nullptr;
  }
  return nullptr;
}

int CompiledModel::FindCampaign(std::string_view id) const {
  for (size_t i = 0; i < campaigns_.size(); ++i) {
    if (campaigns_[i].def.id == id) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace ripple::decide
