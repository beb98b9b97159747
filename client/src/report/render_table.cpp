// Terminal tables of one report section (`vrs-client analyze`).
#include <algorithm>
#include <limits>
#include <sstream>

#include "report/display.hpp"
#include "report/document.hpp"
#include "report/text_table.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/client/report/render.hpp"

namespace vrs::client::report {

namespace {

using report::Cell;
using report::Figure;
using report::Section;

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Text from the document is shown whole, made safe for the terminal (net::printable).
constexpr std::size_t kWhole = std::numeric_limits<std::size_t>::max();

std::string figure_cell(const Figure& f) {
  switch (f.kind) {
    case Figure::Kind::Number:
      return f.text;
    case Figure::Kind::Suppressed:
      return "C";
    case Figure::Kind::Null:
    case Figure::Kind::Absent:
      break;
  }
  return "-";
}

std::string value_cell(const Cell& cell, std::size_t m) {
  std::string text = figure_cell(cell.values[m]);
  if (cell.has_own && cell.own[m].is_number()) {
    text += " (own ";
    text += cell.own[m].text;
    text += ')';
  }
  return text;
}

std::string header_lines(const report::Document& doc, std::string_view name, std::string_view title) {
  std::ostringstream out;
  out << name;
  if (!title.empty()) out << ": " << net::printable(title, kWhole);
  out << "\n";
  out << "region " << net::printable(doc.region, kWhole);
  if (!doc.states.empty()) {
    out << " (";
    for (std::size_t i = 0; i < doc.states.size(); ++i) out << (i == 0 ? "" : ", ") << net::printable(doc.states[i], kWhole);
    out << ")";
  }
  out << ", period " << net::printable(doc.period, kWhole);
  if (!doc.from.empty()) out << " (" << net::printable(doc.from, kWhole) << ".." << net::printable(doc.to, kWhole) << ")";
  for (const auto& [key, value] : doc.filters) out << ", " << net::printable(key, kWhole) << "=" << net::printable(value, kWhole);
  out << "\n";
  out << "k=" << figure_cell(doc.disclosure.k);
  if (!doc.viewer_role.empty()) out << ", viewer " << net::printable(doc.viewer_member, kWhole) << " (" << net::printable(doc.viewer_role, kWhole) << ")";
  if (!doc.data_cutoff.empty()) out << ", data cut-off " << net::printable(doc.data_cutoff, kWhole);
  out << "\n";
  if (!doc.reciprocity_regional) {
    out << "reciprocity: only your own data is shown";
    if (!doc.reciprocity_reason.empty()) out << ": " << net::printable(doc.reciprocity_reason, kWhole);
    out << "\n";
  }
  return out.str();
}

std::string section_table(const Section& section) {
  if (section.cells.empty()) return "(no data for this period)\n";
  Table table;
  if (section.dimensions.empty()) {
    // One cell (totals): a measure per line, with the previous period beside it.
    table.header = {"MEASURE", "VALUE"};
    table.right = {false, true};
    if (section.any_previous) {
      table.header.insert(table.header.end(), {"PREVIOUS", "CHANGE%"});
      table.right.insert(table.right.end(), {true, true});
    }
    for (const auto& cell : section.cells) {
      for (std::size_t m = 0; m < section.measures.size(); ++m) {
        std::vector<std::string> row = {net::printable(section.measures[m], kWhole), value_cell(cell, m)};
        if (section.any_previous) {
          row.push_back(cell.has_previous ? figure_cell(cell.previous[m]) : "-");
          row.push_back(cell.has_change ? figure_cell(cell.change_pct[m]) : "-");
        }
        table.rows.push_back(std::move(row));
      }
    }
    return table.str();
  }
  for (const auto& d : section.dimensions) {
    table.header.push_back(upper(net::printable(d, kWhole)));
    table.right.push_back(false);
  }
  for (const auto& m : section.measures) {
    table.header.push_back(upper(net::printable(m, kWhole)));
    table.right.push_back(true);
    if (section.any_previous) {
      table.header.push_back(upper(net::printable(m, kWhole)) + "_CHG%");
      table.right.push_back(true);
    }
  }
  for (const auto& cell : section.cells) {
    std::vector<std::string> row;
    for (const auto& k : cell.key) row.push_back(net::printable(k, kWhole));
    for (std::size_t m = 0; m < section.measures.size(); ++m) {
      row.push_back(value_cell(cell, m));
      if (section.any_previous) row.push_back(cell.has_change ? figure_cell(cell.change_pct[m]) : "-");
    }
    table.rows.push_back(std::move(row));
  }
  return table.str();
}

std::string coverage_table(const report::Coverage& coverage) {
  if (coverage.months.empty()) return "(no data for this period)\n";
  Table table;
  table.header = {"MEMBER"};
  table.right = {false};
  for (const auto& m : coverage.months) {
    table.header.push_back(net::printable(m, kWhole));
    table.right.push_back(true);
  }
  std::vector<std::string> counts = {"reporting members"};
  for (const auto& f : coverage.reporting_members) counts.push_back(figure_cell(f));
  table.rows.push_back(std::move(counts));
  for (const auto& member : coverage.members) {
    std::string label = net::printable(member.label, kWhole);
    if (member.own) label += " (you)";
    std::vector<std::string> row = {std::move(label)};
    for (const bool r : member.reported) row.emplace_back(r ? "✓" : "-");
    table.rows.push_back(std::move(row));
  }
  return table.str();
}

}  // namespace

Result<std::string> render_section_table(const boost::json::object& object, std::string_view name) {
  VRS_TRY(auto doc, report::read_document(object));
  if (name == "coverage") {
    if (!doc.coverage) return fail(ErrorCode::NotFound, "report: no section \"coverage\"");
    std::string out = header_lines(doc, name, doc.coverage->title);
    out += "\n";
    out += coverage_table(*doc.coverage);
    return out;
  }
  const Section* section = doc.section(name);
  if (section == nullptr) {
    std::string message = "report: no section \"";
    message += net::printable(name, kWhole);
    message += '"';
    return fail(ErrorCode::NotFound, std::move(message));
  }
  std::string out = header_lines(doc, name, section->title);
  out += "* = all, XXX = unknown, C = suppressed (confidential)\n\n";
  out += section_table(*section);
  return out;
}

}  // namespace vrs::client::report
