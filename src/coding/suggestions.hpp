#pragma once
// Suggestions: codings proposed by the codebook's rules (`autocode --suggest`) or by a model
// learned from the project's own codings (`suggest`), kept in a layer of their own with a
// score, the rule or model that made them and the few words that weighed most. They count
// as nothing until a coder accepts them, which makes each a coding of that coder; a
// rejected suggestion is remembered, is not proposed again, and is a negative example for
// the next training.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/project.hpp"

namespace inzicht::coding {

// Which suggestions to list; empty fields do not filter. Codes include their children;
// documents are names or file stems.
struct SuggestionQuery {
  std::vector<std::string> codes;
  std::vector<std::string> documents;
  std::string source;  // "rule", "model" or "" for both
  std::optional<store::SuggestionState> state;
  std::optional<double> min_score;
};

// The suggestions `query` names, by document, place and code. Throws NotFoundError for an
// unknown code or document, InputError for a source other than rule or model.
std::vector<store::Suggestion> list_suggestions(const store::Project& project,
                                                const SuggestionQuery& query);

// The text of each suggestion's place, in the order given (one document read at a time).
std::vector<std::string> suggestion_texts(const store::Project& project,
                                          const std::vector<store::Suggestion>& suggestions);

// Which suggestions to decide: by id, or every pending one (and, when accepting, every
// rejected one) of `query`'s codes with at least its score. One of `ids` or `query.codes`
// must be given, or `all` to decide every suggestion `query` admits.
struct SuggestionChoice {
  std::vector<std::int64_t> ids;
  SuggestionQuery query;
  bool all = false;
};

// Accepts the chosen suggestions as `coder` in one transaction: each becomes a coding of
// `coder` (one that exists already is kept). Throws InputError when nothing is chosen, or a
// suggestion named by id is accepted already; NotFoundError for an unknown id.
store::SuggestionDecision accept_suggestions(store::Project& project,
                                             const SuggestionChoice& choice,
                                             const std::string& coder);

// Rejects the chosen suggestions as `coder` in one transaction. They stay in the project as
// rejected: not proposed again, and negatives for the next `suggest`. Throws as accepting.
store::SuggestionDecision reject_suggestions(store::Project& project,
                                             const SuggestionChoice& choice,
                                             const std::string& coder);

}  // namespace inzicht::coding
