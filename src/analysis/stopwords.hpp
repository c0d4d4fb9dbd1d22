#pragma once
// Stopwords: the words a word count leaves out. Dutch ("nl") and English ("en") lists are
// built in; the Dutch one holds, besides articles, pronouns, prepositions, conjunctions and
// auxiliary verbs, the fillers that transcripts of spoken Dutch and Flemish are full of
// ("eh", "ehm", "nou", "ja", "toch", "gewoon", "allez", "awel", "ge", "gij" …).

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace inzicht::analysis {

// The built-in lists, as written (with accents and apostrophes).
std::span<const std::string_view> dutch_stopwords();
std::span<const std::string_view> english_stopwords();

// The stopwords `name` names, folded with text::fold_word: "nl", "en", "none" (no
// stopwords), or else the path of a UTF-8 file with one word per line, where '#' starts a
// comment and blank lines are skipped (a file called "nl" is "./nl"). Throws InputError
// naming the file, and the line where there is one, for a file that cannot be read, is not
// UTF-8 or has two words on a line.
std::unordered_set<std::string> load_stopwords(const std::string& name);

}  // namespace inzicht::analysis
