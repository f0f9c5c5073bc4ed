#include "sim/catalog.h"

#include <array>

namespace ripple::sim {
namespace {

constexpr std::array<std::string_view, kAreaTypeCount> kAreaTypeNames = {
    "residential", "office", "airport",  "railway", "campus",
    "mall",        "scenic", "hospital", "stadium", "other"};

constexpr std::array<std::string_view, kInterestCount + 2> kCategoryNames = {
    "games",    "video", "music",     "sports",    "travel",  "finance",
    "shopping", "auto",  "parenting", "education", "health",  "food",
    "tech",     "news",  "fashion",   "general",   "unlisted"};

// Relative weight of each category for the young (<25), adults (25-44) and older (45+).
constexpr std::array<std::array<double, 3>, kInterestCount> kAgeWeights = {{
    {3.0, 1.2, 0.3},  // games
    {2.0, 1.5, 1.0},  // video
    {2.0, 1.0, 0.6},  // music
    {1.5, 1.2, 0.8},  // sports
    {0.8, 1.3, 1.0},  // travel
    {0.3, 1.2, 1.5},  // finance
    {1.2, 1.5, 1.0},  // shopping
    {0.3, 1.2, 0.8},  // auto
    {0.1, 1.5, 0.4},  // parenting
    {2.0, 0.8, 0.3},  // education
    {0.3, 0.8, 2.0},  // health
    {1.0, 1.2, 1.0},  // food
    {1.2, 1.0, 0.5},  // tech
    {0.4, 0.9, 2.0},  // news
    {1.5, 1.0, 0.4},  // fashion
}};

constexpr RegionInfo kRegions[] = {
    {"Futian", 4601, 22.5431, 114.0579, 0.16},   {"Luohu", 4602, 22.5484, 114.1314, 0.10},
    {"Nanshan", 4603, 22.5333, 113.9304, 0.16},  {"Baoan", 4604, 22.5553, 113.8838, 0.20},
    {"Longgang", 4605, 22.7196, 114.2469, 0.18}, {"Longhua", 4606, 22.6567, 114.0449, 0.12},
    {"Yantian", 4607, 22.5578, 114.2368, 0.03},  {"Guangming", 4608, 22.7487, 113.9358, 0.05},
};

constexpr PlanInfo kPlans[] = {
    {"P18", 1800},   {"P38", 3800},   {"P58", 5800},   {"P88", 8800},
    {"P128", 12800}, {"P188", 18800}, {"P288", 28800},
};

constexpr ProductInfo kProducts[] = {
    {"DP1G", "Data pack 1GB", "data_pack", 1000, 3.0, ""},
    {"DP5G", "Data pack 5GB", "data_pack", 3000, 3.0, ""},
    {"DP20G", "Data pack 20GB", "data_pack", 5000, 2.0, "video"},
    {"DP50G", "Data pack 50GB", "data_pack", 8000, 1.0, "games"},
    {"NIGHT10G", "Night data 10GB", "data_pack", 1500, 1.0, "games"},
    {"VOICE300", "Voice 300 minutes", "voice", 2000, 1.5, ""},
    {"FAM3", "Family bundle 3 lines", "bundle", 12800, 1.0, "parenting"},
    {"FAM5", "Family bundle 5 lines", "bundle", 19800, 0.5, "parenting"},
    {"GRP10", "Group plan 10 lines", "group_plan", 28800, 0.3, ""},
    {"ROAM-DAY", "Roaming day pass", "roaming", 2500, 0.8, "travel"},
    {"ROAM-ASIA", "Roaming pack Asia 7 days", "roaming", 6800, 0.5, "travel"},
    {"ROAM-EU", "Roaming pack Europe 15 days", "roaming", 12800, 0.3, "travel"},
    {"HS-IP16", "iPhone 16 on 24-month contract", "handset", 599900, 0.2, "tech"},
    {"HS-MATE70", "Huawei Mate 70 on 24-month contract", "handset", 549900, 0.2, "tech"},
    {"HS-REDMI14", "Redmi Note 14 offer", "handset", 119900, 0.3, ""},
    {"VM-IQIYI", "iQIYI video membership", "membership", 2500, 1.0, "video"},
    {"VM-TXVIDEO", "Tencent Video membership", "membership", 3000, 1.0, "video"},
    {"MUSIC-VIP", "Music VIP membership", "membership", 1500, 0.8, "music"},
    {"CLOUD50", "Cloud storage 50GB", "value_added", 600, 0.6, ""},
    {"RINGTONE", "Colour ringback tone", "value_added", 500, 0.5, ""},
    {"BB500M", "Home broadband 500M", "broadband", 9900, 0.4, ""},
};

constexpr PageInfo kPages[] = {
    {"balance", 0.30}, {"home", 0.18},    {"bill", 0.15},    {"plans", 0.10},
    {"shop", 0.08},    {"handset", 0.06}, {"roaming", 0.06}, {"recharge", 0.07},
};

constexpr ServiceNumber kServiceNumbers[] = {
    {"10086", ServiceKind::kOperator},
    {"10010", ServiceKind::kOperator},
    {"10000", ServiceKind::kOperator},
    {"95588", ServiceKind::kBank},
    {"95555", ServiceKind::kBank},
    {"95533", ServiceKind::kBank},
    {"95599", ServiceKind::kBank},
    {"95566", ServiceKind::kBank},
    {"95559", ServiceKind::kBank},
    {"95568", ServiceKind::kBank},
    {"95561", ServiceKind::kBank},
    {"95511", ServiceKind::kBank},
    {"95595", ServiceKind::kBank},
    {"95528", ServiceKind::kBank},
    {"106575000000", ServiceKind::kVerification},
    {"106902881234", ServiceKind::kVerification},
    {"1069055512", ServiceKind::kVerification},
    {"10690700367", ServiceKind::kVerification},
    {"106550200211", ServiceKind::kVerification},
    {"1065502004955590", ServiceKind::kVerification},
    {"95338", ServiceKind::kCourier},
    {"95311", ServiceKind::kCourier},
    {"95543", ServiceKind::kCourier},
    {"95546", ServiceKind::kCourier},
    {"95554", ServiceKind::kCourier},
    {"95320", ServiceKind::kCourier},
    {"11183", ServiceKind::kCourier},
    {"4008111111", ServiceKind::kCourier},
    {"4001095543", ServiceKind::kCourier},
    {"4008208198", ServiceKind::kCourier},
    {"4006565888", ServiceKind::kTelemarketer},
    {"4008801234", ServiceKind::kTelemarketer},
    {"4000365365", ServiceKind::kTelemarketer},
    {"4006789000", ServiceKind::kTelemarketer},
    {"4008123123", ServiceKind::kTelemarketer},
    {"4001881888", ServiceKind::kTelemarketer},
    {"4009200100", ServiceKind::kTelemarketer},
    {"4006069999", ServiceKind::kTelemarketer},
    {"8008208820", ServiceKind::kTelemarketer},
    {"8008303811", ServiceKind::kTelemarketer},
    {"8009990000", ServiceKind::kTelemarketer},
    {"8008101818", ServiceKind::kTelemarketer},
    {"8008206666", ServiceKind::kTelemarketer},
    {"8008881234", ServiceKind::kTelemarketer},
    {"4001008888", ServiceKind::kTelemarketer},
    {"4006000100", ServiceKind::kTelemarketer},
    {"4008366366", ServiceKind::kTelemarketer},
    {"4008205555", ServiceKind::kTelemarketer},
    {"4000123456", ServiceKind::kTelemarketer},
    {"4007001234", ServiceKind::kTelemarketer},
};

constexpr RoamingDestination kRoamingDestinations[] = {
    {"JP", "44010", 35.6812, 139.7671, 3, 240},  // Tokyo, NTT docomo
    {"TH", "52001", 13.7563, 100.5018, 3, 180},  // Bangkok, AIS
    {"SG", "52501", 1.2903, 103.8520, 2, 240},   // Singapore, Singtel
    {"KR", "45005", 37.5665, 126.9780, 2, 210},  // Seoul, SK Telecom
};

constexpr std::array<std::string_view, 5> kOrderChannels = {"app", "web", "sms", "outbound",
                                                            "shop"};
constexpr std::array<std::string_view, 2> kVisitChannels = {"app", "web"};
constexpr std::array<int64_t, 4> kRechargeAmounts = {3000, 5000, 10000, 20000};

}  // namespace

std::string_view AreaTypeName(AreaType type) { return kAreaTypeNames[static_cast<int>(type)]; }

std::string_view CategoryName(int category) { return kCategoryNames[category]; }

double InterestWeight(int category, int age) {
  int band = age < 25 ? 0 : age < 45 ? 1 : 2;
  return kAgeWeights[category][band];
}

int CategoryByName(std::string_view name) {
  for (int i = 0; i < kInterestCount; ++i) {
    if (kCategoryNames[i] == name) return i;
  }
  return -1;
}

std::span<const RegionInfo> Regions() { return kRegions; }
std::span<const PlanInfo> Plans() { return kPlans; }
std::span<const ProductInfo> Products() { return kProducts; }
std::span<const PageInfo> VisitPages() { return kPages; }
std::span<const ServiceNumber> ServiceNumbers() { return kServiceNumbers; }
std::span<const RoamingDestination> RoamingDestinations() { return kRoamingDestinations; }
std::span<const std::string_view> OrderChannels() { return kOrderChannels; }
std::span<const std::string_view> VisitChannels() { return kVisitChannels; }
std::span<const int64_t> RechargeAmountsCents() { return kRechargeAmounts; }

int DrawRegion(Rng& rng) {
  double u = rng.Uniform(), acc = 0;
  auto regions = Regions();
  for (size_t r = 0; r < regions.size(); ++r) {
    acc += regions[r].population_share;
    if (u < acc) return static_cast<int>(r);
  }
  return static_cast<int>(regions.size()) - 1;
}

}  // namespace ripple::sim
