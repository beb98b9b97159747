#pragma once
/// CSV import of incidents, one row per incident (format: docs/csv-format.md).
///
/// Columns (header row required; names case-insensitive, surrounding spaces ignored; any
/// order; optional columns may be left out):
///   required: ref, date, conduct, detection_country, detection_location, route
///   optional: case_key, migrants, smugglers, methods, documents, fees, harm_deaths,
///             harm_missing, harm_injured, harm_abuse, response_investigations,
///             response_arrests, response_prosecutions, response_convictions, sharing,
///             status, base_version, notes
/// Lists are `;`-separated; groups are `:`-separated tuples:
///   route      country:role[:mode]
///   migrants   nationality:sex:age:count[:unaccompanied_children[:document_status]]
///   smugglers  nationality:sex:age:role:count
///   documents  type:fraud:issuer:count
///   fees       amount:currency:per:covers[:payment]    (amount like 1500 or 1500.50)
/// Cells are trimmed of spaces (except notes); empty cells mean "absent" (the JSON default);
/// empty list items are ignored; codes and enum values are case-insensitive (stored upper /
/// lower case).
///
/// Every data row becomes one RecordResult: either the incident (decoded and validated with
/// the same validate() as JSON) or all its errors, each reported with the row's 1-based
/// starting line, e.g. `line 17: migrants[0].count: "0" must be at least 1`. A bad row never
/// stops the others; the caller decides all-or-nothing (count_invalid() > 0 → reject) or
/// skip-invalid.
///
/// The whole call fails only for problems of the file as such: over the CSV limits (see
/// csv_reader.hpp: 64 MiB, 64 KiB per cell, 64 columns, 100,000 rows), no header, a malformed
/// header, unknown / duplicate / missing required columns (all reported in one Error).
///
/// Thread-safety: pure function. Never throws.

#include <span>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/csv_reader.hpp"
#include "vrs/schema/field_error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

/// Every column name the importer knows, in the documented order.
std::span<const std::string_view> csv_columns() noexcept;
/// The columns a header must contain.
std::span<const std::string_view> csv_required_columns() noexcept;

/// Imports `text` and validates each row against `today`.
Result<std::vector<RecordResult>> import_csv(std::string_view text, const Date& today,
                                             const CsvLimits& limits = {});

}  // namespace vrs::schema
