#include "vrs/server/analysis/disclosure.hpp"

#include <algorithm>

namespace vrs::server::analysis {

std::size_t Disclosure::cell(const std::string& key, Contribution total, Contribution own) {
  auto [it, inserted] = index_.try_emplace(key, cells_.size());
  if (inserted) cells_.push_back({key, total, own, {}, false});
  return it->second;
}

void Disclosure::line(std::vector<std::size_t> parts, std::size_t total) {
  if (parts.empty()) return;
  parts.push_back(total);
  lines_.push_back({std::move(parts)});
}

std::size_t Disclosure::find(const std::string& key) const {
  auto it = index_.find(key);
  return it == index_.end() ? npos : it->second;
}

std::size_t Disclosure::run(const DisclosureRules& rules) {
  // Primary: the test is on what the viewer cannot subtract (others' contribution).
  for (auto& c : cells_) {
    c.others = c.total;
    if (rules.subtract_own) {
      c.others.incidents -= c.own.incidents;
      c.others.persons -= c.own.persons;
    }
    c.suppressed = c.others.incidents > 0 && (c.others.persons < rules.k || c.others.incidents < rules.min_incidents);
  }
  // Secondary: a line with exactly one suppressed member would give it away (total minus the
  // other parts, or the sum of the parts). Suppress the member that protects it at the least
  // cost: the smallest contribution from others, a part before the total, ties by key. Cells
  // the others contribute nothing to protect nothing (the viewer knows them), so they are not
  // candidates. Suppression only grows, so this ends.
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& l : lines_) {
      std::size_t count = 0;
      for (auto m : l.members) count += cells_[m].suppressed ? 1 : 0;
      if (count != 1) continue;
      std::size_t best = npos;
      const std::size_t total = l.members.back();
      for (auto m : l.members) {
        const Cell& c = cells_[m];
        if (c.suppressed || c.others.incidents == 0) continue;
        if (best == npos) {
          best = m;
          continue;
        }
        const Cell& b = cells_[best];
        const bool m_total = m == total, b_total = best == total;
        if (m_total != b_total) {
          if (b_total) best = m;
          continue;
        }
        if (c.others.persons < b.others.persons ||
            (c.others.persons == b.others.persons && c.others.incidents < b.others.incidents) ||
            (c.others.persons == b.others.persons && c.others.incidents == b.others.incidents && c.key < b.key)) {
          best = m;
        }
      }
      if (best != npos) {
        cells_[best].suppressed = true;
        changed = true;
      }
    }
  }
  return static_cast<std::size_t>(std::count_if(cells_.begin(), cells_.end(), [](const Cell& c) { return c.suppressed; }));
}

}  // namespace vrs::server::analysis
