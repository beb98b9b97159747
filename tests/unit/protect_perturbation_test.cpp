// The perturbation table of the cell-key method: bounded, never negative, unbiased, the asked
// variance where a row allows it, and the same noise for the same count and key.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <map>

#include "vrs/protect/perturbation.hpp"

using vrs::protect::CellKey;
using vrs::protect::PerturbationTable;

TEST_CASE("perturbation: each row is a mean-0 distribution that never makes a count negative", "[protect][perturbation]") {
  for (const auto& [d, v] : std::map<std::int64_t, double>{{1, 0.5}, {2, 1.0}, {3, 2.0}, {5, 3.0}}) {
    const auto table = PerturbationTable::make(d, v);
    REQUIRE(table);
    REQUIRE(table->rows().size() == static_cast<std::size_t>(d));
    for (const auto& row : table->rows()) {
      double sum = 0;
      for (std::size_t i = 0; i < row.probability.size(); ++i) {
        const auto noise = static_cast<std::int64_t>(i) - d;
        sum += row.probability[i];
        if (row.count + noise < 0) CHECK(row.probability[i] == 0.0);
      }
      CHECK(sum == Approx(1.0).margin(1e-9));
      CHECK(std::abs(row.mean) < 1e-6);
      CHECK(row.variance <= v + 1e-6);
    }
    // The untruncated row (count ≥ D) has exactly the asked variance.
    CHECK(table->rows().back().variance == Approx(v).margin(1e-6));
  }
}

TEST_CASE("perturbation: noise follows the row, is bounded and is a function of count and key", "[protect][perturbation]") {
  const auto table = PerturbationTable::make(3, 2.0);
  REQUIRE(table);
  for (std::int64_t count : {0, 1, 2, 3, 4, 17, 1000}) {
    std::map<std::int64_t, int> seen;
    const int samples = 1 << 16;
    double mean = 0;
    for (int s = 0; s < samples; ++s) {
      const auto key = static_cast<CellKey>(static_cast<std::uint64_t>(s) * 65536u + 12345u);
      const auto noise = table->noise(count, key);
      CHECK(noise == table->noise(count, key));
      CHECK(noise >= -3);
      CHECK(noise <= 3);
      CHECK(count + noise >= 0);
      if (count == 0) CHECK(noise == 0);
      mean += static_cast<double>(noise);
      ++seen[noise];
    }
    mean /= samples;
    CHECK(std::abs(mean) < 0.01);  // evenly spread keys: the empirical mean is the row's
    if (count >= 3) {
      // Every noise the row allows shows up for some key.
      CHECK(seen.size() == 7);
    }
  }
}

TEST_CASE("perturbation: parameters out of range are refused with the value", "[protect][perturbation]") {
  auto bad = PerturbationTable::make(0, 1.0);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("maximum deviation 0") != std::string::npos);
  bad = PerturbationTable::make(21, 1.0);
  REQUIRE_FALSE(bad);
  bad = PerturbationTable::make(2, 0.0);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message().find("variance") != std::string::npos);
  bad = PerturbationTable::make(2, 4.5);
  REQUIRE_FALSE(bad);
  CHECK(PerturbationTable::make(2, 4.0));
}
