// vrs::client report renderings (docs/reports.md): sha256 check, HTML, CSV, terminal tables,
// and the option checks of `vrs-client report` / `vrs-client analyze`.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>

#include "vrs/client/commands/report_command.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/test/file_checks.hpp"
#include "vrs/test/temp_dir.hpp"

using namespace vrs::client;
using namespace vrs::client::commands;
using namespace vrs::client::net;
using namespace vrs::client::report;
using vrs::ErrorCode;
namespace json = boost::json;
namespace contract = vrs::schema::report;

namespace {

// A reporter's report: own numbers, suppressed cells (one of them with own numbers), an empty
// section, a hostile label and one that needs CSV quoting; fees without min/max.
constexpr const char* kReport = R"json({
 "schema": "vrs.report/1", "name": "regional",
 "parameters": {"region": "bali_process", "states": ["AUS", "IDN", "MYS"], "period": "2025-Q1",
                "from": "2025-01-01", "to": "2025-03-31", "previous_from": "2024-10-01", "previous_to": "2024-12-31",
                "filters": {"mode": "sea"}},
 "generated_at": "2026-11-23T14:00:00Z", "data_cutoff": "2026-11-23T13:59:58Z",
 "viewer": {"member_id": "AUS-ABF", "state": "AUS", "role": "reporter"},
 "disclosure": {"k": 5, "min_incidents": 2, "fee_min_persons": 10, "fee_min_incidents": 3, "fee_max_share": 0.5,
                "fee_rounding": 100, "suppressed_cells": 7},
 "reciprocity": {"regional": true, "rule": "year"},
 "sections": {
  "totals": {"title": "Totals", "dimensions": [], "measures": ["incidents", "migrants"],
   "cells": [{"key": {}, "values": {"incidents": 40, "migrants": 1234}, "own": {"incidents": 6, "migrants": 20},
              "previous": {"incidents": 32, "migrants": 1000}, "change_pct": {"incidents": 25.0, "migrants": 23.4}}]},
  "trend_monthly": {"title": "Monthly trend", "dimensions": ["month"], "measures": ["incidents", "migrants"],
   "cells": [
    {"key": {"month": "*"}, "values": {"incidents": 40, "migrants": 1234},
     "previous": {"incidents": 32, "migrants": 1000}, "change_pct": {"incidents": 25.0, "migrants": 23.4}},
    {"key": {"month": "2025-01"}, "values": {"incidents": 20, "migrants": 700},
     "previous": {"incidents": 10, "migrants": 350}, "change_pct": {"incidents": 100.0, "migrants": -12.5}},
    {"key": {"month": "2025-02"}, "suppressed": true,
     "values": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}},
     "previous": {"incidents": 11, "migrants": 300},
     "change_pct": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}}},
    {"key": {"month": "2025-03"}, "values": {"incidents": 12, "migrants": 380},
     "previous": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}},
     "change_pct": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}}}]},
  "routes": {"title": "Routes", "dimensions": ["origin", "destination", "mode"], "measures": ["incidents", "migrants"],
   "cells": [
    {"key": {"origin": "*", "destination": "*", "mode": "*"}, "values": {"incidents": 40, "migrants": 1234}},
    {"key": {"origin": "AFG", "destination": "AUS", "mode": "*"}, "values": {"incidents": 12, "migrants": 600}},
    {"key": {"origin": "LKA", "destination": "AUS", "mode": "*"}, "values": {"incidents": 10, "migrants": 400}},
    {"key": {"origin": "MMR", "destination": "MYS", "mode": "*"}, "suppressed": true,
     "values": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}}},
    {"key": {"origin": "XXX", "destination": "AUS", "mode": "*"}, "suppressed": true,
     "values": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}}}]},
  "migrants": {"title": "Migrants by nationality, sex and age", "dimensions": ["nationality", "sex", "age"],
   "measures": ["migrants", "incidents", "unaccompanied_children"],
   "cells": [
    {"key": {"nationality": "*", "sex": "*", "age": "*"},
     "values": {"migrants": 1234, "incidents": 40, "unaccompanied_children": 12}},
    {"key": {"nationality": "<script>alert(1)</script>", "sex": "male", "age": "*"},
     "values": {"migrants": 55, "incidents": 3, "unaccompanied_children": 0}},
    {"key": {"nationality": "AFG", "sex": "*", "age": "*"},
     "values": {"migrants": 600, "incidents": 14, "unaccompanied_children": 6}},
    {"key": {"nationality": "AFG", "sex": "female", "age": "*"},
     "values": {"migrants": 120, "incidents": 30, "unaccompanied_children": 4},
     "own": {"migrants": 20, "incidents": 3, "unaccompanied_children": 0}},
    {"key": {"nationality": "AFG", "sex": "male", "age": "*"},
     "values": {"migrants": 470, "incidents": 13, "unaccompanied_children": 2}},
    {"key": {"nationality": "Foo, \"Bar\"", "sex": "unknown", "age": "*"},
     "values": {"migrants": 9, "incidents": 2, "unaccompanied_children": 0}},
    {"key": {"nationality": "IRN", "sex": "female", "age": "child"}, "suppressed": true,
     "values": {"migrants": {"suppressed": true}, "incidents": {"suppressed": true},
                "unaccompanied_children": {"suppressed": true}},
     "own": {"migrants": 4, "incidents": 2, "unaccompanied_children": 1}}]},
  "methods": {"title": "Methods", "dimensions": ["method"], "measures": ["incidents", "migrants"],
   "cells": [
    {"key": {"method": "*"}, "values": {"incidents": 40, "migrants": 1234}},
    {"key": {"method": "concealment"}, "values": {"incidents": 5, "migrants": 60}},
    {"key": {"method": "unseaworthy_vessel"}, "values": {"incidents": 9, "migrants": 300}}]},
  "harm": {"title": "Harm", "dimensions": ["abuse"], "measures": ["incidents", "migrants", "deaths", "missing", "injured"],
   "cells": []},
  "fees": {"title": "Fees", "dimensions": ["origin", "destination", "currency"],
   "measures": ["observations", "incidents", "persons", "median", "q1", "q3"],
   "cells": [
    {"key": {"origin": "AFG", "destination": "AUS", "currency": "USD"},
     "values": {"observations": 40, "incidents": 12, "persons": 230, "median": 5000, "q1": 4000, "q3": 6000,
                "usd_observations": 40, "usd_median": 5000, "usd_q1": 4000, "usd_q3": 6000}},
    {"key": {"origin": "LKA", "destination": "AUS", "currency": "USD"}, "suppressed": true,
     "values": {"observations": {"suppressed": true}, "incidents": {"suppressed": true},
                "persons": {"suppressed": true}, "median": {"suppressed": true}, "q1": {"suppressed": true},
                "q3": {"suppressed": true}}}]},
  "coverage": {"title": "Coverage: reporting members by month", "months": ["2025-01", "2025-02", "2025-03"],
   "reporting_members": [2, 3, 3],
   "members": [{"label": "AUS (AUS-ABF)", "named": true, "own": true, "reported": [true, true, false]}]}
 }
})json";

json::object& at(json::object& o, std::string_view key) { return o.at(key).as_object(); }

json::object base() { return json::parse(kReport).as_object(); }

json::object sealed(json::object doc) {
  doc.erase("sha256");
  doc["sha256"] = contract::digest(doc);
  return doc;
}

json::object reporter() { return sealed(base()); }

// An analyst: min/max in the fee cells, a coverage row per member.
json::object analyst() {
  auto doc = base();
  at(doc, "viewer")["role"] = "analyst";
  at(doc, "viewer")["member_id"] = "AUS-ANA";
  auto& fees = at(at(doc, "sections"), "fees");
  fees["measures"] = json::array{"observations", "incidents", "persons", "median", "q1", "q3", "min", "max"};
  auto& cell = fees["cells"].as_array()[0].as_object();
  at(cell, "values")["min"] = 1200;
  at(cell, "values")["max"] = 9000;
  return sealed(std::move(doc));
}

// A cell that says it is suppressed but still carries numbers a faulty server left in it.
json::object leaky() {
  auto doc = base();
  auto& cells = at(at(doc, "sections"), "methods")["cells"].as_array();
  cells.push_back(json::parse(R"({"key": {"method": "corruption"}, "suppressed": true,
      "values": {"incidents": 987654, "migrants": 876543},
      "change_pct": {"incidents": 54321.5, "migrants": 43210.5}})"));
  return sealed(std::move(doc));
}

json::object own_data_only() {
  auto doc = base();
  at(doc, "reciprocity") = json::object{{"regional", false}, {"rule", "year"},
                                        {"reason", "AUS submitted no records dated in 2025 <yet>"}};
  return sealed(std::move(doc));
}

bool contains(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

std::map<std::string, std::string> csv_files(const json::object& doc) {
  auto files = render_report_csv(doc);
  REQUIRE(files);
  std::map<std::string, std::string> out;
  for (auto& f : *files) out[f.name] = f.content;
  return out;
}

std::size_t count(const std::string& text, std::string_view what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + what.size())) ++n;
  return n;
}

}  // namespace

TEST_CASE("report documents are accepted only with the sha256 of their content") {
  const auto doc = reporter();
  const std::string body = json::serialize(doc);

  SECTION("the digest is SHA-256 of the compact document without sha256, members in order") {
    CHECK(contract::digest(doc).size() == 64);
    auto reordered = base();
    reordered["sha256"] = "0";
    CHECK(contract::digest(reordered) == contract::digest(doc));  // the member is ignored wherever it is
    auto parsed = parse_report(body);
    REQUIRE(parsed);
    CHECK(json::serialize(*parsed) == body);
  }
  SECTION("the body's own bytes decide when sha256 is its last member") {
    // Boost.JSON 1.81 parses this double one ulp off, so re-serialising changes its text: only
    // the exact-bytes form of the check accepts it.
    std::string content = json::serialize(base());
    content.pop_back();
    content += ",\"precision\":4.9691762786032395E-1}";
    auto reparsed = json::parse(content).as_object();
    CHECK(json::serialize(reparsed) != content);
    std::string sent = content;
    sent.pop_back();
    sent += ",\"sha256\":\"";
    sent += vrs::crypto::to_hex(vrs::crypto::sha256(vrs::crypto::as_bytes(content)));
    sent += "\"}\n";
    auto parsed = parse_report(sent);
    REQUIRE(parsed);
    CHECK_FALSE(contract::check_digest(*parsed));  // re-serialised, the content hashes differently
    sent[sent.size() - 10] = sent[sent.size() - 10] == '0' ? '1' : '0';  // one hex digit of the digest
    CHECK(parse_report(sent).error().code() == ErrorCode::DataLoss);
  }
  SECTION("upper-case hex is the same digest") {
    auto upper = doc;
    std::string hex(upper["sha256"].as_string().c_str());
    std::transform(hex.begin(), hex.end(), hex.begin(), [](char c) { return static_cast<char>(std::toupper(c)); });
    upper["sha256"] = hex;
    CHECK(contract::check_digest(upper));
  }
  SECTION("a changed figure is a mismatch") {
    auto tampered = doc;
    at(at(at(tampered, "sections"), "totals")["cells"].as_array()[0].as_object(), "values")["migrants"] = 1235;
    auto checked = contract::check_digest(tampered);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().code() == ErrorCode::DataLoss);
    CHECK(contains(checked.error().message(), "sha256 mismatch"));
    auto parsed = parse_report(json::serialize(tampered));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().code() == ErrorCode::DataLoss);
  }
  SECTION("a missing sha256, another schema or a non-object is refused") {
    auto unsealed = doc;
    unsealed.erase("sha256");
    CHECK(contract::check_digest(unsealed).error().code() == ErrorCode::InvalidArgument);
    auto other = base();
    other["schema"] = "vrs.report/2";
    CHECK(contains(parse_report(json::serialize(sealed(other))).error().message(), "\"schema\""));
    CHECK(parse_report("[1,2]").error().code() == ErrorCode::InvalidArgument);
    CHECK(contains(parse_report("{").error().message(), "not valid JSON"));
  }
  SECTION("an ill-typed field is named by its path") {
    auto bad = base();
    at(at(at(bad, "sections"), "methods")["cells"].as_array()[1].as_object(), "values")["incidents"] = "five";
    auto parsed = parse_report(json::serialize(sealed(bad)));
    REQUIRE_FALSE(parsed);
    CHECK(parsed.error().message() ==
          "report: sections.methods.cells[1].values.incidents: expected a number, null or {\"suppressed\": true}");
    auto no_key = base();
    at(at(at(no_key, "sections"), "routes")["cells"].as_array()[1].as_object(), "key").erase("mode");
    CHECK(parse_report(json::serialize(sealed(no_key))).error().message() ==
          "report: sections.routes.cells[1].key.mode: is missing");
  }
}

TEST_CASE("suppressed cells never show a number in HTML, CSV or tables") {
  const auto doc = leaky();
  auto html = render_report_html(doc);
  REQUIRE(html);
  auto table = render_section_table(doc, "methods");
  REQUIRE(table);
  std::string csv;
  for (const auto& [name, content] : csv_files(doc)) csv += content;
  for (const std::string& out : {*html, *table, csv}) {
    for (const char* hidden : {"987654", "987,654", "876543", "876,543", "54321", "43210"}) {
      INFO(hidden);
      CHECK_FALSE(contains(out, hidden));
    }
  }
  const auto methods = csv_files(doc)["methods.csv"];
  CHECK(contains(methods, "corruption,,,,,,,C,\r\n"));
  CHECK(contains(*table, "\ncorruption                  C               C         C              C\n"));
}

TEST_CASE("CSV files: one per section, SDMX OBS_STATUS, previous period, own columns") {
  auto files = csv_files(reporter());
  std::vector<std::string> names;
  for (const auto& [name, content] : files) names.push_back(name);
  CHECK(names == std::vector<std::string>{"coverage.csv", "fees.csv", "harm.csv", "methods.csv", "migrants.csv",
                                          "parameters.csv", "routes.csv", "totals.csv", "trend_monthly.csv"});

  CHECK(files["migrants.csv"] ==
        "nationality,sex,age,migrants,incidents,unaccompanied_children,own_migrants,own_incidents,"
        "own_unaccompanied_children,OBS_STATUS\r\n"
        "*,*,*,1234,40,12,,,,\r\n"
        "<script>alert(1)</script>,male,*,55,3,0,,,,\r\n"
        "AFG,*,*,600,14,6,,,,\r\n"
        "AFG,female,*,120,30,4,20,3,0,\r\n"
        "AFG,male,*,470,13,2,,,,\r\n"
        "\"Foo, \"\"Bar\"\"\",unknown,*,9,2,0,,,,\r\n"
        "IRN,female,child,,,,4,2,1,C\r\n");
  CHECK(files["trend_monthly.csv"] ==
        "month,incidents,migrants,previous_incidents,previous_migrants,change_pct_incidents,change_pct_migrants,"
        "OBS_STATUS,PREVIOUS_OBS_STATUS\r\n"
        "*,40,1234,32,1000,25,23.4,,\r\n"
        "2025-01,20,700,10,350,100,-12.5,,\r\n"
        "2025-02,,,11,300,,,C,\r\n"
        "2025-03,12,380,,,,,,C\r\n");
  CHECK(files["harm.csv"] == "abuse,incidents,migrants,deaths,missing,injured,OBS_STATUS\r\n");
  CHECK(files["fees.csv"] ==
        "origin,destination,currency,observations,incidents,persons,median,q1,q3,usd_observations,usd_median,usd_q1,"
        "usd_q3,OBS_STATUS\r\n"
        "AFG,AUS,USD,40,12,230,5000,4000,6000,40,5000,4000,6000,\r\n"
        "LKA,AUS,USD,,,,,,,,,,,C\r\n");
  CHECK(files["coverage.csv"] == "member,named,own,2025-01,2025-02,2025-03\r\n*,,,2,3,3\r\nAUS (AUS-ABF),1,1,1,1,0\r\n");
  const auto& params = files["parameters.csv"];
  CHECK(contains(params, "parameter,value\r\n"));
  CHECK(contains(params, "region,bali_process\r\n"));
  CHECK(contains(params, "states,AUS IDN MYS\r\n"));
  CHECK(contains(params, "filter_mode,sea\r\n"));
  CHECK(contains(params, "k,5\r\n"));
  CHECK(contains(params, "fee_max_share,0.5\r\n"));
  CHECK(contains(params, "reciprocity,regional\r\n"));
  CHECK(contains(params, "sha256," + contract::digest(reporter()) + "\r\n"));

  SECTION("analysts get min and max columns") {
    auto fees = csv_files(analyst())["fees.csv"];
    CHECK(contains(fees, "median,q1,q3,min,max,usd_observations"));
    CHECK(contains(fees, "AFG,AUS,USD,40,12,230,5000,4000,6000,1200,9000,40,"));
  }
}

TEST_CASE("CSV fields are quoted as RFC 4180 says") {
  auto [text, expected] = GENERATE(table<std::string, std::string>({
      {"AFG", "AFG"},
      {"", ""},
      {"a,b", "\"a,b\""},
      {"say \"hi\"", "\"say \"\"hi\"\"\""},
      {"two\nlines", "\"two\nlines\""},
      {"cr\r", "\"cr\r\""},
      {"-12.5", "-12.5"},
  }));
  CHECK(csv_field(text) == expected);
}

TEST_CASE("CSV text that a spreadsheet would run as a formula is defused") {
  auto doc = base();
  at(doc, "reciprocity")["reason"] = "=HYPERLINK(\"x\",\"y\")";
  auto files = csv_files(sealed(std::move(doc)));
  CHECK(contains(files["parameters.csv"], "reciprocity_reason,\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n"));
  CHECK(contains(files["trend_monthly.csv"], "2025-01,20,700,10,350,100,-12.5,,\r\n"));  // numbers keep their sign
}

TEST_CASE("the HTML report is one self-contained, escaped page") {
  auto html_result = render_report_html(reporter());
  REQUIRE(html_result);
  const std::string& html = *html_result;

  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(contains(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                       "'unsafe-inline'; img-src data:\">"));
  CHECK(contains(html, "@media print"));
  // Nothing to load and nothing to run.
  for (const char* banned : {"http://", "https://", "<script", "<link", "<img", "<iframe", "@import", "url(", "src=",
                             "javascript:", "onload", "onclick"}) {
    INFO(banned);
    CHECK_FALSE(contains(html, banned));
  }
  CHECK(contains(html, "&lt;script&gt;alert(1)&lt;&#47;script&gt;"));
  CHECK(contains(html, "Foo, &quot;Bar&quot;"));

  // Header: region, states, period, times, viewer, k.
  CHECK(contains(html, "<h1>Bali process · 2025-Q1</h1>"));
  CHECK(contains(html, "<dt>States</dt><dd>AUS, IDN, MYS</dd>"));
  CHECK(contains(html, "<dt>Generated</dt><dd>2026-11-23 14:00:00 UTC</dd>"));
  CHECK(contains(html, "<dt>Data cut-off</dt><dd>2026-11-23 13:59:58 UTC</dd>"));
  CHECK(contains(html, "<dt>Viewer</dt><dd>AUS-ABF (reporter)</dd>"));
  CHECK(contains(html, "<dt>Disclosure</dt><dd>k = 5, 7 cells suppressed</dd>"));
  CHECK(contains(html, "<dt>Filters</dt><dd>Mode: Sea</dd>"));
  CHECK_FALSE(contains(html, "class=\"banner\""));

  // Summary cards with the change from the previous period.
  CHECK(contains(html, "<div class=\"value\">1,234</div>"));
  CHECK(contains(html, "▲ +23.4% (previous: 1,000)"));

  // Charts: trend lines, route flows, stacked nationality bars, fee box plots, ranked bars.
  CHECK(count(html, "<svg ") == 6);
  CHECK(contains(html, "<figcaption>Migrants per month</figcaption>"));
  CHECK(contains(html, "<figcaption>Incidents per month</figcaption>"));
  CHECK(contains(html, "<figcaption>Migrants by route (origin → destination)</figcaption>"));
  CHECK(contains(html, "<title>Afghanistan") == false);  // codes stay codes
  CHECK(contains(html, "<title>AFG → AUS: 600 migrants</title>"));
  CHECK(contains(html, "<figcaption>Migrants by nationality and sex (largest 12 nationalities)</figcaption>"));
  CHECK(contains(html, "<figcaption>Fee per person by route, USD</figcaption>"));
  CHECK(contains(html, "<figcaption>Incidents by method</figcaption>"));
  CHECK(contains(html, "<title>Unseaworthy vessel: 9</title>"));
  CHECK(contains(html, "<p class=\"note\">2 suppressed cells not shown in the diagram.</p>"));
  CHECK(contains(html, "2 suppressed month values not drawn"));
  CHECK_FALSE(contains(html, "whiskers"));  // a reporter gets no min/max

  // Tables: All / Unknown, humanised enums, suppressed marks, own numbers.
  CHECK(contains(html, "<td>Unknown</td><td>AUS</td><td>All</td>"));
  CHECK(contains(html, "<td>IRN</td><td>Female</td><td>Child</td><td class=\"n\"><span class=\"sup\" "
                       "title=\"Suppressed: confidential\">C</span><span class=\"yours\">(yours: 4)</span></td>"));
  CHECK(contains(html, "<td class=\"n\">120<span class=\"yours\">(yours: 20)</span></td>"));
  CHECK(contains(html, "<th class=\"n\">Unaccompanied children</th>"));
  CHECK(contains(html, "<p class=\"empty\">No data for this period.</p>"));

  // Coverage grid and the notes with the document's numbers.
  CHECK(contains(html, "<th>Jan 2025</th><th>Feb 2025</th><th>Mar 2025</th>"));
  CHECK(count(html, "title=\"reported\">✓</span>") == 2);
  CHECK(contains(html, "fewer than k = 5 persons or fewer than 2 incidents"));
  CHECK(contains(html, "at least 10 persons in at least 3 incidents, with no single incident giving more than 50%"));
  CHECK(contains(html, "rounded to 100 units"));
  CHECK(contains(html, "<code>" + contract::digest(reporter()) + "</code>"));
}

TEST_CASE("the HTML report shows fee whiskers to analysts and the reciprocity reason") {
  auto analyst_html = render_report_html(analyst());
  REQUIRE(analyst_html);
  CHECK(contains(*analyst_html, "whiskers: minimum to maximum"));
  CHECK(contains(*analyst_html, ", min 1,200, max 9,000 USD"));

  // The analyst's figures are exact; a reporter's with noise are said to be, in plain words.
  CHECK(contains(*analyst_html, "None: the figures in this report are exact."));
  auto noisy = base();
  at(noisy, "disclosure")["perturbation"] = json::object{{"method", "cell-key"}, {"max_deviation", 3}, {"variance", 2}};
  at(noisy, "disclosure")["by_section"] = json::object{
      {"routes", json::object{{"primary_cells", 3}, {"secondary_cells", 4}, {"persons_share_pct", 10}}},
      {"<b>", json::object{{"primary_cells", 1}, {"secondary_cells", 0}, {"persons_share_pct", nullptr}}},
      {"methods", json::object{{"primary_cells", 0}, {"secondary_cells", 0}, {"persons_share_pct", 0}}}};
  auto noisy_html = render_report_html(sealed(std::move(noisy)));
  REQUIRE(noisy_html);
  CHECK(contains(*noisy_html, "carry a small fixed change of at most 3 up or down"));
  CHECK(contains(*noisy_html, "By section: routes 3 unsafe themselves and 4 hidden to protect them (about 10% of its "
                              "persons); &lt;b&gt; 1 unsafe themselves and 0 hidden to protect them."));
  auto bad = base();
  at(bad, "disclosure")["by_section"] = json::object{{"routes", json::object{{"primary_cells", "three"}}}};
  const auto refused = render_report_html(sealed(std::move(bad)));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("disclosure.by_section.routes.primary_cells") != std::string::npos);

  auto own_html = render_report_html(own_data_only());
  REQUIRE(own_html);
  CHECK(contains(*own_html, "<div class=\"banner\" role=\"note\"><strong>Only your own data.</strong>"));
  CHECK(contains(*own_html, "AUS submitted no records dated in 2025 &lt;yet&gt;</div>"));
  CHECK(contains(*own_html, "This report shows only your own data."));
}

TEST_CASE("an analysis prints as an aligned table") {
  const auto doc = reporter();
  SECTION("dimensions, measures, C and own numbers") {
    auto text = render_section_table(doc, "migrants");
    REQUIRE(text);
    CHECK(*text ==
          "migrants: Migrants by nationality, sex and age\n"
          "region bali_process (AUS, IDN, MYS), period 2025-Q1 (2025-01-01..2025-03-31), mode=sea\n"
          "k=5, viewer AUS-ABF (reporter), data cut-off 2026-11-23T13:59:58Z\n"
          "* = all, XXX = unknown, C = suppressed (confidential)\n"
          "\n"
          "NATIONALITY                SEX      AGE        MIGRANTS   INCIDENTS  UNACCOMPANIED_CHILDREN\n"
          "*                          *        *              1234          40                      12\n"
          "<script>alert(1)</script>  male     *                55           3                       0\n"
          "AFG                        *        *               600          14                       6\n"
          "AFG                        female   *      120 (own 20)  30 (own 3)               4 (own 0)\n"
          "AFG                        male     *               470          13                       2\n"
          "Foo, \"Bar\"                 unknown  *                 9           2                       0\n"
          "IRN                        female   child     C (own 4)   C (own 2)               C (own 1)\n");
  }
  SECTION("totals are one measure per line with the previous period") {
    auto text = render_section_table(doc, "totals");
    REQUIRE(text);
    CHECK(contains(*text, "\nMEASURE            VALUE  PREVIOUS  CHANGE%\n"
                          "incidents     40 (own 6)        32       25\n"
                          "migrants   1234 (own 20)      1000     23.4\n"));
  }
  SECTION("trends add the change per measure") {
    auto text = render_section_table(doc, "trend_monthly");
    REQUIRE(text);
    CHECK(contains(*text, "MONTH    INCIDENTS  INCIDENTS_CHG%  MIGRANTS  MIGRANTS_CHG%\n"));
    CHECK(contains(*text, "2025-02          C               C         C              C\n"
                          "2025-03         12               C       380              C\n"));
  }
  SECTION("coverage, an empty section and a missing one") {
    auto coverage = render_section_table(doc, "coverage");
    REQUIRE(coverage);
    CHECK(contains(*coverage, "\nMEMBER               2025-01  2025-02  2025-03\n"
                              "reporting members          2        3        3\n"
                              "AUS (AUS-ABF) (you)        ✓        ✓        -\n"));
    CHECK(contains(*render_section_table(doc, "harm"), "(no data for this period)\n"));
    CHECK(render_section_table(doc, "documents").error().code() == ErrorCode::NotFound);
  }
  SECTION("the reciprocity reason is in the header") {
    auto text = render_section_table(own_data_only(), "totals");
    REQUIRE(text);
    CHECK(contains(*text, "reciprocity: only your own data is shown: AUS submitted no records dated in 2025 <yet>\n"));
  }
}

TEST_CASE("report and analyze options are checked before anything is sent") {
  ReportOptions ok;
  ok.query.region = "bali_process";
  ok.query.period = "2025-Q1";
  ok.format = "html";
  ok.out = "report.html";
  REQUIRE(check_report_options(ok));

  SECTION("the query is percent-encoded and codes are upper-cased") {
    ReportQueryArgs args{"bali_process", "2025-01..2025-02", "idn", "sea", "xxa"};
    auto query = report_query(args);
    REQUIRE(query);
    CHECK(*query == "region=bali_process&period=2025-01..2025-02&route_country=IDN&mode=sea&nationality=XXA");
  }
  SECTION("bad options name the option and the value") {
    using Edit = void (*)(ReportOptions&);
    auto [edit, expected] = GENERATE(table<Edit, std::string>({
        {[](ReportOptions& o) { o.query.region.reset(); }, "--region is required"},
        {[](ReportOptions& o) { o.query.period.reset(); }, "--period is required"},
        {[](ReportOptions& o) { o.format = "pdf"; }, "--format \"pdf\": expected html, csv or json"},
        {[](ReportOptions& o) { o.query.mode = "boat"; }, "--mode \"boat\": expected air, land, sea or unknown"},
        {[](ReportOptions& o) { o.out.reset(); }, "--out is required"},
        {[](ReportOptions& o) { o.query.period = "2025-13"; }, "--period \"2025-13\": expected YYYY"},
        {[](ReportOptions& o) { o.query.period = "2025-02-01..2025-01-01"; }, "--period \"2025-02-01..2025-01-01\""},
        {[](ReportOptions& o) { o.query.period = "2025-02-31..2025-03-01"; }, "--period \"2025-02-31..2025-03-01\": expected YYYY"},
        {[](ReportOptions& o) { o.query.region = "bali process"; }, "--region \"bali process\""},
        {[](ReportOptions& o) { o.query.route_country = "ID"; }, "--route-country \"ID\": expected an ISO 3166-1 alpha-3"},
        {[](ReportOptions& o) { o.query.nationality = "A1B"; }, "--nationality \"A1B\""},
        {[](ReportOptions& o) { o.from_json = "saved.json"; }, "--from-json renders a saved report"},
    }));
    ReportOptions options = ok;
    edit(options);
    auto checked = check_report_options(options);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().code() == ErrorCode::InvalidArgument);
    CHECK(contains(checked.error().message(), expected));
  }
  SECTION("--from-json needs no region or period") {
    ReportOptions offline;
    offline.from_json = "saved.json";
    offline.format = "csv";
    offline.out = "out";
    CHECK(check_report_options(offline));
  }
  SECTION("analysis names are checked against the report's sections") {
    AnalyzeOptions analyze{{}, "migrants", ok.query, false};
    CHECK(check_analyze_options(analyze));
    analyze.name = "people";
    auto checked = check_analyze_options(analyze);
    REQUIRE_FALSE(checked);
    CHECK(checked.error().message() ==
          "unknown analysis \"people\"; the analyses are: totals, trend_monthly, trend_quarterly, routes, route_transits, "
          "migrants, smugglers, smuggler_profiles, methods, documents, harm, response, fees, coverage");
    analyze.name = "coverage";
    analyze.query.region.reset();
    CHECK(contains(check_analyze_options(analyze).error().message(), "--region is required"));
  }
  SECTION("run_report exits 2 on a usage error without touching the network or disk") {
    ReportOptions options = ok;
    options.format = "pdf";
    std::ostringstream out, err;
    CHECK(run_report(options, out, err) == 2);
    CHECK(err.str() == "vrs-client: report: --format \"pdf\": expected html, csv or json\n");
    AnalyzeOptions analyze{{}, "nope", ok.query, false};
    CHECK(run_analyze(analyze, out, err) == 2);
  }
}

TEST_CASE("reports are written with mode 0600, CSV into a folder") {
  vrs::test::TempDir dir;
  const auto doc = reporter();
  const std::string body = json::serialize(doc) + "\n";
  using vrs::test::mode_of;

  auto json_written = write_report(doc, body, ReportFormat::Json, dir / "r.json");
  REQUIRE(json_written);
  CHECK(vrs::test::read_text_file(dir / "r.json") == body);
  CHECK(mode_of(dir / "r.json") == 0600U);

  auto html_written = write_report(doc, body, ReportFormat::Html, dir / "r.html");
  REQUIRE(html_written);
  CHECK(vrs::test::read_text_file(dir / "r.html") == *render_report_html(doc));
  CHECK(mode_of(dir / "r.html") == 0600U);

  auto csv_written = write_report(doc, body, ReportFormat::Csv, dir / "csv");
  REQUIRE(csv_written);
  CHECK(csv_written->size() == 9);
  CHECK(mode_of(dir / "csv") == 0700U);
  CHECK(mode_of(dir / "csv" / "migrants.csv") == 0600U);
  CHECK(vrs::test::read_text_file(dir / "csv" / "totals.csv").rfind("incidents,migrants,previous_incidents", 0) == 0);

  CHECK(write_report(doc, body, ReportFormat::Html, dir / "csv").error().code() == ErrorCode::InvalidArgument);
  CHECK(write_report(doc, body, ReportFormat::Csv, dir / "r.html").error().code() == ErrorCode::InvalidArgument);

  SECTION("--from-json renders a saved report offline after checking it") {
    ReportOptions options;
    options.from_json = dir / "r.json";
    options.format = "csv";
    options.out = dir / "offline";
    std::ostringstream out, err;
    CHECK(run_report(options, out, err) == 0);
    CHECK(contains(err.str(), "sha256 verified: " + contract::digest(doc)));
    CHECK(contains(err.str(), "wrote " + (dir / "offline" / "migrants.csv").string() + "\n"));
    CHECK(out.str() == "report bali_process 2025-Q1: csv written to " + (dir / "offline").string() + "\n");

    auto tampered = leaky();
    tampered["name"] = "other";
    vrs::test::write_file(dir / "bad.json", json::serialize(tampered));
    options.from_json = dir / "bad.json";
    options.format = "html";
    options.out = dir / "bad.html";
    std::ostringstream out2, err2;
    CHECK(run_report(options, out2, err2) == 1);
    CHECK(contains(err2.str(), "vrs-client: report: report: sha256 mismatch"));
    CHECK_FALSE(std::filesystem::exists(dir / "bad.html"));
  }
}
