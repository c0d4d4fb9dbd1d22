#pragma once
// Excel workbooks (.xlsx) from report sheets, written with libxlsxwriter — the only place
// inzicht uses it. One worksheet per Sheet: the header row bold, frozen and filtered,
// numbers as numbers, text as (shared) strings, empty cells blank, columns as wide as their
// longest cell up to a limit.

#include <string>
#include <vector>

#include "table/table.hpp"

namespace inzicht::table {

// Excel's limits: a sheet name holds at most 31 characters, a cell at most 32,767.
inline constexpr std::size_t kMaxSheetName = 31;
inline constexpr std::size_t kMaxCellText = 32767;

// Worksheet names for `names`, in order, that Excel accepts: at most 31 code points, none
// of `[ ] : * ? / \`, not starting or ending with an apostrophe, not empty ("Sheet"), not
// the reserved "History", and unique regardless of case and accents (a repeated name gets
// " (2)", " (3)" …, shortened to fit).
std::vector<std::string> sheet_names(const std::vector<std::string>& names);

// Writes `sheets` as a workbook to `path`, replacing any file there. The workbook is
// written beside `path` under a temporary name and renamed into place, so a failure leaves
// no file at `path` (and an existing file untouched). Text longer than a cell holds is cut
// and ends in "…". Throws InputError naming `path` when its directory cannot be written or
// a sheet exceeds Excel's 1,048,575 rows or 16,384 columns, StorageError naming `path` for
// any other failure of libxlsxwriter.
void write_workbook(const std::string& path, const std::vector<Sheet>& sheets);

}  // namespace inzicht::table
