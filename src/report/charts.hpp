#pragma once
// Charts for the HTML report, drawn as inline SVG by inzicht itself: horizontal bar
// charts, heatmaps and dendrograms. Labelled (every bar and cell has its value and a
// <title> for hover), scalable (viewBox, width 100%), and in colour-blind-safe colours:
// the Okabe–Ito palette for categories and a viridis ramp for quantities.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace inzicht::report {

// `value` with `decimals` digits after the point ("0.47"), as charts and tables show it.
std::string fixed(double value, int decimals);
// Okabe–Ito colour `index` (cycling), as "#RRGGBB".
std::string category_color(std::size_t index);
// Viridis at `t` in [0, 1] (clamped), as "#RRGGBB".
std::string ramp_color(double t);
// Text with &, <, >, " and ' escaped for HTML and SVG.
std::string escape_html(const std::string& text);

struct Bar {
  std::string label;
  double value = 0;
  std::size_t group = 0;  // colour index
};

// Horizontal bars, one per row, the full length standing for `full` (when > 0 and no
// value is larger) or else the largest value; `unit` follows each value ("", "%", …).
std::string bar_chart(const std::vector<Bar>& bars, const std::string& title,
                      const std::string& unit = "", double full = 0);

// A rows × columns heatmap of `values` (empty cells allowed); colours scale from `low` to
// `high` (by default the smallest and largest value present); every cell shows its value
// with `decimals`.
struct Heatmap {
  std::vector<std::string> rows, columns;
  std::vector<std::vector<std::optional<double>>> values;
  int decimals = 2;
  std::optional<double> low, high;
};
std::string heatmap(const Heatmap& map, const std::string& title);

// A dendrogram in scipy's convention: `labels.size()` leaves 0..n−1, merge i forms cluster
// n+i from `left` and `right` at `height`. Leaves are drawn in the tree's order, left to
// right, with their labels rotated below; `cut`, when given, draws a dashed line there.
// Leaves may be coloured by `leaf_groups` (colour indices), e.g. the cluster of each.
struct DendrogramLink {
  std::size_t left = 0, right = 0;
  double height = 0;
};
std::string dendrogram(const std::vector<std::string>& labels,
                       const std::vector<DendrogramLink>& links, std::optional<double> cut,
                       const std::vector<std::size_t>& leaf_groups, const std::string& title);

}  // namespace inzicht::report
