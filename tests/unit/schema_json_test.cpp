// JSON decoding of vrs.incident/1: structure, types, limits and files of records.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/validate.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::schema;

namespace {

const Date kToday{2025, 6, 30};

// A valid record with every field, as a member agency would send it.
const std::string kFull = R"({
  "ref": "IDN-POLRI-24-117",
  "case_key": "9f2c4e1ab37d5e08c6a1f4d2b9e07c35",
  "date": "2024-05",
  "conduct": ["smuggling", "document_fraud"],
  "detection": {"country": "IDN", "location": "airport"},
  "route": [
    {"country": "XXX", "role": "origin", "mode": "air"},
    {"country": "MYS", "role": "transit", "mode": "air"},
    {"country": "AUS", "role": "destination"}
  ],
  "migrants": [
    {"nationality": "AFG", "sex": "male", "age": "adult", "count": 350, "document_status": "none"},
    {"nationality": "XXA", "sex": "female", "age": "child", "count": 3, "unaccompanied_children": 2}
  ],
  "smugglers": [{"nationality": "IDN", "sex": "male", "age": "juvenile", "role": "crew", "count": 2}],
  "methods": ["fraudulent_documents", "commercial_flight"],
  "documents": [{"type": "passport", "fraud": "counterfeit", "issuer": "PAK", "count": 4}],
  "fees": [{"amount": 1500.5, "currency": "USD", "per": "person", "covers": "full_journey", "payment": "hawala"}],
  "harm": {"deaths": 0, "missing": 1, "injured": 2, "abuse": ["extortion"]},
  "response": {"investigations": 1, "arrests": 3, "prosecutions": 0, "convictions": 0},
  "sharing": "analysts",
  "status": "active",
  "base_version": 2,
  "notes": "Group split in KUL; ünïcode ok"
})";

// Minimal valid record: only the required fields.
const std::string kMinimal =
    R"({"ref":"r1","date":"2024-01-02","conduct":["smuggling"],)"
    R"("detection":{"country":"THA","location":"inland"},)"
    R"("route":[{"country":"MMR","role":"origin"},{"country":"THA","role":"destination"}]})";

// Replaces the first occurrence of `from` in `text`.
std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

// The decode errors of `text`, each as "path: message".
std::vector<std::string> decode_errors(const std::string& text, const JsonLimits& limits = {}) {
  auto r = decode_incident(text, limits);
  REQUIRE_FALSE(r.has_value());
  std::vector<std::string> out;
  for (const auto& e : r.error()) out.push_back(describe(e));
  return out;
}

std::string read_file(const std::string& path) { return vrs::test::read_text_file(path); }

}  // namespace

TEST_CASE("a full record decodes into the model", "[schema][json]") {
  auto r = decode_incident(kFull);
  REQUIRE(r.has_value());
  const Incident& inc = *r;
  CHECK(inc.ref == "IDN-POLRI-24-117");
  CHECK(inc.case_key == "9f2c4e1ab37d5e08c6a1f4d2b9e07c35");
  CHECK(inc.date == Date{2024, 5, std::nullopt});
  CHECK(inc.conduct == std::set<Conduct>{Conduct::Smuggling, Conduct::DocumentFraud});
  CHECK(inc.detection == Detection{"IDN", DetectionLocation::Airport});
  REQUIRE(inc.route.size() == 3);
  CHECK(inc.route[0] == RouteLeg{"XXX", RouteRole::Origin, TransportMode::Air});
  CHECK(inc.route[2] == RouteLeg{"AUS", RouteRole::Destination, TransportMode::Unknown});
  REQUIRE(inc.migrants.size() == 2);
  CHECK(inc.migrants[0] == MigrantGroup{"AFG", Sex::Male, MigrantAge::Adult, 350, 0, DocumentStatus::None});
  CHECK(inc.migrants[1] == MigrantGroup{"XXA", Sex::Female, MigrantAge::Child, 3, 2, DocumentStatus::Unknown});
  CHECK(inc.smugglers[0] == SmugglerGroup{"IDN", Sex::Male, SmugglerAge::Juvenile, SmugglerRole::Crew, 2});
  CHECK(inc.methods == std::set<Method>{Method::FraudulentDocuments, Method::CommercialFlight});
  CHECK(inc.documents[0] == DocumentGroup{DocumentType::Passport, FraudType::Counterfeit, "PAK", 4});
  CHECK(inc.fees[0] == Fee{150050, "USD", FeeBasis::Person, FeeCoverage::FullJourney, PaymentMethod::Hawala});
  CHECK(inc.harm == Harm{0, 1, 2, {Abuse::Extortion}});
  CHECK(inc.response == Response{1, 3, 0, 0});
  CHECK(inc.sharing == Sharing::Analysts);
  CHECK(inc.status == RecordStatus::Active);
  CHECK(inc.base_version == 2u);
  CHECK(inc.notes == "Group split in KUL; ünïcode ok");
  CHECK(validate(inc, kToday).empty());
}

TEST_CASE("optional fields take their documented defaults", "[schema][json]") {
  auto r = decode_incident(kMinimal);
  REQUIRE(r.has_value());
  CHECK_FALSE(r->case_key.has_value());
  CHECK(r->migrants.empty());
  CHECK(r->smugglers.empty());
  CHECK(r->fees.empty());
  CHECK(r->harm == Harm{});
  CHECK(r->response == Response{});
  CHECK(r->sharing == Sharing::AggregateOnly);
  CHECK(r->status == RecordStatus::Active);
  CHECK_FALSE(r->base_version.has_value());
  CHECK(r->notes.empty());
  CHECK(r->route[0].mode == TransportMode::Unknown);
  CHECK(validate(*r, kToday).empty());
}

TEST_CASE("withdrawn status and base_version decode", "[schema][json]") {
  auto r = decode_incident(edit(kMinimal, R"("ref":"r1",)",
                                R"("ref":"r1","status":"withdrawn","base_version":3,)"));
  REQUIRE(r.has_value());
  CHECK(r->status == RecordStatus::Withdrawn);
  CHECK(r->base_version == 3u);
}

TEST_CASE("fee amounts are exact minor units", "[schema][json]") {
  auto [amount, minor] = GENERATE(table<std::string, std::int64_t>({
      {"1500", 150000}, {"1500.5", 150050}, {"1500.50", 150050}, {"0.29", 29},
      {"1500.05", 150005}, {"1.5e3", 150000}, {"25000.99", 2500099}, {"0", 0}, {"-5", -500}}));
  CAPTURE(amount);
  auto r = decode_incident(edit(kFull, "1500.5", amount));
  REQUIRE(r.has_value());
  CHECK(r->fees[0].amount_minor == minor);
}

TEST_CASE("fee amounts with three decimals are rejected", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, "1500.5", "1500.125")) ==
        std::vector<std::string>{"fees[0].amount: 1500.125 has more than 2 decimal places"});
  CHECK(decode_errors(edit(kFull, "1500.5", "0.001")) ==
        std::vector<std::string>{"fees[0].amount: 0.001 has more than 2 decimal places"});
}

TEST_CASE("fee amount as a string is a type error", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, "1500.5", "\"1500\"")) ==
        std::vector<std::string>{"fees[0].amount: expected a number, got \"1500\""});
}

TEST_CASE("fee amount 0 and negative decode but do not validate", "[schema][json]") {
  auto r = decode_incident(edit(kFull, "1500.5", "0"));
  REQUIRE(r.has_value());
  REQUIRE(validate(*r, kToday).size() == 1);
  CHECK(describe(validate(*r, kToday)[0]) == "fees[0].amount: 0 must be greater than 0");
  r = decode_incident(edit(kFull, "1500.5", "-20.5"));
  REQUIRE(r.has_value());
  CHECK(describe(validate(*r, kToday)[0]) == "fees[0].amount: -20.5 must be greater than 0");
}

TEST_CASE("wrong types name the path and the value", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, R"("deaths": 0)", R"("deaths": "three")")) ==
        std::vector<std::string>{"harm.deaths: expected a non-negative integer, got \"three\""});
  CHECK(decode_errors(edit(kFull, R"("count": 350)", R"("count": 3.5)")) ==
        std::vector<std::string>{"migrants[0].count: expected a non-negative integer, got 3.5"});
  CHECK(decode_errors(edit(kFull, R"("count": 350)", R"("count": -1)")) ==
        std::vector<std::string>{"migrants[0].count: expected a non-negative integer, got -1"});
  CHECK(decode_errors(edit(kFull, R"("ref": "IDN-POLRI-24-117")", R"("ref": 117)")) ==
        std::vector<std::string>{"ref: expected a string, got 117"});
  CHECK(decode_errors(edit(kFull, R"("harm": {)", R"("harm": [], "x": {)")) ==
        std::vector<std::string>{"x: unknown field", "harm: expected an object, got an array"});
  CHECK(decode_errors(edit(kFull, R"(["extortion"])", "null")) ==
        std::vector<std::string>{"harm.abuse: expected an array, got null"});
  CHECK(decode_errors(edit(kFull, R"("issuer": "PAK")", R"("issuer": true)")) ==
        std::vector<std::string>{"documents[0].issuer: expected a string, got true"});
}

TEST_CASE("huge integers are reported as too large", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, R"("arrests": 3)", R"("arrests": 18446744073709551615)")) ==
        std::vector<std::string>{"response.arrests: 18446744073709551615 is too large"});
  CHECK(decode_errors(edit(kFull, "1500.5", "1e300")) ==
        std::vector<std::string>{"fees[0].amount: 1e+300 is too large"});
}

TEST_CASE("unknown fields are errors at every level", "[schema][json]") {
  CHECK(decode_errors(edit(kMinimal, R"("ref":"r1",)", R"("ref":"r1","reporter":"AUS",)")) ==
        std::vector<std::string>{"reporter: unknown field"});
  CHECK(decode_errors(edit(kFull, R"("location": "airport")", R"("location": "airport", "gps": 1)")) ==
        std::vector<std::string>{"detection.gps: unknown field"});
  CHECK(decode_errors(edit(kFull, R"("payment": "hawala")", R"("payment": "hawala", "name": "x")")) ==
        std::vector<std::string>{"fees[0].name: unknown field"});
}

TEST_CASE("missing required fields are named", "[schema][json]") {
  CHECK(decode_errors(R"({"ref":"r1"})") ==
        std::vector<std::string>{"date: missing required field", "conduct: missing required field",
                                 "detection: missing required field", "route: missing required field"});
  CHECK(decode_errors(edit(kFull, R"("nationality": "AFG", )", "")) ==
        std::vector<std::string>{"migrants[0].nationality: missing required field"});
  CHECK(decode_errors(edit(kFull, R"("covers": "full_journey", )", "")) ==
        std::vector<std::string>{"fees[0].covers: missing required field"});
}

TEST_CASE("unknown enum values list the allowed ones", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, R"("sex": "male")", R"("sex": "mal")")) ==
        std::vector<std::string>{"migrants[0].sex: \"mal\" is not one of female, male, unknown"});
  CHECK(decode_errors(edit(kFull, R"("sharing": "analysts")", R"("sharing": "public")")) ==
        std::vector<std::string>{"sharing: \"public\" is not one of aggregate_only, analysts, members"});
  CHECK(decode_errors(edit(kFull, R"("smuggling", "document_fraud")", R"("smuggling", "Smuggling")")) ==
        std::vector<std::string>{"conduct[1]: \"Smuggling\" is not one of smuggling, document_fraud, "
                                 "enabling_illegal_stay, irregular_migration"});
}

TEST_CASE("repeated set members are rejected", "[schema][json]") {
  CHECK(decode_errors(edit(kFull, R"(["extortion"])", R"(["extortion","violence","extortion"])")) ==
        std::vector<std::string>{"harm.abuse[2]: \"extortion\" is repeated"});
}

TEST_CASE("dates must be YYYY-MM-DD or YYYY-MM", "[schema][json]") {
  CHECK(decode_errors(edit(kMinimal, "2024-01-02", "02/01/2024")) ==
        std::vector<std::string>{"date: \"02/01/2024\" is not a date (YYYY-MM-DD or YYYY-MM)"});
  auto r = decode_incident(edit(kMinimal, "2024-01-02", "2024-02-30"));
  REQUIRE(r.has_value());
  CHECK(describe(validate(*r, kToday).at(0)) == "date: \"2024-02-30\" is not a calendar date");
}

TEST_CASE("all structural errors are collected", "[schema][json]") {
  std::string text = edit(kFull, R"("sex": "male")", R"("sex": 1)");
  text = edit(text, R"("deaths": 0)", R"("deaths": "three")");
  text = edit(text, R"("sharing": "analysts")", R"("sharing": "analysts", "extra": 1)");
  CHECK(decode_errors(text) ==
        std::vector<std::string>{"extra: unknown field", "migrants[0].sex: expected a string, got 1",
                                 "harm.deaths: expected a non-negative integer, got \"three\""});
}

TEST_CASE("duplicate keys are rejected", "[schema][json]") {
  const auto errors = decode_errors(edit(kMinimal, R"("ref":"r1",)", R"("ref":"r1","ref":"r2",)"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("duplicate key \"ref\" at byte", 0) == 0);
}

TEST_CASE("syntax errors, trailing data and non-objects", "[schema][json]") {
  auto errors = decode_errors(R"({"ref": "r1",})");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].rfind("invalid JSON at byte", 0) == 0);
  errors = decode_errors(kMinimal + " {}");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0] == "invalid JSON at byte " + std::to_string(kMinimal.size() + 1) +
                         ": unexpected data after the JSON value");
  CHECK(decode_errors("[1,2]") == std::vector<std::string>{"expected an object, got an array"});
  CHECK(decode_errors("\"x\"") == std::vector<std::string>{"expected an object, got \"x\""});
  CHECK(decode_errors("").size() == 1);
  CHECK(decode_errors("{\"ref\": \"\xff\"}").at(0).rfind("invalid JSON at byte", 0) == 0);
}

TEST_CASE("comments and trailing commas are not JSON", "[schema][json]") {
  CHECK(decode_errors("{/* c */" + kMinimal.substr(1)).at(0).rfind("invalid JSON", 0) == 0);
  CHECK(decode_errors(edit(kMinimal, "\"inland\"}", "\"inland\",}")).at(0).rfind("invalid JSON", 0) == 0);
}

TEST_CASE("nesting deeper than the limit is rejected while parsing", "[schema][json]") {
  std::string deep = R"({"ref":)" + std::string(20, '[') + std::string(20, ']') + "}";
  CHECK(decode_errors(deep) ==
        std::vector<std::string>{"invalid JSON at byte 14: nested deeper than 8 levels"});
  // Within the limit the same shape is only a type error.
  std::string shallow = R"({"ref":[[[]]]})";
  CHECK(decode_errors(shallow).at(0) == "ref: expected a string, got an array");
}

TEST_CASE("oversized input is rejected before parsing", "[schema][json]") {
  JsonLimits limits;
  limits.max_record_bytes = 100;
  CHECK(decode_errors(kFull, limits) ==
        std::vector<std::string>{"input is " + std::to_string(kFull.size()) +
                                 " bytes, more than the limit of 100"});
  const std::string big = "{\"notes\":\"" + std::string(std::size_t{1} << 20, 'x') + "\"}";
  CHECK(decode_errors(big) == std::vector<std::string>{"input is 1048588 bytes, more than the limit of 1048576"});
}

TEST_CASE("a file may be one object, an array or a records wrapper", "[schema][json]") {
  auto single = decode_incident_file(kMinimal, kToday);
  REQUIRE(single.has_value());
  REQUIRE(single->size() == 1);
  CHECK(single->at(0).ok());

  auto array = decode_incident_file("[" + kMinimal + "," + kFull + "]", kToday);
  REQUIRE(array.has_value());
  REQUIRE(array->size() == 2);
  CHECK(array->at(1).incident->ref == "IDN-POLRI-24-117");

  auto wrapped = decode_incident_file(
      R"({"schema":"vrs.incident/1","records":[)" + kMinimal + "]}", kToday);
  REQUIRE(wrapped.has_value());
  REQUIRE(wrapped->size() == 1);
  CHECK(wrapped->at(0).incident->ref == "r1");
}

TEST_CASE("file errors name the record index", "[schema][json]") {
  const std::string bad = edit(kMinimal, R"("country":"THA","location")", R"("country":"XXX","location")");
  const std::string wrong = edit(kMinimal, R"("ref":"r1")", R"("ref":1)");
  auto r = decode_incident_file("[" + kMinimal + "," + bad + "," + wrong + "]", kToday);
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 3);
  CHECK(r->at(0).ok());
  CHECK(count_invalid(*r) == 2);
  CHECK(describe(r->at(1)) ==
        std::vector<std::string>{"record 1: detection.country: \"XXX\" (unknown) is not allowed "
                                 "here: an ISO 3166-1 alpha-3 code is required"});
  CHECK(describe(r->at(2)) == std::vector<std::string>{"record 2: ref: expected a string, got 1"});
  CHECK(to_error(*r).code() == vrs::ErrorCode::InvalidArgument);
  CHECK(to_error(*r).message() ==
        "record 1: detection.country: \"XXX\" (unknown) is not allowed here: an ISO 3166-1 "
        "alpha-3 code is required\nrecord 2: ref: expected a string, got 1");
}

TEST_CASE("a wrapper with the wrong schema or shape fails as a whole", "[schema][json]") {
  auto r = decode_incident_file(R"({"schema":"vrs.incident/2","records":[]})", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "schema: \"vrs.incident/2\" is not \"vrs.incident/1\"");
  r = decode_incident_file(R"({"schema":"vrs.incident/1","records":[],"member":"AUS"})", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "\"member\": unknown field of the records file");
  r = decode_incident_file(R"({"schema":"vrs.incident/1","records":{}})", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "records: expected an array of incidents");
  r = decode_incident_file("42", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
}

TEST_CASE("file limits: size and record count", "[schema][json]") {
  JsonLimits limits;
  limits.max_records = 2;
  auto r = decode_incident_file("[" + kMinimal + "," + kMinimal + "," + kMinimal + "]", kToday, limits);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == vrs::ErrorCode::ResourceExhausted);
  CHECK(r.error().message() == "3 records, more than the limit of 2");
  limits = {};
  limits.max_file_bytes = 10;
  r = decode_incident_file(kMinimal, kToday, limits);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == vrs::ErrorCode::ResourceExhausted);
}

TEST_CASE("the JSON sample file is valid", "[schema][json][data]") {
  const auto text = read_file(std::string(VRS_SOURCE_DIR) + "/tests/data/incidents_sample.json");
  auto r = decode_incident_file(text, kToday);
  REQUIRE(r.has_value());
  CHECK(r->size() >= 5);
  CHECK(count_invalid(*r) == 0);
}
