#pragma once
/// RFC 4180 CSV tokenizer for untrusted input.
///
/// Accepts: comma separator; fields optionally in double quotes, with `""` for a quote and
/// embedded commas and line breaks; CRLF or LF line ends (mixed is fine); a UTF-8 byte order
/// mark at the start (skipped); no line end after the last record. Inside quoted fields a CRLF
/// is stored as LF, so Windows and Unix exports of the same data give the same cells. Blank
/// lines (a record that is one empty cell) are skipped.
///
/// A malformed record (unterminated quote, text after a closing quote, a quote inside an
/// unquoted field, a cell over the length limit, too many cells) does not stop the reader: the
/// record is returned with `error` set, and reading resumes at the next line. Only the limits
/// on the whole input fail the call.
///
/// Limits (defaults): input 64 MiB, a cell 64 KiB, 64 cells per record, 100,000 records
/// (including the header). The input size is checked before anything is allocated.
///
/// Thread-safety: pure function.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "vrs/common/error.hpp"

namespace vrs::schema {

struct CsvLimits {
  std::size_t max_input_bytes = std::size_t{64} << 20;
  std::size_t max_field_bytes = std::size_t{64} << 10;
  std::size_t max_columns = 64;
  std::size_t max_records = 100'000;
};

struct CsvRecord {
  std::size_t line = 0;             ///< 1-based physical line where the record starts
  std::vector<std::string> fields;  ///< the cells (may be incomplete if error is set)
  std::string error;                ///< non-empty: why the record is malformed
};

/// Splits `text` into records. Fails with ResourceExhausted when the input or the number of
/// records exceeds the limits.
Result<std::vector<CsvRecord>> read_csv(std::string_view text, const CsvLimits& limits = {});

}  // namespace vrs::schema
