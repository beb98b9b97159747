#pragma once
// Internal to the HTML report: the page's style sheet, the chart palette and the small HTML
// pieces every section uses.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace vrs::client::report {

/// The inline style sheet (screen and print).
std::string_view page_css();

/// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
inline constexpr std::array<const char*, 8> kPalette = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                        "#e69f00", "#56b4e9", "#8a6d00", "#7f7f7f"};

/// html_escape().
std::string esc(std::string_view text);
/// "12,345"; other numbers with one decimal.
std::string grouped(double value);
/// The "C" badge of a suppressed value.
std::string suppressed_badge();
/// "No data for this period."
std::string empty_note();
/// "N suppressed cells not shown <what>." (nothing for 0).
std::string suppressed_note(std::size_t n, std::string_view what);

}  // namespace vrs::client::report
