#pragma once
/// Validation of a decoded Incident against the rules of `vrs.incident/1` (docs/csv-format.md).
/// The client runs it before submitting and the server runs the same code on receipt.
///
/// Decisions written down here:
///  - `ref`: 1..64 bytes of valid UTF-8, no control characters, no leading/trailing space.
///  - `case_key`: lower-case hex, even length, 32..128 digits (a 16..64-byte BLAKE2b output).
///  - `date`: a real calendar date (or year-month) from 1900 on, not after `today`; a
///    `YYYY-MM` date is in the future only if its month is after today's month.
///  - `route`: 2..16 legs; exactly one origin (the first leg), exactly one destination (the
///    last leg), transit legs in between. Origin/destination may be XXX; transit may not.
///  - `migrants[].unaccompanied_children`: 0..count, and non-zero only for age "child".
///  - Every list is bounded (constants below) and every count is bounded by kMaxCount, far
///    above real incidents (hundreds of persons, several nationalities) so those always pass.
///  - `notes`: ≤ 2000 bytes of valid UTF-8 (line breaks allowed); its content is never echoed
///    in an error, because notes never leave the member.
///  - Withdrawn records (`status: withdrawn`) are validated like active ones.
///
/// Thread-safety: pure function; safe from any thread.

#include <cstddef>
#include <cstdint>

#include "vrs/schema/field_error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

inline constexpr std::size_t kMaxRefBytes = 64;
inline constexpr std::size_t kMinCaseKeyHex = 32;
inline constexpr std::size_t kMaxCaseKeyHex = 128;
inline constexpr int kMinYear = 1900;
inline constexpr std::size_t kMaxRouteLegs = 16;
inline constexpr std::size_t kMaxMigrantGroups = 1000;
inline constexpr std::size_t kMaxSmugglerGroups = 1000;
inline constexpr std::size_t kMaxDocumentGroups = 1000;
inline constexpr std::size_t kMaxFees = 100;
/// Upper bound of any single count (group size, deaths, arrests, ...).
inline constexpr std::int64_t kMaxCount = 1'000'000;
/// Largest fee amount in minor units (1,000,000,000.00 of the currency).
inline constexpr std::int64_t kMaxFeeMinor = 100'000'000'000;
inline constexpr std::size_t kMaxNotesBytes = 2000;

/// Every problem of `incident`, in field order; empty means valid. `today` must be a full
/// calendar date (the caller's "now", e.g. today_utc(); tests pass a fixed date).
FieldErrors validate(const Incident& incident, const Date& today);

}  // namespace vrs::schema
