#pragma once
// Quotes for requirements, persona cards and journey maps: a coded stretch widened to the
// whole sentences it touches, put on one line and cut at a word when long, and the order
// in which candidates are preferred — from a respondent, not too long, not too short to
// stand on its own, then the shortest.

#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

#include "analysis/coding_data.hpp"

namespace inzicht::analysis {

// A quote is at most this many code points; a longer one is cut at a word with "…".
inline constexpr std::size_t kMaxQuoteLength = 300;
// A quote of fewer words says too little on its own: it is chosen only when no longer one
// is left ("Ja, de kosten." against a sentence that names them).
inline constexpr std::int64_t kMinQuoteWords = 10;

// A stretch of a document as a possible quote, with what decides between quotes.
struct QuoteCandidate {
  std::size_t document = 0;
  Span span;                  // whole sentences
  bool respondent = false;    // starts in a respondent's turn
  bool fits = false;          // at most kMaxQuoteLength code points
  bool enough_words = false;  // at least kMinQuoteWords words

  // Smaller is better: respondent, fits, enough words, shorter, earlier in the project.
  auto key() const {
    return std::make_tuple(!respondent, !fits, !enough_words, span.end - span.start, document,
                           span.start);
  }
};

// `span` of `document` widened to the whole sentences it touches (as it is when it touches
// none: text outside every turn), rated as a quote.
QuoteCandidate quote_candidate(const CodingData& data, std::size_t document, Span span);

// The text of `span` on one line (runs of white space as one space, trimmed), cut at a
// word to at most kMaxQuoteLength code points with "…".
std::string quote_text(std::string_view text, Span span);

// `text` when it has at most `max_code_points` code points; else cut at the last space
// before that (or inside a word that long) so that with the "…" it has at most that many.
std::string shorten(std::string_view text, std::size_t max_code_points);

}  // namespace inzicht::analysis
