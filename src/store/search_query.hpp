#pragma once
// Turns what a researcher types into an SQLite FTS5 query: words match whole words
// without regard to case or diacritics, "quoted phrases" match word sequences, a trailing
// * makes a prefix (werkgever* finds werkgevers), and AND, OR, NOT and parentheses
// combine them; words side by side must all occur (AND). Punctuation inside a word
// ("STAP-budget", "auto's") is never FTS5 syntax: every word is quoted.

#include <string>

namespace inzicht::store {

// Throws InputError for an unbalanced quote or parenthesis, or an empty query.
std::string fts_query(const std::string& query);

}  // namespace inzicht::store
