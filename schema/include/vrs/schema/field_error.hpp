#pragma once
/// What decoding, importing and validating report: every problem, each naming the field path
/// (`migrants[2].nationality`), the offending value as the input showed it, and a message that
/// already quotes the value (`"XYZ" is not an ISO 3166-1 alpha-3 code`).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

struct FieldError {
  std::string path;     ///< e.g. "migrants[2].nationality"; empty for the record as a whole
  std::string value;    ///< the offending value as text (JSON strings quoted), may be empty
  std::string message;  ///< e.g. "\"XYZ\" is not an ISO 3166-1 alpha-3 code"
  friend bool operator==(const FieldError&, const FieldError&) = default;
};
using FieldErrors = std::vector<FieldError>;

/// `path: message`, or just `message` when the path is empty.
std::string describe(const FieldError& error);

/// One record of a file (JSON) or one data row (CSV) after decoding and validation.
struct RecordResult {
  std::size_t index = 0;  ///< 0-based position among the file's records / data rows
  std::size_t line = 0;   ///< CSV: 1-based physical line where the row starts; JSON: 0
  std::optional<Incident> incident;  ///< set iff errors is empty
  FieldErrors errors;

  [[nodiscard]] bool ok() const noexcept { return errors.empty(); }
};

/// One line per error: `line 17: migrants[0].count: "0" must be at least 1` (CSV) or
/// `record 3: harm.deaths: expected a non-negative integer, got "three"` (JSON; the record
/// index is 0-based, as in the JSON array).
std::vector<std::string> describe(const RecordResult& record);

/// All errors of all records as one InvalidArgument error (at most `max_lines` lines, then
/// "... and N more"), for callers that want all-or-nothing with a Result<>.
Error to_error(const std::vector<RecordResult>& records, std::size_t max_lines = 50);
/// The errors of one record as one InvalidArgument error.
Error to_error(const FieldErrors& errors, std::size_t max_lines = 50);

/// Number of records with errors.
std::size_t count_invalid(const std::vector<RecordResult>& records) noexcept;

}  // namespace vrs::schema
