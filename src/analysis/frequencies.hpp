#pragma once
// Code frequencies and code × document / case / attribute matrices: the counts a
// qualitative paper reports ("kosten: 40 codings in 14 of 18 interviews").

#include <string>
#include <vector>

#include "analysis/coding_data.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

// What a frequency or matrix cell counts: codings; documents or cases with at least one;
// or coded words (words starting inside the union of the code's coded stretches, so text
// coded twice counts once).
enum class Count { codings, documents, cases, words };
// "codings", "documents", "cases" or "words"; throws InputError otherwise.
Count parse_count(const std::string& name);

struct FrequencyOptions {
  Selection selection;
  // Empty: one row per code with every measure. Otherwise "document", "case", "group" or a
  // case attribute: one column per value, holding `count`.
  std::string by;
  Count count = Count::codings;
};

// One row per selected code in codebook order; a code's figures include the codes below it,
// so a category's row is its total. Columns without `by`: code, codings, documents, cases,
// cases_pct (of the cases with a document in the selection), words. With `by`: code, one
// column per value (sorted; "(none)" for cases without the attribute), total.
// Throws NotFoundError / InputError for unknown codes, coders or attributes.
table::Table frequencies(const CodingData& data, const FrequencyOptions& options);

// What a matrix cell holds: the number of codings, 1/0 for present/absent, or the count
// as a percentage of its row's or its column's total.
enum class CellValue { count, presence, rowpct, colpct };
CellValue parse_cell_value(const std::string& name);

struct MatrixOptions {
  Selection selection;
  bool categories = false;            // rows are top-level codes with everything below them
  std::string columns = "documents";  // "documents", "cases" or a case attribute
  CellValue value = CellValue::count;
};

// Rows: the selected codable codes with their own codings (or, with `categories`, the
// top-level codes with their subtrees), so each coding counts in one row and the totals
// add up. Columns: each document, case or attribute value, then "total"; a last row
// "total". Presence totals count the cells that are 1; percentages are of the count
// totals, each row (rowpct) or column (colpct) summing to 100.
table::Table matrix(const CodingData& data, const MatrixOptions& options);

}  // namespace inzicht::analysis
