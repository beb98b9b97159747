#pragma once
// Internal to the HTML report: the closing note on methods and disclosure control.

#include <string>

#include "report/document.hpp"

namespace vrs::client::report {

/// The "Methods and disclosure control" section (id `s-notes`): definitions, the disclosure
/// parameters of `doc` (k, fee thresholds, rounding, reciprocity) and its count of suppressed
/// cells. Every text from the document is escaped.
std::string notes_html(const Document& doc);

}  // namespace vrs::client::report
