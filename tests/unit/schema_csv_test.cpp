// RFC 4180 reading and the CSV importer: shapes of real exports, per-row errors with lines.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "vrs/schema/csv_import.hpp"
#include "vrs/schema/csv_reader.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::schema;

namespace {

const Date kToday{2025, 6, 30};

const std::string kHeader =
    "ref,date,conduct,detection_country,detection_location,route,migrants,fees,notes\n";

std::string read_file(const std::string& path) { return vrs::test::read_text_file(path); }

std::vector<CsvRecord> read_ok(std::string_view text, const CsvLimits& limits = {}) {
  auto r = read_csv(text, limits);
  REQUIRE(r.has_value());
  return *r;
}

// Imports kHeader + `rows`; returns the results (the import itself must succeed).
std::vector<RecordResult> import_rows(const std::string& rows) {
  auto r = import_csv(kHeader + rows, kToday);
  REQUIRE(r.has_value());
  return *r;
}

// The error lines of the single row in kHeader + `row`.
std::vector<std::string> row_errors(const std::string& row) {
  auto rows = import_rows(row);
  REQUIRE(rows.size() == 1);
  REQUIRE_FALSE(rows[0].ok());
  return describe(rows[0]);
}

const std::string kGoodRow =
    "AUS-1,2024-03-14,smuggling,AUS,at_sea,LKA:origin:sea;AUS:destination:sea,"
    "LKA:male:adult:38;LKA:female:child:4:2,4500:USD:person:full_journey:cash,\n";

}  // namespace

TEST_CASE("csv: plain records with line numbers", "[schema][csv]") {
  auto recs = read_ok("a,b,c\n1,2,3\n");
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].fields == std::vector<std::string>{"a", "b", "c"});
  CHECK(recs[1].fields == std::vector<std::string>{"1", "2", "3"});
  CHECK(recs[1].line == 2);
}

TEST_CASE("csv: quoted cells with commas, quotes and newlines", "[schema][csv]") {
  auto recs = read_ok("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"multi\nline\",z\nlast,1\n");
  REQUIRE(recs.size() == 4);
  CHECK(recs[1].fields == std::vector<std::string>{"x, y", "say \"hi\""});
  CHECK(recs[2].fields == std::vector<std::string>{"multi\nline", "z"});
  CHECK(recs[2].line == 3);
  CHECK(recs[3].line == 5);
}

TEST_CASE("csv: CRLF line ends, and CRLF inside quotes becomes LF", "[schema][csv]") {
  auto recs = read_ok("a,b\r\n\"1\r\n2\",3\r\n4,5\r\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].fields == std::vector<std::string>{"1\n2", "3"});
  CHECK(recs[2].fields == std::vector<std::string>{"4", "5"});
  CHECK(recs[2].line == 4);
}

TEST_CASE("csv: UTF-8 BOM is skipped, last line may lack a newline", "[schema][csv]") {
  auto recs = read_ok("\xEF\xBB\xBFref,date\nr1,2024-01");
  REQUIRE(recs.size() == 2);
  CHECK(recs[0].fields[0] == "ref");
  CHECK(recs[1].fields == std::vector<std::string>{"r1", "2024-01"});
}

TEST_CASE("csv: blank lines are skipped but counted", "[schema][csv]") {
  auto recs = read_ok("a,b\n\n1,2\n\r\n\n3,4\n\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].line == 3);
  CHECK(recs[2].line == 6);
}

TEST_CASE("csv: empty cells and trailing comma", "[schema][csv]") {
  auto recs = read_ok("a,b,c\n,,\n1,\"\",\n");
  CHECK(recs[1].fields == std::vector<std::string>{"", "", ""});
  CHECK(recs[2].fields == std::vector<std::string>{"1", "", ""});
}

TEST_CASE("csv: unterminated quote marks the record, not the file", "[schema][csv]") {
  auto recs = read_ok("a,b\n1,2\n3,\"open\n4,5\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].error.empty());
  CHECK(recs[2].line == 3);
  CHECK(recs[2].error == "unterminated quoted field");
}

TEST_CASE("csv: text after a closing quote is an error for that row only", "[schema][csv]") {
  auto recs = read_ok("a,b\n\"x\"y,2\n3,4\n");
  REQUIRE(recs.size() == 3);
  CHECK(recs[1].error == "unexpected character after a closing quote");
  CHECK(recs[2].error.empty());
  CHECK(recs[2].fields == std::vector<std::string>{"3", "4"});
  CHECK(recs[2].line == 3);
}

TEST_CASE("csv: a quote inside an unquoted cell is an error", "[schema][csv]") {
  auto recs = read_ok("a,b\n5\" screen,2\n");
  REQUIRE(recs.size() == 2);
  CHECK(recs[1].error ==
        "a quote inside an unquoted cell (quote the whole cell and double the quote)");
}

TEST_CASE("csv: cell length and column limits", "[schema][csv]") {
  CsvLimits limits;
  limits.max_field_bytes = 4;
  limits.max_columns = 3;
  auto recs = read_ok("abcd,b\nabcde,x\n1,2,3,4\n", limits);
  REQUIRE(recs.size() == 3);
  CHECK(recs[0].error.empty());
  CHECK(recs[1].error == "cell 1 is longer than 4 bytes");
  CHECK(recs[2].error == "more than 3 cells");
}

TEST_CASE("csv: input size and record count limits fail the call", "[schema][csv]") {
  CsvLimits limits;
  limits.max_input_bytes = 8;
  auto r = read_csv("a,b\n1,2\n3,4\n", limits);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == vrs::ErrorCode::ResourceExhausted);
  CHECK(r.error().message() == "input is 12 bytes, more than the limit of 8");
  limits = {};
  limits.max_records = 2;
  r = read_csv("a,b\n1,2\n3,4\n", limits);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "line 3: more than 2 records");
}

TEST_CASE("import: the sample file imports 20 valid incidents", "[schema][csv][data]") {
  const auto text = read_file(std::string(VRS_SOURCE_DIR) + "/tests/data/incidents_sample.csv");
  auto rows = import_csv(text, kToday);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 20);
  for (const auto& r : *rows) {
    INFO((describe(r).empty() ? std::string() : describe(r).front()));
    CHECK(r.ok());
  }
  // The Rohingya boat: 350 stateless persons in three groups.
  const Incident& boat = *rows->at(3).incident;
  CHECK(boat.ref == "MYS-APMM-2024-19");
  CHECK(migrant_total(boat) == 350);
  CHECK(boat.migrants[2] == MigrantGroup{"XXA", Sex::Unknown, MigrantAge::Child, 42, 17, DocumentStatus::Unknown});
  // Origin not established.
  CHECK(rows->at(2).incident->route.front().country == "XXX");
  // Quoted notes with a comma and a newline; the next row starts two lines later.
  CHECK(rows->at(7).incident->notes == "Family group; travelled on\nforged GBR passports, swapped in KUL");
  CHECK(rows->at(8).line == rows->at(7).line + 2);
}

TEST_CASE("import: the invalid sample reports every bad row with its line", "[schema][csv][data]") {
  const auto text = read_file(std::string(VRS_SOURCE_DIR) + "/tests/data/incidents_invalid.csv");
  auto rows = import_csv(text, kToday);
  REQUIRE(rows.has_value());
  REQUIRE(rows->size() == 12);
  std::vector<std::string> lines;
  for (const auto& r : *rows)
    for (const auto& l : describe(r)) lines.push_back(l);
  CHECK(lines == std::vector<std::string>{
      "line 3: migrants[1].nationality: \"XYZ\" is not an ISO 3166-1 alpha-3 code",
      "line 4: route: 2 origin legs, exactly one is required",
      "line 5: migrants[0].count: \"0\" must be at least 1",
      "line 7: migrants[0].sex: \"mal\" is not one of female, male, unknown",
      "line 8: fees[0].amount: \"1500.125\" has more than 2 decimal places",
      "line 9: date: \"2031-01-01\" is after today (2025-06-30)",
      "line 10: migrants[0]: \"CHN:male:adult\" must have 4 to 6 fields "
      "(nationality:sex:age:count[:unaccompanied_children[:document_status]]), got 3",
      "line 12: the row has 6 cells, the header has 24",
      "line 13: unterminated quoted field"});
  CHECK(count_invalid(*rows) == 9);
  CHECK(rows->at(0).ok());
  CHECK(rows->at(4).ok());
  CHECK(rows->at(9).ok());
}

TEST_CASE("import: unknown column fails the file and names it", "[schema][csv]") {
  auto r = import_csv("ref,date,conduct,detection_country,detection_location,route,offender_name\n", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
  CHECK(r.error().message() == "line 1: unknown column \"offender_name\" (column 7)");
}

TEST_CASE("import: missing required columns are all named", "[schema][csv]") {
  auto r = import_csv("ref,date,conduct,detection_country\nx,2024-01,smuggling,AUS\n", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() ==
        "line 1: missing required column \"detection_location\"\n"
        "line 1: missing required column \"route\"");
}

TEST_CASE("import: duplicate columns are rejected", "[schema][csv]") {
  auto r = import_csv("ref,date,conduct,detection_country,detection_location,route,Date\n", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "line 1: duplicate column \"date\" (columns 2 and 7)");
}

TEST_CASE("import: empty input has no header", "[schema][csv]") {
  auto r = import_csv("", kToday);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().message() == "empty input: a header row is required");
  r = import_csv("\xEF\xBB\xBF\n\n", kToday);
  REQUIRE_FALSE(r.has_value());
}

TEST_CASE("import: header names are case-insensitive and trimmed, any order", "[schema][csv]") {
  auto r = import_csv(" Route ,REF,date,Conduct,detection_country,detection_location\n"
                      "MMR:origin;THA:destination,r9,2024-02,smuggling,THA,inland\n", kToday);
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 1);
  REQUIRE(r->at(0).ok());
  CHECK(r->at(0).incident->ref == "r9");
  CHECK(r->at(0).incident->route.size() == 2);
}

TEST_CASE("import: a good row maps every field", "[schema][csv]") {
  auto rows = import_rows(kGoodRow);
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].ok());
  const Incident& inc = *rows[0].incident;
  CHECK(rows[0].line == 2);
  CHECK(inc.ref == "AUS-1");
  CHECK(inc.route[1] == RouteLeg{"AUS", RouteRole::Destination, TransportMode::Sea});
  CHECK(inc.migrants[1] == MigrantGroup{"LKA", Sex::Female, MigrantAge::Child, 4, 2, DocumentStatus::Unknown});
  CHECK(inc.fees[0] == Fee{450000, "USD", FeeBasis::Person, FeeCoverage::FullJourney, PaymentMethod::Cash});
  CHECK(inc.notes.empty());
}

TEST_CASE("import: codes and enum values are case-insensitive, spaces trimmed", "[schema][csv]") {
  auto rows = import_rows("r2 , 2024-03 ,Smuggling; Document_Fraud ,aus,AT_SEA,"
                          "lka : Origin : SEA ; aus:destination:sea,afg:Male:Adult:12;,"
                          "1500.50:usd:Person:Full_Journey,\n");
  REQUIRE(rows[0].ok());
  const Incident& inc = *rows[0].incident;
  CHECK(inc.ref == "r2");
  CHECK(inc.conduct == std::set<Conduct>{Conduct::Smuggling, Conduct::DocumentFraud});
  CHECK(inc.detection.country == "AUS");
  CHECK(inc.route[0] == RouteLeg{"LKA", RouteRole::Origin, TransportMode::Sea});
  CHECK(inc.migrants.size() == 1);
  CHECK(inc.fees[0].amount_minor == 150050);
  CHECK(inc.fees[0].currency == "USD");
}

TEST_CASE("import: several nationalities, 350 persons, stateless, origin XXX", "[schema][csv]") {
  auto rows = import_rows(
      "MYS-9,2024-11-20,smuggling,MYS,at_sea,XXX:origin:sea;MYS:destination:sea,"
      "XXA:male:adult:210;XXA:female:adult:98;XXA:unknown:child:42:17;MMR:male:adult:350;XXB:male:adult:1:0:genuine,,\n");
  REQUIRE(rows[0].ok());
  CHECK(migrant_total(*rows[0].incident) == 701);
  CHECK(rows[0].incident->migrants[4].document_status == DocumentStatus::Genuine);
}

TEST_CASE("import: quoted cells with commas and newlines, CRLF and BOM", "[schema][csv]") {
  std::string header = kHeader;
  // Built with pop_back/+= : GCC 12 warns falsely (-Wrestrict, PR 105651) on string insert
  // and "literal" + std::string here.
  header.pop_back();
  header += "\r\n";
  std::string text = "\xEF\xBB\xBF";
  text += header;
  text += "\"AUS-2\",2024-03-14,\"smuggling;document_fraud\",AUS,airport,"
                          "\"IRN:origin:air;MYS:transit:air;AUS:destination:air\",IRN:male:adult:2,"
                          "\"25000:AUD:group:full_journey:bank\",\"Family, travelled\r\non \"\"forged\"\" passports\"\r\n"
                          "AUS-3,2024-03-15,smuggling,AUS,airport,IRN:origin:air;AUS:destination:air,IRN:female:adult:1,,\r\n";
  auto r = import_csv(text, kToday);
  REQUIRE(r.has_value());
  REQUIRE(r->size() == 2);
  REQUIRE(r->at(0).ok());
  CHECK(r->at(0).incident->notes == "Family, travelled\non \"forged\" passports");
  CHECK(r->at(0).incident->conduct.size() == 2);
  REQUIRE(r->at(1).ok());
  CHECK(r->at(1).line == 4);
}

TEST_CASE("import: count 0 is reported with the cell text", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin:air;AUS:destination:air,IRN:male:adult:0,,\n") ==
        std::vector<std::string>{"line 2: migrants[0].count: \"0\" must be at least 1"});
}

TEST_CASE("import: non-numeric and oversized counts", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin:air;AUS:destination:air,IRN:male:adult:twelve,,\n") ==
        std::vector<std::string>{"line 2: migrants[0].count: \"twelve\" is not a whole number"});
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin:air;AUS:destination:air,IRN:male:adult:2000000,,\n") ==
        std::vector<std::string>{"line 2: migrants[0].count: \"2000000\" must be at most 1000000"});
}

TEST_CASE("import: wrong number of tuple fields", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin:air:x;AUS:destination:air,,,\n") ==
        std::vector<std::string>{"line 2: route[0]: \"IRN:origin:air:x\" must have 2 or 3 fields "
                                 "(country:role[:mode]), got 4"});
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin;AUS:destination,,1500:USD:person,\n") ==
        std::vector<std::string>{"line 2: fees[0]: \"1500:USD:person\" must have 4 or 5 fields "
                                 "(amount:currency:per:covers[:payment]), got 3"});
}

TEST_CASE("import: bad values inside a group tuple", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin;AUS:destination,IRN:male:elderly:2:0:stolen,,\n") ==
        std::vector<std::string>{
            "line 2: migrants[0].age: \"elderly\" is not one of child, adult, unknown",
            "line 2: migrants[0].document_status: \"stolen\" is not one of none, genuine, fraudulent, unknown"});
}

TEST_CASE("import: fee amount 0, negative, 3 decimals, garbage", "[schema][csv]") {
  auto [amount, message] = GENERATE(table<std::string, std::string>({
      {"0", "\"0\" must be greater than 0"},
      {"-150", "\"-150\" must be greater than 0"},
      {"1500.125", "\"1500.125\" has more than 2 decimal places"},
      {"1,500", "\"1,500\" is not a decimal amount (like 1500 or 1500.50)"},
      {"1e3", "\"1e3\" is not a decimal amount (like 1500 or 1500.50)"},
      {"99999999999999999", "\"99999999999999999\" is too large"}}));
  const std::string row = "r,2024-01,smuggling,AUS,airport,IRN:origin;AUS:destination,,\"" + amount +
                          ":USD:person:leg\",\n";
  CHECK(row_errors(row) == std::vector<std::string>{"line 2: fees[0].amount: " + message});
}

TEST_CASE("import: bad currency", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin;AUS:destination,,100:ZZZ:person:leg,\n") ==
        std::vector<std::string>{"line 2: fees[0].currency: \"ZZZ\" is not an ISO 4217 currency code"});
}

TEST_CASE("import: XXX where a real country is required", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,XXX,airport,IRN:origin;XXX:transit;AUS:destination,,,\n") ==
        std::vector<std::string>{
            "line 2: detection.country: \"XXX\" (unknown) is not allowed here: an ISO 3166-1 alpha-3 code is required",
            "line 2: route[1].country: \"XXX\" (unknown) is not allowed here: an ISO 3166-1 alpha-3 code is required"});
}

TEST_CASE("import: empty required cells", "[schema][csv]") {
  CHECK(row_errors(",,,AUS,,IRN:origin;AUS:destination,,,\n") ==
        std::vector<std::string>{"line 2: date: a value is required",
                                 "line 2: detection.location: a value is required",
                                 "line 2: ref: must not be empty",
                                 "line 2: conduct: at least one conduct is required"});
}

TEST_CASE("import: a bad route part does not add follow-on route errors", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS,airport,IRN:origin;AUS:arrival,,,\n") ==
        std::vector<std::string>{
            "line 2: route[1].role: \"arrival\" is not one of origin, transit, destination"});
}

TEST_CASE("import: rows with the wrong number of cells", "[schema][csv]") {
  CHECK(row_errors("r,2024-01,smuggling,AUS\n") ==
        std::vector<std::string>{"line 2: the row has 4 cells, the header has 9"});
}

TEST_CASE("import: all-or-nothing versus skip-invalid is the caller's choice", "[schema][csv]") {
  auto rows = import_rows(kGoodRow + "bad,2024-13,smuggling,AUS,airport,IRN:origin;AUS:destination,,,\n" + kGoodRow);
  REQUIRE(rows.size() == 3);
  CHECK(count_invalid(rows) == 1);
  CHECK(rows[1].line == 3);
  CHECK(describe(rows[1]) == std::vector<std::string>{"line 3: date: \"2024-13\" is not a calendar date"});
  CHECK(to_error(rows).message() == "line 3: date: \"2024-13\" is not a calendar date");
  std::size_t kept = 0;
  for (const auto& r : rows) kept += r.ok() ? 1 : 0;
  CHECK(kept == 2);
}

TEST_CASE("import: every other column maps to the model", "[schema][csv]") {
  auto r = import_csv(
      "ref,case_key,date,conduct,detection_country,detection_location,route,smugglers,methods,"
      "documents,harm_deaths,harm_missing,harm_injured,harm_abuse,response_investigations,"
      "response_arrests,response_prosecutions,response_convictions,sharing,status,base_version\n"
      "r,9F2C4E1AB37D5E08C6A1F4D2B9E07C35,2024-05-06,document_fraud,NZL,airport,"
      "CHN:origin:air;NZL:destination:air,CHN:male:juvenile:document_supplier:1,"
      "fraudulent_documents;commercial_flight,passport:photo_substituted:KOR:1,1,2,3,"
      "violence;extortion,1,2,3,4,members,withdrawn,5\n",
      kToday);
  REQUIRE(r.has_value());
  REQUIRE(r->at(0).ok());
  const Incident& inc = *r->at(0).incident;
  CHECK(inc.case_key == "9f2c4e1ab37d5e08c6a1f4d2b9e07c35");
  CHECK(inc.smugglers[0] == SmugglerGroup{"CHN", Sex::Male, SmugglerAge::Juvenile, SmugglerRole::DocumentSupplier, 1});
  CHECK(inc.methods.size() == 2);
  CHECK(inc.documents[0] == DocumentGroup{DocumentType::Passport, FraudType::PhotoSubstituted, "KOR", 1});
  CHECK(inc.harm == Harm{1, 2, 3, {Abuse::Violence, Abuse::Extortion}});
  CHECK(inc.response == Response{1, 2, 3, 4});
  CHECK(inc.sharing == Sharing::Members);
  CHECK(inc.status == RecordStatus::Withdrawn);
  CHECK(inc.base_version == 5u);
}

TEST_CASE("import: CSV row → model → JSON equals the same record written as JSON", "[schema][csv]") {
  auto rows = import_rows(kGoodRow);
  REQUIRE(rows[0].ok());
  auto from_json = decode_incident(
      R"({"ref":"AUS-1","date":"2024-03-14","conduct":["smuggling"],"detection":{"country":"AUS","location":"at_sea"},)"
      R"("route":[{"country":"LKA","role":"origin","mode":"sea"},{"country":"AUS","role":"destination","mode":"sea"}],)"
      R"("migrants":[{"nationality":"LKA","sex":"male","age":"adult","count":38},)"
      R"({"nationality":"LKA","sex":"female","age":"child","count":4,"unaccompanied_children":2}],)"
      R"("fees":[{"amount":4500,"currency":"USD","per":"person","covers":"full_journey","payment":"cash"}]})");
  REQUIRE(from_json.has_value());
  CHECK(encode_canonical(*rows[0].incident) == encode_canonical(*from_json));
}

TEST_CASE("import: the column list is documented and stable", "[schema][csv]") {
  CHECK(csv_columns().size() == 24);
  CHECK(csv_columns().front() == "ref");
  CHECK(csv_columns().back() == "notes");
  CHECK(csv_required_columns().size() == 6);
}
