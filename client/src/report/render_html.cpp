// The HTML rendering of a report: one self-contained page for analysts. Inline CSS and SVG
// only: no script, no external font, image or style sheet, and a Content-Security-Policy that
// forbids loading any, so the file can be opened, mailed and printed offline without leaking
// that it was opened. Every text from the document goes through html_escape().
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "report/display.hpp"
#include "report/document.hpp"
#include "report/html_notes.hpp"
#include "report/html_theme.hpp"
#include "report/svg_chart.hpp"
#include "table_text.hpp"
#include "vrs/client/report/render.hpp"
#include "vrs/schema/report/contract.hpp"

namespace vrs::client::report {

namespace {

using report::Cell;
using report::Figure;
using report::Section;

// --- section building blocks -------------------------------------------------------------

std::optional<double> number(const Figure& f) {
  if (f.is_number()) return f.number;
  return std::nullopt;
}

// Cells whose dimension `dim` is a value (not "*") and every other dimension is "*".
struct Slice {
  std::vector<const Cell*> cells;
  std::size_t suppressed = 0;
};

Slice slice_by(const Section& section, std::size_t dim) {
  Slice out;
  for (const auto& cell : section.cells) {
    if (cell.key[dim] == "*" || !cell.totals_except(dim)) continue;
    if (cell.suppressed) {
      ++out.suppressed;
      continue;
    }
    out.cells.push_back(&cell);
  }
  return out;
}

std::string ranked_bars(const Section& section, std::string_view dim_name, std::string_view measure_name,
                        const std::string& caption, const std::string& color) {
  const auto dim = section.dimension(dim_name);
  const auto measure = section.measure(measure_name);
  if (!dim || !measure) return {};
  const Slice slice = slice_by(section, *dim);
  std::vector<Bar> bars;
  std::size_t hidden = slice.suppressed;
  for (const Cell* cell : slice.cells) {
    const auto v = number(cell->values[*measure]);
    if (!v) {
      ++hidden;
      continue;
    }
    bars.push_back({report::display_value(cell->key[*dim]), *v});
  }
  if (bars.empty()) return suppressed_note(hidden, "in the chart");
  return bar_chart(caption, std::move(bars), color, 15) + suppressed_note(hidden, "in the chart");
}

std::string figure_html(const Figure& f) {
  switch (f.kind) {
    case Figure::Kind::Number:
      return report::group_digits(f);
    case Figure::Kind::Suppressed:
      return suppressed_badge();
    case Figure::Kind::Null:
    case Figure::Kind::Absent:
      break;
  }
  return "–";
}

std::string change_text(const Figure& change) {
  if (change.is_suppressed()) return std::string("change ") + suppressed_badge();
  if (!change.is_number()) return "no change figure";
  std::string out = change.number > 0 ? "▲ +" : (change.number < 0 ? "▼ " : "■ ");
  out += esc(change.text);
  out += '%';
  return out;
}

std::string value_td(const Section& section, const Cell& cell, std::size_t m) {
  std::string out = "<td class=\"n\">";
  out += figure_html(cell.values[m]);
  if (cell.has_own && cell.own[m].is_number()) {
    out += std::string("<span class=\"yours\">(yours: ") + report::group_digits(cell.own[m]) + ")</span>";
  }
  if (section.any_previous && (cell.has_previous || cell.has_change)) {
    out += "<span class=\"delta\">";
    if (cell.has_previous) out += std::string("prev ") + figure_html(cell.previous[m]);
    if (cell.has_change) {
      if (cell.has_previous) out += " · ";
      out += change_text(cell.change_pct[m]);
    }
    out += "</span>";
  }
  out += "</td>";
  return out;
}

std::string section_table(const Section& section) {
  if (section.cells.empty()) return empty_note();
  std::string out = "<div class=\"tablewrap\"><table><thead><tr>";
  for (const auto& d : section.dimensions) out += std::string("<th>") + esc(report::display_name(d)) + "</th>";
  if (section.dimensions.empty()) out += "<th></th>";
  for (const auto& m : section.measures) out += std::string("<th class=\"n\">") + esc(report::display_name(m)) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& cell : section.cells) {
    std::size_t stars = 0;
    for (const auto& k : cell.key) stars += k == "*" ? 1 : 0;
    std::string cls;
    if (!cell.key.empty() && stars == cell.key.size()) {
      cls = "grand";
    } else if (stars > 0) {
      cls = "subtotal";
    }
    if (cell.has_own) cls += cls.empty() ? "own" : " own";
    out += cls.empty() ? std::string("<tr>") : std::string("<tr class=\"") + cls + "\">";
    for (const auto& k : cell.key) out += std::string("<td>") + esc(report::display_value(k)) + "</td>";
    if (cell.key.empty()) out += "<td>All</td>";
    for (std::size_t m = 0; m < section.measures.size(); ++m) out += value_td(section, cell, m);
    out += "</tr>";
  }
  out += "</tbody></table></div>";
  return out;
}

std::string open_section(const Section& section, const std::string& fallback_title, std::string_view lead) {
  std::string out = std::string("<section id=\"s-") + esc(section.name) + "\"><h2>";
  out += esc(section.title.empty() ? fallback_title : section.title);
  out += "</h2>";
  if (!lead.empty()) out += std::string("<p class=\"lead\">") + std::string(lead) + "</p>";
  return out;
}

// The frame of every section but the summary: heading and lead, a note when the section has no
// cells, otherwise its charts (drawn only then) and its table.
std::string charted_section(const Section& section, const std::string& fallback_title, std::string_view lead,
                            const std::function<std::string()>& charts) {
  std::string out = open_section(section, fallback_title, lead);
  if (section.cells.empty()) return out + empty_note() + "</section>";
  out += charts();
  return out + section_table(section) + "</section>";
}

// Ranked bars of one measure over one dimension (nothing when `dim` is empty).
std::function<std::string()> bars_of(const Section& section, std::string_view dim, std::string_view measure,
                                     std::string caption, std::string colour) {
  return [&section, dim, measure, caption = std::move(caption), colour = std::move(colour)] {
    return dim.empty() ? std::string() : ranked_bars(section, dim, measure, caption, colour);
  };
}

// --- the sections --------------------------------------------------------------------------

std::string summary_html(const Section& totals) {
  std::string out = open_section(totals, "Summary", "Totals for the period, with the change from the previous period.");
  if (totals.cells.empty()) return out + empty_note() + section_table(totals) + "</section>";
  const Cell& cell = totals.cells.front();
  out += "<div class=\"cards\">";
  for (std::size_t m = 0; m < totals.measures.size(); ++m) {
    out += std::string("<div class=\"card\"><div class=\"label\">") + esc(report::display_name(totals.measures[m])) + "</div>";
    out += std::string("<div class=\"value\">") + figure_html(cell.values[m]) + "</div>";
    if (cell.has_own && cell.own[m].is_number()) {
      out += std::string("<div class=\"change\" style=\"color:var(--own)\">yours: ") + report::group_digits(cell.own[m]) + "</div>";
    }
    if (cell.has_change || cell.has_previous) {
      out += "<div class=\"change\">";
      if (cell.has_change) out += change_text(cell.change_pct[m]);
      if (cell.has_previous) out += std::string(" (previous: ") + figure_html(cell.previous[m]) + ")";
      out += "</div>";
    }
    out += "</div>";
  }
  out += "</div>";
  out += std::string("<h3>Table</h3>") + section_table(totals) + "</section>";
  return out;
}

std::string trend_charts(const Section& section) {
  std::string out;
  const auto dim = section.dimensions.empty() ? std::nullopt : std::optional<std::size_t>(0);
  if (dim && section.name == "trend_monthly") {
    std::vector<const Cell*> months;
    for (const auto& cell : section.cells) {
      if (cell.key[*dim] != "*") months.push_back(&cell);
    }
    std::stable_sort(months.begin(), months.end(), [&](const Cell* a, const Cell* b) { return a->key[*dim] < b->key[*dim]; });
    std::vector<std::string> labels;
    for (const Cell* c : months) labels.push_back(c->key[*dim]);
    std::string charts;
    std::size_t hidden = 0;
    for (const auto& [measure_name, colour] : {std::pair<std::string, std::string>{"migrants", "#d55e00"},
                                               std::pair<std::string, std::string>{"incidents", "#0072b2"}}) {
      const auto m = section.measure(measure_name);
      if (!m) continue;
      Series series{measure_name, colour, {}};
      for (const Cell* c : months) {
        series.points.push_back(number(c->values[*m]));
        if (!series.points.back()) ++hidden;
      }
      charts += line_chart(report::display_name(measure_name) + " per month", labels, series);
    }
    if (!charts.empty() && !months.empty()) {
      out += std::string("<div class=\"charts\">") + charts + "</div>";
      if (hidden > 0) out += std::string("<p class=\"note\">") + count_text(hidden, "suppressed month value", "suppressed month values") + " not drawn: the line breaks there.</p>";
    }
  }
  return out;
}

std::string routes_charts(const Section& section) {
  std::string out;
  const auto o = section.dimension("origin");
  const auto d = section.dimension("destination");
  const auto mode = section.dimension("mode");
  const auto migrants = section.measure("migrants");
  if (o && d && migrants) {
    std::vector<Flow> flows;
    std::size_t hidden = 0;
    const auto collect = [&](bool all_modes) {
      flows.clear();
      hidden = 0;
      for (const auto& cell : section.cells) {
        if (cell.key[*o] == "*" || cell.key[*d] == "*") continue;
        if (mode && (cell.key[*mode] == "*") != all_modes) continue;
        const auto v = number(cell.values[*migrants]);
        if (!v) {
          ++hidden;
          continue;
        }
        if (*v > 0) flows.push_back({cell.key[*o], cell.key[*d], *v});
      }
    };
    collect(true);
    if (flows.empty() && hidden == 0) collect(false);
    if (!flows.empty()) out += flow_chart("Migrants by route (origin → destination)", flows, 14);
    out += suppressed_note(hidden, "in the diagram");
  }
  return out;
}

std::string migrants_charts(const Section& section) {
  std::string out;
  const auto nat = section.dimension("nationality");
  const auto sex = section.dimension("sex");
  const auto age = section.dimension("age");
  const auto migrants = section.measure("migrants");
  if (nat && sex && migrants) {
    // Sexes in a fixed order, then any other value the server sends.
    std::vector<std::string> sexes = {"female", "male", "unknown"};
    for (const auto& cell : section.cells) {
      const auto& s = cell.key[*sex];
      if (s != "*" && std::find(sexes.begin(), sexes.end(), s) == sexes.end()) sexes.push_back(s);
    }
    struct Row {
      std::string nationality;
      double order = 0;
      std::vector<std::optional<double>> parts;
    };
    std::vector<Row> rows;
    std::size_t hidden = 0;
    for (const auto& cell : section.cells) {
      if (cell.key[*nat] == "*" || (age && cell.key[*age] != "*")) continue;
      auto row = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.nationality == cell.key[*nat]; });
      if (row == rows.end()) {
        rows.push_back({cell.key[*nat], -1, std::vector<std::optional<double>>(sexes.size())});
        row = rows.end() - 1;
      }
      const auto v = number(cell.values[*migrants]);
      if (cell.key[*sex] == "*") {
        if (v) row->order = *v;
        continue;
      }
      const auto at = static_cast<std::size_t>(std::find(sexes.begin(), sexes.end(), cell.key[*sex]) - sexes.begin());
      if (!v) {
        ++hidden;
        continue;
      }
      row->parts[at] = v;
    }
    for (auto& r : rows) {
      if (r.order < 0) {
        r.order = 0;
        for (const auto& p : r.parts) r.order += p.value_or(0);
      }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.order > b.order; });
    std::vector<Stack> stacks;
    for (const auto& r : rows) {
      bool any = false;
      for (const auto& p : r.parts) any = any || (p && *p > 0);
      if (!any) continue;
      if (stacks.size() == 12) break;
      stacks.push_back({report::display_value(r.nationality), r.parts});
    }
    std::vector<std::string> names;
    for (const auto& s : sexes) names.push_back(report::display_value(s));
    if (!stacks.empty()) out += stacked_chart("Migrants by nationality and sex (largest 12 nationalities)", stacks, names);
    out += suppressed_note(hidden, "in the chart");
  }
  return out;
}

std::string fees_charts(const Section& section) {
  std::string out;
  const auto o = section.dimension("origin");
  const auto d = section.dimension("destination");
  const auto cur = section.dimension("currency");
  const auto q1 = section.measure("q1");
  const auto median = section.measure("median");
  const auto q3 = section.measure("q3");
  const auto mn = section.measure("min");
  const auto mx = section.measure("max");
  if (o && d && cur && q1 && median && q3) {
    // One plot per currency, "*" (all currencies in USD) first, then by number of routes.
    std::vector<std::pair<std::string, std::vector<Box>>> plots;
    std::size_t hidden = 0;
    for (const auto& cell : section.cells) {
      if (cell.key[*o] == "*" || cell.key[*d] == "*") continue;
      if (cell.suppressed) {
        ++hidden;
        continue;
      }
      const auto a = number(cell.values[*q1]);
      const auto b = number(cell.values[*median]);
      const auto c = number(cell.values[*q3]);
      if (!a || !b || !c) continue;
      Box box{report::display_value(cell.key[*o]) + " → " + report::display_value(cell.key[*d]), *a, *b, *c, {}, {}};
      if (mn && mx) {
        box.min = number(cell.values[*mn]);
        box.max = number(cell.values[*mx]);
      }
      auto plot = std::find_if(plots.begin(), plots.end(), [&](const auto& p) { return p.first == cell.key[*cur]; });
      if (plot == plots.end()) {
        plots.emplace_back(cell.key[*cur], std::vector<Box>());
        plot = plots.end() - 1;
      }
      plot->second.push_back(std::move(box));
    }
    std::stable_sort(plots.begin(), plots.end(), [](const auto& a, const auto& b) {
      if ((a.first == "*") != (b.first == "*")) return a.first == "*";
      return a.second.size() > b.second.size();
    });
    for (auto& [currency, boxes] : plots) {
      std::stable_sort(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) { return a.median > b.median; });
      if (boxes.size() > 12) boxes.resize(12);
      const std::string unit = currency == "*" ? std::string("USD (all currencies converted)") : currency;
      out += box_chart(std::string("Fee per person by route, ") + unit, boxes, unit);
    }
    out += suppressed_note(hidden, "in the box plots");
  }
  return out;
}

std::string coverage_html(const report::Coverage& coverage) {
  std::string out = "<section id=\"s-coverage\"><h2>";
  out += esc(coverage.title.empty() ? std::string("Coverage: reporting members by month") : coverage.title);
  out += "</h2><p class=\"lead\">Which members reported records dated in each month (✓). Members are named only when they agreed to be.</p>";
  if (coverage.months.empty()) return out + empty_note() + "</section>";
  out += "<div class=\"tablewrap\"><table class=\"grid-cov\"><thead><tr><th>Member</th>";
  for (const auto& m : coverage.months) out += std::string("<th>") + esc(report::month_label(m)) + "</th>";
  out += "</tr></thead><tbody>";
  for (const auto& member : coverage.members) {
    out += member.own ? "<tr class=\"own\">" : "<tr>";
    out += std::string("<td>") + esc(member.label) + (member.own ? " <span class=\"yours\" style=\"display:inline\">(you)</span>" : "") + "</td>";
    for (const bool r : member.reported) out += r ? "<td><span class=\"tick\" title=\"reported\">✓</span></td>" : "<td></td>";
    out += "</tr>";
  }
  out += "<tr class=\"grand\"><td>Reporting members</td>";
  for (const auto& f : coverage.reporting_members) out += std::string("<td>") + figure_html(f) + "</td>";
  out += "</tr></tbody></table></div></section>";
  return out;
}

std::string section_label(const Section& s) {
  static const std::map<std::string, std::string, std::less<>> kTitles = {
      {"totals", "Summary"},          {"trend_monthly", "Monthly trend"},  {"trend_quarterly", "Quarterly trend"},
      {"routes", "Routes"},           {"route_transits", "Transit countries"}, {"migrants", "Migrants"},
      {"smugglers", "Smugglers"},     {"smuggler_profiles", "Smuggler profiles"}, {"methods", "Methods"},
      {"documents", "Documents"},     {"harm", "Harm to migrants"},        {"response", "Law-enforcement response"},
      {"fees", "Fees"}};
  const auto it = kTitles.find(s.name);
  return it != kTitles.end() ? it->second : report::display_name(s.name);
}

std::string render_section(const Section& s) {
  const std::string label = section_label(s);
  const auto charts = [&s](std::string (*draw)(const Section&)) { return [&s, draw] { return draw(s); }; };
  if (s.name == "totals") return summary_html(s);
  if (s.name == "trend_monthly" || s.name == "trend_quarterly") {
    return charted_section(s, label, "By month of detection; “prev” is the same month or quarter before.", charts(trend_charts));
  }
  if (s.name == "routes") return charted_section(s, "Routes", "Origin → destination of each incident's route, and its mode of transport.", charts(routes_charts));
  if (s.name == "route_transits") {
    return charted_section(s, label, "Countries crossed in transit; an incident counts under each of its transit countries.",
                           bars_of(s, "transit", "migrants", "Migrants by transit country", "#009e73"));
  }
  if (s.name == "migrants") return charted_section(s, "Migrants", "Migrants by nationality, sex and age; “All” rows are totals.", charts(migrants_charts));
  if (s.name == "smugglers") {
    return charted_section(s, label, "Smugglers by nationality and by their role in the operation; “All” rows are totals.",
                           bars_of(s, "role", "smugglers", "Smugglers by role", "#cc79a7"));
  }
  if (s.name == "methods") {
    return charted_section(s, label, "Smuggling methods; an incident counts under each of its methods.",
                           bars_of(s, "method", "incidents", "Incidents by method", "#0072b2"));
  }
  if (s.name == "harm") {
    return charted_section(s, label, "Abuse suffered by migrants, deaths, missing and injured persons.",
                           bars_of(s, "abuse", "incidents", "Incidents by kind of abuse", "#d55e00"));
  }
  if (s.name == "fees") return charted_section(s, "Smuggling fees", "Fees paid per person by route and currency; “All” currencies are converted to US dollars.", charts(fees_charts));
  return charted_section(s, label, {}, bars_of(s, {}, {}, {}, {}));
}

// "2026-11-23T14:00:00Z" → "2026-11-23 14:00:00 UTC"; anything else unchanged.
std::string readable_time(const std::string& time) {
  if (time.size() < 20 || time[10] != 'T' || time.back() != 'Z') return time;
  std::string out = time.substr(0, 10);
  out += ' ';
  out += time.substr(11, 8);
  out += " UTC";
  return out;
}

std::string header_html(const report::Document& doc) {
  std::string out = "<header class=\"masthead\"><div class=\"kicker\">VRS · Voluntary Reporting System · ";
  out += doc.name == "regional" || doc.name.empty() ? std::string("Regional report") : std::string("Analysis: ") + esc(doc.name);
  out += std::string("</div><h1>") + esc(report::display_name(doc.region)) + " · " + esc(doc.period) + "</h1>";
  out += "<p class=\"sub\">";
  if (!doc.from.empty()) out += esc(doc.from) + " to " + esc(doc.to);
  if (!doc.previous_from.empty()) out += std::string(", compared with ") + esc(doc.previous_from) + " to " + esc(doc.previous_to);
  out += "</p><dl class=\"meta\">";
  const auto item = [&out](std::string_view term, const std::string& html_value) {
    out += "<div><dt>";
    out += term;
    out += std::string("</dt><dd>") + html_value + "</dd></div>";
  };
  item("Region", esc(doc.region));
  std::string states;
  for (const auto& s : doc.states) states += (states.empty() ? "" : ", ") + esc(s);
  item("States", states.empty() ? std::string("–") : states);
  item("Period", esc(doc.period));
  if (!doc.filters.empty()) {
    std::string filters;
    for (const auto& [key, value] : doc.filters) {
      if (!filters.empty()) filters += "; ";
      filters += esc(report::display_name(key)) + ": " + esc(report::display_value(value));
    }
    item("Filters", filters);
  }
  item("Generated", esc(readable_time(doc.generated_at)));
  item("Data cut-off", esc(readable_time(doc.data_cutoff)));
  std::string viewer = esc(doc.viewer_member);
  if (!doc.viewer_role.empty()) viewer += std::string(" (") + esc(doc.viewer_role) + ")";
  item("Viewer", viewer.empty() ? std::string("–") : viewer);
  std::string control = std::string("k = ") + number_or(doc.disclosure.k, "n/a");
  if (doc.disclosure.suppressed_cells.is_number()) {
    control += std::string(", ") + report::group_digits(doc.disclosure.suppressed_cells) + " cells suppressed";
  }
  item("Disclosure", control);
  out += "</dl></header>";
  return out;
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '/': out += "&#47;"; break;  // OWASP; also keeps "://" out of the page's text
      default:
        // Control characters other than tab and newline have no business in a label.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

Result<std::string> render_report_html(const boost::json::object& object) {
  VRS_TRY(auto read, report::read_document(object));
  const report::Document& doc = read;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += std::string("<title>VRS report: ") + esc(report::display_name(doc.region)) + ", " + esc(doc.period) + "</title>\n";
  out += "<style>";
  out += page_css();
  out += "</style>\n</head>\n<body>\n";
  out += header_html(doc);
  out += "\n<main>\n";
  if (!doc.reciprocity_regional) {
    out += "<div class=\"banner\" role=\"note\"><strong>Only your own data.</strong> Regional figures are withheld under "
           "the reciprocity rule";
    if (!doc.reciprocity_rule.empty()) out += std::string(" (") + esc(doc.reciprocity_rule) + ")";
    out += ": every figure below is your own. ";
    out += esc(doc.reciprocity_reason);
    out += "</div>\n";
  }

  // Sections in reading order, then any the server added that this client does not know.
  std::vector<const Section*> ordered;
  for (const auto name : schema::report::kSections) {
    if (const Section* s = doc.section(name)) ordered.push_back(s);
  }
  for (const auto& s : doc.sections) {
    if (!schema::report::is_section(s.name)) ordered.push_back(&s);
  }
  out += "<nav class=\"toc\">";
  for (const Section* s : ordered) out += std::string("<a href=\"#s-") + esc(s->name) + "\">" + esc(section_label(*s)) + "</a>";
  if (doc.coverage) out += "<a href=\"#s-coverage\">Coverage</a>";
  out += "<a href=\"#s-notes\">Methods and disclosure control</a></nav>\n";
  out += std::string("<p class=\"legend\"><span>") + suppressed_badge() +
         " suppressed for confidentiality</span><span><span class=\"yours\" style=\"display:inline\">(yours: N)</span> "
         "your own contribution</span><span>All = total, Unknown = not established</span></p>\n";
  for (const Section* s : ordered) {
    out += render_section(*s);
    out += '\n';
  }
  if (doc.coverage) out += coverage_html(*doc.coverage) + "\n";
  out += notes_html(doc);
  out += "\n</main>\n<footer>Figures computed by the VRS server with disclosure control; rendered offline by "
         "vrs-client. Schema ";
  out += esc(doc.schema);
  out += ". SHA-256 of the report data: <code>";
  out += esc(doc.sha256);
  out += "</code></footer>\n</body>\n</html>\n";
  return out;
}

}  // namespace vrs::client::report
