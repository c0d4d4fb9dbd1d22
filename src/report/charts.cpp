#include "report/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace inzicht::report {

namespace {

// SVG coordinates with one decimal: enough for screens and print, and short.
std::string px(double value) { return fixed(value, 1); }

// A value as a reader wants it: integers without decimals.
std::string value_text(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) return fixed(value, 0);
  return fixed(value, std::fabs(value) < 10 ? 2 : 1);
}

// Approximate width of `text` in px at 12px sans-serif, for laying out labels.
double text_width(const std::string& text) {
  std::size_t code_points = 0;
  for (const char c : text) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return 7.2 * static_cast<double>(code_points);  // DejaVu Sans, the widest common face
}

std::string svg_open(double width, double height, const std::string& title) {
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << px(width) << ' '
      << px(height) << "\" width=\"100%\" style=\"max-width:" << px(width)
      << "px\" role=\"img\" aria-label=\"" << escape_html(title) << "\" font-family=\"sans-serif\" "
      << "font-size=\"12\"><title>" << escape_html(title) << "</title>";
  return out.str();
}

}  // namespace

std::string fixed(double value, int decimals) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  return buffer;
}

std::string category_color(std::size_t index) {
  static const char* const kOkabeIto[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                          "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return kOkabeIto[index % 8];
}

std::string ramp_color(double t) {
  // Viridis sampled at nine stops, interpolated linearly.
  static const unsigned kStops[9][3] = {{68, 1, 84},    {71, 45, 123},  {59, 82, 139},
                                        {44, 114, 142}, {33, 145, 140}, {40, 174, 128},
                                        {94, 201, 98},  {173, 220, 48}, {253, 231, 37}};
  if (!std::isfinite(t)) t = 0;
  t = std::clamp(t, 0.0, 1.0) * 8;
  const auto i = static_cast<std::size_t>(std::min(7.0, std::floor(t)));
  const double f = t - static_cast<double>(i);
  char buffer[8];
  unsigned rgb[3];
  for (int c = 0; c < 3; ++c) {
    rgb[c] = static_cast<unsigned>(
        std::lround(kStops[i][c] + f * (static_cast<double>(kStops[i + 1][c]) - kStops[i][c])));
  }
  std::snprintf(buffer, sizeof buffer, "#%02X%02X%02X", rgb[0], rgb[1], rgb[2]);
  return buffer;
}

std::string escape_html(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bar_chart(const std::vector<Bar>& bars, const std::string& title,
                      const std::string& unit, double full) {
  constexpr double kRow = 20, kBarArea = 360, kTop = 8;
  double label_width = 40;
  double largest = 0;
  for (const Bar& bar : bars) {
    label_width = std::max(label_width, std::min(340.0, text_width(bar.label)));
    largest = std::max(largest, bar.value);
  }
  if (full > 0) largest = std::max(largest, full);
  const double left = label_width + 10;
  const double width = left + kBarArea + 60;
  const double height = kTop * 2 + kRow * static_cast<double>(bars.size());
  std::ostringstream out;
  out << svg_open(width, height, title);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    const double y = kTop + kRow * static_cast<double>(i);
    const double length = largest > 0 ? kBarArea * bar.value / largest : 0;
    const std::string shown = value_text(bar.value) + unit;
    out << "<g><title>" << escape_html(bar.label + ": " + shown) << "</title>"
        << "<text x=\"" << px(left - 6) << "\" y=\"" << px(y + 14) << "\" text-anchor=\"end\">"
        << escape_html(bar.label) << "</text>"
        << "<rect x=\"" << px(left) << "\" y=\"" << px(y + 3) << "\" width=\"" << px(length)
        << "\" height=\"" << px(kRow - 6) << "\" fill=\"" << category_color(bar.group)
        << "\"/><text x=\"" << px(left + length + 4) << "\" y=\"" << px(y + 14) << "\">"
        << escape_html(shown) << "</text></g>";
  }
  out << "</svg>";
  return out.str();
}

std::string heatmap(const Heatmap& map, const std::string& title) {
  constexpr double kCell = 34, kRow = 22;
  double low = map.low.value_or(INFINITY), high = map.high.value_or(-INFINITY);
  if (!map.low || !map.high) {
    for (const auto& row : map.values) {
      for (const auto& value : row) {
        if (!value) continue;
        if (!map.low) low = std::min(low, *value);
        if (!map.high) high = std::max(high, *value);
      }
    }
  }
  double label_width = 40, header = 40;
  for (const std::string& row : map.rows) label_width = std::max(label_width, text_width(row));
  for (const std::string& column : map.columns) {
    header = std::max(header, std::min(260.0, text_width(column)) * 0.72 + 14);
  }
  label_width = std::min(label_width, 340.0) + 10;
  const double width = label_width + kCell * static_cast<double>(map.columns.size()) + 120;
  const double height = header + kRow * static_cast<double>(map.rows.size()) + 8;
  std::ostringstream out;
  out << svg_open(width, height, title);
  for (std::size_t c = 0; c < map.columns.size(); ++c) {
    const double x = label_width + kCell * (static_cast<double>(c) + 0.5);
    out << "<text transform=\"translate(" << px(x) << ',' << px(header - 6) << ") rotate(-45)\">"
        << escape_html(map.columns[c]) << "</text>";
  }
  for (std::size_t r = 0; r < map.rows.size(); ++r) {
    const double y = header + kRow * static_cast<double>(r);
    out << "<text x=\"" << px(label_width - 6) << "\" y=\"" << px(y + 15)
        << "\" text-anchor=\"end\">" << escape_html(map.rows[r]) << "</text>";
    for (std::size_t c = 0; c < map.columns.size(); ++c) {
      const std::optional<double> value =
          c < map.values[r].size() ? map.values[r][c] : std::optional<double>();
      const double x = label_width + kCell * static_cast<double>(c);
      if (!value) {
        out << "<rect x=\"" << px(x) << "\" y=\"" << px(y) << "\" width=\"" << px(kCell - 1)
            << "\" height=\"" << px(kRow - 1) << "\" fill=\"#f2f2f2\"/>";
        continue;
      }
      const double t = high > low ? (*value - low) / (high - low) : 0.5;
      out << "<g><title>"
          << escape_html(map.rows[r] + " × " + map.columns[c] + ": " + fixed(*value, map.decimals))
          << "</title><rect x=\"" << px(x) << "\" y=\"" << px(y) << "\" width=\"" << px(kCell - 1)
          << "\" height=\"" << px(kRow - 1) << "\" fill=\"" << ramp_color(t) << "\"/><text x=\""
          << px(x + kCell / 2) << "\" y=\"" << px(y + 15)
          << "\" text-anchor=\"middle\" font-size=\"10\" fill=\"" << (t < 0.55 ? "#fff" : "#000")
          << "\">" << fixed(*value, map.decimals) << "</text></g>";
    }
  }
  out << "</svg>";
  return out.str();
}

std::string dendrogram(const std::vector<std::string>& labels,
                       const std::vector<DendrogramLink>& links, std::optional<double> cut,
                       const std::vector<std::size_t>& leaf_groups, const std::string& title) {
  const std::size_t n = labels.size();
  if (n == 0 || links.size() + 1 != n) return svg_open(10, 10, title) + "</svg>";
  // Leaf order: depth-first from the root, left before right, without recursion.
  std::vector<std::size_t> order;
  std::vector<std::size_t> stack{n + links.size() - 1};
  while (!stack.empty()) {
    const std::size_t node = stack.back();
    stack.pop_back();
    if (node < n) {
      order.push_back(node);
    } else {
      stack.push_back(links[node - n].right);
      stack.push_back(links[node - n].left);
    }
  }
  constexpr double kSpacing = 22, kPlot = 260, kLeft = 50, kTop = 16;
  double label_height = 40;
  for (const std::string& label : labels) label_height = std::max(label_height, text_width(label));
  label_height = std::min(label_height, 220.0) + 10;
  const double top_height = links.back().height > 0 ? links.back().height : 1;
  const double width = kLeft + kSpacing * static_cast<double>(n) + 20;
  const double height = kTop + kPlot + label_height;
  const auto y_of = [&](double h) { return kTop + kPlot * (1 - h / top_height); };
  std::vector<double> x(n + links.size()), h(n + links.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    x[order[i]] = kLeft + kSpacing * (static_cast<double>(i) + 0.5);
  }
  std::ostringstream out;
  out << svg_open(width, height, title);
  // Height axis: four ticks.
  for (int t = 0; t <= 4; ++t) {
    const double value = top_height * t / 4;
    out << "<text x=\"" << px(kLeft - 6) << "\" y=\"" << px(y_of(value) + 4)
        << "\" text-anchor=\"end\" font-size=\"10\">" << fixed(value, 2) << "</text>"
        << "<line x1=\"" << px(kLeft - 3) << "\" x2=\"" << px(kLeft) << "\" y1=\""
        << px(y_of(value)) << "\" y2=\"" << px(y_of(value)) << "\" stroke=\"#555\"/>";
  }
  for (std::size_t i = 0; i < links.size(); ++i) {
    const DendrogramLink& link = links[i];
    const std::size_t node = n + i;
    x[node] = (x[link.left] + x[link.right]) / 2;
    h[node] = link.height;
    out << "<path d=\"M" << px(x[link.left]) << ',' << px(y_of(h[link.left])) << "V"
        << px(y_of(link.height)) << "H" << px(x[link.right]) << "V" << px(y_of(h[link.right]))
        << "\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.2\"><title>height "
        << fixed(link.height, 3) << "</title></path>";
  }
  if (cut) {
    out << "<line x1=\"" << px(kLeft) << "\" x2=\"" << px(width - 10) << "\" y1=\""
        << px(y_of(*cut)) << "\" y2=\"" << px(y_of(*cut))
        << "\" stroke=\"#D55E00\" stroke-dasharray=\"6 4\" stroke-width=\"1.5\"><title>cut at "
        << fixed(*cut, 3) << "</title></line>";
  }
  for (std::size_t leaf = 0; leaf < n; ++leaf) {
    const std::string color =
        leaf < leaf_groups.size() ? category_color(leaf_groups[leaf]) : std::string("#333");
    out << "<circle cx=\"" << px(x[leaf]) << "\" cy=\"" << px(y_of(0)) << "\" r=\"3.5\" fill=\""
        << color << "\"/><text transform=\"translate(" << px(x[leaf] + 4) << ',' << px(y_of(0) + 8)
        << ") rotate(90)\" fill=\"" << color << "\">" << escape_html(labels[leaf]) << "</text>";
  }
  out << "</svg>";
  return out.str();
}

}  // namespace inzicht::report
