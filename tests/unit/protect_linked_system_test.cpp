// The attacker's problem on small tables whose answers can be worked out by hand.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <vector>

#include "vrs/protect/linked_system.hpp"

using vrs::protect::Interval;
using vrs::protect::LinkedSystem;

namespace {

// A rows × columns table with row totals, column totals and a grand total, all known.
struct Table {
  LinkedSystem system;
  std::vector<std::vector<std::size_t>> cell;  // [row][column]; last row/column are totals
  Table(const std::vector<std::vector<std::int64_t>>& inner) {
    const std::size_t rows = inner.size(), cols = inner[0].size();
    cell.assign(rows + 1, std::vector<std::size_t>(cols + 1));
    std::vector<std::int64_t> row_sum(rows, 0), col_sum(cols, 0);
    std::int64_t grand = 0;
    for (std::size_t r = 0; r <= rows; ++r)
      for (std::size_t c = 0; c <= cols; ++c) cell[r][c] = system.add_cell();
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        system.set_known(cell[r][c], inner[r][c]);
        row_sum[r] += inner[r][c];
        col_sum[c] += inner[r][c];
        grand += inner[r][c];
      }
    }
    for (std::size_t r = 0; r < rows; ++r) system.set_known(cell[r][cols], row_sum[r]);
    for (std::size_t c = 0; c < cols; ++c) system.set_known(cell[rows][c], col_sum[c]);
    system.set_known(cell[rows][cols], grand);
    for (std::size_t r = 0; r <= rows; ++r) {
      std::vector<std::size_t> parts(cell[r].begin(), cell[r].end() - 1);
      system.add_sum(parts, cell[r][cols]);
    }
    for (std::size_t c = 0; c <= cols; ++c) {
      std::vector<std::size_t> parts;
      for (std::size_t r = 0; r < rows; ++r) parts.push_back(cell[r][c]);
      system.add_sum(parts, cell[rows][c]);
    }
  }
  Interval of(std::size_t r, std::size_t c) { return system.interval(cell[r][c]).value(); }
};

}  // namespace

TEST_CASE("linked system: one hidden cell in a line is pinned", "[protect]") {
  Table t({{3, 10}, {20, 30}});
  t.system.set_hidden(t.cell[0][0]);
  const auto i = t.of(0, 0);
  CHECK(i.low == 3);
  CHECK(i.high == 3);
}

TEST_CASE("linked system: a chain of lines with two hidden cells each still pins a cell", "[protect]") {
  // Hidden (0,0), (0,1), (1,1): row 0 has two hidden, column 0 has one → (0,0) is pinned, and
  // through it the others: the "no line with exactly one hidden cell" rule is not enough.
  Table t({{3, 10, 7}, {20, 30, 5}});
  t.system.set_hidden(t.cell[0][0]);
  t.system.set_hidden(t.cell[0][1]);
  t.system.set_hidden(t.cell[1][1]);
  CHECK(t.of(0, 0).width() == 0);
  CHECK(t.of(0, 1).low == 10);
  CHECK(t.of(1, 1).high == 30);
}

TEST_CASE("linked system: a rectangle of four hidden cells leaves an interval", "[protect]") {
  Table t({{3, 10, 7}, {20, 30, 5}});
  for (std::size_t r : {0u, 1u})
    for (std::size_t c : {0u, 1u}) t.system.set_hidden(t.cell[r][c]);
  // (0,0) + (0,1) = 13 and (0,0) + (1,0) = 23: (0,0) ranges over [0, 13].
  const auto i = t.of(0, 0);
  CHECK(i.low == 0);
  CHECK(i.high == 13);
  CHECK(i.width() == 13);
  // A known lower bound (the cell is listed, so someone contributed) narrows it.
  t.system.set_hidden(t.cell[0][0], 1);
  CHECK(t.of(0, 0).low == 1);
}

TEST_CASE("linked system: a hidden total with nothing known around it is unbounded", "[protect]") {
  Table t({{3, 10}, {20, 30}});
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t c = 0; c < 3; ++c) t.system.set_hidden(t.cell[r][c]);
  const auto i = t.of(2, 2);
  CHECK(i.unbounded);
  CHECK(i.low == 0);
  CHECK(t.system.frontier(t.cell[2][2]).empty());
}

TEST_CASE("linked system: at-most relations bound parts by their total", "[protect]") {
  LinkedSystem s;
  const auto total = s.add_cell(), a = s.add_cell(), b = s.add_cell();
  s.set_known(total, 12);
  s.set_known(a, 9);
  s.add_at_most({a, b}, total);
  auto i = s.interval(b).value();
  CHECK(i.low == 0);
  CHECK(i.high == 12);  // parts may overlap: b is not 12 − 9
  // A hidden total is at least its largest known part.
  s.set_hidden(total);
  s.set_known(b, 4);
  i = s.interval(total).value();
  CHECK(i.low == 9);
  CHECK(i.unbounded);
}

TEST_CASE("linked system: frontier names the known cells whose hiding could help", "[protect]") {
  Table t({{3, 10}, {20, 30}});
  t.system.set_hidden(t.cell[0][0]);
  t.system.set_hidden(t.cell[0][1]);
  auto f = t.system.frontier(t.cell[0][0]);
  // Row 0's total and both column lines' other members and totals.
  CHECK(std::find(f.begin(), f.end(), t.cell[0][2]) != f.end());
  CHECK(std::find(f.begin(), f.end(), t.cell[1][0]) != f.end());
  CHECK(std::find(f.begin(), f.end(), t.cell[2][1]) != f.end());
  CHECK(std::find(f.begin(), f.end(), t.cell[1][2]) == f.end());  // not linked to a hidden cell
  CHECK(t.system.frontier(t.cell[1][1]).empty());                  // a known cell has none
}

TEST_CASE("linked system: contradictory known values and unknown cells are errors", "[protect]") {
  LinkedSystem s;
  const auto total = s.add_cell(), a = s.add_cell(), b = s.add_cell();
  s.set_known(total, 5);
  s.set_known(a, 9);
  s.add_sum({a, b}, total);  // b = −4 < 0: impossible
  auto r = s.interval(b);
  REQUIRE_FALSE(r);
  CHECK(r.error().code() == vrs::ErrorCode::FailedPrecondition);
  CHECK_FALSE(s.interval(99));
}

TEST_CASE("linked system: figures seen within noise bounds widen what can be derived", "[protect]") {
  // Hidden (0,0) = 3 in a 2 × 2 table with totals: exact figures pin it.
  Table t({{3, 10}, {20, 30}});
  t.system.set_hidden(t.cell[0][0]);
  CHECK(t.of(0, 0).width() == 0);
  // Every other figure seen only within ±2: the cell is somewhere in an interval around 3.
  const std::vector<std::vector<std::int64_t>> truth = {{3, 10, 13}, {20, 30, 50}, {23, 40, 63}};
  for (std::size_t r = 0; r < 3; ++r)
    for (std::size_t c = 0; c < 3; ++c)
      if (r + c > 0) t.system.set_between(t.cell[r][c], truth[r][c] - 2, truth[r][c] + 2);
  const auto i = t.of(0, 0);
  CHECK(i.low <= 3);
  CHECK(i.high >= 3);
  CHECK(i.width() >= 4);
  // One line made exact again (row 0's other cell and total): pinned again.
  t.system.set_known(t.cell[0][1], 10);
  t.system.set_known(t.cell[0][2], 13);
  CHECK(t.of(0, 0).width() == 0);
}

namespace {

// A random table with row, column and grand totals, each cell known or hidden (with a lower
// bound of 0 or 1), kept in step with a LinkedSystem that has seen every change.
struct RandomTable {
  std::size_t rows = 0, cols = 0;
  std::vector<std::int64_t> value;  // (rows + 1) × (cols + 1), totals last
  std::vector<std::optional<std::int64_t>> hidden_lower;  // nullopt: known

  std::size_t at(std::size_t r, std::size_t c) const { return r * (cols + 1) + c; }

  RandomTable(std::mt19937& rng, std::size_t r, std::size_t c) : rows(r), cols(c) {
    value.assign((rows + 1) * (cols + 1), 0);
    for (std::size_t i = 0; i < rows; ++i) {
      for (std::size_t j = 0; j < cols; ++j) {
        const auto v = static_cast<std::int64_t>(rng() % 10);
        value[at(i, j)] = v;
        value[at(i, cols)] += v;
        value[at(rows, j)] += v;
        value[at(rows, cols)] += v;
      }
    }
    hidden_lower.assign(value.size(), std::nullopt);
  }

  void relate(LinkedSystem& s) const {
    for (std::size_t i = 0; i <= rows; ++i) {
      std::vector<std::size_t> parts;
      for (std::size_t j = 0; j < cols; ++j) parts.push_back(at(i, j));
      s.add_sum(parts, at(i, cols));
    }
    for (std::size_t j = 0; j <= cols; ++j) {
      std::vector<std::size_t> parts;
      for (std::size_t i = 0; i < rows; ++i) parts.push_back(at(i, j));
      s.add_sum(parts, at(rows, j));
    }
  }

  void apply(LinkedSystem& s, std::size_t cell) const {
    if (hidden_lower[cell]) {
      s.set_hidden(cell, *hidden_lower[cell]);
    } else {
      s.set_known(cell, value[cell]);
    }
  }

  LinkedSystem fresh() const {
    LinkedSystem s;
    for (std::size_t i = 0; i < value.size(); ++i) s.add_cell();
    relate(s);
    for (std::size_t i = 0; i < value.size(); ++i) apply(s, i);
    return s;
  }
};

}  // namespace

TEST_CASE("linked system: kept bounds and estimates agree with a system built afresh after any change", "[protect]") {
  // The kept bounds (and the estimates made from them after a cell is published) are what
  // disclosure control trusts while it gives complements back: a wrong one would publish a
  // cell the attacker can narrow. Every answer of a system that has seen a long sequence of
  // changes is compared with the exact answer of a system built afresh in the same state.
  std::mt19937 rng(20261205);
  std::size_t compared = 0, estimated = 0;
  for (int table = 0; table < 40; ++table) {
    RandomTable t(rng, 3 + rng() % 3, 3 + rng() % 3);
    LinkedSystem kept = t.fresh();
    for (std::size_t i = 0; i < t.value.size(); ++i) {
      if (rng() % 100 < 45) {
        t.hidden_lower[i] = (t.value[i] > 0 && rng() % 2 == 0) ? 1 : 0;
        t.apply(kept, i);
      }
    }
    const auto compare_all = [&] {
      LinkedSystem truth = t.fresh();
      for (std::size_t i = 0; i < t.value.size(); ++i) {
        if (!t.hidden_lower[i]) continue;
        INFO("table " << table << " cell " << i);
        const auto inner = kept.inner(i);
        const auto low = kept.least_at_least(i);
        const auto exact = truth.interval(i);
        REQUIRE(inner);
        REQUIRE(low);
        REQUIRE(exact);
        // An estimate lies inside the true interval; the proven least is at most the true one.
        CHECK(inner->low >= exact->low);
        if (!exact->unbounded) CHECK((!inner->unbounded && inner->high <= exact->high));
        CHECK(*low <= exact->low);
        if (inner->low != exact->low || inner->high != exact->high) ++estimated;
        const auto solved = kept.interval(i);
        REQUIRE(solved);
        CHECK(solved->low == exact->low);
        CHECK(solved->unbounded == exact->unbounded);
        if (!exact->unbounded) CHECK(solved->high == exact->high);
        CHECK(*kept.least(i) == exact->low);
        ++compared;
      }
    };
    compare_all();
    for (int step = 0; step < 25; ++step) {
      const auto cell = rng() % t.value.size();
      if (t.hidden_lower[cell] && rng() % 2 == 0) {
        // A trial: publish a hidden cell, ask, hide it again as it was, ask again.
        const auto lower = t.hidden_lower[cell];
        t.hidden_lower[cell].reset();
        t.apply(kept, cell);
        compare_all();
        t.hidden_lower[cell] = lower;
        t.apply(kept, cell);
      } else if (t.hidden_lower[cell]) {
        t.hidden_lower[cell].reset();
        t.apply(kept, cell);
      } else {
        t.hidden_lower[cell] = (t.value[cell] > 0 && rng() % 2 == 0) ? 1 : 0;
        t.apply(kept, cell);
      }
      compare_all();
    }
  }
  CHECK(compared > 5000);
  CHECK(estimated > 0);  // the estimates were exercised, not only exact kept bounds
}
