// CSV rendering of a report: parameters.csv and one file per section (RFC 4180). The
// confidentiality flag follows SDMX: OBS_STATUS "C" marks a suppressed (confidential) cell.
#include "report/display.hpp"
#include "report/document.hpp"
#include "vrs/client/net/https_client.hpp"
#include "vrs/client/report/render.hpp"

namespace vrs::client::report {

namespace {

using report::Cell;
using report::Figure;
using report::Section;

constexpr std::string_view kCrlf = "\r\n";

// A text field a spreadsheet could take for a formula gets an apostrophe in front (OWASP CSV
// injection advice). Only text columns: numbers keep their sign.
std::string text_field(std::string_view text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' ||
                        text[0] == '\r')) {
    std::string guarded = "'";
    guarded += text;
    return csv_field(guarded);
  }
  return csv_field(text);
}

std::string number_field(const Figure& f) { return f.is_number() ? f.text : std::string(); }

void add_line(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  out += kCrlf;
}

std::string section_csv(const Section& section) {
  std::vector<std::string> header;
  for (const auto& d : section.dimensions) header.push_back(text_field(d));
  for (const auto& m : section.measures) header.push_back(text_field(m));
  if (section.any_previous) {
    for (const auto& m : section.measures) header.push_back(text_field(std::string("previous_") + m));
    for (const auto& m : section.measures) header.push_back(text_field(std::string("change_pct_") + m));
  }
  if (section.any_own) {
    for (const auto& m : section.measures) header.push_back(text_field(std::string("own_") + m));
  }
  header.emplace_back("OBS_STATUS");
  if (section.any_previous) header.emplace_back("PREVIOUS_OBS_STATUS");
  std::string out;
  add_line(out, header);
  for (const Cell& cell : section.cells) {
    std::vector<std::string> row;
    for (const auto& k : cell.key) row.push_back(text_field(k));
    // read_document() has already made every value of a suppressed cell non-numeric.
    for (const auto& f : cell.values) row.push_back(number_field(f));
    bool previous_hidden = false;
    if (section.any_previous) {
      for (std::size_t m = 0; m < section.measures.size(); ++m) {
        const Figure none;
        const Figure& p = cell.has_previous ? cell.previous[m] : none;
        previous_hidden = previous_hidden || p.is_suppressed();
        row.push_back(number_field(p));
      }
      for (std::size_t m = 0; m < section.measures.size(); ++m) {
        row.push_back(cell.has_change ? number_field(cell.change_pct[m]) : std::string());
      }
    }
    if (section.any_own) {
      for (std::size_t m = 0; m < section.measures.size(); ++m) {
        row.push_back(cell.has_own ? number_field(cell.own[m]) : std::string());
      }
    }
    row.emplace_back(cell.suppressed ? "C" : "");
    if (section.any_previous) row.emplace_back(previous_hidden ? "C" : "");
    add_line(out, row);
  }
  return out;
}

std::string coverage_csv(const report::Coverage& coverage) {
  std::vector<std::string> header = {"member", "named", "own"};
  for (const auto& m : coverage.months) header.push_back(text_field(m));
  std::string out;
  add_line(out, header);
  std::vector<std::string> counts = {"*", "", ""};
  for (const auto& f : coverage.reporting_members) counts.push_back(number_field(f));
  add_line(out, counts);
  for (const auto& member : coverage.members) {
    std::vector<std::string> row = {text_field(member.label), member.named ? "1" : "0", member.own ? "1" : "0"};
    for (const bool r : member.reported) row.emplace_back(r ? "1" : "0");
    add_line(out, row);
  }
  return out;
}

std::string parameters_csv(const report::Document& doc) {
  std::string out;
  const auto pair = [&out](std::string_view name, std::string_view value) {
    add_line(out, {text_field(name), text_field(value)});
  };
  pair("parameter", "value");
  pair("schema", doc.schema);
  pair("name", doc.name);
  pair("region", doc.region);
  std::string states;
  for (const auto& s : doc.states) {
    if (!states.empty()) states += ' ';
    states += s;
  }
  pair("states", states);
  pair("period", doc.period);
  pair("from", doc.from);
  pair("to", doc.to);
  pair("previous_from", doc.previous_from);
  pair("previous_to", doc.previous_to);
  for (const auto& [key, value] : doc.filters) pair(std::string("filter_") + key, value);
  pair("generated_at", doc.generated_at);
  pair("data_cutoff", doc.data_cutoff);
  pair("viewer_member_id", doc.viewer_member);
  pair("viewer_state", doc.viewer_state);
  pair("viewer_role", doc.viewer_role);
  const auto& d = doc.disclosure;
  pair("k", number_field(d.k));
  pair("min_incidents", number_field(d.min_incidents));
  pair("fee_min_persons", number_field(d.fee_min_persons));
  pair("fee_min_incidents", number_field(d.fee_min_incidents));
  pair("fee_max_share", number_field(d.fee_max_share));
  pair("fee_rounding", number_field(d.fee_rounding));
  pair("suppressed_cells", number_field(d.suppressed_cells));
  pair("reciprocity", doc.reciprocity_regional ? "regional" : "own_data_only");
  pair("reciprocity_rule", doc.reciprocity_rule);
  pair("reciprocity_reason", doc.reciprocity_reason);
  pair("sha256", doc.sha256);
  return out;
}

}  // namespace

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

Result<std::vector<ReportFile>> render_report_csv(const boost::json::object& object) {
  VRS_TRY(auto doc, report::read_document(object));
  std::vector<ReportFile> files;
  files.push_back({"parameters.csv", parameters_csv(doc)});
  for (const auto& section : doc.sections) {
    // Section names become file names: only the documented ones and other plain names.
    bool plain = !section.name.empty() && section.name.size() <= 64 && section.name != "parameters";
    for (const char c : section.name) plain = plain && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    if (!plain) {
      std::string message = "report: section name \"";
      message += net::printable(section.name, 64);
      message += "\" cannot be a file name";
      return fail(ErrorCode::InvalidArgument, std::move(message));
    }
    files.push_back({section.name + ".csv", section_csv(section)});
  }
  if (doc.coverage) files.push_back({"coverage.csv", coverage_csv(*doc.coverage)});
  return files;
}

}  // namespace vrs::client::report
