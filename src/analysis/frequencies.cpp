#include "analysis/frequencies.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

constexpr const char* kNone = "(none)";

// The columns for `by` — documents, cases or the values of a case attribute ("(none)"
// where a case has none) — of the parts of documents whose cases are `admitted`, sorted,
// and the column of each coding. Checks that the attribute exists.
struct Columns {
  std::vector<std::string> names;
  bool by_document = true;
  std::vector<std::size_t> of_document;  // by_document: by document index
  std::vector<std::size_t> of_case;      // otherwise: by case index

  std::size_t of(const CodingInfo& coding) const {
    return by_document ? of_document[coding.document] : of_case[coding.case_index];
  }
};

Columns columns_of(const CodingData& data, const std::string& by,
                   const std::vector<bool>& admitted) {
  const bool all = by.empty();
  if (!all && by != "document" && by != "case" && by != "documents" && by != "cases") {
    const std::vector<std::string> names = data.attribute_names();
    if (!std::binary_search(names.begin(), names.end(), by)) {
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
      throw InputError("no case has the attribute '" + by + "' (use document, case" +
                       (list.empty() ? std::string() : ", " + list) + ")");
    }
  }
  Columns columns;
  columns.by_document = all || by == "document" || by == "documents";
  std::vector<std::string> values(columns.by_document ? data.documents().size()
                                                      : data.cases().size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (all) {
      values[i] = "all";
    } else if (columns.by_document) {
      values[i] = data.documents()[i].name;
    } else if (by == "case" || by == "cases") {
      values[i] = data.cases()[i].name;
    } else {
      values[i] = data.attribute(i, by);
      if (values[i].empty()) values[i] = kNone;
    }
  }
  std::set<std::string> distinct;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    for (const std::size_t c : data.cases_of(d)) {
      if (admitted[c]) distinct.insert(values[columns.by_document ? d : c]);
    }
  }
  columns.names.assign(distinct.begin(), distinct.end());
  std::vector<std::size_t>& index = columns.by_document ? columns.of_document : columns.of_case;
  index.assign(values.size(), 0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    index[i] = static_cast<std::size_t>(
        std::lower_bound(columns.names.begin(), columns.names.end(), values[i]) -
        columns.names.begin());
  }
  return columns;
}

struct Tally {
  std::int64_t codings = 0;
  std::int64_t documents = 0;
  std::int64_t words = 0;
  std::vector<std::size_t> cases;  // distinct and sorted once tally() is done
  std::size_t last_document = static_cast<std::size_t>(-1);
};

// Sorts `items` and drops repeats: cheaper than a std::set for a million inserts.
void make_distinct(std::vector<std::size_t>& items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
}

// Tallies the selected codings per row (each row a code with everything below it) and per
// column value.
std::vector<std::vector<Tally>> tally(const CodingData& data, const Selection& selection,
                                      const std::vector<std::size_t>& rows, const Columns& columns,
                                      bool with_words) {
  std::vector<std::ptrdiff_t> row_of(data.codes().size(), -1);
  for (std::size_t r = 0; r < rows.size(); ++r) row_of[rows[r]] = static_cast<std::ptrdiff_t>(r);
  std::vector<std::vector<Tally>> tallies(rows.size(), std::vector<Tally>(columns.names.size()));
  const SelectionFilter admitted = data.filter(selection);
  // Per row, the spans of one document's codings with their columns (one column, unless
  // the document has a case per speaker and the columns are by case). Flushed per
  // document: the words of each column's union of spans.
  std::vector<std::vector<std::pair<std::size_t, Span>>> spans(rows.size());
  const auto flush_words = [&](std::size_t document) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      auto& row = spans[r];
      if (row.empty()) continue;
      std::sort(row.begin(), row.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : a.second.start < b.second.start;
      });
      auto [column, current] = row.front();
      for (std::size_t i = 1; i < row.size(); ++i) {
        if (row[i].first == column && row[i].second.start <= current.end) {
          current.end = std::max(current.end, row[i].second.end);
          continue;
        }
        tallies[r][column].words += data.words_in(document, current);
        std::tie(column, current) = row[i];
      }
      tallies[r][column].words += data.words_in(document, current);
      row.clear();
    }
  };
  const std::size_t documents = data.documents().size();
  if (with_words) {
    std::vector<std::size_t> coded;
    for (std::size_t d = 0; d < documents; ++d) {
      const auto codings = data.codings_of(d);
      if (std::any_of(codings.begin(), codings.end(),
                      [&](const CodingInfo& coding) { return admitted.admits(coding); })) {
        coded.push_back(d);
      }
    }
    data.load_words(coded);
  }
  for (std::size_t d = 0; d < documents; ++d) {
    for (const CodingInfo& coding : data.codings_of(d)) {
      if (!admitted.admits(coding)) continue;
      const std::size_t column = columns.of(coding);
      for (std::optional<std::size_t> code = coding.code; code; code = data.codes()[*code].parent) {
        if (row_of[*code] < 0) continue;
        const auto r = static_cast<std::size_t>(row_of[*code]);
        Tally& t = tallies[r][column];
        ++t.codings;
        if (t.last_document != d) {
          ++t.documents;
          t.last_document = d;
        }
        if (t.cases.empty() || t.cases.back() != coding.case_index) {
          t.cases.push_back(coding.case_index);
        }
        if (with_words) spans[r].emplace_back(column, coding.span);
      }
    }
    if (with_words) flush_words(d);
  }
  for (std::vector<Tally>& row : tallies) {
    for (Tally& t : row) make_distinct(t.cases);
  }
  return tallies;
}

std::int64_t measure(const Tally& tally, Count count) {
  switch (count) {
    case Count::codings:
      return tally.codings;
    case Count::documents:
      return tally.documents;
    case Count::cases:
      return static_cast<std::int64_t>(tally.cases.size());
    case Count::words:
      return tally.words;
  }
  return 0;
}

}  // namespace

Count parse_count(const std::string& name) {
  if (name == "codings") return Count::codings;
  if (name == "documents") return Count::documents;
  if (name == "cases") return Count::cases;
  if (name == "words") return Count::words;
  throw InputError("unknown count '" + name + "' (use codings, documents, cases or words)");
}

CellValue parse_cell_value(const std::string& name) {
  if (name == "count") return CellValue::count;
  if (name == "presence") return CellValue::presence;
  if (name == "rowpct") return CellValue::rowpct;
  if (name == "colpct") return CellValue::colpct;
  throw InputError("unknown value '" + name + "' (use count, presence, rowpct or colpct)");
}

table::Table frequencies(const CodingData& data, const FrequencyOptions& options) {
  const std::vector<bool> admitted = data.cases_where(options.selection.where);
  const std::vector<std::size_t> rows = data.select_codes(options.selection.codes);
  const Columns columns = columns_of(data, options.by, admitted);
  const bool with_words = options.by.empty() || options.count == Count::words;
  const auto tallies = tally(data, options.selection, rows, columns, with_words);

  table::Table table;
  if (options.by.empty()) {
    std::set<std::size_t> cases_in_scope;
    for (std::size_t d = 0; d < data.documents().size(); ++d) {
      for (const std::size_t c : data.cases_of(d)) {
        if (admitted[c]) cases_in_scope.insert(c);
      }
    }
    table.columns = {"code", "codings", "documents", "cases", "cases_pct", "words"};
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const Tally empty;
      const Tally& t = columns.names.empty() ? empty : tallies[r][0];
      table::Cell pct;
      if (!cases_in_scope.empty()) {
        pct = 100.0 * static_cast<double>(t.cases.size()) /
              static_cast<double>(cases_in_scope.size());
      }
      table.rows.push_back({data.codes()[rows[r]].path, t.codings, t.documents,
                            static_cast<std::int64_t>(t.cases.size()), pct, t.words});
    }
    return table;
  }
  table.columns = {"code"};
  table.columns.insert(table.columns.end(), columns.names.begin(), columns.names.end());
  table.columns.push_back("total");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<table::Cell> row = {data.codes()[rows[r]].path};
    Tally total;
    for (std::size_t c = 0; c < columns.names.size(); ++c) {
      const Tally& t = tallies[r][c];
      row.emplace_back(measure(t, options.count));
      total.codings += t.codings;
      total.documents += t.documents;
      total.words += t.words;
      total.cases.insert(total.cases.end(), t.cases.begin(), t.cases.end());
    }
    make_distinct(total.cases);
    row.emplace_back(measure(total, options.count));
    table.rows.push_back(std::move(row));
  }
  return table;
}

table::Table matrix(const CodingData& data, const MatrixOptions& options) {
  const std::vector<bool> admitted = data.cases_where(options.selection.where);
  std::vector<std::size_t> rows;
  for (const std::size_t code : data.select_codes(options.selection.codes)) {
    const CodeInfo& info = data.codes()[code];
    if (options.categories ? !info.parent : info.codable) rows.push_back(code);
  }
  // Without categories a row holds only its own codings: count each coding in its code's
  // row and nowhere else.
  Selection selection = options.selection;
  const Columns columns = columns_of(data, options.columns, admitted);
  std::vector<std::vector<std::int64_t>> counts(rows.size(),
                                                std::vector<std::int64_t>(columns.names.size()));
  std::vector<std::ptrdiff_t> row_of(data.codes().size(), -1);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    if (options.categories) {
      for (const std::size_t code : data.subtree(rows[r])) {
        row_of[code] = static_cast<std::ptrdiff_t>(r);
      }
    } else {
      row_of[rows[r]] = static_cast<std::ptrdiff_t>(r);
    }
  }
  const SelectionFilter selected = data.filter(selection);
  for (const CodingInfo& coding : data.codings()) {
    if (!selected.admits(coding) || row_of[coding.code] < 0) continue;
    ++counts[static_cast<std::size_t>(row_of[coding.code])][columns.of(coding)];
  }

  std::vector<std::int64_t> row_total(rows.size()), column_total(columns.names.size());
  std::int64_t grand = 0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < columns.names.size(); ++c) {
      const std::int64_t n = options.value == CellValue::presence ? counts[r][c] > 0 : counts[r][c];
      row_total[r] += n;
      column_total[c] += n;
      grand += n;
    }
  }
  const auto percent = [](std::int64_t n, std::int64_t of) -> table::Cell {
    if (of == 0) return {};
    return 100.0 * static_cast<double>(n) / static_cast<double>(of);
  };
  table::Table table;
  table.columns = {"code"};
  table.columns.insert(table.columns.end(), columns.names.begin(), columns.names.end());
  table.columns.push_back("total");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::vector<table::Cell> row = {data.codes()[rows[r]].path};
    for (std::size_t c = 0; c < columns.names.size(); ++c) {
      switch (options.value) {
        case CellValue::count:
          row.emplace_back(counts[r][c]);
          break;
        case CellValue::presence:
          row.emplace_back(std::int64_t{counts[r][c] > 0});
          break;
        case CellValue::rowpct:
          row.push_back(percent(counts[r][c], row_total[r]));
          break;
        case CellValue::colpct:
          row.push_back(percent(counts[r][c], column_total[c]));
          break;
      }
    }
    if (options.value == CellValue::rowpct) {
      row.push_back(percent(row_total[r], row_total[r]));
    } else if (options.value == CellValue::colpct) {
      row.push_back(percent(row_total[r], grand));
    } else {
      row.emplace_back(row_total[r]);
    }
    table.rows.push_back(std::move(row));
  }
  std::vector<table::Cell> total = {std::string("total")};
  for (std::size_t c = 0; c < columns.names.size(); ++c) {
    if (options.value == CellValue::rowpct) {
      total.push_back(percent(column_total[c], grand));
    } else if (options.value == CellValue::colpct) {
      total.push_back(percent(column_total[c], column_total[c]));
    } else {
      total.emplace_back(column_total[c]);
    }
  }
  if (options.value == CellValue::rowpct || options.value == CellValue::colpct) {
    total.push_back(percent(grand, grand));
  } else {
    total.emplace_back(grand);
  }
  table.rows.push_back(std::move(total));
  return table;
}

}  // namespace inzicht::analysis
