#pragma once
/// A seeded generator of synthetic `vrs.incident/1` records for demos (Bali Process /
/// Asia–Pacific regional reports), tests and benchmarks. The records are invented: weighted
/// route templates (AFG, IRN, PAK, LKA, MMR, BGD, VNM, CHN, IND, NPL origins; MYS, THA, IDN,
/// SGP, ARE, QAT transits; AUS, NZL, MYS, THA, JPN, KOR destinations) with consistent modes,
/// detection locations, methods, documents, fees, harm and response counts.
///
/// Determinism: the records depend only on the options (and on `today` when `last` is later
/// than it). A small PRNG of our own (splitmix64 seeding xoshiro256**) and integer arithmetic
/// make them byte-identical with every compiler and standard library. Record i depends only on
/// (seed, i, options), so a smaller `count` yields a prefix of a larger one.
///
/// Thread-safety: pure functions; safe from any thread.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "vrs/common/error.hpp"
#include "vrs/schema/model.hpp"

namespace vrs::schema {

struct SyntheticOptions {
  std::uint64_t seed = 1;
  std::size_t count = 1000;  ///< incidents
  /// ISO 3166-1 alpha-3 of the reporting member. Routes through it are preferred (as
  /// destination or transit over origin) and detection.country is this state in ~90% of the
  /// records; the rest are detections abroad on other regional routes. A state on no route
  /// template (e.g. FRA) becomes the destination of the air routes, detected in every record.
  std::string reporting_state = "AUS";
  /// Detection dates are drawn from [first, min(last, today)]; ~10% keep month precision.
  Date first{2024, 1, 1};
  Date last{2025, 12, 31};
  /// Refs are "<ref_prefix>-<seed>-<index from 1, at least 6 digits>": unique per
  /// (seed, ref_prefix). Letters, digits, '-', '_' and '.' only.
  std::string ref_prefix = "GEN";
  /// The "now" that dates are capped to; nullopt = today_utc() at the call.
  std::optional<Date> today;
};

/// `count` records, each of which passes validate(record, today) (today as in the options).
/// Fails with InvalidArgument, naming the option and its value, when `first` or `last` is not
/// a full calendar date from 1900 on, `first` is after `last` or after today,
/// `reporting_state` is not an ISO 3166-1 alpha-3 code, or `ref_prefix` is empty, holds other
/// characters than above, or makes a ref longer than kMaxRefBytes. count == 0 gives an empty
/// vector. Holds every record in memory: use the streaming form for millions.
Result<std::vector<Incident>> generate_incidents(const SyntheticOptions& options);

/// Streaming form for large counts: calls `sink(index, incident)` for index 0..count-1 in
/// order, with the same records as the vector form, and stops early (successfully) as soon as
/// `sink` returns false. The incident reference is valid only during the call. Fails like the
/// vector form, before calling `sink` at all.
Result<void> generate_incidents(const SyntheticOptions& options,
                                const std::function<bool(std::size_t, const Incident&)>& sink);

}  // namespace vrs::schema
