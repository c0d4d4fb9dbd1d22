#include "coding/pseudonym_candidates.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "coding/pseudonymise.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

// Speaker labels that name a role, not a person (folded).
const std::set<std::string> kRoleLabels = {
    "i",  "r",          "q",          "a",         "int",       "interviewer", "interviewster",
    "respondent", "onderzoeker", "onderzoekster", "spreker", "speaker", "moderator", "deelnemer"};

// Words before a person's name (folded; ICU drops the full stop of "dhr.").
const std::set<std::string> kTitles = {
    "meneer", "mevrouw", "mevr",      "mw",        "dhr",      "heer",     "juf",
    "juffrouw", "meester", "dokter",  "dr",        "prof",     "drs",      "ir",
    "ing",    "mr",      "collega",   "teamleider", "leidinggevende", "manager", "directeur",
    "docent", "docente", "coach",     "mentor",    "begeleider", "buurman", "buurvrouw",
    "praktijkopleider", "opleider", "zus", "broer", "man", "vrouw",
    "dochter", "zoon", "partner", "vriend", "vriendin"};

// Name particles that may stand between capitalised words ("Marloes de Vries").
const std::set<std::string> kParticles = {"de", "van", "der", "den", "'t", "ter",
                                          "ten", "von", "la", "le", "du"};

// Words before a place (folded).
const std::set<std::string> kPlaceWords = {"in", "uit", "naar", "rond", "onder", "te",
                                           "vanuit", "richting", "gemeente", "regio", "buurt"};

// Ends of organisation names (folded), and words that open one.
const std::vector<std::string> kOrganisationEnds = {
    "school", "college", "hogeschool", "academie", "universiteit", "instituut", "groep",
    "centrum", "ziekenhuis", "zorg", "bank", "fonds"};
const std::set<std::string> kOrganisationWords = {
    "roc", "mbo", "hbo", "gemeente", "stichting", "bv", "nv", "vzw", "hogeschool",
    "universiteit", "college", "academie", "instituut", "ziekenhuis", "vdab", "syntra", "uwv"};

bool ends_with(const std::string& s, const std::string& end) {
  return s.size() >= end.size() && s.compare(s.size() - end.size(), end.size(), end) == 0;
}

struct Token {
  Span span;
  std::string text;
  std::string folded;
  bool capitalised = false;
  bool all_caps = false;
  bool initial = false;  // starts a sentence, line or quotation
};

bool organisation_like(const std::vector<const Token*>& words) {
  for (const Token* w : words) {
    if (!w->capitalised) continue;
    if (kOrganisationWords.count(w->folded)) return true;
    for (const std::string& end : kOrganisationEnds) {
      if (ends_with(w->folded, end) && w->folded.size() > end.size()) return true;
    }
  }
  return false;
}

struct Found {
  PseudonymCategory category = PseudonymCategory::person;
  int rank = -1;  // how sure the category is; the surest wins
  std::set<std::string> reasons;
};

void note(std::map<std::string, Found>& found, const std::string& text, PseudonymCategory category,
          int rank, const std::string& reason) {
  if (text::count_code_points(text) < 2) return;
  Found& f = found[text];
  f.reasons.insert(reason);
  if (rank > f.rank) {
    f.rank = rank;
    f.category = category;
  }
}

std::vector<Token> tokens_of(const model::Document& document) {
  std::vector<Token> tokens;
  const text::CodePointIndex index(document.text);
  std::set<Offset> sentence_starts;
  for (const model::Sentence& s : document.sentences) sentence_starts.insert(s.span.start);
  std::set<Offset> seen_sentence;
  for (const text::Word& word : text::words(document.text)) {
    Token token;
    token.span = word.span;
    token.text = word.text;
    token.folded = text::fold_word(word.text);
    const std::u32string points = text::code_points(word.text);
    token.capitalised = !points.empty() && text::is_uppercase(points.front());
    std::size_t letters = 0, upper = 0;
    for (const char32_t c : points) {
      if (text::is_word_character(c) && !(c >= U'0' && c <= U'9')) {
        ++letters;
        if (text::is_uppercase(c)) ++upper;
      }
    }
    token.all_caps = letters >= 2 && upper == letters;
    // What precedes the word, skipping spaces: a sentence start, a line start, a colon or
    // an opening quote makes a capital ordinary.
    Offset at = word.span.start;
    while (at > 0) {
      const std::string_view c = index.slice({at - 1, at});
      if (c != " " && c != "\t") break;
      --at;
    }
    const std::string_view before = at > 0 ? index.slice({at - 1, at}) : std::string_view("\n");
    token.initial = before == "\n" || before == ":" || before == "\"" || before == "“" ||
                    before == "„" || before == "‘" || before == "'" || before == "(" ||
                    before == "[" || before == "." || before == "?" || before == "!" ||
                    before == "…" || before == "-" || before == "–" || before == ")" ||
                    before == "]" || before == "*" || before == "_" || before == ">";
    tokens.push_back(std::move(token));
  }
  // The first word of every sentence starts it, whatever precedes.
  std::size_t t = 0;
  for (const Offset start : sentence_starts) {
    while (t < tokens.size() && tokens[t].span.start < start) ++t;
    if (t < tokens.size()) tokens[t].initial = true;
  }
  return tokens;
}

// Whether only a space (or a hyphen) separates tokens `a` and `b`; after a title also a
// full stop ("dhr. Jansen").
bool adjacent(const text::CodePointIndex& index, const Token& a, const Token& b,
              bool title = false) {
  const std::string_view gap = index.slice({a.span.end, b.span.start});
  return gap == " " || gap == "-" || (title && gap == ". ");
}

// How often each folded word is written in lower case, and capitalised where no sentence
// starts.
struct WordCounts {
  std::unordered_map<std::string, std::int64_t> lower, capital_inside;
  std::int64_t lower_of(const std::string& folded) const {
    const auto it = lower.find(folded);
    return it == lower.end() ? 0 : it->second;
  }
  std::int64_t capital_inside_of(const std::string& folded) const {
    const auto it = capital_inside.find(folded);
    return it == capital_inside.end() ? 0 : it->second;
  }
};

void scan_document(const model::Document& document, const std::vector<Token>& tokens,
                   const WordCounts& counts, std::map<std::string, Found>& found) {
  const text::CodePointIndex index(document.text);
  for (const model::Turn& turn : document.turns) {
    if (turn.speaker.empty() || kRoleLabels.count(text::fold_word(turn.speaker))) continue;
    note(found, turn.speaker, PseudonymCategory::person, 5, "speaker");
  }
  // A capital at a sentence start, of a word also written in lower case, is no name
  // ("Toen", "Dat"); elsewhere a word is a name when it is capitalised at least as often as
  // not, since a list for review errs towards a name ("Roos" beside one "roos"; not "En"
  // after "(lacht)").
  auto namelike = [&](const Token& token) {
    if (!token.capitalised || kRoleLabels.count(token.folded)) return false;
    if (token.initial) return counts.lower_of(token.folded) == 0;
    return counts.lower_of(token.folded) <= counts.capital_inside_of(token.folded);
  };
  for (std::size_t i = 0; i < tokens.size();) {
    const Token& first = tokens[i];
    const bool after_title = i > 0 && kTitles.count(tokens[i - 1].folded) &&
                             adjacent(index, tokens[i - 1], first, true);
    const bool starts_particle = after_title && kParticles.count(first.folded) && !first.capitalised;
    if (!namelike(first) && !starts_particle) {
      ++i;
      continue;
    }
    // Extend over capitalised words and particles between them.
    std::vector<const Token*> words = {&first};
    std::size_t j = i + 1;
    while (j < tokens.size() && adjacent(index, tokens[j - 1], tokens[j])) {
      std::size_t k = j;
      while (k < tokens.size() && k - j < 3 && !tokens[k].capitalised &&
             kParticles.count(tokens[k].folded) &&
             (k == j || adjacent(index, tokens[k - 1], tokens[k]))) {
        ++k;
      }
      if (k < tokens.size() && tokens[k].capitalised &&
          (k == j || adjacent(index, tokens[k - 1], tokens[k]))) {
        for (std::size_t w = j; w <= k; ++w) words.push_back(&tokens[w]);
        j = k + 1;
      } else {
        break;
      }
    }
    if (starts_particle && words.size() == 1) {
      ++i;
      continue;
    }
    const std::string sequence(
        index.slice({words.front()->span.start, words.back()->span.end}));
    const bool organisation = organisation_like(words);
    const bool place = i > 0 && kPlaceWords.count(tokens[i - 1].folded) &&
                       adjacent(index, tokens[i - 1], first);
    const char* reason = words.size() > 1 ? "sequence" : "capitalised";
    if (after_title) {
      note(found, sequence, PseudonymCategory::person, 4, "after title");
    } else if (organisation) {
      note(found, sequence, PseudonymCategory::organisation, 3, "organisation");
    } else if (place) {
      note(found, sequence, PseudonymCategory::place, 2, "place");
    } else if (words.size() == 1 && first.all_caps) {
      note(found, sequence, PseudonymCategory::other, 0, reason);
    } else {
      note(found, sequence, PseudonymCategory::person, 1, reason);
    }
    i = j;
  }
}

struct Pattern {
  const char* regex;
  PseudonymCategory category;
  const char* reason;
};

const std::vector<Pattern>& patterns() {
  static const std::vector<Pattern> all = {
      {R"([\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,})",
       PseudonymCategory::other, "e-mail"},
      // Dutch and Belgian numbers: +31/+32/0031/0032 or 0, then 8 or 9 digits with spaces,
      // dashes, dots or slashes between.
      {R"((?<![\p{N}+])(?:\+3[12]|003[12]|0)(?:[ ./-]?\(?0?\)?[ ./-]?)\p{N}(?:[ ./-]?\p{N}){7,8}(?![\p{N}]))",
       PseudonymCategory::other, "phone"},
      {R"((?<![\p{N}])\p{N}{1,2}[-/.]\p{N}{1,2}[-/.](?:19|20)\p{N}{2}(?![\p{N}]))",
       PseudonymCategory::date, "date"},
      {R"((?<![\p{L}\p{N}])\p{N}{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december)\s+(?:19|20)\p{N}{2}(?![\p{N}]))",
       PseudonymCategory::date, "date"},
      {R"((?<![\p{L}\p{N}])[1-9]\p{N}{3} ?[A-Z]{2}(?![\p{L}\p{N}]))", PseudonymCategory::place,
       "postcode"},
  };
  return all;
}

std::string context_line(const std::string& text, Span span) {
  const text::CodePointIndex index(text);
  constexpr Offset kAround = 40;
  const Offset from = std::max<Offset>(0, span.start - kAround);
  const Offset to = std::min<Offset>(index.size(), span.end + kAround);
  std::string line = from > 0 ? "…" : "";
  line += index.slice({from, to});
  if (to < index.size()) line += "…";
  for (char& c : line) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return line;
}

}  // namespace

std::vector<PseudonymCandidate> find_candidates(const std::vector<model::Document>& documents) {
  std::vector<std::vector<Token>> tokens;
  WordCounts counts;
  for (const model::Document& document : documents) {
    tokens.push_back(tokens_of(document));
    for (const Token& token : tokens.back()) {
      if (!token.capitalised) {
        ++counts.lower[token.folded];
      } else if (!token.initial) {
        ++counts.capital_inside[token.folded];
      }
    }
  }
  std::vector<text::Regex> regexes;
  for (const Pattern& pattern : patterns()) regexes.emplace_back(pattern.regex);
  std::map<std::string, Found> found;
  for (std::size_t d = 0; d < documents.size(); ++d) {
    const model::Document& document = documents[d];
    scan_document(document, tokens[d], counts, found);
    const text::CodePointIndex index(document.text);
    for (std::size_t p = 0; p < regexes.size(); ++p) {
      for (const auto& match : regexes[p].find_all(document.text)) {
        note(found, std::string(index.slice(match.whole)), patterns()[p].category, 6,
             patterns()[p].reason);
      }
    }
  }

  // Count every candidate on its own, as apply would match it.
  std::vector<PseudonymEntry> entries;
  for (const auto& [text, f] : found) entries.push_back({text, f.category, {text}});
  const PseudonymMatcher matcher(entries);
  std::vector<PseudonymCandidate> result(entries.size());
  for (std::size_t e = 0; e < entries.size(); ++e) {
    const Found& f = found.at(entries[e].pseudonym);
    PseudonymCandidate& candidate = result[e];
    candidate.text = entries[e].pseudonym;
    candidate.category = f.category;
    for (const std::string& reason : f.reasons) {
      candidate.reasons += (candidate.reasons.empty() ? "" : ", ") + reason;
    }
  }
  for (const model::Document& document : documents) {
    std::vector<bool> seen(entries.size(), false);
    for (const auto& match : matcher.find_all(document.text)) {
      PseudonymCandidate& candidate = result[match.entry];
      ++candidate.count;
      if (!seen[match.entry]) {
        seen[match.entry] = true;
        ++candidate.documents;
      }
      if (candidate.document.empty()) {
        candidate.document = document.name;
        candidate.context = context_line(document.text, match.span);
      }
    }
    std::map<std::string, std::int64_t> speakers;
    for (const model::Turn& turn : document.turns) ++speakers[turn.speaker];
    for (const auto& [speaker, turns] : speakers) {
      const auto it = found.find(speaker);
      if (it == found.end()) continue;
      const auto e = static_cast<std::size_t>(std::distance(found.begin(), it));
      PseudonymCandidate& candidate = result[e];
      if (!seen[e]) {
        seen[e] = true;
        ++candidate.documents;
        if (candidate.document.empty()) {
          candidate.document = document.name;
          candidate.context = "speaker of " + std::to_string(turns) + " turns";
        }
      }
    }
  }
  result.erase(std::remove_if(result.begin(), result.end(),
                              [](const PseudonymCandidate& c) { return c.documents == 0; }),
               result.end());
  std::sort(result.begin(), result.end(), [](const PseudonymCandidate& a, const PseudonymCandidate& b) {
    if (a.count != b.count) return a.count > b.count;
    return a.text < b.text;
  });
  return result;
}

}  // namespace inzicht::coding
