// generate_incidents(): determinism, validity of every record, option errors, and that the
// synthetic data looks like the regional picture it is meant to show.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "vrs/schema/codes.hpp"
#include "vrs/schema/json_codec.hpp"
#include "vrs/schema/synthetic.hpp"
#include "vrs/schema/validate.hpp"

using namespace vrs::schema;

namespace {

std::vector<Incident> generate(const SyntheticOptions& options) {
  auto result = generate_incidents(options);
  REQUIRE(result.has_value());
  return std::move(*result);
}

SyntheticOptions options_with(std::uint64_t seed, std::size_t count, std::string state = "AUS") {
  SyntheticOptions o;
  o.seed = seed;
  o.count = count;
  o.reporting_state = std::move(state);
  return o;
}

std::vector<std::string> canonical(const std::vector<Incident>& incidents) {
  std::vector<std::string> out;
  for (const auto& inc : incidents) out.push_back(encode_canonical(inc));
  return out;
}

// `date` lies in [first, last]; a month-precision date only needs its month in range.
bool within(const Date& date, const Date& first, const Date& last) {
  const auto month = [](const Date& d) { return d.year * 12 + d.month; };
  const auto day = [&](const Date& d) { return month(d) * 32 + d.day.value_or(0); };
  if (!date.day) return month(first) <= month(date) && month(date) <= month(last);
  return day(first) <= day(date) && day(date) <= day(last);
}

std::string error_message(const vrs::Result<std::vector<Incident>>& result) {
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().code() == vrs::ErrorCode::InvalidArgument);
  return result.error().message();
}

}  // namespace

TEST_CASE("the same options give byte-identical records", "[schema][synthetic]") {
  const auto a = canonical(generate(options_with(42, 300)));
  const auto b = canonical(generate(options_with(42, 300)));
  CHECK(a == b);
  auto x = generate(options_with(42, 300));
  auto y = generate(options_with(43, 300));
  std::size_t same_content = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    CHECK(x[i].ref != y[i].ref);
    x[i].ref = y[i].ref;
    same_content += x[i] == y[i] ? 1 : 0;
  }
  CHECK(same_content < 5);
}

TEST_CASE("a smaller count gives a prefix of a larger one", "[schema][synthetic]") {
  const auto small = canonical(generate(options_with(7, 50)));
  const auto large = canonical(generate(options_with(7, 500)));
  REQUIRE(large.size() == 500);
  CHECK(std::vector<std::string>(large.begin(), large.begin() + 50) == small);
}

TEST_CASE("records are pinned across platforms", "[schema][synthetic]") {
  // A change here changes every generated data set: only on purpose.
  SyntheticOptions o = options_with(1, 1000);
  o.today = Date{2026, 1, 1};  // after o.last: the clock plays no part
  const auto incidents = generate(o);
  REQUIRE(incidents.size() == 1000);
  CHECK(incidents[0].ref == "GEN-1-000001");
  CHECK(incidents[0].route.front().country == "AFG");
  CHECK(incidents[0].date == Date{2024, 3, 13});
  CHECK(incidents[999].ref == "GEN-1-001000");
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a over all 1000 encodings
  for (const auto& text : canonical(incidents))
    for (unsigned char c : text) hash = (hash ^ c) * 1099511628211ULL;
  INFO("FNV-1a of seed 1, 1000 records: " << hash);
  CHECK(hash == 4523048736861487311ULL);
}

TEST_CASE("every record passes validate", "[schema][synthetic]") {
  const Date today = today_utc();
  const auto [seed, state] = GENERATE(table<std::uint64_t, std::string>(
      {{1, "AUS"}, {2, "IDN"}, {3, "MYS"}, {4, "THA"}, {5, "NZL"}, {6, "LKA"}, {7, "FRA"}}));
  const auto incidents = generate(options_with(seed, 5000, state));
  REQUIRE(incidents.size() == 5000);
  std::size_t invalid = 0;
  std::size_t in_state = 0;
  for (const auto& inc : incidents) {
    const auto errors = validate(inc, today);
    if (!errors.empty() && invalid++ < 3) FAIL_CHECK(inc.ref << ": " << describe(errors.front()));
    if (inc.detection.country == state) ++in_state;
  }
  CHECK(invalid == 0);
  CHECK(in_state >= 4000);  // detection.country is mostly the reporting state
}

TEST_CASE("refs are unique and follow prefix-seed-index", "[schema][synthetic]") {
  SyntheticOptions o = options_with(99, 5000);
  o.ref_prefix = "AUS-ABF";
  const auto incidents = generate(o);
  std::set<std::string> refs;
  for (const auto& inc : incidents) refs.insert(inc.ref);
  CHECK(refs.size() == incidents.size());
  CHECK(incidents.front().ref == "AUS-ABF-99-000001");
  CHECK(incidents.back().ref == "AUS-ABF-99-005000");
}

TEST_CASE("dates lie within first and last and never after today", "[schema][synthetic]") {
  SECTION("a past range") {
    SyntheticOptions o = options_with(5, 5000);
    o.first = {2024, 3, 15};
    o.last = {2024, 9, 10};
    std::size_t month_only = 0;
    for (const auto& inc : generate(o)) {
      CHECK(within(inc.date, o.first, o.last));
      CHECK(is_calendar_date(inc.date));
      month_only += inc.date.day ? 0 : 1;
    }
    CHECK(month_only > 300);  // ~10% month precision
    CHECK(month_only < 800);
  }
  SECTION("a range reaching into the future is cut at today") {
    const Date today{2025, 6, 30};
    SyntheticOptions o = options_with(6, 2000);
    o.first = {2025, 6, 1};
    o.last = {2030, 1, 1};
    o.today = today;
    for (const auto& inc : generate(o)) {
      CHECK(within(inc.date, o.first, today));
      CHECK(validate(inc, today).empty());
    }
  }
  SECTION("a single day") {
    SyntheticOptions o = options_with(8, 100);
    o.first = o.last = {2024, 2, 29};
    for (const auto& inc : generate(o))
      CHECK((inc.date == Date{2024, 2, 29} || inc.date == Date{2024, 2, {}}));
  }
}

TEST_CASE("the streaming form yields the same records and stops early", "[schema][synthetic]") {
  const SyntheticOptions o = options_with(11, 400);
  const auto expected = canonical(generate(o));
  std::vector<std::string> streamed;
  std::size_t next_index = 0;
  auto all = generate_incidents(o, [&](std::size_t index, const Incident& inc) {
    CHECK(index == next_index++);
    streamed.push_back(encode_canonical(inc));
    return true;
  });
  REQUIRE(all.has_value());
  CHECK(streamed == expected);

  std::size_t calls = 0;
  auto stopped = generate_incidents(o, [&](std::size_t index, const Incident&) {
    ++calls;
    return index < 9;  // false on the 10th record
  });
  REQUIRE(stopped.has_value());
  CHECK(calls == 10);
}

TEST_CASE("count 0 gives no records", "[schema][synthetic]") {
  CHECK(generate(options_with(1, 0)).empty());
  std::size_t calls = 0;
  auto r = generate_incidents(options_with(1, 0), [&](std::size_t, const Incident&) {
    ++calls;
    return true;
  });
  CHECK(r.has_value());
  CHECK(calls == 0);
}

TEST_CASE("bad options are InvalidArgument naming the option and value", "[schema][synthetic]") {
  SyntheticOptions o = options_with(1, 10);
  SECTION("first after last") {
    o.first = {2025, 2, 1};
    o.last = {2025, 1, 31};
    CHECK(error_message(generate_incidents(o)) ==
          "first: \"2025-02-01\" is after last (2025-01-31)");
  }
  SECTION("first after today") {
    o.first = {2025, 7, 1};
    o.last = {2025, 8, 1};
    o.today = Date{2025, 6, 30};
    CHECK(error_message(generate_incidents(o)) ==
          "first: \"2025-07-01\" is after today (2025-06-30)");
  }
  SECTION("first or last not a full calendar date") {
    o.first = {2024, 2, 30};
    CHECK(error_message(generate_incidents(o)) ==
          "first: \"2024-02-30\" is not a full calendar date from 1900 on");
    o.first = {2024, 1, 1};
    o.last = {2024, 5, {}};
    CHECK(error_message(generate_incidents(o)) ==
          "last: \"2024-05\" is not a full calendar date from 1900 on");
  }
  SECTION("reporting_state not an ISO3 country") {
    const auto state = GENERATE(as<std::string>{}, "", "aus", "AU", "XXX", "XXA", "ZZZ");
    o.reporting_state = state;
    CHECK(error_message(generate_incidents(o)) ==
          "reporting_state: \"" + state + "\" is not an ISO 3166-1 alpha-3 code");
  }
  SECTION("ref_prefix empty, with bad characters, or too long") {
    o.ref_prefix = "";
    CHECK(error_message(generate_incidents(o)) ==
          "ref_prefix: \"\" must be non-empty letters, digits, '-', '_' or '.'");
    o.ref_prefix = "A B";
    CHECK(error_message(generate_incidents(o)) ==
          "ref_prefix: \"A B\" must be non-empty letters, digits, '-', '_' or '.'");
    o.ref_prefix = std::string(60, 'P');
    CHECK(error_message(generate_incidents(o)).find("makes refs longer than 64 bytes") !=
          std::string::npos);
  }
  SECTION("the streaming form fails the same way without calling the sink") {
    o.reporting_state = "ZZZ";
    bool called = false;
    auto r = generate_incidents(o, [&](std::size_t, const Incident&) { return called = true; });
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().code() == vrs::ErrorCode::InvalidArgument);
    CHECK_FALSE(called);
  }
}

TEST_CASE("the data has the expected regional shape", "[schema][synthetic]") {
  const auto incidents = generate(options_with(2024, 5000));
  std::size_t unknown_origin = 0, multi_nationality = 0, stateless = 0, unknown_nat = 0;
  std::size_t hundreds = 0, big_group = 0, sea_arrivals = 0, air_arrivals = 0, with_fees = 0;
  std::size_t deaths = 0, unaccompanied = 0, aggregate_only = 0, smuggler_groups = 0;
  std::size_t unseaworthy = 0;
  std::set<std::string> currencies;
  for (const auto& inc : incidents) {
    CHECK(inc.notes.empty());
    if (inc.route.front().country == "XXX") ++unknown_origin;
    std::set<std::string> nats;
    for (const auto& g : inc.migrants) {
      nats.insert(g.nationality);
      stateless += g.nationality == "XXA" ? 1 : 0;
      unknown_nat += g.nationality == "XXX" ? 1 : 0;
      big_group += g.count >= 100 ? 1 : 0;
      unaccompanied += g.unaccompanied_children > 0 ? 1 : 0;
    }
    if (nats.size() > 1) ++multi_nationality;
    if (migrant_total(inc) >= 100) ++hundreds;
    // Arrivals detected in the destination: the location matches the mode of the last leg.
    const auto& dest = inc.route.back();
    const auto loc = inc.detection.location;
    if (inc.detection.country == dest.country && dest.mode == TransportMode::Sea) {
      ++sea_arrivals;
      CHECK((loc == DetectionLocation::AtSea || loc == DetectionLocation::Seaport));
      CHECK(inc.methods.count(Method::LandVehicle) + inc.methods.count(Method::OnFoot) == 0);
      unseaworthy += inc.methods.count(Method::UnseaworthyVessel);
    }
    if (inc.detection.country == dest.country && dest.mode == TransportMode::Air) {
      ++air_arrivals;
      CHECK((loc == DetectionLocation::Airport || loc == DetectionLocation::Inland));
      CHECK(inc.methods.count(Method::CommercialFlight) == 1);
      CHECK(inc.methods.count(Method::UnseaworthyVessel) == 0);
    }
    // Documents only with document fraud, issued by a country or XXX.
    if (!inc.documents.empty()) CHECK(inc.conduct.count(Conduct::DocumentFraud) == 1);
    for (const auto& d : inc.documents) CHECK(is_country_or_unknown(d.issuer));
    if (!inc.fees.empty()) ++with_fees;
    for (const auto& f : inc.fees) {
      currencies.insert(f.currency);
      if (f.currency == "IDR" && f.per == FeeBasis::Person) CHECK(f.amount_minor >= 1'000'000'00);
      if (f.currency == "USD" && f.per == FeeBasis::Person) CHECK(f.amount_minor >= 300'00);
    }
    if (inc.harm.deaths > 0) ++deaths;
    if (inc.sharing == Sharing::AggregateOnly) ++aggregate_only;
    smuggler_groups += inc.smugglers.size();
    CHECK(inc.response.convictions <= inc.response.prosecutions);
    CHECK(inc.response.prosecutions <= inc.response.arrests);
  }
  CHECK(unknown_origin > 200);  // ~8%
  CHECK(unknown_origin < 600);
  CHECK(multi_nationality > 500);
  CHECK(stateless > 0);
  CHECK(unknown_nat > 0);
  CHECK(hundreds >= 1);
  CHECK(big_group >= 1);
  CHECK(hundreds < 250);  // rare
  CHECK(sea_arrivals > 1000);
  CHECK(unseaworthy > sea_arrivals / 2);
  CHECK(air_arrivals > 300);
  CHECK(with_fees > 1500);
  CHECK(deaths > 0);
  CHECK(deaths < 150);
  CHECK(unaccompanied > 0);
  CHECK(aggregate_only > 3800);
  CHECK(smuggler_groups > 3000);
  const std::set<std::string> allowed{"AUD", "EUR", "IDR", "MYR", "THB", "USD"};
  for (const auto& c : currencies) CHECK(allowed.count(c) == 1);
  CHECK(currencies.count("USD") + currencies.count("AUD") + currencies.count("IDR") == 3);
}

TEST_CASE("generating 1,000,000 incidents by streaming", "[.bench][schema][synthetic]") {
  const auto start = std::chrono::steady_clock::now();
  std::int64_t persons = 0;
  auto r = generate_incidents(options_with(1, 1'000'000), [&](std::size_t, const Incident& inc) {
    persons += migrant_total(inc);
    return true;
  });
  const auto elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start);
  REQUIRE(r.has_value());
  WARN("1,000,000 incidents (" << persons << " persons) in " << elapsed.count() << " s");
}
