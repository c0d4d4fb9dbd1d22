#pragma once
// Stopwords: the words a word count leaves out. Lists for every language of
// text::languages() ("nl", "en", "de", "fr") are the files data/stopwords/<language>.txt,
// compiled into the binary; the Dutch one holds, besides articles, pronouns, prepositions,
// conjunctions and auxiliary verbs, the fillers that transcripts of spoken Dutch and
// Flemish are full of ("eh", "ehm", "nou", "ja", "toch", "gewoon", "allez", "awel" …).

#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

namespace inzicht::analysis {

// The built-in list of `language` as the text of its file, or empty for a language
// without one (generated from data/stopwords/ at build time).
std::string_view built_in_stopword_file(std::string_view language);

// The stopwords `name` names, folded with text::fold_word: a language ("nl", "en", "de",
// "fr"), "none" (no stopwords), or else the path of a UTF-8 file with one word per line, where '#'
// starts a comment and blank lines are skipped (a file called "nl" is "./nl"). Throws InputError
// naming the file, and the line where there is one, for a file that cannot be read, is not
// UTF-8 or has two words on a line.
std::unordered_set<std::string> load_stopwords(const std::string& name);

}  // namespace inzicht::analysis
