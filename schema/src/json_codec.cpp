#include "vrs/schema/json_codec.hpp"

#include <initializer_list>
#include <new>

#include <boost/json.hpp>

#include "detail/decimal.hpp"
#include "detail/json_parse.hpp"
#include "detail/text.hpp"
#include "vrs/schema/canonical_json.hpp"
#include "vrs/schema/validate.hpp"

namespace vrs::schema {
namespace {

namespace json = boost::json;
using detail::quote;

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}
std::string at_index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

// How a value looks in an error message: strings quoted, numbers as written, containers named.
std::string shown(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: return quote(std::string_view(v.get_string()));
    case json::kind::object: return "an object";
    case json::kind::array: return "an array";
    case json::kind::double_: return detail::shortest_double(v.get_double());
    default: return json::serialize(v);
  }
}

class Decoder {
 public:
  explicit Decoder(FieldErrors& errors) : errors_(errors) {}

  void error(std::string path, std::string value, std::string message) {
    errors_.push_back({std::move(path), std::move(value), std::move(message)});
  }
  void type_error(const std::string& path, const json::value& v, std::string_view expected) {
    const std::string s = shown(v);
    error(path, s, "expected " + std::string(expected) + ", got " + s);
  }

  const json::object* object(const json::value& v, const std::string& path) {
    if (const auto* o = v.if_object()) return o;
    type_error(path, v, "an object");
    return nullptr;
  }

  const json::array* array(const json::value& v, const std::string& path) {
    if (const auto* a = v.if_array()) return a;
    type_error(path, v, "an array");
    return nullptr;
  }

  // Reports every key of `obj` not in `known`.
  void unknown_fields(const json::object& obj, const std::string& path,
                      std::initializer_list<std::string_view> known) {
    for (const auto& kv : obj) {
      bool found = false;
      for (auto k : known) found = found || k == std::string_view(kv.key());
      if (!found) error(join(path, kv.key()), "", "unknown field");
    }
  }

  const json::value* field(const json::object& obj, std::string_view key, const std::string& path,
                           bool required) {
    const auto* v = obj.if_contains(key);
    if (v == nullptr && required) error(join(path, key), "", "missing required field");
    return v;
  }

  // A nested object such as "harm": nullptr (with an error if it is required or not an
  // object) when it is absent or of another type.
  const json::object* section(const json::object& parent, std::string_view key, bool required) {
    const auto* v = field(parent, key, "", required);
    return v == nullptr ? nullptr : object(*v, std::string(key));
  }

  std::optional<std::string> string(const json::value& v, const std::string& path) {
    if (const auto* s = v.if_string()) return std::string(*s);
    type_error(path, v, "a string");
    return std::nullopt;
  }

  std::optional<std::int64_t> non_negative(const json::value& v, const std::string& path) {
    if (const auto* i = v.if_int64()) {
      if (*i >= 0) return *i;
    } else if (v.is_uint64()) {
      const std::string s = shown(v);
      error(path, s, s + " is too large");
      return std::nullopt;
    }
    type_error(path, v, "a non-negative integer");
    return std::nullopt;
  }

  template <SchemaEnum E>
  std::optional<E> enumeration(const json::value& v, const std::string& path) {
    auto s = string(v, path);
    if (!s) return std::nullopt;
    if (auto e = parse_enum<E>(*s)) return e;
    const std::string q = quote(*s);
    error(path, q, q + " is not one of " + enum_choices<E>());
    return std::nullopt;
  }

  template <SchemaEnum E>
  void enum_set(const json::value& v, const std::string& path, std::set<E>& out) {
    const auto* a = array(v, path);
    if (a == nullptr) return;
    for (std::size_t i = 0; i < a->size(); ++i) {
      auto e = enumeration<E>((*a)[i], at_index(path, i));
      if (e && !out.insert(*e).second) {
        const std::string q = quote(to_string(*e));
        error(at_index(path, i), q, q + " is repeated");
      }
    }
  }

  // Optional members with a default keep the model's default when absent.
  template <SchemaEnum E>
  void opt_enum(const json::object& obj, std::string_view key, const std::string& path, E& out,
                bool required = false) {
    if (const auto* v = field(obj, key, path, required))
      if (auto e = enumeration<E>(*v, join(path, key))) out = *e;
  }
  void opt_count(const json::object& obj, std::string_view key, const std::string& path,
                 std::int64_t& out, bool required = false) {
    if (const auto* v = field(obj, key, path, required))
      if (auto n = non_negative(*v, join(path, key))) out = *n;
  }
  void opt_string(const json::object& obj, std::string_view key, const std::string& path,
                  std::string& out, bool required = false) {
    if (const auto* v = field(obj, key, path, required))
      if (auto s = string(*v, join(path, key))) out = std::move(*s);
  }

  template <class T, class Fn>
  void list(const json::object& obj, std::string_view key, std::vector<T>& out, Fn&& element,
            bool required = false) {
    const auto* v = field(obj, key, "", required);
    if (v == nullptr) return;
    const std::string path(key);
    const auto* a = array(*v, path);
    if (a == nullptr) return;
    out.reserve(a->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      const std::string p = at_index(path, i);
      if (const auto* o = object((*a)[i], p)) out.push_back(element(*o, p));
    }
  }

  void amount(const json::value& v, const std::string& path, std::int64_t& out) {
    const std::string s = shown(v);
    auto too_large = [&] { error(path, s, s + " is too large"); };
    if (const auto* i = v.if_int64()) {
      if (*i > detail::kMaxParsedMinor / 100 || *i < -detail::kMaxParsedMinor / 100)
        too_large();
      else
        out = *i * 100;
    } else if (v.is_uint64()) {
      too_large();
    } else if (const auto* d = v.if_double()) {
      // The shortest text that reads back as the double is the decimal the sender wrote
      // (for ≤ 15 significant digits), so the amount stays exact.
      auto minor = detail::parse_decimal_minor(detail::shortest_double(*d), true);
      if (minor)
        out = *minor;
      else if (minor.error() == detail::DecimalError::TooManyDecimals)
        error(path, s, s + " has more than 2 decimal places");
      else
        too_large();
    } else {
      type_error(path, v, "a number");
    }
  }

 private:
  FieldErrors& errors_;
};

Incident decode_object(Decoder& d, const json::object& root) {
  Incident inc;
  d.unknown_fields(root, "",
                   {"ref", "case_key", "date", "conduct", "detection", "route", "migrants",
                    "smugglers", "methods", "documents", "fees", "harm", "response", "sharing",
                    "status", "base_version", "notes"});
  d.opt_string(root, "ref", "", inc.ref, true);
  if (const auto* v = d.field(root, "case_key", "", false))
    if (auto s = d.string(*v, "case_key")) inc.case_key = std::move(*s);
  if (const auto* v = d.field(root, "date", "", true)) {
    if (auto s = d.string(*v, "date")) {
      if (auto date = parse_date(*s)) {
        inc.date = *date;
      } else {
        const std::string q = quote(*s);
        d.error("date", q, q + " is not a date (YYYY-MM-DD or YYYY-MM)");
      }
    }
  }
  if (const auto* v = d.field(root, "conduct", "", true)) d.enum_set(*v, "conduct", inc.conduct);
  if (const auto* o = d.section(root, "detection", true)) {
    d.unknown_fields(*o, "detection", {"country", "location"});
    d.opt_string(*o, "country", "detection", inc.detection.country, true);
    d.opt_enum(*o, "location", "detection", inc.detection.location, true);
  }
  d.list(root, "route", inc.route, [&](const json::object& o, const std::string& p) {
    RouteLeg leg;
    d.unknown_fields(o, p, {"country", "role", "mode"});
    d.opt_string(o, "country", p, leg.country, true);
    d.opt_enum(o, "role", p, leg.role, true);
    d.opt_enum(o, "mode", p, leg.mode);
    return leg;
  }, true);
  d.list(root, "migrants", inc.migrants, [&](const json::object& o, const std::string& p) {
    MigrantGroup g;
    d.unknown_fields(o, p, {"nationality", "sex", "age", "count", "unaccompanied_children",
                            "document_status"});
    d.opt_string(o, "nationality", p, g.nationality, true);
    d.opt_enum(o, "sex", p, g.sex);
    d.opt_enum(o, "age", p, g.age);
    d.opt_count(o, "count", p, g.count, true);
    d.opt_count(o, "unaccompanied_children", p, g.unaccompanied_children);
    d.opt_enum(o, "document_status", p, g.document_status);
    return g;
  });
  d.list(root, "smugglers", inc.smugglers, [&](const json::object& o, const std::string& p) {
    SmugglerGroup g;
    d.unknown_fields(o, p, {"nationality", "sex", "age", "role", "count"});
    d.opt_string(o, "nationality", p, g.nationality, true);
    d.opt_enum(o, "sex", p, g.sex);
    d.opt_enum(o, "age", p, g.age);
    d.opt_enum(o, "role", p, g.role, true);
    d.opt_count(o, "count", p, g.count, true);
    return g;
  });
  if (const auto* v = d.field(root, "methods", "", false)) d.enum_set(*v, "methods", inc.methods);
  d.list(root, "documents", inc.documents, [&](const json::object& o, const std::string& p) {
    DocumentGroup g;
    d.unknown_fields(o, p, {"type", "fraud", "issuer", "count"});
    d.opt_enum(o, "type", p, g.type, true);
    d.opt_enum(o, "fraud", p, g.fraud, true);
    d.opt_string(o, "issuer", p, g.issuer, true);
    d.opt_count(o, "count", p, g.count, true);
    return g;
  });
  d.list(root, "fees", inc.fees, [&](const json::object& o, const std::string& p) {
    Fee f;
    d.unknown_fields(o, p, {"amount", "currency", "per", "covers", "payment"});
    if (const auto* v = d.field(o, "amount", p, true)) d.amount(*v, join(p, "amount"), f.amount_minor);
    d.opt_string(o, "currency", p, f.currency, true);
    d.opt_enum(o, "per", p, f.per, true);
    d.opt_enum(o, "covers", p, f.covers, true);
    d.opt_enum(o, "payment", p, f.payment);
    return f;
  });
  if (const auto* o = d.section(root, "harm", false)) {
    d.unknown_fields(*o, "harm", {"deaths", "missing", "injured", "abuse"});
    d.opt_count(*o, "deaths", "harm", inc.harm.deaths);
    d.opt_count(*o, "missing", "harm", inc.harm.missing);
    d.opt_count(*o, "injured", "harm", inc.harm.injured);
    if (const auto* a = d.field(*o, "abuse", "harm", false)) d.enum_set(*a, "harm.abuse", inc.harm.abuse);
  }
  if (const auto* o = d.section(root, "response", false)) {
    d.unknown_fields(*o, "response", {"investigations", "arrests", "prosecutions", "convictions"});
    d.opt_count(*o, "investigations", "response", inc.response.investigations);
    d.opt_count(*o, "arrests", "response", inc.response.arrests);
    d.opt_count(*o, "prosecutions", "response", inc.response.prosecutions);
    d.opt_count(*o, "convictions", "response", inc.response.convictions);
  }
  d.opt_enum(root, "sharing", "", inc.sharing);
  d.opt_enum(root, "status", "", inc.status);
  if (const auto* v = d.field(root, "base_version", "", false)) {
    if (const auto* u = v->if_uint64()) {
      inc.base_version = *u;
    } else if (auto n = d.non_negative(*v, "base_version")) {
      inc.base_version = static_cast<std::uint64_t>(*n);
    }
  }
  d.opt_string(root, "notes", "", inc.notes);
  return inc;
}

FieldErrors single_error(std::string message) {
  return FieldErrors{FieldError{"", "", std::move(message)}};
}

DecodeResult decode_value(const json::value& value) {
  FieldErrors errors;
  Decoder d(errors);
  const auto* root = d.object(value, "");
  if (root == nullptr) return tl::unexpected(std::move(errors));
  Incident inc = decode_object(d, *root);
  if (!errors.empty()) return tl::unexpected(std::move(errors));
  return inc;
}

std::string size_message(std::string_view what, std::size_t size, std::size_t limit) {
  return std::string(what) + " is " + std::to_string(size) + " bytes, more than the limit of " +
         std::to_string(limit);
}

template <SchemaEnum E>
json::array enum_array(const std::set<E>& values) {
  json::array a;
  for (E e : values) a.emplace_back(to_string(e));
  return a;
}

json::object item_json(const RouteLeg& leg) {
  return {{"country", leg.country}, {"role", to_string(leg.role)}, {"mode", to_string(leg.mode)}};
}

json::object item_json(const MigrantGroup& g) {
  return {{"nationality", g.nationality},
          {"sex", to_string(g.sex)},
          {"age", to_string(g.age)},
          {"count", g.count},
          {"unaccompanied_children", g.unaccompanied_children},
          {"document_status", to_string(g.document_status)}};
}

json::object item_json(const SmugglerGroup& g) {
  return {{"nationality", g.nationality},
          {"sex", to_string(g.sex)},
          {"age", to_string(g.age)},
          {"role", to_string(g.role)},
          {"count", g.count}};
}

json::object item_json(const DocumentGroup& g) {
  return {{"type", to_string(g.type)}, {"fraud", to_string(g.fraud)}, {"issuer", g.issuer}, {"count", g.count}};
}

json::object item_json(const Fee& f) {
  json::value amount;
  if (f.amount_minor % 100 == 0)
    amount = f.amount_minor / 100;
  else
    amount = static_cast<double>(f.amount_minor) / 100.0;
  return {{"amount", amount},
          {"currency", f.currency},
          {"per", to_string(f.per)},
          {"covers", to_string(f.covers)},
          {"payment", to_string(f.payment)}};
}

// A list of groups as a JSON array, each item through item_json().
template <typename T>
json::array items_json(const std::vector<T>& items) {
  json::array out;
  for (const auto& item : items) out.push_back(item_json(item));
  return out;
}

}  // namespace

DecodeResult decode_incident_value(const json::value& value) {
  try {
    return decode_value(value);
  } catch (const std::bad_alloc&) {
    return tl::unexpected(single_error("out of memory while decoding"));
  }
}

DecodeResult decode_incident(std::string_view json_text, const JsonLimits& limits) {
  if (json_text.size() > limits.max_record_bytes)
    return tl::unexpected(single_error(size_message("input", json_text.size(), limits.max_record_bytes)));
  try {
    auto parsed = detail::parse_json_strict(json_text, limits.max_depth);
    if (!parsed) return tl::unexpected(single_error(parsed.error()));
    return decode_value(*parsed);
  } catch (const std::bad_alloc&) {
    return tl::unexpected(single_error("out of memory while decoding"));
  }
}

Result<std::vector<RecordResult>> decode_incident_file(std::string_view text, const Date& today,
                                                       const JsonLimits& limits) {
  if (text.size() > limits.max_file_bytes)
    return fail(ErrorCode::ResourceExhausted, size_message("file", text.size(), limits.max_file_bytes));
  try {
    auto parsed = detail::parse_json_strict(text, limits.max_depth);
    if (!parsed) return fail(ErrorCode::InvalidArgument, parsed.error());
    const json::array* records = nullptr;
    json::array single;
    if (const auto* obj = parsed->if_object(); obj != nullptr && obj->contains("schema")) {
      for (const auto& kv : *obj) {
        if (kv.key() != "schema" && kv.key() != "records")
          return fail(ErrorCode::InvalidArgument,
                      quote(std::string_view(kv.key())) + ": unknown field of the records file");
      }
      const auto& schema = obj->at("schema");
      if (!schema.is_string() || schema.get_string() != kIncidentSchema)
        return fail(ErrorCode::InvalidArgument,
                    "schema: " + shown(schema) + " is not \"" + std::string(kIncidentSchema) + "\"");
      const auto* r = obj->if_contains("records");
      if (r == nullptr || !r->is_array())
        return fail(ErrorCode::InvalidArgument, "records: expected an array of incidents");
      records = &r->get_array();
    } else if (parsed->is_object()) {
      single.push_back(std::move(*parsed));
      records = &single;
    } else if (parsed->is_array()) {
      records = &parsed->get_array();
    } else {
      return fail(ErrorCode::InvalidArgument,
                  "expected an incident object, an array of incidents or "
                  "{\"schema\":\"vrs.incident/1\",\"records\":[...]}, got " + shown(*parsed));
    }
    if (records->size() > limits.max_records)
      return fail(ErrorCode::ResourceExhausted,
                  std::to_string(records->size()) + " records, more than the limit of " +
                      std::to_string(limits.max_records));
    std::vector<RecordResult> out;
    out.reserve(records->size());
    for (std::size_t i = 0; i < records->size(); ++i) {
      RecordResult r;
      r.index = i;
      const auto& value = (*records)[i];
      if (const auto size = canonical_json(value).size(); size > limits.max_record_bytes) {
        r.errors = single_error(size_message("record", size, limits.max_record_bytes));
      } else if (auto inc = decode_value(value)) {
        r.errors = validate(*inc, today);
        if (r.errors.empty()) r.incident = std::move(*inc);
      } else {
        r.errors = std::move(inc.error());
      }
      out.push_back(std::move(r));
    }
    return out;
  } catch (const std::bad_alloc&) {
    return fail(ErrorCode::ResourceExhausted, "out of memory while decoding the file");
  }
}

json::value to_json(const Incident& inc) {
  json::object root;
  root["ref"] = inc.ref;
  if (inc.case_key) root["case_key"] = *inc.case_key;
  root["date"] = to_string(inc.date);
  root["conduct"] = enum_array(inc.conduct);
  root["detection"] = json::object{{"country", inc.detection.country},
                                   {"location", to_string(inc.detection.location)}};
  root["route"] = items_json(inc.route);
  root["migrants"] = items_json(inc.migrants);
  root["smugglers"] = items_json(inc.smugglers);
  root["methods"] = enum_array(inc.methods);
  root["documents"] = items_json(inc.documents);
  root["fees"] = items_json(inc.fees);
  root["harm"] = json::object{{"deaths", inc.harm.deaths},
                              {"missing", inc.harm.missing},
                              {"injured", inc.harm.injured},
                              {"abuse", enum_array(inc.harm.abuse)}};
  root["response"] = json::object{{"investigations", inc.response.investigations},
                                  {"arrests", inc.response.arrests},
                                  {"prosecutions", inc.response.prosecutions},
                                  {"convictions", inc.response.convictions}};
  root["sharing"] = to_string(inc.sharing);
  root["status"] = to_string(inc.status);
  if (inc.base_version) root["base_version"] = *inc.base_version;
  if (!inc.notes.empty()) root["notes"] = inc.notes;
  return root;
}

std::string encode_canonical(const Incident& incident) {
  return canonical_json(to_json(incident));
}

}  // namespace vrs::schema
