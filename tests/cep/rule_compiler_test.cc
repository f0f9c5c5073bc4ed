// The rule compiler (RuleSet::Compile): every name resolved or reported at FILE:LINE:COL with the
// names that would have been valid, rules needing the profile skipped without leaving anything
// behind, and the postfix programs and per-rule state it produces. The index and the evaluation
// of the compiled conditions are in rule_conditions_test.cc.
#include <string>
#include <vector>

#include "cep/rule_set.h"
#include "engine_fixture.h"
#include "profile/tag_table.h"

namespace ripple::cep::testing {
namespace {

class RuleCompilerTest : public EngineFixture {
 public:
  // The message of a compilation expected to fail with InvalidArgument.
  std::string ErrorOf(const std::string& text) {
    auto r = Compile(text);
    EXPECT_FALSE(r.ok()) << text;
    if (r.ok()) return "";
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().message();
    return r.status().message();
  }
  // Parses `text` (expected valid) and compiles it against `context`.
  Result<std::shared_ptr<const RuleSet>> CompileWith(const std::string& text,
                                                     const CompileContext& context) {
    auto parsed = ParseRules(text, "test.rules");
    EXPECT_TRUE(parsed.ok()) << parsed.status().message();
    if (!parsed.ok()) return parsed.status();
    return RuleSet::Compile(*parsed, context);
  }
};

// Rule `r` on FEED whose condition starts at line 3, column 5.
std::string On(const std::string& feed, const std::string& condition) {
  return "rule r\n  on " + feed + " where\n    " + condition + "\n  emit t\nend\n";
}

constexpr const char* kDataFields =
    "duration_s, bytes_up, bytes_down, bytes, host, app, area_type, area_id, roaming, category, "
    "hour, weekday, tag.ID, segment.NAME";

TEST_F(RuleCompilerTest, UnknownFeedSuggestsTheClosestAndListsTheFeeds) {
  EXPECT_EQ(ErrorOf("rule r\n  on vists\n  emit t\nend\n"),
            "test.rules:2:6: unknown feed 'vists' (did you mean 'visits'?); feeds: calls, sms, "
            "data, locations, orders, devices, recharges, visits");
  // In a later step, and with nothing close.
  EXPECT_EQ(ErrorOf("rule r on data then clicks within 1h emit t end"),
            "test.rules:1:21: unknown feed 'clicks'; feeds: calls, sms, data, locations, orders, "
            "devices, recharges, visits");
}

TEST_F(RuleCompilerTest, SingularFeedNamesAreAccepted) {
  auto set =
      Compile("rule a on call emit t end rule b on location emit t end rule c on visit emit t end");
  ASSERT_OK(set);
  ASSERT_EQ((*set)->rules().size(), 3u);
  EXPECT_EQ((*set)->rules()[0].events[0].feed, Feed::kCalls);
  EXPECT_EQ((*set)->rules()[1].events[0].feed, Feed::kLocations);
  EXPECT_EQ((*set)->rules()[2].events[0].feed, Feed::kVisits);
}

TEST_F(RuleCompilerTest, UnknownFieldSuggestsTheClosestAndListsTheFieldsOfTheFeed) {
  EXPECT_EQ(ErrorOf(On("visits", R"(pgae = "balance")")),
            "test.rules:3:5: unknown field 'pgae' (did you mean 'page'?); fields of visits: page, "
            "channel, hour, weekday, tag.ID, segment.NAME");
}

TEST_F(RuleCompilerTest, FieldOfAnotherFeedIsUnknownOnThisOne) {
  EXPECT_EQ(ErrorOf(On("data", R"(page = "balance")")),
            std::string("test.rules:3:5: unknown field 'page'; fields of data: ") + kDataFields);
  // Deep in a condition, after valid leaves.
  EXPECT_EQ(ErrorOf(On("orders", R"(channel = app and (action = subscribe or bytes > 1))")),
            "test.rules:3:46: unknown field 'bytes'; fields of orders: channel, action, "
            "product_id, product_category, hour, weekday, tag.ID, segment.NAME");
}

TEST_F(RuleCompilerTest, BareFieldMustBeYesNo) {
  EXPECT_EQ(ErrorOf(On("visits", "page")),
            "test.rules:3:5: 'page' is not a yes/no field; compare it with a value");
  EXPECT_EQ(ErrorOf(On("data", "roaming and bytes")),
            "test.rules:3:17: 'bytes' is not a yes/no field; compare it with a value");
}

TEST_F(RuleCompilerTest, OperatorsMustSuitTheFieldType) {
  EXPECT_EQ(ErrorOf(On("data", R"(bytes contains "1")")),
            "test.rules:3:5: 'bytes' is a number: contains / matches apply to text");
  EXPECT_EQ(ErrorOf(On("data", R"(duration_s matches "6.*")")),
            "test.rules:3:5: 'duration_s' is a number: contains / matches apply to text");
  EXPECT_EQ(ErrorOf(On("visits", "page > 3")),
            "test.rules:3:5: 'page' is text: use =, !=, in, contains or matches");
  EXPECT_EQ(ErrorOf(On("visits", R"(channel contains "we")")),
            "test.rules:3:5: 'channel': contains / matches need a text field");
  EXPECT_EQ(ErrorOf(On("locations", "roaming > 0")),
            "test.rules:3:5: 'roaming' is yes/no: use = or !=");
  EXPECT_EQ(ErrorOf(On("locations", "roaming = yes")),
            "test.rules:3:15: 'roaming' is yes/no: compare with true or false");
}

TEST_F(RuleCompilerTest, LiteralMustSuitTheFieldType) {
  // Text where a number is needed, bare or quoted.
  EXPECT_EQ(ErrorOf(On("data", "bytes > big")),
            "test.rules:3:13: 'bytes' is a number, found 'big'");
  EXPECT_EQ(ErrorOf(On("recharges", R"(amount in (10, "20"))")),
            "test.rules:3:20: 'amount' is a number, found '20'");
  // A number where a word of a vocabulary is needed.
  EXPECT_EQ(ErrorOf(On("visits", "channel = 5")),
            "test.rules:3:15: '5' is not a valid channel; one of: none, app, web, sms, outbound, shop");
  // A free-text field takes a number as its text ("5" is a page name like any other).
  ASSERT_OK(Compile(On("visits", "page = 5")));
  EXPECT_NE(texts_.Find("5"), ingest::kNoString);
}

TEST_F(RuleCompilerTest, UnknownEnumValueSuggestsTheClosest) {
  EXPECT_EQ(
      ErrorOf(On("visits", "channel = webb")),
      "test.rules:3:15: 'webb' is not a valid channel (did you mean 'web'?); one of: none, app, "
      "web, sms, outbound, shop");
  EXPECT_EQ(
      ErrorOf(On("visits", "weekday = satu")),
      "test.rules:3:15: 'satu' is not a valid weekday (did you mean 'sat'?); one of: mon, tue, "
      "wed, thu, fri, sat, sun");
  // In a list: the offending element.
  EXPECT_EQ(ErrorOf(On("calls", "direction in (out, inn)")),
            "test.rules:3:24: 'inn' is not a valid direction; one of: outgoing, incoming");
  EXPECT_EQ(
      ErrorOf(On("orders", "action = subscibe")),
      "test.rules:3:14: 'subscibe' is not a valid action (did you mean 'subscribe'?); one of: "
      "none, subscribe, unsubscribe");
}

TEST_F(RuleCompilerTest, ReferenceNamesAreCheckedAgainstTheTables) {
  EXPECT_EQ(ErrorOf(On("locations", "area_type = airprot")),
            "test.rules:3:17: unknown area type 'airprot' (did you mean 'airport'?); area types: "
            "residential, office, airport, railway, campus, mall, scenic, hospital, stadium, "
            "other");
  EXPECT_EQ(ErrorOf(On("locations", R"(area_id = "A-NOPE")")),
            "test.rules:3:15: no area 'A-NOPE' in cells.csv");
  EXPECT_EQ(ErrorOf(On("data", "category = trvel")),
            "test.rules:3:16: unknown category 'trvel' (did you mean 'travel'?); categories of "
            "hosts.csv: handset, travel, news");
  EXPECT_EQ(ErrorOf(On("orders", R"(product_id = "ROAM-WEEK")")),
            "test.rules:3:18: no product 'ROAM-WEEK' in products.csv");
  EXPECT_EQ(ErrorOf(On("calls", R"(other = "call-me")")),
            "test.rules:3:13: 'call-me' is not a phone number");
  // A known area type no cell has is valid (it never matches); a known area id is valid.
  ASSERT_OK(Compile(On("locations", R"(area_type = campus or area_id = "ROAM-HK")")));
}

TEST_F(RuleCompilerTest, AreaIdMustBeAnAreaOfCellsCsv) {
  EXPECT_EQ(ErrorOf(On("locations", "area_id = airport")),
            "test.rules:3:15: no area 'airport' in cells.csv");
  EXPECT_EQ(ErrorOf(On("locations", R"(area_id = "P1")")),
            "test.rules:3:15: no area 'P1' in cells.csv");
}

TEST_F(RuleCompilerTest, BadRegularExpressionPointsAtThePattern) {
  const std::string e = ErrorOf(On("data", R"(host matches "([a-z")"));
  EXPECT_TRUE(e.starts_with("test.rules:3:18: bad regular expression: ")) << e;
}

TEST_F(RuleCompilerTest, CountMustBeAWholeNumberFromOneToAThousand) {
  EXPECT_EQ(ErrorOf("rule r\n  count calls >= 1001 within 1h\n  emit t\nend\n"),
            "test.rules:2:18: count needs a whole number from 1 to 1000, found '1001'");
  // 0 and fractions are syntax errors already; the compiler checks a syntax tree built by
  // other means too.
  const std::string zero = "rule r\n  count calls >= 0 within 1h\n  emit t\nend\n";
  EXPECT_FALSE(Compile(zero).ok());
  auto parsed = ParseRules("rule r\n  count calls >= 5 within 1h\n  emit t\nend\n", "test.rules");
  ASSERT_OK(parsed);
  for (const auto& [number, text] :
       std::vector<std::pair<double, std::string>>{{0, "0"}, {2.5, "2.5"}, {-3, "-3"}}) {
    std::vector<Rule> rules = *parsed;
    rules[0].pattern.threshold.value.number = number;
    rules[0].pattern.threshold.value.text = text;
    auto set = RuleSet::Compile(rules, context_->MakeCompileContext({}));
    ASSERT_FALSE(set.ok()) << text;
    EXPECT_EQ(set.status().message(),
              "test.rules:2:18: count needs a whole number from 1 to 1000, found '" + text + "'");
  }
  auto max = Compile("rule r count calls >= 1000 within 1h emit t end");
  ASSERT_OK(max);
  EXPECT_EQ((*max)->rules()[0].count, 1000u);
}

TEST_F(RuleCompilerTest, CountAboveTheMaximumWrittenWithGreaterThanIsRejected) {
  EXPECT_FALSE(Compile("rule r count calls > 1000 within 1h emit t end").ok());
}

TEST_F(RuleCompilerTest, SumNeedsANumberFieldOfItsFeed) {
  EXPECT_EQ(ErrorOf("rule r\n  sum page of visits >= 3 within 1h\n  emit t\nend\n"),
            "test.rules:2:7: 'page' is not a number and cannot be summed");
  EXPECT_EQ(ErrorOf("rule r\n  sum amount of data >= 3 within 1h\n  emit t\nend\n"),
            std::string("test.rules:2:7: unknown field 'amount'; fields of data: ") + kDataFields);
  EXPECT_EQ(ErrorOf("rule r\n  change modle of devices\n  emit t\nend\n"),
            "test.rules:2:10: unknown field 'modle' (did you mean 'model'?); fields of devices: "
            "tac, brand, model, price_tier, hour, weekday, tag.ID, segment.NAME");
}

TEST_F(RuleCompilerTest, DwellConditionSeesTheCellFeeds) {
  EXPECT_EQ(ErrorOf("rule r\n  dwell page = \"a\" for 10m\n  emit t\nend\n"),
            "test.rules:2:9: unknown field 'page'; fields of calls, sms, data, locations: "
            "duration_s, bytes_up, bytes_down, bytes, host, app, other, direction, area_type, "
            "area_id, roaming, category, hour, weekday, new_contact, tag.ID, segment.NAME");
  EXPECT_EQ(ErrorOf("rule r dwell area_type = airport for 10m meanwhile dat emit t end"),
            "test.rules:1:52: unknown feed 'dat' (did you mean 'data'?); feeds: calls, sms, "
            "data, locations, orders, devices, recharges, visits");
}

TEST_F(RuleCompilerTest, CarriedFieldsMustBeOnTheCompletingRecord) {
  EXPECT_EQ(ErrorOf("rule r\n  on visits\n  emit t carry pgae\nend\n"),
            "test.rules:3:16: unknown field 'pgae' (did you mean 'page'?); fields of visits: "
            "page, channel, hour, weekday, tag.ID, segment.NAME");
  // A sequence completes on its last step.
  EXPECT_EQ(ErrorOf("rule r\n  on data then visits within 1h\n  emit t carry host\nend\n"),
            "test.rules:3:16: 'host' is not a field of the record that completes this rule "
            "(visits)");
  // An absence fires from its first event.
  EXPECT_EQ(
      ErrorOf("rule r\n  on visits and no recharges within 30m\n  emit t carry amount\nend\n"),
      "test.rules:3:16: 'amount' is not a field of the record that completes this rule "
      "(visits)");
  EXPECT_EQ(ErrorOf("rule r\n  dwell area_type = airport for 10m\n  emit t carry page\nend\n"),
            "test.rules:3:16: 'page' is not a field of the record that completes this rule "
            "(calls, sms, data, locations)");
  auto ok = Compile("rule r on data then visits within 1h emit t carry page, channel end");
  ASSERT_OK(ok);
  EXPECT_EQ((*ok)->rules()[0].carry, (std::vector<FieldId>{FieldId::kPage, FieldId::kChannel}));
  EXPECT_EQ((*ok)->rules()[0].carry_names, (std::vector<std::string>{"page", "channel"}));
}

TEST_F(RuleCompilerTest, AtMostFourFieldsAreCarried) {
  EXPECT_EQ(ErrorOf("rule r\n  on data\n  emit t carry host, app, bytes, hour, weekday\nend\n"),
            "test.rules:3:40: at most 4 fields can be carried");
  ASSERT_OK(Compile("rule r on data emit t carry host, app, bytes, hour end"));
}

TEST_F(RuleCompilerTest, SegmentIsAMembershipOfALoadedSegment) {
  EXPECT_EQ(ErrorOf(On("visits", "segment.vip = 1")),
            "test.rules:3:5: 'segment.vip' is a membership: write it alone");
  const CompileContext context = context_->MakeCompileContext({"vip", "churn_risk"});
  auto typo = CompileWith(On("visits", "segment.vipp"), context);
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.status().message(),
            "test.rules:3:5: unknown segment 'vipp' (did you mean 'vip'?)");
  auto ok = CompileWith(On("visits", "segment.churn_risk"), context);
  ASSERT_OK(ok);
  const CondOp& op = (*ok)->ops()[0];
  EXPECT_EQ(op.field, FieldId::kSegment);
  EXPECT_EQ(op.column, 1);
}

TEST_F(RuleCompilerTest, RuleUsingASegmentWithoutTheProfileIsSkipped) {
  auto set =
      Compile("rule a on visits emit t end\nrule b on visits where\n  segment.vip emit t end");
  ASSERT_OK(set);
  EXPECT_EQ((*set)->rules().size(), 1u);
  EXPECT_EQ((*set)->skipped(),
            (std::vector<std::string>{
                "test.rules:3:3: 'segment.vip' needs the profile: run with --snapshot OUT"}));
}

TEST_F(RuleCompilerTest, RuleUsingATagWithoutTheProfileIsSkippedAndLeavesNothingBehind) {
  auto set = Compile(R"(rule a on visits where page = "a" emit ta end
rule b
  on data where app contains "x" and host matches "y.*"
    and tag.daily_data_allowance_bytes > 5
  emit tb
end
rule c on visits where page in ("c1", "c2") emit tc end
)");
  ASSERT_OK(set);
  const RuleSet& s = **set;
  ASSERT_EQ(s.rules().size(), 2u);
  EXPECT_EQ(s.rules()[0].id, "a");
  EXPECT_EQ(s.rules()[1].id, "c");
  EXPECT_EQ(s.Find("b"), -1);
  EXPECT_EQ(s.skipped(), (std::vector<std::string>{
                             "test.rules:4:9: 'tag.daily_data_allowance_bytes' needs the profile: "
                             "run with --snapshot OUT"}));
  // b's two leaves, its `and` and its two matchers are gone: a has one op and one value, c one
  // op and two values.
  EXPECT_EQ(s.ops().size(), 2u);
  EXPECT_EQ(s.values().size(), 3u);
  EXPECT_TRUE(s.matchers().empty());
  EXPECT_EQ(s.rules()[1].events[0].where.begin, 1u);
  EXPECT_EQ(s.rules()[1].events[0].where.end, 2u);
  EXPECT_EQ(s.ops()[1].values_begin, 1u);
  EXPECT_EQ(s.ops()[1].values_count, 2u);
  EXPECT_EQ(s.keyed(Feed::kVisits, FieldId::kPage, texts_.Find("c2")), (std::vector<uint16_t>{1}));
  EXPECT_TRUE(s.always(Feed::kData).empty());
  // The sum threshold's tag likewise.
  auto sum = Compile(
      "rule r\n  sum bytes of data >= 90% of tag.daily_data_allowance_bytes today\n"
      "  emit t\nend\n");
  ASSERT_OK(sum);
  EXPECT_TRUE((*sum)->rules().empty());
  ASSERT_EQ((*sum)->skipped().size(), 1u);
  EXPECT_TRUE((*sum)->skipped()[0].starts_with("test.rules:2:31: '")) << (*sum)->skipped()[0];
  EXPECT_TRUE((*sum)->skipped()[0].ends_with("' needs the profile: run with --snapshot OUT"));
}

TEST_F(RuleCompilerTest, SkippedSumThresholdNamesTheTagAsWritten) {
  auto sum = Compile(
      "rule r\n  sum bytes of data >= 90% of tag.daily_data_allowance_bytes today\n"
      "  emit t\nend\n");
  ASSERT_OK(sum);
  EXPECT_EQ((*sum)->skipped(),
            (std::vector<std::string>{"test.rules:2:31: 'tag.daily_data_allowance_bytes' needs "
                                      "the profile: run with --snapshot OUT"}));
}

TEST_F(RuleCompilerTest, SkippedRuleDoesNotTurnOnContactOrRoamingTracking) {
  auto set = Compile("rule b on calls where new_contact and roaming and tag.x = 1 emit t end");
  ASSERT_OK(set);
  EXPECT_EQ((*set)->skipped().size(), 1u);
  EXPECT_FALSE((*set)->uses_new_contact());
  EXPECT_FALSE((*set)->uses_roaming());
}

TEST_F(RuleCompilerTest, WithoutSkippingARuleNeedingTheProfileFailsTheSet) {
  CompileContext context = context_->MakeCompileContext({});
  context.skip_rules_needing_profile = false;
  auto set = CompileWith("rule a on visits emit t end\nrule b on visits where tag.x = 1 emit t end",
                         context);
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(set.status().message(),
            "test.rules:2:24: 'tag.x' needs the profile: run with --snapshot OUT");
}

TEST_F(RuleCompilerTest, TagsAreResolvedAgainstTheProfile) {
  profile::TagTable tags({11, 12, 13}, {1, 2, 3}, 0);
  tags.AddColumn("data_allowance_bytes", profile::Dimension::kPlan, profile::TagType::kNumber);
  tags.AddColumn("is_student", profile::Dimension::kBasic, profile::TagType::kFlag);
  tags.AddColumn("plan_type", profile::Dimension::kPlan, profile::TagType::kText)
      .InternCode("prepaid");
  CompileContext context = context_->MakeCompileContext({});
  context.tags = &tags;
  auto error = [&](const std::string& text) {
    auto r = CompileWith(text, context);
    return r.ok() ? std::string("OK") : r.status().message();
  };
  EXPECT_EQ(error(On("visits", "tag.data_allowanse_bytes > 5")),
            "test.rules:3:5: unknown tag 'data_allowanse_bytes' (did you mean "
            "'data_allowance_bytes'?)");
  EXPECT_EQ(error(On("visits", "tag.plan_type")),
            "test.rules:3:5: tag 'plan_type' is not a flag; compare it with a value");
  EXPECT_EQ(error(On("visits", R"(tag.plan_type contains "pre")")),
            "test.rules:3:5: contains / matches apply to record text fields, not tags");
  EXPECT_EQ(error(On("visits", "tag.data_allowance_bytes > lots")),
            "test.rules:3:32: tag 'data_allowance_bytes' is a number, found 'lots'");
  EXPECT_EQ(error(On("visits", "tag.plan_type > 3")),
            "test.rules:3:21: tag 'plan_type' is text: use =, != or in");
  EXPECT_EQ(error("rule r\n  sum bytes of data >= 90% of tag.plan_type today\n  emit t\nend\n"),
            "test.rules:2:31: tag 'plan_type' is not a number");
  EXPECT_EQ(error("rule r\n  sum bytes of data >= 90% of tag.nope today\n  emit t\nend\n"),
            "test.rules:2:31: unknown tag 'nope'");
  auto ok = CompileWith(
      "rule a on visits where tag.is_student and tag.plan_type = prepaid emit t end\n"
      "rule b sum bytes of data >= 90% of tag.data_allowance_bytes today emit t end",
      context);
  ASSERT_OK(ok);
  EXPECT_TRUE((*ok)->skipped().empty());
  const RuleSet& s = **ok;
  EXPECT_EQ(s.ops()[0].field, FieldId::kTag);
  EXPECT_EQ(s.ops()[0].column, 1);                     // is_student
  EXPECT_EQ(s.ops()[1].column, 2);                     // plan_type
  EXPECT_EQ(s.values()[s.ops()[1].values_begin], 0u);  // the code of "prepaid"
  EXPECT_EQ(s.rules()[1].threshold_tag, 0);
  EXPECT_DOUBLE_EQ(s.rules()[1].threshold, 0.9);
}

TEST_F(RuleCompilerTest, DuplicateRuleIdsAcrossFilesAreAnError) {
  auto a = ParseRules("rule same on visits emit t end", "a.rules");
  auto b =
      ParseRules("\n  rule other on data emit t end\n  rule same on sms emit u end", "b.rules");
  ASSERT_OK(a);
  ASSERT_OK(b);
  std::vector<Rule> rules = *a;
  rules.insert(rules.end(), b->begin(), b->end());
  auto set = RuleSet::Compile(rules, context_->MakeCompileContext({}));
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(set.status().message(), "b.rules:3:3: rule 'same' is defined twice");
}

TEST_F(RuleCompilerTest, NestingDeeperThanThirtyTwoIsAnError) {
  std::string nots;
  for (int i = 0; i < 32; ++i) nots += "not ";
  ASSERT_OK(Compile(On("visits", nots + R"(page = "a")")));
  // 33 nots: the leaf (column 5 + 33 * 4) is at depth 33.
  EXPECT_EQ(ErrorOf(On("visits", nots + R"(not page = "a")")),
            "test.rules:3:137: condition nested too deeply");
}

TEST_F(RuleCompilerTest, NestingErrorPointsIntoTheRule) {
  std::string nots;
  for (int i = 0; i < 40; ++i) nots += "not ";
  const std::string e = ErrorOf(On("visits", nots + R"(page = "a")"));
  EXPECT_TRUE(e.starts_with("test.rules:3:")) << e;
}

TEST_F(RuleCompilerTest, ConditionsBecomePostfixPrograms) {
  // or(and(page = "a", not channel = web), hour > 3)
  auto set = Compile(On("visits", R"(page = "a" and not channel = web or hour > 3)"));
  ASSERT_OK(set);
  const RuleSet& s = **set;
  const Program where = s.rules()[0].events[0].where;
  EXPECT_EQ(where.begin, 0u);
  EXPECT_EQ(where.end, 6u);
  using K = CondOp::Kind;
  std::vector<K> kinds;
  for (const CondOp& op : s.ops()) kinds.push_back(op.kind);
  EXPECT_EQ(kinds, (std::vector<K>{K::kLeaf, K::kLeaf, K::kNot, K::kAnd, K::kLeaf, K::kOr}));
  EXPECT_EQ(s.ops()[0].field, FieldId::kPage);
  EXPECT_EQ(s.values()[s.ops()[0].values_begin], texts_.Find("a"));
  EXPECT_EQ(s.ops()[1].field, FieldId::kChannel);
  EXPECT_EQ(s.values()[s.ops()[1].values_begin], 2u);  // none, app, web
  EXPECT_EQ(s.ops()[4].field, FieldId::kHour);
  EXPECT_EQ(s.ops()[4].op, CompareOp::kGt);
  EXPECT_EQ(s.ops()[4].number, 3);
  // No condition: an empty program (true).
  auto bare = Compile("rule r on visits emit t end");
  ASSERT_OK(bare);
  EXPECT_TRUE((*bare)->rules()[0].events[0].where.empty());
}

TEST_F(RuleCompilerTest, EachPatternGetsTheStateItNeeds) {
  auto set = Compile(R"(
rule on_ on visits emit t end
rule seq on visits then data then orders within 1h emit t end
rule absent on visits and no recharges within 30m emit t end
rule count_ge count calls >= 5 within 10m emit t end
rule count_gt count calls > 5 within 10m emit t end
rule sum_day sum bytes of data >= 1GB today emit t end
rule sum_win sum amount of recharges > 100 within 2h emit t end
rule dwell_ dwell area_type = airport for 10m emit t end
rule change_ change model of devices emit t end
rule first_ first locations where roaming after 7d emit t ttl 2h priority 90 end
)");
  ASSERT_OK(set);
  const auto& r = (*set)->rules();
  ASSERT_EQ(r.size(), 10u);
  std::vector<uint32_t> words;
  for (const CompiledRule& c : r) words.push_back(c.state_words);
  EXPECT_EQ(words, (std::vector<uint32_t>{0, 2, 5, 6, 7, 3, 22, 3, 1, 1}));
  EXPECT_EQ(r[3].count, 5u);
  EXPECT_EQ(r[4].count, 6u);  // > 5: at least 6
  EXPECT_EQ(r[5].field, FieldId::kBytes);
  EXPECT_EQ(r[5].threshold, 1024.0 * 1024 * 1024);
  EXPECT_EQ(r[5].retention_ms, 24 * kHour);
  EXPECT_EQ(r[6].field, FieldId::kAmount);
  EXPECT_EQ(r[6].threshold_op, CompareOp::kGt);
  EXPECT_EQ(r[6].retention_ms, 2 * kHour);
  EXPECT_EQ(r[8].field, FieldId::kModel);
  EXPECT_EQ(r[8].retention_ms, 90 * 24 * kHour);
  EXPECT_EQ(r[9].window_ms, 7 * 24 * kHour);
  EXPECT_EQ(r[9].ttl_ms, 2 * kHour);
  EXPECT_EQ(r[9].priority, 90);
  EXPECT_EQ(r[9].trigger, "t");
  EXPECT_EQ(r[9].line, 11);
  EXPECT_TRUE((*set)->uses_roaming());
  EXPECT_FALSE((*set)->uses_new_contact());
}

}  // namespace
}  // namespace ripple::cep::testing
