// A tiny operator's reference tables, shared by the event-engine tests and the `ripple events`
// command tests: three subscribers (13800000001..3), cells at home, at an airport (two cells,
// one area), at an office and abroad (area ROAM-HK), two handsets, one host per category.
#pragma once

#include <string>

#include "support/test_support.h"

namespace ripple::testing {

inline void WriteTinyOperator(const std::string& dir) {
  WriteFile(dir + "/subscribers.csv",
            "msisdn,gender,birth_year,region,plan_id,monthly_fee,join_date\n"
            "13800000001,F,1990,r1,P1,58,2020-01-01\n"
            "13800000002,M,1985,r1,P1,128,2020-01-01\n"
            "13800000003,M,1970,r1,P2,38,2020-01-01\n");
  WriteFile(dir + "/cells.csv",
            "cell_id,lat,lon,area_id,area_type\n"
            "HOME1,22.5,114.0,A-HOME,residential\n"
            "AIR1,22.6,113.8,A-AIR,airport\n"
            "AIR2,22.6,113.81,A-AIR,airport\n"
            "OFF1,22.54,114.05,A-OFF,office\n"
            "HK1,22.3,114.2,ROAM-HK,other\n");
  WriteFile(dir + "/hosts.csv",
            "pattern,match,category\n"
            "phonearena.com,suffix,handset\n"
            "ctrip.com,suffix,travel\n"
            "news.cn,suffix,news\n");
  WriteFile(dir + "/tac.csv",
            "tac,brand,model,release_year,price_tier\n"
            "35000001,Apple,iPhone 15,2023,flagship\n"
            "86000002,Xiaomi,Redmi 12,2023,low\n");
  WriteFile(dir + "/products.csv",
            "product_id,name,category,price\n"
            "ROAM-DAY,Roaming day pass,roaming,25\n"
            "DATA-5G,5 GB add-on,data,30\n");
}

}  // namespace ripple::testing
