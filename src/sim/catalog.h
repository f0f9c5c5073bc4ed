// Fixed vocabularies of the simulated operator: area types, interest categories, districts,
// tariff plans, products, web-hall pages and service numbers. These are constants of the model,
// the same for every seed; the reference tables written to disk come from here.
// Thread-safety: immutable data.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/rng.h"

namespace ripple::sim {

enum class AreaType : uint8_t {
  kResidential,
  kOffice,
  kAirport,
  kRailway,
  kCampus,
  kMall,
  kScenic,
  kHospital,
  kStadium,
  kOther
};
constexpr int kAreaTypeCount = 10;
std::string_view AreaTypeName(AreaType type);

// Interest categories 0..kInterestCount-1; kGeneral marks portals, search, messaging and maps.
constexpr int kInterestCount = 15;
constexpr int kGeneral = kInterestCount;
constexpr int kUnlisted = kInterestCount + 1;  // hosts absent from hosts.csv
std::string_view CategoryName(int category);
// Relative popularity of a category at an age (used to draw interests).
double InterestWeight(int category, int age);
// Category index by name (for products tied to an interest); -1 when none.
int CategoryByName(std::string_view name);

struct RegionInfo {
  std::string_view name;
  uint16_t lac;  // location area code of the district's cells
  double lat, lon;
  double population_share;
};
std::span<const RegionInfo> Regions();
// A region drawn by population share.
int DrawRegion(Rng& rng);

struct PlanInfo {
  std::string_view id;
  int64_t fee_cents;
};
std::span<const PlanInfo> Plans();

struct ProductInfo {
  std::string_view id;
  std::string_view name;
  std::string_view category;
  int64_t price_cents;
  double weight;              // how often it is ordered
  std::string_view affinity;  // interest category that makes it likelier ("" for none)
};
std::span<const ProductInfo> Products();

struct PageInfo {
  std::string_view name;
  double weight;
};
std::span<const PageInfo> VisitPages();
constexpr int kRechargePage = 7;  // index of "recharge" in VisitPages()

enum class ServiceKind : uint8_t {
  kOperator,      // 10086: notices by SMS, subscribers call it
  kBank,          // bank notices by SMS
  kVerification,  // verification codes by SMS (106 gateways)
  kCourier,       // couriers call to deliver
  kTelemarketer,  // 400/800 numbers cold-calling
};
struct ServiceNumber {
  std::string_view number;
  ServiceKind kind;
};
std::span<const ServiceNumber> ServiceNumbers();

// Places abroad where travellers roam on a partner network. Their cells carry the visited
// network's MCC+MNC as "LAC" (cell ids like 44010-2101, never a district's LAC) and sit in areas
// whose area_id is "ROAM-<code>" with area_type "other": the data contract's convention for
// roaming, so a consumer needs nothing but cells.csv to tell a roaming record.
struct RoamingDestination {
  std::string_view code;     // ISO country code, e.g. "JP"
  std::string_view network;  // MCC+MNC written in front of the cell id
  double lat, lon;           // the city centre
  uint8_t cells;             // 2-3
  int flight_minutes;        // from the home airport
};
std::span<const RoamingDestination> RoamingDestinations();

// Orders and visits channels, recharge amounts.
std::span<const std::string_view> OrderChannels();  // app, web, sms, outbound, shop
std::span<const std::string_view> VisitChannels();  // app, web
std::span<const int64_t> RechargeAmountsCents();    // 30, 50, 100, 200 yuan

}  // namespace ripple::sim
