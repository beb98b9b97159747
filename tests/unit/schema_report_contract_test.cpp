#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "vrs/schema/report/contract.hpp"

namespace report = vrs::schema::report;
namespace json = boost::json;

TEST_CASE("report sections: the fixed list and its checks", "[schema][report]") {
  CHECK(report::kSections.size() == 14);
  CHECK(report::is_section("totals"));
  CHECK(report::is_section("coverage"));
  CHECK_FALSE(report::is_section("Totals"));
  CHECK_FALSE(report::is_section(""));
  CHECK(report::section_list().rfind("totals, trend_monthly, ", 0) == 0);
  CHECK(report::section_list().size() > 100);
}

TEST_CASE("report periods: valid forms resolve to days and the previous period", "[schema][report]") {
  using K = report::PeriodKind;
  auto y = report::parse_period("2024");
  REQUIRE(y);
  CHECK(y->kind == K::Year);
  CHECK(report::day_text(y->from) == "2024-01-01");
  CHECK(report::day_text(y->to) == "2024-12-31");
  CHECK(report::day_text(y->previous_from) == "2023-01-01");
  CHECK(report::day_text(y->previous_to) == "2023-12-31");

  auto q = report::parse_period("2025-Q1");
  REQUIRE(q);
  CHECK(q->kind == K::Quarter);
  CHECK(report::day_text(q->to) == "2025-03-31");
  CHECK(report::day_text(q->previous_from) == "2024-10-01");

  auto m = report::parse_period("2024-02");
  REQUIRE(m);
  CHECK(m->kind == K::Month);
  CHECK(report::day_text(m->to) == "2024-02-29");
  CHECK(report::day_text(m->previous_from) == "2024-01-01");

  auto r = report::parse_period("2025-01..2025-03");
  REQUIRE(r);
  CHECK(r->kind == K::Range);
  CHECK(r->label == "2025-01..2025-03");
  CHECK(report::day_text(r->to) == "2025-03-31");
  CHECK(report::day_text(r->previous_from) == "2024-10-01");
  CHECK(report::day_text(r->previous_to) == "2024-12-31");
  // Across a year, and the whole-month range written as days.
  auto across = report::parse_period("2024-11-01..2025-02-28");
  REQUIRE(across);
  CHECK(report::day_text(across->previous_from) == "2024-07-01");
}

TEST_CASE("report periods: every malformed form is refused naming the field and value", "[schema][report]") {
  const auto [text, why] = GENERATE(table<std::string, std::string>({
      {"", "is not a year"},
      {"25", "is not a year"},
      {"1899", "is not a year"},
      {"2025-Q5", "is not a year"},
      {"2025-13", "is not a year"},
      {"2025-00", "is not a year"},
      {"2025-02-31..2025-03-01", "is not a range of two months"},
      {"2025-01-10..2025-01-19", "does not cover whole months"},
      {"2025-01-01..2025-03-30", "does not cover whole months"},
      {"2025-01..2025-13", "is not a range of two months"},
      {"2025-03-01..2025-02-01", "ends before it starts"},
      {"2000-01-01..2025-01-01", "is longer than 10 years"},
      {"2025-01-01..", "is not a range of two months"},
      {"2025\n", "is not a year"},
  }));
  auto p = report::parse_period(text);
  REQUIRE_FALSE(p);
  CHECK(p.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(p.error().message().rfind("period: \"", 0) == 0);
  CHECK(p.error().message().find(why) != std::string::npos);
  CHECK(p.error().message().find('\n') == std::string::npos);
}

TEST_CASE("report days: parse_day refuses days that do not exist", "[schema][report]") {
  CHECK(report::parse_day("2024-02-29"));
  CHECK_FALSE(report::parse_day("2025-02-29"));
  CHECK_FALSE(report::parse_day("2025-04-31"));
  CHECK_FALSE(report::parse_day("2025-4-01"));
  CHECK(report::days_from_civil(1970, 1, 1) == 0);
  int y = 0, m = 0, d = 0;
  report::civil_from_days(report::days_from_civil(2031, 12, 31), y, m, d);
  CHECK((y == 2031 && m == 12 && d == 31));
}

TEST_CASE("report digest: seal, check and the exact-bytes form agree", "[schema][report]") {
  json::object doc{{"schema", "vrs.report/1"}, {"a", 1}, {"b", json::array{1, 2, 3}}};
  const std::string sealed = report::seal(doc);
  CHECK(sealed.find("\"sha256\":\"" + report::digest(doc) + "\"}") != std::string::npos);
  CHECK(report::raw_digest_matches(sealed) == std::optional<bool>(true));
  CHECK(report::raw_digest_matches(sealed + "\n") == std::optional<bool>(true));

  json::object parsed = json::parse(sealed).as_object();
  CHECK(report::check_digest(parsed));

  SECTION("a changed figure is DataLoss") {
    parsed["a"] = 2;
    auto r = report::check_digest(parsed);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::DataLoss);
    CHECK(r.error().message().find("sha256 mismatch") != std::string::npos);
    std::string tampered = sealed;
    tampered.replace(tampered.find("\"a\":1"), 5, "\"a\":7");
    CHECK(report::raw_digest_matches(tampered) == std::optional<bool>(false));
  }
  SECTION("a missing digest is InvalidArgument") {
    parsed.erase("sha256");
    auto r = report::check_digest(parsed);
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK(report::raw_digest_matches(json::serialize(parsed)) == std::nullopt);
  }
}
