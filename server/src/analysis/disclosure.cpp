#include "vrs/server/analysis/disclosure.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>

#include <spdlog/spdlog.h>

#include "vrs/protect/linked_system.hpp"

namespace vrs::server::analysis {

// The attacker's problem of a report, one linked system per quantity: a cell's value there is
// the others' share; the viewer knows it where the cell is published and not suppressed (and
// knows it is 0 where the others contributed nothing), and otherwise knows only a lower bound
// (a suppressed cell had at least one incident from the others, or it would not be hidden).
class Disclosure::Attacker {
 public:
  explicit Attacker(const Disclosure& d) : d_(d) {
    for (std::size_t q = 0; q < kQuantities; ++q) {
      index_[q].assign(d.cells_.size(), npos);
      for (std::size_t c = 0; c < d.cells_.size(); ++c) {
        if ((d.cells_[c].shape.has & bit(static_cast<Quantity>(q))) == 0) continue;
        index_[q][c] = systems_[q].add_cell();
        back_[q].push_back(c);
        refresh(c, q);
      }
      for (const Line& line : d.lines_) {
        const Relation rel = line.relations[q];
        if (rel == Relation::None) continue;
        std::vector<std::size_t> parts;
        bool complete = index_[q][line.members.back()] != npos;
        for (std::size_t i = 0; i + 1 < line.members.size() && complete; ++i) {
          complete = index_[q][line.members[i]] != npos;
          parts.push_back(index_[q][line.members[i]]);
        }
        if (!complete) continue;
        const auto total = index_[q][line.members.back()];
        if (rel == Relation::Sum) {
          systems_[q].add_sum(parts, total);
        } else {
          systems_[q].add_at_most(parts, total);
        }
      }
    }
  }

  /// After a cell's suppression changed.
  void refresh(std::size_t cell) {
    for (std::size_t q = 0; q < kQuantities; ++q)
      if (index_[q][cell] != npos) refresh(cell, q);
  }

  /// What the viewer can derive about the others' share of `cell` in `q` (nullopt when the
  /// solver could not say).
  std::optional<protect::Interval> interval(std::size_t cell, std::size_t q) {
    auto interval = systems_[q].interval(index_[q][cell]);
    if (!interval) {
      spdlog::warn("disclosure: attacker's problem unsolved ({}); the cell is treated as unprotected",
                   interval.error().message());
      return std::nullopt;
    }
    return *interval;
  }

  /// The least value the viewer can derive (nullopt when the solver could not say).
  std::optional<std::int64_t> least(std::size_t cell, std::size_t q) {
    auto low = systems_[q].least(index_[q][cell]);
    if (!low) return std::nullopt;
    return *low;
  }

  /// Cheap answers from what was solved before (LinkedSystem::inner, least_at_least), or
  /// nullopt.
  std::optional<protect::Interval> inner(std::size_t cell, std::size_t q) {
    auto interval = systems_[q].inner(index_[q][cell]);
    if (!interval) return std::nullopt;
    return *interval;
  }
  std::optional<std::int64_t> least_at_least(std::size_t cell, std::size_t q) {
    auto low = systems_[q].least_at_least(index_[q][cell]);
    if (!low) return std::nullopt;
    return *low;
  }

  /// Linear programs solved so far.
  [[nodiscard]] std::size_t solves() const {
    std::size_t n = 0;
    for (const auto& s : systems_) n += s.solves();
    return n;
  }

  /// Registry cells whose suppression could widen `cell`'s interval in `q`: those sharing a
  /// relation with it when `near`, else all those around the hidden cells linked to it.
  std::vector<std::size_t> frontier(std::size_t cell, std::size_t q, bool near) const {
    std::vector<std::size_t> out;
    const auto s = index_[q][cell];
    for (const auto f : near ? systems_[q].neighbours(s) : systems_[q].frontier(s)) out.push_back(back_[q][f]);
    return out;
  }

  /// Registry cells whose intervals in `q` can change when `cell` is published or hidden: the
  /// hidden cells linked to it.
  std::vector<std::size_t> linked(std::size_t cell, std::size_t q) const {
    std::vector<std::size_t> out;
    if (index_[q][cell] == npos) return out;
    for (const auto c : systems_[q].linked(index_[q][cell])) out.push_back(back_[q][c]);
    return out;
  }

 private:
  void refresh(std::size_t cell, std::size_t q) {
    const Cell& c = d_.cells_[cell];
    const auto s = index_[q][cell];
    if (c.others.incidents() == 0) {
      systems_[q].set_known(s, 0);
    } else if (!c.suppressed && (c.published & bit(static_cast<Quantity>(q))) != 0) {
      systems_[q].set_known(s, c.others.value[q]);
    } else {
      systems_[q].set_hidden(s, c.suppressed && q == static_cast<std::size_t>(Quantity::Incidents) ? 1 : 0);
    }
  }

  const Disclosure& d_;
  std::array<protect::LinkedSystem, kQuantities> systems_;
  std::array<std::vector<std::size_t>, kQuantities> index_;  ///< registry cell → system cell
  std::array<std::vector<std::size_t>, kQuantities> back_;   ///< system cell → registry cell
};

namespace {

// Giving complements back costs about 150 linear programs per cell given back on the demo's
// data (every suppressed cell linked to it is checked again, mostly from what was solved
// before). Its budget is in linear programs, DisclosureRules::give_back_effort times those
// of the suppression plus this, never in time: the answer depends only on the table, never
// on the machine. The most costly complements are tried first, so the budget goes to the
// totals and large cells.
constexpr std::size_t kGiveBackBase = 100;

// The quantity whose width stands for the cell's persons: its first person quantity.
std::size_t person_quantity(const CellShape& shape) {
  for (std::size_t q = 0; q < kQuantities; ++q)
    if ((shape.persons & bit(static_cast<Quantity>(q))) != 0) return q;
  return kQuantities;
}

}  // namespace

std::size_t Disclosure::cell(const std::string& key, const Contribution& total, const Contribution& own, CellShape shape) {
  auto [it, inserted] = index_.try_emplace(key, cells_.size());
  if (inserted) {
    Cell c;
    c.key = key;
    c.total = total;
    c.own = own;
    c.shape = shape;
    cells_.push_back(std::move(c));
  }
  return it->second;
}

void Disclosure::publish(std::size_t cell, std::uint8_t quantities) { cells_.at(cell).published |= quantities; }

void Disclosure::line(std::vector<std::size_t> parts, std::size_t total, LineRelations relations) {
  if (parts.empty()) return;
  ++cells_.at(total).total_of;
  parts.push_back(total);
  lines_.push_back({std::move(parts), relations, true});
}

std::size_t Disclosure::root(std::size_t cell) const {
  while (cells_[cell].twin != npos) cell = cells_[cell].twin;
  return cell;
}

void Disclosure::same(std::size_t a, std::size_t b) {
  const auto ra = root(a), rb = root(b);
  if (ra != rb) cells_.at(ra).twin = rb;
}

std::uint32_t Disclosure::marginality(std::size_t cell) const {
  const auto it = group_total_of_.find(root(cell));
  return it == group_total_of_.end() ? cells_[cell].total_of : it->second;
}

void Disclosure::relation(std::vector<std::size_t> parts, std::size_t total, LineRelations relations) {
  if (parts.empty()) return;
  parts.push_back(total);
  lines_.push_back({std::move(parts), relations, false});
}

std::size_t Disclosure::find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? npos : it->second;
}

bool Disclosure::cheaper(std::size_t candidate, std::size_t best) const {
  const Cell& c = cells_[candidate];
  const Cell& b = cells_[best];
  const auto cm = marginality(candidate), bm = marginality(best);
  if (cm != bm) return cm < bm;
  // A complement that is not small itself needs no protection of its own: it goes before a
  // small one, which would have to be protected in turn.
  const bool c_small = small(c.others), b_small = small(b.others);
  if (c_small != b_small) return b_small;
  if (c.others.persons != b.others.persons) return c.others.persons < b.others.persons;
  if (c.others.incidents() != b.others.incidents()) return c.others.incidents() < b.others.incidents();
  return c.key < b.key;
}

std::vector<std::size_t> Disclosure::close_lines() {
  // A line with exactly one suppressed member would give it away (total minus the other parts,
  // or the sum of the parts). Suppress the member that protects it at the least cost: a part
  // before the total, the least marginal, the smallest contribution from others, ties by key.
  // Cells the others contribute nothing to protect nothing (the viewer knows them), so they are
  // not candidates. Suppression only grows, so this ends.
  std::vector<std::size_t> added;
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& l : lines_) {
      if (!l.rule) continue;
      std::size_t count = 0;
      for (auto m : l.members) count += cells_[m].suppressed ? 1 : 0;
      if (count != 1) continue;
      std::size_t best = npos;
      const std::size_t total = l.members.back();
      for (auto m : l.members) {
        const Cell& c = cells_[m];
        if (c.suppressed || c.others.incidents() == 0) continue;
        if (best == npos || (m != total && best == total) || ((m == total) == (best == total) && cheaper(m, best))) {
          best = m;
        }
      }
      if (best != npos) {
        cells_[best].suppressed = true;
        added.push_back(best);
        changed = true;
      }
    }
  }
  return added;
}

std::size_t Disclosure::run(const DisclosureRules& rules) {
  stats_ = {};
  rules_ = rules;
  group_total_of_.clear();
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (cells_[i].twin == npos) continue;
    auto& m = group_total_of_[root(i)];
    m = std::max({m, cells_[i].total_of, cells_[root(i)].total_of});
  }
  // Primary: the test is on what the viewer cannot subtract (others' contribution).
  std::vector<std::size_t> primary;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    Cell& c = cells_[i];
    c.others = c.total;
    if (rules.subtract_own) {
      c.others.persons -= c.own.persons;
      for (std::size_t q = 0; q < kQuantities; ++q) c.others.value[q] -= c.own.value[q];
    }
    c.primary = c.others.incidents() > 0 && (c.forced || small(c.others));
    c.suppressed = c.primary;
    if (c.primary) primary.push_back(i);
  }
  stats_.by_lines = close_lines().size();

  // Then the attacker's problem. Every suppressed cell must leave the viewer in doubt: a
  // primary cell's interval must be k persons and min_incidents incidents wide; any other
  // suppressed cell's interval must be that wide too, or show by itself that the cell is safe
  // (it cannot hold fewer than k persons or min_incidents incidents), so that nothing small is
  // learnt from a hidden cell either. While a cell fails, suppress the cheapest published cell
  // linked to it; cells suppressed on the way join the queue. Hiding more never narrows an
  // interval, so a cell once settled stays settled, and the queue ends.
  const auto started = std::chrono::steady_clock::now();
  Attacker attacker(*this);
  const auto by_key = [&](std::size_t a, std::size_t b) { return cells_[a].key < cells_[b].key; };
  std::sort(primary.begin(), primary.end(), by_key);
  std::vector<std::size_t> queue = primary, others;
  std::vector<bool> queued(cells_.size(), false);
  for (const auto p : primary) queued[p] = true;
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (cells_[i].suppressed && !queued[i]) others.push_back(i);
  std::sort(others.begin(), others.end(), by_key);
  const auto enqueue = [&](std::size_t c) {
    if (queued[c]) return;
    queued[c] = true;
    queue.push_back(c);
  };
  for (const auto c : others) enqueue(c);

  const auto incidents = static_cast<std::size_t>(Quantity::Incidents);
  // The quantities in which a cell must be wide: incidents, then the persons (the cell's first
  // person quantity alone must be k wide: migrants, for an incident-based cell whose persons
  // are migrants and smugglers; stricter than the two together, and it spares the solver the
  // smugglers of every route, method and transit cell, which no section publishes).
  const auto checked = [&](std::size_t p) {
    return std::array<std::size_t, 2>{incidents, person_quantity(cells_[p].shape)};
  };
  // Whether `p` is too narrow in `q`.
  const auto narrow = [&](std::size_t p, std::size_t q) {
    const std::int64_t required = q == incidents ? rules.min_incidents : rules.k;
    // A cell that cannot be small settles with one linear program. After a cell was given
    // back (below), what was solved before often still answers.
    if (!cells_[p].primary) {
      const auto low = attacker.least_at_least(p, q);
      if (low && *low >= required) return false;
    }
    const auto inner = attacker.inner(p, q);
    if (inner && inner->width() >= required) return false;
    if (!cells_[p].primary) {
      const auto low = attacker.least(p, q);
      if (low && *low >= required) return false;
    }
    const auto interval = attacker.interval(p, q);
    if (!interval) return true;
    const bool wide = interval->width() >= required;
    const bool shown_safe = !cells_[p].primary && interval->low >= required;
    return !wide && !shown_safe;
  };
  // The quantity in which `p` is still too narrow, or kQuantities.
  const auto failing = [&](std::size_t p) {
    for (const auto q : checked(p))
      if (q != kQuantities && narrow(p, q)) return q;
    return kQuantities;
  };
  // The cheapest published cell linked to `p` in quantity `q`. (Trying
  // the cheapest few one by one and keeping the one that widened most hid 2 to 6 % fewer cells
  // on the demo data, at three times the solving time.)
  // Cells in a relation with `p` itself come first: in a large group of hidden cells most of
  // the frontier is far from what pins `p`.
  // A marginal cell next to `p` (a period or row total) is taken only when no less marginal
  // cell further away would do.
  const auto choose = [&](std::size_t p, std::size_t q) {
    std::size_t best = npos;
    for (const bool near : {true, false}) {
      for (const auto c : attacker.frontier(p, q, near)) {
        if (cells_[c].suppressed || cells_[c].others.incidents() == 0) continue;
        if (best == npos || cheaper(c, best)) best = c;
      }
      if (best != npos && marginality(best) <= 1) break;
    }
    return best;
  };
  for (std::size_t next = 0; next < queue.size(); ++next) {
    const auto p = queue[next];
    for (std::size_t round = 0; round <= cells_.size(); ++round) {
      const auto q = failing(p);
      if (q == kQuantities) break;
      const std::size_t best = choose(p, q);
      if (best == npos) {
        ++stats_.unverified;
        break;
      }
      cells_[best].suppressed = true;
      attacker.refresh(best);
      enqueue(best);
      for (const auto c : close_lines()) {
        attacker.refresh(c);
        enqueue(c);
      }
    }
  }
  // The loop above adds one complement at a time, and a later one often protects what an
  // earlier one was added for. Give back the complements that are no longer needed: try each,
  // the most costly first (the totals and large cells a reader wants most), publish it again,
  // and keep it published only if no rule line is left with one suppressed member and every
  // suppressed cell linked to it still passes. Publishing a cell narrows intervals only of the
  // cells linked to it, so checking those is enough.
  std::vector<std::size_t> complements;
  for (std::size_t i = 0; i < cells_.size(); ++i)
    if (cells_[i].suppressed && !cells_[i].primary) complements.push_back(i);
  std::sort(complements.begin(), complements.end(), [&](std::size_t a, std::size_t b) { return cheaper(b, a); });
  std::vector<std::vector<std::size_t>> lines_of(cells_.size());
  for (std::size_t l = 0; l < lines_.size(); ++l)
    if (lines_[l].rule)
      for (const auto m : lines_[l].members) lines_of[m].push_back(l);
  const auto lone_in_line = [&](std::size_t cell) {
    for (const auto l : lines_of[cell]) {
      std::size_t count = 0;
      for (const auto m : lines_[l].members) count += cells_[m].suppressed ? 1 : 0;
      if (count == 1) return true;
    }
    return false;
  };
  const auto effort = static_cast<std::size_t>(std::max<std::int64_t>(rules.give_back_effort, 0));
  const auto budget = effort == 0 ? 0 : effort * attacker.solves() + kGiveBackBase;
  const auto solves_before_prune = attacker.solves();
  for (const auto c : complements) {
    if (effort == 0 || attacker.solves() - solves_before_prune > budget) break;
    if (!cells_[c].suppressed) continue;
    cells_[c].suppressed = false;
    bool keep = !lone_in_line(c);
    if (keep) {
      attacker.refresh(c);
      for (std::size_t q = 0; q < kQuantities && keep; ++q) {
        for (const auto h : attacker.linked(c, q)) {
          if (h == c || !cells_[h].suppressed) continue;
          const auto qs = checked(h);
          if (std::find(qs.begin(), qs.end(), q) != qs.end() && narrow(h, q)) {
            keep = false;
            break;
          }
        }
      }
    }
    if (keep) {
      ++stats_.pruned;
    } else {
      cells_[c].suppressed = true;
      attacker.refresh(c);
    }
  }
  stats_.problems = attacker.solves();
  stats_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  stats_.primary = primary.size();
  const auto suppressed =
      static_cast<std::size_t>(std::count_if(cells_.begin(), cells_.end(), [](const Cell& c) { return c.suppressed; }));
  stats_.secondary = suppressed - stats_.primary;
  return suppressed;
}

}  // namespace vrs::server::analysis
