#pragma once
// Internal to the report renderers: a plain-text table whose columns are aligned by display
// width (UTF-8 aware), as `vrs-client analyze` and `audit-report` print them. The caller makes
// text from a document safe for the terminal before it goes in (net::printable).

#include <algorithm>
#include <string>
#include <vector>

#include "report/display.hpp"

namespace vrs::client::report {

/// Rows under a header; `right` marks right-aligned (numeric) columns. Cells are separated
/// by two spaces; trailing spaces are trimmed.
struct Table {
  std::vector<std::string> header;
  std::vector<bool> right;  // right-aligned (numbers)
  std::vector<std::vector<std::string>> rows;

  [[nodiscard]] std::string str() const {
    std::vector<std::size_t> width(header.size(), 0);
    for (std::size_t c = 0; c < header.size(); ++c) width[c] = report::display_width(header[c]);
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size() && c < width.size(); ++c) {
        width[c] = std::max(width[c], report::display_width(row[c]));
      }
    }
    std::string out;
    const auto line = [&](const std::vector<std::string>& cells) {
      std::string text;
      for (std::size_t c = 0; c < cells.size() && c < width.size(); ++c) {
        const std::size_t pad = width[c] - report::display_width(cells[c]);
        if (c > 0) text += "  ";
        if (right[c]) text.append(pad, ' ');
        text += cells[c];
        if (!right[c] && c + 1 < cells.size()) text.append(pad, ' ');
      }
      while (!text.empty() && text.back() == ' ') text.pop_back();
      out += text;
      out += '\n';
    };
    line(header);
    for (const auto& row : rows) line(row);
    return out;
  }
};

}  // namespace vrs::client::report
