#include "analysis/cooccurrence.hpp"

#include <algorithm>
#include <numeric>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

struct Segment {
  Span span;
  std::size_t code = 0;  // index into the result's codes
};

// Merges each code's spans where they overlap or touch; returns them sorted by start.
std::vector<Segment> merged_segments(std::vector<Segment> pieces) {
  std::sort(pieces.begin(), pieces.end(), [](const Segment& a, const Segment& b) {
    return a.code != b.code ? a.code < b.code : a.span.start < b.span.start;
  });
  std::vector<Segment> out;
  for (const Segment& piece : pieces) {
    if (!out.empty() && out.back().code == piece.code && piece.span.start <= out.back().span.end) {
      out.back().span.end = std::max(out.back().span.end, piece.span.end);
    } else {
      out.push_back(piece);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const Segment& a, const Segment& b) { return a.span.start < b.span.start; });
  return out;
}

// Code points covered by each code and by each pair, by a sweep over segment boundaries.
void count_code_points(const std::vector<Segment>& segments, Cooccurrence& result) {
  std::vector<std::pair<Offset, std::ptrdiff_t>> events;  // (position, +code+1 / -(code+1))
  for (const Segment& s : segments) {
    events.emplace_back(s.span.start, static_cast<std::ptrdiff_t>(s.code) + 1);
    events.emplace_back(s.span.end, -static_cast<std::ptrdiff_t>(s.code) - 1);
  }
  std::sort(events.begin(), events.end());
  std::vector<std::size_t> open;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const auto [at, change] = events[i];
    if (change > 0) {
      open.push_back(static_cast<std::size_t>(change - 1));
    } else {
      open.erase(std::find(open.begin(), open.end(), static_cast<std::size_t>(-change - 1)));
    }
    if (i + 1 == events.size()) break;
    const Offset length = events[i + 1].first - at;
    if (length == 0) continue;
    for (std::size_t a = 0; a < open.size(); ++a) {
      result.code_points[open[a]] += length;
      for (std::size_t b = 0; b < open.size(); ++b) {
        if (a != b) result.shared_code_points[open[a]][open[b]] += length;
      }
    }
  }
}

}  // namespace

CooccurScope parse_cooccur_scope(const std::string& name) {
  if (name == "overlap") return CooccurScope::overlap;
  if (name == "sentence") return CooccurScope::sentence;
  if (name == "paragraph") return CooccurScope::paragraph;
  if (name == "turn") return CooccurScope::turn;
  if (name == "document") return CooccurScope::document;
  throw InputError("unknown scope '" + name +
                   "' (use overlap, sentence, paragraph, turn or document)");
}

CooccurMeasure parse_cooccur_measure(const std::string& name) {
  if (name == "count") return CooccurMeasure::count;
  if (name == "c") return CooccurMeasure::c;
  if (name == "jaccard") return CooccurMeasure::jaccard;
  throw InputError("unknown measure '" + name + "' (use count, c or jaccard)");
}

Cooccurrence cooccurrence(const CodingData& data, const CooccurOptions& options) {
  std::vector<std::ptrdiff_t> column_of(data.codes().size(), -1);
  Cooccurrence result;
  result.overlap = options.scope == CooccurScope::overlap;
  for (const std::size_t code : data.select_codes(options.selection.codes)) {
    if (!data.codes()[code].codable) continue;
    column_of[code] = static_cast<std::ptrdiff_t>(result.codes.size());
    result.codes.push_back(data.codes()[code].path);
  }
  const std::size_t n = result.codes.size();
  result.occurrences.assign(n, 0);
  result.both.assign(n, std::vector<std::int64_t>(n, 0));
  result.code_points.assign(n, 0);
  result.shared_code_points.assign(n, std::vector<std::int64_t>(n, 0));

  const SelectionFilter selected = data.filter(options.selection);
  std::vector<Segment> pieces;
  std::vector<std::size_t> present;
  const auto count_group = [&](std::vector<std::size_t>& codes) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    for (std::size_t a = 0; a < codes.size(); ++a) {
      ++result.occurrences[codes[a]];
      for (std::size_t b = 0; b < codes.size(); ++b) ++result.both[codes[a]][codes[b]];
    }
    codes.clear();
  };
  const auto finish_document = [&](std::size_t document) {
    if (pieces.empty()) return;
    if (options.scope == CooccurScope::overlap) {
      const std::vector<Segment> segments = merged_segments(std::move(pieces));
      count_code_points(segments, result);
      // Episodes: maximal chains of overlapping segments (sorted by start, so a running end
      // tells whether the next segment joins the episode). n1 counts segments; n12 counts
      // episodes holding both codes.
      const auto count_episode = [&] {
        std::sort(present.begin(), present.end());
        present.erase(std::unique(present.begin(), present.end()), present.end());
        for (const std::size_t a : present) {
          for (const std::size_t b : present) {
            if (a != b) ++result.both[a][b];
          }
        }
        present.clear();
      };
      Offset end = -1;
      for (const Segment& s : segments) {
        if (s.span.start >= end) count_episode();
        present.push_back(s.code);
        end = std::max(end, s.span.end);
        ++result.occurrences[s.code];
        ++result.both[s.code][s.code];
      }
      count_episode();
    } else {
      const Unit unit = options.scope == CooccurScope::sentence    ? Unit::sentence
                        : options.scope == CooccurScope::paragraph ? Unit::paragraph
                        : options.scope == CooccurScope::turn      ? Unit::turn
                                                                   : Unit::document;
      // (unit index, code) for every unit a coding touches; then group by unit.
      std::vector<std::pair<std::size_t, std::size_t>> touched;
      for (const Segment& piece : pieces) {
        const auto [first, last] = data.units_overlapping(unit, document, piece.span);
        for (std::size_t u = first; u < last; ++u) touched.emplace_back(u, piece.code);
      }
      std::sort(touched.begin(), touched.end());
      for (std::size_t i = 0; i < touched.size(); ++i) {
        present.push_back(touched[i].second);
        if (i + 1 == touched.size() || touched[i + 1].first != touched[i].first) {
          count_group(present);
        }
      }
    }
    pieces.clear();
  };
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    for (const CodingInfo& coding : data.codings_of(d)) {
      if (selected.admits(coding) && column_of[coding.code] >= 0) {
        pieces.push_back({coding.span, static_cast<std::size_t>(column_of[coding.code])});
      }
    }
    finish_document(d);
  }
  return result;
}

table::Table cooccurrence_table(const Cooccurrence& result, CooccurMeasure measure) {
  table::Table table;
  table.columns = {"code", "n"};
  table.columns.insert(table.columns.end(), result.codes.begin(), result.codes.end());
  const std::size_t n = result.codes.size();
  for (std::size_t a = 0; a < n; ++a) {
    std::vector<table::Cell> row = {result.codes[a], result.occurrences[a]};
    for (std::size_t b = 0; b < n; ++b) {
      const std::int64_t both = result.both[a][b];
      if (measure == CooccurMeasure::count) {
        row.emplace_back(both);
        continue;
      }
      if (a == b) {
        row.emplace_back();
        continue;
      }
      // In a unit scope Jaccard is c; with overlap it is taken in code points.
      const bool points = measure == CooccurMeasure::jaccard && result.overlap;
      const std::int64_t shared = points ? result.shared_code_points[a][b] : both;
      const std::int64_t either = points ? result.code_points[a] + result.code_points[b] - shared
                                         : result.occurrences[a] + result.occurrences[b] - both;
      if (either == 0) {
        row.emplace_back();
      } else {
        row.emplace_back(static_cast<double>(shared) / static_cast<double>(either));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace inzicht::analysis
