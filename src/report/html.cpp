#include "report/html.hpp"

#include <cmath>

#include "report/charts.hpp"

namespace inzicht::report {

namespace {

constexpr const char* kStyle = R"css(
:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
       color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 1rem; }
h1 { font-size: 1.7rem; margin: .2rem 0; }
h2 { font-size: 1.3rem; border-bottom: 2px solid var(--accent); padding-bottom: .2rem;
     margin-top: 2.2rem; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .4rem; }
.subtitle, .note { color: var(--muted); }
.note { font-size: .85rem; }
nav ol { columns: 2; padding-left: 1.2rem; }
nav a, a { color: var(--accent); }
.scroll { overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border-bottom: 1px solid var(--line); padding: .25rem .5rem; text-align: left;
         vertical-align: top; }
th { background: #f4f5f7; position: sticky; top: 0; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: .8rem 1rem;
        break-inside: avoid; page-break-inside: avoid; }
.card h3 { margin-top: 0; color: var(--accent); }
blockquote { margin: .5rem 0; padding: .3rem .8rem; border-left: 3px solid #E69F00;
             background: #fbf7ee; font-style: italic; }
blockquote footer { font-style: normal; font-size: .8rem; color: var(--muted); }
svg { display: block; margin: .5rem 0 1rem; height: auto; }
.card table { font-size: .8rem; }
table.journey { table-layout: fixed; width: 100%; min-width: 64rem; }
table.journey th[scope=row], table.journey thead th:first-child { width: 6.2rem; }
table.journey td { overflow-wrap: break-word; hyphens: auto; font-size: .8rem; }
.card ul { padding-left: 1.1rem; font-size: .9rem; }
table.journey ul { margin: 0 0 .3rem; padding-left: 1rem; }
table.journey q { display: block; font-size: .78rem; color: var(--muted); font-style: italic; }
@media (max-width: 600px) { body { font-size: 14px; padding: .5rem; } nav ol { columns: 1; } }
@media print {
  body { max-width: none; font-size: 11pt; }
  section { page-break-before: always; }
  section:first-of-type { page-break-before: avoid; }
  svg, .card, table { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .cards { display: block; }
  .card { margin-bottom: .8rem; }
  table.journey { min-width: 0; font-size: 7.5pt; break-inside: auto; page-break-inside: auto; }
  table.journey tr { break-inside: avoid; page-break-inside: avoid; }
  table.journey td { font-size: 7.5pt; }
  nav { display: none; }
  a { color: inherit; text-decoration: none; }
}
)css";

std::string cell_html(const table::Cell& cell, int decimals) {
  if (const auto* d = std::get_if<double>(&cell)) {
    return "<td class=\"n\">" + fixed(*d, decimals) + "</td>";
  }
  if (std::holds_alternative<std::int64_t>(cell))
    return "<td class=\"n\">" + table::to_text(cell) + "</td>";
  return "<td>" + escape_html(table::to_text(cell)) + "</td>";
}

}  // namespace

std::string table_html(const table::Table& table, std::size_t max_rows, int decimals) {
  std::string out = "<div class=\"scroll\"><table><thead><tr>";
  for (const std::string& column : table.columns) out += "<th>" + escape_html(column) + "</th>";
  out += "</tr></thead><tbody>";
  const std::size_t shown =
      max_rows == 0 ? table.rows.size() : std::min(max_rows, table.rows.size());
  for (std::size_t r = 0; r < shown; ++r) {
    out += "<tr>";
    for (const table::Cell& cell : table.rows[r]) out += cell_html(cell, decimals);
    out += "</tr>";
  }
  out += "</tbody></table></div>";
  if (shown < table.rows.size()) {
    out += "<p class=\"note\">" + std::to_string(table.rows.size() - shown) +
           " more rows in the CSV and XLSX tables.</p>";
  }
  return out;
}

HtmlDocument::HtmlDocument(std::string title, std::string subtitle)
    : title_(std::move(title)), subtitle_(std::move(subtitle)) {}

void HtmlDocument::section(const std::string& id, const std::string& title) {
  if (open_) body_ += "</section>\n";
  sections_.emplace_back(id, title);
  body_ += "<section id=\"" + escape_html(id) + "\"><h2>" + escape_html(title) + "</h2>\n";
  open_ = true;
}

void HtmlDocument::subheading(const std::string& text) {
  body_ += "<h3>" + escape_html(text) + "</h3>\n";
}

void HtmlDocument::paragraph(const std::string& text) { body_ += paragraph_html(text); }

void HtmlDocument::note(const std::string& text) {
  body_ += "<p class=\"note\">" + escape_html(text) + "</p>\n";
}

void HtmlDocument::raw(const std::string& html) { body_ += html + "\n"; }

void HtmlDocument::table(const table::Table& table, std::size_t max_rows, int decimals) {
  body_ += table_html(table, max_rows, decimals) + "\n";
}

void HtmlDocument::card(const std::string& title, const std::string& body_html) {
  body_ += "<div class=\"card\"><h3>" + escape_html(title) + "</h3>" + body_html + "</div>\n";
}

std::string HtmlDocument::quote_html(const std::string& text, const std::string& source) {
  return "<blockquote>" + escape_html(text) + "<footer>— " + escape_html(source) +
         "</footer></blockquote>";
}

std::string HtmlDocument::paragraph_html(const std::string& text) {
  return "<p>" + escape_html(text) + "</p>\n";
}

std::string HtmlDocument::str() const {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"nl\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      escape_html(title_) + "</title><style>" + kStyle + "</style></head><body>\n<header><h1>" +
      escape_html(title_) + "</h1><p class=\"subtitle\">" + escape_html(subtitle_) +
      "</p></header>\n<nav><ol>";
  for (const auto& [id, title] : sections_) {
    out += "<li><a href=\"#" + escape_html(id) + "\">" + escape_html(title) + "</a></li>";
  }
  out +=
      "</ol></nav>\n<main>\n" + body_ + (open_ ? "</section>\n" : "") + "</main>\n</body></html>\n";
  return out;
}

}  // namespace inzicht::report
