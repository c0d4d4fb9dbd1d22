#pragma once
// Rule-based auto-coding: the rules of a codebook's codes, compiled once, applied to
// documents. A rule reads the words of the turns its `speaker` filter admits (respondents
// by default; text outside turns is never coded) and codes whole units of its `scope`
// (sentence, paragraph or turn) in which its conditions hold.
//
// How terms match (model/codebook.hpp has the rule semantics):
// - Text and terms are split into words the same way (text::words, ICU), so a term such as
//   "STAP-budget" or "auto's" matches the text it was copied from. Words are compared
//   folded (case and diacritics, curly apostrophes as straight ones); with `stem` (the
//   default) a word matches when the Dutch Snowball stems agree ("drempel" ~ "Drempels").
// - A `*` right after a word makes that word a prefix of the folded text word, never of its
//   stem: "financi*" finds "financiering" and "Financiële". ("financier*" does not find
//   "Financiële": folded it is "financiele".) A `*` anywhere else is an error.
// - A term of several words is a phrase: consecutive words of one turn, each matching.
// - A term counts for a unit when the whole occurrence lies inside the unit.
// - `near: {terms, within: N}`: one occurrence of every term fits in a window of
//   consecutive words no longer than N plus the number of words of the terms; for two
//   one-word terms, at most N words stand between them.
// - `regex` runs over the original text of each unit, case-insensitively unless
//   `regex_case_sensitive`; `^` and `$` are the unit's edges.

#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/span.hpp"
#include "model/codebook.hpp"
#include "model/document.hpp"

namespace inzicht::coding {

// One unit a rule coded.
struct AutoCoding {
  std::string code_path;   // the code's path
  Span span;               // the whole unit coded (sentence, paragraph or turn span)
  std::size_t rule = 0;    // index of the first rule of that code that matched this unit
  std::vector<Span> hits;  // the matched terms and regex matches, in order, for context
};

// Names rule `rule` (counted from 0) of `code` for people: "drempels/kosten#2" (from 1).
std::string rule_name(const model::Code& code, std::size_t rule);

// The version of `code`'s rules: a hash (16 hex digits) of everything that decides what
// they match. Two codebooks whose rules for a code differ give different hashes (barring a
// collision); layout, comments and line numbers do not count.
std::string rules_hash(const model::Code& code);

class Autocoder {
 public:
  // Compiles the rules of every code in `codebook`, or only of the codes whose path is in
  // `only` when it is not empty. Throws InputError for a path in `only` that is not in the
  // codebook, and for a bad rule (a term without words, a misplaced `*`, a bad regex, a
  // rule with no positive condition, rules on a code that is not codable), naming the code
  // path and the rule's line. Keywords match by the stems of `language`'s stemmer.
  explicit Autocoder(const model::Codebook& codebook, const std::vector<std::string>& only = {},
                     const std::string& language = "nl");
  ~Autocoder();
  Autocoder(Autocoder&&) noexcept;
  Autocoder& operator=(Autocoder&&) noexcept;

  // The case attributes of each turn of a document, values as text (numbers as
  // store::to_string writes them), for rules with `where`: one pointer per turn, nullptr for
  // a turn whose case has none.
  using TurnAttributes = std::vector<const std::map<std::string, std::string>*>;

  // Every unit that a rule matches in `document`, in document order (by start, then end,
  // then codebook order): at most one AutoCoding per code and unit span, however many
  // hits or rules of that code it has. A rule with `where` does not read a turn whose case
  // has one of its attributes with another value (`attributes`; a turn without, or a case
  // without the attribute, is read). Safe to call from several threads at once.
  std::vector<AutoCoding> code(const model::Document& document,
                               const TurnAttributes* attributes = nullptr) const;

  // The number of rules compiled.
  std::size_t rule_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::coding
