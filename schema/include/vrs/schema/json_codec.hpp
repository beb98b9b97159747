#pragma once
/// JSON codec of `vrs.incident/1` records (Boost.JSON), and the canonical encoding that
/// signatures cover.
///
/// JSON shape (docs/envelope.md shows a record): required `ref`, `date`, `conduct`, `detection`
/// {`country`, `location`}, `route` [{`country`, `role`, `mode`?}]; optional with defaults:
/// `case_key` (absent), `migrants` [] ({`nationality`, `count` required; `sex`, `age`,
/// `document_status` default "unknown", `unaccompanied_children` 0}), `smugglers` []
/// ({`nationality`, `role`, `count` required; `sex`, `age` default "unknown"}), `methods` [],
/// `documents` [] (all four fields required), `fees` [] ({`amount`, `currency`, `per`,
/// `covers` required; `payment` default "unknown"}), `harm` and `response` (every member
/// default 0 / []), `sharing` "aggregate_only", `status` "active", `base_version` (absent),
/// `notes` "". Route `mode` defaults to "unknown".
///
/// Decoding is strict: unknown fields, duplicate keys, wrong types, unknown enum values and
/// repeated set members are errors naming the path; all of them are collected, not just the
/// first. Decoding checks structure only: call validate() for the rules (codes, ranges, dates).
///
/// Encoding (to_json / encode_canonical) always writes every field except absent optionals
/// (`case_key`, `base_version`, empty `notes`); sets are written in enumerator order; the fee
/// amount as an integer when whole (1500) else as the exact decimal (1500.5). Hence
/// decode(encode(x)) == x and encode(decode(encode(x))) == encode(x) for every x that
/// decoding produced.
///
/// Thread-safety: pure functions. Never throws: memory exhaustion becomes an error value.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>
#include <tl/expected.hpp>

#include "vrs/common/error.hpp"
#include "vrs/schema/field_error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

struct JsonLimits {
  std::size_t max_record_bytes = std::size_t{1} << 20;  ///< one record: 1 MiB
  std::size_t max_file_bytes = std::size_t{64} << 20;   ///< a file of records: 64 MiB
  std::size_t max_records = 100'000;                    ///< records per file
  std::size_t max_depth = 8;  ///< nesting of arrays/objects (a record needs 3, a file 5)
};

using DecodeResult = tl::expected<Incident, FieldErrors>;

/// Parses and decodes one incident object. The size limit is checked before parsing and the
/// depth limit while parsing; a JSON syntax error is one FieldError with an empty path.
DecodeResult decode_incident(std::string_view json_text, const JsonLimits& limits = {});
/// Decodes an already parsed value (e.g. one element of a submission batch).
DecodeResult decode_incident_value(const boost::json::value& value);

/// Parses a file of records: a single incident object, a JSON array of incidents, or
/// `{"schema": "vrs.incident/1", "records": [...]}`; then decodes and validates each record
/// against `today`. Returns one RecordResult per record (index = position, 0-based).
/// Fails (InvalidArgument / ResourceExhausted) only when the file as a whole is unusable:
/// too large, not JSON, wrong top-level shape, wrong schema id, too many records.
Result<std::vector<RecordResult>> decode_incident_file(std::string_view text, const Date& today,
                                                       const JsonLimits& limits = {});

/// The record as a JSON value (see the encoding rules above).
boost::json::value to_json(const Incident& incident);
/// canonical_json(to_json(incident)): the bytes a signature covers.
std::string encode_canonical(const Incident& incident);

}  // namespace vrs::schema
