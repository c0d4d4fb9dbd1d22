// ICU regular expressions over UTF-8, with positions in code points.

#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <climits>
#include <mutex>
#include <optional>
#include <string>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {
namespace {

icu::UnicodeString to_unicode(std::string_view utf8, const char* what) {
  if (utf8.size() > static_cast<std::size_t>(INT32_MAX) / 2) {
    throw InputError(std::string(what) + " too large for a regular expression (" +
                     std::to_string(utf8.size()) + " bytes)");
  }
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
}

// UTF-16 positions to code-point offsets: they differ by the number of surrogate pairs
// before the position, which text outside the BMP (emoji) rarely has.
class CodePointMap {
 public:
  // `limit`: the map is asked about positions up to `limit` only.
  explicit CodePointMap(const icu::UnicodeString& text, std::int32_t limit = INT32_MAX) {
    const UChar* units = text.getBuffer();
    const std::int32_t length = std::min(text.length(), limit == INT32_MAX ? limit : limit + 1);
    for (std::int32_t k = 0; k + 1 < length; ++k) {
      if (U16_IS_LEAD(units[k]) && U16_IS_TRAIL(units[k + 1])) pairs_.push_back(k++);
    }
  }

  Offset offset(std::int32_t unit) const {
    const auto before = std::lower_bound(pairs_.begin(), pairs_.end(), unit) - pairs_.begin();
    return static_cast<Offset>(unit) - static_cast<Offset>(before);
  }

 private:
  std::vector<std::int32_t> pairs_;  // positions of the lead surrogates
};

// Nested repetition ("(a+)+", "(\\w+\\s?)+$") makes a backtracking matcher take time
// exponential in the text. ICU counts its work in steps (each some thousands of
// operations, about a millisecond): a budget of a base plus a multiple of the text's
// length lets every linear pattern through and stops a runaway one in well under a second
// of work, the same on every machine. The stack limit bounds the memory of deep
// backtracking.
constexpr std::int32_t kBaseSteps = 200;
constexpr std::int32_t kStepsPerKilobyte = 20;
constexpr std::int32_t kStackBytes = 8 << 20;

void limit(icu::RegexMatcher& matcher, std::size_t text_units, UErrorCode& status) {
  const auto steps = std::min<std::size_t>(
      INT32_MAX, kBaseSteps + text_units / 1024 * static_cast<std::size_t>(kStepsPerKilobyte));
  matcher.setTimeLimit(static_cast<std::int32_t>(steps), status);
  matcher.setStackLimit(kStackBytes, status);
}

void check_search(UErrorCode status, const icu::UnicodeString& pattern) {
  if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW) {
    std::string source;
    pattern.toUTF8String(source);
    throw InputError("the regular expression \"" + source + "\" " +
                     (status == U_REGEX_TIME_OUT ? "took too long" : "needed too much memory") +
                     " on this text (nested repetition such as (a+)+ makes it backtrack "
                     "without end); write it without a repeated group that can match the same "
                     "text in several ways");
  }
}

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) {
    throw Error(std::string("regular expression ") + what + " failed: " + u_errorName(status));
  }
}

Regex::Match current_match(const icu::RegexMatcher& matcher, const CodePointMap& map) {
  UErrorCode status = U_ZERO_ERROR;
  Regex::Match match;
  match.whole.start = map.offset(matcher.start(status));
  match.whole.end = map.offset(matcher.end(status));
  const std::int32_t groups = matcher.groupCount();
  match.groups.reserve(static_cast<std::size_t>(groups));
  for (std::int32_t g = 1; g <= groups; ++g) {
    const std::int32_t start = matcher.start(g, status);
    const std::int32_t end = matcher.end(g, status);
    if (start < 0) {
      match.groups.emplace_back(std::nullopt);
    } else {
      match.groups.emplace_back(Span{map.offset(start), map.offset(end)});
    }
  }
  check(status, "match");
  return match;
}

}  // namespace

// A matcher kept for reuse, by whichever thread holds its lock.
struct KeptMatcher {
  std::mutex lock;
  std::unique_ptr<icu::RegexMatcher> matcher;
};

struct Regex::Impl {
  std::unique_ptr<icu::RegexPattern> pattern;
  int groups = 0;
  bool case_insensitive = false;
  // Creating a matcher costs about as much as a short search, and a codebook rule's regex
  // is tried on thousands of segments by several threads at once: a few matchers are kept,
  // each for whichever thread takes its lock; a thread that finds all taken makes its own.
  std::array<KeptMatcher, 8> kept;
  // Words one of which every match holds (required_literals), lower case when the
  // pattern is case-insensitive; empty when the pattern names none for certain.
  std::vector<std::string> required;
};

namespace {

// A matcher over `text` for `pattern`: the `kept` one when `lock` is free, else a new one.
// Points the kept matcher away from `text` when done, so that it never refers to a string
// that is gone.
class MatcherLease {
 public:
  MatcherLease(std::array<KeptMatcher, 8>& kept_matchers, const icu::RegexPattern& pattern,
               const icu::UnicodeString& text) {
    UErrorCode status = U_ZERO_ERROR;
    for (KeptMatcher& slot : kept_matchers) {
      lock_ = std::unique_lock(slot.lock, std::try_to_lock);
      if (!lock_.owns_lock()) continue;
      std::unique_ptr<icu::RegexMatcher>& kept = slot.matcher;
      if (!kept) {
        kept.reset(pattern.matcher(text, status));
      } else {
        kept->reset(text);
      }
      matcher_ = kept.get();
      break;
    }
    if (!matcher_) {
      own_.reset(pattern.matcher(text, status));
      matcher_ = own_.get();
    }
    check(status, "setup");
  }
  ~MatcherLease() {
    static const icu::UnicodeString empty;
    if (lock_.owns_lock() && matcher_) matcher_->reset(empty);
  }
  MatcherLease(const MatcherLease&) = delete;
  MatcherLease& operator=(const MatcherLease&) = delete;
  icu::RegexMatcher& operator*() const { return *matcher_; }
  icu::RegexMatcher* operator->() const { return matcher_; }

 private:
  std::unique_lock<std::mutex> lock_;
  std::unique_ptr<icu::RegexMatcher> own_;
  icu::RegexMatcher* matcher_ = nullptr;
};

// The code point of UTF-8 `text` at byte `at`, and its length in bytes.
std::pair<char32_t, std::size_t> code_point_at(std::string_view text, std::size_t at) {
  const auto b = static_cast<unsigned char>(text[at]);
  const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
  for (std::size_t k = 1; k < n && at + k < text.size(); ++k) {
    c = (c << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  }
  return {c, n};
}

// Reads a pattern for required_literals: the items of its top level, one after another.
class LiteralScan {
 public:
  explicit LiteralScan(std::string_view pattern) : p_(pattern) {}

  // False when the pattern holds something this reading does not know for certain (an
  // alternation at the top, inline flags, quoting, escapes of code points): then it names
  // no literal at all.
  bool run() {
    while (at_ < p_.size()) {
      if (!item()) return false;
    }
    end_run();
    return true;
  }
  std::vector<std::vector<std::string>> requirements;  // each: one of these is in a match

 private:
  void end_run() {
    if (!run_.empty()) requirements.push_back({run_});
    run_.clear();
  }

  static bool is_meta(char c) {
    return c == '\\' || c == '^' || c == '$' || c == '.' || c == '|' || c == '?' || c == '*' ||
           c == '+' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}';
  }

  // At a quantifier: skips it (with a lazy or possessive mark); returns whether it allows
  // zero repetitions, or nullopt when there is none.
  std::optional<bool> quantifier() {
    if (at_ >= p_.size()) return std::nullopt;
    bool optional = false;
    const char c = p_[at_];
    if (c == '?' || c == '*') {
      optional = true;
      ++at_;
    } else if (c == '+') {
      ++at_;
    } else if (c == '{') {
      const std::size_t close = p_.find('}', at_);
      if (close == std::string_view::npos) return std::nullopt;
      const std::string_view inside = p_.substr(at_ + 1, close - at_ - 1);
      optional = inside.empty() || inside[0] == '0' || inside[0] == ',';
      at_ = close + 1;
    } else {
      return std::nullopt;
    }
    if (at_ < p_.size() && (p_[at_] == '?' || p_[at_] == '+')) ++at_;
    return optional;
  }

  // Skips a bracketed set, nested sets included.
  bool skip_set() {
    int depth = 0;
    while (at_ < p_.size()) {
      const char c = p_[at_];
      if (c == '\\') {
        at_ += 2;
        continue;
      }
      if (c == '[') {
        ++depth;
        ++at_;
        if (at_ < p_.size() && p_[at_] == '^') ++at_;
        if (at_ < p_.size() && p_[at_] == ']') ++at_;  // a literal ] first in a set
        continue;
      }
      ++at_;
      if (c == ']' && --depth == 0) return true;
    }
    return false;
  }

  // A group from its '(': a requirement when it holds only literal alternatives and is
  // not optional; skipped otherwise.
  bool group() {
    std::size_t i = at_ + 1;
    bool capturing_or_plain = true;
    if (i < p_.size() && p_[i] == '?') {
      if (i + 1 < p_.size() && p_[i + 1] == ':') {
        i += 2;
      } else if (i + 1 < p_.size() && p_[i + 1] == '<' && i + 2 < p_.size() &&
                 p_[i + 2] != '=' && p_[i + 2] != '!') {
        const std::size_t close = p_.find('>', i);
        if (close == std::string_view::npos) return false;
        i = close + 1;
      } else if (i + 1 < p_.size() &&
                 (p_[i + 1] == '=' || p_[i + 1] == '!' || p_[i + 1] == '<' || p_[i + 1] == '>')) {
        capturing_or_plain = false;  // a lookaround or atomic group: nothing required
      } else {
        return false;  // inline flags, comments: not read here
      }
    }
    // Find the matching ')', noting whether the inside is literal alternatives only.
    std::vector<std::string> alternatives(1);
    bool literal = capturing_or_plain;
    int depth = 1;
    std::size_t j = i;
    while (j < p_.size() && depth > 0) {
      const char c = p_[j];
      if (c == '\\') {
        if (j + 1 >= p_.size()) return false;
        const char e = p_[j + 1];
        if (e == 'Q' || e == 'E') return false;
        if (literal && is_meta(e)) {
          alternatives.back() += e;
        } else {
          literal = false;
        }
        j += 2;
        continue;
      }
      if (c == '[') {
        const std::size_t saved = at_;
        at_ = j;
        if (!skip_set()) return false;
        j = at_;
        at_ = saved;
        literal = false;
        continue;
      }
      if (c == '(') {
        ++depth;
        literal = false;
      } else if (c == ')') {
        --depth;
      } else if (c == '|' && depth == 1) {
        alternatives.emplace_back();
      } else if (is_meta(c)) {
        literal = false;
      } else if (literal) {
        alternatives.back() += c;
      }
      ++j;
    }
    if (depth != 0) return false;
    at_ = j;
    const std::optional<bool> repeated = quantifier();
    const bool optional = repeated.value_or(false);
    end_run();
    if (literal && !optional &&
        std::none_of(alternatives.begin(), alternatives.end(),
                     [](const std::string& a) { return a.empty(); })) {
      requirements.push_back(std::move(alternatives));
    }
    return true;
  }

  bool item() {
    const char c = p_[at_];
    if (c == '|') return false;
    if (c == '(') return group();
    if (c == ')') return false;
    if (c == '[') {
      end_run();
      if (!skip_set()) return false;
      quantifier();
      return true;
    }
    if (c == '^' || c == '$' || c == '.') {
      end_run();
      ++at_;
      quantifier();
      return true;
    }
    std::string literal;
    if (c == '\\') {
      if (at_ + 1 >= p_.size()) return false;
      const char e = p_[at_ + 1];
      if (is_meta(e) || e == '/' || e == '#' || e == '-' || e == ' ' || e == '&' || e == '~' ||
          e == '"' || e == '\'' || e == ',' || e == ':' || e == ';' || e == '<' || e == '>' ||
          e == '=' || e == '!' || e == '@' || e == '%' || e == '`') {
        literal = std::string(1, e);
        at_ += 2;
      } else if (std::string_view("bBAzZGdDwWsShHvVRXpPN").find(e) != std::string_view::npos) {
        end_run();
        at_ += 2;
        if ((e == 'p' || e == 'P' || e == 'N') && at_ < p_.size() && p_[at_] == '{') {
          const std::size_t close = p_.find('}', at_);
          if (close == std::string_view::npos) return false;
          at_ = close + 1;
        }
        quantifier();
        return true;
      } else {
        return false;  // \Q, \x, \u, back references, control escapes: not read here
      }
    } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == '}' || c == ']') {
      return false;  // a quantifier with nothing before it: not a pattern read here
    } else {
      const auto [code_point, bytes] = code_point_at(p_, at_);
      (void)code_point;
      literal = std::string(p_.substr(at_, bytes));
      at_ += bytes;
    }
    const std::optional<bool> repeated = quantifier();
    if (!repeated) {
      run_ += literal;
      return true;
    }
    if (*repeated) {
      end_run();  // optional: not required, and it splits the run
    } else {
      run_ += literal;
      end_run();  // at least once: required, but what follows may be it again
    }
    return true;
  }

  std::string_view p_;
  std::size_t at_ = 0;
  std::string run_;
};

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// Whether `text` could hold a match of a pattern whose every match holds one of
// `required` (lower case when `case_insensitive`).
bool could_match(std::string_view text, const std::vector<std::string>& required,
                 bool case_insensitive) {
  if (required.empty()) return true;
  if (!case_insensitive) {
    return std::any_of(required.begin(), required.end(), [&](const std::string& word) {
      return text.find(word) != std::string_view::npos;
    });
  }
  // Case-insensitively only ASCII text is certain: elsewhere folding joins other letters
  // to ASCII ones (the Kelvin sign to k, ß to ss).
  if (!is_ascii(text)) return true;
  return std::any_of(required.begin(), required.end(), [&](const std::string& word) {
    return std::search(text.begin(), text.end(), word.begin(), word.end(),
                       [](char a, char b) { return ascii_lower(a) == b; }) != text.end();
  });
}

}  // namespace

std::vector<std::string> required_literals(std::string_view pattern, bool case_insensitive) {
  LiteralScan scan(pattern);
  if (!scan.run()) return {};
  // The requirement whose shortest word is longest: the fewest texts pass it.
  const std::vector<std::string>* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& requirement : scan.requirements) {
    std::size_t shortest = SIZE_MAX;
    for (const std::string& word : requirement) shortest = std::min(shortest, word.size());
    if (case_insensitive &&
        !std::all_of(requirement.begin(), requirement.end(), [](const std::string& word) {
          return is_ascii(word);
        })) {
      continue;  // see could_match
    }
    if (shortest > best_length) {
      best = &requirement;
      best_length = shortest;
    }
  }
  if (!best) return {};
  std::vector<std::string> words = *best;
  if (case_insensitive) {
    for (std::string& word : words) {
      std::transform(word.begin(), word.end(), word.begin(), ascii_lower);
    }
  }
  return words;
}

Regex::Regex(std::string_view pattern, bool case_insensitive) : impl_(std::make_unique<Impl>()) {
  const icu::UnicodeString source = to_unicode(pattern, "pattern");
  UParseError where{};
  UErrorCode status = U_ZERO_ERROR;
  const std::uint32_t flags = case_insensitive ? std::uint32_t{UREGEX_CASE_INSENSITIVE} : 0;
  impl_->pattern.reset(icu::RegexPattern::compile(source, flags, where, status));
  if (U_FAILURE(status) || !impl_->pattern) {
    // ICU reports a UTF-16 offset, or -1 when it does not know; say code points.
    std::int32_t unit = std::clamp(where.offset, 0, source.length());
    if (where.offset < 0) unit = source.length();
    const Offset position = CodePointMap(source).offset(unit);
    throw InputError("bad regular expression at position " + std::to_string(position) + ": " +
                     u_errorName(status) + " in \"" + std::string(pattern) + "\"");
  }
  // The pattern cannot say how many groups it has; a matcher without input can.
  std::unique_ptr<icu::RegexMatcher> matcher(impl_->pattern->matcher(status));
  check(status, "setup");
  impl_->groups = matcher->groupCount();
  impl_->case_insensitive = case_insensitive;
  impl_->required = required_literals(pattern, case_insensitive);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::optional<Regex::Match> Regex::match_prefix(std::string_view utf8) const {
  const icu::UnicodeString text = to_unicode(utf8, "text");
  UErrorCode status = U_ZERO_ERROR;
  MatcherLease matcher(impl_->kept, *impl_->pattern, text);
  limit(*matcher, static_cast<std::size_t>(text.length()), status);
  check(status, "setup");
  const bool found = matcher->lookingAt(status);
  check_search(status, impl_->pattern->pattern());
  check(status, "match");
  if (!found) return std::nullopt;
  // A prefix match names positions near the start of what may be a long paragraph: map
  // only as far as the furthest of them.
  std::int32_t furthest = matcher->end(status);
  for (std::int32_t g = 1; g <= matcher->groupCount(); ++g) {
    furthest = std::max(furthest, matcher->end(g, status));
  }
  check(status, "match");
  return current_match(*matcher, CodePointMap(text, furthest));
}

std::vector<Regex::Match> Regex::find_all(std::string_view utf8) const {
  // A text without any of the words every match holds has no match: the common case for
  // a rule's regex tried on every sentence, and far cheaper to tell than to search.
  if (!could_match(utf8, impl_->required, impl_->case_insensitive)) return {};
  const icu::UnicodeString text = to_unicode(utf8, "text");
  UErrorCode status = U_ZERO_ERROR;
  MatcherLease matcher(impl_->kept, *impl_->pattern, text);
  limit(*matcher, static_cast<std::size_t>(text.length()), status);
  check(status, "setup");
  // Most texts a rule's regex is tried on hold no match: the map is built at the first.
  std::optional<CodePointMap> map;
  std::vector<Match> matches;
  while (matcher->find(status)) {
    check(status, "search");
    if (!map) map.emplace(text);
    matches.push_back(current_match(*matcher, *map));
  }
  check_search(status, impl_->pattern->pattern());
  check(status, "search");
  return matches;
}

int Regex::group_count() const { return impl_->groups; }

int Regex::group_number(std::string_view name) const {
  UErrorCode status = U_ZERO_ERROR;
  const std::int32_t number =
      impl_->pattern->groupNumberFromName(to_unicode(name, "group name"), status);
  return U_SUCCESS(status) ? number : 0;
}

}  // namespace inzicht::text
