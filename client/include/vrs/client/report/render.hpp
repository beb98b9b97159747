#pragma once
/// Renderings of the server's analyses and regional reports (`vrs.report/1`, docs/reports.md):
/// a self-contained HTML report, a folder of CSV files, and terminal tables. The server applies
/// disclosure control; these functions only show what they receive, and never a number for a
/// suppressed cell (a cell marked suppressed is shown as suppressed whatever its values say).
///
/// Every render function reads the document first and fails with InvalidArgument naming the
/// JSON path of the first ill-typed field; none throws. Text from the document is escaped for
/// its output (HTML-escaped, RFC 4180-quoted).
///
/// Thread-safety: pure functions.

#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "vrs/common/error.hpp"

namespace vrs::client::report {

/// Parses a response body as a report: JSON object (depth-limited), `schema` "vrs.report/1",
/// a matching sha256 and a well-typed structure. The sha256 matches when it is the digest of
/// the body's own bytes without its final `,"sha256":"<hex>"` member (the server appends it
/// last), or else schema::report::digest() of the parsed document (vrs/schema/report/contract.hpp
/// has the section names and the digest). DataLoss "report: sha256 mismatch (...)" when the
/// digest does not match; InvalidArgument otherwise.
Result<boost::json::object> parse_report(std::string_view body);

/// The whole document as one self-contained HTML page: inline CSS and SVG only, no script, no
/// external resource, a Content-Security-Policy that forbids loading any.
Result<std::string> render_report_html(const boost::json::object& doc);

/// One CSV file of the CSV rendering: a file name (no directory) and its content.
struct ReportFile {
  std::string name;
  std::string content;
};

/// parameters.csv and one `<section>.csv` per section present (RFC 4180, CRLF line ends).
/// Section columns: dimensions (codes as sent, "*" = all), measures, previous_<m> and
/// change_pct_<m> (sections with a previous period), own_<m> (when some cell has `own`), and
/// OBS_STATUS ("C" for a suppressed cell, whose measure columns are then empty). coverage.csv:
/// member, named, own, one column per month (1 reported, 0 not); its first row, member "*",
/// holds the number of reporting members per month. A text field that a spreadsheet would
/// read as a formula (starting with = + - @, tab or CR) gets a leading apostrophe.
Result<std::vector<ReportFile>> render_report_csv(const boost::json::object& doc);

/// A header (section, region, period, k, viewer, and the reciprocity reason when it applies)
/// and the section as an aligned table: dimensions then measures, a suppressed value as `C`,
/// the viewer's own numbers as `(own N)`. NotFound when the document has no such section.
Result<std::string> render_section_table(const boost::json::object& doc, std::string_view section);

/// One field of a CSV line: quoted when it holds a comma, quote, CR or LF (quotes doubled).
std::string csv_field(std::string_view text);
/// Text made safe for HTML element content and attribute values (& < > " ').
std::string html_escape(std::string_view text);

}  // namespace vrs::client::report
