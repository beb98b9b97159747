#include "analysis/aggregate.hpp"

#include <algorithm>

#include "analysis/labels.hpp"
#include "vrs/schema/report/contract.hpp"
#include "vrs/schema/enums.hpp"

namespace vrs::server::analysis {
namespace {

bool passes_filters(const Selection& s, const FactStore& store, const Fact& f) {
  if (s.route_country != kNoCode || s.mode >= 0) {
    bool country = s.route_country == kNoCode, mode = s.mode < 0;
    for (auto i = f.legs.begin; i < f.legs.end; ++i) {
      const Leg& l = store.legs()[i];
      country = country || l.country == s.route_country;
      mode = mode || l.mode == s.mode;
    }
    if (!country || !mode) return false;
  }
  if (s.nationality != kNoCode) {
    bool found = false;
    for (auto i = f.migrant_rows.begin; i < f.migrant_rows.end && !found; ++i) {
      found = store.migrant_rows()[i].nationality == s.nationality;
    }
    if (!found) return false;
  }
  return true;
}

Values incident_values(const Fact& f) {
  Values v{};
  v[kMigrants] = f.migrants;
  v[kSmugglers] = f.smugglers;
  v[kDeaths] = f.deaths;
  v[kMissing] = f.missing;
  v[kInjured] = f.injured;
  v[kUnaccompanied] = f.unaccompanied;
  v[kInvestigations] = f.investigations;
  v[kArrests] = f.arrests;
  v[kProsecutions] = f.prosecutions;
  v[kConvictions] = f.convictions;
  return v;
}

}  // namespace

void quarters_inside(std::int32_t from, std::int32_t to, std::int32_t& first, std::int32_t& last) {
  int y = 0, m = 0, d = 0;
  schema::report::civil_from_days(from, y, m, d);
  first = y * 4 + (m - 1) / 3;
  if (!(d == 1 && (m - 1) % 3 == 0)) ++first;  // starts inside a quarter: that one is partial
  schema::report::civil_from_days(to + 1, y, m, d);
  last = y * 4 + (m - 1) / 3 - 1;  // the quarter of the day after the end is never whole
}

void aggregate(const Selection& s, Cubes& c, FeeTable& fees, Coverage& coverage) {
  const FactStore& store = s.in.facts;
  const auto& states = s.in.request.states;
  const auto& period = s.in.request.period;
  std::vector<Code> region;
  for (const auto& st : states) region.push_back(pack_code(st));
  std::sort(region.begin(), region.end());
  const std::size_t months = static_cast<std::size_t>(s.last_month - s.first_month + 1);
  coverage.reported.assign(store.members().size(), std::vector<bool>(months, false));

  const auto& facts = store.facts();
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const Fact& f = facts[i];
    if (!f.alive) continue;
    const bool current = f.day >= period.from && f.day <= period.to;
    const bool previous = f.day >= period.previous_from && f.day <= period.previous_to;
    if (!current && !previous) continue;
    if (!region.empty() && !std::binary_search(region.begin(), region.end(), f.state)) continue;
    const bool own = static_cast<std::int64_t>(f.member) == s.viewer;
    if (s.own_only && !own) continue;
    if (current && f.member < coverage.reported.size()) {
      coverage.reported[f.member][static_cast<std::size_t>(f.month - s.first_month)] = true;
    }
    if (!passes_filters(s, store, f)) continue;
    const auto stamp = static_cast<std::uint32_t>(i + 1);
    const Values iv = incident_values(f);
    const std::int64_t persons = static_cast<std::int64_t>(f.migrants) + f.smugglers;
    const std::uint16_t quarter = static_cast<std::uint16_t>(f.month / 3);
    if (previous) {
      c.prev_months.add({static_cast<std::uint16_t>(f.month)}, iv, persons, stamp, f.key, own);
      if (quarter >= s.prev_first_quarter && quarter <= s.prev_last_quarter) {
        c.prev_quarters.add({quarter}, iv, persons, stamp, f.key, own);
      }
      continue;
    }
    c.months.add({static_cast<std::uint16_t>(f.month)}, iv, persons, stamp, f.key, own);
    if (quarter >= s.first_quarter && quarter <= s.last_quarter) c.quarters.add({quarter}, iv, persons, stamp, f.key, own);

    // Route: origin, destination, one mode (or mixed/unknown), transit countries.
    Code origin = pack_code("XXX"), destination = pack_code("XXX");
    unsigned modes = 0;
    for (auto l = f.legs.begin; l < f.legs.end; ++l) {
      const Leg& leg = store.legs()[l];
      if (leg.role == static_cast<std::uint8_t>(schema::RouteRole::Origin)) origin = leg.country;
      if (leg.role == static_cast<std::uint8_t>(schema::RouteRole::Destination)) destination = leg.country;
      if (leg.mode != static_cast<std::uint8_t>(schema::TransportMode::Unknown)) modes |= 1u << leg.mode;
    }
    std::uint16_t mode = static_cast<std::uint16_t>(schema::TransportMode::Unknown);
    if (modes != 0) mode = (modes & (modes - 1)) != 0 ? kModeMixed : static_cast<std::uint16_t>(__builtin_ctz(modes));
    c.routes.add({origin, destination, mode}, iv, persons, stamp, f.key, own);
    const std::uint64_t star = kStar;
    c.transits.add_at(star, iv, persons, stamp, f.key, own);
    for (auto l = f.legs.begin; l < f.legs.end; ++l) {
      const Leg& leg = store.legs()[l];
      if (leg.role == static_cast<std::uint8_t>(schema::RouteRole::Transit)) c.transits.add_at(leg.country, iv, persons, stamp, f.key, own);
    }
    auto bits = [&](Cube& cube, unsigned mask, unsigned count) {
      cube.add_at(star, iv, persons, stamp, f.key, own);
      for (unsigned b = 0; b < count; ++b)
        if (mask & (1u << b)) cube.add_at(b, iv, persons, stamp, f.key, own);
    };
    bits(c.methods, f.methods, static_cast<unsigned>(schema::EnumTable<schema::Method>::names.size()));
    bits(c.abuse, f.abuse, static_cast<unsigned>(schema::EnumTable<schema::Abuse>::names.size()));
    bits(c.conduct, f.conduct, static_cast<unsigned>(schema::EnumTable<schema::Conduct>::names.size()));

    for (auto g = f.migrant_rows.begin; g < f.migrant_rows.end; ++g) {
      const MigrantRow& r = store.migrant_rows()[g];
      Values v{};
      v[kMigrants] = r.count;
      v[kUnaccompanied] = r.unaccompanied;
      c.migrants.add({r.nationality, r.sex, r.age}, v, r.count, stamp, f.key, own);
    }
    for (auto g = f.smuggler_rows.begin; g < f.smuggler_rows.end; ++g) {
      const SmugglerRow& r = store.smuggler_rows()[g];
      Values v{};
      v[kSmugglers] = r.count;
      c.smugglers.add({r.nationality, r.role}, v, r.count, stamp, f.key, own);
      c.profiles.add({r.role, r.sex, r.age}, v, r.count, stamp, f.key, own);
    }
    for (auto g = f.document_rows.begin; g < f.document_rows.end; ++g) {
      const DocumentRow& r = store.document_rows()[g];
      Values v{};
      v[kDocuments] = r.count;
      c.documents.add({r.type, r.fraud, r.issuer}, v, r.count, stamp, f.key, own);
    }
    for (auto g = f.fee_rows.begin; g < f.fee_rows.end; ++g) {
      const FeeRow& r = store.fee_rows()[g];
      FeeObservation o;
      o.value = static_cast<double>(r.amount_minor) / 100.0;
      if (r.per == static_cast<std::uint8_t>(schema::FeeBasis::Group)) {
        if (f.migrants == 0) continue;  // a group fee needs the group's size to be per person
        o.value /= static_cast<double>(f.migrants);
      }
      const double rate = usd_rate(s.in.fx, unpack_code(r.currency), f.month);
      o.has_usd = rate > 0;
      o.usd = o.value * rate;
      o.incident = stamp;
      o.key = f.key;
      o.persons = f.migrants;
      o.own = own;
      fees.add(origin, destination, r.currency, o);
    }
  }
}

}  // namespace vrs::server::analysis
