// Canonical JSON and the encode/decode round-trip invariants.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <boost/json.hpp>

#include "vrs/schema/canonical_json.hpp"
#include "vrs/schema/csv_import.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::schema;
namespace json = boost::json;

namespace {

const Date kToday{2025, 6, 30};

json::value parse(std::string_view text) { return json::parse(text); }

std::string read_file(const std::string& path) { return vrs::test::read_text_file(path); }

Incident sample() {
  Incident inc;
  inc.ref = "MYS-APMM-2024-19";
  inc.date = Date{2024, 11, 20};
  inc.conduct = {Conduct::Smuggling};
  inc.detection = {"MYS", DetectionLocation::AtSea};
  inc.route = {{"BGD", RouteRole::Origin, TransportMode::Sea},
               {"MYS", RouteRole::Destination, TransportMode::Sea}};
  inc.migrants = {{"XXA", Sex::Male, MigrantAge::Adult, 210, 0, DocumentStatus::None}};
  inc.fees = {{4000050, "BDT", FeeBasis::Person, FeeCoverage::FullJourney, PaymentMethod::PayOnArrival}};
  inc.harm.deaths = 3;
  inc.harm.abuse = {Abuse::Violence, Abuse::EndangeredLife};
  return inc;
}

}  // namespace

TEST_CASE("canonical JSON sorts keys and drops whitespace", "[schema][canonical]") {
  CHECK(canonical_json(parse(R"({ "b": 1, "a": [ true, null, {"d": 2, "c": "x"} ] })")) ==
        R"({"a":[true,null,{"c":"x","d":2}],"b":1})");
}

TEST_CASE("canonical JSON does not depend on insertion order", "[schema][canonical]") {
  json::object a;
  a["zeta"] = 1;
  a["alpha"] = 2;
  json::object b;
  b["alpha"] = 2;
  b["zeta"] = 1;
  CHECK(canonical_json(a) == canonical_json(b));
  CHECK(canonical_json(a) == R"({"alpha":2,"zeta":1})");
}

TEST_CASE("keys sort bytewise, so non-ASCII sorts after ASCII", "[schema][canonical]") {
  CHECK(canonical_json(parse(R"({"é":1,"z":2,"Z":3,"a":4})")) == R"({"Z":3,"a":4,"z":2,"é":1})");
}

TEST_CASE("strings use minimal deterministic escaping", "[schema][canonical]") {
  CHECK(canonical_json(json::value("quote\" back\\ nl\n tab\t cr\r bs\b ff\f")) ==
        R"("quote\" back\\ nl\n tab\t cr\r bs\b ff\f")");
  CHECK(canonical_json(json::value(std::string("nul\0 us\x1f del\x7f", 13))) ==
        "\"nul\\u0000 us\\u001f del\x7f\"");
  CHECK(canonical_json(json::value("slash / stays")) == R"("slash / stays")");
}

TEST_CASE("UTF-8 passes through unescaped", "[schema][canonical]") {
  CHECK(canonical_json(parse(R"("ตม \u00e9 😀")")) == "\"ตม é 😀\"");
}

TEST_CASE("integers stay integers, doubles get one spelling", "[schema][canonical]") {
  auto [text, canonical] = GENERATE(table<std::string, std::string>({
      {"0", "0"}, {"-7", "-7"}, {"18446744073709551615", "18446744073709551615"},
      {"1500.0", "1500"}, {"1.5e3", "1500"}, {"1500.5", "1500.5"}, {"-0.0", "0"},
      {"0.1", "0.1"}, {"1e-7", "1e-7"}, {"0.000001", "0.000001"}, {"1.5e-9", "1.5e-9"}, {"1e21", "1e+21"}, {"-2.5e300", "-2.5e+300"},
      {"9007199254740993", "9007199254740993"}}));
  CAPTURE(text);
  CHECK(canonical_json(parse(text)) == canonical);
}

TEST_CASE("large doubles print their shortest digits padded with zeros", "[schema][canonical]") {
  // Built from a C++ literal: Boost.JSON 1.81's parser is not correctly rounded this far out.
  CHECK(canonical_json(json::value(1.2345678901234568e20)) == "123456789012345680000");
  CHECK(canonical_json(json::value(1e20)) == "100000000000000000000");
  CHECK(canonical_json(json::value(0.1 + 0.2)) == "0.30000000000000004");
  CHECK(canonical_json(json::value(-1.5e-7)) == "-1.5e-7");
}

TEST_CASE("an incident encodes to an exact canonical text", "[schema][canonical]") {
  CHECK(encode_canonical(sample()) ==
        R"({"conduct":["smuggling"],"date":"2024-11-20","detection":{"country":"MYS","location":"at_sea"},)"
        R"("documents":[],"fees":[{"amount":40000.5,"covers":"full_journey","currency":"BDT","payment":"pay_on_arrival","per":"person"}],)"
        R"("harm":{"abuse":["endangered_life","violence"],"deaths":3,"injured":0,"missing":0},)"
        R"("methods":[],"migrants":[{"age":"adult","count":210,"document_status":"none","nationality":"XXA","sex":"male","unaccompanied_children":0}],)"
        R"("ref":"MYS-APMM-2024-19","response":{"arrests":0,"convictions":0,"investigations":0,"prosecutions":0},)"
        R"("route":[{"country":"BGD","mode":"sea","role":"origin"},{"country":"MYS","mode":"sea","role":"destination"}],)"
        R"("sharing":"aggregate_only","smugglers":[],"status":"active"})");
}

TEST_CASE("absent optionals are omitted, present ones emitted", "[schema][canonical]") {
  Incident inc = sample();
  CHECK(encode_canonical(inc).find("case_key") == std::string::npos);
  CHECK(encode_canonical(inc).find("base_version") == std::string::npos);
  CHECK(encode_canonical(inc).find("notes") == std::string::npos);
  inc.case_key = std::string(32, 'a');
  inc.base_version = 4;
  inc.notes = "n";
  const auto text = encode_canonical(inc);
  CHECK(text.find(R"("base_version":4,)") != std::string::npos);
  CHECK(text.find(R"("case_key":")" + std::string(32, 'a') + "\"") != std::string::npos);
  CHECK(text.find(R"("notes":"n")") != std::string::npos);
}

TEST_CASE("whole fee amounts encode as integers", "[schema][canonical]") {
  Incident inc = sample();
  inc.fees[0].amount_minor = 150000;
  CHECK(encode_canonical(inc).find(R"("amount":1500,)") != std::string::npos);
  inc.fees[0].amount_minor = 150005;
  CHECK(encode_canonical(inc).find(R"("amount":1500.05,)") != std::string::npos);
}

TEST_CASE("decode(encode(x)) == x and encoding is stable", "[schema][canonical]") {
  Incident inc = sample();
  inc.case_key = std::string(64, 'f');
  inc.base_version = 12;
  inc.status = RecordStatus::Withdrawn;
  inc.notes = "line 1\nline 2 \"quoted\" ✓";
  inc.fees.push_back({1, "USD", FeeBasis::Group, FeeCoverage::Leg, PaymentMethod::Mobile});
  inc.fees.push_back({99999999999, "IDR", FeeBasis::Person, FeeCoverage::Leg, PaymentMethod::Cash});
  const std::string once = encode_canonical(inc);
  auto back = decode_incident(once);
  REQUIRE(back.has_value());
  CHECK(*back == inc);
  CHECK(encode_canonical(*back) == once);
}

TEST_CASE("reformatted JSON encodes to the same canonical bytes", "[schema][canonical]") {
  const std::string a = R"({"ref":"r1","date":"2024-01-02","conduct":["smuggling"],
    "detection":{"location":"inland","country":"THA"},
    "route":[{"role":"origin","country":"MMR"},{"country":"THA","role":"destination"}],
    "fees":[{"amount":1500.50,"currency":"THB","per":"group","covers":"leg"}]})";
  const std::string b = R"({"fees":[{"covers":"leg","per":"group","currency":"THB","amount":1.5005e3}],
    "route":[{"country":"MMR","role":"origin","mode":"unknown"},{"country":"THA","role":"destination"}],
    "detection":{"country":"THA","location":"inland"},"conduct":["smuggling"],"date":"2024-01-02",
    "ref":"r1","sharing":"aggregate_only","harm":{"deaths":0}})";
  auto da = decode_incident(a);
  auto db = decode_incident(b);
  REQUIRE(da.has_value());
  REQUIRE(db.has_value());
  CHECK(encode_canonical(*da) == encode_canonical(*db));
}

TEST_CASE("JSON sample file round-trips record by record", "[schema][canonical][data]") {
  const auto text = read_file(std::string(VRS_SOURCE_DIR) + "/tests/data/incidents_sample.json");
  auto records = decode_incident_file(text, kToday);
  REQUIRE(records.has_value());
  for (const auto& r : *records) {
    REQUIRE(r.ok());
    const auto once = encode_canonical(*r.incident);
    auto back = decode_incident(once);
    REQUIRE(back.has_value());
    CHECK(*back == *r.incident);
    CHECK(encode_canonical(*back) == once);
  }
}

TEST_CASE("CSV sample → model → JSON → model round-trips", "[schema][canonical][data]") {
  const auto text = read_file(std::string(VRS_SOURCE_DIR) + "/tests/data/incidents_sample.csv");
  auto rows = import_csv(text, kToday);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 20);
  for (const auto& r : *rows) {
    REQUIRE(r.ok());
    const auto once = encode_canonical(*r.incident);
    auto back = decode_incident(once);
    REQUIRE(back.has_value());
    CHECK(*back == *r.incident);
    CHECK(encode_canonical(*back) == once);
  }
}
