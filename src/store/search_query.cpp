#include "store/search_query.hpp"

#include <algorithm>
#include <functional>
#include <vector>

#include "base/error.hpp"
#include "text/text.hpp"

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

// The query's parts as FTS5 takes them: quoted words and phrases (a trailing * for a
// prefix), AND, OR, NOT ("AND NOT" is NOT) and parentheses, checked to alternate.
std::vector<std::string> query_parts(const std::string& query) {
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
  // FTS5's NOT is binary ("a NOT b"): "a AND NOT b", as in coding queries, is that. Any
  // other operator must stand between two operands, or FTS5 answers with a syntax error.
  const auto is_operator = [](const std::string& part) {
    return part == "AND" || part == "OR" || part == "NOT";
  };
  std::vector<std::string> joined;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (parts[k] == "AND" && k + 1 < parts.size() && parts[k + 1] == "NOT") continue;
    joined.push_back(parts[k]);
  }
  for (std::size_t k = 0; k < joined.size(); ++k) {
    if (!is_operator(joined[k])) continue;
    const bool after_operand = k > 0 && !is_operator(joined[k - 1]) && joined[k - 1] != "(";
    const bool before_operand =
        k + 1 < joined.size() && !is_operator(joined[k + 1]) && joined[k + 1] != ")";
    if (!after_operand && joined[k] == "NOT") {
      throw InputError(
          "search query: NOT needs a word before it, as in 'course AND NOT "
          "slides' (a search cannot list every turn without a word)");
    }
    if (!after_operand || !before_operand) {
      throw InputError("search query: " + joined[k] + " needs a word or phrase on both sides");
    }
  }
  return joined;
}

}  // namespace

std::string fts_query(const std::string& query) {
  const std::vector<std::string> parts = query_parts(query);
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += ' ';
    out += part;
  }
  return out;
}

// ---- matching by stems -----------------------------------------------------------------

struct StemSearch::Node {
  enum class Kind { term, all, any, but_not } kind = Kind::term;
  // A term: the folded, stemmed words in order (one for a word, more for a phrase); with
  // `prefix`, the last is a folded prefix instead.
  std::vector<std::string> words;
  bool prefix = false;
  std::vector<std::unique_ptr<Node>> children;  // all / any: two or more; but_not: two
};

struct StemSearch::Impl {
  explicit Impl(std::string_view language) : stemmer(language) {}
  mutable text::Stemmer stemmer;  // not thread-safe, as a StemSearch is not
  std::unique_ptr<Node> root;
};

namespace {

// The text of a quoted part and whether it ends in '*'.
std::pair<std::string, bool> unquote(const std::string& part) {
  const bool prefix = part.back() == '*';
  const std::string inner = part.substr(1, part.size() - (prefix ? 3 : 2));
  std::string text;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    text += inner[i];
    if (inner[i] == '"') ++i;  // "" is one quote
  }
  return {text, prefix};
}

// A prefix every word with this stem starts with: the stem up to where it leaves the word
// it came from (Snowball may end a stem in a letter the word does not have, "happy" →
// "happi"), and one letter shorter than the stem otherwise, for the same reason in other
// forms.
std::string candidate_prefix(const std::string& folded, const std::string& stem) {
  std::size_t common = 0;
  while (common < folded.size() && common < stem.size() && folded[common] == stem[common]) {
    ++common;
  }
  std::string prefix = stem.substr(0, common);
  if (common == stem.size() && common > 3) {
    // Drop the last code point, not a byte of it.
    std::size_t cut = prefix.size() - 1;
    while (cut > 0 && (static_cast<unsigned char>(prefix[cut]) & 0xC0) == 0x80) --cut;
    prefix.resize(cut);
  }
  return prefix.empty() ? folded : prefix;
}

}  // namespace

StemSearch::StemSearch(const std::string& query, std::string_view language)
    : impl_(std::make_unique<Impl>(language)) {
  const std::vector<std::string> parts = query_parts(query);
  std::size_t at = 0;
  // FTS5's precedence: NOT binds tightest, then AND (and words side by side), then OR.
  std::function<std::unique_ptr<Node>(std::string&)> any_of;
  const auto term = [&](std::string& fts) -> std::unique_ptr<Node> {
    if (parts[at] == "(") {
      ++at;
      std::string inner;
      auto node = any_of(inner);
      ++at;  // ')': query_parts checked the balance
      fts += "(" + inner + ")";
      return node;
    }
    const auto [text, prefix] = unquote(parts[at++]);
    auto node = std::make_unique<Node>();
    node->prefix = prefix;
    std::string candidates;
    const std::vector<text::Word> words = text::words(text);
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string folded = text::fold_word(words[i].text);
      const bool last_prefix = prefix && i + 1 == words.size();
      const std::string word = last_prefix ? folded : impl_->stemmer.stem(folded);
      node->words.push_back(word);
      candidates += (candidates.empty() ? "" : " AND ") +
                    std::string("\"") +
                    (last_prefix ? folded : candidate_prefix(folded, word)) + "\"*";
    }
    if (node->words.empty()) {
      // Punctuation only: FTS5 matches nothing for it, and neither do we.
      candidates = "\"\"";
    }
    fts += node->words.size() > 1 ? "(" + candidates + ")" : candidates;
    return node;
  };
  const auto but_not = [&](std::string& fts) {
    auto node = term(fts);
    while (at < parts.size() && parts[at] == "NOT") {
      ++at;
      std::string ignored;  // a turn is a candidate whatever the NOT side holds
      auto excluded = term(ignored);
      auto joined = std::make_unique<Node>();
      joined->kind = Node::Kind::but_not;
      joined->children.push_back(std::move(node));
      joined->children.push_back(std::move(excluded));
      node = std::move(joined);
    }
    return node;
  };
  const auto all_of = [&](std::string& fts) {
    auto node = but_not(fts);
    while (at < parts.size() && parts[at] != "OR" && parts[at] != ")") {
      if (parts[at] == "AND") ++at;
      fts += " AND ";
      auto next = but_not(fts);
      if (node->kind != Node::Kind::all) {
        auto joined = std::make_unique<Node>();
        joined->kind = Node::Kind::all;
        joined->children.push_back(std::move(node));
        node = std::move(joined);
      }
      node->children.push_back(std::move(next));
    }
    return node;
  };
  any_of = [&](std::string& fts) {
    auto node = all_of(fts);
    while (at < parts.size() && parts[at] == "OR") {
      ++at;
      fts += " OR ";
      auto next = all_of(fts);
      if (node->kind != Node::Kind::any) {
        auto joined = std::make_unique<Node>();
        joined->kind = Node::Kind::any;
        joined->children.push_back(std::move(node));
        node = std::move(joined);
      }
      node->children.push_back(std::move(next));
    }
    return node;
  };
  impl_->root = any_of(candidates_);
}

StemSearch::~StemSearch() = default;

std::optional<std::vector<Span>> StemSearch::match(std::string_view turn) const {
  struct Seen {
    Span span;
    std::string folded;
    std::string stem;
  };
  std::vector<Seen> seen;
  for (const text::Word& word : text::words(turn)) {
    std::string folded = text::fold_word(word.text);
    std::string stem = impl_->stemmer.stem(folded);
    seen.push_back({word.span, std::move(folded), std::move(stem)});
  }
  const auto at = [&](const Node& node, std::size_t first) {
    for (std::size_t k = 0; k < node.words.size(); ++k) {
      const Seen& word = seen[first + k];
      const bool last_prefix = node.prefix && k + 1 == node.words.size();
      if (last_prefix ? word.folded.rfind(node.words[k], 0) != 0 : word.stem != node.words[k]) {
        return false;
      }
    }
    return true;
  };
  std::function<bool(const Node&, std::vector<Span>&)> holds = [&](const Node& node,
                                                                   std::vector<Span>& spans) {
    switch (node.kind) {
      case Node::Kind::term: {
        bool found = false;
        const std::size_t n = node.words.size();
        for (std::size_t first = 0; n > 0 && first + n <= seen.size(); ++first) {
          if (!at(node, first)) continue;
          found = true;
          spans.push_back({seen[first].span.start, seen[first + n - 1].span.end});
        }
        return found;
      }
      case Node::Kind::all: {
        std::vector<Span> mine;
        for (const auto& child : node.children) {
          if (!holds(*child, mine)) return false;
        }
        spans.insert(spans.end(), mine.begin(), mine.end());
        return true;
      }
      case Node::Kind::any: {
        bool found = false;
        for (const auto& child : node.children) found = holds(*child, spans) || found;
        return found;
      }
      case Node::Kind::but_not: {
        std::vector<Span> mine;
        std::vector<Span> ignored;
        if (!holds(*node.children[0], mine) || holds(*node.children[1], ignored)) return false;
        spans.insert(spans.end(), mine.begin(), mine.end());
        return true;
      }
    }
    return false;
  };
  std::vector<Span> spans;
  if (!holds(*impl_->root, spans)) return std::nullopt;
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end < b.end; });
  spans.erase(std::unique(spans.begin(), spans.end(),
                          [](const Span& a, const Span& b) { return a.start == b.start && a.end == b.end; }),
              spans.end());
  return spans;
}

}  // namespace inzicht::store
