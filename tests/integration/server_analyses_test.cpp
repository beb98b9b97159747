// Integration: the analysis endpoints (docs/reports.md; docs/architecture.md "Report path") against a real server on
// 127.0.0.1: GET /v1/reports/regional and GET /v1/analyses/{name}, the `vrs.report/1` document,
// disclosure control, reciprocity, roles, parameter checks, audit, amendments and withdrawals.
//
// Every figure is checked against a second, deliberately simple computation: the oracle in
// support/analysis_oracle.hpp (plain loops over the records the test itself submitted).
//
// Where docs/reports.md leaves a point open, the reading assumed here is written next to the
// code that relies on it ("Open point"); the three switches below turn off the strictest of them.
// Mismatches are collected and reported per document (the first 40 of them). Debugging aid:
// VRS_TEST_DUMP_DIR=<dir> writes every checked report body into <dir>.
#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "analysis_oracle.hpp"
#include "submission_helpers.hpp"
#include "test_server.hpp"
#include "vrs/client/report/audit.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/crypto/bytes.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/schema/model.hpp"
#include "vrs/schema/synthetic.hpp"
#include "vrs/server/config.hpp"
#include "vrs/server/store/time_text.hpp"

using namespace vrs::test;
using namespace vrs::test::analysis_oracle;
namespace json = boost::json;
namespace schema = vrs::schema;
namespace crypto = vrs::crypto;
using vrs::server::Config;
using vrs::server::DisclosureConfig;
using vrs::server::FxRates;

namespace {

// ---- Readings of open points of the contract (see the report to the lead) --------------------
/// Secondary suppression also protects the lines of multi-valued dimensions (transit, method,
/// abuse, conduct), whose cells do not add up to their "*" cell.
constexpr bool kCheckMultiValuedLines = true;
/// Secondary suppression also protects fee cells: per currency, the route cells with the
/// all-routes cell of that currency (observations, incidents and persons add up over routes).
constexpr bool kCheckFeeLines = true;
/// A fee cell that only the viewing reporter contributes to is shown (its own data), as for
/// the other sections, rather than suppressed because "others" give < fee_min_persons.
constexpr bool kOwnOnlyFeeCellsShown = true;

constexpr const char* kNotesMarker = "NOTES-MARKER-7f3a9c-never-in-a-report";

const std::vector<std::string> kSectionNames = {
    "totals", "trend_monthly", "trend_quarterly", "routes",    "route_transits", "migrants", "smugglers",
    "smuggler_profiles", "methods", "documents", "harm", "response", "fees", "coverage"};

// ---- Records -------------------------------------------------------------------------------------


schema::Incident incident(const std::string& ref, schema::Date date, std::vector<schema::RouteLeg> route,
                          const std::string& detected_in, schema::DetectionLocation where,
                          std::set<schema::Conduct> conduct = {schema::Conduct::Smuggling}) {
  schema::Incident r;
  r.ref = ref;
  r.date = date;
  r.route = std::move(route);
  r.detection = {detected_in, where};
  r.conduct = std::move(conduct);
  return r;
}
schema::MigrantGroup migrants_group(const std::string& nat, schema::Sex sex, schema::MigrantAge age, std::int64_t count,
                                    std::int64_t unaccompanied = 0,
                                    schema::DocumentStatus doc = schema::DocumentStatus::Unknown) {
  return {nat, sex, age, count, unaccompanied, doc};
}
schema::SmugglerGroup smuggler_group(const std::string& nat, schema::Sex sex, schema::SmugglerAge age,
                                     schema::SmugglerRole role, std::int64_t count) {
  return {nat, sex, age, role, count};
}
schema::Fee fee(std::int64_t amount_minor, const std::string& currency, schema::FeeBasis per,
                schema::PaymentMethod payment = schema::PaymentMethod::Unknown) {
  return {amount_minor, currency, per, schema::FeeCoverage::FullJourney, payment};
}

/// Seeded synthetic records of `state` dated in [first, last].
std::vector<schema::Incident> generated(const std::string& state, std::size_t n, std::uint64_t seed, schema::Date first,
                                        schema::Date last) {
  schema::SyntheticOptions o;
  o.seed = seed;
  o.count = n;
  o.reporting_state = state;
  o.ref_prefix = state + "G";
  o.first = first;
  o.last = last;
  o.today = schema::Date{2026, 1, 1};
  return schema::generate_incidents(o).value();
}

void submit(Member& m, Ledger& ledger, const std::vector<schema::Incident>& recs) {
  auto r = m.submit(batch(m.who.member_id, recs));
  INFO(r.body.substr(0, 800));
  REQUIRE(r.status == 201);
  for (const auto& x : recs) ledger.apply(m.who.member_id, x);
}

/// A member reading reports over one kept-alive connection.
struct Client {
  TestServer& s;
  Identity who;
  std::unique_ptr<TlsClient> conn;
  int calls = 0;

  Client(TestServer& server, Identity identity) : s(server), who(std::move(identity)) {}

  HttpResponse get(const std::string& target) {
    ++calls;
    for (int attempt = 0; attempt < 2; ++attempt) {
      if (!conn) {
        auto options = s.options(&who);
        options.timeout = std::chrono::milliseconds(60000);  // reports under ASan
        conn = std::make_unique<TlsClient>(s.port(), options);
        if (!conn->connect()) {
          conn.reset();
          continue;
        }
      }
      auto r = conn->request("GET", target);
      if (r) {
        if (!r->keep_alive) conn.reset();
        return *r;
      }
      conn.reset();
    }
    FAIL("GET " << target << ": no response");
    return {};
  }
};

// ---- JSON helpers ------------------------------------------------------------------------------

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }
double to_double(const json::value& v) {
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return v.get_double();
}
bool equals_int(const json::value& v, std::int64_t expected) {
  if (v.is_int64()) return v.get_int64() == expected;
  if (v.is_uint64()) return expected >= 0 && v.get_uint64() == static_cast<std::uint64_t>(expected);
  if (v.is_double()) return v.get_double() == static_cast<double>(expected);
  return false;
}
bool is_suppressed_marker(const json::value& v) {
  if (!v.is_object()) return false;
  const auto& o = v.get_object();
  const auto* flag = o.if_contains("suppressed");
  return o.size() == 1 && flag != nullptr && flag->is_bool() && flag->get_bool();
}
bool contains_suppressed(const json::value& v) {
  if (is_suppressed_marker(v)) return true;
  if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (contains_suppressed(kv.value())) return true;
  }
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (contains_suppressed(e)) return true;
  }
  return false;
}
bool cell_suppressed(const json::object& cell) {
  const auto* flag = cell.if_contains("suppressed");
  return flag != nullptr && flag->is_bool() && flag->get_bool();
}
std::string str(const json::value& v) { return v.is_string() ? std::string(v.get_string().c_str()) : json::serialize(v); }
std::string key_text(const Key& k) {
  std::string out = "{";
  for (std::size_t i = 0; i < k.size(); ++i) {
    if (i > 0) out += ",";
    out += k[i];
  }
  return out + "}";
}
bool contains_number(const json::value& v) {
  if (is_number(v)) return true;
  if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (contains_number(kv.value())) return true;
  }
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (contains_number(e)) return true;
  }
  return false;
}
json::object parse_object(const std::string& body) {
  json::error_code ec;
  auto v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  return v.get_object();
}

/// Collects mismatches and reports the first ones in one assertion.
struct Diff {
  std::string what;
  std::vector<std::string> errors;
  std::size_t checks = 0;
  template <class... A>
  void fail(const A&... parts) {
    errors.push_back(cat(parts...));
  }
  void expect(bool ok, const std::string& message) {
    ++checks;
    if (!ok) errors.push_back(message);
  }
};
void require_no_diff(const Diff& d) {
  std::string text;
  for (std::size_t i = 0; i < d.errors.size() && i < 40; ++i) text += cat("  ", d.errors[i], "\n");
  INFO(d.what << ": " << d.errors.size() << " mismatches in " << d.checks << " checks\n" << text);
  CHECK(d.errors.empty());
}

std::string sha256_without_member(const json::object& doc) {
  json::object copy;  // members in the order sent, without sha256
  for (const auto& kv : doc)
    if (kv.key() != "sha256") copy.emplace(kv.key(), kv.value());
  const std::string text = json::serialize(copy);
  return crypto::to_hex(crypto::sha256(crypto::as_bytes(text)));
}

// ---- The checker ---------------------------------------------------------------------------------

struct View {
  std::string member_id;
  std::string state;
  std::string role;
  [[nodiscard]] bool reporter() const { return role == "reporter"; }
};

struct Check {
  const Ledger* ledger = nullptr;
  Query q;
  View viewer;
  DisclosureConfig dc;
  FxRates fx;
  std::map<std::string, bool> named;  ///< member id → name_opt_in
  bool exact = true;                  ///< nothing may be suppressed (open disclosure settings)
  bool own_only = false;              ///< reciprocity refused: only the viewer's own data
  std::set<std::string> skip;         ///< sections whose figures are not compared

  /// The largest cell-key noise on the others' figures this viewer sees (0: exact figures).
  [[nodiscard]] std::int64_t noise() const {
    if (own_only) return 0;
    const bool on = viewer.reporter() ? dc.perturb_reporters : dc.perturb_analysts;
    return on ? dc.noise_max_deviation : 0;
  }
};

std::string rule_text(DisclosureConfig::Reciprocity r) {
  switch (r) {
    case DisclosureConfig::Reciprocity::Year: return "year";
    case DisclosureConfig::Reciprocity::Period: return "period";
    case DisclosureConfig::Reciprocity::Off: return "off";
  }
  return "?";
}

/// The record sets of one check.
struct Sets {
  std::vector<const Stored*> all, own, others;
};
Sets sets_for(const Check& c, Day from, Day to) {
  Sets out;
  for (const Stored* s : select(*c.ledger, c.q, from, to)) {
    const bool mine = c.viewer.reporter() && s->member == c.viewer.member_id;
    if (c.own_only && !mine) continue;
    out.all.push_back(s);
    (mine ? out.own : out.others).push_back(s);
  }
  return out;
}

/// Suppression flags of every cell seen: section → key → suppressed.
using Flags = std::map<std::string, std::map<Key, bool>>;

/// A published figure: exact when nobody else contributes or without noise, otherwise the
/// viewer's own part plus the others' within ±noise and never below zero.
bool published_matches(const json::value& v, std::int64_t expected, std::int64_t own, std::int64_t noise) {
  const std::int64_t others = expected - own;
  if (noise == 0 || others <= 0) return equals_int(v, expected);
  if (!is_number(v)) return false;
  const double got = to_double(v);
  return got == std::floor(got) && got >= static_cast<double>(own + std::max<std::int64_t>(0, others - noise)) &&
         got <= static_cast<double>(expected + noise);
}

void check_measures(Diff& d, const std::string& where, const json::value* values, const Spec& sp,
                    const std::map<std::string, std::int64_t>& expected,
                    const std::map<std::string, std::int64_t>* own = nullptr, std::int64_t noise = 0) {
  if (values == nullptr || !values->is_object()) {
    d.fail(where, ": no values object");
    return;
  }
  const auto& o = values->get_object();
  d.expect(o.size() == sp.measures.size(), cat(where, ": ", o.size(), " measures, expected ", sp.measures.size(), " in ",
                                               json::serialize(o)));
  for (const auto& m : sp.measures) {
    const auto* v = o.if_contains(m);
    const std::int64_t mine = own != nullptr && own->contains(m) ? own->at(m) : 0;
    d.expect(v != nullptr && published_matches(*v, expected.at(m), mine, noise),
             cat(where, ".", m, " = ", v ? json::serialize(*v) : std::string("absent"), ", expected ", expected.at(m),
                 noise > 0 ? cat(" ± ", noise, " on the others' ", expected.at(m) - mine) : std::string()));
  }
}

bool primary_unsafe(const Check& c, const Acc* all, const Acc* others) {
  const std::int64_t k = c.viewer.reporter() ? c.dc.k_reporter : c.dc.k_analyst;
  if (c.viewer.reporter()) {
    if (others == nullptr || others->incidents.empty()) return false;  // its own data
    return static_cast<std::int64_t>(others->incidents.size()) < c.dc.min_incidents || others->persons < k;
  }
  return all == nullptr || static_cast<std::int64_t>(all->incidents.size()) < c.dc.min_incidents || all->persons < k;
}

/// change_pct of one measure: (v - p) / p * 100 rounded to 0.1.
bool change_matches(const json::value& got, std::int64_t v, std::int64_t p) {
  if (p == 0) return got.is_null();
  if (!is_number(got)) return false;
  const double raw = static_cast<double>(v - p) * 1000.0 / static_cast<double>(p);  // tenths
  return rounds_to(to_double(got) * 10.0, raw, 1);
}

/// `previous` and `change_pct` of a totals/trend cell against the window [from, to].
void check_previous(Diff& d, const std::string& where, const json::object& cell, const Spec& sp, const Check& c,
                    Day from, Day to, const std::map<std::string, std::int64_t>& current, bool current_suppressed) {
  const auto prev_sets = sets_for(c, from, to);
  const Table pt = compute(sp, prev_sets.all, c.q);
  const Table pown = compute(sp, prev_sets.own, c.q);
  const Key whole = sp.dims.empty() ? Key{} : Key{"*"};
  const auto pit = pt.find(whole);
  const auto expected = pit == pt.end() ? zero_values(sp) : values_of(sp, pit->second);
  const auto oit = pown.find(whole);
  const auto prev_own = oit == pown.end() ? zero_values(sp) : values_of(sp, oit->second);
  const auto* published_now = cell.if_contains("values");
  const bool empty = pit == pt.end();
  const auto* prev = cell.if_contains("previous");
  const auto* change = cell.if_contains("change_pct");
  if (prev == nullptr || change == nullptr) {
    d.fail(where, ": previous or change_pct missing");
    return;
  }
  if (prev->is_null()) {
    // Absent previous: allowed only when the previous window has no records (open point).
    d.expect(empty, cat(where, ".previous is null, expected values of ", day_text(from), "..", day_text(to)));
    d.expect(change->is_null() || (change->is_object() && std::all_of(change->get_object().begin(),
                                                                       change->get_object().end(),
                                                                       [](const auto& kv) { return kv.value().is_null(); })),
             cat(where, ".change_pct must be null without previous: ", json::serialize(*change)));
    return;
  }
  if (!prev->is_object() || !change->is_object()) {
    d.fail(where, ": previous/change_pct not objects: ", json::serialize(*prev), " ", json::serialize(*change));
    return;
  }
  const auto& po = prev->get_object();
  const auto& co = change->get_object();
  for (const auto& m : sp.measures) {
    const auto* pv = po.if_contains(m);
    const auto* cv = co.if_contains(m);
    if (pv == nullptr || cv == nullptr) {
      d.fail(where, ".previous/change_pct.", m, " missing");
      continue;
    }
    const bool prev_suppressed = is_suppressed_marker(*pv);
    if (prev_suppressed) {
      d.expect(!c.exact, cat(where, ".previous.", m, " suppressed with open disclosure settings"));
      d.expect(is_suppressed_marker(*cv), cat(where, ".change_pct.", m, " must be suppressed: ", json::serialize(*cv)));
      continue;
    }
    d.expect(published_matches(*pv, expected.at(m), prev_own.at(m), c.noise()),
             cat(where, ".previous.", m, " = ", json::serialize(*pv), ", expected ", expected.at(m)));
    if (current_suppressed) {
      d.expect(is_suppressed_marker(*cv), cat(where, ".change_pct.", m, " must be suppressed: ", json::serialize(*cv)));
    } else if (c.noise() > 0) {
      // With noise the change is that of the published figures.
      const auto* now = published_now != nullptr && published_now->is_object() ? published_now->get_object().if_contains(m)
                                                                              : nullptr;
      d.expect(now != nullptr && is_number(*now) && is_number(*pv) &&
                   change_matches(*cv, static_cast<std::int64_t>(to_double(*now)), static_cast<std::int64_t>(to_double(*pv))),
               cat(where, ".change_pct.", m, " = ", json::serialize(*cv), " does not follow the published figures"));
    } else {
      d.expect(change_matches(*cv, current.at(m), expected.at(m)),
               cat(where, ".change_pct.", m, " = ", json::serialize(*cv), " for ", current.at(m), " vs ", expected.at(m)));
    }
  }
}

/// The window a trend/totals cell compares with.
std::pair<Day, Day> previous_window(const Spec& sp, const Key& k, const Query& q) {
  if (sp.dims.empty() || k[0] == "*") return {q.prev_from, q.prev_to};
  if (sp.name == "trend_monthly") {
    const int y = std::stoi(k[0].substr(0, 4));
    const int m = std::stoi(k[0].substr(5, 2));
    const int i = month_index(y, m) - 1;
    return {month_first(i), month_last(i)};
  }
  const int y = std::stoi(k[0].substr(0, 4));
  const int qn = std::stoi(k[0].substr(6, 1));
  const int first = month_index(y, 3 * qn - 2) - 3;
  return {month_first(first), month_last(first + 2)};
}

/// Cells are sorted by key, dimension by dimension. Open point: where "*" sorts. Accepted: byte
/// order ("*" before every code, as '*' < '0' < 'A') or "*" after every value, the same way
/// throughout a section.
bool star_less(const Key& a, const Key& b, bool star_last) {
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    if (a[i] == b[i]) continue;
    if (star_last && a[i] == "*") return false;
    if (star_last && b[i] == "*") return true;
    return a[i] < b[i];
  }
  return a.size() < b.size();
}
bool keys_sorted(Diff& d, const std::string& section, const std::vector<Key>& keys) {
  for (bool star_last : {false, true}) {
    bool ok = true;
    for (std::size_t i = 1; i < keys.size() && ok; ++i) ok = star_less(keys[i - 1], keys[i], star_last);
    if (ok) return true;
  }
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if (!star_less(keys[i - 1], keys[i], false)) {
      d.fail(section, ": cells not sorted by key (nor with \"*\" last), or duplicated: ", key_text(keys[i - 1]),
             " before ", key_text(keys[i]));
      break;
    }
  }
  return false;
}

/// Reads the cells of a section: key (in dimension order) → cell.
std::vector<std::pair<Key, const json::object*>> read_cells(Diff& d, const std::string& section, const json::object& sec,
                                                            const std::vector<std::string>& dims) {
  std::vector<std::pair<Key, const json::object*>> out;
  const auto* cells = sec.if_contains("cells");
  if (cells == nullptr || !cells->is_array()) {
    d.fail(section, ": no cells array");
    return out;
  }
  for (const auto& cv : cells->get_array()) {
    if (!cv.is_object() || cv.get_object().if_contains("key") == nullptr || !cv.get_object().at("key").is_object()) {
      d.fail(section, ": a cell without a key object: ", json::serialize(cv));
      continue;
    }
    const auto& key = cv.get_object().at("key").get_object();
    Key k;
    for (const auto& dim : dims) {
      const auto* v = key.if_contains(dim);
      k.push_back(v != nullptr && v->is_string() ? std::string(v->get_string().c_str()) : std::string("<missing>"));
    }
    d.expect(key.size() == dims.size(), cat(section, ": key ", json::serialize(key), " does not name exactly the dimensions"));
    out.emplace_back(std::move(k), &cv.get_object());
  }
  std::vector<Key> keys;
  for (const auto& [k, cell] : out) keys.push_back(k);
  keys_sorted(d, section, keys);
  return out;
}

void check_header(Diff& d, const std::string& section, const json::object& sec, const std::vector<std::string>& dims,
                  const std::vector<std::string>* measures) {
  const auto* title = sec.if_contains("title");
  d.expect(title != nullptr && title->is_string() && !title->get_string().empty(), cat(section, ": no title"));
  json::array expected_dims;
  for (const auto& x : dims) expected_dims.emplace_back(x);
  const auto* got_dims = sec.if_contains("dimensions");
  d.expect(got_dims != nullptr && *got_dims == json::value(expected_dims),
           cat(section, ".dimensions = ", got_dims ? json::serialize(*got_dims) : "absent"));
  const auto* got_measures = sec.if_contains("measures");
  if (measures != nullptr) {
    json::array expected;
    for (const auto& x : *measures) expected.emplace_back(x);
    d.expect(got_measures != nullptr && *got_measures == json::value(expected),
             cat(section, ".measures = ", got_measures ? json::serialize(*got_measures) : "absent"));
  } else {
    d.expect(got_measures != nullptr && got_measures->is_array(), cat(section, ".measures not an array"));
  }
}

std::vector<int> period_months(const Query& q) {
  std::vector<int> out;
  for (int m = month_of(q.from); m <= month_of(q.to); ++m) out.push_back(m);
  return out;
}

/// Open point: docs/reports.md says cells without contributions are not listed; a continuous
/// trend (every month/quarter of the period, and the totals cell) with zero values is accepted.
bool zero_cell_allowed(const Spec& sp, const Key& k, const Query& q) {
  if (sp.name == "totals") return true;
  if (sp.name != "trend_monthly" && sp.name != "trend_quarterly") return false;
  if (k[0] == "*") return true;
  if (sp.name == "trend_monthly") {
    for (int m : period_months(q))
      if (month_label(m) == k[0]) return true;
    return false;
  }
  for (int m = month_of(q.from); m <= month_of(q.to); ++m)
    if (m % 3 == 0 && quarter_label(m / 3) == k[0]) return month_first(m) >= q.from && month_last(m + 2) <= q.to;
  return false;
}

void check_section(Diff& d, const Spec& sp, const json::object& sec, const Check& c, const Sets& sets, Flags& flags) {
  check_header(d, sp.name, sec, sp.dims, &sp.measures);
  const Table all = compute(sp, sets.all, c.q);
  const Table own = compute(sp, sets.own, c.q);
  const Table others = compute(sp, sets.others, c.q);
  const auto cells = read_cells(d, sp.name, sec, sp.dims);
  std::set<Key> seen;
  for (const auto& [k, cellp] : cells) {
    const json::object& cell = *cellp;
    const std::string where = cat(sp.name, key_text(k));
    seen.insert(k);
    const auto it = all.find(k);
    const bool zero_cell = it == all.end() && zero_cell_allowed(sp, k, c.q);
    if (it == all.end() && !zero_cell) {
      d.fail(where, ": cell not expected (no contribution): ", json::serialize(cell));
      continue;
    }
    const auto oit = others.find(k);
    const bool suppressed = cell_suppressed(cell);
    flags[sp.name][k] = suppressed;
    const auto expected = zero_cell ? zero_values(sp) : values_of(sp, it->second);
    const auto* values = cell.if_contains("values");
    if (suppressed) {
      d.expect(!c.exact, cat(where, ": suppressed with open disclosure settings"));
      if (values == nullptr || !values->is_object()) {
        d.fail(where, ": suppressed cell without values object");
      } else {
        d.expect(!contains_number(*values), cat(where, ": suppressed cell shows a number: ", json::serialize(*values)));
        d.expect(values->get_object().size() == sp.measures.size(),
                 cat(where, ": suppressed cell does not list every measure: ", json::serialize(*values)));
        for (const auto& m : sp.measures) {
          const auto* v = values->get_object().if_contains(m);
          d.expect(v != nullptr && is_suppressed_marker(*v), cat(where, ".", m, " is not {\"suppressed\":true}"));
        }
      }
    } else {
      d.expect(zero_cell || !primary_unsafe(c, &it->second, oit == others.end() ? nullptr : &oit->second),
               cat(where, ": primary-unsafe cell published: ", json::serialize(cell)));
      const auto own_it = own.find(k);
      const auto own_expected = own_it == own.end() ? zero_values(sp) : values_of(sp, own_it->second);
      check_measures(d, where, values, sp, expected, &own_expected, c.noise());
    }
    // own: present exactly when the viewing reporter's records contribute.
    const auto own_it = own.find(k);
    const auto* own_v = cell.if_contains("own");
    if (own_it != own.end()) {
      if (own_v == nullptr) {
        d.fail(where, ": own missing");
      } else {
        d.expect(!contains_suppressed(*own_v), cat(where, ": own is suppressed"));
        check_measures(d, where + ".own", own_v, sp, values_of(sp, own_it->second));
      }
    } else {
      d.expect(own_v == nullptr, cat(where, ": own present without own contribution: ", own_v ? json::serialize(*own_v) : ""));
    }
    if (sp.name == "totals" || sp.name == "trend_monthly" || sp.name == "trend_quarterly") {
      const auto [pf, pt] = previous_window(sp, k, c.q);
      check_previous(d, where, cell, sp, c, pf, pt, expected, suppressed);
    }
  }
  for (const auto& [k, a] : all)
    if (!seen.contains(k)) d.fail(sp.name, key_text(k), ": expected cell missing (", a.incidents.size(), " incidents)");
}

void check_fee_values(Diff& d, const std::string& where, const json::object& v, const FeeAcc& a, bool with_minmax,
                      std::int64_t rounding, bool own, bool usd_cell, std::int64_t min_incidents = 0,
                      const FeeAcc* own_acc = nullptr, std::int64_t noise = 0) {
  static const std::set<std::string> allowed = {"observations", "incidents", "persons",          "median",
                                                "q1",           "q3",        "min",              "max",
                                                "usd_observations", "usd_median", "usd_q1", "usd_q3"};
  for (const auto& kv : v)
    d.expect(allowed.contains(std::string(kv.key())), cat(where, ": unexpected member ", std::string(kv.key())));
  // Counts: exact, or (a reporter's view with noise) the viewer's own part plus the others'
  // within ±noise.
  const auto int_member = [&](const char* name, std::int64_t expected, std::int64_t mine = 0) {
    const auto* x = v.if_contains(name);
    d.expect(x != nullptr && published_matches(*x, expected, mine, noise),
             cat(where, ".", name, " = ", x ? json::serialize(*x) : std::string("absent"), ", expected ", expected,
                 noise > 0 ? cat(" ± ", noise, " on the others' ", expected - mine) : std::string()));
  };
  const FeeAcc none;
  const FeeAcc& mine = own_acc != nullptr ? *own_acc : none;
  const auto rounded_member = [&](const char* name, const std::vector<double>& values, double p) {
    const auto* x = v.if_contains(name);
    // Open point: a currency "*" cell may give its figures only as usd_*.
    if (x == nullptr && usd_cell && std::string_view(name).substr(0, 4) != "usd_") return;
    const double raw = quantile(values, p);
    d.expect(x != nullptr && is_number(*x) && rounds_to(to_double(*x), raw, rounding),
             cat(where, ".", name, " = ", x ? json::serialize(*x) : std::string("absent"), ", expected ", raw,
                 " rounded to ", rounding));
  };
  int_member("observations", static_cast<std::int64_t>(a.values.size()), static_cast<std::int64_t>(mine.values.size()));
  int_member("incidents", static_cast<std::int64_t>(a.per_incident.size()),
             static_cast<std::int64_t>(mine.per_incident.size()));
  int_member("persons", fee_persons(a), mine.values.empty() ? 0 : fee_persons(mine));
  rounded_member("median", a.values, 0.5);
  rounded_member("q1", a.values, 0.25);
  rounded_member("q3", a.values, 0.75);
  if (own) return;  // own min/max and usd_* of own figures: not specified
  if (with_minmax && !(usd_cell && v.if_contains("min") == nullptr && v.if_contains("max") == nullptr)) {
    // Each extreme rounded like the median, shown only when at least fee_min_incidents
    // incidents paid that rounded amount.
    const auto extreme = [&](const char* name, double raw) {
      const double rounded = std::round(raw / static_cast<double>(rounding)) * static_cast<double>(rounding);
      std::set<const Stored*> payers;
      for (std::size_t i = 0; i < a.values.size(); ++i) {
        const double r = std::round(a.values[i] / static_cast<double>(rounding)) * static_cast<double>(rounding);
        if (r == rounded) payers.insert(a.payer[i]);
      }
      const auto* x = v.if_contains(name);
      if (static_cast<std::int64_t>(payers.size()) < min_incidents) {
        d.expect(x == nullptr, cat(where, ".", name, " = ", x ? json::serialize(*x) : std::string("absent"),
                                   ", expected absent (", payers.size(), " incidents at ", rounded, ")"));
      } else {
        d.expect(x != nullptr && is_number(*x) && to_double(*x) == rounded,
                 cat(where, ".", name, " = ", x ? json::serialize(*x) : std::string("absent"), ", expected ", rounded));
      }
    };
    extreme("min", *std::min_element(a.values.begin(), a.values.end()));
    extreme("max", *std::max_element(a.values.begin(), a.values.end()));
  } else {
    d.expect(v.if_contains("min") == nullptr && v.if_contains("max") == nullptr, cat(where, ": min/max shown to a reporter"));
  }
  if (!a.usd.empty()) {
    int_member("usd_observations", static_cast<std::int64_t>(a.usd.size()), static_cast<std::int64_t>(mine.usd.size()));
    rounded_member("usd_median", a.usd, 0.5);
    rounded_member("usd_q1", a.usd, 0.25);
    rounded_member("usd_q3", a.usd, 0.75);
  } else {
    const auto* uo = v.if_contains("usd_observations");
    d.expect(uo == nullptr || equals_int(*uo, 0), cat(where, ".usd_observations without any rate: ", uo ? json::serialize(*uo) : ""));
    d.expect(v.if_contains("usd_median") == nullptr && v.if_contains("usd_q1") == nullptr && v.if_contains("usd_q3") == nullptr,
             cat(where, ": usd_* figures without any rate"));
  }
}

void check_fees(Diff& d, const json::object& sec, const Check& c, const Sets& sets, Flags& flags) {
  const std::vector<std::string> dims = {"origin", "destination", "currency"};
  check_header(d, "fees", sec, dims, nullptr);
  const FeeTable all = compute_fees(sets.all, c.fx);
  const FeeTable own = compute_fees(sets.own, c.fx);
  const FeeTable others = compute_fees(sets.others, c.fx);
  const auto cells = read_cells(d, "fees", sec, dims);
  std::set<Key> seen;
  for (const auto& [k, cellp] : cells) {
    const json::object& cell = *cellp;
    const std::string where = cat("fees", key_text(k));
    seen.insert(k);
    const auto it = all.find(k);
    if (it == all.end()) {
      d.fail(where, ": cell not expected: ", json::serialize(cell));
      continue;
    }
    bool publishable = fee_publishable(it->second, c.dc);
    if (c.viewer.reporter() && !c.own_only) {
      const auto oit = others.find(k);
      publishable = oit == others.end() ? kOwnOnlyFeeCellsShown : fee_publishable(oit->second, c.dc);
    }
    if (c.own_only) publishable = true;
    const bool suppressed = cell_suppressed(cell);
    flags["fees"][k] = suppressed;
    const auto* values = cell.if_contains("values");
    if (values == nullptr || !values->is_object()) {
      d.fail(where, ": no values object");
      continue;
    }
    if (suppressed) {
      d.expect(!c.exact, cat(where, ": suppressed with open disclosure settings"));
      d.expect(!contains_number(*values), cat(where, ": suppressed fee cell shows a number: ", json::serialize(*values)));
      for (const auto& kv : values->get_object())
        d.expect(is_suppressed_marker(kv.value()), cat(where, ".", std::string(kv.key()), " is not {\"suppressed\":true}"));
      d.expect(!values->get_object().empty(), cat(where, ": suppressed fee cell lists no measure"));
    } else {
      d.expect(publishable, cat(where, ": fee cell published against the fee rule: ", json::serialize(cell)));
      const auto mine = own.find(k);
      check_fee_values(d, where, values->get_object(), it->second, !c.viewer.reporter(), c.dc.fee_rounding, false, k[2] == "*",
                       c.dc.fee_min_incidents, mine == own.end() ? nullptr : &mine->second, c.noise());
    }
    const auto own_it = own.find(k);
    const auto* own_v = cell.if_contains("own");
    if (own_it != own.end()) {
      if (own_v == nullptr || !own_v->is_object())
        d.fail(where, ": own missing");
      else
        check_fee_values(d, where + ".own", own_v->get_object(), own_it->second, false, c.dc.fee_rounding, true, k[2] == "*");
    } else {
      d.expect(own_v == nullptr, cat(where, ": own present without own observations"));
    }
  }
  for (const auto& [k, a] : all)
    if (!seen.contains(k)) d.fail("fees", key_text(k), ": expected cell missing (", a.values.size(), " observations)");
}

void check_coverage(Diff& d, const json::object& cov, const Check& c) {
  const auto* title = cov.if_contains("title");
  d.expect(title != nullptr && title->is_string() && !title->get_string().empty(), "coverage: no title");
  const auto months = period_months(c.q);
  json::array expected_months;
  for (int m : months) expected_months.emplace_back(month_label(m));
  const auto* got_months = cov.if_contains("months");
  d.expect(got_months != nullptr && *got_months == json::value(expected_months),
           cat("coverage.months = ", got_months ? json::serialize(*got_months) : "absent"));
  // Coverage ignores the filters (open point): records of the region and period.
  std::map<std::string, std::vector<bool>> reported;  // member → per month
  for (const Stored* s : select(*c.ledger, c.q, c.q.from, c.q.to, false)) {
    auto& flags = reported[s->member];
    flags.resize(months.size());
    flags[static_cast<std::size_t>(month_of(record_day(s->rec)) - months.front())] = true;
  }
  const auto* members = cov.if_contains("members");
  if (members == nullptr || !members->is_array()) {
    d.fail("coverage: no members array");
    return;
  }
  const auto flags_json = [](const std::vector<bool>& v) {
    json::array a;
    for (bool b : v) a.emplace_back(b);
    return json::value(a);
  };
  if (!c.own_only) {
    json::array counts;
    for (std::size_t i = 0; i < months.size(); ++i) {
      std::int64_t n = 0;
      for (const auto& [m, f] : reported) n += f[i] ? 1 : 0;
      counts.emplace_back(n);
    }
    const auto* got = cov.if_contains("reporting_members");
    d.expect(got != nullptr && *got == json::value(counts),
             cat("coverage.reporting_members = ", got ? json::serialize(*got) : "absent", ", expected ", json::serialize(counts)));
  }
  if (c.viewer.reporter()) {
    // Open point: a reporter with no record in the period may get no row at all.
    if (members->get_array().empty() && !reported.count(c.viewer.member_id)) return;
    d.expect(members->get_array().size() == 1, cat("coverage: a reporter gets only its own row: ", json::serialize(*members)));
    if (members->get_array().size() == 1) {
      const auto& row = members->get_array()[0].get_object();
      d.expect(row.if_contains("own") && row.at("own") == json::value(true), "coverage: own row not marked own");
      auto mine = reported.count(c.viewer.member_id) ? reported[c.viewer.member_id] : std::vector<bool>(months.size());
      d.expect(row.if_contains("reported") && row.at("reported") == flags_json(mine),
               cat("coverage: own row reported = ", row.if_contains("reported") ? json::serialize(row.at("reported")) : ""));
    }
    return;
  }
  std::map<std::string, json::value> named_rows;
  std::multiset<std::string> unnamed_rows;
  for (const auto& [m, f] : reported) {
    const auto n = c.named.find(m);
    if (n != c.named.end() && n->second)
      named_rows[cat(m.substr(0, 3), " (", m, ")")] = flags_json(f);
    else
      unnamed_rows.insert(json::serialize(flags_json(f)));
  }
  std::set<std::string> unnamed_labels;
  std::multiset<std::string> got_unnamed;
  std::size_t got_named = 0;
  for (const auto& rv : members->get_array()) {
    if (!rv.is_object()) {
      d.fail("coverage: a row is not an object");
      continue;
    }
    const auto& row = rv.get_object();
    const std::string label = row.if_contains("label") ? str(row.at("label")) : "";
    const bool named = row.if_contains("named") && row.at("named") == json::value(true);
    d.expect(row.if_contains("own") && row.at("own") == json::value(false), cat("coverage: row ", label, " own must be false"));
    const json::value rep = row.if_contains("reported") ? row.at("reported") : json::value();
    if (named) {
      ++got_named;
      auto it = named_rows.find(label);
      d.expect(it != named_rows.end() && it->second == rep, cat("coverage: named row ", label, " ", json::serialize(rep)));
    } else {
      unnamed_labels.insert(label);
      got_unnamed.insert(json::serialize(rep));
    }
  }
  d.expect(got_named == named_rows.size(), cat("coverage: ", got_named, " named rows, expected ", named_rows.size()));
  d.expect(got_unnamed == unnamed_rows, "coverage: the unnamed rows' reported months differ");
  std::set<std::string> expected_labels;
  for (std::size_t i = 1; i <= unnamed_rows.size(); ++i) expected_labels.insert(cat("Member ", i));
  d.expect(unnamed_labels == expected_labels, "coverage: unnamed labels are not Member 1..N");
}

/// Lines (docs/reports.md, secondary suppression): no line may hold exactly one suppressed cell.
void check_lines(Diff& d, const Flags& flags) {
  for (const auto& sp : specs()) {
    if (sp.dims.empty() || (sp.multi && !kCheckMultiValuedLines)) continue;
    auto fit = flags.find(sp.name);
    if (fit == flags.end()) continue;
    for (std::size_t i = 0; i < sp.dims.size(); ++i) {
      std::map<Key, std::vector<Key>> lines;  // other dimensions fixed → suppressed cells
      std::map<Key, bool> exists;
      for (const auto& [k, suppressed] : fit->second) {
        Key line = k;
        line[i] = "#";
        exists[line] = true;
        if (suppressed) lines[line].push_back(k);
      }
      for (const auto& [line, cells] : lines)
        d.expect(cells.size() != 1, cat(sp.name, ": the line ", key_text(line), " over ", sp.dims[i],
                                        " holds exactly one suppressed cell ", key_text(cells[0])));
    }
  }
  if (kCheckFeeLines) {
    if (auto fit = flags.find("fees"); fit != flags.end()) {
      std::map<std::string, std::vector<Key>> by_currency;
      for (const auto& [k, suppressed] : fit->second)
        if (suppressed && k[2] != "*") by_currency[k[2]].push_back(k);  // routes + all routes, per currency
      for (const auto& [currency, cells] : by_currency)
        d.expect(cells.size() != 1, cat("fees: the currency line ", currency, " holds exactly one suppressed cell ",
                                        key_text(cells[0])));
    }
  }
  // Months of a quarter with the quarter.
  auto months = flags.find("trend_monthly");
  auto quarters = flags.find("trend_quarterly");
  if (months != flags.end() && quarters != flags.end()) {
    for (const auto& [qk, q_suppressed] : quarters->second) {
      if (qk[0] == "*") continue;
      const int y = std::stoi(qk[0].substr(0, 4));
      const int qn = std::stoi(qk[0].substr(6, 1));
      int count = q_suppressed ? 1 : 0;
      for (int m = 0; m < 3; ++m) {
        auto it = months->second.find(Key{month_label(month_index(y, 3 * qn - 2 + m))});
        if (it != months->second.end() && it->second) ++count;
      }
      d.expect(count != 1, cat("months of ", qk[0], " with the quarter: exactly one suppressed cell"));
    }
  }
  // One cell in several sections: the grand totals of the incident-based sections.
  const std::vector<std::pair<std::string, Key>> grand = {
      {"totals", {}},      {"trend_monthly", {"*"}}, {"trend_quarterly", {"*"}}, {"routes", {"*", "*", "*"}},
      {"route_transits", {"*"}}, {"methods", {"*"}},  {"harm", {"*"}},           {"response", {"*"}}};
  std::optional<bool> status;
  for (const auto& [section, k] : grand) {
    auto s = flags.find(section);
    if (s == flags.end()) continue;
    auto it = s->second.find(k);
    if (it == s->second.end()) continue;
    if (!status) status = it->second;
    d.expect(*status == it->second, cat("the grand total is suppressed in some sections only (", section, ")"));
  }
  // smugglers role totals = smuggler_profiles role totals.
  auto sm = flags.find("smugglers");
  auto sp = flags.find("smuggler_profiles");
  if (sm != flags.end() && sp != flags.end()) {
    for (const auto& [k, suppressed] : sm->second) {
      if (k[0] != "*") continue;
      auto it = sp->second.find(Key{k[1], "*", "*"});
      if (it != sp->second.end())
        d.expect(it->second == suppressed, cat("smugglers {*,", k[1], "} and smuggler_profiles {", k[1],
                                               ",*,*} are one cell but differ in suppression"));
    }
  }
}

std::size_t count_suppressed(const Flags& flags) {
  std::size_t n = 0;
  for (const auto& [section, cells] : flags)
    for (const auto& [k, s] : cells) n += s ? 1 : 0;
  return n;
}

/// Checks one answer of GET /v1/reports/regional (name "regional") or /v1/analyses/{name}.
/// Returns the parsed document.
json::object check_report(const HttpResponse& r, const Check& c, const std::string& name, const std::string& label) {
  if (const char* dir = std::getenv("VRS_TEST_DUMP_DIR"); dir != nullptr && *dir != '\0') {
    // Debugging aid: every checked body, named by a counter, the viewer and the label.
    static int counter = 0;
    std::string file = cat(++counter, "-", c.viewer.member_id, "-", name, "-", label, ".json");
    std::replace_if(file.begin(), file.end(), [](char ch) { return ch == ' ' || ch == ',' || ch == '/'; }, '_');
    write_file(std::filesystem::path(dir) / file, r.body, 0644);
  }
  Diff d;
  d.what = cat(label, " [", c.viewer.member_id, " ", name, " ", c.q.params(), "]");
  INFO(d.what);
  INFO(r.body.substr(0, 600));
  REQUIRE(r.status == 200);
  auto doc = parse_object(r.body);
  REQUIRE(!doc.empty());
  // Top level.
  std::set<std::string> top;
  for (const auto& kv : doc) top.insert(std::string(kv.key()));
  const std::set<std::string> expected_top = {"schema",      "name",       "parameters",  "generated_at", "data_cutoff",
                                              "viewer",      "disclosure", "reciprocity", "sections",     "sha256"};
  d.expect(top == expected_top, cat("top-level members: ", json::serialize(json::value_from(top))));
  d.expect(doc.if_contains("schema") && doc.at("schema") == "vrs.report/1", "schema");
  d.expect(doc.if_contains("name") && doc.at("name") == json::value(name), cat("name = ", doc.if_contains("name") ? json::serialize(doc.at("name")) : ""));
  d.expect(doc.if_contains("generated_at") && doc.at("generated_at").is_string(), "generated_at");
  d.expect(doc.if_contains("data_cutoff") && doc.at("data_cutoff").is_string(), "data_cutoff");
  d.expect(r.body.find(kNotesMarker) == std::string::npos, "notes appear in the report");
  if (doc.if_contains("sha256")) {
    d.expect(str(doc.at("sha256")) == sha256_without_member(doc), "sha256 is not SHA-256 of the document without it");
  }
  if (doc.if_contains("parameters") && doc.at("parameters").is_object()) {
    const auto& p = doc.at("parameters").get_object();
    d.expect(p.if_contains("region") && p.at("region") == json::value(c.q.region), "parameters.region");
    if (!c.q.states.empty()) {
      json::array states;
      for (const auto& s : c.q.states) states.emplace_back(s);
      d.expect(p.if_contains("states") && p.at("states") == json::value(states),
               cat("parameters.states = ", p.if_contains("states") ? json::serialize(p.at("states")) : ""));
    }
    d.expect(p.if_contains("period") && p.at("period") == json::value(c.q.period), "parameters.period");
    d.expect(p.if_contains("from") && p.at("from") == json::value(day_text(c.q.from)), "parameters.from");
    d.expect(p.if_contains("to") && p.at("to") == json::value(day_text(c.q.to)), "parameters.to");
    d.expect(p.if_contains("previous_from") && p.at("previous_from") == json::value(day_text(c.q.prev_from)),
             cat("parameters.previous_from = ", p.if_contains("previous_from") ? json::serialize(p.at("previous_from")) : ""));
    d.expect(p.if_contains("previous_to") && p.at("previous_to") == json::value(day_text(c.q.prev_to)),
             cat("parameters.previous_to = ", p.if_contains("previous_to") ? json::serialize(p.at("previous_to")) : ""));
    json::object filters;
    for (const auto& [k, v] : c.q.filters) filters[k] = v;
    const auto* got = p.if_contains("filters");
    d.expect(filters.empty() ? (got == nullptr || (got->is_object() && got->get_object().empty()))
                             : (got != nullptr && *got == json::value(filters)),
             cat("parameters.filters = ", got ? json::serialize(*got) : "absent"));
  } else {
    d.fail("no parameters object");
  }
  if (doc.if_contains("viewer") && doc.at("viewer").is_object()) {
    const auto& v = doc.at("viewer").get_object();
    d.expect(v.if_contains("member_id") && v.at("member_id") == json::value(c.viewer.member_id), "viewer.member_id");
    d.expect(v.if_contains("state") && v.at("state") == json::value(c.viewer.state), "viewer.state");
    d.expect(v.if_contains("role") && v.at("role") == json::value(c.viewer.role), "viewer.role");
  } else {
    d.fail("no viewer object");
  }
  const json::object* disclosure = nullptr;
  if (doc.if_contains("disclosure") && doc.at("disclosure").is_object()) {
    disclosure = &doc.at("disclosure").get_object();
    const auto& o = *disclosure;
    const auto int_is = [&](const char* n, std::int64_t e) {
      d.expect(o.if_contains(n) && equals_int(o.at(n), e), cat("disclosure.", n, " expected ", e));
    };
    int_is("k", c.viewer.reporter() ? c.dc.k_reporter : c.dc.k_analyst);
    int_is("min_incidents", c.dc.min_incidents);
    int_is("fee_min_persons", c.dc.fee_min_persons);
    int_is("fee_min_incidents", c.dc.fee_min_incidents);
    int_is("fee_rounding", c.dc.fee_rounding);
    d.expect(o.if_contains("fee_max_share") && is_number(o.at("fee_max_share")) &&
                 to_double(o.at("fee_max_share")) == c.dc.fee_max_share,
             "disclosure.fee_max_share");
  } else {
    d.fail("no disclosure object");
  }
  if (doc.if_contains("reciprocity") && doc.at("reciprocity").is_object()) {
    const auto& o = doc.at("reciprocity").get_object();
    d.expect(o.if_contains("regional") && o.at("regional") == json::value(!c.own_only),
             cat("reciprocity = ", json::serialize(o)));
    d.expect(o.if_contains("rule") && o.at("rule") == json::value(rule_text(c.dc.reciprocity)),
             cat("reciprocity.rule = ", json::serialize(o)));
    if (c.own_only)
      d.expect(o.if_contains("reason") && o.at("reason").is_string() && !o.at("reason").get_string().empty(),
               "reciprocity.reason missing");
  } else {
    d.fail("no reciprocity object");
  }
  // Sections.
  if (!doc.if_contains("sections") || !doc.at("sections").is_object()) {
    d.fail("no sections object");
    require_no_diff(d);
    return doc;
  }
  const auto& sections = doc.at("sections").get_object();
  std::set<std::string> names;
  for (const auto& kv : sections) names.insert(std::string(kv.key()));
  const std::set<std::string> expected_names =
      name == "regional" ? std::set<std::string>(kSectionNames.begin(), kSectionNames.end()) : std::set<std::string>{name};
  d.expect(names == expected_names, cat("sections: ", json::serialize(json::value_from(names))));
  const Sets sets = sets_for(c, c.q.from, c.q.to);
  Flags flags;
  for (const auto& kv : sections) {
    const std::string section(kv.key());
    if (c.skip.contains(section)) continue;
    if (!kv.value().is_object()) {
      d.fail(section, ": not an object");
      continue;
    }
    const auto& sec = kv.value().get_object();
    if (section == "coverage") {
      if (c.q.filters.empty()) check_coverage(d, sec, c);
    } else if (section == "fees") {
      check_fees(d, sec, c, sets, flags);
    } else if (std::find(kSectionNames.begin(), kSectionNames.end(), section) != kSectionNames.end()) {
      check_section(d, spec(section), sec, c, sets, flags);
    }
  }
  check_lines(d, flags);
  if (name == "regional" && disclosure != nullptr && c.skip.empty()) {
    const auto* n = disclosure->if_contains("suppressed_cells");
    d.expect(n != nullptr && equals_int(*n, static_cast<std::int64_t>(count_suppressed(flags))),
             cat("disclosure.suppressed_cells = ", n ? json::serialize(*n) : "absent", ", cells marked: ",
                 count_suppressed(flags)));
  }
  if (c.exact) d.expect(count_suppressed(flags) == 0, "cells suppressed with open disclosure settings");
  require_no_diff(d);
  return doc;
}

json::object fetch_and_check(Client& who, const Check& c, const std::string& label) {
  return check_report(who.get(cat("/v1/reports/regional?", c.q.params())), c, "regional", label);
}

// ---- Shorthands for documents ----------------------------------------------------------------

const json::array& cells_of(const json::object& doc, const std::string& section) {
  return doc.at("sections").at(section).at("cells").get_array();
}
const json::object* find_cell(const json::object& doc, const std::string& section, const json::object& key) {
  for (const auto& c : cells_of(doc, section))
    if (c.at("key") == json::value(key)) return &c.get_object();
  return nullptr;
}
std::int64_t int_at(const json::object& cell, const char* group, const char* measure) {
  const auto& v = cell.at(group).at(measure);
  REQUIRE(is_number(v));
  return static_cast<std::int64_t>(to_double(v));
}
std::int64_t totals_of(const json::object& doc, const char* measure) {
  const auto& cells = cells_of(doc, "totals");
  REQUIRE(cells.size() == 1);
  return int_at(cells[0].get_object(), "values", measure);
}

// ---- Server set-ups --------------------------------------------------------------------------------

void open_disclosure(Config& c) {
  c.disclosure.k_reporter = 1;
  c.disclosure.k_analyst = 1;
  c.disclosure.min_incidents = 1;
  c.disclosure.fee_min_persons = 1;
  c.disclosure.fee_min_incidents = 1;
  c.disclosure.fee_max_share = 1.0;
  c.disclosure.fee_rounding = 1;
  c.disclosure.reciprocity = DisclosureConfig::Reciprocity::Off;
}

FxRates test_rates() {
  FxRates fx;
  fx["USD"]["2024"] = 1.0;
  fx["USD"]["2025"] = 1.0;
  fx["AUD"]["2024"] = 0.66;
  fx["AUD"]["2025"] = 0.65;
  fx["AUD"]["2025-03"] = 0.655;  // the month wins over the year
  fx["IDR"]["2025"] = 0.0000625;
  fx["MYR"]["2024"] = 0.22;
  fx["MYR"]["2025"] = 0.21;
  // No rate: EUR, THB, NZD.
  return fx;
}

const std::vector<std::string> kTestRegion = {"AUS", "IDN", "MYS", "SGP", "THA"};

std::string audit_log(TestServer& s) {
  std::string all;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    const std::string target = cat("/v1/admin/audit?limit=1000", after.empty() ? std::string() : cat("&after=", after));
    auto r = one_request(s.port(), s.options(&s.admin()), "GET", target);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    all += r->body;
    all += '\n';
    auto o = parse_object(r->body);
    if (!o.if_contains("next_after") || o.at("next_after").is_null()) break;
    after = json::serialize(o.at("next_after"));
  }
  return all;
}

/// The analysis.read audit entries: (actor, object).
std::vector<std::pair<std::string, std::string>> analysis_reads(TestServer& s) {
  std::vector<std::pair<std::string, std::string>> out;
  std::string after;
  for (int page = 0; page < 100; ++page) {
    const std::string target = cat("/v1/admin/audit?limit=1000", after.empty() ? std::string() : cat("&after=", after));
    auto r = one_request(s.port(), s.options(&s.admin()), "GET", target);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    auto o = parse_object(r->body);
    REQUIRE(o.if_contains("entries"));
    const json::array entries = o.at("entries").get_array();
    for (const auto& e : entries)
      if (e.at("action") == "analysis.read") out.emplace_back(str(e.at("actor")), str(e.at("object")));
    if (!o.if_contains("next_after") || o.at("next_after").is_null()) break;
    after = json::serialize(o.at("next_after"));
  }
  return out;
}

}  // namespace

// =====================================================================================================

TEST_CASE("every cell of the regional report matches an independent computation when nothing is suppressed") {
  TestServer s([](Config& c) {
    open_disclosure(c);
    c.regions.regions["test_region"] = kTestRegion;
    c.fx = test_rates();
    c.limits.requests_per_second_per_member = 1000;
  });
  Ledger ledger;
  std::map<std::string, bool> named{{"AUS-ABF", true}, {"MYS-PDRM", true}};
  Member aus(s, s.enrol("AUS-ABF", "reporter", true));
  Member idn(s, "IDN-POLRI");
  Member mys(s, s.enrol("MYS-PDRM", "reporter", true));
  Member tha(s, "THA-RTP");
  Member sgp(s, "SGP-ICA");
  Member nzl(s, "NZL-INZ");  // outside test_region

  const schema::Date first{2024, 7, 1};
  const schema::Date last{2025, 12, 31};
  submit(aus, ledger, generated("AUS", 300, 11, first, last));
  submit(idn, ledger, generated("IDN", 250, 12, first, last));
  submit(mys, ledger, generated("MYS", 250, 13, first, last));
  submit(tha, ledger, generated("THA", 200, 14, first, last));
  submit(nzl, ledger, generated("NZL", 80, 15, first, last));

  using schema::Conduct;
  using schema::DetectionLocation;
  using schema::Method;
  using schema::Abuse;
  using schema::SmugglerAge;
  using schema::SmugglerRole;

  // Origin and destination not established, three nationalities (one of them twice with another
  // document status: one cell), a group fee in IDR and a USD fee per person.
  auto e1 = incident("EDGE-XXX", {2025, 2, 14}, {{"XXX", kOrigin, kSea}, {"IDN", kTransit, kSea}, {"XXX", kDestination, kUnknownMode}},
                     "IDN", DetectionLocation::AtSea);
  e1.migrants = {migrants_group("AFG", kMale, kAdult, 5), migrants_group("IRN", kFemale, kChild, 3, 2),
                 migrants_group("XXA", kUnknownSex, kUnknownAge, 2),
                 migrants_group("AFG", kMale, kAdult, 1, 0, schema::DocumentStatus::Genuine)};
  e1.smugglers = {smuggler_group("IDN", kMale, SmugglerAge::Adult, SmugglerRole::Crew, 2)};
  e1.methods = {Method::UnseaworthyVessel, Method::Concealment};
  e1.fees = {fee(400000, "USD", kPerPerson), fee(3000000000, "IDR", kPerGroup)};
  e1.harm.abuse = {Abuse::EndangeredLife};
  e1.response = {1, 2, 1, 0};
  e1.notes = kNotesMarker;
  // A boat of 300, month precision (counts on 2025-03-01), a month rate for AUD, multi-valued
  // methods, abuse and conduct, documents.
  auto e2 = incident("EDGE-BOAT", {2025, 3, std::nullopt}, {{"LKA", kOrigin, kSea}, {"AUS", kDestination, kSea}}, "AUS",
                     DetectionLocation::AtSea, {Conduct::Smuggling, Conduct::DocumentFraud});
  e2.migrants = {migrants_group("LKA", kMale, kAdult, 300)};
  e2.smugglers = {smuggler_group("LKA", kMale, SmugglerAge::Adult, SmugglerRole::Crew, 4),
                  smuggler_group("IDN", kMale, SmugglerAge::Juvenile, SmugglerRole::Crew, 1),
                  smuggler_group("LKA", kFemale, SmugglerAge::Adult, SmugglerRole::Organiser, 1)};
  e2.methods = {Method::UnseaworthyVessel, Method::Concealment, Method::PayOnArrival, Method::FraudulentDocuments};
  e2.documents = {{schema::DocumentType::Passport, schema::FraudType::Counterfeit, "MYS", 2},
                  {schema::DocumentType::Visa, schema::FraudType::Forged, "AUS", 1}};
  e2.fees = {fee(15000000, "USD", kPerGroup), fee(200000, "AUD", kPerPerson),
             fee(500000, "MYR", kPerPerson, schema::PaymentMethod::PayOnArrival)};
  e2.harm = {3, 5, 10, {Abuse::EndangeredLife, Abuse::InhumanTreatment, Abuse::Extortion}};
  e2.response = {2, 5, 3, 1};
  e2.notes = kNotesMarker;
  // Mixed modes, fees in currencies without a rate (NZD, EUR with cents) and a USD group fee.
  auto e3 = incident("EDGE-NORATE", {2025, 5, 20}, {{"CHN", kOrigin, kAir}, {"THA", kTransit, kLand}, {"MYS", kDestination, kLand}},
                     "MYS", DetectionLocation::LandCheckpoint, {Conduct::Smuggling, Conduct::EnablingIllegalStay});
  e3.migrants = {migrants_group("CHN", kFemale, kAdult, 2), migrants_group("CHN", kMale, kChild, 1, 1)};
  e3.smugglers = {smuggler_group("THA", kMale, SmugglerAge::Adult, SmugglerRole::Guide, 1)};
  e3.methods = {Method::OnFoot, Method::Corruption};
  e3.fees = {fee(800000, "NZD", kPerPerson), fee(120050, "EUR", kPerPerson), fee(90000, "USD", kPerGroup)};
  e3.notes = kNotesMarker;
  // No known mode, unknown and stateless nationalities, no smugglers.
  auto e4 = incident("EDGE-UNKNOWN", {2025, 8, 3}, {{"MMR", kOrigin, kUnknownMode}, {"THA", kDestination, kUnknownMode}}, "THA",
                     DetectionLocation::Inland, {Conduct::IrregularMigration});
  e4.migrants = {migrants_group("XXA", kMale, kAdult, 7), migrants_group("XXX", kUnknownSex, kUnknownAge, 4)};
  e4.methods = {Method::OnFoot};
  e4.harm.injured = 2;
  e4.harm.abuse = {Abuse::Violence, Abuse::Exploitation};
  // A member with one record (one month of coverage), documents only.
  auto e5 = incident("EDGE-SGP", {2025, 5, 5}, {{"IND", kOrigin, kAir}, {"SGP", kTransit, kAir}, {"AUS", kDestination, kAir}},
                     "SGP", DetectionLocation::Airport, {Conduct::DocumentFraud});
  e5.migrants = {migrants_group("IND", kFemale, kAdult, 2, 0, schema::DocumentStatus::Fraudulent)};
  e5.documents = {{schema::DocumentType::Passport, schema::FraudType::Impostor, "GBR", 2},
                  {schema::DocumentType::Visa, schema::FraudType::StolenBlank, "AUS", 1}};
  e5.methods = {Method::FraudulentDocuments, Method::CommercialFlight};
  e5.fees = {fee(600000, "USD", kPerPerson)};
  e5.notes = kNotesMarker;
  // Amended later (v2 changes the numbers).
  auto e6 = incident("EDGE-AMEND", {2025, 4, 10},
                     {{"AFG", kOrigin, kAir}, {"MYS", kTransit, kAir}, {"IDN", kTransit, kAir}, {"AUS", kDestination, kSea}}, "AUS",
                     DetectionLocation::AtSea);
  e6.migrants = {migrants_group("AFG", kMale, kAdult, 10)};
  e6.fees = {fee(700000, "USD", kPerPerson)};
  // Withdrawn later.
  auto e7 = incident("EDGE-WITHDRAWN", {2025, 6, 15}, {{"PAK", kOrigin, kAir}, {"MYS", kDestination, kAir}}, "MYS",
                     DetectionLocation::Airport);
  e7.migrants = {migrants_group("PAK", kMale, kAdult, 9)};
  e7.fees = {fee(300000, "MYR", kPerPerson)};
  // Month precision at the end of the year, a fee in THB (no rate).
  auto e8 = incident("EDGE-DEC", {2025, 12, std::nullopt}, {{"BGD", kOrigin, kSea}, {"MYS", kDestination, kSea}}, "MYS",
                     DetectionLocation::Seaport);
  e8.migrants = {migrants_group("BGD", kMale, kAdult, 40)};
  e8.smugglers = {smuggler_group("BGD", kMale, SmugglerAge::Adult, SmugglerRole::Crew, 3)};
  e8.fees = {fee(900000, "THB", kPerPerson)};

  submit(aus, ledger, {e1, e2, e6});
  submit(idn, ledger, {e3});
  submit(tha, ledger, {e4});
  submit(sgp, ledger, {e5});
  submit(mys, ledger, {e7, e8});

  auto e6v2 = e6;
  e6v2.base_version = 1;
  e6v2.migrants = {migrants_group("AFG", kMale, kAdult, 12), migrants_group("AFG", kFemale, kChild, 2, 1)};
  e6v2.harm.deaths = 1;
  e6v2.harm.abuse = {Abuse::EndangeredLife};
  submit(aus, ledger, {e6v2});
  auto e7w = e7;
  e7w.base_version = 1;
  e7w.status = schema::RecordStatus::Withdrawn;
  submit(mys, ledger, {e7w});

  Client analyst(s, s.enrol("THA-RSO", "analyst"));
  Client aus_view(s, aus.who);
  const View analyst_view{"THA-RSO", "THA", "analyst"};

  Check c;
  c.ledger = &ledger;
  c.viewer = analyst_view;
  c.dc = s.config().disclosure;
  c.fx = s.config().fx;
  c.named = named;

  // The year, as the analyst.
  c.q = year_query("test_region", kTestRegion, 2025);
  const auto year = fetch_and_check(analyst, c, "analyst, year");
  {
    // Plain spot checks (guard against a checker that agrees with itself).
    CHECK(cells_of(year, "trend_monthly").size() == 13);
    CHECK(cells_of(year, "trend_quarterly").size() == 5);
    CHECK(find_cell(year, "routes", {{"origin", "XXX"}, {"destination", "XXX"}, {"mode", "sea"}}) != nullptr);
    CHECK(find_cell(year, "routes", {{"origin", "CHN"}, {"destination", "MYS"}, {"mode", "mixed"}}) != nullptr);
    CHECK(find_cell(year, "routes", {{"origin", "MMR"}, {"destination", "THA"}, {"mode", "unknown"}}) != nullptr);
    const auto* lka = find_cell(year, "migrants", {{"nationality", "LKA"}, {"sex", "male"}, {"age", "adult"}});
    REQUIRE(lka != nullptr);
    CHECK(int_at(*lka, "values", "migrants") >= 300);
    const auto* nzd = find_cell(year, "fees", {{"origin", "*"}, {"destination", "*"}, {"currency", "NZD"}});
    REQUIRE(nzd != nullptr);
    CHECK(int_at(*nzd, "values", "observations") == 1);
    CHECK(int_at(*nzd, "values", "median") == 8000);
    CHECK(nzd->at("values").get_object().if_contains("usd_median") == nullptr);
    const auto* e2_usd = find_cell(year, "fees", {{"origin", "LKA"}, {"destination", "AUS"}, {"currency", "*"}});
    REQUIRE(e2_usd != nullptr);
    CHECK(year.at("disclosure").at("suppressed_cells") == 0);
  }
  for (const auto& name : kSectionNames) {
    // Each single-section answer is the section of the full report.
    auto r = analyst.get(cat("/v1/analyses/", name, "?", c.q.params()));
    const auto one = check_report(r, c, name, "analyst, year, one section");
    if (one.if_contains("sections") && one.at("sections").get_object().if_contains(name))
      CHECK(one.at("sections").at(name) == year.at("sections").at(name));
  }

  // A quarter (previous quarter 2024-Q4), as the analyst.
  c.q = quarter_query("test_region", kTestRegion, 2025, 1);
  const auto q1 = fetch_and_check(analyst, c, "analyst, 2025-Q1");
  CHECK(cells_of(q1, "trend_monthly").size() == 4);
  CHECK(cells_of(q1, "trend_quarterly").size() == 2);

  // A month (trend_quarterly: no whole quarter inside, not compared).
  c.q = month_query("test_region", kTestRegion, 2025, 3);
  c.skip = {"trend_quarterly"};
  fetch_and_check(analyst, c, "analyst, 2025-03");
  // A range of whole months: EDGE-BOAT (2025-03, counted on 2025-03-01) falls outside; trends
  // not compared.
  c.q = range_query("test_region", kTestRegion, 2025, 4, 2025, 6);
  c.skip = {"trend_monthly", "trend_quarterly", "coverage"};
  const auto range = fetch_and_check(analyst, c, "analyst, range");
  {
    const auto* boat = find_cell(range, "migrants", {{"nationality", "LKA"}, {"sex", "male"}, {"age", "adult"}});
    CHECK((boat == nullptr || int_at(*boat, "values", "migrants") < 300));
  }
  c.skip.clear();

  // Filters.
  const std::vector<std::vector<std::pair<std::string, std::string>>> filter_sets = {
      {{"route_country", "IDN"}},      {{"mode", "sea"}},         {{"mode", "unknown"}},
      {{"nationality", "XXA"}},        {{"nationality", "NPL"}},  {{"route_country", "THA"}, {"mode", "land"}},
      {{"nationality", "AFG"}, {"route_country", "MYS"}}};
  for (const auto& filters : filter_sets) {
    c.q = year_query("test_region", kTestRegion, 2025);
    c.q.filters = filters;
    fetch_and_check(analyst, c, "analyst, year, filtered");
  }

  // The reporter AUS-ABF: the same values (no min/max) and its own numbers.
  {
    Check r = c;
    r.viewer = {"AUS-ABF", "AUS", "reporter"};
    r.q = year_query("test_region", kTestRegion, 2025);
    const auto mine = fetch_and_check(aus_view, r, "reporter AUS, year");
    const auto* boat = find_cell(mine, "migrants", {{"nationality", "LKA"}, {"sex", "male"}, {"age", "adult"}});
    REQUIRE(boat != nullptr);
    CHECK(int_at(*boat, "own", "migrants") >= 300);
    r.q = quarter_query("test_region", kTestRegion, 2025, 2);
    fetch_and_check(aus_view, r, "reporter AUS, 2025-Q2");
  }

  // Every reporting state, and the built-in Bali Process preset (its states as the server lists them).
  c.q = quarter_query("all", {}, 2025, 2);
  fetch_and_check(analyst, c, "analyst, all, 2025-Q2");
  {
    auto r = analyst.get("/v1/reports/regional?region=bali_process&period=2025-Q2");
    REQUIRE(r.status == 200);
    const auto doc = parse_object(r.body);
    std::vector<std::string> states;
    const json::array listed = doc.at("parameters").at("states").get_array();
    for (const auto& st : listed) states.push_back(str(st));
    CHECK(std::find(states.begin(), states.end(), "AUS") != states.end());
    CHECK(std::find(states.begin(), states.end(), "NZL") != states.end());
    c.q = quarter_query("bali_process", states, 2025, 2);
    check_report(r, c, "regional", "analyst, bali_process, 2025-Q2");
  }
}

TEST_CASE("disclosure control suppresses small cells and their complements and never lets them be recovered") {
  TestServer s([](Config& c) {
    c.regions.regions["r2"] = {"AUS", "IDN", "MYS", "THA"};
    c.fx["USD"]["2025"] = 1.0;
    c.limits.requests_per_second_per_member = 1000;
  });
  REQUIRE(s.config().disclosure.k_reporter == 5);
  REQUIRE(s.config().disclosure.k_analyst == 3);
  REQUIRE(s.config().disclosure.min_incidents == 2);
  REQUIRE(s.config().disclosure.fee_rounding == 100);
  Ledger ledger;
  Member a(s, "AUS-ABF");
  Member b(s, "IDN-POLRI");
  Member c3(s, "MYS-PDRM");
  using schema::DetectionLocation;
  using schema::SmugglerAge;
  using schema::SmugglerRole;

  // Bulk: B and C report two large, identical-looking incidents a month (2024-10 .. 2025-09).
  const auto bulk = [](const std::string& tag, int index, int day) {
    auto r = incident(cat(tag, "-BULK-", index, "-", day), {index / 12, index % 12 + 1, day},
                      {{"AFG", kOrigin, kAir}, {"AUS", kDestination, kAir}}, "AUS", DetectionLocation::Airport);
    r.migrants = {migrants_group("AFG", kMale, kAdult, 10)};
    r.smugglers = {smuggler_group("AFG", kMale, SmugglerAge::Adult, SmugglerRole::Organiser, 3)};
    r.methods = {schema::Method::CommercialFlight};
    r.response.investigations = 1;
    return r;
  };
  for (const auto* tag : {"IDN", "MYS"}) {
    std::vector<schema::Incident> recs;
    for (int m = month_index(2024, 10); m <= month_index(2025, 9); ++m) {
      recs.push_back(bulk(tag, m, 10));
      recs.push_back(bulk(tag, m, 20));
    }
    submit(std::string(tag) == "IDN" ? b : c3, ledger, recs);
  }
  // A: exactly 4 NPL migrants in 2 incidents of 2025-Q1; nobody else reports NPL.
  const auto npl = [](const std::string& ref, int month) {
    auto r = incident(ref, {2025, month, 15}, {{"NPL", kOrigin, kAir}, {"AUS", kDestination, kAir}}, "AUS",
                      DetectionLocation::Airport);
    r.migrants = {migrants_group("NPL", kMale, kAdult, 2)};
    r.methods = {schema::Method::CommercialFlight};
    return r;
  };
  submit(a, ledger, {npl("NPL-1", 1), npl("NPL-2", 2)});
  // C: one incident of 6 LKA migrants in 2025-Q2 (one incident: unsafe for everyone).
  auto lka = incident("LKA-1", {2025, 5, 5}, {{"LKA", kOrigin, kSea}, {"AUS", kDestination, kSea}}, "AUS",
                      DetectionLocation::AtSea);
  lka.migrants = {migrants_group("LKA", kFemale, kAdult, 6)};
  lka.methods = {schema::Method::UnseaworthyVessel};
  // C: fees in 2025-Q3. IRN: 9 persons in 3 incidents. PAK: 20 persons in 4 incidents, one of
  // them giving 5 of the 8 observations. LKA: 20 persons, 4 incidents, 4 fees (published).
  std::vector<schema::Incident> fee_recs{lka};
  const auto fee_incident = [](const std::string& ref, int month, const std::string& nat, std::int64_t persons,
                               std::vector<std::int64_t> amounts) {
    auto r = incident(ref, {2025, month, 12}, {{nat, kOrigin, kAir}, {"AUS", kDestination, kAir}}, "AUS",
                      DetectionLocation::Airport);
    r.migrants = {migrants_group(nat, kMale, kAdult, persons)};
    r.methods = {schema::Method::CommercialFlight};
    for (auto amount : amounts) r.fees.push_back(fee(amount * 100, "USD", kPerPerson));
    return r;
  };
  for (int i = 0; i < 3; ++i) fee_recs.push_back(fee_incident(cat("IRN-", i), 7 + i, "IRN", 3, {5000}));
  fee_recs.push_back(fee_incident("PAK-0", 7, "PAK", 5, {1000, 1100, 1200, 1300, 1400}));
  for (int i = 1; i < 4; ++i) fee_recs.push_back(fee_incident(cat("PAK-", i), 7 + i % 3, "PAK", 5, {2000 + 100 * (i - 1)}));
  const std::vector<std::int64_t> lka_fees = {1234, 2345, 3456, 4567};
  for (int i = 0; i < 4; ++i) fee_recs.push_back(fee_incident(cat("LKAF-", i), 7 + i % 3, "LKA", 5, {lka_fees[static_cast<std::size_t>(i)]}));
  submit(c3, ledger, fee_recs);

  Client analyst(s, s.enrol("THA-RSO", "analyst"));
  Client a_view(s, a.who);
  Client b_view(s, b.who);
  const std::vector<std::string> states = {"AUS", "IDN", "MYS", "THA"};
  Check base;
  base.ledger = &ledger;
  base.dc = s.config().disclosure;
  base.fx = s.config().fx;
  base.exact = false;
  const View analyst_v{"THA-RSO", "THA", "analyst"};
  const View a_v{"AUS-ABF", "AUS", "reporter"};
  const View b_v{"IDN-POLRI", "IDN", "reporter"};
  const json::object npl_key{{"nationality", "NPL"}, {"sex", "*"}, {"age", "*"}};

  {
    INFO("reporter B does not see A's 4 NPL migrants, nor can it recover them");
    Check c = base;
    c.viewer = b_v;
    c.q = quarter_query("r2", states, 2025, 1);
    const auto doc = fetch_and_check(b_view, c, "reporter B, Q1");
    const auto* cell = find_cell(doc, "migrants", npl_key);
    REQUIRE(cell != nullptr);
    CHECK(cell_suppressed(*cell));
    CHECK(cell->at("values") == json::parse(R"({"migrants":{"suppressed":true},"incidents":{"suppressed":true},)"
                                            R"("unaccompanied_children":{"suppressed":true}})"));
    CHECK(cell->if_contains("own") == nullptr);
    const auto* route = find_cell(doc, "routes", {{"origin", "NPL"}, {"destination", "AUS"}, {"mode", "air"}});
    REQUIRE(route != nullptr);
    CHECK(cell_suppressed(*route));
    // Some other cell of the nationality line shares the suppression.
    std::size_t suppressed_nationalities = 0;
    for (const auto& cv : cells_of(doc, "migrants")) {
      const auto& k = cv.at("key").get_object();
      if (k.at("sex") == "*" && k.at("age") == "*" && cell_suppressed(cv.get_object())) ++suppressed_nationalities;
    }
    CHECK(suppressed_nationalities >= 2);
    CHECK(doc.at("disclosure").at("suppressed_cells").as_int64() > 0);
    // The single-section answers carry the same suppression.
    for (const auto& name : kSectionNames) {
      auto r = b_view.get(cat("/v1/analyses/", name, "?", c.q.params()));
      const auto one = check_report(r, c, name, "reporter B, Q1, one section");
      if (one.if_contains("sections") && one.at("sections").get_object().if_contains(name))
        CHECK(one.at("sections").at(name) == doc.at("sections").at(name));
    }
    c.q = year_query("r2", states, 2025);
    fetch_and_check(b_view, c, "reporter B, year");
    c.q = quarter_query("r2", states, 2025, 2);
    fetch_and_check(b_view, c, "reporter B, Q2");
  }

  {
    INFO("reporter A sees its own 4 NPL migrants");
    Check c = base;
    c.viewer = a_v;
    c.q = quarter_query("r2", states, 2025, 1);
    const auto doc = fetch_and_check(a_view, c, "reporter A, Q1");
    const auto* cell = find_cell(doc, "migrants", npl_key);
    REQUIRE(cell != nullptr);
    CHECK_FALSE(cell_suppressed(*cell));
    CHECK(cell->at("own") == json::parse(R"({"migrants":4,"incidents":2,"unaccompanied_children":0})"));
    CHECK(cell->at("values") == json::parse(R"({"migrants":4,"incidents":2,"unaccompanied_children":0})"));
    CHECK(doc.at("disclosure").at("suppressed_cells") == 0);
    c.q = year_query("r2", states, 2025);
    fetch_and_check(a_view, c, "reporter A, year");
  }

  {
    INFO("the analyst (k = 3) sees 4 migrants in 2 incidents but not a single incident");
    Check c = base;
    c.viewer = analyst_v;
    c.q = quarter_query("r2", states, 2025, 1);
    const auto doc = fetch_and_check(analyst, c, "analyst, Q1");
    const auto* cell = find_cell(doc, "migrants", npl_key);
    REQUIRE(cell != nullptr);
    CHECK_FALSE(cell_suppressed(*cell));
    CHECK(cell->at("values") == json::parse(R"({"migrants":4,"incidents":2,"unaccompanied_children":0})"));
    CHECK(cell->if_contains("own") == nullptr);
    CHECK(doc.at("disclosure").at("suppressed_cells") == 0);
    CHECK(doc.at("disclosure").at("k") == 3);

    c.q = quarter_query("r2", states, 2025, 2);
    const auto q2 = fetch_and_check(analyst, c, "analyst, Q2");
    const auto* single = find_cell(q2, "migrants", {{"nationality", "LKA"}, {"sex", "*"}, {"age", "*"}});
    REQUIRE(single != nullptr);
    CHECK(cell_suppressed(*single));
    const auto* single_route = find_cell(q2, "routes", {{"origin", "LKA"}, {"destination", "AUS"}, {"mode", "sea"}});
    REQUIRE(single_route != nullptr);
    CHECK(cell_suppressed(*single_route));
    c.q = year_query("r2", states, 2025);
    fetch_and_check(analyst, c, "analyst, year");
  }

  {
    INFO("fee cells need 10 persons in 3 incidents, no dominant incident, and are rounded to 100");
    const json::object irn{{"origin", "IRN"}, {"destination", "AUS"}, {"currency", "USD"}};
    const json::object pak{{"origin", "PAK"}, {"destination", "AUS"}, {"currency", "USD"}};
    const json::object lkaf{{"origin", "LKA"}, {"destination", "AUS"}, {"currency", "USD"}};
    for (const auto& [view, client] : {std::pair<View, Client*>{analyst_v, &analyst}, std::pair<View, Client*>{b_v, &b_view}}) {
      Check c = base;
      c.viewer = view;
      c.q = quarter_query("r2", states, 2025, 3);
      const auto doc = fetch_and_check(*client, c, "fees, Q3");
      const auto* x = find_cell(doc, "fees", irn);
      const auto* y = find_cell(doc, "fees", pak);
      const auto* z = find_cell(doc, "fees", lkaf);
      REQUIRE(x != nullptr);
      REQUIRE(y != nullptr);
      REQUIRE(z != nullptr);
      CHECK(cell_suppressed(*x));  // 9 persons
      CHECK(cell_suppressed(*y));  // PAK-0 gives 5 of 8 observations
      CHECK_FALSE(contains_number(x->at("values")));
      CHECK_FALSE(contains_number(y->at("values")));
      // The route cells of a currency add up to its all-routes cell: with IRN and PAK hidden,
      // LKA and the all-routes cell cannot both be published, or they give the sum away.
      // Which of the two is hidden depends on the rest of the table (the fee cells are linked
      // to the routes table too); the attacker's problem, solved from the viewer's side,
      // shows every hidden cell protected either way.
      const auto* usd = find_cell(doc, "fees", {{"origin", "*"}, {"destination", "*"}, {"currency", "USD"}});
      REQUIRE(usd != nullptr);
      CHECK((cell_suppressed(*z) || cell_suppressed(*usd)));
      if (cell_suppressed(*z)) CHECK_FALSE(contains_number(z->at("values")));
      const auto raw = client->get(cat("/v1/reports/regional?", c.q.params()));
      REQUIRE(raw.status == 200);
      const auto parsed = vrs::client::report::parse_report(raw.body);
      REQUIRE(parsed);
      const auto audit = vrs::client::report::audit_report(*parsed);
      REQUIRE(audit);
      INFO(vrs::client::report::format_report_audit(*audit));
      CHECK(audit->narrow == 0);
    }
    {
      // The year: the all-routes cell, where published, shows its extremes only where several
      // incidents paid them (fetch_and_check compares both with the independent computation:
      // an extreme paid in one incident would be that group's fee, so it is left out).
      Check c = base;
      c.viewer = analyst_v;
      c.q = year_query("r2", states, 2025);
      const auto doc = fetch_and_check(analyst, c, "fees, year");
      const auto* usd = find_cell(doc, "fees", {{"origin", "*"}, {"destination", "*"}, {"currency", "USD"}});
      REQUIRE(usd != nullptr);
      if (!cell_suppressed(*usd)) {
        const auto& v = usd->at("values").get_object();
        for (const char* extreme : {"min", "max"}) {
          const auto* x = v.if_contains(extreme);
          if (x != nullptr) CHECK(static_cast<std::int64_t>(to_double(*x)) % 100 == 0);
        }
      }
    }
  }
}

TEST_CASE("a reporter whose state reported nothing in the period's year sees only its own data") {
  auto rule = GENERATE(DisclosureConfig::Reciprocity::Year, DisclosureConfig::Reciprocity::Period,
                       DisclosureConfig::Reciprocity::Off);
  TestServer s([rule](Config& c) {
    open_disclosure(c);
    c.disclosure.reciprocity = rule;
    c.regions.regions["r3"] = {"AUS", "IDN"};
    c.limits.requests_per_second_per_member = 1000;
  });
  Ledger ledger;
  Member a(s, "AUS-ABF");
  Member d(s, "IDN-POLRI");
  submit(a, ledger, generated("AUS", 80, 21, {2024, 1, 1}, {2025, 12, 31}));
  submit(d, ledger, generated("IDN", 15, 22, {2024, 10, 1}, {2024, 12, 31}));  // 2024-Q4 only
  Client d_view(s, d.who);
  Client analyst(s, s.enrol("THA-RSO", "analyst"));
  const std::vector<std::string> states = {"AUS", "IDN"};
  Check c;
  c.ledger = &ledger;
  c.dc = s.config().disclosure;
  c.fx = s.config().fx;
  c.viewer = {"IDN-POLRI", "IDN", "reporter"};
  const bool refuses = rule != DisclosureConfig::Reciprocity::Off;

  // 2025: D reported nothing dated in 2025.
  c.q = year_query("r3", states, 2025);
  c.own_only = refuses;
  const auto denied = fetch_and_check(d_view, c, "D, 2025");
  if (refuses) {
    // Nothing of D's is dated in 2025: no figure but zero anywhere (trend cells may list zeros).
    for (const auto& name : kSectionNames) {
      if (name == "coverage") continue;
      for (const auto& cell : cells_of(denied, name)) {
        INFO(name << " " << json::serialize(cell));
        for (const auto& kv : cell.at("values").get_object()) CHECK((is_number(kv.value()) && to_double(kv.value()) == 0));
      }
    }
  } else {
    CHECK(totals_of(denied, "incidents") > 0);
  }
  // 2024-Q4: D reported in that quarter (and year).
  c.q = quarter_query("r3", states, 2024, 4);
  c.own_only = false;
  fetch_and_check(d_view, c, "D, 2024-Q4");
  // 2024-Q3: same year, but not the same quarter.
  c.q = quarter_query("r3", states, 2024, 3);
  c.own_only = rule == DisclosureConfig::Reciprocity::Period;
  fetch_and_check(d_view, c, "D, 2024-Q3");

  // Analysts are not bound by reciprocity.
  Check an = c;
  an.viewer = {"THA-RSO", "THA", "analyst"};
  an.own_only = false;
  an.q = year_query("r3", states, 2025);
  fetch_and_check(analyst, an, "analyst, 2025");

  // Once D reports a record dated in 2025, it sees the region's 2025 data.
  auto late = generated("IDN", 1, 23, {2025, 6, 1}, {2025, 6, 30});
  submit(d, ledger, late);
  c.q = year_query("r3", states, 2025);
  c.own_only = false;
  const auto granted = fetch_and_check(d_view, c, "D, 2025, after reporting");
  CHECK(totals_of(granted, "incidents") > 1);
  // With the period rule, 2025-Q1 (nothing of D's) stays closed.
  c.q = quarter_query("r3", states, 2025, 1);
  c.own_only = rule == DisclosureConfig::Reciprocity::Period;
  fetch_and_check(d_view, c, "D, 2025-Q1");
}

TEST_CASE("analyses are for reporters and analysts, check every parameter and are audited") {
  TestServer s([](Config& c) {
    c.regions.regions["r4"] = {"AUS", "THA"};
    c.limits.requests_per_second_per_member = 1000;
  });
  Ledger ledger;
  Member aus(s, "AUS-ABF");
  auto recs = generated("AUS", 40, 31, {2025, 1, 1}, {2025, 12, 31});
  for (auto& r : recs) r.notes = kNotesMarker;
  submit(aus, ledger, recs);
  Client reporter(s, aus.who);
  Client analyst(s, s.enrol("THA-RSO", "analyst"));
  Client admin(s, s.admin());
  const std::string params = "region=r4&period=2025";

  std::map<std::string, int> expected_reads;  // actor → calls
  const auto call = [&](Client& who, const std::string& target) {
    ++expected_reads[who.who.member_id];
    return who.get(target);
  };

  SECTION("role matrix") {
    for (Client* who : {&reporter, &analyst, &admin}) {
      const bool is_admin = who == &admin;
      std::vector<std::string> targets = {cat("/v1/reports/regional?", params)};
      for (const auto& name : kSectionNames) targets.push_back(cat("/v1/analyses/", name, "?", params));
      for (const auto& target : targets) {
        INFO(who->who.member_id << " " << target);
        auto r = call(*who, target);
        CHECK(r.status == (is_admin ? 403 : 200));
        CHECK(r.body.find(kNotesMarker) == std::string::npos);
        if (is_admin) {
          CHECK(json_string(r.body, "code") == "permission_denied");
          continue;
        }
        const auto doc = parse_object(r.body);
        REQUIRE(doc.if_contains("sha256"));
        CHECK(str(doc.at("sha256")) == sha256_without_member(doc));
        CHECK(str(doc.at("viewer").at("role")) == (who == &reporter ? "reporter" : "analyst"));
      }
      auto unknown = call(*who, cat("/v1/analyses/nonsense?", params));
      CHECK(unknown.status == (is_admin ? 403 : 404));
    }
    // Every call, refused or not, is in the audit log with its actor.
    const auto reads = analysis_reads(s);
    std::map<std::string, int> by_actor;
    for (const auto& [actor, object] : reads) ++by_actor[actor];
    CHECK(by_actor == expected_reads);
    for (const auto& name : kSectionNames) {
      const bool found = std::any_of(reads.begin(), reads.end(), [&](const auto& e) {
        return e.first == "AUS-ABF" && e.second.find(name) != std::string::npos && e.second.find("r4") != std::string::npos &&
               e.second.find("2025") != std::string::npos;
      });
      CHECK(found);
    }
    const std::string log = audit_log(s);
    CHECK(log.find(kNotesMarker) == std::string::npos);
  }

  SECTION("bad parameters are 400 invalid_argument naming the parameter") {
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"period=2025", "region"},
        {"region=nowhere&period=2025", "region"},
        {"region=r4", "period"},
        {"region=r4&period=2025-13", "period"},
        {"region=r4&period=2025-Q5", "period"},
        {"region=r4&period=2025-Q0", "period"},
        {"region=r4&period=25", "period"},
        {"region=r4&period=2025-02-30..2025-03-01", "period"},
        {"region=r4&period=2010-01-01..2025-01-01", "period"},
        {"region=r4&period=2025-02-01..2025-01-01", "period"},
        {"region=r4&period=2025&mode=boat", "mode"},
        {"region=r4&period=2025&mode=", "mode"},
        {"region=r4&period=2025&nationality=XYZ", "nationality"},
        {"region=r4&period=2025&nationality=afg", "nationality"},
        {"region=r4&period=2025&route_country=ZZZ", "route_country"},
        {"region=r4&period=2025&colour=red", "colour"},
        {"region=r4&period=2025&region=r4", "region"},
        {"region=r4&period=2025&period=2024", "period"},
        {"region=r4&period=2025&mode=sea&mode=air", "mode"},
    };
    for (Client* who : {&reporter, &analyst}) {
      for (const auto& [query, field] : bad) {
        for (const std::string path : {"/v1/reports/regional?", "/v1/analyses/totals?"}) {
          INFO(who->who.member_id << " " << path << query);
          auto r = call(*who, cat(path, query));
          CHECK(r.status == 400);
          CHECK(json_string(r.body, "code") == "invalid_argument");
          CHECK(json_string(r.body, "detail").find(field) != std::string::npos);
        }
      }
    }
    // The limits themselves are fine: a range of just under 10 years, and every filter.
    auto ok = call(analyst, "/v1/reports/regional?region=r4&period=2016-01-01..2025-12-31");
    CHECK(ok.status == 200);
    auto filtered = call(reporter, "/v1/reports/regional?region=r4&period=2025-03&route_country=AUS&mode=air&nationality=XXA");
    CHECK(filtered.status == 200);
    auto preset = call(reporter, "/v1/reports/regional?region=bali_process&period=2025-Q4");
    CHECK(preset.status == 200);
    auto all = call(reporter, "/v1/reports/regional?region=all&period=2025-01..2025-02");
    CHECK(all.status == 200);
    // A range that does not cover whole months could be differenced into days: refused.
    auto days = call(reporter, "/v1/reports/regional?region=all&period=2025-01-10..2025-02-20");
    CHECK(days.status == 400);
    CHECK(json_string(days.body, "detail").find("does not cover whole months") != std::string::npos);
    const auto reads = analysis_reads(s);
    std::map<std::string, int> by_actor;
    for (const auto& [actor, object] : reads) ++by_actor[actor];
    CHECK(by_actor == expected_reads);
  }
}

TEST_CASE("amendments and withdrawals change the figures and advance data_cutoff") {
  TestServer s([](Config& c) {
    open_disclosure(c);
    c.regions.regions["r5"] = {"AUS"};
    c.fx = test_rates();
    c.limits.requests_per_second_per_member = 1000;
  });
  Ledger ledger;
  Member aus(s, "AUS-ABF");
  submit(aus, ledger, generated("AUS", 40, 41, {2024, 10, 1}, {2025, 12, 31}));
  auto amended = incident("AMEND-ME", {2025, 4, 10}, {{"AFG", kOrigin, kAir}, {"AUS", kDestination, kSea}}, "AUS",
                          schema::DetectionLocation::AtSea);
  amended.migrants = {migrants_group("AFG", kMale, kAdult, 10)};
  amended.fees = {fee(500000, "USD", kPerPerson)};
  auto withdrawn = incident("WITHDRAW-ME", {2025, 5, 10}, {{"IRN", kOrigin, kAir}, {"AUS", kDestination, kAir}}, "AUS",
                            schema::DetectionLocation::Airport);
  withdrawn.migrants = {migrants_group("IRN", kFemale, kAdult, 3)};
  submit(aus, ledger, {amended, withdrawn});
  Client analyst(s, s.enrol("THA-RSO", "analyst"));
  Check c;
  c.ledger = &ledger;
  c.dc = s.config().disclosure;
  c.fx = s.config().fx;
  c.viewer = {"THA-RSO", "THA", "analyst"};
  c.q = year_query("r5", {"AUS"}, 2025);

  const auto created_at = [&](const std::string& ref, std::size_t version) {
    auto r = aus.get(cat("/v1/incidents/", ref));
    REQUIRE(r.status == 200);
    const auto o = parse_object(r.body);
    const json::array versions = o.at("versions").get_array();
    REQUIRE(versions.size() >= version);
    return str(versions[version - 1].at("created_at"));
  };
  const auto same_time = [](const std::string& cutoff, const std::string& created) {
    auto a = vrs::server::store::parse_time_text(cutoff);
    auto b = vrs::server::store::parse_time_text(created);
    if (!a || !b) return false;
    return *a == *b || *a == std::chrono::floor<std::chrono::seconds>(*b);
  };

  const auto before = fetch_and_check(analyst, c, "before");
  const std::string cutoff1 = str(before.at("data_cutoff"));
  CHECK(same_time(cutoff1, created_at("WITHDRAW-ME", 1)));

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto v2 = amended;
  v2.base_version = 1;
  v2.migrants = {migrants_group("AFG", kMale, kAdult, 12), migrants_group("AFG", kFemale, kChild, 3, 1)};
  v2.harm.deaths = 2;
  v2.fees = {fee(650000, "USD", kPerPerson)};
  submit(aus, ledger, {v2});
  const auto after_amend = fetch_and_check(analyst, c, "after the amendment");
  CHECK(totals_of(after_amend, "migrants") == totals_of(before, "migrants") + 5);
  CHECK(totals_of(after_amend, "deaths") == totals_of(before, "deaths") + 2);
  CHECK(totals_of(after_amend, "incidents") == totals_of(before, "incidents"));
  const std::string cutoff2 = str(after_amend.at("data_cutoff"));
  CHECK(cutoff2 > cutoff1);
  CHECK(same_time(cutoff2, created_at("AMEND-ME", 2)));

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto w = withdrawn;
  w.base_version = 1;
  w.status = schema::RecordStatus::Withdrawn;
  submit(aus, ledger, {w});
  const auto after_withdrawal = fetch_and_check(analyst, c, "after the withdrawal");
  CHECK(totals_of(after_withdrawal, "incidents") == totals_of(before, "incidents") - 1);
  const auto irn_women = [](const json::object& doc) -> std::int64_t {
    const auto* cell = find_cell(doc, "migrants", {{"nationality", "IRN"}, {"sex", "female"}, {"age", "adult"}});
    return cell == nullptr ? 0 : int_at(*cell, "values", "migrants");
  };
  CHECK(irn_women(after_withdrawal) == irn_women(before) - 3);
  const std::string cutoff3 = str(after_withdrawal.at("data_cutoff"));
  // A tombstone counts as a version the figures include: the cutoff is the withdrawal's time.
  CHECK(cutoff3 > cutoff2);
  CHECK(same_time(cutoff3, created_at("WITHDRAW-ME", 2)));
}

TEST_CASE("reports hold against the attacker's linear programs on messy data from many states") {
  TestServer s([](Config& c) {
    c.fx["USD"]["2025"] = 1.0;
    c.limits.requests_per_second_per_member = 1000;
  });
  Ledger ledger;
  // Two states with many records, ten with a handful; unknown nationalities, a group of a
  // thousand, single migrants.
  const std::vector<std::string> ids = {"AUS-ABF", "IDN-POLRI", "MYS-PDRM", "THA-RTP", "PHL-BI",  "VNM-MPS",
                                        "KHM-GDI", "LKA-DIE",   "NZL-INZ",  "JPN-ISA", "KOR-KIS", "SGP-ICA"};
  std::vector<std::unique_ptr<Member>> members;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    members.push_back(std::make_unique<Member>(s, ids[i]));
    const std::size_t n = i < 2 ? 90 : 1 + i % 5;
    auto recs = generated(ids[i].substr(0, 3), n, 100 + i, {2025, 1, 1}, {2025, 12, 31});
    if (i == 2) recs[0].migrants = {migrants_group("XXX", kMale, kAdult, 1000)};
    if (i == 3) recs[0].migrants = {migrants_group("XXX", kFemale, kChild, 1)};
    submit(*members.back(), ledger, recs);
  }
  Client analyst(s, s.enrol("NPL-ANALYSIS", "analyst"));
  Client big(s, members[0]->who);
  Client small(s, members[4]->who);
  std::size_t suppressed = 0, audited = 0;
  for (Client* who : {&analyst, &big, &small}) {
    for (const std::string period : {"2025", "2025-Q2", "2025-03", "2025-01..2025-06"}) {
      INFO(who->who.member_id << " " << period);
      auto r = who->get("/v1/reports/regional?region=all&period=" + period);
      REQUIRE(r.status == 200);
      auto doc = vrs::client::report::parse_report(r.body);
      REQUIRE(doc);
      auto audit = vrs::client::report::audit_report(*doc);
      REQUIRE(audit);
      INFO(vrs::client::report::format_report_audit(*audit));
      CHECK(audit->narrow == 0);
      audited += audit->cells.size();
      const auto& disclosure = doc->at("disclosure").as_object();
      suppressed += static_cast<std::size_t>(disclosure.at("primary_cells").as_int64());
      // Per section: the suppressed cells it lists, split into primary and secondary, and the
      // share of its persons they hold, in steps of 10 points.
      const auto& by_section = disclosure.at("by_section").as_object();
      for (const auto& [name, section] : doc->at("sections").as_object()) {
        if (name == "fees" || name == "coverage") continue;
        INFO(std::string(name));
        REQUIRE(by_section.contains(name));
        const auto& figures = by_section.at(name).as_object();
        std::int64_t listed = 0;
        for (const auto& c : section.at("cells").as_array()) listed += cell_suppressed(c.as_object()) ? 1 : 0;
        CHECK(figures.at("primary_cells").as_int64() + figures.at("secondary_cells").as_int64() == listed);
        const auto& share = figures.at("persons_share_pct");
        if (!share.is_null()) {
          CHECK(share.as_int64() % 10 == 0);
          CHECK(share.as_int64() >= 0);
          CHECK(share.as_int64() <= 100);
        }
      }
      if (period == "2025") {
        // The headline: the year's totals are published.
        const auto& total = cells_of(*doc, "totals").at(0).as_object();
        CHECK_FALSE(cell_suppressed(total));
      }
    }
  }
  // The data are small enough that protection had work to do.
  CHECK(suppressed > 0);
  CHECK(audited > 0);
}

namespace {
// The report's sections without the members that name the request or the moment.
std::string figures_of(const json::object& doc) { return json::serialize(doc.at("sections")); }
// The measures two cells both publish have the same figures.
void same_figures(const json::object& a, const json::object& b) {
  std::size_t common = 0;
  for (const auto& kv : a.at("values").as_object()) {
    const auto* other = b.at("values").as_object().if_contains(kv.key());
    if (other == nullptr) continue;
    ++common;
    INFO(std::string(kv.key()));
    CHECK(kv.value() == *other);
  }
  CHECK(common >= 3);
}
std::int64_t own_or_zero(const json::object& cell, const char* measure) {
  const auto* own = cell.if_contains("own");
  return own == nullptr ? 0 : int_at(cell, "own", measure);
}
}  // namespace

TEST_CASE("a reporter's figures carry consistent cell-key noise that differencing cannot remove") {
  TestServer s([](Config& c) {
    c.limits.requests_per_second_per_member = 1000;
    // The subject here is the noise, over many requests; giving complements back (tested on
    // its own and in the messy-data test) would only make each of them slower.
    c.disclosure.give_back_effort = 0;
  });
  Ledger ledger;
  const std::vector<std::string> ids = {"AUS-ABF", "IDN-POLRI", "MYS-PDRM", "THA-RTP", "PHL-BI", "VNM-MPS"};
  std::vector<std::unique_ptr<Member>> members;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    members.push_back(std::make_unique<Member>(s, ids[i]));
    submit(*members.back(), ledger, generated(ids[i].substr(0, 3), 40, 700 + i, {2025, 1, 1}, {2025, 12, 31}));
  }
  Client reporter(s, members[0]->who);
  Client analyst(s, s.enrol("NPL-ANALYSIS", "analyst"));
  const auto report = [](Client& who, const std::string& query) {
    auto r = who.get("/v1/reports/regional?region=all&" + query);
    INFO(query << ": " << r.body.substr(0, 400));
    REQUIRE(r.status == 200);
    return parse_object(r.body);
  };
  const auto year = report(reporter, "period=2025");
  const auto& perturbation = year.at("disclosure").at("perturbation");
  REQUIRE(perturbation.is_object());
  const std::int64_t d = perturbation.at("max_deviation").as_int64();
  CHECK(d == s.config().disclosure.noise_max_deviation);
  // Analysts see exact figures by default, and the document says so.
  const auto exact = report(analyst, "period=2025");
  CHECK(exact.at("disclosure").at("perturbation").is_null());

  SECTION("the same request twice, and the same records in another request, give the same figures") {
    CHECK(figures_of(report(reporter, "period=2025")) == figures_of(year));
    for (int q = 1; q <= 4; ++q) {
      const std::string label = "2025-Q" + std::to_string(q);
      const auto quarter = report(reporter, "period=" + label);
      const auto* in_year = find_cell(year, "trend_quarterly", {{"quarter", label}});
      REQUIRE(in_year != nullptr);
      REQUIRE_FALSE(cell_suppressed(*in_year));
      const auto& quarter_total = cells_of(quarter, "totals").at(0).as_object();
      // The period's total is published (it holds far more than k persons from others).
      REQUIRE_FALSE(cell_suppressed(quarter_total));
      same_figures(*in_year, quarter_total);
      for (int m = 3 * q - 2; m <= 3 * q; ++m) {
        const std::string month = cat("2025-", m < 10 ? "0" : "", m);
        const auto* in_quarter = find_cell(quarter, "trend_monthly", {{"month", month}});
        const auto* in_year_month = find_cell(year, "trend_monthly", {{"month", month}});
        REQUIRE(in_quarter != nullptr);
        REQUIRE(in_year_month != nullptr);
        // Secondary suppression may differ between requests; where both publish, they agree.
        if (!cell_suppressed(*in_quarter) && !cell_suppressed(*in_year_month)) same_figures(*in_quarter, *in_year_month);
      }
    }
  }

  SECTION("a quarter minus two of its months, and a filter's complement, miss the others' figures by noise") {
    std::size_t trials = 0, exact_hits = 0, published_exact = 0, published = 0;
    std::int64_t worst = 0;
    std::map<int, json::object> months, exact_months;
    for (int o = 1; o <= 12; ++o) {
      months[o] = report(reporter, cat("period=2025-", o < 10 ? "0" : "", o));
      exact_months[o] = report(analyst, cat("period=2025-", o < 10 ? "0" : "", o));
    }
    const auto total_cell = [](const json::object& doc) -> const json::object& {
      return cells_of(doc, "totals").at(0).as_object();
    };
    for (int q = 1; q <= 4; ++q) {
      const auto quarter = report(reporter, "period=2025-Q" + std::to_string(q));
      const auto& qcell = total_cell(quarter);
      for (int m = 3 * q - 2; m <= 3 * q; ++m) {
        // The attacker: the quarter's published figure minus the other two months' (each from
        // its own request) and minus its own part of the month. A month the server hid in its
        // own report (a month report of a small region can need its total as a complement)
        // gives the attacker nothing to subtract.
        bool usable = !cell_suppressed(qcell);
        for (int o = 3 * q - 2; o <= 3 * q; ++o) usable = usable && (o == m || !cell_suppressed(total_cell(months[o])));
        if (!usable || cell_suppressed(total_cell(exact_months[m]))) continue;
        for (const char* measure : {"incidents", "migrants", "smugglers"}) {
          std::int64_t estimate = int_at(qcell, "values", measure);
          const auto& mcell = total_cell(months[m]);
          for (int o = 3 * q - 2; o <= 3 * q; ++o)
            if (o != m) estimate -= int_at(total_cell(months[o]), "values", measure);
          estimate -= own_or_zero(mcell, measure);
          const std::int64_t truth = int_at(total_cell(exact_months[m]), "values", measure) - own_or_zero(mcell, measure);
          if (!cell_suppressed(mcell)) {
            ++published;
            if (int_at(mcell, "values", measure) == int_at(total_cell(exact_months[m]), "values", measure)) ++published_exact;
          }
          ++trials;
          if (estimate == truth) ++exact_hits;
          worst = std::max(worst, std::abs(estimate - truth));
        }
      }
    }
    REQUIRE(trials >= 12);
    INFO(exact_hits << " exact of " << trials << ", " << published_exact << " of " << published << " published exactly");
    // Each estimate carries up to three independent noises of at most d: it is off by at most
    // 3·d, and far from always right.
    CHECK(worst <= 3 * d);
    CHECK(exact_hits < trials / 2);
    CHECK(published_exact < published);
    // Filter minus no filter: the year's figures without a nationality are the whole minus the
    // filtered report, each with its own noise.
    const auto filtered = report(reporter, "period=2025&nationality=AFG");
    const auto exact_filtered = report(analyst, "period=2025&nationality=AFG");
    for (const char* measure : {"incidents", "migrants"}) {
      const auto whole = totals_of(year, measure), part = totals_of(filtered, measure);
      const auto true_whole = totals_of(exact, measure), true_part = totals_of(exact_filtered, measure);
      CHECK(std::abs((whole - part) - (true_whole - true_part)) <= 2 * d);
    }
  }
}
