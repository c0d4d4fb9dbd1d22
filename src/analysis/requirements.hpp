#pragma once
// From needs to UX requirements: every code with a `requirement` field (the codebook's
// `behoeften` carry one, with a `theme`) becomes a requirement for a school website when
// enough cases of a group (the learners) voiced it, counted as cases with at least one
// coding of the code. Each requirement comes with its share of the group, the count per
// value of an attribute (sector) and two quotes from different cases. The requirement's id
// is its code path, which website reviews (analysis/review.hpp) refer to.

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/coding_data.hpp"
#include "analysis/quotes.hpp"
#include "model/codebook.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

// A code of the codebook that carries a requirement.
struct RequirementCode {
  std::string id;  // the code path
  std::string theme;
  std::string text;  // the requirement sentence
};

// Every code of `codebook` with a non-empty `requirement` field, in codebook order; with
// `prefix`, only that code and the codes below it.
std::vector<RequirementCode> requirement_codes(const model::Codebook& codebook,
                                               const std::string& prefix = {});

// For each of `codes` (paths), the number of cases whose attribute `group` is `group_value`
// and that have at least one coding of the code or a code below it by one of `coders`
// (every coder when empty). Throws NotFoundError for an unknown code or coder.
std::vector<std::int64_t> cases_voicing(const CodingData& data,
                                        const std::vector<std::string>& codes,
                                        const std::string& group_value,
                                        const std::vector<std::string>& coders = {});

struct RequirementOptions {
  std::string prefix = "behoeften";  // the codes to read: this one and everything below
  std::string group = "learner";     // the value of the case attribute `group`
  std::string by = "sector";         // counts per value of this case attribute
  std::int64_t min_cases = 3;        // fewer cases than this: left out
  std::vector<std::string> coders;   // empty: every coder
};

struct Quote {
  std::string case_name;
  std::string document;
  std::string text;  // whole sentences, white space collapsed, at most kMaxQuoteLength
};

struct Requirement {
  RequirementCode code;
  std::int64_t cases = 0;        // cases of the group that voiced it
  std::vector<std::int64_t> by;  // per value of Requirements::values
  std::vector<Quote> quotes;     // up to two, from different cases
};

struct Requirements {
  std::int64_t group_cases = 0;       // cases of the group that have a document
  std::vector<std::string> values;    // of the `by` attribute among them, sorted; "(none)"
  std::vector<Requirement> kept;      // at least min_cases, ranked
  std::vector<std::string> left_out;  // ids below the threshold, in codebook order
};

// The requirements under `options.prefix` in `codebook`, ranked by the number of cases of
// the group that voiced them, then codebook order. A quote is a coding of a case in the
// group, widened to the whole sentences it touches. Preferred, in this order: from a
// respondent's turn; at most kMaxQuoteLength code points; at least kMinQuoteWords words;
// shortest; first in the project. The second quote comes from another case than the first.
// Throws NotFoundError for an unknown prefix or coder, InputError when no code under the
// prefix has a requirement, when no case has `group` as its group, or when `by` is an
// attribute no case has.
Requirements requirements(const CodingData& data, const model::Codebook& codebook,
                          const RequirementOptions& options);

// One row per kept requirement: rank, id, theme, cases, cases_pct (of the group's cases),
// one column per value of `by`, requirement, then quote_1_case, quote_1, quote_2_case,
// quote_2 (empty where there is none).
table::Table requirements_table(const Requirements& requirements);

}  // namespace inzicht::analysis
