#include "importers/case_attributes.hpp"

#include <cerrno>
#include <cstdlib>
#include <set>

#include "model/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

struct Row {
  std::size_t line = 0;  // where the row starts, from 1
  std::vector<std::string> fields;
};

std::vector<Row> parse_rows(std::string_view text, const std::string& source) {
  std::vector<Row> rows;
  Row row{1, {}};
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
      row = Row{line, {}};
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

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

}  // namespace

store::AttributeValue attribute_value(const std::string& text) {
  const std::string t = trim(text);
  if (t.empty() || t.size() > 30) return text;
  std::size_t i = (t[0] == '-' || t[0] == '+') ? 1 : 0;
  std::size_t digits = 0, separators = 0;
  for (std::size_t k = i; k < t.size(); ++k) {
    if (t[k] >= '0' && t[k] <= '9') {
      ++digits;
    } else if ((t[k] == '.' || t[k] == ',') && separators == 0 && k > i && k + 1 < t.size()) {
      ++separators;
    } else {
      return text;
    }
  }
  if (digits == 0) return text;
  // A leading zero ("007", a postcode) is an identifier, not a number.
  if (t.size() - i > 1 && t[i] == '0' && t[i + 1] != '.' && t[i + 1] != ',') return text;
  if (separators == 0) {
    errno = 0;
    const long long value = std::strtoll(t.c_str(), nullptr, 10);
    if (errno == ERANGE) return text;
    return static_cast<std::int64_t>(value);
  }
  std::string dotted = t;
  for (char& c : dotted) {
    if (c == ',') c = '.';
  }
  return std::strtod(dotted.c_str(), nullptr);
}

AttributeRows parse_attributes_csv(std::string_view bytes, const std::string& source) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (const auto bad = text::first_invalid_utf8(bytes)) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < *bad; ++i) line += bytes[i] == '\n';
    throw InputError(source + ":" + std::to_string(line) +
                     ": not UTF-8 (save the file as CSV UTF-8)");
  }
  const std::vector<Row> rows = parse_rows(bytes, source);
  if (rows.empty()) throw InputError(source + ": empty file; expected a header row");
  const Row& header = rows.front();
  if (header.fields.size() < 2) {
    throw InputError(source + ":1: the header needs the case column and at least one attribute");
  }
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = text::to_nfc(trim(header.fields[i]));
    if (name.empty()) {
      throw InputError(source + ":1: column " + std::to_string(i + 1) + " has no name");
    }
    if (!seen.insert(name).second) {
      throw InputError(source + ":1: column '" + name + "' appears twice");
    }
    names.push_back(name);
  }
  AttributeRows result;
  std::set<std::string> cases;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const Row& row = rows[r];
    const std::string where = source + ":" + std::to_string(row.line);
    if (row.fields.size() != names.size()) {
      throw InputError(where + ": " + std::to_string(row.fields.size()) + " fields, but the header has " +
                       std::to_string(names.size()));
    }
    const std::string case_name = text::to_nfc(trim(row.fields[0]));
    if (case_name.empty()) throw InputError(where + ": the case (first column) is empty");
    if (!cases.insert(case_name).second) {
      throw InputError(where + ": case '" + case_name + "' appears twice");
    }
    std::map<std::string, std::optional<store::AttributeValue>> attributes;
    for (std::size_t i = 1; i < names.size(); ++i) {
      const std::string value = text::to_nfc(trim(row.fields[i]));
      if (value.empty()) {
        attributes[names[i]] = std::nullopt;
      } else {
        attributes[names[i]] = attribute_value(value);
      }
    }
    result.emplace_back(case_name, std::move(attributes));
  }
  return result;
}

}  // namespace inzicht::importers
