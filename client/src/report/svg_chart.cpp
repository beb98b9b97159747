#include "report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <map>

#include "report/display.hpp"
#include "report/html_theme.hpp"
#include "table_text.hpp"

namespace vrs::client::report {

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

namespace {

// The opening of every chart: its figure, caption and an SVG of `width` x `height`.
std::string chart_open(const std::string& caption, double width, double height) {
  return std::string("<figure><figcaption>") + esc(caption) + "</figcaption><svg viewBox=\"0 0 " + px(width) + ' ' +
         px(height) + "\" width=\"" + px(width) + "\" height=\"" + px(height) + "\" role=\"img\" aria-label=\"" +
         esc(caption) + "\">";
}

// A row's label, right-aligned so that it ends at `x`.
std::string row_label(double x, double y, const std::string& label) {
  return std::string("<text class=\"lbl\" x=\"") + px(x) + "\" y=\"" + px(y) + "\" text-anchor=\"end\">" + esc(label) + "</text>";
}

}  // namespace

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

  std::string svg = chart_open(caption, kWidth, kHeight);
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
  std::string svg = chart_open(caption, kWidth, height);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i);
    const double w = std::max(1.0, bar_w * bars[i].value / max);
    svg += row_label(kLabel - 8, y + 16, bars[i].label);
    svg += std::string("<rect x=\"") + px(kLabel) + "\" y=\"" + px(y + 4) + "\" width=\"" + px(w) + "\" height=\"" + px(kRow - 8) +
           "\" rx=\"2\" fill=\"" + color + "\"><title>" + esc(bars[i].label) + ": " + grouped(bars[i].value) + "</title></rect>";
    svg += std::string("<text x=\"") + px(kLabel + w + 6) + "\" y=\"" + px(y + 16) + "\">" + grouped(bars[i].value) + "</text>";
  }
  svg += "</svg>";
  if (more > 0) svg += std::string("<p class=\"note\">") + count_text(more, "more row", "more rows") + " in the table below.</p>";
  svg += "</figure>";
  return svg;
}

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
  std::string svg = chart_open(caption, kWidth, height);
  for (std::size_t i = 0; i < stacks.size(); ++i) {
    const double y = kTop + kRow * static_cast<double>(i);
    svg += row_label(kLabel - 8, y + 16, stacks[i].label);
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
  std::string svg = chart_open(caption, kWidth, height);
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
    svg += row_label(kLabel - 8, mid + 4, b.label);
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
  std::string svg = chart_open(caption, kWidth, height);
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
    svg += row_label(x0 - 6, y + h / 2 + 4, report::display_value(name) + " (" + grouped(value) + ")");
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
  if (more > 0) svg += std::string("<p class=\"note\">The ") + std::to_string(limit) + " largest routes; " + count_text(more, "more", "more") + " in the table below.</p>";
  svg += "</figure>";
  return svg;
}

}  // namespace vrs::client::report
