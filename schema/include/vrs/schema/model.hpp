#pragma once
/// The incident record `vrs.incident/1` (docs/csv-format.md) as plain values. A
/// default-constructed Incident is not valid (empty ref, route, conduct): fill it, then call
/// validate().
///
/// Counts are std::int64_t so that out-of-range input survives decoding and validate() can
/// name it; validate() enforces the ranges. Fee amounts are exact minor units (1/100 of the
/// currency unit, e.g. cents). Sets are std::set, ordered by enumerator value.
/// Equality compares every field (used by the round-trip invariants).

#include <compare>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/schema/enums.hpp"

namespace vrs::schema {

/// The schema id carried by files and envelopes of these records.
inline constexpr std::string_view kIncidentSchema = "vrs.incident/1";

/// A date with the precision the source had: day is absent for `YYYY-MM`.
struct Date {
  int year = 0;
  int month = 0;
  std::optional<int> day;
  friend bool operator==(const Date&, const Date&) = default;
};

/// `YYYY-MM-DD` or `YYYY-MM` (zero-padded; years outside 0..9999 print as many digits as
/// they have). Does not check the calendar.
std::string to_string(const Date& date);
/// Parses exactly `YYYY-MM-DD` or `YYYY-MM` (digits only; range checks are validate()'s job,
/// except that month and day must be two digits). nullopt on any other shape.
std::optional<Date> parse_date(std::string_view text) noexcept;
/// True if year/month(/day) is a real Gregorian calendar date (year 1..9999).
bool is_calendar_date(const Date& date) noexcept;
/// Today's date in UTC (full precision).
Date today_utc();

struct Detection {
  std::string country;  ///< ISO 3166-1 alpha-3
  DetectionLocation location = DetectionLocation::Other;
  friend bool operator==(const Detection&, const Detection&) = default;
};

struct RouteLeg {
  std::string country;  ///< alpha-3; origin/destination may be XXX
  RouteRole role = RouteRole::Transit;
  TransportMode mode = TransportMode::Unknown;
  friend bool operator==(const RouteLeg&, const RouteLeg&) = default;
};

struct MigrantGroup {
  std::string nationality;  ///< alpha-3 or XXA/XXB/XXC/XXX
  Sex sex = Sex::Unknown;
  MigrantAge age = MigrantAge::Unknown;
  std::int64_t count = 1;
  std::int64_t unaccompanied_children = 0;  ///< only with age == child, ≤ count
  DocumentStatus document_status = DocumentStatus::Unknown;
  friend bool operator==(const MigrantGroup&, const MigrantGroup&) = default;
};

struct SmugglerGroup {
  std::string nationality;  ///< alpha-3 or XXA/XXB/XXC/XXX
  Sex sex = Sex::Unknown;
  SmugglerAge age = SmugglerAge::Unknown;
  SmugglerRole role = SmugglerRole::Other;
  std::int64_t count = 1;
  friend bool operator==(const SmugglerGroup&, const SmugglerGroup&) = default;
};

struct DocumentGroup {
  DocumentType type = DocumentType::Other;
  FraudType fraud = FraudType::Counterfeit;
  std::string issuer;  ///< alpha-3 or XXX
  std::int64_t count = 1;
  friend bool operator==(const DocumentGroup&, const DocumentGroup&) = default;
};

struct Fee {
  std::int64_t amount_minor = 0;  ///< amount × 100, exact; JSON shows 1500 or 1500.5
  std::string currency;           ///< ISO 4217
  FeeBasis per = FeeBasis::Person;
  FeeCoverage covers = FeeCoverage::FullJourney;
  PaymentMethod payment = PaymentMethod::Unknown;
  friend bool operator==(const Fee&, const Fee&) = default;
};

struct Harm {
  std::int64_t deaths = 0;
  std::int64_t missing = 0;
  std::int64_t injured = 0;
  std::set<Abuse> abuse;
  friend bool operator==(const Harm&, const Harm&) = default;
};

struct Response {
  std::int64_t investigations = 0;
  std::int64_t arrests = 0;
  std::int64_t prosecutions = 0;
  std::int64_t convictions = 0;
  friend bool operator==(const Response&, const Response&) = default;
};

struct Incident {
  std::string ref;                      ///< member-local id, 1..64 bytes
  std::optional<std::string> case_key;  ///< lower-case hex keyed hash, 32..128 digits
  Date date;
  std::set<Conduct> conduct;
  Detection detection;
  std::vector<RouteLeg> route;
  std::vector<MigrantGroup> migrants;
  std::vector<SmugglerGroup> smugglers;
  std::set<Method> methods;
  std::vector<DocumentGroup> documents;
  std::vector<Fee> fees;
  Harm harm;
  Response response;
  Sharing sharing = Sharing::AggregateOnly;
  RecordStatus status = RecordStatus::Active;  ///< withdrawn = tombstone version
  std::optional<std::uint64_t> base_version;   ///< the version this one amends (≥ 1)
  std::string notes;                           ///< empty = none; never leaves the member
  friend bool operator==(const Incident&, const Incident&) = default;
};

/// Total persons in `migrants` (saturating at INT64_MAX).
std::int64_t migrant_total(const Incident& incident) noexcept;

}  // namespace vrs::schema
