#include "vrs/schema/validate.hpp"

#include <string>
#include <tuple>
#include <vector>

#include "detail/decimal.hpp"
#include "detail/text.hpp"
#include "vrs/schema/codes.hpp"

namespace vrs::schema {
namespace {

using detail::quote;

enum class CodeKind { Country, CountryOrUnknown, Nationality };

std::string at(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

class Checker {
 public:
  explicit Checker(FieldErrors& out) : out_(out) {}

  void add(std::string path, std::string value, std::string message) {
    out_.push_back({std::move(path), std::move(value), std::move(message)});
  }

  void code(const std::string& path, const std::string& value, CodeKind kind) {
    const std::string q = quote(value);
    switch (kind) {
      case CodeKind::Nationality:
        if (!is_nationality(value)) add(path, q, q + " is not an ISO 3166-1 alpha-3 code");
        return;
      case CodeKind::Country:
        if (is_country_alpha3(value)) return;
        if (value == kUnknownCode)
          add(path, q, q + " (unknown) is not allowed here: an ISO 3166-1 alpha-3 code is required");
        else if (is_icao_special_nationality(value))
          add(path, q, q + " is an ICAO nationality code, not a country: an ISO 3166-1 alpha-3 code is required");
        else
          add(path, q, q + " is not an ISO 3166-1 alpha-3 code");
        return;
      case CodeKind::CountryOrUnknown:
        if (is_country_or_unknown(value)) return;
        if (is_icao_special_nationality(value))
          add(path, q, q + " is an ICAO nationality code, not a country: an ISO 3166-1 alpha-3 code or XXX (unknown) is required");
        else
          add(path, q, q + " is not an ISO 3166-1 alpha-3 code");
        return;
    }
  }

  void count(const std::string& path, std::int64_t value, std::int64_t min) {
    const std::string v = std::to_string(value);
    if (value < min)
      add(path, v, v + " must be at least " + std::to_string(min));
    else if (value > kMaxCount)
      add(path, v, v + " must be at most " + std::to_string(kMaxCount));
  }

  void list_size(const std::string& path, std::size_t size, std::size_t max, const char* what) {
    if (size > max)
      add(path, std::to_string(size),
          std::to_string(size) + " " + what + ", at most " + std::to_string(max) + " are allowed");
  }

  /// A list of groups: more than `max` items is one error (counted in `what`) and nothing
  /// else is checked; otherwise `check(path, item)` runs for each, path being "<list>[i]".
  template <typename T, typename Check>
  void each(const char* list, const std::vector<T>& items, std::size_t max, const char* what, Check check) {
    if (items.size() > max) {
      list_size(list, items.size(), max, what);
      return;
    }
    for (std::size_t i = 0; i < items.size(); ++i) check(at(list, i), items[i]);
  }

 private:
  FieldErrors& out_;
};

void check_ref(Checker& c, const std::string& ref) {
  const std::string q = quote(ref);
  if (ref.empty()) {
    c.add("ref", q, "must not be empty");
  } else if (ref.size() > kMaxRefBytes) {
    c.add("ref", q, q + " is " + std::to_string(ref.size()) + " bytes long, at most " +
                        std::to_string(kMaxRefBytes) + " are allowed");
  } else if (!detail::is_valid_utf8(ref)) {
    c.add("ref", q, q + " is not valid UTF-8");
  } else if (detail::has_control_chars(ref)) {
    c.add("ref", q, q + " contains a control character");
  } else if (detail::trim(ref).size() != ref.size()) {
    c.add("ref", q, q + " has leading or trailing whitespace");
  }
}

void check_case_key(Checker& c, const std::optional<std::string>& key) {
  if (!key) return;
  const std::string q = quote(*key);
  for (char ch : *key) {
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
      c.add("case_key", q, q + " is not lower-case hex");
      return;
    }
  }
  if (key->size() < kMinCaseKeyHex || key->size() > kMaxCaseKeyHex || key->size() % 2 != 0)
    c.add("case_key", q,
          q + " must be an even number of " + std::to_string(kMinCaseKeyHex) + " to " +
              std::to_string(kMaxCaseKeyHex) + " hex digits");
}

void check_date(Checker& c, const Date& date, const Date& today) {
  const std::string q = quote(to_string(date));
  if (!is_calendar_date(date)) {
    c.add("date", q, q + " is not a calendar date");
    return;
  }
  if (date.year < kMinYear) {
    c.add("date", q, q + " is before " + std::to_string(kMinYear));
    return;
  }
  const auto key = [](const Date& d) { return std::tuple(d.year, d.month, d.day.value_or(0)); };
  Date cmp_today = today;
  if (!date.day) cmp_today.day.reset();  // month precision: compare months only
  if (key(date) > key(cmp_today))
    c.add("date", q, q + " is after today (" + to_string(today) + ")");
}

void check_route(Checker& c, const std::vector<RouteLeg>& route) {
  if (route.size() > kMaxRouteLegs) {
    c.list_size("route", route.size(), kMaxRouteLegs, "legs");
    return;
  }
  std::size_t origins = 0;
  std::size_t destinations = 0;
  for (const auto& leg : route) {
    if (leg.role == RouteRole::Origin) ++origins;
    if (leg.role == RouteRole::Destination) ++destinations;
  }
  if (origins != 1)
    c.add("route", "", std::to_string(origins) + " origin legs, exactly one is required");
  if (destinations != 1)
    c.add("route", "", std::to_string(destinations) + " destination legs, exactly one is required");
  for (std::size_t i = 0; i < route.size(); ++i) {
    const auto& leg = route[i];
    const std::string role = quote(to_string(leg.role));
    if (origins == 1 && leg.role == RouteRole::Origin && i != 0)
      c.add(at("route", i) + ".role", role, role + " must be the first leg");
    if (destinations == 1 && leg.role == RouteRole::Destination && i + 1 != route.size())
      c.add(at("route", i) + ".role", role, role + " must be the last leg");
    c.code(at("route", i) + ".country", leg.country,
           leg.role == RouteRole::Transit ? CodeKind::Country : CodeKind::CountryOrUnknown);
  }
}

void check_migrant(Checker& c, const std::string& p, const MigrantGroup& g) {
  c.code(p + ".nationality", g.nationality, CodeKind::Nationality);
  c.count(p + ".count", g.count, 1);
  const std::string u = std::to_string(g.unaccompanied_children);
  if (g.unaccompanied_children < 0) {
    c.add(p + ".unaccompanied_children", u, u + " must be at least 0");
  } else if (g.unaccompanied_children > 0) {
    if (g.unaccompanied_children > g.count)
      c.add(p + ".unaccompanied_children", u,
            u + " is more than the group's count (" + std::to_string(g.count) + ")");
    if (g.age != MigrantAge::Child)
      c.add(p + ".unaccompanied_children", u,
            u + " requires age \"child\" (the group's age is \"" +
                std::string(to_string(g.age)) + "\")");
  }
}

void check_fee(Checker& c, const std::string& p, const Fee& f) {
  const std::string amount = detail::format_minor(f.amount_minor);
  if (f.amount_minor <= 0)
    c.add(p + ".amount", amount, amount + " must be greater than 0");
  else if (f.amount_minor > kMaxFeeMinor)
    c.add(p + ".amount", amount,
          amount + " must be at most " + detail::format_minor(kMaxFeeMinor));
  if (!is_currency(f.currency)) {
    const std::string q = quote(f.currency);
    c.add(p + ".currency", q, q + " is not an ISO 4217 currency code");
  }
}

void check_notes(Checker& c, const std::string& notes) {
  if (notes.size() > kMaxNotesBytes)
    c.add("notes", "",
          std::to_string(notes.size()) + " bytes, at most " + std::to_string(kMaxNotesBytes) +
              " are allowed");
  else if (!detail::is_valid_utf8(notes))
    c.add("notes", "", "not valid UTF-8");
}

}  // namespace

FieldErrors validate(const Incident& incident, const Date& today) {
  FieldErrors errors;
  Checker c(errors);
  check_ref(c, incident.ref);
  check_case_key(c, incident.case_key);
  check_date(c, incident.date, today);
  if (incident.conduct.empty()) c.add("conduct", "[]", "at least one conduct is required");
  c.code("detection.country", incident.detection.country, CodeKind::Country);
  check_route(c, incident.route);
  c.each("migrants", incident.migrants, kMaxMigrantGroups, "groups",
         [&](const std::string& p, const MigrantGroup& g) { check_migrant(c, p, g); });
  c.each("smugglers", incident.smugglers, kMaxSmugglerGroups, "groups",
         [&](const std::string& p, const SmugglerGroup& g) {
           c.code(p + ".nationality", g.nationality, CodeKind::Nationality);
           c.count(p + ".count", g.count, 1);
         });
  c.each("documents", incident.documents, kMaxDocumentGroups, "groups",
         [&](const std::string& p, const DocumentGroup& d) {
           c.code(p + ".issuer", d.issuer, CodeKind::CountryOrUnknown);
           c.count(p + ".count", d.count, 1);
         });
  c.each("fees", incident.fees, kMaxFees, "fees", [&](const std::string& p, const Fee& f) { check_fee(c, p, f); });
  c.count("harm.deaths", incident.harm.deaths, 0);
  c.count("harm.missing", incident.harm.missing, 0);
  c.count("harm.injured", incident.harm.injured, 0);
  c.count("response.investigations", incident.response.investigations, 0);
  c.count("response.arrests", incident.response.arrests, 0);
  c.count("response.prosecutions", incident.response.prosecutions, 0);
  c.count("response.convictions", incident.response.convictions, 0);
  if (incident.base_version && *incident.base_version == 0)
    c.add("base_version", "0", "0 must be at least 1");
  check_notes(c, incident.notes);
  return errors;
}

}  // namespace vrs::schema
