#include "store/search_query.hpp"

#include <vector>

#include "base/error.hpp"

namespace inzicht::store {

namespace {

std::string quoted(const std::string& words) {
  std::string out = "\"";
  for (const char c : words) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::string fts_query(const std::string& query) {
  std::vector<std::string> parts;
  int depth = 0;
  bool any_term = false;
  for (std::size_t i = 0; i < query.size();) {
    const char c = query[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      depth += c == '(' ? 1 : -1;
      if (depth < 0) {
        throw InputError("search query: ')' at character " + std::to_string(i + 1) +
                         " has no matching '('");
      }
      parts.emplace_back(1, c);
      ++i;
    } else if (c == '"') {
      const std::size_t end = query.find('"', i + 1);
      if (end == std::string::npos) {
        throw InputError("search query: the quote at character " + std::to_string(i + 1) +
                         " is never closed");
      }
      std::string part = quoted(query.substr(i + 1, end - i - 1));
      i = end + 1;
      if (i < query.size() && query[i] == '*') {
        part += '*';
        ++i;
      }
      parts.push_back(std::move(part));
      any_term = true;
    } else {
      std::size_t end = i;
      while (end < query.size() && !is_space(query[end]) && query[end] != '(' &&
             query[end] != ')' && query[end] != '"') {
        ++end;
      }
      std::string word = query.substr(i, end - i);
      i = end;
      if (word == "AND" || word == "OR" || word == "NOT") {
        parts.push_back(word);
        continue;
      }
      const bool prefix = word.size() > 1 && word.back() == '*';
      if (prefix) word.pop_back();
      if (word == "*") continue;
      parts.push_back(quoted(word) + (prefix ? "*" : ""));
      any_term = true;
    }
  }
  if (depth != 0) throw InputError("search query: a '(' is never closed");
  if (!any_term) throw InputError("search query is empty: give a word or \"a phrase\"");
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

}  // namespace inzicht::store
