#include "table/xlsx.hpp"

#include <fcntl.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <random>
#include <set>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::table {

namespace {

constexpr double kMaxColumnWidth = 60;
constexpr double kMinColumnWidth = 6;

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The first `n` code points of `s`.
std::string first_code_points(std::string_view s, std::size_t n) {
  std::size_t seen = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && seen++ == n) {
      return std::string(s.substr(0, i));
    }
  }
  return std::string(s);
}

std::string strip_apostrophes(std::string name) {
  while (!name.empty() && name.back() == '\'') name.pop_back();
  const auto first = name.find_first_not_of('\'');
  return first == std::string::npos ? std::string() : name.substr(first);
}

std::string cell_text(std::string text) {
  if (code_points(text) <= kMaxCellText) return text;
  return first_code_points(text, kMaxCellText - 1) + "…";
}

struct FreeWorkbook {
  // Frees a workbook without writing it; lxw_workbook_free is what workbook_close calls
  // after writing, and is exported for exactly this.
  void operator()(lxw_workbook* workbook) const { lxw_workbook_free(workbook); }
};

// A new empty file beside `path`, created here rather than by libxlsxwriter so that an
// unwritable directory is reported with the system's reason (and nothing is printed).
std::string create_temporary(const std::string& path) {
  const std::filesystem::path target(path);
  std::random_device random;
  for (int attempt = 0;; ++attempt) {
    const std::filesystem::path name =
        target.parent_path() / ("." + target.filename().string() + "." + std::to_string(getpid()) +
                                "-" + std::to_string(random()) + ".tmp");
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return name.string();
    }
    if (errno != EEXIST || attempt == 100) {
      throw InputError(path + ": cannot write the workbook: " + std::strerror(errno));
    }
  }
}

void check(lxw_error error, const std::string& path, const std::string& what) {
  if (error != LXW_NO_ERROR) {
    throw StorageError(path + ": " + what + ": " + lxw_strerror(error));
  }
}

void write_sheet(lxw_workbook* workbook, lxw_format* bold, const std::string& name,
                 const Table& table, const std::string& path) {
  if (table.rows.size() >= LXW_ROW_MAX || table.columns.size() > LXW_COL_MAX) {
    throw InputError(path + ": the sheet \"" + name + "\" has " +
                     std::to_string(table.rows.size()) + " rows and " +
                     std::to_string(table.columns.size()) +
                     " columns; an XLSX sheet holds at most 1048575 rows below its header and "
                     "16384 columns (use --format csv)");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  if (!sheet) throw StorageError(path + ": cannot add the sheet \"" + name + "\"");
  if (table.columns.empty()) return;

  std::vector<std::size_t> widths;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    const std::string text = cell_text(table.columns[c]);
    check(worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), text.c_str(), bold), path,
          "writing the header of sheet \"" + name + "\"");
    widths.push_back(code_points(text) + 1);  // bold is a little wider
  }
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    const auto row = static_cast<lxw_row_t>(r + 1);
    for (std::size_t c = 0; c < table.rows[r].size() && c < table.columns.size(); ++c) {
      const Cell& cell = table.rows[r][c];
      const auto col = static_cast<lxw_col_t>(c);
      lxw_error error = LXW_NO_ERROR;
      if (const auto* n = std::get_if<std::int64_t>(&cell)) {
        error = worksheet_write_number(sheet, row, col, static_cast<double>(*n), nullptr);
      } else if (const auto* d = std::get_if<double>(&cell); d && std::isfinite(*d)) {
        error = worksheet_write_number(sheet, row, col, *d, nullptr);
      } else if (!std::holds_alternative<std::monostate>(cell)) {
        // Text, and the odd infinite or NaN ratio, which a spreadsheet cannot hold as a number.
        const std::string text = cell_text(to_text(cell));
        error = worksheet_write_string(sheet, row, col, text.c_str(), nullptr);
      }
      check(error, path, "writing row " + std::to_string(r + 1) + " of sheet \"" + name + "\"");
      widths[c] = std::max(widths[c], code_points(to_text(cell)));
    }
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    const double width =
        std::clamp(static_cast<double>(widths[c]) + 2, kMinColumnWidth, kMaxColumnWidth);
    const auto col = static_cast<lxw_col_t>(c);
    check(worksheet_set_column(sheet, col, col, width, nullptr), path, "setting column widths");
  }
  worksheet_freeze_panes(sheet, 1, 0);
  check(worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()),
                             static_cast<lxw_col_t>(table.columns.size() - 1)),
        path, "adding the filter of sheet \"" + name + "\"");
}

}  // namespace

std::vector<std::string> sheet_names(const std::vector<std::string>& names) {
  std::set<std::string> taken = {"history"};  // reserved by English versions of Excel
  std::vector<std::string> out;
  for (const std::string& wanted : names) {
    std::string name;
    for (const char c : wanted) {
      if (std::strchr("[]:*?/\\", c) && c != '\0') {
        name += '_';
      } else if (static_cast<unsigned char>(c) < 0x20) {
        name += ' ';
      } else {
        name += c;
      }
    }
    name = strip_apostrophes(first_code_points(strip_apostrophes(name), kMaxSheetName));
    if (name.empty()) name = "Sheet";
    std::string unique = name;
    for (int n = 2; taken.count(text::fold_text(unique)); ++n) {
      const std::string suffix = " (" + std::to_string(n) + ")";
      unique = first_code_points(name, kMaxSheetName - suffix.size()) + suffix;
    }
    taken.insert(text::fold_text(unique));
    out.push_back(std::move(unique));
  }
  return out;
}

void write_workbook(const std::string& path, const std::vector<Sheet>& sheets) {
  std::vector<std::string> wanted;
  for (const Sheet& sheet : sheets) wanted.push_back(sheet.name);
  const std::vector<std::string> names = sheet_names(wanted);

  const std::string temporary = create_temporary(path);
  try {
    lxw_workbook_options options{};
    options.constant_memory = LXW_FALSE;  // shared strings, as Excel writes them
    std::unique_ptr<lxw_workbook, FreeWorkbook> workbook(
        workbook_new_opt(temporary.c_str(), &options));
    if (!workbook) throw StorageError(path + ": cannot create the workbook (out of memory)");
    lxw_format* bold = workbook_add_format(workbook.get());
    if (!bold) throw StorageError(path + ": cannot create the workbook (out of memory)");
    format_set_bold(bold);
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      write_sheet(workbook.get(), bold, names[i], sheets[i].table, path);
    }
    if (sheets.empty()) write_sheet(workbook.get(), bold, "Sheet", Table{}, path);
    // workbook_close writes the file and frees the workbook, whatever it returns.
    const lxw_error error = workbook_close(workbook.release());
    if (error == LXW_ERROR_CREATING_XLSX_FILE) {
      throw InputError(path + ": cannot write the workbook: " + lxw_strerror(error));
    }
    check(error, path, "writing the workbook failed");
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw InputError(path + ": cannot write the workbook: " + ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

}  // namespace inzicht::table
