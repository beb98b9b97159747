#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "vrs/server/analysis/disclosure.hpp"

using vrs::server::analysis::Contribution;
using vrs::server::analysis::Disclosure;
using vrs::server::analysis::DisclosureRules;

namespace {

DisclosureRules rules(std::int64_t k, bool subtract_own = false) {
  DisclosureRules r;
  r.k = k;
  r.min_incidents = 2;
  r.subtract_own = subtract_own;
  return r;
}

// A 2 x 2 table with all margins: rows a, b; columns x, y.
struct Table {
  Disclosure d;
  std::size_t ax, ay, bx, by, a, b, x, y, total;
  Table(Contribution cax, Contribution cay, Contribution cbx, Contribution cby, Contribution own_ax = {}) {
    auto sum = [](Contribution p, Contribution q) { return Contribution{p.incidents + q.incidents, p.persons + q.persons}; };
    ax = d.cell("T|c=x|r=a", cax, own_ax);
    ay = d.cell("T|c=y|r=a", cay, {});
    bx = d.cell("T|c=x|r=b", cbx, {});
    by = d.cell("T|c=y|r=b", cby, {});
    a = d.cell("T|r=a", sum(cax, cay), own_ax);
    b = d.cell("T|r=b", sum(cbx, cby), {});
    x = d.cell("T|c=x", sum(cax, cbx), own_ax);
    y = d.cell("T|c=y", sum(cay, cby), {});
    total = d.cell("T", sum(sum(cax, cay), sum(cbx, cby)), own_ax);
    d.line({ax, ay}, a);
    d.line({bx, by}, b);
    d.line({ax, bx}, x);
    d.line({ay, by}, y);
    d.line({a, b}, total);
    d.line({x, y}, total);
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
  Disclosure d;
  const auto small = d.cell("A|v=1", {2, 4}, {});
  const auto single = d.cell("A|v=2", {1, 50}, {});
  const auto safe = d.cell("A|v=3", {2, 5}, {});
  const auto empty = d.cell("A|v=4", {0, 0}, {});
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
  Disclosure d;
  const auto only = d.cell("A|v=1", {1, 3}, {});
  const auto total = d.cell("A", {1, 3}, {});
  const auto parent = d.cell("B", {10, 100}, {});
  const auto sibling = d.cell("B|w=2", {9, 97}, {});
  d.line({only}, total);
  d.line({total, sibling}, parent);
  d.run(rules(5));
  CHECK(d.suppressed(only));
  CHECK(d.suppressed(total));
  CHECK(d.suppressed(sibling));  // else parent - sibling = total
  CHECK_FALSE(d.suppressed(parent));
}

TEST_CASE("a cell shared by two sections carries its suppression into both") {
  Disclosure d;
  // Section 1: rows r1, r2 of total T. Section 2: the same r1 with a different breakdown.
  const auto r1 = d.cell("S|role=r1", {1, 2}, {});
  const auto r2 = d.cell("S|role=r2", {10, 50}, {});
  const auto t = d.cell("S", {11, 52}, {});
  CHECK(d.cell("S|role=r1", {1, 2}, {}) == r1);  // same key, same cell
  const auto n1 = d.cell("S|nationality=AAA|role=r1", {1, 2}, {});
  d.line({r1, r2}, t);
  d.line({n1}, r1);
  d.run(rules(5));
  CHECK(d.suppressed(r1));
  CHECK(d.suppressed(n1));
  CHECK(d.suppressed(r2));
  CHECK(d.find("S|role=r1") == r1);
  CHECK(d.find("S|role=zz") == Disclosure::npos);
}
