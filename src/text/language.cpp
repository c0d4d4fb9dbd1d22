// The languages inzicht knows, and telling them apart by their function words.

#include <algorithm>
#include <array>
#include <string_view>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {

namespace {

// Frequent function words of each language that are rare in the three others (so "de",
// "en", "in", "is", "die" and "des" are left out).
struct Markers {
  std::string_view language;
  std::array<std::string_view, 20> words;
};
constexpr Markers kMarkers[] = {
    {"nl", {"het", "een", "van",  "ik",   "niet", "dat", "met", "op",  "voor",   "maar",
            "wel", "ook", "zijn", "naar", "heb",  "wat", "nee", "bij", "hebben", "heel"}},
    {"en", {"the", "and", "of",   "to", "you", "that", "it",   "was",  "for",  "with",
            "but", "not", "have", "so", "my",  "we",   "they", "this", "yeah", "what"}},
    {"de", {"der", "das", "und", "ich", "nicht", "ist",  "ein", "eine",  "zu",   "mit",
            "auf", "den", "sie", "es",  "auch",  "aber", "wir", "haben", "sich", "wenn"}},
    {"fr", {"le", "la",   "les",  "et",  "un",   "une", "je",   "est",  "pas", "que",
            "du", "pour", "dans", "qui", "nous", "ce",  "avec", "mais", "oui", "c'est"}},
};

}  // namespace

const std::vector<std::string>& languages() {
  static const std::vector<std::string> codes = {"nl", "en", "de", "fr"};
  return codes;
}

void check_language(std::string_view code) {
  const auto& known = languages();
  if (std::find(known.begin(), known.end(), code) != known.end()) return;
  throw InputError("unknown language '" + std::string(code) + "' (inzicht knows nl, en, de, fr)");
}

std::optional<std::string> detect_language(std::string_view text) {
  std::array<std::size_t, std::size(kMarkers)> hits{};
  std::size_t total = 0;
  // The first 20,000 bytes are plenty and keep a long transcript quick.
  const std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 20000));
  std::size_t cut = head.size();
  while (cut > 0 && cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  for (const Word& word : words(head.substr(0, cut))) {
    ++total;
    const std::string folded = fold_word(word.text);
    for (std::size_t l = 0; l < std::size(kMarkers); ++l) {
      const auto& list = kMarkers[l].words;
      if (std::find(list.begin(), list.end(), folded) != list.end()) ++hits[l];
    }
  }
  if (total < 50) return std::nullopt;
  std::size_t best = 0, second = 0;
  for (std::size_t l = 1; l < hits.size(); ++l) {
    if (hits[l] > hits[best]) best = l;
  }
  for (std::size_t l = 0; l < hits.size(); ++l) {
    if (l != best && hits[l] > second) second = hits[l];
  }
  // A clear winner: a tenth of all words, and half as many again as the next language.
  if (hits[best] * 10 < total || hits[best] * 2 < second * 3) return std::nullopt;
  return std::string(kMarkers[best].language);
}

}  // namespace inzicht::text
