// vrs-client validate, run as a user would.
#include <catch2/catch.hpp>

#include "vrs/test/process.hpp"
#include "vrs/test/temp_dir.hpp"

using vrs::test::run_process;

namespace {

std::string client() { return vrs::test::binary_path("vrs-client"); }
std::string data(const std::string& name) { return std::string(VRS_SOURCE_DIR) + "/tests/data/" + name; }

const char* kHeader = "ref,date,conduct,detection_country,detection_location,route,migrants\n";

}  // namespace

TEST_CASE("validate accepts the sample CSV and JSON files and says how many records") {
  const auto r = run_process({client(), "validate", data("incidents_sample.csv"), data("incidents_sample.json")});
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK(r.out.find("incidents_sample.csv: ") != std::string::npos);
  CHECK(r.out.find(" 0 invalid (CSV)") != std::string::npos);
  CHECK(r.out.find(" 0 invalid (JSON)") != std::string::npos);
}

TEST_CASE("validate lists each bad CSV row with its line and field and exits 1") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "in.csv", std::string(kHeader) +
                                            "A-1,2024-03-02,smuggling,AUS,seaport,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:12\n"
                                            "A-2,2024-03-02,smuggling,AUS,seaport,IDN:origin:sea;AUS:destination:sea,XYZ:male:adult:3\n"
                                            "A-3,2024-03-02,smuggling,AUS,seaport,IDN:origin:sea;AUS:destination:sea,AFG:male:adult:0\n");
  const auto r = run_process({client(), "validate", (dir / "in.csv").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.out == (dir / "in.csv").string() + ": 3 records, 1 valid, 2 invalid (CSV)\n");
  CHECK(r.err.find((dir / "in.csv").string() + ": line 3: migrants[0].nationality: \"XYZ\"") != std::string::npos);
  CHECK(r.err.find((dir / "in.csv").string() + ": line 4: migrants[0].count:") != std::string::npos);
}

TEST_CASE("validate reports the invalid sample file and its errors") {
  const auto r = run_process({client(), "validate", data("incidents_invalid.csv")});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("incidents_invalid.csv: line ") != std::string::npos);
  CHECK(r.out.find(" invalid (CSV)") != std::string::npos);
}

TEST_CASE("validate names the JSON record index of a bad record") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "in.json", R"([{"ref":"R1","date":"2024-01","conduct":["smuggling"],)"
                                         R"("detection":{"country":"IDN","location":"at_sea"},)"
                                         R"("route":[{"country":"XXX","role":"origin"},{"country":"AUS","role":"destination"}],)"
                                         R"("harm":{"deaths":"three"}}])");
  const auto r = run_process({client(), "validate", (dir / "in.json").string()});
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("record 0: harm.deaths: ") != std::string::npos);
}

TEST_CASE("validate exits 2 with one line for a file that is not CSV or JSON as a whole") {
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "bad.json", "{\"records\": [1, 2");
  vrs::test::write_file(dir / "bad.csv", "name,age\nx,1\n");
  const auto json = run_process({client(), "validate", (dir / "bad.json").string()});
  CHECK(json.exit_code == 2);
  CHECK(json.err.rfind("vrs-client: " + (dir / "bad.json").string() + ": ", 0) == 0);
  const auto csv = run_process({client(), "validate", (dir / "bad.csv").string()});
  CHECK(csv.exit_code == 2);
  CHECK(csv.err.find("name") != std::string::npos);
}

TEST_CASE("validate refuses a missing file, an unknown format and no arguments") {
  CHECK(run_process({client(), "validate", "/nonexistent/x.csv"}).exit_code != 0);
  vrs::test::TempDir dir;
  vrs::test::write_file(dir / "a.csv", kHeader);
  const auto fmt = run_process({client(), "validate", "--format", "xml", (dir / "a.csv").string()});
  CHECK(fmt.exit_code != 0);
  CHECK(fmt.err.find("--format") != std::string::npos);
  CHECK(run_process({client()}).exit_code != 0);
}

TEST_CASE("validate --help explains the command") {
  const auto r = run_process({client(), "validate", "--help"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("same rules the server applies") != std::string::npos);
  CHECK(r.out.find("--format") != std::string::npos);
}
