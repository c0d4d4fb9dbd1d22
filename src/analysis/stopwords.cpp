// The built-in stopword lists are data written for inzicht, in data/stopwords/. Words are
// folded when loaded, so "hè" and "he", "oké" and "oke", "zo’n" and "zo'n" need one entry
// each at most. Clitics appear both with and without their apostrophe ("'t" and "t"),
// because word segmentation may or may not keep a leading apostrophe.

#include "analysis/stopwords.hpp"

#include <sstream>

#include "base/error.hpp"
#include "base/files.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

// The words of a stopword file's `content`, folded; `path` names it in errors.
std::unordered_set<std::string> parse_words(std::string content, const std::string& path) {
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

std::unordered_set<std::string> load_stopwords(const std::string& name) {
  if (name == "none") return {};
  const std::string_view built_in = built_in_stopword_file(name);
  if (!built_in.empty())
    return parse_words(std::string(built_in), "data/stopwords/" + name + ".txt");
  return parse_words(inzicht::read_file(name), name);
}

}  // namespace inzicht::analysis
