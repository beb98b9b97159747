#include "report/document.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "vrs/schema/report/contract.hpp"

namespace vrs::client::report {

namespace json = boost::json;

namespace {

// Hard limits, checked before anything is copied: a report is at most a few thousand cells.
constexpr std::size_t kMaxSections = 64;
constexpr std::size_t kMaxDimensions = 8;
constexpr std::size_t kMaxMeasures = 64;
constexpr std::size_t kMaxCells = 200000;
constexpr std::size_t kMaxMonths = 121 * 12;
constexpr std::size_t kMaxMembers = 10000;

Error bad(const std::string& path, std::string_view problem) {
  std::string message = "report: ";
  message += path;
  message += ": ";
  message += problem;
  return {ErrorCode::InvalidArgument, std::move(message)};
}

std::string join_path(const std::string& path, std::string_view key) {
  std::string out = path;
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string index_path(const std::string& path, std::size_t i) {
  std::string out = path;
  out += '[';
  out += std::to_string(i);
  out += ']';
  return out;
}

std::string to_std(json::string_view s) { return {s.data(), s.size()}; }

const json::value* member(const json::object& object, std::string_view key) {
  return object.if_contains(json::string_view(key.data(), key.size()));
}

// Optional string: absent or null → "".
Result<std::string> opt_string(const json::object& object, std::string_view key, const std::string& path) {
  const json::value* v = member(object, key);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return fail(bad(join_path(path, key), "expected a string"));
  return to_std(v->get_string());
}

Result<std::string> req_string(const json::object& object, std::string_view key, const std::string& path) {
  const json::value* v = member(object, key);
  if (v == nullptr) return fail(bad(join_path(path, key), "is missing"));
  if (!v->is_string()) return fail(bad(join_path(path, key), "expected a string"));
  return to_std(v->get_string());
}

Result<bool> opt_bool(const json::object& object, std::string_view key, const std::string& path, bool fallback) {
  const json::value* v = member(object, key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_bool()) return fail(bad(join_path(path, key), "expected true or false"));
  return v->get_bool();
}

Result<const json::object*> opt_object(const json::object& object, std::string_view key, const std::string& path) {
  const json::value* v = member(object, key);
  if (v == nullptr || v->is_null()) return static_cast<const json::object*>(nullptr);
  if (!v->is_object()) return fail(bad(join_path(path, key), "expected an object"));
  return &v->get_object();
}

// An array of at most `limit` items ("too many <items>" otherwise). Absent or null when optional:
// an empty array; absent when required: "is missing".
Result<const json::array*> bounded_array(const json::value* v, const std::string& path, std::size_t limit,
                                         std::string_view items, bool required = false) {
  static const json::array kEmpty;
  if (v == nullptr && required) return fail(bad(path, "is missing"));
  if (v == nullptr || (v->is_null() && !required)) return &kEmpty;
  if (!v->is_array()) return fail(bad(path, "expected an array"));
  if (v->get_array().size() > limit) return fail(bad(path, "too many " + std::string(items)));
  return &v->get_array();
}

Result<std::vector<std::string>> string_list(const json::value* v, const std::string& path, std::size_t limit) {
  std::vector<std::string> out;
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) return fail(bad(path, "expected an array of strings"));
  const auto& array = v->get_array();
  if (array.size() > limit) return fail(bad(path, "too many entries"));
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) return fail(bad(index_path(path, i), "expected a string"));
    out.push_back(to_std(array[i].get_string()));
  }
  return out;
}

std::string number_text(double value) {
  if (std::isfinite(value) && std::floor(value) == value && std::fabs(value) < 1e15) {
    return std::to_string(static_cast<long long>(value));
  }
  std::array<char, 64> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (ec != std::errc()) return "?";
  return {buffer.data(), end};
}

bool is_suppressed_marker(const json::value& v) {
  if (!v.is_object()) return false;
  const auto& o = v.get_object();
  const json::value* s = o.if_contains("suppressed");
  return s != nullptr && s->is_bool() && s->get_bool();
}

Result<Figure> read_figure(const json::value* v, const std::string& path) {
  Figure f;
  if (v == nullptr) return f;
  if (v->is_null()) {
    f.kind = Figure::Kind::Null;
    return f;
  }
  if (is_suppressed_marker(*v)) {
    f.kind = Figure::Kind::Suppressed;
    return f;
  }
  if (v->is_int64()) {
    f.kind = Figure::Kind::Number;
    f.number = static_cast<double>(v->get_int64());
    f.text = std::to_string(v->get_int64());
    return f;
  }
  if (v->is_uint64()) {
    f.kind = Figure::Kind::Number;
    f.number = static_cast<double>(v->get_uint64());
    f.text = std::to_string(v->get_uint64());
    return f;
  }
  if (v->is_double() && std::isfinite(v->get_double())) {
    f.kind = Figure::Kind::Number;
    f.number = v->get_double();
    f.text = number_text(f.number);
    return f;
  }
  return fail(bad(path, "expected a number, null or {\"suppressed\": true}"));
}

// Reads `values`-like objects ({measure: figure}) into a vector aligned with `measures`.
// Adds measures not listed yet (fees list their value fields in the cells).
Result<std::vector<Figure>> read_figures(const json::object& object, std::vector<std::string>& measures,
                                         const std::string& path) {
  for (const auto& entry : object) {
    const std::string name = to_std(entry.key());
    bool known = false;
    for (const auto& m : measures) known = known || m == name;
    if (!known) {
      if (measures.size() >= kMaxMeasures) return fail(bad(path, "too many measures"));
      measures.push_back(name);
    }
  }
  std::vector<Figure> out;
  out.reserve(measures.size());
  for (const auto& m : measures) {
    VRS_TRY(auto figure, read_figure(member(object, m), join_path(path, m)));
    out.push_back(std::move(figure));
  }
  return out;
}

// `previous`: null (not computed), {"suppressed": true} (all suppressed) or per measure.
Result<std::optional<std::vector<Figure>>> read_optional_figures(const json::object& cell, std::string_view key,
                                                                 std::vector<std::string>& measures,
                                                                 const std::string& path) {
  const json::value* v = member(cell, key);
  if (v == nullptr) return std::optional<std::vector<Figure>>();
  const std::string where = join_path(path, key);
  if (v->is_null() || is_suppressed_marker(*v)) {
    Figure f;
    f.kind = v->is_null() ? Figure::Kind::Null : Figure::Kind::Suppressed;
    return std::optional<std::vector<Figure>>(std::vector<Figure>(measures.size(), f));
  }
  if (!v->is_object()) return fail(bad(where, "expected an object or null"));
  VRS_TRY(auto figures, read_figures(v->get_object(), measures, where));
  return std::optional<std::vector<Figure>>(std::move(figures));
}

void resize_figures(std::vector<Figure>& figures, std::size_t n) {
  if (figures.size() < n) figures.resize(n);
}

Result<Section> read_section(const std::string& name, const json::object& object, const std::string& path) {
  Section section;
  section.name = name;
  VRS_TRY(section.title, opt_string(object, "title", path));
  VRS_TRY(section.dimensions, string_list(member(object, "dimensions"), join_path(path, "dimensions"), kMaxDimensions));
  VRS_TRY(section.measures, string_list(member(object, "measures"), join_path(path, "measures"), kMaxMeasures));

  const std::string cells_path = join_path(path, "cells");
  VRS_TRY(const json::array* cells, bounded_array(member(object, "cells"), cells_path, kMaxCells, "cells", true));
  for (std::size_t i = 0; i < cells->size(); ++i) {
    const std::string cell_path = index_path(cells_path, i);
    const json::value& item = (*cells)[i];
    if (!item.is_object()) return fail(bad(cell_path, "expected an object"));
    const json::object& c = item.get_object();
    Cell cell;
    VRS_TRY(const json::object* key, opt_object(c, "key", cell_path));
    for (const auto& d : section.dimensions) {
      const json::value* v = key == nullptr ? nullptr : member(*key, d);
      const std::string key_path = join_path(join_path(cell_path, "key"), d);
      if (v == nullptr) return fail(bad(key_path, "is missing"));
      if (!v->is_string()) return fail(bad(key_path, "expected a string"));
      cell.key.push_back(to_std(v->get_string()));
    }
    VRS_TRY(cell.suppressed, opt_bool(c, "suppressed", cell_path, false));
    VRS_TRY(const json::object* values, opt_object(c, "values", cell_path));
    if (values != nullptr) {
      VRS_TRY(cell.values, read_figures(*values, section.measures, join_path(cell_path, "values")));
    }
    VRS_TRY(const json::object* own, opt_object(c, "own", cell_path));
    if (own != nullptr) {
      VRS_TRY(cell.own, read_figures(*own, section.measures, join_path(cell_path, "own")));
      cell.has_own = true;
      section.any_own = true;
    }
    VRS_TRY(auto previous, read_optional_figures(c, "previous", section.measures, cell_path));
    if (previous) {
      cell.previous = std::move(*previous);
      cell.has_previous = true;
      section.any_previous = true;
    }
    VRS_TRY(auto change, read_optional_figures(c, "change_pct", section.measures, cell_path));
    if (change) {
      cell.change_pct = std::move(*change);
      cell.has_change = true;
      section.any_previous = true;
    }
    section.cells.push_back(std::move(cell));
  }
  // Align every figure list with the final measure list, then apply the suppression rule.
  const std::size_t n = section.measures.size();
  for (auto& cell : section.cells) {
    resize_figures(cell.values, n);
    if (cell.has_own) resize_figures(cell.own, n);
    if (cell.has_previous) resize_figures(cell.previous, n);
    if (cell.has_change) resize_figures(cell.change_pct, n);
    for (const auto& f : cell.values) cell.suppressed = cell.suppressed || f.is_suppressed();
    if (cell.suppressed) {
      for (auto& f : cell.values) {
        f = Figure{};
        f.kind = Figure::Kind::Suppressed;
      }
    }
    if (cell.has_change) {
      for (std::size_t m = 0; m < n; ++m) {
        const bool previous_hidden = cell.has_previous && cell.previous[m].is_suppressed();
        if (cell.suppressed || previous_hidden) {
          cell.change_pct[m] = Figure{};
          cell.change_pct[m].kind = Figure::Kind::Suppressed;
        }
      }
    }
  }
  return section;
}

Result<Coverage> read_coverage(const json::object& object, const std::string& path) {
  Coverage coverage;
  VRS_TRY(coverage.title, opt_string(object, "title", path));
  VRS_TRY(coverage.months, string_list(member(object, "months"), join_path(path, "months"), kMaxMonths));
  const std::string counts_path = join_path(path, "reporting_members");
  VRS_TRY(const json::array* counts, bounded_array(member(object, "reporting_members"), counts_path, kMaxMonths, "entries"));
  for (std::size_t i = 0; i < counts->size(); ++i) {
    VRS_TRY(auto f, read_figure(&(*counts)[i], index_path(counts_path, i)));
    coverage.reporting_members.push_back(std::move(f));
  }
  coverage.reporting_members.resize(coverage.months.size());
  const std::string members_path = join_path(path, "members");
  VRS_TRY(const json::array* members, bounded_array(member(object, "members"), members_path, kMaxMembers, "members"));
  for (std::size_t i = 0; i < members->size(); ++i) {
    const std::string member_path = index_path(members_path, i);
    if (!(*members)[i].is_object()) return fail(bad(member_path, "expected an object"));
    const json::object& item = (*members)[i].get_object();
    CoverageMember m;
    VRS_TRY(m.label, opt_string(item, "label", member_path));
    VRS_TRY(m.named, opt_bool(item, "named", member_path, false));
    VRS_TRY(m.own, opt_bool(item, "own", member_path, false));
    const std::string reported_path = join_path(member_path, "reported");
    VRS_TRY(const json::array* reported, bounded_array(member(item, "reported"), reported_path, kMaxMonths, "entries"));
    for (std::size_t j = 0; j < reported->size(); ++j) {
      if (!(*reported)[j].is_bool()) return fail(bad(index_path(reported_path, j), "expected true or false"));
      m.reported.push_back((*reported)[j].get_bool());
    }
    m.reported.resize(coverage.months.size(), false);
    coverage.members.push_back(std::move(m));
  }
  return coverage;
}

}  // namespace

bool Cell::totals_except(std::size_t except) const {
  for (std::size_t i = 0; i < key.size(); ++i) {
    if (i != except && key[i] != "*") return false;
  }
  return true;
}

std::optional<std::size_t> Section::dimension(std::string_view dim) const {
  for (std::size_t i = 0; i < dimensions.size(); ++i) {
    if (dimensions[i] == dim) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> Section::measure(std::string_view m) const {
  for (std::size_t i = 0; i < measures.size(); ++i) {
    if (measures[i] == m) return i;
  }
  return std::nullopt;
}

const Cell* Section::find(const std::vector<std::string>& key) const {
  for (const auto& cell : cells) {
    if (cell.key == key) return &cell;
  }
  return nullptr;
}

const Section* Document::section(std::string_view wanted) const {
  for (const auto& s : sections) {
    if (s.name == wanted) return &s;
  }
  return nullptr;
}

Result<Document> read_document(const json::object& doc) {
  Document out;
  VRS_TRY(out.schema, req_string(doc, "schema", ""));
  if (out.schema != schema::report::kSchema) {
    return fail(bad("schema", std::string("expected \"vrs.report/1\", got \"") + out.schema.substr(0, 40) + "\""));
  }
  VRS_TRY(out.name, opt_string(doc, "name", ""));

  const json::value* params_value = member(doc, "parameters");
  if (params_value == nullptr || !params_value->is_object()) return fail(bad("parameters", "expected an object"));
  const json::object& params = params_value->get_object();
  VRS_TRY(out.region, req_string(params, "region", "parameters"));
  VRS_TRY(out.period, req_string(params, "period", "parameters"));
  for (auto [field, key] : {std::pair{&out.from, "from"}, std::pair{&out.to, "to"},
                            std::pair{&out.previous_from, "previous_from"}, std::pair{&out.previous_to, "previous_to"}}) {
    VRS_TRY(*field, opt_string(params, key, "parameters"));
  }
  VRS_TRY(out.states, string_list(member(params, "states"), "parameters.states", 1000));
  VRS_TRY(auto filters, opt_object(params, "filters", "parameters"));
  if (filters != nullptr) {
    for (const auto& entry : *filters) {
      if (!entry.value().is_string()) return fail(bad(std::string("parameters.filters.") + to_std(entry.key()), "expected a string"));
      out.filters.emplace_back(to_std(entry.key()), to_std(entry.value().get_string()));
    }
  }

  for (auto [field, key] : {std::pair{&out.generated_at, "generated_at"}, std::pair{&out.data_cutoff, "data_cutoff"}}) {
    VRS_TRY(*field, opt_string(doc, key, ""));
  }
  VRS_TRY(const json::object* viewer, opt_object(doc, "viewer", ""));
  if (viewer != nullptr) {
    for (auto [field, key] : {std::pair{&out.viewer_member, "member_id"}, std::pair{&out.viewer_state, "state"},
                              std::pair{&out.viewer_role, "role"}}) {
      VRS_TRY(*field, opt_string(*viewer, key, "viewer"));
    }
  }
  VRS_TRY(const json::object* disclosure, opt_object(doc, "disclosure", ""));
  if (disclosure != nullptr) {
    Disclosure& d = out.disclosure;
    for (auto [field, key] : {std::pair{&d.k, "k"}, std::pair{&d.min_incidents, "min_incidents"},
                              std::pair{&d.fee_min_persons, "fee_min_persons"},
                              std::pair{&d.fee_min_incidents, "fee_min_incidents"},
                              std::pair{&d.fee_max_share, "fee_max_share"}, std::pair{&d.fee_rounding, "fee_rounding"},
                              std::pair{&d.suppressed_cells, "suppressed_cells"}}) {
      VRS_TRY(*field, read_figure(member(*disclosure, key), join_path("disclosure", key)));
    }
    VRS_TRY(const json::object* perturbation, opt_object(*disclosure, "perturbation", "disclosure"));
    if (perturbation != nullptr) {
      VRS_TRY(d.noise_max_deviation, read_figure(member(*perturbation, "max_deviation"), "disclosure.perturbation.max_deviation"));
      VRS_TRY(d.noise_variance, read_figure(member(*perturbation, "variance"), "disclosure.perturbation.variance"));
    }
    VRS_TRY(const json::object* by_section, opt_object(*disclosure, "by_section", "disclosure"));
    if (by_section != nullptr) {
      if (by_section->size() > kMaxSections) return fail(bad("disclosure.by_section", "too many sections"));
      for (const auto& entry : *by_section) {
        const std::string path = join_path("disclosure.by_section", entry.key());
        if (!entry.value().is_object()) return fail(bad(path, "expected an object"));
        const auto& o = entry.value().get_object();
        Disclosure::SectionCost cost;
        cost.section = std::string(entry.key());
        VRS_TRY(cost.primary, read_figure(member(o, "primary_cells"), join_path(path, "primary_cells")));
        VRS_TRY(cost.secondary, read_figure(member(o, "secondary_cells"), join_path(path, "secondary_cells")));
        VRS_TRY(cost.persons_share_pct, read_figure(member(o, "persons_share_pct"), join_path(path, "persons_share_pct")));
        d.by_section.push_back(std::move(cost));
      }
    }
  }
  VRS_TRY(const json::object* reciprocity, opt_object(doc, "reciprocity", ""));
  if (reciprocity != nullptr) {
    VRS_TRY(out.reciprocity_regional, opt_bool(*reciprocity, "regional", "reciprocity", true));
    VRS_TRY(out.reciprocity_rule, opt_string(*reciprocity, "rule", "reciprocity"));
    VRS_TRY(out.reciprocity_reason, opt_string(*reciprocity, "reason", "reciprocity"));
  }

  const json::value* sections = member(doc, "sections");
  if (sections == nullptr || !sections->is_object()) return fail(bad("sections", "expected an object"));
  if (sections->get_object().size() > kMaxSections) return fail(bad("sections", "too many sections"));
  for (const auto& entry : sections->get_object()) {
    const std::string name = to_std(entry.key());
    const std::string path = join_path("sections", name);
    if (!entry.value().is_object()) return fail(bad(path, "expected an object"));
    if (name == "coverage") {
      VRS_TRY(out.coverage, read_coverage(entry.value().get_object(), path));
      continue;
    }
    VRS_TRY(auto section, read_section(name, entry.value().get_object(), path));
    out.sections.push_back(std::move(section));
  }
  VRS_TRY(out.sha256, opt_string(doc, "sha256", ""));
  return out;
}

}  // namespace vrs::client::report
