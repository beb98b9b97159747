#include <catch2/catch.hpp>

#include <string>

#include "vrs/server/analysis/facts.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/server/analysis/request.hpp"

using namespace vrs::server::analysis;
using namespace vrs::schema::report;

namespace {
std::int32_t day(int y, int m, int d) { return days_from_civil(y, m, d); }
}  // namespace

TEST_CASE("periods resolve to days and their previous period") {
  auto y = parse_period("2025");
  REQUIRE(y);
  CHECK(y->kind == PeriodKind::Year);
  CHECK(y->from == day(2025, 1, 1));
  CHECK(y->to == day(2025, 12, 31));
  CHECK(y->previous_from == day(2024, 1, 1));
  CHECK(y->previous_to == day(2024, 12, 31));

  auto q = parse_period("2025-Q1");
  REQUIRE(q);
  CHECK(q->kind == PeriodKind::Quarter);
  CHECK(q->from == day(2025, 1, 1));
  CHECK(q->to == day(2025, 3, 31));
  CHECK(q->previous_from == day(2024, 10, 1));
  CHECK(q->previous_to == day(2024, 12, 31));

  auto m = parse_period("2024-03");
  REQUIRE(m);
  CHECK(m->kind == PeriodKind::Month);
  CHECK(m->to == day(2024, 3, 31));
  CHECK(m->previous_from == day(2024, 2, 1));
  CHECK(m->previous_to == day(2024, 2, 29));

  auto r = parse_period("2025-01..2025-02");
  REQUIRE(r);
  CHECK(r->kind == PeriodKind::Range);
  CHECK(r->from == day(2025, 1, 1));
  CHECK(r->to == day(2025, 2, 28));
  CHECK(r->previous_to == day(2024, 12, 31));
  CHECK(day_text(r->previous_from) == "2024-11-01");
  // The same months written as days.
  auto days = parse_period("2025-01-01..2025-02-28");
  REQUIRE(days);
  CHECK(days->from == r->from);
  CHECK(days->to == r->to);
  CHECK(days->previous_from == r->previous_from);
}

TEST_CASE("bad periods are refused naming the parameter and value") {
  auto [text, message] = GENERATE(table<std::string, std::string>({
      {"2025-13", "period: \"2025-13\" is not a year"},
      {"2025-Q5", "period: \"2025-Q5\" is not a year"},
      {"2025-Q0", "period: \"2025-Q0\" is not a year"},
      {"25", "period: \"25\" is not a year"},
      {"1899", "period: \"1899\" is not a year"},
      {"2025-02-01..2025-01-01", "period: \"2025-02-01..2025-01-01\" ends before it starts"},
      {"2000-01-01..2025-01-01", "period: \"2000-01-01..2025-01-01\" is longer than 10 years"},
      {"2025-02-30..2025-03-01", "period: \"2025-02-30..2025-03-01\" is not a range"},
      {"2025-01-01..", "period: \"2025-01-01..\" is not a range"},
      {"2025-01-10..2025-02-20", "period: \"2025-01-10..2025-02-20\" does not cover whole months"},
      {"2025-01-01..2025-03-30", "period: \"2025-01-01..2025-03-30\" does not cover whole months"},
      {"2025-03..2025-01", "period: \"2025-03..2025-01\" ends before it starts"},
      {"2025-13..2026-01", "period: \"2025-13..2026-01\" is not a range of two months"},
      {"", "period: \"\" is not a year"},
  }));
  auto p = parse_period(text);
  REQUIRE_FALSE(p);
  CHECK(p.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK_THAT(p.error().message(), Catch::StartsWith(message));
}

TEST_CASE("query strings: regions, filters and refusals") {
  vrs::server::RegionsConfig regions;
  regions.regions["mekong"] = {"KHM", "LAO", "THA", "VNM"};

  auto r = parse_analysis_request("region=mekong&period=2025-Q2&route_country=THA&mode=sea&nationality=MMR", regions);
  REQUIRE(r);
  CHECK(r->states == std::vector<std::string>{"KHM", "LAO", "THA", "VNM"});
  CHECK(r->route_country == "THA");
  CHECK(r->mode == "sea");
  CHECK(r->nationality == "MMR");
  CHECK(describe(*r) == "region=mekong period=2025-Q2 route_country=THA mode=sea nationality=MMR");

  auto all = parse_analysis_request("region=all&period=2025", regions);
  REQUIRE(all);
  CHECK(all->states.empty());
  auto bali = parse_analysis_request("region=bali_process&period=2025-01-01%2E%2E2025-01-31", regions);
  REQUIRE(bali);
  CHECK(bali->states == bali_process_states());
  CHECK(bali->period.kind == PeriodKind::Range);

  auto [query, message] = GENERATE(table<std::string, std::string>({
      {"period=2025", "region: is required"},
      {"region=all", "period: is required"},
      {"region=atlantis&period=2025", "region: \"atlantis\" is not a configured region (all, bali_process, mekong)"},
      {"region=all&period=2025&region=all", "region: \"all\" is given more than once"},
      {"region=all&period=2025&colour=red", "colour: \"red\" is not a known parameter"},
      {"region=all&period=2025&mode=boat", "mode: \"boat\" is not one of air, land, sea, unknown"},
      {"region=all&period=2025&nationality=XYZ", "nationality: \"XYZ\" is not an ISO 3166-1 alpha-3 code"},
      {"region=all&period=2025&route_country=aus", "route_country: \"aus\" is not an ISO 3166-1 alpha-3 code"},
      {"region=all&period=2025&mode=%zz", "query: \"mode=%zz\" has a bad %-escape"},
      {"region=all&period=2025-Q9", "period: \"2025-Q9\" is not a year"},
  }));
  auto bad = parse_analysis_request(query, regions);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK_THAT(bad.error().message(), Catch::StartsWith(message));
}

TEST_CASE("a query longer than 2048 bytes is refused") {
  auto r = parse_analysis_request("region=all&period=2025&x=" + std::string(3000, 'a'), {});
  REQUIRE_FALSE(r);
  CHECK(r.error().message() == "query: longer than 2048 bytes");
}

TEST_CASE("alpha-3 codes pack into 16 bits and back") {
  CHECK(unpack_code(pack_code("AUS")) == "AUS");
  CHECK(unpack_code(pack_code("XXX")) == "XXX");
  CHECK(pack_code("ZZZ") == 26 * 26 * 26 - 1);
  CHECK(pack_code("aus") == kNoCode);
  CHECK(pack_code("AU") == kNoCode);
  CHECK(day_text(days_from_civil(2024, 2, 29)) == "2024-02-29");
  CHECK(days_from_civil(1970, 1, 1) == 0);
}
