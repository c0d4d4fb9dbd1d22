#include "analysis/quotes.hpp"

#include <algorithm>

#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

}  // namespace

QuoteCandidate quote_candidate(const CodingData& data, std::size_t document, Span span) {
  QuoteCandidate candidate;
  candidate.document = document;
  candidate.span = span;
  const auto [first, last] = data.units_overlapping(Unit::sentence, document, span);
  if (first < last) {
    const std::vector<Span>& sentences = data.units(Unit::sentence, document);
    candidate.span = {std::min(span.start, sentences[first].start),
                      std::max(span.end, sentences[last - 1].end)};
  }
  const auto [turn, after] =
      data.units_overlapping(Unit::turn, document, {span.start, span.start + 1});
  candidate.respondent =
      turn < after && data.unit_roles(Unit::turn, document)[turn] == model::Role::respondent;
  candidate.fits =
      static_cast<std::size_t>(candidate.span.end - candidate.span.start) <= kMaxQuoteLength;
  candidate.enough_words = data.words_in(document, candidate.span) >= kMinQuoteWords;
  return candidate;
}

std::string quote_text(std::string_view text, Span span) {
  const text::CodePointIndex index(text);
  std::string flat;
  for (const char c : index.slice(span)) {
    if (!is_space(c)) {
      flat += c;
    } else if (!flat.empty() && flat.back() != ' ') {
      flat += ' ';
    }
  }
  while (!flat.empty() && flat.back() == ' ') flat.pop_back();
  const text::CodePointIndex flat_index(flat);
  if (static_cast<std::size_t>(flat_index.size()) <= kMaxQuoteLength) return flat;
  // Room for the "…"; then back to the last space so no word is cut in two.
  std::size_t cut = flat_index.byte_at(static_cast<Offset>(kMaxQuoteLength - 1));
  const std::size_t space = flat.rfind(' ', cut);
  if (space != std::string::npos && space > 0) cut = space;
  return flat.substr(0, cut) + "…";
}

}  // namespace inzicht::analysis
