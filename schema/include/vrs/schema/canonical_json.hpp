#pragma once
/// Canonical JSON: one byte sequence per JSON value, so that a signature over it is stable
/// (used for incident records and, later, for submission envelopes and receipts).
///
/// Rules (close to RFC 8785 / JCS, but keys sort bytewise on UTF-8):
///  - no whitespace; object members sorted by key, bytewise (unsigned) comparison;
///  - strings: `"` and `\` escaped, control characters U+0000..U+001F as \b \t \n \f \r or
///    \u00xx (lower-case hex); everything else, including non-ASCII UTF-8 and DEL, copied
///    byte for byte (the input is assumed to be valid UTF-8, as Boost.JSON's parser
///    guarantees);
///  - integers (int64/uint64) as plain decimal digits; doubles as ECMAScript's
///    Number::toString, like RFC 8785: the shortest digits that read back to the same double,
///    as an integer below 1e21 (1500.0 → 1500, -0.0 → 0, 1e20 → 100000000000000000000), a
///    decimal fraction from 1e-6 (1500.5, 0.000001), otherwise exponent form (1e-7, 1e+21);
///    non-finite doubles (never produced by the parser) as null;
///  - true, false, null.
///
/// Thread-safety: pure functions. Failure modes: only std::bad_alloc.

#include <string>

#include <boost/json/value.hpp>

namespace vrs::schema {

/// The canonical text of `value`.
std::string canonical_json(const boost::json::value& value);

}  // namespace vrs::schema
