#include "codebook/checks.hpp"

#include <set>

#include <algorithm>
#include <cctype>

#include "base/error.hpp"

namespace inzicht::codebook {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Levenshtein distance over bytes, case-insensitive; keys are ASCII.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + cost});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

void Problems::add(int line, std::string problem) {
  problems_.push_back({line, std::move(problem)});
}

void Problems::throw_if_any() const {
  if (problems_.empty()) return;
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Problem& a, const Problem& b) { return a.line < b.line; });
  std::string message;
  for (const Problem& problem : sorted) {
    if (!message.empty()) message += '\n';
    message += source_;
    if (problem.line > 0) message += ":" + std::to_string(problem.line);
    message += ": " + problem.text;
  }
  throw InputError(message);
}

std::optional<std::string> name_problem(std::string_view name) {
  if (name.find_first_not_of(" \t") == std::string_view::npos) return "the name is empty";
  if (name.find('/') != std::string_view::npos) {
    return "the name " + quoted(name) + " contains '/', which separates the names in a path";
  }
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (control) return "the name " + quoted(name) + " holds a line break or control character";
  return std::nullopt;
}

std::optional<std::string> normalize_color(std::string_view color, bool allow_short) {
  if (color.empty() || color[0] != '#') return std::nullopt;
  const std::string_view digits = color.substr(1);
  if (!std::all_of(digits.begin(), digits.end(), is_hex)) return std::nullopt;
  std::string result = "#";
  if (digits.size() == 6) {
    result += digits;
  } else if (digits.size() == 3 && allow_short) {
    for (char c : digits) result.append(2, c);
  } else {
    return std::nullopt;
  }
  std::transform(result.begin(), result.end(), result.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return result;
}

bool is_guid(std::string_view guid) {
  if (guid.size() == 38 && guid.front() == '{' && guid.back() == '}') {
    guid = guid.substr(1, 36);
  }
  if (guid.size() != 36) return false;
  for (std::size_t i = 0; i < guid.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? guid[i] != '-' : !is_hex(guid[i])) return false;
  }
  return true;
}

std::optional<std::string> term_problem(std::string_view term) {
  const std::size_t star = term.find('*');
  if (star != std::string_view::npos && star + 1 != term.size()) {
    return "in the term " + quoted(term) + " '*' may only come last (it makes a prefix)";
  }
  // Any byte that is not space, punctuation or '*' is a letter or digit, or part of a
  // multi-byte (non-ASCII) character, which the autocoder treats as a word character.
  const bool has_word = std::any_of(term.begin(), term.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) != 0;
  });
  if (!has_word) return "the term " + quoted(term) + " has no letter or digit";
  return std::nullopt;
}

std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string_view>& candidates) {
  const std::size_t limit = word.size() <= 4 ? 1 : 2;
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t d = distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = std::string(candidate);
    }
  }
  return best;
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

std::map<std::string, std::vector<std::size_t>> children_by_parent(
    const model::Codebook& codebook) {
  std::set<std::string> paths;
  for (const model::Code& code : codebook.codes) paths.insert(code.path);
  std::map<std::string, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < codebook.codes.size(); ++i) {
    const std::string& parent = codebook.codes[i].parent_path;
    children[paths.count(parent) != 0 ? parent : ""].push_back(i);
  }
  return children;
}

}  // namespace inzicht::codebook
