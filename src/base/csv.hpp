#pragma once
// RFC 4180 CSV: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF;
// UTF-8 with or without a BOM.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace inzicht {

struct CsvRow {
  std::size_t line = 0;  // where the row starts, from 1
  std::vector<std::string> fields;
};

// Every row of `bytes` (blank lines skipped), read from `source` (for messages). Throws
// InputError naming the line for bytes that are not UTF-8, an unclosed quote or a quote
// inside an unquoted field.
std::vector<CsvRow> read_csv(std::string_view bytes, const std::string& source);

// CSV quoting of one field (quotes only where needed).
std::string csv_field(const std::string& field);

}  // namespace inzicht
