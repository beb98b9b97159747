#include "report/document.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "vrs/client/net/api.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/crypto/encoding.hpp"
#include "vrs/crypto/hash.hpp"

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
  VRS_TRY_VOID(opt_string(object, "title", path).map([&](std::string t) { section.title = std::move(t); }));
  VRS_TRY(auto dims, string_list(member(object, "dimensions"), join_path(path, "dimensions"), kMaxDimensions));
  section.dimensions = std::move(dims);
  auto measures = string_list(member(object, "measures"), join_path(path, "measures"), kMaxMeasures);
  if (!measures) return fail(measures.error());
  section.measures = std::move(*measures);

  const json::value* cells = member(object, "cells");
  const std::string cells_path = join_path(path, "cells");
  if (cells == nullptr) return fail(bad(cells_path, "is missing"));
  if (!cells->is_array()) return fail(bad(cells_path, "expected an array"));
  if (cells->get_array().size() > kMaxCells) return fail(bad(cells_path, "too many cells"));
  for (std::size_t i = 0; i < cells->get_array().size(); ++i) {
    const std::string cell_path = index_path(cells_path, i);
    const json::value& item = cells->get_array()[i];
    if (!item.is_object()) return fail(bad(cell_path, "expected an object"));
    const json::object& c = item.get_object();
    Cell cell;
    auto key = opt_object(c, "key", cell_path);
    if (!key) return fail(key.error());
    for (const auto& d : section.dimensions) {
      const json::value* v = *key == nullptr ? nullptr : member(**key, d);
      const std::string key_path = join_path(join_path(cell_path, "key"), d);
      if (v == nullptr) return fail(bad(key_path, "is missing"));
      if (!v->is_string()) return fail(bad(key_path, "expected a string"));
      cell.key.push_back(to_std(v->get_string()));
    }
    auto suppressed = opt_bool(c, "suppressed", cell_path, false);
    if (!suppressed) return fail(suppressed.error());
    auto values = opt_object(c, "values", cell_path);
    if (!values) return fail(values.error());
    if (*values != nullptr) {
      auto figures = read_figures(**values, section.measures, join_path(cell_path, "values"));
      if (!figures) return fail(figures.error());
      cell.values = std::move(*figures);
    }
    auto own = opt_object(c, "own", cell_path);
    if (!own) return fail(own.error());
    if (*own != nullptr) {
      auto figures = read_figures(**own, section.measures, join_path(cell_path, "own"));
      if (!figures) return fail(figures.error());
      cell.own = std::move(*figures);
      cell.has_own = true;
      section.any_own = true;
    }
    auto previous = read_optional_figures(c, "previous", section.measures, cell_path);
    if (!previous) return fail(previous.error());
    if (*previous) {
      cell.previous = std::move(**previous);
      cell.has_previous = true;
      section.any_previous = true;
    }
    auto change = read_optional_figures(c, "change_pct", section.measures, cell_path);
    if (!change) return fail(change.error());
    if (*change) {
      cell.change_pct = std::move(**change);
      cell.has_change = true;
      section.any_previous = true;
    }
    cell.suppressed = *suppressed;
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
  VRS_TRY_VOID(opt_string(object, "title", path).map([&](std::string t) { coverage.title = std::move(t); }));
  auto months = string_list(member(object, "months"), join_path(path, "months"), kMaxMonths);
  if (!months) return fail(months.error());
  coverage.months = std::move(*months);
  const json::value* counts = member(object, "reporting_members");
  const std::string counts_path = join_path(path, "reporting_members");
  if (counts != nullptr && !counts->is_null()) {
    if (!counts->is_array()) return fail(bad(counts_path, "expected an array"));
    if (counts->get_array().size() > kMaxMonths) return fail(bad(counts_path, "too many entries"));
    for (std::size_t i = 0; i < counts->get_array().size(); ++i) {
      VRS_TRY(auto f, read_figure(&counts->get_array()[i], index_path(counts_path, i)));
      coverage.reporting_members.push_back(std::move(f));
    }
  }
  coverage.reporting_members.resize(coverage.months.size());
  const json::value* members = member(object, "members");
  const std::string members_path = join_path(path, "members");
  if (members != nullptr && !members->is_null()) {
    if (!members->is_array()) return fail(bad(members_path, "expected an array"));
    if (members->get_array().size() > kMaxMembers) return fail(bad(members_path, "too many members"));
    for (std::size_t i = 0; i < members->get_array().size(); ++i) {
      const std::string member_path = index_path(members_path, i);
      const json::value& item = members->get_array()[i];
      if (!item.is_object()) return fail(bad(member_path, "expected an object"));
      CoverageMember m;
      auto label = opt_string(item.get_object(), "label", member_path);
      if (!label) return fail(label.error());
      m.label = std::move(*label);
      auto named = opt_bool(item.get_object(), "named", member_path, false);
      if (!named) return fail(named.error());
      m.named = *named;
      auto own = opt_bool(item.get_object(), "own", member_path, false);
      if (!own) return fail(own.error());
      m.own = *own;
      const json::value* reported = member(item.get_object(), "reported");
      const std::string reported_path = join_path(member_path, "reported");
      if (reported != nullptr && !reported->is_null()) {
        if (!reported->is_array()) return fail(bad(reported_path, "expected an array"));
        if (reported->get_array().size() > kMaxMonths) return fail(bad(reported_path, "too many entries"));
        for (std::size_t j = 0; j < reported->get_array().size(); ++j) {
          const json::value& r = reported->get_array()[j];
          if (!r.is_bool()) return fail(bad(index_path(reported_path, j), "expected true or false"));
          m.reported.push_back(r.get_bool());
        }
      }
      m.reported.resize(coverage.months.size(), false);
      coverage.members.push_back(std::move(m));
    }
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
  auto schema = req_string(doc, "schema", "");
  if (!schema) return fail(schema.error());
  if (*schema != "vrs.report/1") return fail(bad("schema", std::string("expected \"vrs.report/1\", got \"") + schema->substr(0, 40) + "\""));
  out.schema = std::move(*schema);
  VRS_TRY_VOID(opt_string(doc, "name", "").map([&](std::string s) { out.name = std::move(s); }));

  const json::value* params_value = member(doc, "parameters");
  if (params_value == nullptr || !params_value->is_object()) return fail(bad("parameters", "expected an object"));
  const json::object& params = params_value->get_object();
  auto region = req_string(params, "region", "parameters");
  if (!region) return fail(region.error());
  out.region = std::move(*region);
  auto period = req_string(params, "period", "parameters");
  if (!period) return fail(period.error());
  out.period = std::move(*period);
  for (auto [field, key] : {std::pair{&out.from, "from"}, std::pair{&out.to, "to"},
                            std::pair{&out.previous_from, "previous_from"}, std::pair{&out.previous_to, "previous_to"}}) {
    VRS_TRY(auto s, opt_string(params, key, "parameters"));
    *field = std::move(s);
  }
  auto states = string_list(member(params, "states"), "parameters.states", 1000);
  if (!states) return fail(states.error());
  out.states = std::move(*states);
  VRS_TRY(auto filters, opt_object(params, "filters", "parameters"));
  if (filters != nullptr) {
    for (const auto& entry : *filters) {
      if (!entry.value().is_string()) return fail(bad(std::string("parameters.filters.") + to_std(entry.key()), "expected a string"));
      out.filters.emplace_back(to_std(entry.key()), to_std(entry.value().get_string()));
    }
  }

  for (auto [field, key] : {std::pair{&out.generated_at, "generated_at"}, std::pair{&out.data_cutoff, "data_cutoff"}}) {
    auto s = opt_string(doc, key, "");
    if (!s) return fail(s.error());
    *field = std::move(*s);
  }
  auto viewer = opt_object(doc, "viewer", "");
  if (!viewer) return fail(viewer.error());
  if (*viewer != nullptr) {
    for (auto [field, key] : {std::pair{&out.viewer_member, "member_id"}, std::pair{&out.viewer_state, "state"},
                              std::pair{&out.viewer_role, "role"}}) {
      auto s = opt_string(**viewer, key, "viewer");
      if (!s) return fail(s.error());
      *field = std::move(*s);
    }
  }
  auto disclosure = opt_object(doc, "disclosure", "");
  if (!disclosure) return fail(disclosure.error());
  if (*disclosure != nullptr) {
    Disclosure& d = out.disclosure;
    for (auto [field, key] : {std::pair{&d.k, "k"}, std::pair{&d.min_incidents, "min_incidents"},
                              std::pair{&d.fee_min_persons, "fee_min_persons"},
                              std::pair{&d.fee_min_incidents, "fee_min_incidents"},
                              std::pair{&d.fee_max_share, "fee_max_share"}, std::pair{&d.fee_rounding, "fee_rounding"},
                              std::pair{&d.suppressed_cells, "suppressed_cells"}}) {
      auto f = read_figure(member(**disclosure, key), join_path("disclosure", key));
      if (!f) return fail(f.error());
      *field = std::move(*f);
    }
  }
  auto reciprocity = opt_object(doc, "reciprocity", "");
  if (!reciprocity) return fail(reciprocity.error());
  if (*reciprocity != nullptr) {
    auto regional = opt_bool(**reciprocity, "regional", "reciprocity", true);
    if (!regional) return fail(regional.error());
    out.reciprocity_regional = *regional;
    auto rule = opt_string(**reciprocity, "rule", "reciprocity");
    if (!rule) return fail(rule.error());
    out.reciprocity_rule = std::move(*rule);
    auto reason = opt_string(**reciprocity, "reason", "reciprocity");
    if (!reason) return fail(reason.error());
    out.reciprocity_reason = std::move(*reason);
  }

  const json::value* sections = member(doc, "sections");
  if (sections == nullptr || !sections->is_object()) return fail(bad("sections", "expected an object"));
  if (sections->get_object().size() > kMaxSections) return fail(bad("sections", "too many sections"));
  for (const auto& entry : sections->get_object()) {
    const std::string name = to_std(entry.key());
    const std::string path = join_path("sections", name);
    if (!entry.value().is_object()) return fail(bad(path, "expected an object"));
    if (name == "coverage") {
      auto coverage = read_coverage(entry.value().get_object(), path);
      if (!coverage) return fail(coverage.error());
      out.coverage = std::move(*coverage);
      continue;
    }
    auto section = read_section(name, entry.value().get_object(), path);
    if (!section) return fail(section.error());
    out.sections.push_back(std::move(*section));
  }
  auto sha = opt_string(doc, "sha256", "");
  if (!sha) return fail(sha.error());
  out.sha256 = std::move(*sha);
  return out;
}

}  // namespace vrs::client::report
