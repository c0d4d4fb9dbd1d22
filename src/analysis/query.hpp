#pragma once
// Coding queries: a small language that retrieves segments of text by combining codes,
// their positions and case attributes — "drempels AND hefbomen/werkgever",
// "drempels/kosten NEAR/2 hefbomen", "(tijd OR kosten) AND [group=learner]". `parse_query`
// turns an expression into a tree, with errors that point at the offending character;
// `run_query` evaluates the tree over a `CodingData` in linear merges per document. Every
// node evaluates to a set of segments: per document, sorted spans with overlapping or
// touching spans merged. docs/cli.md ("Coding queries") holds the grammar and the exact
// meaning of each operator.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/coding_data.hpp"
#include "table/table.hpp"

namespace inzicht::analysis {

// One node of a parsed query.
struct QueryNode {
  enum class Kind {
    code,         // a code path with every code below it
    attribute,    // [name=value] or [name!=value]: whole documents
    conjunction,  // A AND B: units holding both
    disjunction,  // A OR B: the union
    negation,     // NOT A: units holding none of A
    overlaps,     // A OVERLAPS B
    within,       // A WITHIN B
    near,         // A NEAR/n B
    follows,      // A FOLLOWS/n B
  };
  Kind kind = Kind::code;
  std::int64_t position = 0;        // code point of the node's token in the expression, from 0
  std::string name;                 // code: its path; attribute: its name (both NFC)
  std::string value;                // attribute: the value compared with
  bool negated = false;             // attribute: != rather than =
  std::int64_t sentences = 1;       // near, follows: the n of /n
  std::vector<QueryNode> operands;  // one for negation, two for the other operators
};

struct Query {
  std::string expression;  // as given
  QueryNode root;
};

// Parses `expression`. Throws InputError whose message names the problem and its position
// (code points, counted from 1), then repeats the expression with a caret under the
// offending character.
Query parse_query(const std::string& expression);

// The message of a query error: "query: <what> at position N", the expression on the next
// line and a caret under code point `position` (from 0) on the line after.
std::string query_error_message(const std::string& expression, std::int64_t position,
                                const std::string& what);

struct QueryOptions {
  Unit unit = Unit::sentence;       // what AND and NOT return
  std::vector<std::string> coders;  // whose codings code operands use; empty: everyone's
  // Code operands use only codings that start in a turn of this role; nullopt: every coding.
  std::optional<model::Role> coding_role;
  // AND and NOT return only units in turns of this role; nullopt: every unit. Ignored for
  // Unit::document.
  std::optional<model::Role> unit_role = model::Role::respondent;
};

struct QuerySegment {
  std::size_t document = 0;
  Span span;
  // The codes of the query's code operands (with the coders and role of the options) whose
  // codings share a code point with `span`, in codebook order.
  std::vector<std::size_t> codes;
};

// The segments `query` retrieves from `data`, by document and start. Throws NotFoundError
// for an unknown code and InputError for an attribute no case has, both with a message
// that points at the name in the expression as parse_query's do; NotFoundError for an
// unknown coder.
std::vector<QuerySegment> run_query(const CodingData& data, const Query& query,
                                    const QueryOptions& options);

// One row per segment: document, case, speaker (of the turn the segment starts in), start,
// end, codes (joined by "; "), text; with `context_sentences` > 0 also "before" and "after"
// around "text", holding that many whole sentences either side.
table::Sheet query_sheet(const CodingData& data, const std::vector<QuerySegment>& segments,
                          int context_sentences);
// One row: segments, documents, cases.
table::Sheet query_count_sheet(const CodingData& data, const std::vector<QuerySegment>& segments);

}  // namespace inzicht::analysis
