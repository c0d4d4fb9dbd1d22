#pragma once
// Code co-occurrence: which codes are applied together, counted in units of text or as
// overlapping codings, with ATLAS.ti's c-coefficient and Jaccard's index.

#include <string>
#include <vector>

#include "analysis/coding_data.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

// Where two codes count as co-occurring: their codings overlap (share a code point), or
// they touch the same sentence, paragraph, turn or document.
enum class CooccurScope { overlap, sentence, paragraph, turn, document };
CooccurScope parse_cooccur_scope(const std::string& name);

enum class CooccurMeasure { count, c, jaccard };
CooccurMeasure parse_cooccur_measure(const std::string& name);

struct CooccurOptions {
  Selection selection;
  CooccurScope scope = CooccurScope::overlap;
  CooccurMeasure measure = CooccurMeasure::count;
};

// The counting rule, per document, over the selected coders pooled:
// - in a unit scope, n1 is the number of units a coding of code 1 touches (shares a code
//   point with) and n12 the number of units touched by both codes;
// - with `overlap`, each code's codings are first merged where they overlap or touch, giving
//   its segments (n1 = their number); segments of both codes that overlap, directly or
//   through a chain of overlapping segments, form one episode; n12 is the number of episodes
//   holding a segment of each code. One long coding overlapping two short ones of the other
//   code is one co-occurrence, so n12 ≤ min(n1, n2).
// c = n12 / (n1 + n2 − n12) (ATLAS.ti's c-coefficient; 0 ≤ c ≤ 1). Jaccard is the same
// ratio in a unit scope; with `overlap` it is measured in code points: those coded with both
// codes over those coded with either.
struct Cooccurrence {
  bool overlap = false;  // counted as overlapping codings, not in units
  std::vector<std::string> codes;
  std::vector<std::int64_t> occurrences;        // n1 per code (units or segments)
  std::vector<std::vector<std::int64_t>> both;  // n12; the diagonal is n1
  std::vector<std::int64_t> code_points;        // per code, code points it covers
  std::vector<std::vector<std::int64_t>> shared_code_points;
};

// Over the selected codable codes (rows and columns in codebook order).
Cooccurrence cooccurrence(const CodingData& data, const CooccurOptions& options);

// The code × code table of `measure`: counts with n1 on the diagonal; c and Jaccard with an
// empty diagonal and an empty cell where neither code occurs. A first column "n" holds n1.
table::Table cooccurrence_table(const Cooccurrence& result, CooccurMeasure measure);

}  // namespace inzicht::analysis
