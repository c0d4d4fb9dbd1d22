// ICU regular expressions over UTF-8, with positions in code points.

#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
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

struct Regex::Impl {
  std::unique_ptr<icu::RegexPattern> pattern;
  int groups = 0;
  // Creating a matcher costs about as much as a short search, and a codebook rule's regex
  // is tried on thousands of segments: one matcher is kept for reuse by whichever thread
  // holds `matcher_lock`; a thread that finds it taken makes its own.
  std::mutex matcher_lock;
  std::unique_ptr<icu::RegexMatcher> matcher;
};

namespace {

// A matcher over `text` for `pattern`: the `kept` one when `lock` is free, else a new one.
// Points the kept matcher away from `text` when done, so that it never refers to a string
// that is gone.
class MatcherLease {
 public:
  MatcherLease(std::mutex& lock, std::unique_ptr<icu::RegexMatcher>& kept,
               const icu::RegexPattern& pattern, const icu::UnicodeString& text)
      : lock_(lock, std::try_to_lock) {
    UErrorCode status = U_ZERO_ERROR;
    if (lock_.owns_lock()) {
      if (!kept) {
        kept.reset(pattern.matcher(text, status));
      } else {
        kept->reset(text);
      }
      matcher_ = kept.get();
    } else {
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

}  // namespace

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
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

std::optional<Regex::Match> Regex::match_prefix(std::string_view utf8) const {
  const icu::UnicodeString text = to_unicode(utf8, "text");
  UErrorCode status = U_ZERO_ERROR;
  MatcherLease matcher(impl_->matcher_lock, impl_->matcher, *impl_->pattern, text);
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
  const icu::UnicodeString text = to_unicode(utf8, "text");
  UErrorCode status = U_ZERO_ERROR;
  MatcherLease matcher(impl_->matcher_lock, impl_->matcher, *impl_->pattern, text);
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
