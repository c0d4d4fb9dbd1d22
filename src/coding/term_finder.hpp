#pragma once
// One term found in text exactly as the autocoder finds the terms of its rules
// (autocoder.hpp says how: words split by text::words and compared folded, by Dutch
// Snowball stem unless told otherwise, a trailing '*' making a word a prefix, several words
// a phrase). For keyword in context and other searches outside a codebook.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"

namespace inzicht::coding {

class TermFinder {
 public:
  // Compiles `term`; with `stem` its words match by stem ("drempel" finds "Drempels"), else
  // by folded word ("geinterviewd" finds "geïnterviewd" either way). Throws InputError for
  // a term without words or a '*' that does not follow a word.
  TermFinder(const std::string& term, bool stem);
  ~TermFinder();
  TermFinder(TermFinder&&) noexcept;
  TermFinder& operator=(TermFinder&&) noexcept;

  // The occurrences of the term in `utf8`, left to right and not overlapping, as code-point
  // spans relative to `utf8` from the first word's start to the last word's end.
  std::vector<Span> find(std::string_view utf8) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::coding
