#include "importers/fillers.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

namespace inzicht::importers {

namespace {

constexpr std::array<std::string_view, 14> kFillers = {
    "uh", "uhh", "uhm", "um", "umm", "uhmm", "eh", "ehh", "ehm", "euh", "euhm", "hm", "hmm", "mm"};

bool is_punctuation(char c) {
  return c == ',' || c == '.' || c == '?' || c == '!' || c == ';' || c == ':' || c == '-';
}

bool is_filler(std::string_view token) {
  std::size_t from = 0, to = token.size();
  while (to > from && (is_punctuation(token[to - 1]) || token[to - 1] == '.')) --to;
  while (from < to && token[from] == '-') ++from;
  if (from >= to || to - from > 5) return false;
  std::string core;
  for (std::size_t i = from; i < to; ++i) {
    core += static_cast<char>(std::tolower(static_cast<unsigned char>(token[i])));
  }
  for (const auto filler : kFillers) {
    if (core == filler) return true;
  }
  return false;
}

}  // namespace

std::string remove_fillers(std::string_view words) {
  // Tokens at spaces, with the whitespace before each kept as written.
  struct Token {
    std::string space, word;
  };
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < words.size()) {
    Token token;
    while (i < words.size() && (words[i] == ' ' || words[i] == '\t')) token.space += words[i++];
    while (i < words.size() && words[i] != ' ' && words[i] != '\t') token.word += words[i++];
    tokens.push_back(std::move(token));
  }
  std::vector<Token> kept;
  bool capitalise = false;
  for (Token& token : tokens) {
    if (token.word.empty() || !is_filler(token.word)) {
      if (capitalise && !token.word.empty() && std::islower(static_cast<unsigned char>(token.word[0]))) {
        token.word[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(token.word[0])));
      }
      capitalise = false;
      if (kept.empty() && !tokens.empty() && &token != &tokens.front()) {
        // The first words kept keep the line's leading space only.
        token.space = tokens.front().space;
      }
      kept.push_back(std::move(token));
      continue;
    }
    // A sentence end on the filler moves to the word before ("dat eh." → "dat.").
    const char last = token.word.back();
    if ((last == '.' || last == '?' || last == '!') && !kept.empty() && !kept.back().word.empty()) {
      std::string& previous = kept.back().word;
      while (!previous.empty() && previous.back() == ',') previous.pop_back();
      if (!previous.empty() && !is_punctuation(previous.back())) previous += last;
    }
    // A capitalised filler opened a sentence: so does the word after it.
    capitalise = std::isupper(static_cast<unsigned char>(token.word[0])) &&
                 (kept.empty() || kept.back().word.empty() ||
                  std::string_view(".?!:").find(kept.back().word.back()) != std::string_view::npos);
  }
  std::string out;
  for (const Token& token : kept) {
    out += token.space;
    out += token.word;
  }
  return out;
}

void remove_fillers(Extracted& extracted) {
  materialise_lines(extracted);
  for (Line& line : extracted.lines) {
    if (line.outside_turns) continue;
    const std::size_t label = std::min(line.label_bytes, line.text.size());
    line.text = line.text.substr(0, label) + remove_fillers(std::string_view(line.text).substr(label));
  }
}

}  // namespace inzicht::importers
