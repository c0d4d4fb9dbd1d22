#include "analysis/frequencies.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

constexpr const char* kNone = "(none)";

// The column value of each document for `by`: its name, its case's name, or a case
// attribute ("(none)" where the case has none). Checks that the attribute exists.
std::vector<std::string> values_by(const CodingData& data, const std::string& by) {
  if (by != "document" && by != "case" && by != "documents" && by != "cases") {
    const std::vector<std::string> names = data.attribute_names();
    if (!std::binary_search(names.begin(), names.end(), by)) {
      std::string list;
      for (const std::string& name : names) list += (list.empty() ? "" : ", ") + name;
      throw InputError("no case has the attribute '" + by + "' (use document, case" +
                       (list.empty() ? std::string() : ", " + list) + ")");
    }
  }
  std::vector<std::string> values;
  for (const DocumentInfo& document : data.documents()) {
    if (by == "document" || by == "documents") {
      values.push_back(document.name);
    } else if (by == "case" || by == "cases") {
      values.push_back(data.cases()[document.case_index].name);
    } else {
      std::string value = data.attribute(document.case_index, by);
      values.push_back(value.empty() ? kNone : std::move(value));
    }
  }
  return values;
}

// Sorted distinct values, with the index of each document's value.
struct Columns {
  std::vector<std::string> names;
  std::vector<std::size_t> of_document;
};

Columns columns_of(const std::vector<std::string>& values, const std::vector<bool>& admitted) {
  Columns columns;
  std::set<std::string> distinct;
  for (std::size_t d = 0; d < values.size(); ++d) {
    if (admitted[d]) distinct.insert(values[d]);
  }
  columns.names.assign(distinct.begin(), distinct.end());
  columns.of_document.assign(values.size(), 0);
  for (std::size_t d = 0; d < values.size(); ++d) {
    columns.of_document[d] = static_cast<std::size_t>(
        std::lower_bound(columns.names.begin(), columns.names.end(), values[d]) -
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

// Adds the union of `spans` (sorted by start) in `document` to `tally.words`.
std::int64_t words_in_union(const CodingData& data, std::size_t document,
                            std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start < b.start; });
  std::int64_t words = 0;
  Span current = spans.front();
  for (std::size_t i = 1; i < spans.size(); ++i) {
    if (spans[i].start <= current.end) {
      current.end = std::max(current.end, spans[i].end);
    } else {
      words += data.words_in(document, current);
      current = spans[i];
    }
  }
  return words + data.words_in(document, current);
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
  std::vector<std::vector<Span>> spans(rows.size());
  const auto flush_words = [&](std::size_t document) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      if (spans[r].empty()) continue;
      tallies[r][columns.of_document[document]].words += words_in_union(data, document, spans[r]);
      spans[r].clear();
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
    data.load_texts(coded);
  }
  for (std::size_t d = 0; d < documents; ++d) {
    const std::size_t column = columns.of_document[d];
    for (const CodingInfo& coding : data.codings_of(d)) {
      if (!admitted.admits(coding)) continue;
      for (std::optional<std::size_t> code = coding.code; code; code = data.codes()[*code].parent) {
        if (row_of[*code] < 0) continue;
        const auto r = static_cast<std::size_t>(row_of[*code]);
        Tally& t = tallies[r][column];
        ++t.codings;
        if (t.last_document != d) {
          ++t.documents;
          t.last_document = d;
          t.cases.push_back(data.documents()[d].case_index);
        }
        if (with_words) spans[r].push_back(coding.span);
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
  const std::vector<bool> admitted = data.documents_where(options.selection.where);
  const std::vector<std::size_t> rows = data.select_codes(options.selection.codes);
  const Columns columns =
      options.by.empty()
          ? columns_of(std::vector<std::string>(data.documents().size(), "all"), admitted)
          : columns_of(values_by(data, options.by), admitted);
  const bool with_words = options.by.empty() || options.count == Count::words;
  const auto tallies = tally(data, options.selection, rows, columns, with_words);

  table::Table table;
  if (options.by.empty()) {
    std::set<std::size_t> cases_in_scope;
    for (std::size_t d = 0; d < admitted.size(); ++d) {
      if (admitted[d]) cases_in_scope.insert(data.documents()[d].case_index);
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
  const std::vector<bool> admitted = data.documents_where(options.selection.where);
  std::vector<std::size_t> rows;
  for (const std::size_t code : data.select_codes(options.selection.codes)) {
    const CodeInfo& info = data.codes()[code];
    if (options.categories ? !info.parent : info.codable) rows.push_back(code);
  }
  // Without categories a row holds only its own codings: count each coding in its code's
  // row and nowhere else.
  Selection selection = options.selection;
  const Columns columns = columns_of(values_by(data, options.columns), admitted);
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
    ++counts[static_cast<std::size_t>(row_of[coding.code])][columns.of_document[coding.document]];
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
