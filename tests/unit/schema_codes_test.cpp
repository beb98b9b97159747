// Code lists (iso-codes + ICAO), enum tables and dates of vrs_schema.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <tuple>
#include <vector>

#include "vrs/schema/codes.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/schema/model.hpp"

using namespace vrs::schema;

TEST_CASE("country list is loaded from iso-codes, not retyped", "[schema][codes]") {
  CHECK(country_count() >= 249);
  CHECK(country_name("AFG") == std::optional<std::string_view>("Afghanistan"));
  CHECK(country_name("AUS") == std::optional<std::string_view>("Australia"));
  CHECK_FALSE(country_name("XYZ").has_value());
}

TEST_CASE("Asia-Pacific alpha-3 codes are countries", "[schema][codes]") {
  auto code = GENERATE(as<std::string>{}, "AUS", "IDN", "MYS", "THA", "LKA", "AFG", "IRN", "MMR",
                       "VNM", "CHN", "IND", "PAK", "BGD", "NZL", "PNG", "TLS", "FJI", "SGP");
  CAPTURE(code);
  CHECK(is_country_alpha3(code));
  CHECK(is_nationality(code));
  CHECK(is_country_or_unknown(code));
}

TEST_CASE("non-codes are rejected everywhere", "[schema][codes]") {
  auto code = GENERATE(as<std::string>{}, "XYZ", "afg", "AF", "AFGH", "", "004", "A F");
  CAPTURE(code);
  CHECK_FALSE(is_country_alpha3(code));
  CHECK_FALSE(is_nationality(code));
  CHECK_FALSE(is_country_or_unknown(code));
}

TEST_CASE("ICAO special codes are nationalities but not countries", "[schema][codes]") {
  auto code = GENERATE(as<std::string>{}, "XXA", "XXB", "XXC", "XXX");
  CAPTURE(code);
  CHECK(is_icao_special_nationality(code));
  CHECK(is_nationality(code));
  CHECK_FALSE(is_country_alpha3(code));
  CHECK(is_country_or_unknown(code) == (code == "XXX"));
}

TEST_CASE("nationality names cover the ICAO codes", "[schema][codes]") {
  CHECK(nationality_name("XXA") == std::optional<std::string_view>("Stateless person"));
  CHECK(nationality_name("XXB") == std::optional<std::string_view>("Refugee (1951 Convention)"));
  CHECK(nationality_name("XXC") == std::optional<std::string_view>("Refugee (other)"));
  CHECK(nationality_name("XXX") == std::optional<std::string_view>("Unknown"));
  CHECK(nationality_name("MMR") == std::optional<std::string_view>("Myanmar"));
  CHECK_FALSE(nationality_name("XXD").has_value());
}

TEST_CASE("currencies come from ISO 4217 minus XXX and XTS", "[schema][codes]") {
  CHECK(currency_count() >= 150);
  auto [code, valid] = GENERATE(table<std::string, bool>({
      {"USD", true}, {"AUD", true}, {"IDR", true}, {"MYR", true}, {"THB", true},
      {"AFN", true}, {"BDT", true}, {"XOF", true}, {"XXX", false}, {"XTS", false},
      {"ABC", false}, {"usd", false}, {"US", false}, {"", false}}));
  CAPTURE(code);
  CHECK(is_currency(code) == valid);
}

TEST_CASE("currency names", "[schema][codes]") {
  CHECK(currency_name("AUD") == std::optional<std::string_view>("Australian Dollar"));
  CHECK_FALSE(currency_name("XXX").has_value());
}

TEST_CASE("code tables are safe to initialise from many threads at once", "[schema][codes]") {
  std::atomic<int> hits{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      if (is_country_alpha3("IDN") && is_currency("IDR") && !is_currency("XTS")) ++hits;
    });
  for (auto& t : threads) t.join();
  CHECK(hits == 8);
}

TEMPLATE_TEST_CASE("every enum name parses back to its enumerator", "[schema][enums]", Conduct,
                   DetectionLocation, RouteRole, TransportMode, Sex, MigrantAge, DocumentStatus,
                   SmugglerAge, SmugglerRole, Method, DocumentType, FraudType, FeeBasis,
                   FeeCoverage, PaymentMethod, Abuse, Sharing, RecordStatus) {
  const auto names = enum_names<TestType>();
  REQUIRE_FALSE(names.empty());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto value = static_cast<TestType>(i);
    CHECK(to_string(value) == names[i]);
    CHECK(parse_enum<TestType>(names[i]) == value);
  }
  CHECK_FALSE(parse_enum<TestType>("").has_value());
  CHECK_FALSE(parse_enum<TestType>("no_such_value").has_value());
}

TEST_CASE("enum tables hold the DESIGN vocabulary", "[schema][enums]") {
  CHECK(enum_names<Conduct>().size() == 4);
  CHECK(enum_names<DetectionLocation>().size() == 8);
  CHECK(enum_names<SmugglerRole>().size() == 9);
  CHECK(enum_names<Method>().size() == 12);
  CHECK(enum_names<FraudType>().size() == 6);
  CHECK(enum_names<PaymentMethod>().size() == 7);
  CHECK(to_string(Conduct::EnablingIllegalStay) == "enabling_illegal_stay");
  CHECK(to_string(DetectionLocation::LandBetweenCheckpoints) == "land_between_checkpoints");
  CHECK(to_string(Sharing::AggregateOnly) == "aggregate_only");
  CHECK(to_string(Method::PayOnArrival) == "pay_on_arrival");
}

TEST_CASE("enum parsing is exact and case-sensitive", "[schema][enums]") {
  CHECK(parse_enum<Sex>("male") == Sex::Male);
  CHECK_FALSE(parse_enum<Sex>("Male").has_value());
  CHECK_FALSE(parse_enum<Sex>("male ").has_value());
  CHECK(enum_choices<Sex>() == "female, male, unknown");
}

TEST_CASE("dates parse with their precision", "[schema][date]") {
  CHECK(parse_date("2024-03-15") == Date{2024, 3, 15});
  CHECK(parse_date("2024-03") == Date{2024, 3, std::nullopt});
  auto bad = GENERATE(as<std::string>{}, "2024", "2024-3-15", "2024/03/15", "15-03-2024", "",
                      "2024-03-1x", "20240315", "2024-03-15T00:00");
  CAPTURE(bad);
  CHECK_FALSE(parse_date(bad).has_value());
}

TEST_CASE("dates format back to the same text", "[schema][date]") {
  CHECK(to_string(Date{2024, 3, 15}) == "2024-03-15");
  CHECK(to_string(Date{2024, 11, std::nullopt}) == "2024-11");
  CHECK(to_string(Date{987, 1, 2}) == "0987-01-02");
}

TEST_CASE("calendar check knows month lengths and leap years", "[schema][date]") {
  auto [date, ok] = GENERATE(table<Date, bool>({
      {Date{2024, 2, 29}, true}, {Date{2023, 2, 29}, false}, {Date{2024, 2, 30}, false},
      {Date{2024, 4, 31}, false}, {Date{2024, 12, 31}, true}, {Date{2024, 13, 1}, false},
      {Date{2024, 0, 1}, false}, {Date{2024, 1, 0}, false}, {Date{2024, 1, 300}, false},
      {Date{2000, 2, 29}, true}, {Date{1900, 2, 29}, false}, {Date{2024, 6, std::nullopt}, true},
      {Date{2024, 13, std::nullopt}, false}}));
  CAPTURE(to_string(date));
  CHECK(is_calendar_date(date) == ok);
}

TEST_CASE("today_utc is a full calendar date", "[schema][date]") {
  const Date today = today_utc();
  CHECK(today.day.has_value());
  CHECK(is_calendar_date(today));
  CHECK(today.year >= 2024);
}
