#pragma once
// Labels of dimension values in the report (private to server/src).

#include <cstdio>
#include <string>

#include "analysis/cube.hpp"
#include "vrs/schema/enums.hpp"
#include "vrs/server/analysis/facts.hpp"

namespace vrs::server::analysis {

inline constexpr std::uint16_t kModeMixed = 4;  ///< route mode: legs with different known modes

inline std::string month_label(int month) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", month / 12, month % 12 + 1);
  return buf;
}

inline std::string quarter_label(int quarter) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-Q%d", quarter / 4, quarter % 4 + 1);
  return buf;
}

template <class E>
std::string enum_label(std::uint16_t v) {
  const auto& names = schema::EnumTable<E>::names;
  return v < names.size() ? std::string(names[v]) : std::string("unknown");
}

inline std::string label(Dim kind, std::uint16_t v) {
  if (v == kStar) return "*";
  switch (kind) {
    case Dim::Country: return unpack_code(v);
    case Dim::Sex: return enum_label<schema::Sex>(v);
    case Dim::MigrantAge: return enum_label<schema::MigrantAge>(v);
    case Dim::SmugglerAge: return enum_label<schema::SmugglerAge>(v);
    case Dim::SmugglerRole: return enum_label<schema::SmugglerRole>(v);
    case Dim::Method: return enum_label<schema::Method>(v);
    case Dim::DocumentType: return enum_label<schema::DocumentType>(v);
    case Dim::FraudType: return enum_label<schema::FraudType>(v);
    case Dim::Abuse: return enum_label<schema::Abuse>(v);
    case Dim::Conduct: return enum_label<schema::Conduct>(v);
    case Dim::RouteMode: return v == kModeMixed ? std::string("mixed") : enum_label<schema::TransportMode>(v);
    case Dim::Month: return month_label(v);
    case Dim::Quarter: return quarter_label(v);
  }
  return "?";
}

}  // namespace vrs::server::analysis
