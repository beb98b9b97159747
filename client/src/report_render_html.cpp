// The HTML rendering of a report: one self-contained page for analysts. Inline CSS and SVG
// only: no script, no external font, image or style sheet, and a Content-Security-Policy that
// forbids loading any, so the file can be opened, mailed and printed offline without leaking
// that it was opened. Every text from the document goes through html_escape().
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>

#include "report_document.hpp"
#include "vrs/client/report_render.hpp"

namespace vrs::client {

namespace {

using report::Cell;
using report::Figure;
using report::Section;

constexpr const char* kCss = R"css(
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--bg:#f4f6f8;--accent:#0b3d5c;--inc:#0072b2;--mig:#d55e00;--own:#6a3d9a}
*{box-sizing:border-box}
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{margin:0;font:14px/1.45 "DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
.masthead{background:var(--accent);color:#fff;padding:22px 32px 18px}
.masthead .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:11px;opacity:.8}
.masthead h1{margin:4px 0 2px;font-size:26px;font-weight:700}
.masthead .sub{margin:0 0 12px;opacity:.9}
.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:4px 24px;margin:0}
.meta div{display:flex;gap:8px}
.meta dt{min-width:104px;opacity:.75}
.meta dd{margin:0;font-weight:600;word-break:break-word}
main{max-width:1200px;margin:0 auto;padding:8px 24px 24px}
.banner{margin:16px 0;padding:12px 16px;border-left:6px solid #b54708;background:#fffaeb;border-radius:4px}
.banner strong{color:#93370d}
nav.toc{margin:16px 0;font-size:13px;display:flex;flex-wrap:wrap;gap:4px 16px}
nav.toc a{color:var(--accent);text-decoration:none;white-space:nowrap}
section{background:#fff;border:1px solid var(--line);border-radius:6px;padding:14px 20px 18px;margin:16px 0}
h2{font-size:18px;margin:0 0 2px;color:var(--accent)}
h3{font-size:14px;margin:14px 0 6px;color:var(--muted)}
p.lead{margin:0 0 10px;color:var(--muted);font-size:13px}
.note{color:var(--muted);font-size:12px;margin:4px 0 0}
.empty{color:var(--muted);font-style:italic;padding:8px 0}
.legend{font-size:12px;color:var(--muted);margin:8px 0 0}
.legend span{margin-right:16px;white-space:nowrap}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(158px,1fr));gap:12px;margin-top:8px}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 12px;background:#fbfcfd}
.card .label{font-size:12px;color:var(--muted)}
.card .value{font-size:26px;font-weight:700;line-height:1.2;font-variant-numeric:tabular-nums}
.card .change{font-size:12px;color:var(--muted)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:8px 24px}
figure{margin:8px 0}
figcaption{font-size:13px;font-weight:600;color:var(--ink);margin-bottom:2px}
svg{max-width:100%;height:auto;display:block}
svg text{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;font-size:11px;fill:#52606d}
svg .axis{stroke:#9aa5b1;stroke-width:1}
svg .grid{stroke:#e4e7eb;stroke-width:1}
svg text.lbl{fill:#1f2933}
.tablewrap{overflow-x:auto;margin-top:8px}
table{border-collapse:collapse;width:100%;font-size:12.5px}
th{font-weight:600;text-align:left;color:var(--muted);border-bottom:2px solid var(--line);padding:5px 8px;vertical-align:bottom}
td{padding:4px 8px;border-bottom:1px solid #eef1f4;vertical-align:top}
th.n{text-align:right}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.grand td{font-weight:700;background:#eef3f7}
tr.subtotal td{background:#f8fafb}
tr.own td:first-child{box-shadow:inset 3px 0 var(--own)}
.sup{display:inline-block;min-width:1.6em;padding:0 4px;border-radius:3px;background:#e4e7eb;color:#3e4c59;font-size:11px;font-weight:700;text-align:center}
.yours{display:block;color:var(--own);font-size:11px;font-weight:400}
.delta{display:block;color:var(--muted);font-size:11px;font-weight:400}
.grid-cov td,.grid-cov th{text-align:center;padding:3px 6px}
.grid-cov td:first-child,.grid-cov th:first-child{text-align:left}
.tick{color:#067647;font-weight:700}
.notes h3{color:var(--accent)}
.notes li{margin:3px 0}
footer{max-width:1200px;margin:0 auto;padding:8px 24px 32px;font-size:12px;color:var(--muted)}
footer code{font-size:11.5px;word-break:break-all;color:var(--ink)}
@media print{
  body{background:#fff;font-size:11px}
  .masthead{background:#fff;color:#000;border-bottom:2px solid #000;padding:0 0 8px}
  nav.toc{display:none}
  main{padding:0;max-width:none}
  section{border:none;border-top:1px solid #bbb;border-radius:0;padding:8px 0;break-inside:auto}
  figure,.cards,.banner{break-inside:avoid}
  h2,h3{break-after:avoid}
  thead{display:table-header-group}
  tr{break-inside:avoid}
  .tablewrap{overflow:visible}
  .charts{grid-template-columns:1fr 1fr}
  footer{padding:8px 0}
}
)css";

// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
constexpr std::array<const char*, 8> kPalette = {"#0072b2", "#d55e00", "#009e73", "#cc79a7",
                                                 "#e69f00", "#56b4e9", "#8a6d00", "#7f7f7f"};

std::string esc(std::string_view text) { return html_escape(text); }

// SVG coordinates with one decimal.
std::string px(double value) {
  if (!std::isfinite(value)) value = 0;
  std::array<char, 32> buffer{};
  const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), std::round(value * 10) / 10,
                                       std::chars_format::fixed, 1);
  if (ec != std::errc()) return "0";
  std::string out(buffer.data(), end);
  if (out.size() > 2 && out.compare(out.size() - 2, 2, ".0") == 0) out.resize(out.size() - 2);
  return out;
}

std::string grouped(double value) {
  Figure f;
  f.kind = Figure::Kind::Number;
  f.number = value;
  if (std::floor(value) == value && std::fabs(value) < 1e15) {
    f.text = std::to_string(static_cast<long long>(value));
  } else {
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value, std::chars_format::fixed, 1);
    f.text = ec == std::errc() ? std::string(buffer.data(), end) : std::string("?");
  }
  return report::group_digits(f);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  std::string out = std::to_string(n);
  out += ' ';
  out += n == 1 ? one : many;
  return out;
}

// A "nice" upper bound for an axis (1, 2 or 5 times a power of ten) and its tick step.
std::pair<double, double> nice_axis(double max) {
  if (!(max > 0)) return {1, 1};
  const double raw = max / 4;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * magnitude;
    if (raw <= step) break;
  }
  if (step < 1) step = 1;
  return {std::ceil(max / step) * step, step};
}

std::string short_number(double value) {
  if (std::fabs(value) >= 1e6) return px(value / 1e6) + "M";
  if (std::fabs(value) >= 1e4) return px(value / 1e3) + "k";
  return grouped(value);
}

std::string suppressed_badge() { return R"(<span class="sup" title="Suppressed: confidential">C</span>)"; }

std::string empty_note() { return R"(<p class="empty">No data for this period.</p>)"; }

std::string suppressed_note(std::size_t n, std::string_view what) {
  if (n == 0) return {};
  std::string out = R"(<p class="note">)";
  out += plural(n, "suppressed cell", "suppressed cells");
  out += " not shown";
  if (!what.empty()) {
    out += ' ';
    out += esc(what);
  }
  out += ".</p>";
  return out;
}

// --- charts ------------------------------------------------------------------------------

struct Series {
  std::string name;
  std::string color;
  std::vector<std::optional<double>> points;  // nullopt: suppressed or absent
};

std::string line_chart(const std::string& caption, const std::vector<std::string>& months, const Series& series) {
  constexpr double kWidth = 560, kHeight = 230, kLeft = 56, kRight = 16, kTop = 14, kBottom = 44;
  const double plot_w = kWidth - kLeft - kRight;
  const double plot_h = kHeight - kTop - kBottom;
  double max = 0;
  for (const auto& p : series.points) {
    if (p) max = std::max(max, *p);
  }
  const auto axis = nice_axis(max);
  const double top = axis.first;
  const double step = axis.second;
  const std::size_t n = months.size();
  const auto x_at = [&](std::size_t i) { return n <= 1 ? kLeft + plot_w / 2 : kLeft + plot_w * static_cast<double>(i) / static_cast<double>(n - 1); };
  const auto y_at = [&](double v) { return kTop + plot_h - plot_h * v / top; };

  std::string svg = "<figure><figcaption>";
  svg += esc(caption);
  svg += "</figcaption><svg viewBox=\"0 0 ";
  svg += px(kWidth);
  svg += ' ';
  svg += px(kHeight);
  svg += "\" width=\"";
  svg += px(kWidth);
  svg += "\" height=\"";
  svg += px(kHeight);
  svg += "\" role=\"img\" aria-label=\"";
  svg += esc(caption);
  svg += "\">";
  for (double v = 0; v <= top + step / 2; v += step) {
    const std::string y = px(y_at(v));
    svg += std::string("<line class=\"grid\" x1=\"") + px(kLeft) + "\" x2=\"" + px(kLeft + plot_w) + "\" y1=\"" + y + "\" y2=\"" + y + "\"/>";
    svg += std::string("<text x=\"") + px(kLeft - 6) + "\" y=\"" + px(y_at(v) + 4) + "\" text-anchor=\"end\">" + short_number(v) + "</text>";
  }
  svg += std::string("<line class=\"axis\" x1=\"") + px(kLeft) + "\" x2=\"" + px(kLeft + plot_w) + "\" y1=\"" + px(kTop + plot_h) +
         "\" y2=\"" + px(kTop + plot_h) + "\"/>";
  const std::size_t every = n > 12 ? (n + 11) / 12 : 1;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % every != 0) continue;
    const std::string label = report::month_label(months[i]);
    const auto space = label.find(' ');
    const std::string x = px(x_at(i));
    svg += std::string("<text x=\"") + x + "\" y=\"" + px(kTop + plot_h + 16) + "\" text-anchor=\"middle\">" +
           esc(label.substr(0, space)) + "</text>";
    if (space != std::string::npos && (i == 0 || label.compare(0, 3, "Jan") == 0)) {
      svg += std::string("<text x=\"") + x + "\" y=\"" + px(kTop + plot_h + 30) + "\" text-anchor=\"middle\">" +
             esc(label.substr(space + 1)) + "</text>";
    }
  }
  // The line breaks where a month is suppressed: nothing is drawn through a hidden value.
  std::string path;
  bool pen_down = false;
  for (std::size_t i = 0; i < n && i < series.points.size(); ++i) {
    if (!series.points[i]) {
      pen_down = false;
      continue;
    }
    path += pen_down ? " L" : (path.empty() ? "M" : " M");
    path += px(x_at(i));
    path += ' ';
    path += px(y_at(*series.points[i]));
    pen_down = true;
  }
  if (!path.empty()) {
    svg += std::string("<path d=\"") + path + "\" fill=\"none\" stroke=\"" + series.color + "\" stroke-width=\"2.2\" stroke-linejoin=\"round\"/>";
  }
  for (std::size_t i = 0; i < n && i < series.points.size(); ++i) {
    if (!series.points[i]) continue;
    svg += std::string("<circle cx=\"") + px(x_at(i)) + "\" cy=\"" + px(y_at(*series.points[i])) + "\" r=\"3.2\" fill=\"" + series.color +
           "\"><title>" + esc(report::month_label(months[i])) + ": " + grouped(*series.points[i]) + "</title></circle>";
  }
  svg += "</svg></figure>";
  return svg;
}

struct Bar {
  std::string label;
  double value = 0;
};

std::string bar_chart(const std::string& caption, std::vector<Bar> bars, const std::string& color, std::size_t limit) {
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.value > b.value; });
  const std::size_t more = bars.size() > limit ? bars.size() - limit : 0;
  if (more > 0) bars.resize(limit);
  constexpr double kWidth = 900, kLabel = 230, kRow = 24, kTop = 6;
  const double bar_w = kWidth - kLabel - 90;
  double max = 0;
  for (const auto& b : bars) max = std::max(max, b.value);
  if (!(max > 0)) max = 1;
  const double height = kTop * 2 + kRow * static_cast<double>(bars.size());
  std::string svg = std::string("<figure><figcaption>") + esc(caption) + "</figcaption><svg viewBox=\"0 0 " + px(kWidth) + ' ' +
                    px(height) + "\" width=\"" + px(kWidth) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
                    esc(caption) + "\">";
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i);
    const double w = std::max(1.0, bar_w * bars[i].value / max);
    svg += std::string("<text class=\"lbl\" x=\"") + px(kLabel - 8) + "\" y=\"" + px(y + 16) + "\" text-anchor=\"end\">" +
           esc(bars[i].label) + "</text>";
    svg += std::string("<rect x=\"") + px(kLabel) + "\" y=\"" + px(y + 4) + "\" width=\"" + px(w) + "\" height=\"" + px(kRow - 8) +
           "\" rx=\"2\" fill=\"" + color + "\"><title>" + esc(bars[i].label) + ": " + grouped(bars[i].value) + "</title></rect>";
    svg += std::string("<text x=\"") + px(kLabel + w + 6) + "\" y=\"" + px(y + 16) + "\">" + grouped(bars[i].value) + "</text>";
  }
  svg += "</svg>";
  if (more > 0) svg += std::string("<p class=\"note\">") + plural(more, "more row", "more rows") + " in the table below.</p>";
  svg += "</figure>";
  return svg;
}

struct Stack {
  std::string label;
  std::vector<std::optional<double>> parts;  // nullopt: suppressed or absent
};

std::string stacked_chart(const std::string& caption, const std::vector<Stack>& stacks, const std::vector<std::string>& names) {
  constexpr double kWidth = 900, kLabel = 200, kRow = 24, kTop = 6;
  const double bar_w = kWidth - kLabel - 90;
  double max = 0;
  for (const auto& s : stacks) {
    double sum = 0;
    for (const auto& p : s.parts) sum += p.value_or(0);
    max = std::max(max, sum);
  }
  if (!(max > 0)) max = 1;
  const double height = kTop * 2 + kRow * static_cast<double>(stacks.size());
  std::string svg = std::string("<figure><figcaption>") + esc(caption) + "</figcaption><svg viewBox=\"0 0 " + px(kWidth) + ' ' +
                    px(height) + "\" width=\"" + px(kWidth) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
                    esc(caption) + "\">";
  for (std::size_t i = 0; i < stacks.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i);
    svg += std::string("<text class=\"lbl\" x=\"") + px(kLabel - 8) + "\" y=\"" + px(y + 16) + "\" text-anchor=\"end\">" +
           esc(stacks[i].label) + "</text>";
    double x = kLabel;
    double sum = 0;
    for (std::size_t p = 0; p < stacks[i].parts.size(); ++p) {
      if (!stacks[i].parts[p] || !(*stacks[i].parts[p] > 0)) continue;
      const double w = bar_w * *stacks[i].parts[p] / max;
      svg += std::string("<rect x=\"") + px(x) + "\" y=\"" + px(y + 4) + "\" width=\"" + px(w) + "\" height=\"" + px(kRow - 8) +
             "\" fill=\"" + kPalette[p % kPalette.size()] + "\"><title>" + esc(stacks[i].label) + ", " +
             esc(p < names.size() ? names[p] : std::string()) + ": " + grouped(*stacks[i].parts[p]) + "</title></rect>";
      x += w;
      sum += *stacks[i].parts[p];
    }
    svg += std::string("<text x=\"") + px(x + 6) + "\" y=\"" + px(y + 16) + "\">" + grouped(sum) + "</text>";
  }
  svg += "</svg><p class=\"legend\">";
  for (std::size_t p = 0; p < names.size(); ++p) {
    svg += "<span><i class=\"swatch\" style=\"background:";
    svg += kPalette[p % kPalette.size()];
    svg += std::string("\"></i>") + esc(names[p]) + "</span>";
  }
  svg += "</p></figure>";
  return svg;
}

struct Box {
  std::string label;
  double q1 = 0, median = 0, q3 = 0;
  std::optional<double> min, max;
};

std::string box_chart(const std::string& caption, const std::vector<Box>& boxes, const std::string& unit) {
  constexpr double kWidth = 900, kLabel = 200, kRow = 28, kTop = 8, kAxis = 26;
  const double plot_w = kWidth - kLabel - 40;
  double max = 0;
  for (const auto& b : boxes) max = std::max({max, b.q3, b.max.value_or(0)});
  const auto axis = nice_axis(max);
  const double top = axis.first;
  const double step = axis.second;
  const double height = kTop + kRow * static_cast<double>(boxes.size()) + kAxis;
  const auto x_at = [&](double v) { return kLabel + plot_w * v / top; };
  std::string svg = std::string("<figure><figcaption>") + esc(caption) + "</figcaption><svg viewBox=\"0 0 " + px(kWidth) + ' ' +
                    px(height) + "\" width=\"" + px(kWidth) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
                    esc(caption) + "\">";
  const double plot_bottom = kTop + kRow * static_cast<double>(boxes.size());
  for (double v = 0; v <= top + step / 2; v += step) {
    const std::string x = px(x_at(v));
    svg += std::string("<line class=\"grid\" x1=\"") + x + "\" x2=\"" + x + "\" y1=\"" + px(kTop) + "\" y2=\"" + px(plot_bottom) + "\"/>";
    svg += std::string("<text x=\"") + x + "\" y=\"" + px(plot_bottom + 16) + "\" text-anchor=\"middle\">" + short_number(v) + "</text>";
  }
  for (std::size_t i = 0; i < boxes.size(); ++i) {
    const Box& b = boxes[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const double mid = y + kRow / 2;
    svg += std::string("<text class=\"lbl\" x=\"") + px(kLabel - 8) + "\" y=\"" + px(mid + 4) + "\" text-anchor=\"end\">" + esc(b.label) + "</text>";
    if (b.min && b.max) {
      svg += std::string("<line x1=\"") + px(x_at(*b.min)) + "\" x2=\"" + px(x_at(*b.max)) + "\" y1=\"" + px(mid) + "\" y2=\"" + px(mid) +
             "\" stroke=\"#52606d\" stroke-width=\"1\"/>";
      for (const double v : {*b.min, *b.max}) {
        svg += std::string("<line x1=\"") + px(x_at(v)) + "\" x2=\"" + px(x_at(v)) + "\" y1=\"" + px(mid - 6) + "\" y2=\"" + px(mid + 6) +
               "\" stroke=\"#52606d\" stroke-width=\"1\"/>";
      }
    }
    std::string title = esc(b.label) + ": Q1 " + grouped(b.q1) + ", median " + grouped(b.median) + ", Q3 " + grouped(b.q3);
    if (b.min && b.max) title += std::string(", min ") + grouped(*b.min) + ", max " + grouped(*b.max);
    title += ' ';
    title += esc(unit);
    svg += std::string("<rect x=\"") + px(x_at(b.q1)) + "\" y=\"" + px(y + 6) + "\" width=\"" + px(std::max(2.0, x_at(b.q3) - x_at(b.q1))) +
           "\" height=\"" + px(kRow - 12) + "\" fill=\"#cfe3f2\" stroke=\"#0072b2\"><title>" + title + "</title></rect>";
    svg += std::string("<line x1=\"") + px(x_at(b.median)) + "\" x2=\"" + px(x_at(b.median)) + "\" y1=\"" + px(y + 6) + "\" y2=\"" +
           px(y + kRow - 6) + "\" stroke=\"#0b3d5c\" stroke-width=\"2.5\"/>";
  }
  svg += "</svg><p class=\"legend\"><span>Box: first quartile to third quartile; bar: median";
  bool whiskers = false;
  for (const auto& b : boxes) whiskers = whiskers || (b.min && b.max);
  if (whiskers) svg += "; whiskers: minimum to maximum";
  svg += std::string(". Per person, ") + esc(unit) + ".</span></p></figure>";
  return svg;
}

struct Flow {
  std::string origin, destination;
  double value = 0;
};

// Origins on the left, destinations on the right, one ribbon per route, its width by migrants.
std::string flow_chart(const std::string& caption, std::vector<Flow> flows, std::size_t limit) {
  std::stable_sort(flows.begin(), flows.end(), [](const Flow& a, const Flow& b) { return a.value > b.value; });
  const std::size_t more = flows.size() > limit ? flows.size() - limit : 0;
  if (more > 0) flows.resize(limit);
  std::vector<std::pair<std::string, double>> origins, destinations;
  const auto add = [](std::vector<std::pair<std::string, double>>& nodes, const std::string& name, double v) {
    for (auto& node : nodes) {
      if (node.first == name) {
        node.second += v;
        return;
      }
    }
    nodes.emplace_back(name, v);
  };
  double total = 0;
  for (const auto& f : flows) {
    add(origins, f.origin, f.value);
    add(destinations, f.destination, f.value);
    total += f.value;
  }
  const auto by_size = [](const auto& a, const auto& b) { return a.second > b.second; };
  std::stable_sort(origins.begin(), origins.end(), by_size);
  std::stable_sort(destinations.begin(), destinations.end(), by_size);
  // Ribbons take about 320 px in all; a node is never shorter than a line of its label.
  constexpr double kWidth = 900, kNodeW = 14, kLeft = 150, kRight = 150, kGap = 8, kTop = 8, kMinNode = 15, kFlowSpan = 320;
  const double scale = total > 0 ? kFlowSpan / total : 0;
  const auto node_height = [&](double v) { return std::max(kMinNode, v * scale); };
  const auto column_height = [&](const std::vector<std::pair<std::string, double>>& nodes) {
    double sum = 0;
    for (const auto& n : nodes) sum += node_height(n.second);
    return sum + kGap * static_cast<double>(nodes.empty() ? 0 : nodes.size() - 1);
  };
  const double height = std::max(column_height(origins), column_height(destinations)) + 2 * kTop + 18;
  const auto layout = [&](const std::vector<std::pair<std::string, double>>& nodes) {
    std::map<std::string, double> top;
    double y = kTop + (height - 18 - 2 * kTop - column_height(nodes)) / 2;
    for (const auto& n : nodes) {
      top[n.first] = y;
      y += node_height(n.second) + kGap;
    }
    return top;
  };
  auto origin_top = layout(origins);
  auto destination_top = layout(destinations);
  const double x0 = kLeft, x1 = kWidth - kRight;
  std::string svg = std::string("<figure><figcaption>") + esc(caption) + "</figcaption><svg viewBox=\"0 0 " + px(kWidth) + ' ' +
                    px(height) + "\" width=\"" + px(kWidth) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
                    esc(caption) + "\">";
  std::map<std::string, double> origin_used, destination_used;
  std::map<std::string, std::size_t> origin_colour;
  for (std::size_t i = 0; i < origins.size(); ++i) origin_colour[origins[i].first] = i;
  for (const auto& f : flows) {
    const double w = f.value * scale;
    const auto offset = [&](const std::vector<std::pair<std::string, double>>& nodes, const std::string& name) {
      for (const auto& n : nodes) {
        if (n.first == name) return (node_height(n.second) - n.second * scale) / 2;
      }
      return 0.0;
    };
    const double y0 = origin_top[f.origin] + offset(origins, f.origin) + origin_used[f.origin] + w / 2;
    const double y1 = destination_top[f.destination] + offset(destinations, f.destination) + destination_used[f.destination] + w / 2;
    origin_used[f.origin] += w;
    destination_used[f.destination] += w;
    const double cx = (x0 + kNodeW + x1) / 2;
    svg += std::string("<path d=\"M") + px(x0 + kNodeW) + ' ' + px(y0) + " C" + px(cx) + ' ' + px(y0) + ' ' + px(cx) + ' ' + px(y1) + ' ' +
           px(x1) + ' ' + px(y1) + "\" fill=\"none\" stroke=\"" + kPalette[origin_colour[f.origin] % kPalette.size()] +
           "\" stroke-opacity=\"0.45\" stroke-width=\"" + px(std::max(1.5, w)) + "\"><title>" +
           esc(report::display_value(f.origin)) + " → " + esc(report::display_value(f.destination)) + ": " +
           grouped(f.value) + " migrants</title></path>";
  }
  for (const auto& [name, value] : origins) {
    const double y = origin_top[name];
    const double h = node_height(value);
    svg += std::string("<rect x=\"") + px(x0) + "\" y=\"" + px(y) + "\" width=\"" + px(kNodeW) + "\" height=\"" + px(h) + "\" fill=\"" +
           kPalette[origin_colour[name] % kPalette.size()] + "\"/>";
    svg += std::string("<text class=\"lbl\" x=\"") + px(x0 - 6) + "\" y=\"" + px(y + h / 2 + 4) + "\" text-anchor=\"end\">" +
           esc(report::display_value(name)) + " (" + grouped(value) + ")</text>";
  }
  for (const auto& [name, value] : destinations) {
    const double y = destination_top[name];
    const double h = node_height(value);
    svg += std::string("<rect x=\"") + px(x1) + "\" y=\"" + px(y) + "\" width=\"" + px(kNodeW) + "\" height=\"" + px(h) +
           "\" fill=\"#52606d\"/>";
    svg += std::string("<text class=\"lbl\" x=\"") + px(x1 + kNodeW + 6) + "\" y=\"" + px(y + h / 2 + 4) + "\">" +
           esc(report::display_value(name)) + " (" + grouped(value) + ")</text>";
  }
  svg += std::string("<text x=\"") + px(x0) + "\" y=\"" + px(height - 2) + "\">Origin</text>";
  svg += std::string("<text x=\"") + px(x1 + kNodeW) + "\" y=\"" + px(height - 2) + "\" text-anchor=\"end\">Destination</text>";
  svg += "</svg>";
  if (more > 0) svg += std::string("<p class=\"note\">The ") + std::to_string(limit) + " largest routes; " + plural(more, "more", "more") + " in the table below.</p>";
  svg += "</figure>";
  return svg;
}

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

std::string trend_html(const Section& section, const std::string& fallback) {
  std::string out = open_section(section, fallback, "By month of detection; “prev” is the same month or quarter before.");
  if (section.cells.empty()) return out + empty_note() + "</section>";
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
      if (hidden > 0) out += std::string("<p class=\"note\">") + plural(hidden, "suppressed month value", "suppressed month values") + " not drawn: the line breaks there.</p>";
    }
  }
  out += section_table(section) + "</section>";
  return out;
}

std::string routes_html(const Section& section) {
  std::string out = open_section(section, "Routes", "Origin → destination of each incident's route, and its mode of transport.");
  if (section.cells.empty()) return out + empty_note() + "</section>";
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
  out += section_table(section) + "</section>";
  return out;
}

std::string migrants_html(const Section& section) {
  std::string out = open_section(section, "Migrants", "Migrants by nationality, sex and age; “All” rows are totals.");
  if (section.cells.empty()) return out + empty_note() + "</section>";
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
  out += section_table(section) + "</section>";
  return out;
}

std::string simple_html(const Section& section, const std::string& fallback, std::string_view lead, std::string_view dim,
                        std::string_view measure, const std::string& caption, const std::string& color) {
  std::string out = open_section(section, fallback, lead);
  if (section.cells.empty()) return out + empty_note() + "</section>";
  if (!dim.empty()) out += ranked_bars(section, dim, measure, caption, color);
  out += section_table(section) + "</section>";
  return out;
}

std::string fees_html(const Section& section) {
  std::string out = open_section(section, "Smuggling fees",
                                 "Fees paid per person by route and currency; “All” currencies are converted to US dollars.");
  if (section.cells.empty()) return out + empty_note() + "</section>";
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
  out += section_table(section) + "</section>";
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

std::string number_or(const Figure& f, std::string_view fallback) {
  return f.is_number() ? report::group_digits(f) : std::string(fallback);
}

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
         "worked out from the row, column or grand totals of its own or any other section of this report.</li>";
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
         " cells are suppressed, shown as " + suppressed_badge() + " (confidential, SDMX flag C).</li>";
  out += "</ul></section>";
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
  if (s.name == "totals") return summary_html(s);
  if (s.name == "trend_monthly" || s.name == "trend_quarterly") return trend_html(s, label);
  if (s.name == "routes") return routes_html(s);
  if (s.name == "route_transits") {
    return simple_html(s, label, "Countries crossed in transit; an incident counts under each of its transit countries.",
                       "transit", "migrants", "Migrants by transit country", "#009e73");
  }
  if (s.name == "migrants") return migrants_html(s);
  if (s.name == "smugglers") {
    return simple_html(s, label, "Smugglers by nationality and by their role in the operation; “All” rows are totals.", "role", "smugglers", "Smugglers by role", "#cc79a7");
  }
  if (s.name == "methods") {
    return simple_html(s, label, "Smuggling methods; an incident counts under each of its methods.", "method", "incidents",
                       "Incidents by method", "#0072b2");
  }
  if (s.name == "harm") {
    return simple_html(s, label, "Abuse suffered by migrants, deaths, missing and injured persons.", "abuse", "incidents",
                       "Incidents by kind of abuse", "#d55e00");
  }
  if (s.name == "fees") return fees_html(s);
  return simple_html(s, label, {}, {}, {}, {}, {});
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
  auto read = report::read_document(object);
  if (!read) return fail(read.error());
  const report::Document& doc = *read;
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"referrer\" content=\"no-referrer\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += std::string("<title>VRS report: ") + esc(report::display_name(doc.region)) + ", " + esc(doc.period) + "</title>\n";
  out += "<style>";
  out += kCss;
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
  for (const auto name : kReportSections) {
    if (const Section* s = doc.section(name)) ordered.push_back(s);
  }
  for (const auto& s : doc.sections) {
    if (!is_report_section(s.name)) ordered.push_back(&s);
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

}  // namespace vrs::client
