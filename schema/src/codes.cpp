#include "vrs/schema/codes.hpp"

#include <array>
#include <map>
#include <string>

#include <boost/json.hpp>

#include "detail/iso_codes_data.hpp"
#include "vrs/common/assert.hpp"

namespace vrs::schema {
namespace {

using CodeTable = std::map<std::string, std::string, std::less<>>;

std::string concat(std::span<const std::string_view> chunks) {
  std::string out;
  for (auto chunk : chunks) out += chunk;
  return out;
}

// Reads {"<list>": [{"alpha_3": "...", "name": "..."}, ...]}. The data is compiled in, so a
// failure here is a broken build, not bad input: abort loudly.
CodeTable load(std::span<const std::string_view> chunks, std::string_view list_key) {
  boost::system::error_code ec;
  const boost::json::value doc = boost::json::parse(concat(chunks), ec);
  VRS_ASSERT(!ec && doc.is_object(), "embedded iso-codes JSON does not parse");
  const auto* list = doc.as_object().if_contains(list_key);
  VRS_ASSERT(list != nullptr && list->is_array(), "embedded iso-codes JSON has no code list");
  CodeTable table;
  for (const auto& entry : list->as_array()) {
    const auto* obj = entry.if_object();
    VRS_ASSERT(obj != nullptr, "iso-codes entry is not an object");
    const auto* code = obj->if_contains("alpha_3");
    const auto* name = obj->if_contains("name");
    VRS_ASSERT(code != nullptr && code->is_string() && name != nullptr && name->is_string(),
               "iso-codes entry without alpha_3/name");
    table.emplace(std::string(code->as_string()), std::string(name->as_string()));
  }
  VRS_ASSERT(!table.empty(), "iso-codes list is empty");
  return table;
}

const CodeTable& countries() {
  static const CodeTable table = load(detail::iso_3166_1_json_chunks(), "3166-1");
  return table;
}

const CodeTable& currencies() {
  static const CodeTable table = [] {
    CodeTable t = load(detail::iso_4217_json_chunks(), "4217");
    // Not currencies a fee can be paid in: "no currency" and the testing code.
    t.erase("XXX");
    t.erase("XTS");
    return t;
  }();
  return table;
}

struct Special {
  std::string_view code;
  std::string_view name;
};
constexpr std::array<Special, 4> kSpecials{{
    {"XXA", "Stateless person"},
    {"XXB", "Refugee (1951 Convention)"},
    {"XXC", "Refugee (other)"},
    {"XXX", "Unknown"},
}};

std::optional<std::string_view> lookup(const CodeTable& table, std::string_view code) {
  auto it = table.find(code);
  if (it == table.end()) return std::nullopt;
  return std::string_view(it->second);
}

}  // namespace

bool is_country_alpha3(std::string_view code) { return countries().contains(code); }

std::optional<std::string_view> country_name(std::string_view code) {
  return lookup(countries(), code);
}

bool is_icao_special_nationality(std::string_view code) noexcept {
  for (const auto& s : kSpecials)
    if (s.code == code) return true;
  return false;
}

bool is_nationality(std::string_view code) {
  return is_icao_special_nationality(code) || is_country_alpha3(code);
}

std::optional<std::string_view> nationality_name(std::string_view code) {
  for (const auto& s : kSpecials)
    if (s.code == code) return s.name;
  return country_name(code);
}

bool is_country_or_unknown(std::string_view code) {
  return code == kUnknownCode || is_country_alpha3(code);
}

bool is_currency(std::string_view code) { return currencies().contains(code); }

std::optional<std::string_view> currency_name(std::string_view code) {
  return lookup(currencies(), code);
}

std::size_t country_count() { return countries().size(); }
std::size_t currency_count() { return currencies().size(); }

}  // namespace vrs::schema
