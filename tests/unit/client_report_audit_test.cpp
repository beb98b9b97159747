// The offline audit of a saved report: the attacker's problem from the viewer's side, on small
// documents whose answers can be worked out by hand.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include <boost/json.hpp>

#include "vrs/client/commands/report_command.hpp"
#include "vrs/client/report/audit.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/test/temp_dir.hpp"

namespace json = boost::json;
using vrs::client::report::audit_report;
using vrs::client::report::format_report_audit;

namespace {

// A year report with one routes table: origins A, B, C to destination D by air, with its
// margins. `cells` are the inner cells' JSON (after the margins).
std::string report(const std::string& inner, const std::string& totals = R"({"incidents": 40, "migrants": 400})",
                   const std::string& role = "analyst") {
  return R"({"schema": "vrs.report/1", "name": "regional",
 "parameters": {"region": "r", "states": ["AUS"], "period": "2025", "from": "2025-01-01", "to": "2025-12-31",
                "previous_from": "2024-01-01", "previous_to": "2024-12-31", "filters": {}},
 "generated_at": "2026-11-23T14:00:00Z", "data_cutoff": "2026-11-23T13:59:58Z",
 "viewer": {"member_id": "AUS-ABF", "state": "AUS", "role": ")" +
         role + R"("},
 "disclosure": {"k": 5, "min_incidents": 2, "fee_min_persons": 10, "fee_min_incidents": 3, "fee_max_share": 0.5,
                "fee_rounding": 100, "suppressed_cells": 2},
 "reciprocity": {"regional": true, "rule": "year"},
 "sections": {
  "totals": {"title": "Totals", "dimensions": [], "measures": ["incidents", "migrants"],
   "cells": [{"key": {}, "values": )" +
         totals + R"(}]},
  "routes": {"title": "Routes", "dimensions": ["origin", "destination", "mode"], "measures": ["incidents", "migrants"],
   "cells": [
    {"key": {"origin": "*", "destination": "*", "mode": "*"}, "values": )" +
         totals + R"(},
    {"key": {"origin": "*", "destination": "D", "mode": "*"}, "values": )" +
         totals + R"(},
    {"key": {"origin": "*", "destination": "D", "mode": "air"}, "values": )" +
         totals + R"(},
    {"key": {"origin": "*", "destination": "*", "mode": "air"}, "values": )" +
         totals + R"(})" + inner + R"(]}}})";
}

std::string cell(const std::string& origin, const std::string& star_or_d, const std::string& mode, const std::string& values) {
  return R"(,{"key": {"origin": ")" + origin + R"(", "destination": ")" + star_or_d + R"(", "mode": ")" + mode +
         R"("}, )" + values + "}";
}

const std::string kHidden = R"("suppressed": true, "values": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}})";

// The three origins' cells at every margin of destination and mode (they are equal here: one
// destination, one mode), `a`, `b`, `c` being their values or kHidden.
std::string origins(const std::string& a, const std::string& b, const std::string& c) {
  std::string out;
  for (const auto& [o, v] : {std::pair{"A", a}, std::pair{"B", b}, std::pair{"C", c}}) {
    for (const auto& [d, m] : {std::pair{"D", "air"}, std::pair{"D", "*"}, std::pair{"*", "air"}, std::pair{"*", "*"}}) {
      out += cell(o, d, m, v);
    }
  }
  return out;
}

vrs::client::report::ReportAudit audited(const std::string& text) {
  auto audit = audit_report(json::parse(text).as_object());
  REQUIRE(audit);
  return *audit;
}

}  // namespace

TEST_CASE("audit-report: a lone suppressed cell of a line is read back exactly", "[client][audit]") {
  // A = 40 − 30 − 8 = 2 incidents, 400 − 380 − 17 = 3 migrants.
  const auto a = audited(report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})",
                                        R"("values": {"incidents": 8, "migrants": 17})")));
  REQUIRE(a.cells.size() == 4);  // A at each margin of destination and mode
  CHECK(a.narrow == 4);
  for (const auto& c : a.cells) {
    CHECK_FALSE(c.ok);
    CHECK(c.incidents.low == 2);
    CHECK(c.incidents.high == 2);
    CHECK(c.persons.low == 3);
    CHECK(c.persons.high == 3);
    CHECK(c.persons_measure == "migrants");
  }
  const auto text = format_report_audit(a);
  CHECK(text.find("routes   origin=A destination=D mode=air  [2, 2]     migrants [3, 3]  NARROW") != std::string::npos);
  CHECK(text.find("4 suppressed cells: 0 protected, 4 narrower than the protection level (k = 5 persons, 2 incidents)") !=
        std::string::npos);
}

TEST_CASE("audit-report: two suppressed cells of a line leave a wide interval", "[client][audit]") {
  // A + C = 10 incidents, 20 migrants: each of A, C is in [1, 9] incidents, [0, 20] migrants.
  const auto a = audited(report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})", kHidden)));
  REQUIRE(a.cells.size() == 8);
  CHECK(a.narrow == 0);
  for (const auto& c : a.cells) {
    CHECK(c.ok);
    CHECK(c.incidents.low == 1);
    CHECK(c.incidents.high == 9);
    CHECK(c.persons.high == 20);
  }
}

TEST_CASE("audit-report: a cell pinned to a large value is no disclosure, a small pinned pair is", "[client][audit]") {
  // A = 40 − 20 − 10 = 10 incidents, 400 − 200 − 100 = 100 migrants: known, but not small.
  const auto large = audited(report(origins(kHidden, R"("values": {"incidents": 20, "migrants": 200})",
                                            R"("values": {"incidents": 10, "migrants": 100})")));
  REQUIRE(large.cells.size() == 4);
  CHECK(large.cells[0].incidents.width() == 0);
  CHECK(large.cells[0].ok);
  CHECK(large.narrow == 0);
  // A + C = 2 incidents: each is exactly 1 (a suppressed cell holds at least one): small.
  const auto small = audited(report(origins(kHidden, R"("values": {"incidents": 38, "migrants": 394})", kHidden)));
  CHECK(small.narrow == 8);
}

TEST_CASE("audit-report: a reporter's own figures are subtracted", "[client][audit]") {
  // The viewer owns 8 of A's incidents (and so 8 of every total's); the others' share of A is
  // what is hidden.
  const std::string own_a = R"("suppressed": true, "values": {"incidents": {"suppressed": true}, "migrants": {"suppressed": true}},
     "own": {"incidents": 8, "migrants": 15})";
  const auto a = audited(report(origins(own_a, R"("values": {"incidents": 30, "migrants": 380})", kHidden),
                                R"({"incidents": 40, "migrants": 400}, "own": {"incidents": 8, "migrants": 15})", "reporter"));
  REQUIRE(a.cells.size() == 8);
  // Others' A + C = 40 − own 8 − 30 = 2 incidents, and each hidden cell holds at least 1.
  for (const auto& c : a.cells) {
    if (c.cell.find("origin=A") == std::string::npos) continue;
    CHECK(c.incidents.low == 1);
    CHECK(c.incidents.high == 1);
    CHECK_FALSE(c.ok);
  }
}

TEST_CASE("audit-report: a document without disclosure figures or with contradictory ones is refused", "[client][audit]") {
  auto doc = json::parse(report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})", kHidden))).as_object();
  doc["disclosure"].as_object().erase("k");
  auto r = audit_report(doc);
  REQUIRE_FALSE(r);
  CHECK(r.error().message().find("disclosure.k") != std::string::npos);

  // B alone larger than the total: no counts satisfy the published figures.
  auto bad = audit_report(
      json::parse(report(origins(kHidden, R"("values": {"incidents": 50, "migrants": 380})", kHidden))).as_object());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code() == vrs::ErrorCode::FailedPrecondition);
}

TEST_CASE("audit-report command: unreadable, foreign and tampered files fail naming the file", "[client][audit]") {
  vrs::test::TempDir dir;
  std::ostringstream out, err;
  // No such file.
  CHECK(vrs::client::commands::run_audit_report(dir / "missing.json", out, err) == 1);
  CHECK(err.str().find("vrs-client: audit-report: ") == 0);
  CHECK(err.str().find("missing.json") != std::string::npos);
  // Not a report.
  const auto foreign = dir / "foreign.json";
  std::ofstream(foreign) << R"({"hello": "world"})";
  err.str("");
  CHECK(vrs::client::commands::run_audit_report(foreign, out, err) == 1);
  CHECK(err.str().find("foreign.json") != std::string::npos);
  // A report whose sha256 does not match its content.
  auto doc = json::parse(report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})", kHidden))).as_object();
  doc["sha256"] = std::string(64, '0');
  const auto tampered = dir / "tampered.json";
  std::ofstream(tampered) << json::serialize(doc);
  err.str("");
  CHECK(vrs::client::commands::run_audit_report(tampered, out, err) == 1);
  CHECK(err.str().find("sha256") != std::string::npos);
  CHECK(out.str().empty());
}

TEST_CASE("audit-report command: a sealed report is audited and the exit code says whether all is protected",
          "[client][audit]") {
  vrs::test::TempDir dir;
  const auto write = [&](const std::string& name, const std::string& text) {
    const auto path = dir / name;
    std::ofstream(path) << vrs::schema::report::seal(json::parse(text).as_object());
    return path;
  };
  std::ostringstream out, err;
  const auto safe = write("safe.json", report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})", kHidden)));
  CHECK(vrs::client::commands::run_audit_report(safe, out, err) == 0);
  CHECK(out.str().find("8 suppressed cells: 8 protected, 0 narrower") != std::string::npos);
  CHECK(err.str().empty());
  out.str("");
  const auto pinned = write("pinned.json", report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})",
                                                          R"("values": {"incidents": 8, "migrants": 17})")));
  CHECK(vrs::client::commands::run_audit_report(pinned, out, err) == 1);
  CHECK(out.str().find("NARROW") != std::string::npos);
  CHECK(err.str().find("4 suppressed cells can be narrowed below the protection level") != std::string::npos);
}

TEST_CASE("audit-report: labels from the document reach the terminal made printable", "[client][audit]") {
  // A hostile origin label with a terminal escape sequence.
  auto text = report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})", kHidden));
  for (std::size_t at = text.find("\"origin\": \"A\""); at != std::string::npos; at = text.find("\"origin\": \"A\"")) {
    text.replace(at, 13, "\"origin\": \"A\\u001b[2J\"");
  }
  const auto hostile = audited(text);
  const auto shown = format_report_audit(hostile);
  CHECK(shown.find('\x1b') == std::string::npos);
  CHECK(shown.find("origin=A") != std::string::npos);
  CHECK(hostile.cells.size() == 8);
}

TEST_CASE("audit-report: figures published with noise are known only within its bound", "[client][audit]") {
  // Exact, A = 40 − 30 − 8 = 2 incidents is read back (first test). With noise of at most 3 on
  // every published figure, A is anywhere in [1, 43 − 27 − 5] incidents: protected.
  auto text = report(origins(kHidden, R"("values": {"incidents": 30, "migrants": 380})",
                             R"("values": {"incidents": 8, "migrants": 17})"));
  const std::string plain = R"("suppressed_cells": 2})";
  const auto at = text.find(plain);
  REQUIRE(at != std::string::npos);
  text.replace(at, plain.size(),
               R"("suppressed_cells": 2, "perturbation": {"method": "cell-key", "max_deviation": 3, "variance": 2}})");
  const auto a = audited(text);
  CHECK(a.noise == 3);
  REQUIRE(a.cells.size() == 4);
  CHECK(a.narrow == 0);
  for (const auto& c : a.cells) {
    CHECK(c.incidents.low == 1);
    CHECK(c.incidents.high == 11);
    CHECK(c.persons.low == 0);
    CHECK(c.persons.high == 12);
  }
  CHECK(format_report_audit(a).find("published figures known within ±3") != std::string::npos);
  // A bound that is not a whole number in range is refused with the value.
  auto bad = text;
  bad.replace(bad.find("\"max_deviation\": 3"), 18, "\"max_deviation\": 2.5");
  const auto refused = audit_report(json::parse(bad).as_object());
  REQUIRE_FALSE(refused);
  CHECK(refused.error().message().find("max_deviation 2.5") != std::string::npos);
}

TEST_CASE("audit-report: fee cells are audited through their currency's all-routes cell", "[client][audit]") {
  // Fees in USD on two routes. A→D is hidden; B→D and the all-routes cell are published, so
  // A→D = 10 − 5 − 4 = 1 incident and 83 − 50 − 30 = 3 persons: read back, narrow. C→D shows
  // its counts without extremes (they would single out one incident's fee): not suppressed.
  const auto fee = [](const std::string& o, const std::string& d, const std::string& values) {
    return R"({"key": {"origin": ")" + o + R"(", "destination": ")" + d + R"(", "currency": "USD"}, )" + values + "}";
  };
  const std::string hidden =
      R"("suppressed": true, "values": {"observations": {"suppressed": true}, "incidents": {"suppressed": true},
         "persons": {"suppressed": true}, "median": {"suppressed": true}})";
  const std::string doc = R"({"schema": "vrs.report/1", "name": "regional",
 "parameters": {"region": "r", "states": ["AUS"], "period": "2025", "from": "2025-01-01", "to": "2025-12-31",
                "previous_from": "2024-01-01", "previous_to": "2024-12-31", "filters": {}},
 "generated_at": "2026-11-23T14:00:00Z", "data_cutoff": "2026-11-23T13:59:58Z",
 "viewer": {"member_id": "NPL-ANALYSIS", "state": "NPL", "role": "analyst"},
 "disclosure": {"k": 5, "min_incidents": 2, "fee_min_persons": 10, "fee_min_incidents": 3, "fee_max_share": 0.5,
                "fee_rounding": 100, "suppressed_cells": 1},
 "reciprocity": {"regional": true, "rule": "year"},
 "sections": {
  "fees": {"title": "Fees", "dimensions": ["origin", "destination", "currency"],
   "measures": ["observations", "incidents", "persons", "median", "min", "max"],
   "cells": [)" + fee("*", "*", R"("values": {"observations": 17, "incidents": 10, "persons": 83, "median": 3000})") +
                          "," + fee("A", "D", hidden) + "," +
                          fee("B", "D", R"("values": {"observations": 9, "incidents": 5, "persons": 50, "median": 2000})") +
                          "," +
                          fee("C", "D", R"("values": {"observations": 6, "incidents": 4, "persons": 30, "median": 2500})") +
                          R"(]}}})";
  const auto a = audited(doc);
  INFO(format_report_audit(a));
  REQUIRE(a.cells.size() == 1);
  CHECK(a.cells[0].section == "fees");
  CHECK(a.cells[0].cell == "origin=A destination=D currency=USD");
  CHECK(a.cells[0].incidents.low == 1);
  CHECK(a.cells[0].incidents.high == 1);
  CHECK(a.cells[0].persons.low == 3);
  CHECK(a.cells[0].persons.high == 3);
  CHECK_FALSE(a.cells[0].ok);
  CHECK(a.narrow == 1);
}
