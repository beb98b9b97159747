#include "vrs/protect/perturbation.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace vrs::protect {
namespace {

// The distribution p(v) ∝ exp(a·v + b·v²) over v = low..high, with its mean and variance.
struct Shape {
  std::vector<double> p;
  double mean = 0, variance = 0;
};

Shape shape(std::int64_t low, std::int64_t high, double a, double b) {
  Shape s;
  // Subtract the largest exponent before exp() so nothing overflows.
  double top = -INFINITY;
  for (auto v = low; v <= high; ++v) top = std::max(top, a * static_cast<double>(v) + b * static_cast<double>(v * v));
  double sum = 0;
  for (auto v = low; v <= high; ++v) {
    const double w = std::exp(a * static_cast<double>(v) + b * static_cast<double>(v * v) - top);
    s.p.push_back(w);
    sum += w;
  }
  for (auto& w : s.p) w /= sum;
  for (std::size_t i = 0; i < s.p.size(); ++i) s.mean += s.p[i] * static_cast<double>(low + static_cast<std::int64_t>(i));
  for (std::size_t i = 0; i < s.p.size(); ++i) {
    const double d = static_cast<double>(low + static_cast<std::int64_t>(i)) - s.mean;
    s.variance += s.p[i] * d * d;
  }
  return s;
}

// For a given b, the a that makes the mean 0 (the mean grows with a).
double centre(std::int64_t low, std::int64_t high, double b) {
  double lo = -60, hi = 60;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    (shape(low, high, mid, b).mean < 0 ? lo : hi) = mid;
  }
  return (lo + hi) / 2;
}

// The mean-0 row over low..high whose variance is closest to `variance` (it grows with b).
Shape solve_row(std::int64_t low, std::int64_t high, double variance) {
  double lo = -30, hi = 30;
  for (int i = 0; i < 100; ++i) {
    const double mid = (lo + hi) / 2;
    (shape(low, high, centre(low, high, mid), mid).variance < variance ? lo : hi) = mid;
  }
  const double b = (lo + hi) / 2;
  return shape(low, high, centre(low, high, b), b);
}

}  // namespace

Result<PerturbationTable> PerturbationTable::make(std::int64_t max_deviation, double variance) {
  if (max_deviation < 1 || max_deviation > 20) {
    return fail(ErrorCode::InvalidArgument,
                "perturbation: maximum deviation " + std::to_string(max_deviation) + " is not in 1..20");
  }
  const double d = static_cast<double>(max_deviation);
  if (!(variance > 0) || variance > d * d) {
    return fail(ErrorCode::InvalidArgument, "perturbation: variance " + std::to_string(variance) +
                                                " is not in (0, " + std::to_string(max_deviation * max_deviation) + "]");
  }
  PerturbationTable t;
  t.d_ = max_deviation;
  t.v_ = variance;
  for (std::int64_t count = 1; count <= max_deviation; ++count) {
    const std::int64_t low = std::max(-max_deviation, -count);
    const Shape s = solve_row(low, max_deviation, variance);
    PerturbationRow row;
    row.count = count;
    row.probability.assign(static_cast<std::size_t>(2 * max_deviation + 1), 0.0);
    for (std::size_t i = 0; i < s.p.size(); ++i) {
      row.probability[static_cast<std::size_t>(low + max_deviation) + i] = s.p[i];
    }
    row.mean = s.mean;
    row.variance = s.variance;
    // Cumulative thresholds on the 2^32 key range; the last is 2^32 so every key maps.
    std::vector<std::uint64_t> bounds;
    double cumulative = 0;
    for (std::size_t i = 0; i < row.probability.size(); ++i) {
      cumulative += row.probability[i];
      const double scaled = std::round(cumulative * 4294967296.0);
      bounds.push_back(i + 1 == row.probability.size() ? (1ULL << 32)
                                                       : static_cast<std::uint64_t>(std::min(scaled, 4294967296.0)));
    }
    t.rows_.push_back(std::move(row));
    t.thresholds_.push_back(std::move(bounds));
  }
  return t;
}

std::int64_t PerturbationTable::noise(std::int64_t count, CellKey key) const noexcept {
  if (count <= 0 || rows_.empty()) return 0;
  const auto row = static_cast<std::size_t>(std::min(count, d_) - 1);
  const auto& bounds = thresholds_[row];
  const auto at = std::upper_bound(bounds.begin(), bounds.end(), static_cast<std::uint64_t>(key));
  return static_cast<std::int64_t>(at - bounds.begin()) - d_;
}

}  // namespace vrs::protect
