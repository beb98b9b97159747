#include "vrs/schema/csv_import.hpp"

#include <array>
#include <new>
#include <optional>
#include <set>

#include "detail/decimal.hpp"
#include "detail/text.hpp"
#include "vrs/schema/validate.hpp"

namespace vrs::schema {
namespace {

using detail::quote;
using detail::trim;

enum class Col : std::size_t {
  Ref, CaseKey, Date, Conduct, DetectionCountry, DetectionLocation, Route, Migrants, Smugglers,
  Methods, Documents, Fees, HarmDeaths, HarmMissing, HarmInjured, HarmAbuse,
  ResponseInvestigations, ResponseArrests, ResponseProsecutions, ResponseConvictions, Sharing,
  Status, BaseVersion, Notes, Count_
};
constexpr std::size_t kColumnCount = static_cast<std::size_t>(Col::Count_);

constexpr std::array<std::string_view, kColumnCount> kColumns{
    "ref", "case_key", "date", "conduct", "detection_country", "detection_location", "route",
    "migrants", "smugglers", "methods", "documents", "fees", "harm_deaths", "harm_missing",
    "harm_injured", "harm_abuse", "response_investigations", "response_arrests",
    "response_prosecutions", "response_convictions", "sharing", "status", "base_version",
    "notes"};
constexpr std::array<std::string_view, 6> kRequired{
    "ref", "date", "conduct", "detection_country", "detection_location", "route"};

using ColumnMap = std::array<std::optional<std::size_t>, kColumnCount>;

std::string at_index(std::string_view list, std::size_t i) {
  return std::string(list) + "[" + std::to_string(i) + "]";
}

// Splits on `sep`; pieces are trimmed.
std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto k = s.find(sep);
    out.push_back(trim(s.substr(0, k)));
    if (k == std::string_view::npos) return out;
    s.remove_prefix(k + 1);
  }
}

// Non-empty `;`-separated items of a list cell.
std::vector<std::string_view> items(std::string_view cell) {
  std::vector<std::string_view> out;
  if (cell.empty()) return out;
  for (auto item : split(cell, ';'))
    if (!item.empty()) out.push_back(item);
  return out;
}

// The ':'-separated fields of one group tuple.
using Fields = std::vector<std::string_view>;

class RowParser {
 public:
  RowParser(const std::vector<std::string>& cells, const ColumnMap& columns, FieldErrors& errors)
      : cells_(cells), columns_(columns), errors_(errors) {}

  // The trimmed cell of `c`, or "" if the file has no such column.
  [[nodiscard]] std::string_view cell(Col c) const {
    const auto& idx = columns_[static_cast<std::size_t>(c)];
    if (!idx) return {};
    return c == Col::Notes ? std::string_view(cells_[*idx]) : trim(cells_[*idx]);
  }

  void required(std::string path) { errors_.push_back({std::move(path), "", "a value is required"}); }

  void error(std::string path, std::string_view value, std::string message) {
    errors_.push_back({std::move(path), quote(value), quote(value) + " " + message});
  }

  template <SchemaEnum E>
  std::optional<E> enumeration(std::string_view text, const std::string& path) {
    if (auto e = parse_enum<E>(detail::to_lower_ascii(text))) return e;
    error(path, text, "is not one of " + enum_choices<E>());
    return std::nullopt;
  }

  template <SchemaEnum E>
  void enum_cell(Col c, const std::string& path, E& out) {
    const auto text = cell(c);
    if (text.empty()) return;
    if (auto e = enumeration<E>(text, path)) out = *e;
  }

  template <SchemaEnum E>
  void enum_set(Col c, const std::string& path, std::set<E>& out) {
    const auto list = items(cell(c));
    for (std::size_t i = 0; i < list.size(); ++i) {
      auto e = enumeration<E>(list[i], at_index(path, i));
      if (e && !out.insert(*e).second) error(at_index(path, i), list[i], "is repeated");
    }
  }

  std::optional<std::int64_t> count(std::string_view text, const std::string& path,
                                    std::int64_t min) {
    const auto v = detail::parse_int(text);
    if (!v) {
      error(path, text, "is not a whole number");
      return std::nullopt;
    }
    if (*v < min) {
      error(path, text, "must be at least " + std::to_string(min));
    } else if (*v > kMaxCount) {
      error(path, text, "must be at most " + std::to_string(kMaxCount));
    }
    return *v;
  }

  void count_cell(Col c, const std::string& path, std::int64_t& out) {
    const auto text = cell(c);
    if (text.empty()) return;
    if (auto v = count(text, path, 0)) out = *v;
  }

  // A cell of group tuples separated by ';': each tuple of the right arity (see tuple())
  // becomes one item of `out` through `parse(*this, path, fields)`, path being "<list>[i]".
  template <typename T>
  void groups(Col c, const char* list, std::size_t min, std::size_t max, std::string_view shape,
              std::vector<T>& out, T (*parse)(RowParser&, const std::string&, const Fields&)) {
    const auto all = items(cell(c));
    for (std::size_t i = 0; i < all.size(); ++i) {
      const std::string path = at_index(list, i);
      if (auto fields = tuple(all[i], path, min, max, shape)) out.push_back(parse(*this, path, *fields));
    }
  }

  // Splits a group tuple and checks its arity; nullopt (with an error) if wrong.
  std::optional<Fields> tuple(std::string_view item,
                                                     const std::string& path, std::size_t min,
                                                     std::size_t max, std::string_view shape) {
    auto parts = split(item, ':');
    if (parts.size() < min || parts.size() > max) {
      const std::string arity =
          min == max       ? std::to_string(min)
          : max == min + 1 ? std::to_string(min) + " or " + std::to_string(max)
                           : std::to_string(min) + " to " + std::to_string(max);
      error(path, item,
            "must have " + arity + " fields (" + std::string(shape) + "), got " +
                std::to_string(parts.size()));
      return std::nullopt;
    }
    return parts;
  }

 private:
  const std::vector<std::string>& cells_;
  const ColumnMap& columns_;
  FieldErrors& errors_;
};

std::string upper(std::string_view s) { return detail::to_upper_ascii(s); }

RouteLeg route_leg(RowParser& p, const std::string& path, const Fields& t) {
  RouteLeg leg;
  leg.country = upper(t[0]);
  if (auto r = p.enumeration<RouteRole>(t[1], path + ".role")) leg.role = *r;
  if (t.size() > 2)
    if (auto m = p.enumeration<TransportMode>(t[2], path + ".mode")) leg.mode = *m;
  return leg;
}

// nationality:sex:age, the fields that open a migrant and a smuggler group alike.
template <typename Group>
Group person_group(RowParser& p, const std::string& path, const Fields& t) {
  Group g;
  g.nationality = upper(t[0]);
  if (auto e = p.enumeration<Sex>(t[1], path + ".sex")) g.sex = *e;
  if (auto e = p.enumeration<decltype(g.age)>(t[2], path + ".age")) g.age = *e;
  return g;
}

MigrantGroup migrant_group(RowParser& p, const std::string& path, const Fields& t) {
  auto g = person_group<MigrantGroup>(p, path, t);
  if (auto n = p.count(t[3], path + ".count", 1)) g.count = *n;
  if (t.size() > 4 && !t[4].empty())
    if (auto n = p.count(t[4], path + ".unaccompanied_children", 0))
      g.unaccompanied_children = *n;
  if (t.size() > 5 && !t[5].empty())
    if (auto e = p.enumeration<DocumentStatus>(t[5], path + ".document_status"))
      g.document_status = *e;
  return g;
}

SmugglerGroup smuggler_group(RowParser& p, const std::string& path, const Fields& t) {
  auto g = person_group<SmugglerGroup>(p, path, t);
  if (auto e = p.enumeration<SmugglerRole>(t[3], path + ".role")) g.role = *e;
  if (auto n = p.count(t[4], path + ".count", 1)) g.count = *n;
  return g;
}

DocumentGroup document_group(RowParser& p, const std::string& path, const Fields& t) {
  DocumentGroup g;
  if (auto e = p.enumeration<DocumentType>(t[0], path + ".type")) g.type = *e;
  if (auto e = p.enumeration<FraudType>(t[1], path + ".fraud")) g.fraud = *e;
  g.issuer = upper(t[2]);
  if (auto n = p.count(t[3], path + ".count", 1)) g.count = *n;
  return g;
}

Fee fee(RowParser& p, const std::string& path, const Fields& t) {
  Fee f;
  const auto amount = t[0];
  if (auto minor = detail::parse_decimal_minor(amount, false)) {
    f.amount_minor = *minor;
    if (*minor <= 0) p.error(path + ".amount", amount, "must be greater than 0");
  } else if (minor.error() == detail::DecimalError::TooManyDecimals) {
    p.error(path + ".amount", amount, "has more than 2 decimal places");
  } else if (minor.error() == detail::DecimalError::TooLarge) {
    p.error(path + ".amount", amount, "is too large");
  } else {
    p.error(path + ".amount", amount, "is not a decimal amount (like 1500 or 1500.50)");
  }
  f.currency = upper(t[1]);
  if (auto e = p.enumeration<FeeBasis>(t[2], path + ".per")) f.per = *e;
  if (auto e = p.enumeration<FeeCoverage>(t[3], path + ".covers")) f.covers = *e;
  if (t.size() > 4 && !t[4].empty())
    if (auto e = p.enumeration<PaymentMethod>(t[4], path + ".payment")) f.payment = *e;
  return f;
}

Incident parse_row(RowParser& p) {
  Incident inc;
  inc.ref = std::string(p.cell(Col::Ref));
  if (auto key = p.cell(Col::CaseKey); !key.empty()) inc.case_key = detail::to_lower_ascii(key);
  if (auto text = p.cell(Col::Date); !text.empty()) {
    if (auto d = parse_date(text))
      inc.date = *d;
    else
      p.error("date", text, "is not a date (YYYY-MM-DD or YYYY-MM)");
  } else {
    p.required("date");
  }
  p.enum_set(Col::Conduct, "conduct", inc.conduct);
  inc.detection.country = upper(p.cell(Col::DetectionCountry));
  if (p.cell(Col::DetectionLocation).empty())
    p.required("detection.location");
  p.enum_cell(Col::DetectionLocation, "detection.location", inc.detection.location);

  p.groups(Col::Route, "route", 2, 3, "country:role[:mode]", inc.route, route_leg);
  p.groups(Col::Migrants, "migrants", 4, 6, "nationality:sex:age:count[:unaccompanied_children[:document_status]]",
           inc.migrants, migrant_group);
  p.groups(Col::Smugglers, "smugglers", 5, 5, "nationality:sex:age:role:count", inc.smugglers, smuggler_group);

  p.enum_set(Col::Methods, "methods", inc.methods);

  p.groups(Col::Documents, "documents", 4, 4, "type:fraud:issuer:count", inc.documents, document_group);
  p.groups(Col::Fees, "fees", 4, 5, "amount:currency:per:covers[:payment]", inc.fees, fee);

  p.count_cell(Col::HarmDeaths, "harm.deaths", inc.harm.deaths);
  p.count_cell(Col::HarmMissing, "harm.missing", inc.harm.missing);
  p.count_cell(Col::HarmInjured, "harm.injured", inc.harm.injured);
  p.enum_set(Col::HarmAbuse, "harm.abuse", inc.harm.abuse);
  p.count_cell(Col::ResponseInvestigations, "response.investigations", inc.response.investigations);
  p.count_cell(Col::ResponseArrests, "response.arrests", inc.response.arrests);
  p.count_cell(Col::ResponseProsecutions, "response.prosecutions", inc.response.prosecutions);
  p.count_cell(Col::ResponseConvictions, "response.convictions", inc.response.convictions);
  p.enum_cell(Col::Sharing, "sharing", inc.sharing);
  p.enum_cell(Col::Status, "status", inc.status);
  if (auto text = p.cell(Col::BaseVersion); !text.empty())
    if (auto v = p.count(text, "base_version", 1); v && *v >= 1)
      inc.base_version = static_cast<std::uint64_t>(*v);
  inc.notes = std::string(p.cell(Col::Notes));
  return inc;
}

// "migrants[2].count" → "migrants"; "harm.deaths" → "harm".
std::string_view top_level(std::string_view path) {
  return path.substr(0, path.find_first_of(".["));
}

// Validation errors in a part that already failed to parse are consequences (a skipped route
// leg makes "0 destination legs"): report the parse errors and drop those.
void merge(FieldErrors& parse_errors, FieldErrors validation_errors) {
  std::set<std::string_view> failed;
  for (const auto& e : parse_errors) failed.insert(top_level(e.path));
  FieldErrors kept;
  for (auto& e : validation_errors)
    if (!failed.contains(top_level(e.path))) kept.push_back(std::move(e));
  for (auto& e : kept) parse_errors.push_back(std::move(e));
}

Result<ColumnMap> read_header(const CsvRecord& header) {
  const std::string at = "line " + std::to_string(header.line) + ": ";
  if (!header.error.empty()) return fail(ErrorCode::InvalidArgument, at + "header: " + header.error);
  ColumnMap map;
  std::string problems;
  auto problem = [&](const std::string& text) {
    if (!problems.empty()) problems += '\n';
    problems += at + text;
  };
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = detail::to_lower_ascii(trim(header.fields[i]));
    std::size_t k = 0;
    while (k < kColumnCount && kColumns[k] != name) ++k;
    if (k == kColumnCount)
      problem("unknown column " + quote(header.fields[i]) + " (column " + std::to_string(i + 1) + ")");
    else if (map[k])
      problem("duplicate column " + quote(name) + " (columns " + std::to_string(*map[k] + 1) +
              " and " + std::to_string(i + 1) + ")");
    else
      map[k] = i;
  }
  for (auto req : kRequired) {
    std::size_t k = 0;
    while (kColumns[k] != req) ++k;
    if (!map[k]) problem("missing required column " + quote(req));
  }
  if (!problems.empty()) return fail(ErrorCode::InvalidArgument, problems);
  return map;
}

}  // namespace

std::span<const std::string_view> csv_columns() noexcept { return kColumns; }
std::span<const std::string_view> csv_required_columns() noexcept { return kRequired; }

Result<std::vector<RecordResult>> import_csv(std::string_view text, const Date& today,
                                             const CsvLimits& limits) {
  auto records = read_csv(text, limits);
  if (!records) return fail(records.error());
  try {
    if (records->empty())
      return fail(ErrorCode::InvalidArgument, "empty input: a header row is required");
    auto columns = read_header(records->front());
    if (!columns) return fail(columns.error());
    const std::size_t width = records->front().fields.size();
    std::vector<RecordResult> out;
    out.reserve(records->size() - 1);
    for (std::size_t r = 1; r < records->size(); ++r) {
      const CsvRecord& rec = (*records)[r];
      RecordResult result;
      result.index = r - 1;
      result.line = rec.line;
      if (!rec.error.empty()) {
        result.errors.push_back({"", "", rec.error});
      } else if (rec.fields.size() != width) {
        result.errors.push_back({"", "",
                                 "the row has " + std::to_string(rec.fields.size()) +
                                     " cells, the header has " + std::to_string(width)});
      } else {
        RowParser parser(rec.fields, *columns, result.errors);
        Incident inc = parse_row(parser);
        merge(result.errors, validate(inc, today));
        if (result.errors.empty()) result.incident = std::move(inc);
      }
      out.push_back(std::move(result));
    }
    return out;
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::ResourceExhausted, "out of memory while importing CSV");
  }
}

}  // namespace vrs::schema
