#pragma once
/// Code lists of `vrs.incident/1`: ISO 3166-1 alpha-3 countries and ISO 4217 currencies from
/// Debian's iso-codes JSON files (embedded at build time, never retyped), plus the four ICAO
/// Doc 9303 special nationality codes.
///
/// Which codes each field accepts (decisions written down here; docs/csv-format.md lists them):
///  - nationality (migrants, smugglers): alpha-3, or XXA (stateless), XXB (refugee, 1951
///    Convention), XXC (other refugee), XXX (unspecified/unknown);
///  - route origin / destination: alpha-3 or XXX (not established); transit legs: alpha-3;
///  - detection.country: alpha-3 only (the detecting state always knows where it is);
///  - document issuer: alpha-3 or XXX (counterfeits often leave the claimed issuer unclear);
///  - currency: any ISO 4217 code except XXX ("no currency") and XTS ("testing").
///
/// Thread-safety: every function is safe to call from any thread; the tables are built once,
/// on first use, by a thread-safe static initialisation. Codes are case-sensitive (upper case).

#include <optional>
#include <string_view>

namespace vrs::schema {

/// ICAO 9303 "unknown / unspecified" code; also our marker for a route end not established.
inline constexpr std::string_view kUnknownCode = "XXX";

/// True for an ISO 3166-1 alpha-3 code (e.g. "AFG"); false for XXA/XXB/XXC/XXX.
bool is_country_alpha3(std::string_view code);
/// The ISO 3166-1 short name ("Afghanistan"), or nullopt for anything else.
std::optional<std::string_view> country_name(std::string_view code);

/// True for XXA, XXB, XXC, XXX.
bool is_icao_special_nationality(std::string_view code) noexcept;
/// True for an alpha-3 country or an ICAO special code.
bool is_nationality(std::string_view code);
/// Country name, or "Stateless person" / "Refugee (1951 Convention)" / "Refugee (other)" /
/// "Unknown" for the ICAO codes; nullopt otherwise.
std::optional<std::string_view> nationality_name(std::string_view code);

/// True for an alpha-3 country or XXX (route origin/destination, document issuer).
bool is_country_or_unknown(std::string_view code);

/// True for an ISO 4217 alphabetic code usable for a fee (not XXX, not XTS).
bool is_currency(std::string_view code);
/// The ISO 4217 name ("Afghani"), or nullopt.
std::optional<std::string_view> currency_name(std::string_view code);

/// Number of entries loaded (for tests and diagnostics).
std::size_t country_count();
std::size_t currency_count();

}  // namespace vrs::schema
