// The built-in stopword lists are data written for inzicht. Words are folded when loaded,
// so "hè" and "he", "oké" and "oke", "zo’n" and "zo'n" need one entry each at most.
// Clitics appear both with and without their apostrophe ("'t" and "t"), because word
// segmentation may or may not keep a leading apostrophe.

#include "analysis/stopwords.hpp"

#include <sstream>

#include "base/error.hpp"
#include "base/files.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

constexpr std::string_view kDutch[] = {
    // lidwoorden
    "de", "het", "een", "'t", "t", "'n", "n", "der", "des", "den",
    // persoonlijke en wederkerende voornaamwoorden (ook Vlaams en spreektaal)
    "ik", "'k", "k", "jij", "je", "ge", "gij", "gulder", "u", "hij", "ie", "zij", "ze", "wij", "we",
    "jullie", "gullie", "hun", "hen", "mij", "me", "jou", "hem", "'m", "m", "haar", "'r", "r",
    "d'r", "ons", "zich", "men", "mezelf", "mijzelf", "jezelf", "jouzelf", "zichzelf", "hemzelf",
    "haarzelf", "onszelf", "uzelf", "elkaar", "elkander", "mekaar", "zelf",
    // bezittelijke voornaamwoorden
    "mijn", "m'n", "jouw", "uw", "zijn", "z'n", "onze", "hunne", "mijne", "jouwe", "uwe",
    // aanwijzende, vragende, betrekkelijke en onbepaalde voornaamwoorden
    "dit", "dat", "deze", "die", "zo'n", "zulk", "zulke", "dezelfde", "hetzelfde", "diezelfde",
    "datzelfde", "wie", "wat", "welk", "welke", "wiens", "wier", "iets", "niets", "niks", "iemand",
    "niemand", "iedereen", "ieder", "iedere", "elk", "elke", "alles", "al", "alle", "allemaal",
    "allen", "veel", "vele", "velen", "weinig", "sommige", "sommigen", "enkele", "enkelen", "meer",
    "meest", "meeste", "minder", "minst", "ander", "andere", "anderen", "anders", "beide", "beiden",
    "geen", "genoeg", "menig", "zoveel", "evenveel", "hoeveel",
    // voornaamwoordelijke bijwoorden
    "er", "daar", "hier", "waar", "erin", "eraan", "erop", "ermee", "ervan", "erover", "erbij",
    "ervoor", "erdoor", "eruit", "erna", "ertoe", "erom", "eronder", "ertegen", "daarin", "daaraan",
    "daarop", "daarmee", "daarvan", "daarover", "daarbij", "daarvoor", "daardoor", "daaruit",
    "daarna", "daartoe", "daarom", "daaronder", "daartegen", "hierin", "hieraan", "hierop",
    "hiermee", "hiervan", "hierover", "hierbij", "hiervoor", "hierdoor", "hieruit", "hierna",
    "hiertoe", "waarin", "waaraan", "waarop", "waarmee", "waarvan", "waarover", "waarbij",
    "waarvoor", "waardoor", "waaruit", "waarna", "waartoe", "waarom",
    // voorzetsels
    "aan", "achter", "af", "behalve", "beneden", "bij", "binnen", "boven", "buiten", "door", "in",
    "langs", "met", "mee", "na", "naar", "naast", "om", "onder", "op", "over", "per", "rond",
    "rondom", "sinds", "tegen", "tegenover", "tot", "tussen", "uit", "van", "vanaf", "vanuit",
    "via", "voor", "voorbij", "zonder", "dankzij", "ondanks", "omtrent", "volgens", "wegens",
    "tijdens", "gedurende", "jegens", "nabij", "toe", "heen", "vandaan", "binnenin", "te",
    // voegwoorden
    "en", "of", "maar", "want", "dus", "noch", "doch", "als", "omdat", "doordat", "zodat", "zodra",
    "terwijl", "toen", "nadat", "voordat", "tenzij", "hoewel", "ofschoon", "indien", "mits",
    "zoals", "alsof", "opdat", "totdat", "wanneer", "dan", "zowel", "hetzij", "ofwel", "alhoewel",
    "aangezien", "zolang", "evenals",
    // hulp- en koppelwerkwoorden, alle vormen
    "ben", "bent", "is", "zijt", "was", "waren", "geweest", "wees", "hebben", "heb", "hebt",
    "heeft", "had", "hadden", "gehad", "worden", "word", "wordt", "werd", "werden", "geworden",
    "zullen", "zal", "zult", "zou", "zoudt", "zouden", "kunnen", "kan", "kunt", "kon", "konden",
    "gekund", "moeten", "moet", "moest", "moesten", "gemoeten", "mogen", "mag", "mocht", "mochten",
    "gemogen", "willen", "wil", "wilt", "wou", "wilde", "wilden", "gewild", "gaan", "ga", "gaat",
    "ging", "gingen", "gegaan", "doen", "doe", "doet", "deed", "deden", "gedaan", "laten", "laat",
    "liet", "lieten", "gelaten", "blijven", "blijf", "blijft", "bleef", "bleven", "gebleven",
    // veelgebruikte bijwoorden
    "niet", "nu", "nog", "ook", "wel", "zo", "heel", "erg", "zeer", "echt", "gewoon", "toch",
    "eens", "even", "alleen", "weer", "misschien", "natuurlijk", "eigenlijk", "inderdaad", "zelfs",
    "vooral", "altijd", "nooit", "soms", "vaak", "dikwijls", "ooit", "steeds", "daarnaast",
    "echter", "wellicht", "zeker", "best", "bijvoorbeeld", "bv", "ongeveer", "helemaal", "nogal",
    "beetje", "tamelijk", "hoe", "hoor", "zeg", "dinges", "enzo", "enzovoort", "enz", "ofzo", "etc",
    "sowieso", "gauw", "meteen", "net", "reeds", "straks", "zometeen", "vanzelf", "immers",
    "namelijk", "ok", "oke", "okay", "oké",
    // tussenwerpsels en opvulwoorden van gesproken Nederlands en Vlaams
    "eh", "ehm", "euh", "euhm", "uh", "uhm", "um", "hm", "hmm", "mm", "mmm", "mhm", "hum", "ah",
    "aha", "oh", "o", "och", "ach", "tja", "ja", "jaja", "jawel", "jah", "nee", "neen", "nou",
    "nah", "hè", "hé", "he", "hoh", "goh", "jee", "jeetje", "allez", "awel", "ewel", "amai", "ai",
    "zenne", "seg", "wa", "da", "nie", "ni", "ne", "nen", "kzou", "kheb", "kben", "'s", "s",
    "zoiets", "zowat", "enfin", "bon", "soit", "voilà", "voila",
    // aantekeningen in transcripten: (lacht), (zucht)
    "lacht", "zucht"};

// After the NLTK English list and common fillers of spoken English.
constexpr std::string_view kEnglish[] = {
    "i",          "me",         "my",       "myself",  "we",       "our",        "ours",
    "ourselves",  "you",        "your",     "yours",   "yourself", "yourselves", "he",
    "him",        "his",        "himself",  "she",     "her",      "hers",       "herself",
    "it",         "its",        "itself",   "they",    "them",     "their",      "theirs",
    "themselves", "what",       "which",    "who",     "whom",     "whose",      "this",
    "that",       "these",      "those",    "am",      "is",       "are",        "was",
    "were",       "be",         "been",     "being",   "have",     "has",        "had",
    "having",     "do",         "does",     "did",     "doing",    "done",       "would",
    "should",     "could",      "might",    "must",    "shall",    "will",       "can",
    "may",        "ought",      "a",        "an",      "the",      "and",        "but",
    "if",         "or",         "because",  "as",      "until",    "while",      "of",
    "at",         "by",         "for",      "with",    "about",    "against",    "between",
    "into",       "through",    "during",   "before",  "after",    "above",      "below",
    "to",         "from",       "up",       "down",    "in",       "out",        "on",
    "off",        "over",       "under",    "again",   "further",  "then",       "once",
    "here",       "there",      "when",     "where",   "why",      "how",        "all",
    "any",        "both",       "each",     "few",     "more",     "most",       "other",
    "some",       "such",       "no",       "nor",     "not",      "only",       "own",
    "same",       "so",         "than",     "too",     "very",     "just",       "also",
    "even",       "still",      "yet",      "ever",    "never",    "always",     "often",
    "sometimes",  "quite",      "rather",   "really",  "actually", "basically",  "maybe",
    "perhaps",    "though",     "although", "since",   "unless",   "whether",    "either",
    "neither",    "within",     "without",  "upon",    "onto",     "toward",     "towards",
    "via",        "per",        "across",   "along",   "around",   "among",      "behind",
    "beside",     "besides",    "beyond",   "near",    "else",     "anything",   "something",
    "nothing",    "everything", "anyone",   "someone", "everyone", "nobody",     "somebody",
    "everybody",  "much",       "many",     "lot",     "lots",     "get",        "got",
    "go",         "goes",       "going",    "went",    "gone",     "let",        "lets",
    "s",          "t",          "d",        "ll",      "m",        "o",          "re",
    "ve",         "y",          "don't",    "doesn't", "didn't",   "isn't",      "aren't",
    "wasn't",     "weren't",    "haven't",  "hasn't",  "hadn't",   "won't",      "wouldn't",
    "shouldn't",  "couldn't",   "can't",    "cannot",  "mustn't",  "i'm",        "i've",
    "i'd",        "i'll",       "you're",   "you've",  "you'd",    "you'll",     "he's",
    "she's",      "it's",       "we're",    "we've",   "we'd",     "we'll",      "they're",
    "they've",    "they'd",     "they'll",  "that's",  "there's",  "what's",     "let's",
    "yes",        "yeah",       "yep",      "no",      "nope",     "ok",         "okay",
    "oh",         "ah",         "uh",       "um",      "uhm",      "erm",        "er",
    "hmm",        "hm",         "mm",       "mhm",     "well",     "like",       "kind",
    "sort",       "sorta",      "kinda",    "gonna",   "wanna",    "gotta",      "etc"};

std::unordered_set<std::string> fold_all(std::span<const std::string_view> words) {
  std::unordered_set<std::string> folded;
  for (const std::string_view word : words) folded.insert(text::fold_word(word));
  return folded;
}

std::unordered_set<std::string> read_file(const std::string& path) {
  std::string content = inzicht::read_file(path);
  if (content.rfind("\xEF\xBB\xBF", 0) == 0) content.erase(0, 3);
  if (const auto bad = inzicht::first_invalid_utf8(content)) {
    throw InputError(path + ": invalid UTF-8 at byte " + std::to_string(*bad) +
                     " (a stopword file is UTF-8, one word per line)");
  }
  std::unordered_set<std::string> folded;
  std::istringstream lines(content);
  std::string line;
  for (int number = 1; std::getline(lines, line); ++number) {
    line = line.substr(0, line.find('#'));
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) continue;
    const std::string word = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
    if (word.find_first_of(" \t") != std::string::npos) {
      throw InputError(path + ":" + std::to_string(number) + ": \"" + word +
                       "\" is more than one word (one stopword per line)");
    }
    folded.insert(text::fold_word(text::to_nfc(word)));
  }
  return folded;
}

}  // namespace

std::span<const std::string_view> dutch_stopwords() { return kDutch; }
std::span<const std::string_view> english_stopwords() { return kEnglish; }

std::unordered_set<std::string> load_stopwords(const std::string& name) {
  if (name == "nl") return fold_all(kDutch);
  if (name == "en") return fold_all(kEnglish);
  if (name == "none") return {};
  return read_file(name);
}

}  // namespace inzicht::analysis
