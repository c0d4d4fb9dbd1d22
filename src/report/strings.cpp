// The study report's catalogue of words: key, Dutch, English. "{1}", "{2}" … are filled in.

#include "report/strings.hpp"

#include <stdexcept>

namespace inzicht::report {

namespace {

struct Entry {
  std::string_view key, nl, en;
};

constexpr Entry kCatalogue[] = {
    {"report.subtitle", "Rapport gemaakt met inzicht uit het projectbestand {1}.",
     "Report made with inzicht from the project file {1}."},
    {"and", " en ", " and "},
    {"coders.every", "alle codeurs ({1})", "every coder ({1})"},
    {"coders.one", "codeur {1}", "coder {1}"},
    {"coders.some", "codeurs {1}", "coders {1}"},

    {"corpus.title", "Corpus", "Corpus"},
    {"corpus.all", "alle", "all"},
    {"corpus.no_group", "(geen groep)", "(no group)"},
    {"corpus.group", "groep", "group"},
    {"corpus.cases", "cases", "cases"},
    {"corpus.documents", "documenten", "documents"},
    {"corpus.words", "woorden", "words"},
    {"corpus.words_per_document", "woorden per document", "words per document"},
    {"corpus.breakdown", "{1} naar {2}", "{1} by {2}"},

    {"codebook.title", "Codeboek en frequenties", "Codebook and frequencies"},
    {"codebook.note",
     "Aantal cases met minstens één codering per code, van {1}; een code telt de codes eronder "
     "mee.",
     "Number of cases with at least one coding of each code, by {1}; a code counts the codes "
     "below it."},
    {"codebook.chart", "{1}: cases per code", "{1}: cases per code"},
    {"codebook.codes", "Codes", "Codes"},
    {"codebook.other_codes", "Overige codes", "Other codes"},
    {"codebook.all", "Alle codes", "All codes"},

    {"cooccurrence.title", "Co-occurrentie", "Co-occurrence"},
    {"cooccurrence.all_codes", "alle codes", "every code"},
    {"cooccurrence.note",
     "c-coëfficiënt n12 / (n1 + n2 − n12) van {1} in dezelfde alinea ({2}); grijs: de code "
     "zelf.",
     "c coefficient n12 / (n1 + n2 − n12) of {1} in one paragraph ({2}); grey: the code "
     "itself."},
    {"cooccurrence.most_frequent", "De {1} vaakst gecodeerde codes.",
     "The {1} most often coded codes."},
    {"cooccurrence.chart", "Co-occurrentie (c-coëfficiënt, alinea)",
     "Co-occurrence (c coefficient, paragraph)"},

    {"agreement.title", "Overeenstemming tussen codeurs", "Agreement between coders"},
    {"agreement.category", "categorie", "category"},
    {"agreement.sentences", "zinnen", "sentences"},
    {"agreement.coder", "codeur {1}", "coder {1}"},
    {"agreement.share_agreed", "aandeel gelijk", "share agreed"},
    {"agreement.all_categories", "alle categorieën samen", "all categories pooled"},
    {"agreement.note",
     "Codeurs {1} in de {2} documenten die ze allemaal codeerden, per zin van een "
     "respondent: elke categorie (een code op het hoogste niveau) is per zin aanwezig of niet, "
     "een code eronder telt mee. Een lege cel: niet gedefinieerd (bijvoorbeeld een categorie "
     "die niemand gebruikte). Krippendorff raadt α ≥ 0,800 aan, en ≥ 0,667 voor voorlopige "
     "conclusies.",
     "Coders {1} in the {2} documents they all coded, per sentence of a respondent: each "
     "category (a top-level code) is present in a sentence or not, a code below it counting "
     "for it. An empty cell: not defined (for instance a category nobody used). Krippendorff "
     "recommends α ≥ 0.800, and ≥ 0.667 for tentative conclusions."},
    {"agreement.chart", "Krippendorff α per categorie (negatief getoond als 0)",
     "Krippendorff's α per category (negative shown as 0)"},
};

const Entry& entry(std::string_view key) {
  for (const Entry& e : kCatalogue) {
    if (e.key == key) return e;
  }
  throw std::logic_error("the report's catalogue has no text '" + std::string(key) + "'");
}

}  // namespace

std::string report_language(std::string_view project_language) {
  return project_language == "nl" ? "nl" : "en";
}

std::string text(std::string_view language, std::string_view key,
                 const std::vector<std::string>& args) {
  const Entry& found = entry(key);
  const std::string_view pattern = language == "nl" ? found.nl : found.en;
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '{' && i + 2 < pattern.size() && pattern[i + 2] == '}' &&
        pattern[i + 1] >= '1' && pattern[i + 1] <= '9') {
      const auto n = static_cast<std::size_t>(pattern[i + 1] - '1');
      if (n < args.size()) out += args[n];
      i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

std::vector<std::string_view> text_keys() {
  std::vector<std::string_view> keys;
  for (const Entry& e : kCatalogue) keys.push_back(e.key);
  return keys;
}

}  // namespace inzicht::report
