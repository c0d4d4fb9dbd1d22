#include "importers/case_attributes.hpp"

#include "base/strings.hpp"
#include "base/csv.hpp"

#include <cerrno>
#include <cstdlib>
#include <set>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

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
  const std::vector<CsvRow> rows = read_csv(bytes, source);
  if (rows.empty()) throw InputError(source + ": empty file; expected a header row");
  const CsvRow& header = rows.front();
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
    const CsvRow& row = rows[r];
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
