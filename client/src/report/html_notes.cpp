// The methods and disclosure-control note of the HTML report (docs/reports.md): what the
// figures count and which rules withheld which cells, with this report's own parameters.
#include "report/html_notes.hpp"

#include <cmath>

#include "report/display.hpp"
#include "report/html_theme.hpp"

namespace vrs::client::report {

std::string notes_html(const report::Document& doc) {
  const auto& d = doc.disclosure;
  std::string share = "n/a";
  if (d.fee_max_share.is_number()) share = grouped(std::round(d.fee_max_share.number * 1000) / 10) + "%";
  std::string out = R"(<section id="s-notes" class="notes"><h2>Methods and disclosure control</h2>)";
  out += "<h3>Definitions</h3><ul>";
  out += "<li><strong>Records counted.</strong> Every figure counts the latest active version of each record; withdrawn "
         "records and superseded versions never count.</li>";
  out += "<li><strong>Period.</strong> A record falls in the period by its detection date. A record dated to the month "
         "only (for example 2025-03) counts on the first day of that month. The previous period is the period of the "
         "same length immediately before";
  if (!doc.previous_from.empty()) out += std::string(" (") + esc(doc.previous_from) + " to " + esc(doc.previous_to) + ")";
  out += "; change = (value − previous) ÷ previous × 100, rounded to 0.1, shown only when the previous value is "
         "known and not zero.</li>";
  out += "<li><strong>Counting.</strong> Incidents are distinct incidents (an incident with several groups counts once "
         "per row); migrants, smugglers and documents add up the group counts. “All” rows are totals over that "
         "column; “Unknown” (XXX) is an unknown nationality or an origin or destination that was not established.</li>";
  out += "<li><strong>Multi-valued breakdowns.</strong> Transit countries, methods, abuse and conduct: an incident "
         "counts under every value it has, so these rows add up to more than the “All” row, which counts every "
         "incident of the period once.</li>";
  out += "<li><strong>Route mode.</strong> The one mode of transport of all legs with a known mode, “mixed” when they "
         "differ, “unknown” when none is known.</li>";
  out += "<li><strong>Fees.</strong> Each fee entry is one observation; a fee paid per group becomes a per-person "
         "observation by dividing it by the incident's number of migrants. “All” currencies converts to US dollars "
         "at the configured rate of the observation's month, else its year.</li>";
  out += "</ul><h3>Disclosure control</h3><ul>";
  out += std::string("<li><strong>Primary suppression.</strong> A cell is suppressed when fewer than k = ") + number_or(d.k, "n/a") +
         " persons or fewer than " + number_or(d.min_incidents, "n/a") +
         " incidents contribute to it. For a reporting member the test applies to the other members' contributions, "
         "so subtracting its own numbers cannot reveal another member's.</li>";
  out += "<li><strong>Secondary suppression.</strong> Further cells are suppressed so that no suppressed cell can be "
         "worked out, or narrowed to a small range, from all the numbers of all the sections of this report put "
         "together: the server solves that puzzle the way an attacker with a solver would, and hides more until "
         "every hidden cell stays uncertain by at least k persons and " +
         number_or(d.min_incidents, "n/a") +
         " incidents. Totals are hidden only when nothing else protects. Anyone can check this with "
         "<code>vrs-client audit-report</code> on the saved JSON report.</li>";
  out += "<li><strong>Small random changes.</strong> ";
  if (d.noise_max_deviation.is_number()) {
    out += std::string("The other members' figures in this report carry a small fixed change of at most ") +
           number_or(d.noise_max_deviation, "n/a") +
           " up or down (your own figures are exact, and zero stays zero). The same records always get the same "
           "change, so asking again or through another period or filter shows the same figure, and subtracting "
           "two reports does not give an exact figure. Totals therefore need not equal the sum of their rows "
           "exactly.";
  } else {
    out += "None: the figures in this report are exact.";
  }
  out += "</li>";
  out += "<li><strong>Periods.</strong> Reports cover whole calendar months, so two reports cannot be subtracted to "
         "reveal a few days.</li>";
  out += std::string("<li><strong>Fees.</strong> A fee figure is published only from at least ") + number_or(d.fee_min_persons, "n/a") +
         " persons in at least " + number_or(d.fee_min_incidents, "n/a") +
         " incidents, with no single incident giving more than " + share +
         " of the observations. Minimum and maximum are shown to analysts only.</li>";
  out += std::string("<li><strong>Rounding.</strong> Fee medians and quartiles are rounded to ") + number_or(d.fee_rounding, "n/a") +
         " units of the currency (US$" + number_or(d.fee_rounding, "n/a") + " for converted figures).</li>";
  out += "<li><strong>Reciprocity.</strong> ";
  if (doc.reciprocity_rule == "off") {
    out += "Not applied: every reporting member sees the regional figures.";
  } else {
    out += "A reporting member whose state submitted no records dated in the period's ";
    out += doc.reciprocity_rule == "period" ? "period" : "year(s)";
    out += " sees only its own data.";
  }
  out += doc.reciprocity_regional ? " This report shows regional figures." : " This report shows only your own data.";
  out += "</li>";
  out += "<li><strong>Naming.</strong> Members appear by state and member id only when they agreed to be named; "
         "otherwise as “Member N”, numbered in an order that does not reveal them.</li>";
  out += std::string("<li><strong>In this report</strong> ") + number_or(d.suppressed_cells, "an unknown number of") +
         " cells are suppressed, shown as " + suppressed_badge() + " (confidential, SDMX flag C).";
  std::string costs;
  for (const auto& c : d.by_section) {
    if (!c.primary.is_number() || !c.secondary.is_number() || c.primary.number + c.secondary.number <= 0) continue;
    costs += costs.empty() ? " By section: " : "; ";
    costs += esc(c.section) + " " + number_or(c.primary, "?") + " unsafe themselves and " +
             number_or(c.secondary, "?") + " hidden to protect them";
    if (c.persons_share_pct.is_number()) costs += " (about " + number_or(c.persons_share_pct, "?") + "% of its persons)";
  }
  if (!costs.empty()) out += costs + ".";
  out += "</li>";
  out += "</ul></section>";
  return out;
}

}  // namespace vrs::client::report
