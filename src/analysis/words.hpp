#pragma once
// What the words of the transcripts say before any coding: word frequencies, and keyword in
// context (a concordance) of one term. Both read the words of turns (text outside turns,
// such as a title, never counts) in the documents and of the speakers a `TurnSelection`
// admits. Words come from text::words (ICU, Dutch), are compared folded (case and
// diacritics, curly apostrophes as straight ones) and, when asked, by Dutch Snowball stem.

#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "text/kwic.hpp"
#include "model/codebook.hpp"
#include "table/table.hpp"
#include "store/project.hpp"

namespace inzicht::analysis {

// Which turns to read.
struct TurnSelection {
  // Case attribute = value, all must hold; ("group", G) for a group.
  std::vector<std::pair<std::string, std::string>> where;
  model::SpeakerFilter speaker = model::SpeakerFilter::respondent;
};

struct WordOptions {
  TurnSelection turns;
  bool stem = false;                          // group words by stem
  std::unordered_set<std::string> stopwords;  // folded (analysis/stopwords.hpp)
  std::size_t min_length = 1;                 // in code points of the folded word
  std::size_t top = 50;                       // rows to keep; 0 keeps all
};

struct WordFrequency {
  std::string key;   // the folded word, or with `stem` the stem
  std::string word;  // its most frequent written form (of the whole group with `stem`)
  // With `stem`: the group's folded words, each in its most frequent written form, with
  // their counts, most frequent first.
  std::vector<std::pair<std::string, std::int64_t>> forms;
  std::int64_t count = 0;
  std::int64_t documents = 0;
  std::int64_t cases = 0;
  double per_mille = 0;  // count per 1000 words read, rounded to two decimals
};

struct WordCounts {
  std::vector<WordFrequency> words;  // by count, then key; at most `top`
  std::int64_t words_read = 0;       // every word of the turns read (words with a letter)
  std::int64_t counted = 0;          // of those, not stopwords and long enough
  std::int64_t distinct = 0;         // distinct keys counted (before `top`)
  std::int64_t turns = 0;            // turns read
  std::int64_t documents = 0;        // documents read
};

// Counts the words of the turns `options.turns` selects. A word counts when it holds a
// letter (numbers and times do not), is not a stopword and is at least `min_length` long;
// `per_mille` is relative to every word read, stopwords included, so that it does not
// change with the stopword list. Throws InputError for an attribute no case has.
WordCounts word_frequencies(const store::Project& project, const WordOptions& options);

// Columns word, count, documents, cases, per_mille; with `stem`: stem, word, forms (the
// first five as "form (count)", joined by ", "), count, documents, cases, per_mille.
table::Table words_table(const WordCounts& counts, bool stem);

struct KwicOptions {
  TurnSelection turns;
  bool exact = false;       // folded words only, no stemming
  std::int64_t width = 40;  // code points of context either side, within the turn
  std::size_t limit = 0;    // lines to keep; 0 keeps all
};

struct KwicLine {
  std::string document;
  std::string case_name;
  std::int64_t turn = 0;  // index into the document's turns
  std::string speaker;
  Span span;  // the match, in code points into the document's text
  text::Kwic kwic;
};

struct Concordance {
  std::vector<KwicLine> lines;  // in document order
  bool limited = false;         // more lines were found than `limit`
  std::int64_t documents = 0;   // documents with a line
};

// Every occurrence of `term` in the selected turns, found as coding::TermFinder finds it
// (by stem unless `exact`; a trailing '*' a prefix; several words a phrase), with its
// context cut by text::keyword_in_context. Throws InputError for a bad term or an
// attribute no case has.
Concordance concordance(const store::Project& project, const std::string& term,
                        const KwicOptions& options);

// Columns document, case, turn, speaker, start, end, left, match, right.
table::Table concordance_table(const Concordance& concordance);

}  // namespace inzicht::analysis
