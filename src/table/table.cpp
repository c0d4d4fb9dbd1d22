#include "table/table.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "base/csv.hpp"
#include "base/error.hpp"

namespace inzicht::table {

namespace {

// Width in code points: near enough to display width for the Latin text of transcripts.
std::size_t width(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool is_number(const Cell& cell) {
  return std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell);
}

void write_table(std::ostream& out, const Table& table) {
  std::vector<std::size_t> widths;
  for (const auto& column : table.columns) widths.push_back(width(column));
  std::vector<std::vector<std::string>> texts;
  for (const auto& row : table.rows) {
    std::vector<std::string> line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string text = to_text(row[i]);
      std::replace(text.begin(), text.end(), '\n', ' ');
      std::replace(text.begin(), text.end(), '\t', ' ');
      widths[i] = std::max(widths[i], width(text));
      line.push_back(std::move(text));
    }
    texts.push_back(std::move(line));
  }
  const auto pad = [&](const std::string& s, std::size_t w, bool right, bool last) {
    const std::string fill(w - std::min(w, width(s)), ' ');
    if (right) {
      out << fill << s;
    } else {
      out << s;
      if (!last) out << fill;
    }
  };
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i) out << "  ";
    pad(table.columns[i], widths[i], false, i + 1 == table.columns.size());
  }
  out << '\n';
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    if (i) out << "  ";
    out << std::string(widths[i], '-');
  }
  out << '\n';
  for (std::size_t r = 0; r < texts.size(); ++r) {
    for (std::size_t i = 0; i < texts[r].size(); ++i) {
      if (i) out << "  ";
      pad(texts[r][i], widths[i], is_number(table.rows[r][i]), i + 1 == texts[r].size());
    }
    out << '\n';
  }
}

// CSV is read by other programs: a real number keeps every digit (the shortest text that
// reads back as the same double), where terminal tables show six.
std::string csv_text(const Cell& cell) {
  if (const auto* d = std::get_if<double>(&cell)) {
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *d);
    return std::string(buffer, result.ptr);
  }
  return to_text(cell);
}

void write_csv(std::ostream& out, const Table& table) {
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    out << (i ? "," : "") << csv_field(table.columns[i]);
  }
  out << "\r\n";
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out << (i ? "," : "") << csv_field(csv_text(row[i]));
    }
    out << "\r\n";
  }
}

nlohmann::ordered_json to_json(const Table& table) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t i = 0; i < row.size(); ++i) {
      const Cell& cell = row[i];
      if (const auto* n = std::get_if<std::int64_t>(&cell)) {
        object[table.columns[i]] = *n;
      } else if (const auto* d = std::get_if<double>(&cell)) {
        object[table.columns[i]] = *d;
      } else if (const auto* s = std::get_if<std::string>(&cell)) {
        object[table.columns[i]] = *s;
      } else {
        object[table.columns[i]] = nullptr;
      }
    }
    rows.push_back(std::move(object));
  }
  return rows;
}

void write_json(std::ostream& out, const Table& table) { out << to_json(table).dump(2) << '\n'; }

std::string md_escape(std::string text) {
  std::string out;
  for (const char c : text) {
    if (c == '|') out += '\\';
    out += c == '\n' ? ' ' : c;
  }
  return out;
}

void write_md(std::ostream& out, const Table& table) {
  out << '|';
  for (const auto& column : table.columns) out << ' ' << md_escape(column) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < table.columns.size(); ++i) out << "---|";
  out << '\n';
  for (const auto& row : table.rows) {
    out << '|';
    for (const auto& cell : row) out << ' ' << md_escape(to_text(cell)) << " |";
    out << '\n';
  }
}

[[noreturn]] void throw_xlsx_needs_file() {
  throw InputError("an XLSX workbook is a binary file, not text for a stream: write it to a file");
}

}  // namespace

Format parse_format(const std::string& name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "json") return Format::json;
  if (name == "md") return Format::md;
  if (name == "xlsx") return Format::xlsx;
  throw InputError("unknown format '" + name + "' (use table, csv, json, md or xlsx)");
}

std::string to_text(const Cell& cell) {
  if (const auto* n = std::get_if<std::int64_t>(&cell)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&cell)) {
    if (std::isfinite(*d) && *d == std::floor(*d) && std::fabs(*d) < 1e15) {
      return std::to_string(static_cast<std::int64_t>(*d));
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", *d);
    return buffer;
  }
  if (const auto* s = std::get_if<std::string>(&cell)) return *s;
  return {};
}

void write(std::ostream& out, const Table& table, Format format) {
  switch (format) {
    case Format::table:
      write_table(out, table);
      break;
    case Format::csv:
      write_csv(out, table);
      break;
    case Format::json:
      write_json(out, table);
      break;
    case Format::md:
      write_md(out, table);
      break;
    case Format::xlsx:
      throw_xlsx_needs_file();
  }
}

void write(std::ostream& out, const std::vector<Sheet>& sheets, Format format) {
  if (format == Format::xlsx) throw_xlsx_needs_file();
  if (sheets.size() == 1) return write(out, sheets.front().table, format);
  if (format == Format::json) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (const Sheet& sheet : sheets) object[sheet.name] = to_json(sheet.table);
    out << object.dump(2) << '\n';
    return;
  }
  for (std::size_t i = 0; i < sheets.size(); ++i) {
    if (i) out << (format == Format::csv ? "\r\n" : "\n");
    switch (format) {
      case Format::table:
        out << sheets[i].name << "\n\n";
        break;
      case Format::csv:
        out << "# " << sheets[i].name << "\r\n";
        break;
      case Format::md:
        out << "### " << md_escape(sheets[i].name) << "\n\n";
        break;
      case Format::json:
      case Format::xlsx:
        break;
    }
    write(out, sheets[i].table, format);
  }
}

}  // namespace inzicht::table
