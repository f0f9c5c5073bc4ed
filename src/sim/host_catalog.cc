#include "sim/host_catalog.h"

#include <array>

namespace ripple::sim {
namespace {

constexpr int kGames = 0, kVideo = 1, kMusic = 2, kSports = 3, kTravel = 4, kFinance = 5,
              kShopping = 6, kAuto = 7, kParenting = 8, kEducation = 9, kHealth = 10, kFood = 11,
              kTech = 12, kNews = 13, kFashion = 14;
constexpr HostMatch S = HostMatch::kSuffix, E = HostMatch::kExact, R = HostMatch::kRegex;

constexpr HostRule kRules[] = {
    {"mihoyo.com", S, kGames, "Genshin", "", ""},
    {"pvp.qq.com", S, kGames, "HonorOfKings", "", ""},
    {"4399.com", S, kGames, "4399Games", "", ""},
    {"taptap.cn", S, kGames, "TapTap", "", ""},
    {"^img[0-9]+\\.gamecdn\\.com$", R, kGames, "GameCenter", "img", ".gamecdn.com"},
    {"iqiyi.com", S, kVideo, "iQIYI", "", ""},
    {"youku.com", S, kVideo, "Youku", "", ""},
    {"bilibili.com", S, kVideo, "Bilibili", "", ""},
    {"douyin.com", S, kVideo, "Douyin", "", ""},
    {"v.qq.com", E, kVideo, "TencentVideo", "", ""},
    {"^v[0-9]+\\.vcdn-edge\\.net$", R, kVideo, "", "v", ".vcdn-edge.net"},
    {"music.163.com", S, kMusic, "NeteaseMusic", "", ""},
    {"y.qq.com", E, kMusic, "QQMusic", "", ""},
    {"kugou.com", S, kMusic, "Kugou", "", ""},
    {"kuwo.cn", S, kMusic, "Kuwo", "", ""},
    {"ximalaya.com", S, kMusic, "Ximalaya", "", ""},
    {"hupu.com", S, kSports, "Hupu", "", ""},
    {"dongqiudi.com", S, kSports, "Dongqiudi", "", ""},
    {"sports.sina.com.cn", S, kSports, "SinaSports", "", ""},
    {"zhibo8.cc", S, kSports, "Zhibo8", "", ""},
    {"gotokeep.com", S, kSports, "Keep", "", ""},
    {"ctrip.com", S, kTravel, "Ctrip", "", ""},
    {"qunar.com", S, kTravel, "Qunar", "", ""},
    {"12306.cn", S, kTravel, "Railway12306", "", ""},
    {"fliggy.com", S, kTravel, "Fliggy", "", ""},
    {"mafengwo.cn", S, kTravel, "Mafengwo", "", ""},
    {"^pic[0-9]+\\.travelimg\\.cn$", R, kTravel, "", "pic", ".travelimg.cn"},
    {"eastmoney.com", S, kFinance, "Eastmoney", "", ""},
    {"10jqka.com.cn", S, kFinance, "Tonghuashun", "", ""},
    {"xueqiu.com", S, kFinance, "Xueqiu", "", ""},
    {"icbc.com.cn", S, kFinance, "ICBC", "", ""},
    {"cmbchina.com", S, kFinance, "CMB", "", ""},
    {"taobao.com", S, kShopping, "Taobao", "", ""},
    {"jd.com", S, kShopping, "JD", "", ""},
    {"pinduoduo.com", S, kShopping, "Pinduoduo", "", ""},
    {"tmall.com", S, kShopping, "Tmall", "", ""},
    {"vip.com", S, kShopping, "Vipshop", "", ""},
    {"autohome.com.cn", S, kAuto, "Autohome", "", ""},
    {"dongchedi.com", S, kAuto, "Dongchedi", "", ""},
    {"yiche.com", S, kAuto, "Yiche", "", ""},
    {"xcar.com.cn", S, kAuto, "Xcar", "", ""},
    {"guazi.com", S, kAuto, "Guazi", "", ""},
    {"babytree.com", S, kParenting, "Babytree", "", ""},
    {"mama.cn", S, kParenting, "Mama", "", ""},
    {"ci123.com", S, kParenting, "Ci123", "", ""},
    {"qinbaobao.com", S, kParenting, "Qinbaobao", "", ""},
    {"zuoyebang.com", S, kEducation, "Zuoyebang", "", ""},
    {"xueersi.com", S, kEducation, "Xueersi", "", ""},
    {"youdao.com", S, kEducation, "Youdao", "", ""},
    {"icourse163.org", S, kEducation, "iCourse", "", ""},
    {"chaoxing.com", S, kEducation, "Xuexitong", "", ""},
    {"dxy.cn", S, kHealth, "DXY", "", ""},
    {"haodf.com", S, kHealth, "Haodf", "", ""},
    {"guahao.com", S, kHealth, "WeDoctor", "", ""},
    {"chunyuyisheng.com", S, kHealth, "Chunyu", "", ""},
    {"meituan.com", S, kFood, "Meituan", "", ""},
    {"ele.me", S, kFood, "Eleme", "", ""},
    {"dianping.com", S, kFood, "Dianping", "", ""},
    {"xiachufang.com", S, kFood, "Xiachufang", "", ""},
    {"^p[0-9]+\\.foodpic\\.cn$", R, kFood, "", "p", ".foodpic.cn"},
    {"ithome.com", S, kTech, "ITHome", "", ""},
    {"36kr.com", S, kTech, "36Kr", "", ""},
    {"csdn.net", S, kTech, "CSDN", "", ""},
    {"github.com", S, kTech, "GitHub", "", ""},
    {"ifanr.com", S, kTech, "iFanr", "", ""},
    {"toutiao.com", S, kNews, "Toutiao", "", ""},
    {"thepaper.cn", S, kNews, "ThePaper", "", ""},
    {"news.163.com", S, kNews, "NeteaseNews", "", ""},
    {"ifeng.com", S, kNews, "Ifeng", "", ""},
    {"people.com.cn", S, kNews, "People", "", ""},
    {"xiaohongshu.com", S, kFashion, "Xiaohongshu", "", ""},
    {"vogue.com.cn", S, kFashion, "Vogue", "", ""},
    {"mogu.com", S, kFashion, "Mogujie", "", ""},
    {"poizon.com", S, kFashion, "Dewu", "", ""},
    {"yoho.cn", S, kFashion, "Yoho", "", ""},
    {"baidu.com", S, kGeneral, "Baidu", "", ""},
    {"weixin.qq.com", S, kGeneral, "WeChat", "", ""},
    {"qpic.cn", S, kGeneral, "WeChat", "", ""},
    {"gtimg.cn", S, kGeneral, "", "", ""},
    {"amap.com", S, kGeneral, "Amap", "", ""},
    {"sina.cn", S, kGeneral, "Sina", "", ""},
    {"sohu.com", S, kGeneral, "Sohu", "", ""},
    {"weibo.com", S, kGeneral, "Weibo", "", ""},
    {"alipay.com", S, kGeneral, "Alipay", "", ""},
    {"so.com", S, kGeneral, "360Search", "", ""},
    {"icloud.com", S, kGeneral, "iCloud", "", ""},
    {"dingtalk.com", S, kGeneral, "DingTalk", "", ""},
    {"www.10086.cn", E, kGeneral, "ChinaMobile", "", ""},
    {"^dns[0-9]+\\.push-svc\\.com$", R, kGeneral, "", "dns", ".push-svc.com"},
    {"^tile[0-9]+\\.mapcdn\\.cn$", R, kGeneral, "BaiduMaps", "tile", ".mapcdn.cn"},
    {"cdn.jsdelivr.net", E, kUnlisted, "", "", ""},
    {"ocsp.digicert.com", E, kUnlisted, "", "", ""},
    {"203.0.113.45", E, kUnlisted, "", "", ""},
    {"collector.tracker-x.io", E, kUnlisted, "", "", ""},
    {"update.os-vendor.net", E, kUnlisted, "", "", ""},
    {"edge-17.fastcache.org", E, kUnlisted, "", "", ""},
};

// Subdomains sessions of a suffix rule go to; "" is the bare domain.
constexpr std::array<std::string_view, 7> kSubdomains = {"",      "www.",    "m.", "api.",
                                                         "img3.", "static.", "v2."};

}  // namespace

std::string_view HostMatchName(HostMatch match) {
  switch (match) {
    case HostMatch::kSuffix:
      return "suffix";
    case HostMatch::kExact:
      return "exact";
    case HostMatch::kRegex:
      return "regex";
  }
  return "suffix";
}

std::span<const HostRule> HostRules() { return kRules; }

HostCatalog::HostCatalog() : by_category_(kUnlisted + 1) {
  auto add = [&](std::string name, const HostRule& rule) {
    by_category_[rule.category].push_back(static_cast<uint32_t>(hosts_.size()));
    hosts_.push_back(std::move(name));
    apps_.push_back(rule.app);
  };
  for (const HostRule& rule : kRules) {
    switch (rule.match) {
      case HostMatch::kExact:
        add(std::string(rule.pattern), rule);
        break;
      case HostMatch::kSuffix:
        for (std::string_view sub : kSubdomains)
          add(std::string(sub) + std::string(rule.pattern), rule);
        break;
      case HostMatch::kRegex:
        for (int n : {1, 3, 7, 12, 25}) {
          add(std::string(rule.sample_prefix) + std::to_string(n) + std::string(rule.sample_suffix),
              rule);
        }
        break;
    }
  }
}

}  // namespace ripple::sim
