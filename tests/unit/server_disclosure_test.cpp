#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "vrs/protect/linked_system.hpp"
#include "vrs/server/analysis/disclosure.hpp"

using vrs::server::analysis::CellShape;
using vrs::server::analysis::Disclosure;
using vrs::server::analysis::DisclosureRules;
using vrs::server::analysis::LineRelations;
using vrs::server::analysis::Quantity;
using vrs::server::analysis::Relation;

namespace {

// Cells of incidents and migrants; migrants are the persons.
struct Contribution {
  std::int64_t incidents = 0;
  std::int64_t persons = 0;
};

vrs::server::analysis::Contribution counted(Contribution c) {
  vrs::server::analysis::Contribution out;
  out.persons = c.persons;
  out.value[static_cast<std::size_t>(Quantity::Incidents)] = c.incidents;
  out.value[static_cast<std::size_t>(Quantity::Migrants)] = c.persons;
  return out;
}

constexpr CellShape kShape{static_cast<std::uint8_t>(vrs::server::analysis::bit(Quantity::Incidents) |
                                                     vrs::server::analysis::bit(Quantity::Migrants)),
                           vrs::server::analysis::bit(Quantity::Migrants)};
constexpr LineRelations kSum{Relation::Sum, Relation::Sum, Relation::Sum, Relation::Sum};

// A registry of such cells, each published with both quantities, lines adding up exactly.
struct Registry {
  Disclosure d;
  std::vector<std::pair<std::vector<std::size_t>, std::size_t>> lines;
  std::size_t cell(const std::string& key, Contribution total, Contribution own = {}) {
    const auto i = d.cell(key, counted(total), counted(own), kShape);
    d.publish(i, kShape.has);
    return i;
  }
  void line(std::vector<std::size_t> parts, std::size_t total) {
    lines.emplace_back(parts, total);
    d.line(std::move(parts), total, kSum);
  }
};

DisclosureRules rules(std::int64_t k, bool subtract_own = false) {
  DisclosureRules r;
  r.k = k;
  r.min_incidents = 2;
  r.subtract_own = subtract_own;
  return r;
}

// A 2 x 2 table with all margins: rows a, b; columns x, y.
struct Table : Registry {
  std::size_t ax, ay, bx, by, a, b, x, y, total;
  Table(Contribution cax, Contribution cay, Contribution cbx, Contribution cby, Contribution own_ax = {}) {
    auto sum = [](Contribution p, Contribution q) { return Contribution{p.incidents + q.incidents, p.persons + q.persons}; };
    ax = cell("T|c=x|r=a", cax, own_ax);
    ay = cell("T|c=y|r=a", cay);
    bx = cell("T|c=x|r=b", cbx);
    by = cell("T|c=y|r=b", cby);
    a = cell("T|r=a", sum(cax, cay), own_ax);
    b = cell("T|r=b", sum(cbx, cby));
    x = cell("T|c=x", sum(cax, cbx), own_ax);
    y = cell("T|c=y", sum(cay, cby));
    total = cell("T", sum(sum(cax, cay), sum(cbx, cby)), own_ax);
    line({ax, ay}, a);
    line({bx, by}, b);
    line({ax, bx}, x);
    line({ay, by}, y);
    line({a, b}, total);
    line({x, y}, total);
  }
  [[nodiscard]] std::size_t suppressed_in(std::vector<std::size_t> line) const {
    std::size_t n = 0;
    for (auto c : line) n += d.suppressed(c) ? 1 : 0;
    return n;
  }
  void check_lines() const {
    for (const auto& line : std::vector<std::vector<std::size_t>>{{ax, ay, a}, {bx, by, b}, {ax, bx, x}, {ay, by, y}, {a, b, total}, {x, y, total}}) {
      const auto n = suppressed_in(line);
      CHECK((n == 0 || n >= 2));
    }
  }
};

}  // namespace

TEST_CASE("primary suppression: fewer than k persons or fewer than 2 incidents") {
  Registry r;
  auto& d = r.d;
  const auto small = r.cell("A|v=1", {2, 4});
  const auto single = r.cell("A|v=2", {1, 50});
  const auto safe = r.cell("A|v=3", {2, 5});
  const auto empty = r.cell("A|v=4", {0, 0});
  CHECK(d.run(rules(5)) == 2);
  CHECK(d.suppressed(small));
  CHECK(d.suppressed(single));
  CHECK_FALSE(d.suppressed(safe));
  CHECK_FALSE(d.suppressed(empty));
}

TEST_CASE("a cell of 4 under k 5 is suppressed with its complement and no total reveals it") {
  Table t({2, 4}, {3, 20}, {4, 30}, {5, 40});
  t.d.run(rules(5));
  CHECK(t.d.suppressed(t.ax));
  // Its row and column each hold a second suppressed cell; the totals stay published.
  CHECK(t.suppressed_in({t.ax, t.ay, t.a}) >= 2);
  CHECK(t.suppressed_in({t.ax, t.bx, t.x}) >= 2);
  CHECK_FALSE(t.d.suppressed(t.total));
  t.check_lines();
  // The smallest parts protect it, not the totals.
  CHECK(t.d.suppressed(t.ay));
  CHECK(t.d.suppressed(t.bx));
  CHECK(t.d.suppressed(t.by));
  CHECK_FALSE(t.d.suppressed(t.a));
  CHECK_FALSE(t.d.suppressed(t.x));
}

TEST_CASE("with k 3 the analyst sees the cell of 4 from 2 incidents") {
  Table t({2, 4}, {3, 20}, {4, 30}, {5, 40});
  CHECK(t.d.run(rules(3)) == 0);
}

TEST_CASE("a reporter's own contribution is subtracted and its own cells stay visible") {
  SECTION("a cell only the viewer contributes to is its own data") {
    Table t({2, 4}, {3, 20}, {4, 30}, {5, 40}, /*own_ax=*/{2, 4});
    t.d.run(rules(5, true));
    CHECK_FALSE(t.d.suppressed(t.ax));
    t.check_lines();
  }
  SECTION("others adding one incident to the viewer's cell are protected") {
    Table t({3, 24}, {3, 20}, {4, 30}, {5, 40}, /*own_ax=*/{2, 20});
    t.d.run(rules(5, true));
    CHECK(t.d.suppressed(t.ax));  // 24 - 20 = 4 persons in 1 incident from others
    t.check_lines();
  }
}

TEST_CASE("a total is suppressed when no other part can protect the cell") {
  Registry r;
  auto& d = r.d;
  const auto only = r.cell("A|v=1", {1, 3});
  const auto total = r.cell("A", {1, 3});
  const auto parent = r.cell("B", {10, 100});
  const auto sibling = r.cell("B|w=2", {9, 97});
  r.line({only}, total);
  r.line({total, sibling}, parent);
  d.run(rules(5));
  CHECK(d.suppressed(only));
  CHECK(d.suppressed(total));
  CHECK(d.suppressed(sibling));  // else parent - sibling = total
  CHECK_FALSE(d.suppressed(parent));
}

TEST_CASE("a cell shared by two sections carries its suppression into both") {
  Registry r;
  auto& d = r.d;
  // Section 1: rows r1, r2 of total T. Section 2: the same r1 with a different breakdown.
  const auto r1 = r.cell("S|role=r1", {1, 2});
  const auto r2 = r.cell("S|role=r2", {10, 50});
  const auto t = r.cell("S", {11, 52});
  CHECK(r.cell("S|role=r1", {1, 2}) == r1);  // same key, same cell
  const auto n1 = r.cell("S|nationality=AAA|role=r1", {1, 2});
  r.line({r1, r2}, t);
  r.line({n1}, r1);
  d.run(rules(5));
  CHECK(d.suppressed(r1));
  CHECK(d.suppressed(n1));
  CHECK(d.suppressed(r2));
  CHECK(d.find("S|role=r1") == r1);
  CHECK(d.find("S|role=zz") == Disclosure::npos);
}

namespace {

// The attacker's problem solved from the test side: each quantity's system built from the
// registry's lines with what run() left published, and every primary cell's interval checked
// against the protection level (k persons wide, 2 incidents wide).
struct Audit {
  std::int64_t narrowest_persons = INT64_MAX;
  std::int64_t narrowest_incidents = INT64_MAX;
};

Audit audit(const Registry& r, const std::vector<std::pair<std::size_t, Contribution>>& primary,
            const std::vector<Contribution>& values) {
  Audit out;
  for (int q = 0; q < 2; ++q) {
    vrs::protect::LinkedSystem s;
    for (std::size_t i = 0; i < values.size(); ++i) {
      s.add_cell();
      if (r.d.suppressed(i)) {
        s.set_hidden(i, q == 0 ? 1 : 0);
      } else {
        s.set_known(i, q == 0 ? values[i].incidents : values[i].persons);
      }
    }
    for (const auto& [parts, total] : r.lines) s.add_sum(parts, total);
    for (const auto& [cell, truth] : primary) {
      const auto interval = s.interval(cell).value();
      CHECK(interval.low <= (q == 0 ? truth.incidents : truth.persons));
      if (q == 0) out.narrowest_incidents = std::min(out.narrowest_incidents, interval.width());
      if (q == 1) out.narrowest_persons = std::min(out.narrowest_persons, interval.width());
    }
  }
  return out;
}

}  // namespace

TEST_CASE("a cycle of lines with two suppressed cells each is broken open by the attacker's problem") {
  // p + q = T1, q + r = T2, r + p = T3: the line rule is satisfied with p, q, r suppressed,
  // yet the three equations pin p. The solver must find that and hide more.
  Registry r;
  std::vector<Contribution> v = {{1, 3}, {6, 40}, {7, 50}, {7, 43}, {13, 90}, {8, 53}};
  const auto p = r.cell("C|a=p", v[0]);
  const auto q = r.cell("C|a=q", v[1]);
  const auto rr = r.cell("C|a=r", v[2]);
  const auto t1 = r.cell("C|t=1", v[3]);
  const auto t2 = r.cell("C|t=2", v[4]);
  const auto t3 = r.cell("C|t=3", v[5]);
  r.line({p, q}, t1);
  r.line({q, rr}, t2);
  r.line({rr, p}, t3);
  r.d.run(rules(5));
  CHECK(r.d.suppressed(p));
  CHECK(r.d.stats().primary == 1);
  CHECK(r.d.stats().secondary >= 3);  // q, r and at least one total
  CHECK(r.d.stats().problems > 0);
  const auto a = audit(r, {{p, v[0]}}, v);
  CHECK(a.narrowest_persons >= 5);
  CHECK(a.narrowest_incidents >= 2);
}

TEST_CASE("one small month beside large ones keeps the year total published") {
  // A year of 148 incidents: one month holds a single incident. A larger month protects it,
  // never the total of the year or of the quarter.
  Registry r;
  std::vector<Contribution> v = {{1, 2}, {50, 400}, {97, 900}, {148, 1302}, {148, 1302}};
  const auto jan = r.cell("I|month=2025-01", v[0]);
  const auto feb = r.cell("I|month=2025-02", v[1]);
  const auto mar = r.cell("I|month=2025-03", v[2]);
  const auto q1 = r.cell("I|quarter=2025-Q1", v[3]);
  const auto year = r.cell("I", v[4]);
  r.line({jan, feb, mar}, year);
  r.line({jan, feb, mar}, q1);
  r.line({q1}, year);
  r.d.run(rules(5));
  CHECK(r.d.suppressed(jan));
  CHECK(r.d.suppressed(feb));  // the smaller complement
  CHECK_FALSE(r.d.suppressed(mar));
  CHECK_FALSE(r.d.suppressed(year));
  CHECK_FALSE(r.d.suppressed(q1));
  const auto a = audit(r, {{jan, v[0]}}, v);
  CHECK(a.narrowest_persons >= 5);
  CHECK(a.narrowest_incidents >= 2);
}

TEST_CASE("a reporter who owns all but one incident of a line cannot read that one back") {
  // Row total 12 incidents / 60 persons, the viewer owns 11 / 57 of them in two cells; one
  // incident of 3 persons from another state sits in the third cell.
  Registry r;
  const auto mine1 = r.cell("R|c=1", {6, 30}, {6, 30});
  const auto mine2 = r.cell("R|c=2", {5, 27}, {5, 27});
  const auto theirs = r.cell("R|c=3", {1, 3});
  const auto row = r.cell("R", {12, 60}, {11, 57});
  r.line({mine1, mine2, theirs}, row);
  r.d.run(rules(5, true));
  CHECK(r.d.suppressed(theirs));
  CHECK(r.d.suppressed(row));  // the only other cell with others' data in the line
  CHECK_FALSE(r.d.suppressed(mine1));
  CHECK_FALSE(r.d.suppressed(mine2));
}

TEST_CASE("each primary cell of a larger table is protected after run") {
  // 4 × 5 table of varied small and large cells with every margin.
  const std::int64_t inc[4][5] = {{1, 9, 2, 14, 1}, {20, 1, 8, 3, 11}, {2, 2, 30, 1, 6}, {12, 7, 1, 25, 4}};
  const std::int64_t per[4][5] = {{2, 60, 3, 90, 4}, {150, 2, 40, 4, 70}, {3, 9, 200, 1, 35}, {80, 45, 2, 160, 20}};
  Registry r;
  std::vector<Contribution> v;
  std::size_t id[5][6];
  for (int i = 0; i <= 4; ++i) {
    for (int j = 0; j <= 5; ++j) {
      Contribution c;
      for (int a = 0; a < 4; ++a)
        for (int b = 0; b < 5; ++b)
          if ((i == 4 || i == a) && (j == 5 || j == b)) {
            c.incidents += inc[a][b];
            c.persons += per[a][b];
          }
      id[i][j] = r.cell("G|i=" + std::to_string(i) + "|j=" + std::to_string(j), c);
      v.push_back(c);
    }
  }
  for (int i = 0; i <= 4; ++i) r.line({id[i][0], id[i][1], id[i][2], id[i][3], id[i][4]}, id[i][5]);
  for (int j = 0; j <= 5; ++j) r.line({id[0][j], id[1][j], id[2][j], id[3][j]}, id[4][j]);
  r.d.run(rules(5));
  std::vector<std::pair<std::size_t, Contribution>> primary;
  for (std::size_t c = 0; c < v.size(); ++c)
    if (v[c].persons < 5 || v[c].incidents < 2) primary.emplace_back(c, v[c]);
  REQUIRE(primary.size() == r.d.stats().primary);
  const auto a = audit(r, primary, v);
  CHECK(a.narrowest_persons >= 5);
  CHECK(a.narrowest_incidents >= 2);
  CHECK_FALSE(r.d.suppressed(id[4][5]));  // the grand total stays
}

TEST_CASE("complements that later ones made unnecessary are given back, and every primary cell stays protected") {
  // Random 5 × 6 tables with all margins, many small cells: the suppression adds complements
  // one at a time, and then gives back those no longer needed. An independent attacker's
  // problem over the final pattern checks that giving back never exposed a primary cell.
  std::mt19937 rng(4242);
  std::size_t given_back = 0, secondary = 0;
  for (int table = 0; table < 12; ++table) {
    constexpr int R = 5, C = 6;
    std::int64_t inc[R][C], per[R][C];
    for (int a = 0; a < R; ++a) {
      for (int b = 0; b < C; ++b) {
        const bool small = rng() % 100 < 30;
        inc[a][b] = small ? 1 + static_cast<std::int64_t>(rng() % 2) : 2 + static_cast<std::int64_t>(rng() % 20);
        per[a][b] = small ? 1 + static_cast<std::int64_t>(rng() % 4) : inc[a][b] * (1 + static_cast<std::int64_t>(rng() % 9));
      }
    }
    Registry r;
    std::vector<Contribution> v;
    std::size_t id[R + 1][C + 1];
    for (int i = 0; i <= R; ++i) {
      for (int j = 0; j <= C; ++j) {
        Contribution c;
        for (int a = 0; a < R; ++a)
          for (int b = 0; b < C; ++b)
            if ((i == R || i == a) && (j == C || j == b)) {
              c.incidents += inc[a][b];
              c.persons += per[a][b];
            }
        id[i][j] = r.cell("G|i=" + std::to_string(i) + "|j=" + std::to_string(j), c);
        v.push_back(c);
      }
    }
    for (int i = 0; i <= R; ++i) {
      std::vector<std::size_t> parts;
      for (int j = 0; j < C; ++j) parts.push_back(id[i][j]);
      r.line(parts, id[i][C]);
    }
    for (int j = 0; j <= C; ++j) {
      std::vector<std::size_t> parts;
      for (int i = 0; i < R; ++i) parts.push_back(id[i][j]);
      r.line(parts, id[R][j]);
    }
    INFO("table " << table);
    // Without giving back, as the reference: nothing given back, never fewer cells hidden.
    auto none = rules(5);
    none.give_back_effort = 0;
    r.d.run(none);
    CHECK(r.d.stats().pruned == 0);
    const auto without = r.d.stats().secondary;
    auto more = rules(5);
    more.give_back_effort = 8;
    r.d.run(more);
    CHECK(r.d.stats().secondary + r.d.stats().pruned == without);
    std::vector<std::pair<std::size_t, Contribution>> primary;
    for (std::size_t c = 0; c < v.size(); ++c)
      if (v[c].persons < 5 || v[c].incidents < 2) primary.emplace_back(c, v[c]);
    REQUIRE(primary.size() == r.d.stats().primary);
    CHECK(r.d.stats().unverified == 0);
    const auto a = audit(r, primary, v);
    CHECK(a.narrowest_persons >= 5);
    CHECK(a.narrowest_incidents >= 2);
    given_back += r.d.stats().pruned;
    secondary += r.d.stats().secondary;
  }
  CHECK(given_back > 0);
  CHECK(secondary > 0);
}
