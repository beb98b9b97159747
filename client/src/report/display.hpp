#pragma once
// Internal to the report renderers: how codes, names, numbers and months are shown to people
// (HTML, CSV headers, terminal tables).

#include <cstddef>
#include <string>
#include <string_view>

#include "report/document.hpp"

namespace vrs::client::report {

/// "*" → "All", "XXX" → "Unknown", ICAO XXA/XXB/XXC named, lower_snake enum names humanised
/// ("fraudulent_documents" → "Fraudulent documents"); anything else (codes, months) as is.
std::string display_value(std::string_view value);
/// Column and measure names for people: "unaccompanied_children" → "Unaccompanied children",
/// "usd_q1" → "USD Q1".
std::string display_name(std::string_view name);
/// "12345" → "12,345" for integral figures; other numbers as their text.
std::string group_digits(const Figure& figure);
/// group_digits() of a number; `fallback` for a suppressed, null or absent figure.
std::string number_or(const Figure& figure, std::string_view fallback);
/// "2025-03" → "Mar 2025"; anything else unchanged.
std::string month_label(std::string_view month);
/// The number of Unicode code points (terminal columns for the text we print).
std::size_t display_width(std::string_view text);

}  // namespace vrs::client::report
