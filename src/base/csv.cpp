#include "base/csv.hpp"

#include "base/error.hpp"
#include "base/utf8.hpp"

namespace inzicht {

namespace {

std::vector<CsvRow> parse_rows(std::string_view text, const std::string& source) {
  std::vector<CsvRow> rows;
  CsvRow row{1, {}};
  std::string field;
  std::size_t line = 1;
  std::size_t quote_line = 0;
  bool in_quotes = false;
  bool row_has_content = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field += c;
      }
      continue;
    }
    if (c == '"') {
      if (!field.empty()) {
        throw InputError(source + ":" + std::to_string(line) +
                         ": a quote inside an unquoted field (quote the whole field and double "
                         "the quote)");
      }
      in_quotes = true;
      quote_line = line;
      row_has_content = true;
    } else if (c == ',') {
      row.fields.push_back(std::move(field));
      field.clear();
      row_has_content = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (row_has_content || !field.empty()) {
        row.fields.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      field.clear();
      ++line;
      row = CsvRow{line, {}};
      row_has_content = false;
    } else {
      field += c;
      row_has_content = true;
    }
  }
  if (in_quotes) {
    throw InputError(source + ":" + std::to_string(quote_line) + ": a quoted field is never closed");
  }
  if (row_has_content || !field.empty()) {
    row.fields.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<CsvRow> read_csv(std::string_view bytes, const std::string& source) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (const auto bad = inzicht::first_invalid_utf8(bytes)) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < *bad; ++i) line += bytes[i] == '\n';
    throw InputError(source + ":" + std::to_string(line) +
                     ": not UTF-8 (save the file as CSV UTF-8)");
  }
  return parse_rows(bytes, source);
}

std::string csv_field(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (const char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + '"';
}

}  // namespace inzicht
