// RippleConfig: defaults, YAML over them, and errors that point at file:line:column.
#include "core/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace ripple {
namespace {

using ::testing::HasSubstr;

void ExpectDefaults(const RippleConfig& c) {
  RippleConfig d;
  EXPECT_EQ(c.secret, d.secret);
  EXPECT_EQ(c.home_country_code, "86");
  EXPECT_EQ(c.utc_offset_minutes, 480);
  EXPECT_EQ(c.out_of_order_bound_ms, 30 * 60 * 1000);
  EXPECT_EQ(c.max_future_ms, 24 * 3600 * 1000LL);
  EXPECT_EQ(c.min_timestamp_ms, 946684800000);
  EXPECT_EQ(c.retention_days, 35);
  EXPECT_EQ(c.partitions, 16);
  EXPECT_EQ(c.checkpoint_every_records, RippleConfig{}.checkpoint_every_records);
  EXPECT_EQ(c.checkpoint_every_seconds, RippleConfig{}.checkpoint_every_seconds);
  EXPECT_EQ(c.trunk_prefix, RippleConfig{}.trunk_prefix);
}

TEST(Config, HasDefaultsWithoutAFile) {
  auto c = LoadConfig("");
  ASSERT_OK(c);
  ExpectDefaults(*c);
  auto empty = ParseConfig("", "empty.yaml");
  ASSERT_OK(empty);
  ExpectDefaults(*empty);
}

TEST(Config, ReadsEveryKey) {
  auto c = ParseConfig(
      "identity:\n"
      "  secret: s3cret\n"
      "  home_country_code: \"852\"\n"
      "time:\n"
      "  utc_offset: \"-05:30\"\n"
      "  out_of_order_bound_minutes: 10\n"
      "  max_future_hours: 2\n"
      "  min_timestamp: \"2020-01-01T00:00:00Z\"\n"
      "state:\n"
      "  retention_days: 7\n"
      "  partitions: 4\n"
      "  checkpoint_every_records: 1000\n",
      "good.yaml");
  ASSERT_OK(c);
  EXPECT_EQ(c->secret, "s3cret");
  EXPECT_EQ(c->home_country_code, "852");
  EXPECT_EQ(c->utc_offset_minutes, -330);
  EXPECT_EQ(c->out_of_order_bound_ms, 10 * 60 * 1000);
  EXPECT_EQ(c->max_future_ms, 2 * 3600 * 1000);
  EXPECT_EQ(c->min_timestamp_ms, 1577836800000);
  EXPECT_EQ(c->retention_days, 7);
  EXPECT_EQ(c->partitions, 4);
  EXPECT_EQ(c->checkpoint_every_records, 1000u);
}

TEST(Config, KeepsDefaultsForKeysNotGiven) {
  auto c = ParseConfig("state:\n  retention_days: 60\n", "partial.yaml");
  ASSERT_OK(c);
  EXPECT_EQ(c->retention_days, 60);
  EXPECT_EQ(c->partitions, 16);
  EXPECT_EQ(c->utc_offset_minutes, 480);
}

TEST(Config, RejectsAnUnknownKeyNamingFileLineColumnAndKey) {
  auto c = ParseConfig("state:\n  retention_days: 7\n  retention_dayz: 3\n", "ripple.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("ripple.yaml:3:3"));
  EXPECT_THAT(c.status().message(), HasSubstr("retention_dayz"));
  auto s = ParseConfig("stat:\n  retention_days: 7\n", "ripple.yaml");
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("ripple.yaml:1:1"));
  EXPECT_THAT(s.status().message(), HasSubstr("'stat'"));
}

TEST(Config, RejectsABadValueNamingLineAndColumn) {
  auto days = ParseConfig("state:\n  retention_days: -3\n", "r.yaml");
  ASSERT_FALSE(days.ok());
  EXPECT_THAT(days.status().message(), HasSubstr("r.yaml:2:19"));
  EXPECT_THAT(days.status().message(), HasSubstr("retention_days"));

  auto offset = ParseConfig("time:\n  utc_offset: \"8 o'clock\"\n", "r.yaml");
  ASSERT_FALSE(offset.ok());
  EXPECT_THAT(offset.status().message(), HasSubstr("r.yaml:2:15"));
  EXPECT_THAT(offset.status().message(), HasSubstr("utc_offset"));

  for (const char* text :
       {"state:\n  partitions: 1.5\n", "state:\n  partitions: [1]\n",
        "state:\n  checkpoint_every_records: -1\n", "identity:\n  home_country_code: \"+86\"\n",
        "time:\n  min_timestamp: yesterday\n", "state: 5\n",
        "time:\n  out_of_order_bound_minutes: 100000\n"}) {
    auto r = ParseConfig(text, "r.yaml");
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_THAT(r.status().message(), HasSubstr("r.yaml:")) << text;
  }
}

TEST(Config, RejectsInvalidYamlWithItsPosition) {
  auto c = ParseConfig("state:\n  retention_days: [1, 2\n", "bad.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("bad.yaml:"));
  EXPECT_THAT(c.status().message(), HasSubstr("invalid YAML"));
  auto top = ParseConfig("- just\n- a list\n", "list.yaml");
  EXPECT_FALSE(top.ok());
}

// Errors are values: no input may make ParseConfig throw.
TEST(Config, ReportsANonScalarKeyAsAnErrorInsteadOfThrowing) {
  for (const char* text : {"? [a, b]\n: 1\n", "state:\n  ? [x]\n  : 1\n"}) {
    Result<RippleConfig> r = Status::Internal("not run");
    EXPECT_NO_THROW(r = ParseConfig(text, "k.yaml")) << text;
    EXPECT_FALSE(r.ok()) << text;
  }
}

TEST(Config, LoadsTheShippedConfigAsTheDefaults) {
  auto c = LoadConfig(std::string(RIPPLE_SOURCE_DIR) + "/config/ripple.yaml");
  ASSERT_OK(c);
  ExpectDefaults(*c);
}

TEST(Config, MissingFileIsAnErrorNamingIt) {
  auto c = LoadConfig("/nonexistent/ripple.yaml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(c.status().message(), HasSubstr("/nonexistent/ripple.yaml"));
}

}  // namespace
}  // namespace ripple
