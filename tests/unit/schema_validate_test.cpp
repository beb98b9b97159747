// validate(): every rule of the incident model (docs/csv-format.md), each negative case
// asserting the exact path and message.
#include <catch2/catch.hpp>

#include <string>

#include "vrs/schema/validate.hpp"

using namespace vrs::schema;

namespace {

const Date kToday{2025, 6, 30};

// A small valid incident: Afghan and Iranian nationals flown via Malaysia, landed by boat.
Incident valid_incident() {
  Incident inc;
  inc.ref = "AUS-ABF-2024-0001";
  inc.date = Date{2024, 3, 14};
  inc.conduct = {Conduct::Smuggling};
  inc.detection = {"AUS", DetectionLocation::AtSea};
  inc.route = {{"AFG", RouteRole::Origin, TransportMode::Air},
               {"MYS", RouteRole::Transit, TransportMode::Air},
               {"AUS", RouteRole::Destination, TransportMode::Sea}};
  inc.migrants = {{"AFG", Sex::Male, MigrantAge::Adult, 12, 0, DocumentStatus::None},
                  {"IRN", Sex::Female, MigrantAge::Child, 3, 1, DocumentStatus::None}};
  inc.smugglers = {{"IDN", Sex::Male, SmugglerAge::Adult, SmugglerRole::Crew, 3}};
  inc.fees = {{450000, "USD", FeeBasis::Person, FeeCoverage::FullJourney, PaymentMethod::Hawala}};
  return inc;
}

// The single error of `inc`, as "path: message".
std::string only_error(const Incident& inc) {
  const auto errors = validate(inc, kToday);
  REQUIRE(errors.size() == 1);
  return describe(errors.front());
}

}  // namespace

TEST_CASE("a complete incident is valid", "[schema][validate]") {
  CHECK(validate(valid_incident(), kToday).empty());
}

TEST_CASE("origin XXX (not established) is valid", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route.front().country = "XXX";
  CHECK(validate(inc, kToday).empty());
  inc.route.back().country = "XXX";
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("several nationalities and a group of 350 persons are valid", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants = {{"MMR", Sex::Male, MigrantAge::Adult, 350, 0, DocumentStatus::None},
                  {"BGD", Sex::Female, MigrantAge::Adult, 41, 0, DocumentStatus::Unknown},
                  {"XXA", Sex::Unknown, MigrantAge::Child, 42, 17, DocumentStatus::None},
                  {"XXB", Sex::Male, MigrantAge::Adult, 2, 0, DocumentStatus::Genuine},
                  {"XXC", Sex::Female, MigrantAge::Unknown, 1, 0, DocumentStatus::Unknown},
                  {"XXX", Sex::Unknown, MigrantAge::Unknown, 9, 0, DocumentStatus::Unknown}};
  CHECK(validate(inc, kToday).empty());
  CHECK(migrant_total(inc) == 445);
}

TEST_CASE("stateless smugglers and unknown document issuer are valid", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.smugglers.push_back({"XXA", Sex::Male, SmugglerAge::Juvenile, SmugglerRole::Guide, 1});
  inc.documents = {{DocumentType::IdCard, FraudType::StolenBlank, "XXX", 1},
                   {DocumentType::Passport, FraudType::Forged, "GBR", 3}};
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("list and count limits accept their maximum", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants.assign(kMaxMigrantGroups, {"AFG", Sex::Male, MigrantAge::Adult, kMaxCount, 0,
                                          DocumentStatus::None});
  inc.route.clear();
  inc.route.push_back({"AFG", RouteRole::Origin, TransportMode::Air});
  for (std::size_t i = 0; i + 2 < kMaxRouteLegs; ++i)
    inc.route.push_back({"MYS", RouteRole::Transit, TransportMode::Air});
  inc.route.push_back({"AUS", RouteRole::Destination, TransportMode::Sea});
  inc.notes = std::string(kMaxNotesBytes, 'n');
  inc.ref = std::string(kMaxRefBytes, 'r');
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("month-precision dates up to the current month are valid", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.date = Date{2025, 6, std::nullopt};
  CHECK(validate(inc, kToday).empty());
  inc.date = Date{2025, 6, 30};
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("unknown nationality code names the group", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants.push_back({"XYZ", Sex::Male, MigrantAge::Adult, 1, 0, DocumentStatus::None});
  CHECK(only_error(inc) == "migrants[2].nationality: \"XYZ\" is not an ISO 3166-1 alpha-3 code");
}

TEST_CASE("lower-case codes are not codes", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.smugglers[0].nationality = "idn";
  CHECK(only_error(inc) == "smugglers[0].nationality: \"idn\" is not an ISO 3166-1 alpha-3 code");
}

TEST_CASE("detection country may not be XXX", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.detection.country = "XXX";
  CHECK(only_error(inc) == "detection.country: \"XXX\" (unknown) is not allowed here: an ISO "
                           "3166-1 alpha-3 code is required");
}

TEST_CASE("detection country may not be an ICAO nationality code", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.detection.country = "XXA";
  CHECK(only_error(inc) == "detection.country: \"XXA\" is an ICAO nationality code, not a "
                           "country: an ISO 3166-1 alpha-3 code is required");
}

TEST_CASE("transit legs may not be XXX", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route[1].country = "XXX";
  CHECK(only_error(inc) == "route[1].country: \"XXX\" (unknown) is not allowed here: an ISO "
                           "3166-1 alpha-3 code is required");
}

TEST_CASE("route origin may not be a refugee code", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route[0].country = "XXB";
  CHECK(only_error(inc) == "route[0].country: \"XXB\" is an ICAO nationality code, not a "
                           "country: an ISO 3166-1 alpha-3 code or XXX (unknown) is required");
}

TEST_CASE("document issuer must be a country or XXX", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.documents = {{DocumentType::Passport, FraudType::Counterfeit, "ZZZ", 2}};
  CHECK(only_error(inc) == "documents[0].issuer: \"ZZZ\" is not an ISO 3166-1 alpha-3 code");
}

TEST_CASE("two origins are rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route[1].role = RouteRole::Origin;
  CHECK(only_error(inc) == "route: 2 origin legs, exactly one is required");
}

TEST_CASE("a route without destination is rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route.pop_back();
  CHECK(only_error(inc) == "route: 0 destination legs, exactly one is required");
}

TEST_CASE("an empty route reports both ends", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route.clear();
  const auto errors = validate(inc, kToday);
  REQUIRE(errors.size() == 2);
  CHECK(describe(errors[0]) == "route: 0 origin legs, exactly one is required");
  CHECK(describe(errors[1]) == "route: 0 destination legs, exactly one is required");
}

TEST_CASE("origin must be the first leg", "[schema][validate]") {
  Incident inc = valid_incident();
  std::swap(inc.route[0], inc.route[1]);
  CHECK(only_error(inc) == "route[1].role: \"origin\" must be the first leg");
}

TEST_CASE("destination must be the last leg", "[schema][validate]") {
  Incident inc = valid_incident();
  std::swap(inc.route[1], inc.route[2]);
  CHECK(only_error(inc) == "route[1].role: \"destination\" must be the last leg");
}

TEST_CASE("more than 16 route legs are rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.route.insert(inc.route.begin() + 1, 15, RouteLeg{"MYS", RouteRole::Transit, TransportMode::Air});
  CHECK(inc.route.size() == 18);
  CHECK(only_error(inc) == "route: 18 legs, at most 16 are allowed");
}

TEST_CASE("a date after today is rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.date = Date{2025, 7, 1};
  CHECK(only_error(inc) == "date: \"2025-07-01\" is after today (2025-06-30)");
  inc.date = Date{2025, 7, std::nullopt};
  CHECK(only_error(inc) == "date: \"2025-07\" is after today (2025-06-30)");
}

TEST_CASE("impossible calendar dates are rejected", "[schema][validate]") {
  auto [date, text] = GENERATE(table<Date, std::string>({
      {Date{2024, 2, 30}, "2024-02-30"}, {Date{2023, 2, 29}, "2023-02-29"},
      {Date{2024, 13, 1}, "2024-13-01"}, {Date{2024, 0, std::nullopt}, "2024-00"},
      {Date{2024, 4, 31}, "2024-04-31"}}));
  Incident inc = valid_incident();
  inc.date = date;
  CHECK(only_error(inc) == "date: \"" + text + "\" is not a calendar date");
}

TEST_CASE("dates before 1900 are rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.date = Date{1850, 1, 1};
  CHECK(only_error(inc) == "date: \"1850-01-01\" is before 1900");
}

TEST_CASE("at least one conduct is required", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.conduct.clear();
  CHECK(only_error(inc) == "conduct: at least one conduct is required");
}

TEST_CASE("group counts must be at least 1", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants[0].count = 0;
  CHECK(only_error(inc) == "migrants[0].count: 0 must be at least 1");
  inc = valid_incident();
  inc.smugglers[0].count = -2;
  CHECK(only_error(inc) == "smugglers[0].count: -2 must be at least 1");
  inc = valid_incident();
  inc.documents = {{DocumentType::Visa, FraudType::Forged, "AUS", 0}};
  CHECK(only_error(inc) == "documents[0].count: 0 must be at least 1");
}

TEST_CASE("counts above a million are rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants[1].count = kMaxCount + 1;
  CHECK(only_error(inc) == "migrants[1].count: 1000001 must be at most 1000000");
}

TEST_CASE("unaccompanied children cannot exceed the group", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants[1].unaccompanied_children = 4;
  CHECK(only_error(inc) ==
        "migrants[1].unaccompanied_children: 4 is more than the group's count (3)");
}

TEST_CASE("unaccompanied children only in groups of children", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants[0].unaccompanied_children = 2;
  CHECK(only_error(inc) == "migrants[0].unaccompanied_children: 2 requires age \"child\" (the "
                           "group's age is \"adult\")");
}

TEST_CASE("negative unaccompanied children are rejected", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants[1].unaccompanied_children = -1;
  CHECK(only_error(inc) == "migrants[1].unaccompanied_children: -1 must be at least 0");
}

TEST_CASE("fee amounts must be positive", "[schema][validate]") {
  auto [minor, text] = GENERATE(table<std::int64_t, std::string>({
      {0, "fees[0].amount: 0 must be greater than 0"},
      {-500, "fees[0].amount: -5 must be greater than 0"},
      {-1, "fees[0].amount: -0.01 must be greater than 0"}}));
  Incident inc = valid_incident();
  inc.fees[0].amount_minor = minor;
  CHECK(only_error(inc) == text);
}

TEST_CASE("fee amounts have an upper bound", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.fees[0].amount_minor = kMaxFeeMinor + 1;
  CHECK(only_error(inc) ==
        "fees[0].amount: 1000000000.01 must be at most 1000000000");
}

TEST_CASE("fee currency must be ISO 4217", "[schema][validate]") {
  auto code = GENERATE(as<std::string>{}, "XXX", "ABC", "usd", "XTS");
  Incident inc = valid_incident();
  inc.fees[0].currency = code;
  CHECK(only_error(inc) == "fees[0].currency: \"" + code + "\" is not an ISO 4217 currency code");
}

TEST_CASE("case_key must be lower-case hex of sane length", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.case_key = std::string(64, 'a');
  CHECK(validate(inc, kToday).empty());
  inc.case_key = "9F2C4E1AB37D5E08C6A1F4D2B9E07C35";
  CHECK(only_error(inc) == "case_key: \"9F2C4E1AB37D5E08C6A1F4D2B9E07C35\" is not lower-case hex");
  inc.case_key = "abcd";
  CHECK(only_error(inc) == "case_key: \"abcd\" must be an even number of 32 to 128 hex digits");
  inc.case_key = std::string(33, 'b');
  CHECK(validate(inc, kToday).size() == 1);
  inc.case_key = "";
  CHECK(only_error(inc) == "case_key: \"\" must be an even number of 32 to 128 hex digits");
}

TEST_CASE("ref must be 1 to 64 printable bytes", "[schema][validate]") {
  auto [ref, message] = GENERATE(table<std::string, std::string>({
      {"", "ref: must not be empty"},
      {std::string(65, 'r'), "ref: \"" + std::string(64, 'r') + "...\" is 65 bytes long, at most 64 are allowed"},
      {"AUS\x01" "1", "ref: \"AUS\\u00011\" contains a control character"},
      {"AUS\n1", "ref: \"AUS\\n1\" contains a control character"},
      {" AUS-1", "ref: \" AUS-1\" has leading or trailing whitespace"},
      {"AUS-\xff", "ref: \"AUS-\\xff\" is not valid UTF-8"}}));
  Incident inc = valid_incident();
  inc.ref = ref;
  CHECK(only_error(inc) == message);
}

TEST_CASE("non-ASCII refs are fine", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.ref = "ตม-2567-0042";
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("notes are limited to 2000 bytes of UTF-8", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.notes = std::string(kMaxNotesBytes + 1, 'n');
  CHECK(only_error(inc) == "notes: 2001 bytes, at most 2000 are allowed");
  inc.notes = "bad \xc3\x28 byte";
  CHECK(only_error(inc) == "notes: not valid UTF-8");
  inc.notes = "overlong \xc0\xaf slash";
  CHECK(only_error(inc) == "notes: not valid UTF-8");
  inc.notes = "surrogate \xed\xa0\x80";
  CHECK(only_error(inc) == "notes: not valid UTF-8");
  inc.notes = "line one\nline two — ok";
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("harm and response counts must not be negative", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.harm.deaths = -1;
  inc.response.convictions = -3;
  const auto errors = validate(inc, kToday);
  REQUIRE(errors.size() == 2);
  CHECK(describe(errors[0]) == "harm.deaths: -1 must be at least 0");
  CHECK(describe(errors[1]) == "response.convictions: -3 must be at least 0");
}

TEST_CASE("base_version starts at 1", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.base_version = 0;
  CHECK(only_error(inc) == "base_version: 0 must be at least 1");
  inc.base_version = 7;
  inc.status = RecordStatus::Withdrawn;
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("too many groups are rejected without listing each", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.migrants.assign(kMaxMigrantGroups + 1, inc.migrants[0]);
  CHECK(only_error(inc) == "migrants: 1001 groups, at most 1000 are allowed");
  inc = valid_incident();
  inc.fees.assign(kMaxFees + 1, inc.fees[0]);
  CHECK(only_error(inc) == "fees: 101 fees, at most 100 are allowed");
}

TEST_CASE("every problem is reported, in field order", "[schema][validate]") {
  Incident inc = valid_incident();
  inc.ref.clear();
  inc.date = Date{2024, 2, 30};
  inc.detection.country = "XXX";
  inc.migrants[0].nationality = "ABC";
  inc.migrants[1].count = 0;
  inc.migrants[1].unaccompanied_children = 0;
  inc.fees[0].currency = "EUR1";
  const auto errors = validate(inc, kToday);
  REQUIRE(errors.size() == 6);
  CHECK(errors[0].path == "ref");
  CHECK(errors[1].path == "date");
  CHECK(errors[2].path == "detection.country");
  CHECK(errors[3].path == "migrants[0].nationality");
  CHECK(errors[3].value == "\"ABC\"");
  CHECK(errors[4].path == "migrants[1].count");
  CHECK(errors[4].value == "0");
  CHECK(errors[5].path == "fees[0].currency");
}
