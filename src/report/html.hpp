#pragma once
// One self-contained HTML document: inline CSS, inline SVG, no scripts, no network. Reads
// on a phone (tables scroll sideways, charts scale) and prints well (sections start on a
// new page, cards and charts are not split). Text is escaped; only SVG drawn by charts.hpp
// goes in raw.

#include <string>
#include <vector>

#include "table/table.hpp"

namespace inzicht::report {

class HtmlDocument {
 public:
  HtmlDocument(std::string title, std::string subtitle);

  // Starts a section with an anchor `id` and heading `title`; listed in the contents.
  void section(const std::string& id, const std::string& title);
  void subheading(const std::string& text);
  void paragraph(const std::string& text);
  // A paragraph in small grey type, for how a figure was made.
  void note(const std::string& text);
  // A fragment inzicht produced itself (an SVG chart); inserted as it is.
  void raw(const std::string& html);
  // A table; numbers right-aligned, reals with `decimals`; at most `max_rows` rows (0: all)
  // with a line saying how many were left out.
  void table(const table::Table& table, std::size_t max_rows = 0, int decimals = 2);
  // A card: a titled box (a persona, a journey); `body` is built with the same methods
  // on another HtmlDocument's fragment() or with card_* below.
  void card(const std::string& title, const std::string& body_html);
  // A quotation with its source.
  static std::string quote_html(const std::string& text, const std::string& source);
  static std::string paragraph_html(const std::string& text);

  // The whole document.
  std::string str() const;

 private:
  std::string title_, subtitle_;
  std::vector<std::pair<std::string, std::string>> sections_;  // id, title
  std::string body_;
  bool open_ = false;
};

// `table` as an HTML <table> (escaped), for building card bodies.
std::string table_html(const table::Table& table, std::size_t max_rows = 0, int decimals = 2);

}  // namespace inzicht::report
