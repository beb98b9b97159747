// Writes a realistic `vrs.report/1` document (docs/reports.md) with a valid sha256, for the
// end-to-end rendering test (report_chromium_test.sh): a year of a Bali Process region seen by
// an analyst, with suppressed cells in most sections, fees with min/max, and a hostile label.
// Usage: report_sample OUT.json [reporter]   ("reporter": own numbers, no fee min/max, and the
// reciprocity banner). Deterministic: the same arguments always give the same file.
#include <boost/json.hpp>

#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "vrs/client/report/render.hpp"
#include "vrs/schema/report/contract.hpp"

namespace json = boost::json;

namespace {

struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  }
  std::int64_t in(std::int64_t lo, std::int64_t hi) { return lo + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(hi - lo + 1)); }
};

json::object suppressed_values(const std::vector<std::string>& measures) {
  json::object out;
  for (const auto& m : measures) out[m] = json::object{{"suppressed", true}};
  return out;
}

struct SectionBuilder {
  std::vector<std::string> dimensions;
  std::vector<std::string> measures;
  json::array cells;
  bool reporter = false;
  Rng* rng = nullptr;

  void add(const std::vector<std::string>& key, const std::vector<std::int64_t>& values, bool suppressed = false) {
    json::object cell;
    json::object k;
    for (std::size_t i = 0; i < dimensions.size(); ++i) k[dimensions[i]] = key[i];
    cell["key"] = std::move(k);
    if (suppressed) {
      cell["suppressed"] = true;
      cell["values"] = suppressed_values(measures);
    } else {
      json::object v;
      for (std::size_t i = 0; i < measures.size(); ++i) v[measures[i]] = values[i];
      cell["values"] = std::move(v);
    }
    if (reporter && rng->in(0, 2) == 0) {
      json::object own;
      for (std::size_t i = 0; i < measures.size(); ++i) own[measures[i]] = suppressed ? rng->in(0, 2) : values[i] / 5;
      cell["own"] = std::move(own);
    }
    cells.push_back(std::move(cell));
  }

  json::object done(const std::string& title) const {
    json::array dims, meas;
    for (const auto& d : dimensions) dims.emplace_back(d);
    for (const auto& m : measures) meas.emplace_back(m);
    return json::object{{"title", title}, {"dimensions", std::move(dims)}, {"measures", std::move(meas)}, {"cells", cells}};
  }
};

double pct(std::int64_t now, std::int64_t before) {
  if (before == 0) return 0;
  const auto tenths = static_cast<std::int64_t>(static_cast<double>(now - before) * 1000.0 / static_cast<double>(before));
  return static_cast<double>(tenths) / 10.0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: report_sample OUT.json [reporter]\n";
    return 2;
  }
  const bool reporter = argc > 2 && std::string(argv[2]) == "reporter";
  Rng rng{0x9e3779b97f4a7c15ULL};

  json::object doc;
  doc["schema"] = "vrs.report/1";
  doc["name"] = "regional";
  doc["parameters"] = json::object{
      {"region", "bali_process"},
      {"states", json::array{"AFG", "AUS", "BGD", "IDN", "IRN", "LKA", "MMR", "MYS", "NZL", "PAK", "PHL", "SGP", "THA", "VNM"}},
      {"period", "2025"},
      {"from", "2025-01-01"},
      {"to", "2025-12-31"},
      {"previous_from", "2024-01-01"},
      {"previous_to", "2024-12-31"},
      {"filters", json::object{}}};
  doc["generated_at"] = "2026-01-15T09:30:00Z";
  doc["data_cutoff"] = "2026-01-15T09:29:41Z";
  doc["viewer"] = reporter ? json::object{{"member_id", "AUS-ABF"}, {"state", "AUS"}, {"role", "reporter"}}
                           : json::object{{"member_id", "NZL-INZ"}, {"state", "NZL"}, {"role", "analyst"}};
  doc["disclosure"] = json::object{{"k", reporter ? 5 : 3}, {"min_incidents", 2}, {"fee_min_persons", 10},
                                   {"fee_min_incidents", 3}, {"fee_max_share", 0.5}, {"fee_rounding", 100},
                                   {"suppressed_cells", 0}};
  doc["reciprocity"] = reporter ? json::object{{"regional", false},
                                               {"rule", "year"},
                                               {"reason", "AUS submitted no records dated in 2025: only its own data is shown"}}
                                : json::object{{"regional", true}, {"rule", "year"}};
  json::object sections;
  std::int64_t suppressed = 0;

  // Monthly trend, with the period total first.
  const std::vector<std::string> trend_measures = {"incidents", "migrants", "smugglers", "deaths", "missing"};
  {
    SectionBuilder s{{"month"}, trend_measures, {}, reporter, &rng};
    std::vector<std::int64_t> total(5, 0), previous_total(5, 0);
    json::array months;
    for (int m = 1; m <= 12; ++m) {
      std::vector<std::int64_t> v = {rng.in(20, 48), 0, 0, rng.in(0, 6), rng.in(0, 9)};
      v[1] = v[0] * rng.in(14, 30);
      v[2] = v[0] + rng.in(5, 30);
      std::vector<std::int64_t> p = {v[0] + rng.in(-8, 8), 0, 0, rng.in(0, 5), rng.in(0, 7)};
      p[1] = p[0] * rng.in(14, 28);
      p[2] = p[0] + rng.in(4, 25);
      for (int i = 0; i < 5; ++i) {
        total[i] += v[i];
        previous_total[i] += p[i];
      }
      const std::string month = std::string("2025-") + (m < 10 ? "0" : "") + std::to_string(m);
      const bool hide = m == 8;
      s.add({month}, v, hide);
      json::object prev, change;
      for (int i = 0; i < 5; ++i) {
        prev[trend_measures[i]] = p[i];
        if (hide) {
          change[trend_measures[i]] = json::object{{"suppressed", true}};
        } else if (p[i] == 0) {
          change[trend_measures[i]] = nullptr;
        } else {
          change[trend_measures[i]] = pct(v[i], p[i]);
        }
      }
      s.cells.back().as_object()["previous"] = std::move(prev);
      s.cells.back().as_object()["change_pct"] = std::move(change);
    }
    suppressed += 1;
    SectionBuilder t{{}, {"incidents", "migrants", "smugglers", "deaths", "missing", "injured", "unaccompanied_children"}, {}, reporter, &rng};
    const std::vector<std::int64_t> totals = {total[0], total[1], total[2], total[3], total[4], 57, 188};
    const std::vector<std::int64_t> before = {previous_total[0], previous_total[1], previous_total[2], previous_total[3],
                                              previous_total[4], 61, 150};
    t.add({}, totals);
    json::object prev, change;
    for (std::size_t i = 0; i < t.measures.size(); ++i) {
      prev[t.measures[i]] = before[i];
      change[t.measures[i]] = pct(totals[i], before[i]);
    }
    t.cells.back().as_object()["previous"] = prev;
    t.cells.back().as_object()["change_pct"] = change;
    sections["totals"] = t.done("Totals");
    json::array cells;
    json::object all{{"key", json::object{{"month", "*"}}}, {"values", json::object{}}};
    for (int i = 0; i < 5; ++i) all["values"].as_object()[trend_measures[i]] = total[i];
    json::object all_prev, all_change;
    for (int i = 0; i < 5; ++i) {
      all_prev[trend_measures[i]] = previous_total[i];
      all_change[trend_measures[i]] = pct(total[i], previous_total[i]);
    }
    all["previous"] = all_prev;
    all["change_pct"] = all_change;
    cells.push_back(std::move(all));
    for (auto& c : s.cells) cells.push_back(c);
    s.cells = std::move(cells);
    sections["trend_monthly"] = s.done("Incidents by month of detection");

    SectionBuilder q{{"quarter"}, trend_measures, {}, reporter, &rng};
    for (int i = 1; i <= 4; ++i) {
      q.add({"2025-Q" + std::to_string(i)}, {total[0] / 4 + i, total[1] / 4 + 10 * i, total[2] / 4, total[3] / 4, total[4] / 4});
    }
    sections["trend_quarterly"] = q.done("Incidents by quarter");
  }

  // Routes: origin × destination with mode "*", plus the sea legs of the largest.
  {
    SectionBuilder s{{"origin", "destination", "mode"}, {"incidents", "migrants"}, {}, reporter, &rng};
    s.add({"*", "*", "*"}, {412, 9876});
    const std::vector<std::pair<std::string, std::string>> routes = {
        {"AFG", "AUS"}, {"AFG", "IDN"}, {"BGD", "MYS"}, {"IRN", "AUS"}, {"IRQ", "AUS"}, {"LKA", "AUS"}, {"LKA", "NZL"},
        {"MMR", "MYS"}, {"MMR", "IDN"}, {"VNM", "AUS"}, {"CHN", "NZL"}, {"PAK", "MYS"}, {"XXX", "AUS"}, {"XXX", "MYS"},
        {"IRN", "IDN"}, {"SOM", "AUS"}};
    for (const auto& [o, d] : routes) {
      const bool hide = o == "SOM" || (o == "IRN" && d == "IDN");
      const auto incidents = rng.in(3, 60);
      s.add({o, d, "*"}, {incidents, incidents * rng.in(8, 40)}, hide);
      suppressed += hide ? 1 : 0;
      if (o == "AFG" || o == "LKA") s.add({o, d, "sea"}, {incidents / 2, incidents * 9});
    }
    sections["routes"] = s.done("Routes: origin, destination and mode");
  }
  {
    SectionBuilder s{{"transit"}, {"incidents", "migrants"}, {}, reporter, &rng};
    s.add({"*"}, {412, 9876});
    for (const char* c : {"IDN", "MYS", "THA", "SGP", "LKA", "ARE", "QAT"}) {
      const auto incidents = rng.in(2, 90);
      s.add({c}, {incidents, incidents * rng.in(10, 30)}, std::string(c) == "QAT");
    }
    suppressed += 1;
    sections["route_transits"] = s.done("Transit countries");
  }
  // Migrants by nationality, sex and age.
  {
    SectionBuilder s{{"nationality", "sex", "age"}, {"migrants", "incidents", "unaccompanied_children"}, {}, reporter, &rng};
    s.add({"*", "*", "*"}, {9876, 412, 188});
    const std::vector<std::string> nationalities = {"AFG", "BGD", "CHN", "IRN", "IRQ", "LKA", "MMR", "PAK", "SOM",
                                                    "SYR", "VNM", "XXA", "XXX", "YEM", "<b>bold</b>"};
    for (const auto& n : nationalities) {
      const auto female = rng.in(10, 600), male = rng.in(30, 1500), unknown = rng.in(0, 40);
      s.add({n, "*", "*"}, {female + male + unknown, rng.in(5, 80), rng.in(0, 20)});
      s.add({n, "female", "*"}, {female, rng.in(3, 40), rng.in(0, 9)});
      s.add({n, "female", "child"}, {female / 4, rng.in(2, 20), rng.in(0, 5)}, n == "SOM" || n == "YEM");
      s.add({n, "male", "*"}, {male, rng.in(3, 60), rng.in(0, 9)});
      s.add({n, "unknown", "*"}, {unknown, 2, 0}, unknown < 5);
      suppressed += (n == "SOM" || n == "YEM") + (unknown < 5);
    }
    sections["migrants"] = s.done("Migrants by nationality, sex and age");
  }
  {
    SectionBuilder s{{"nationality", "role"}, {"smugglers", "incidents"}, {}, reporter, &rng};
    s.add({"*", "*"}, {634, 301});
    for (const char* role : {"organiser", "recruiter", "transporter", "crew", "guide", "document_supplier", "financier",
                             "corrupt_official"}) {
      const auto n = rng.in(4, 180);
      s.add({"*", role}, {n, n / 2 + 2}, std::string(role) == "corrupt_official");
    }
    suppressed += 1;
    for (const char* nat : {"IDN", "MYS", "LKA", "VNM"}) s.add({nat, "*"}, {rng.in(20, 200), rng.in(10, 80)});
    sections["smugglers"] = s.done("Smugglers by nationality and role");
  }
  {
    SectionBuilder s{{"role", "sex", "age"}, {"smugglers", "incidents"}, {}, reporter, &rng};
    s.add({"*", "*", "*"}, {634, 301});
    for (const char* role : {"crew", "organiser", "transporter"}) {
      s.add({role, "male", "adult"}, {rng.in(20, 120), rng.in(10, 50)});
      s.add({role, "female", "adult"}, {rng.in(2, 30), rng.in(2, 20)});
      s.add({role, "male", "juvenile"}, {2, 1}, true);
      suppressed += 1;
    }
    sections["smuggler_profiles"] = s.done("Smugglers by role, sex and age");
  }
  {
    SectionBuilder s{{"method"}, {"incidents", "migrants"}, {}, reporter, &rng};
    s.add({"*"}, {412, 9876});
    for (const char* m : {"unseaworthy_vessel", "fraudulent_documents", "genuine_documents_misused", "visa_abuse",
                          "transit_swap", "concealment", "commercial_flight", "land_vehicle", "on_foot", "corruption",
                          "pay_on_arrival"}) {
      const auto n = rng.in(3, 140);
      s.add({m}, {n, n * rng.in(5, 25)}, std::string(m) == "on_foot");
    }
    suppressed += 1;
    sections["methods"] = s.done("Smuggling methods");
  }
  {
    SectionBuilder s{{"type", "fraud", "issuer"}, {"documents", "incidents"}, {}, reporter, &rng};
    s.add({"*", "*", "*"}, {512, 133});
    s.add({"passport", "*", "*"}, {300, 90});
    s.add({"passport", "counterfeit", "*"}, {120, 40});
    s.add({"passport", "photo_substituted", "MYS"}, {2, 1}, true);
    s.add({"visa", "forged", "*"}, {80, 30});
    s.add({"id_card", "impostor", "*"}, {3, 2}, true);
    suppressed += 2;
    sections["documents"] = s.done("Fraudulent and misused documents");
  }
  {
    SectionBuilder s{{"abuse"}, {"incidents", "migrants", "deaths", "missing", "injured"}, {}, reporter, &rng};
    s.add({"*"}, {412, 9876, 23, 41, 57});
    s.add({"endangered_life"}, {88, 2300, 21, 39, 30});
    s.add({"inhuman_treatment"}, {40, 900, 2, 2, 12});
    s.add({"extortion"}, {31, 640, 0, 0, 3});
    s.add({"violence"}, {12, 150, 0, 0, 12}, true);
    s.add({"exploitation"}, {9, 80, 0, 0, 0}, true);
    suppressed += 2;
    sections["harm"] = s.done("Harm to migrants");
  }
  {
    SectionBuilder s{{"conduct"}, {"incidents", "investigations", "arrests", "prosecutions", "convictions"}, {}, reporter, &rng};
    s.add({"*"}, {412, 260, 301, 120, 44});
    s.add({"smuggling"}, {380, 240, 290, 110, 40});
    s.add({"document_fraud"}, {60, 40, 35, 20, 6});
    s.add({"enabling_illegal_stay"}, {4, 2, 1, 0, 0}, true);
    s.add({"irregular_migration"}, {140, 10, 20, 2, 0});
    suppressed += 1;
    sections["response"] = s.done("Law-enforcement response");
  }
  // Fees: per route and currency, and all currencies of a route in USD.
  {
    std::vector<std::string> measures = {"observations", "incidents", "persons", "median", "q1", "q3"};
    if (!reporter) {
      measures.emplace_back("min");
      measures.emplace_back("max");
    }
    for (const char* m : {"usd_observations", "usd_median", "usd_q1", "usd_q3"}) measures.emplace_back(m);
    SectionBuilder s{{"origin", "destination", "currency"}, measures, {}, false, &rng};
    const auto fee = [&](const std::string& o, const std::string& d, const std::string& cur, std::int64_t median, bool hide) {
      const std::int64_t q1 = median - median / 5 / 100 * 100;
      const std::int64_t q3 = median + median / 4 / 100 * 100;
      std::vector<std::int64_t> v = {rng.in(10, 60), rng.in(4, 20), rng.in(40, 400), median, q1, q3};
      if (!reporter) {
        v.push_back(median / 3 / 100 * 100);
        v.push_back(median * 2);
      }
      const std::int64_t usd = cur == "AUD" ? median * 65 / 100 / 100 * 100 : median;
      for (const std::int64_t x : {v[0], usd, usd - usd / 5 / 100 * 100, usd + usd / 4 / 100 * 100}) v.push_back(x);
      s.add({o, d, cur}, v, hide);
      suppressed += hide ? 1 : 0;
    };
    fee("AFG", "AUS", "USD", 7500, false);
    fee("IRN", "AUS", "USD", 9000, false);
    fee("LKA", "AUS", "USD", 5200, false);
    fee("LKA", "NZL", "USD", 8800, true);
    fee("VNM", "AUS", "AUD", 12000, false);
    fee("MMR", "MYS", "USD", 1800, false);
    fee("BGD", "MYS", "USD", 2400, false);
    fee("AFG", "AUS", "*", 7400, false);
    fee("IRN", "AUS", "*", 9000, false);
    fee("VNM", "AUS", "*", 7800, false);
    fee("*", "*", "USD", 5000, false);
    sections["fees"] = s.done("Smuggling fees per person");
  }
  // Coverage grid.
  {
    json::array months, counts, members;
    for (int m = 1; m <= 12; ++m) months.emplace_back(std::string("2025-") + (m < 10 ? "0" : "") + std::to_string(m));
    std::vector<std::int64_t> per_month(12, 0);
    const std::vector<std::pair<std::string, bool>> labels =
        reporter ? std::vector<std::pair<std::string, bool>>{{"AUS (AUS-ABF)", true}}
                 : std::vector<std::pair<std::string, bool>>{{"AUS (AUS-ABF)", true}, {"IDN (IDN-POLRI)", true}, {"Member 3", false},
                                                             {"Member 4", false},     {"NZL (NZL-INZ)", true},   {"Member 6", false},
                                                             {"Member 7", false},     {"THA (THA-RTP)", true}};
    for (const auto& [label, named] : labels) {
      json::array reported;
      for (int m = 0; m < 12; ++m) {
        const bool r = rng.in(0, 4) != 0;
        reported.emplace_back(r);
        per_month[m] += r ? 1 : 0;
      }
      members.push_back(json::object{{"label", label}, {"named", named}, {"own", reporter}, {"reported", std::move(reported)}});
    }
    for (const auto n : per_month) counts.emplace_back(reporter ? n + 5 : n);
    sections["coverage"] = json::object{{"title", "Coverage: reporting members by month"},
                                        {"months", std::move(months)},
                                        {"reporting_members", std::move(counts)},
                                        {"members", std::move(members)}};
  }
  doc["sections"] = std::move(sections);
  doc["disclosure"].as_object()["suppressed_cells"] = suppressed;
  doc["sha256"] = vrs::schema::report::digest(doc);

  std::ofstream out(argv[1], std::ios::binary | std::ios::trunc);
  out << json::serialize(doc) << "\n";
  out.close();
  if (!out) {
    std::cerr << "report_sample: cannot write " << argv[1] << "\n";
    return 1;
  }
  return 0;
}
