#pragma once
/// The contract of the regional report (`vrs.report/1`, docs/reports.md) that the server
/// builds and the client reads: the section names, the period grammar and the document digest.
/// One home, so the two sides cannot drift apart. Thread-safe (no state).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "vrs/common/error.hpp"

namespace vrs::schema::report {

/// The value of the document's `schema` member.
inline constexpr std::string_view kSchema = "vrs.report/1";

/// The section names of a report, in the order the document lists them; also the NAMEs of
/// GET /v1/analyses/{name}.
inline constexpr std::array<std::string_view, 14> kSections = {
    "totals",  "trend_monthly", "trend_quarterly", "routes",   "route_transits", "migrants", "smugglers",
    "smuggler_profiles", "methods", "documents", "harm", "response", "fees", "coverage"};

[[nodiscard]] bool is_section(std::string_view name) noexcept;
/// "totals, trend_monthly, ..., coverage" for messages.
std::string section_list();

// --- calendar days ------------------------------------------------------------------------

/// Days since 1970-01-01 of a proleptic Gregorian date (no range check).
std::int32_t days_from_civil(int year, int month, int day) noexcept;
/// The inverse of days_from_civil.
void civil_from_days(std::int32_t day, int& year, int& month, int& dom) noexcept;
/// "YYYY-MM-DD".
std::string day_text(std::int32_t day);
int days_in_month(int year, int month) noexcept;
/// A valid date "YYYY-MM-DD" (year 1900..9999, the day exists in its month) as days.
std::optional<std::int32_t> parse_day(std::string_view text) noexcept;

// --- periods ------------------------------------------------------------------------------

enum class PeriodKind { Year, Quarter, Month, Range };

/// A report period resolved to days (inclusive) and the period before it of the same length.
/// Periods are whole calendar months (a year, a quarter, a month or a range of months), so no
/// two periods differ by a few days (docs/disclosure.md).
struct Period {
  PeriodKind kind = PeriodKind::Year;
  std::string label;  ///< as requested, e.g. "2025-Q1"
  std::int32_t from = 0;
  std::int32_t to = 0;
  std::int32_t previous_from = 0;
  std::int32_t previous_to = 0;
};

/// The longest range a period may span, in days (10 years).
inline constexpr std::int32_t kMaxRangeDays = 3653;
/// The grammar as shown in messages and help texts.
inline constexpr std::string_view kPeriodGrammar =
    "a year (2025), quarter (2025-Q1), month (2025-03) or range of whole months (2025-01..2025-06)";

/// Parses a period. InvalidArgument naming `period` and the value (cut and made printable)
/// otherwise, e.g. `period: "2025-02-31..2025-03-01" is not a range of two months ...` or
/// `period: "2025-01-10..2025-02-20" does not cover whole months ...`. A range of days is
/// accepted when it runs from the first day of a month to the last day of a month.
Result<Period> parse_period(std::string_view text);

// --- digest -------------------------------------------------------------------------------

/// Lower-case hex SHA-256 of the compact serialisation of `doc` without its `sha256` member
/// (members in the document's order): the digest the server appends as the last member.
std::string digest(const boost::json::object& doc);
/// The document serialised with its digest appended as the last member `sha256`.
std::string seal(const boost::json::object& doc);
/// Ok when the document's `sha256` member matches its content. InvalidArgument when the member
/// is missing; DataLoss "report: sha256 mismatch (...)" when it does not match.
Result<void> check_digest(const boost::json::object& doc);
/// The exact-bytes form of the check on a received body: the server serialises the document,
/// then appends `,"sha256":"<hex>"` before the final brace, so the digest can be checked on
/// those bytes without re-serialising numbers (Boost.JSON 1.81 does not round-trip every
/// double bit for bit). nullopt when the body does not end that way.
std::optional<bool> raw_digest_matches(std::string_view body);

}  // namespace vrs::schema::report
