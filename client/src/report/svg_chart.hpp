#pragma once
// Internal to the HTML report: a small kit of inline SVG charts (line, ranked bars, stacked
// bars, box plots, flows). Each returns one <figure> with a caption and an accessible
// <title> per mark; texts are HTML-escaped; colours come from the theme's palette
// (html_theme.hpp). A value that is suppressed or absent is a gap, never a zero.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vrs::client::report {

/// SVG coordinates with one decimal ("12.5", "3").
std::string px(double value);
/// A "nice" upper bound for an axis (1, 2 or 5 times a power of ten) and its tick step.
std::pair<double, double> nice_axis(double max);
/// Axis labels: "1.2M", "45k", else grouped digits.
std::string short_number(double value);

struct Series {
  std::string name;
  std::string color;
  std::vector<std::optional<double>> points;  // nullopt: suppressed or absent
};
/// One series over months (a gap where a point is nullopt).
std::string line_chart(const std::string& caption, const std::vector<std::string>& months, const Series& series);

struct Bar {
  std::string label;
  double value = 0;
};
/// Horizontal bars, largest first; at most `limit`, the rest counted in a note.
std::string bar_chart(const std::string& caption, std::vector<Bar> bars, const std::string& color, std::size_t limit);

struct Stack {
  std::string label;
  std::vector<std::optional<double>> parts;  // nullopt: suppressed or absent
};
/// One horizontal bar per stack, its parts coloured by `names` (the legend).
std::string stacked_chart(const std::string& caption, const std::vector<Stack>& stacks, const std::vector<std::string>& names);

struct Box {
  std::string label;
  double q1 = 0, median = 0, q3 = 0;
  std::optional<double> min, max;
};
/// Box plots on one horizontal axis in `unit`.
std::string box_chart(const std::string& caption, const std::vector<Box>& boxes, const std::string& unit);

struct Flow {
  std::string origin, destination;
  double value = 0;
};
/// Origins on the left, destinations on the right, one ribbon per route, its width by value;
/// the `limit` largest flows.
std::string flow_chart(const std::string& caption, std::vector<Flow> flows, std::size_t limit);

}  // namespace vrs::client::report
