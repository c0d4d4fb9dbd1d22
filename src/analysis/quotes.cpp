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
  return shorten(flat, kMaxQuoteLength);
}

std::string shorten(std::string_view text, std::size_t max_code_points) {
  const text::CodePointIndex index(text);
  if (static_cast<std::size_t>(index.size()) <= max_code_points) return std::string(text);
  if (max_code_points == 0) return {};
  // Room for the "…"; then back to the last space so no word is cut in two.
  std::size_t cut = index.byte_at(static_cast<Offset>(max_code_points - 1));
  const std::size_t space = text.rfind(' ', cut);
  if (space != std::string_view::npos && space > 0) cut = space;
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace inzicht::analysis
