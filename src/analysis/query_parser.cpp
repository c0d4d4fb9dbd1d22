// The query language's tokenizer and recursive-descent parser. Tokens are read one at a
// time as the parser asks for them, so the error reported is always the leftmost one.

#include <string_view>

#include "analysis/query.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

constexpr std::int64_t kMaxSentences = 999999;
// Bounds on a query's tree, so that parsing, evaluating and freeing it (all recursive) stay
// within the stack however the expression was written: nesting by '(' or NOT, and the
// operators of a chain ("a AND b AND c …" is a tree as deep as it is long).
constexpr int kMaxNesting = 100;
constexpr int kMaxOperators = 1000;
constexpr const char* kExpectedOperand = "expected a code, [attribute=value], NOT or '('";

bool is_bare(char32_t c) {
  return text::is_word_character(c) || c == '_' || c == '-' || c == '/' || c == '.';
}

bool is_space(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x00A0 || c == 0x202F;
}

enum class Keyword { none, and_, or_, not_, overlaps, within, near, follows };

// The keyword an unquoted word spells, ASCII case ignored; Keyword::none otherwise.
Keyword keyword_of(std::u32string_view word) {
  std::string upper;
  for (const char32_t c : word) {
    if (c >= 0x80) return Keyword::none;
    upper += static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  }
  if (upper == "AND") return Keyword::and_;
  if (upper == "OR") return Keyword::or_;
  if (upper == "NOT") return Keyword::not_;
  if (upper == "OVERLAPS") return Keyword::overlaps;
  if (upper == "WITHIN") return Keyword::within;
  if (upper == "NEAR") return Keyword::near;
  if (upper == "FOLLOWS") return Keyword::follows;
  return Keyword::none;
}

struct Token {
  enum class Kind { word, quoted, open, close, attribute, end };
  Kind kind = Kind::end;
  std::int64_t position = 0;        // code points from 0
  std::string text;                 // word, quoted: the name (NFC); attribute: its name
  std::int64_t text_position = 0;   // attribute: where its name starts
  std::string value;                // attribute: the value (NFC)
  bool negated = false;             // attribute: != rather than =
  Keyword keyword = Keyword::none;  // an unquoted word that spells an operator
  std::int64_t sentences = 1;       // NEAR/n, FOLLOWS/n
};

class Parser {
 public:
  explicit Parser(const std::string& expression)
      : expression_(expression), points_(text::code_points(expression)), index_(expression_) {
    advance();
  }

  QueryNode parse() {
    QueryNode root = parse_or();
    if (current_.kind == Token::Kind::close) fail(current_.position, "')' without a matching '('");
    if (current_.kind != Token::Kind::end) fail_after_operand();
    return root;
  }

 private:
  [[noreturn]] void fail(std::int64_t position, const std::string& what) const {
    throw InputError(query_error_message(expression_, position, what));
  }

  void nest(std::int64_t position) {
    if (++nesting_ > kMaxNesting) {
      fail(position,
           "more than " + std::to_string(kMaxNesting) + " parentheses or NOTs inside one another");
    }
  }

  std::int64_t size() const { return static_cast<std::int64_t>(points_.size()); }
  char32_t at(std::int64_t i) const { return points_[static_cast<std::size_t>(i)]; }

  // The UTF-8 of code points [from, to), NFC-normalised.
  std::string slice(std::int64_t from, std::int64_t to) const {
    return text::to_nfc(index_.slice({from, to}));
  }

  void skip_spaces() {
    while (at_ < size() && is_space(at(at_))) ++at_;
  }

  // A double-quoted string starting at `at_`; a backslash takes the next character as is.
  std::string read_quoted() {
    const std::int64_t open = at_++;
    std::string raw;
    while (true) {
      if (at_ >= size()) fail(open, "no closing '\"' for this quote");
      const char32_t c = at(at_);
      if (c == '"') break;
      if (c == '\\') {
        if (++at_ >= size()) fail(open, "no closing '\"' for this quote");
      }
      raw += index_.slice({at_, at_ + 1});
      ++at_;
    }
    ++at_;
    return text::to_nfc(raw);
  }

  std::string read_bare() {
    const std::int64_t from = at_;
    while (at_ < size() && is_bare(at(at_))) ++at_;
    return slice(from, at_);
  }

  // [name=value] or [name!=value]; `at_` is on the '['.
  void read_attribute() {
    const std::int64_t open = at_++;
    const auto unterminated = [&] { fail(open, "no closing ']' for this '['"); };
    skip_spaces();
    current_.text_position = at_;
    if (at_ < size() && at(at_) == '"') {
      current_.text = read_quoted();
    } else {
      current_.text = read_bare();
    }
    if (current_.text.empty()) {
      if (at_ >= size()) unterminated();
      fail(at_, "expected an attribute name after '['");
    }
    skip_spaces();
    if (at_ < size() && at(at_) == '=') {
      ++at_;
    } else if (at_ + 1 < size() && at(at_) == '!' && at(at_ + 1) == '=') {
      current_.negated = true;
      at_ += 2;
    } else {
      if (at_ >= size()) unterminated();
      fail(at_, "expected '=' or '!=' after the attribute name");
    }
    skip_spaces();
    current_.value = at_ < size() && at(at_) == '"' ? read_quoted() : read_bare();
    skip_spaces();
    if (at_ >= size()) unterminated();
    if (at(at_) != ']') fail(at_, "expected ']' after the attribute value");
    ++at_;
  }

  // An unquoted word: a code path, or a keyword (NEAR and FOLLOWS with an optional /n).
  void read_word() {
    const std::int64_t from = at_;
    while (at_ < size() && is_bare(at(at_))) ++at_;
    const std::u32string_view word(points_.data() + from, static_cast<std::size_t>(at_ - from));
    const std::size_t slash = word.find(U'/');
    current_.keyword = keyword_of(word.substr(0, slash));
    if (current_.keyword != Keyword::none && slash != std::u32string_view::npos) {
      const std::int64_t number = from + static_cast<std::int64_t>(slash) + 1;
      if (current_.keyword != Keyword::near && current_.keyword != Keyword::follows) {
        fail(number - 1, "only NEAR and FOLLOWS take a number of sentences (/n)");
      }
      std::int64_t n = 0;
      std::int64_t i = number;
      for (; i < at_ && at(i) >= '0' && at(i) <= '9'; ++i) {
        n = n * 10 + static_cast<std::int64_t>(at(i) - '0');
        if (n > kMaxSentences) fail(number, "at most 999999 sentences after '/'");
      }
      if (i == number || i < at_) fail(i, "expected a number of sentences after '/'");
      current_.sentences = n;
    }
    current_.text = slice(from, at_);
  }

  void advance() {
    skip_spaces();
    current_ = Token{};
    current_.position = at_;
    if (at_ >= size()) return;
    const char32_t c = at(at_);
    if (c == '(') {
      current_.kind = Token::Kind::open;
      ++at_;
    } else if (c == ')') {
      current_.kind = Token::Kind::close;
      ++at_;
    } else if (c == '[') {
      current_.kind = Token::Kind::attribute;
      read_attribute();
    } else if (c == '"') {
      current_.kind = Token::Kind::quoted;
      current_.text = read_quoted();
      if (current_.text.empty()) fail(current_.position, "empty code name");
    } else if (is_bare(c)) {
      current_.kind = Token::Kind::word;
      read_word();
    } else {
      fail(at_, "unexpected character '" + std::string(index_.slice({at_, at_ + 1})) + "'");
    }
  }

  bool at_keyword(Keyword keyword) const {
    return current_.kind == Token::Kind::word && current_.keyword == keyword;
  }

  // After a complete operand comes an operator, ')' or the end; anything else is an error.
  [[noreturn]] void fail_after_operand() const {
    std::string found;
    std::string hint;
    switch (current_.kind) {
      case Token::Kind::word:
        found = "'" + current_.text + "'";
        if (current_.keyword == Keyword::not_) {
          hint = " (NOT goes before an operand: A AND NOT B)";
        } else {
          hint = " (a code name with spaces goes in double quotes)";
        }
        break;
      case Token::Kind::quoted:
        found = "\"" + current_.text + "\"";
        break;
      case Token::Kind::open:
        found = "'('";
        break;
      case Token::Kind::attribute:
        found = "'['";
        break;
      default:
        found = "the end";
    }
    fail(current_.position,
         "expected AND, OR, OVERLAPS, WITHIN, NEAR, FOLLOWS or ')', found " + found + hint);
  }

  QueryNode binary(QueryNode::Kind kind, std::int64_t position, QueryNode left, QueryNode right,
                   std::int64_t sentences = 1) {
    if (++operators_ > kMaxOperators) {
      fail(position, "more than " + std::to_string(kMaxOperators) + " operators in one query");
    }
    QueryNode node;
    node.kind = kind;
    node.position = position;
    node.sentences = sentences;
    node.operands.push_back(std::move(left));
    node.operands.push_back(std::move(right));
    return node;
  }

  QueryNode parse_or() {
    QueryNode left = parse_and();
    while (at_keyword(Keyword::or_)) {
      const std::int64_t position = current_.position;
      advance();
      left = binary(QueryNode::Kind::disjunction, position, std::move(left), parse_and());
    }
    return left;
  }

  QueryNode parse_and() {
    QueryNode left = parse_positional();
    while (at_keyword(Keyword::and_)) {
      const std::int64_t position = current_.position;
      advance();
      left = binary(QueryNode::Kind::conjunction, position, std::move(left), parse_positional());
    }
    return left;
  }

  QueryNode parse_positional() {
    QueryNode left = parse_unary();
    while (current_.kind == Token::Kind::word) {
      QueryNode::Kind kind;
      switch (current_.keyword) {
        case Keyword::overlaps:
          kind = QueryNode::Kind::overlaps;
          break;
        case Keyword::within:
          kind = QueryNode::Kind::within;
          break;
        case Keyword::near:
          kind = QueryNode::Kind::near;
          break;
        case Keyword::follows:
          kind = QueryNode::Kind::follows;
          break;
        default:
          return left;
      }
      const std::int64_t position = current_.position;
      const std::int64_t sentences = current_.sentences;
      advance();
      left = binary(kind, position, std::move(left), parse_unary(), sentences);
    }
    return left;
  }

  QueryNode parse_unary() {
    if (at_keyword(Keyword::not_)) {
      QueryNode node;
      node.kind = QueryNode::Kind::negation;
      node.position = current_.position;
      nest(node.position);
      advance();
      node.operands.push_back(parse_unary());
      --nesting_;
      return node;
    }
    return parse_primary();
  }

  QueryNode parse_primary() {
    QueryNode node;
    node.position = current_.position;
    switch (current_.kind) {
      case Token::Kind::open: {
        const std::int64_t open = current_.position;
        nest(open);
        advance();
        node = parse_or();
        --nesting_;
        if (current_.kind == Token::Kind::end) fail(open, "no closing ')' for this '('");
        if (current_.kind != Token::Kind::close) fail_after_operand();
        advance();
        return node;
      }
      case Token::Kind::word:
        if (current_.keyword != Keyword::none) {
          fail(current_.position, std::string(kExpectedOperand) + ", found the operator '" +
                                      current_.text + "' (quote a code named so)");
        }
        [[fallthrough]];
      case Token::Kind::quoted:
        node.kind = QueryNode::Kind::code;
        node.name = current_.text;
        break;
      case Token::Kind::attribute:
        node.kind = QueryNode::Kind::attribute;
        node.position = current_.text_position;
        node.name = current_.text;
        node.value = current_.value;
        node.negated = current_.negated;
        break;
      default:
        fail(current_.position, kExpectedOperand);
    }
    advance();
    return node;
  }

  std::string expression_;
  std::u32string points_;
  text::CodePointIndex index_;
  std::int64_t at_ = 0;  // the next code point to read
  Token current_;
  int nesting_ = 0;    // '(' and NOT open around the token read
  int operators_ = 0;  // binary operators read
};

}  // namespace

std::string query_error_message(const std::string& expression, std::int64_t position,
                                const std::string& what) {
  std::string shown = expression;
  for (char& c : shown) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';  // keep the caret under its character
  }
  return "query: " + what + " at position " + std::to_string(position + 1) + "\n  " + shown +
         "\n  " + std::string(static_cast<std::size_t>(position), ' ') + "^";
}

Query parse_query(const std::string& expression) {
  if (!inzicht::is_valid_utf8(expression)) throw InputError("query: the expression is not UTF-8");
  return {expression, Parser(expression).parse()};
}

}  // namespace inzicht::analysis
