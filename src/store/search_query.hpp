#pragma once
// Turns what a researcher types into an SQLite FTS5 query: words match whole words
// without regard to case or diacritics, "quoted phrases" match word sequences, a trailing
// * makes a prefix (werkgever* finds werkgevers), and AND, OR, NOT and parentheses
// combine them; words side by side must all occur (AND). Punctuation inside a word
// ("STAP-budget", "auto's") is never FTS5 syntax: every word is quoted.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"

namespace inzicht::store {

// Throws InputError for an unbalanced quote or parenthesis, or an empty query.
std::string fts_query(const std::string& query);

// The same query matched by stems in the project's language, as `kwic` and the rules
// match: "struggle" finds "struggling" and "struggled", "kosten" finds "kost". Words and
// the words of "phrases" match by their Snowball stems, prefix* by the folded word. FTS5
// finds the turns that may match (`candidates()`: each word by a prefix of its stem, NOT
// branches left out), and `match` decides on each turn's words, with the same precedence
// as FTS5 (NOT, then AND and words side by side, then OR).
class StemSearch {
 public:
  // Throws InputError as fts_query does, and for an unknown language.
  StemSearch(const std::string& query, std::string_view language);
  ~StemSearch();
  StemSearch(const StemSearch&) = delete;
  StemSearch& operator=(const StemSearch&) = delete;

  const std::string& candidates() const { return candidates_; }
  // The spans (code points into `turn`) of the words that make `turn` match, in order;
  // nothing when it does not match.
  std::optional<std::vector<Span>> match(std::string_view turn) const;

 private:
  struct Node;
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string candidates_;
};

}  // namespace inzicht::store
