#pragma once
// Rendering of listings: one Table, written as an aligned terminal table, CSV (RFC 4180),
// JSON (an array of objects keyed by column name) or Markdown, or several as an Excel
// workbook (report/xlsx.hpp). Core code builds tables; only the command line chooses the
// format.

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace inzicht::table {

enum class Format { table, csv, json, md, xlsx };

// "table", "csv", "json", "md" or "xlsx"; throws InputError for anything else.
Format parse_format(const std::string& name);

// An empty cell (JSON null), an integer, a real number or text.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

struct Table {
  std::vector<std::string> columns;
  std::vector<std::vector<Cell>> rows;  // each as long as `columns`
};

// Writes `table` to `out`. Throws InputError for Format::xlsx, a binary file format that
// only write_workbook (report/xlsx.hpp) writes.
void write(std::ostream& out, const Table& table, Format format);

// A named table: the results of one command may be several (agreement per code and
// overall; clusters, merges and silhouettes). The name titles it in terminal and Markdown
// output, keys it in JSON and names its sheet in a workbook.
struct Sheet {
  std::string name;
  Table table;
};

// Writes `sheets`: one sheet exactly as `write` does; several as titled tables (terminal,
// Markdown), one JSON object keyed by sheet name, or CSV tables each after a "# name" line
// and separated by a blank line.
void write(std::ostream& out, const std::vector<Sheet>& sheets, Format format);

// Text of a cell as it appears in terminal and Markdown tables (real numbers to six
// significant digits) and in CSV (except real numbers, which CSV writes in full).
std::string to_text(const Cell& cell);

}  // namespace inzicht::table
