// ICU regular expressions over UTF-8, with positions in code points.

#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <climits>
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
  explicit CodePointMap(const icu::UnicodeString& text) {
    const UChar* units = text.getBuffer();
    const std::int32_t length = text.length();
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
};

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
  std::unique_ptr<icu::RegexMatcher> matcher(impl_->pattern->matcher(text, status));
  check(status, "setup");
  const bool found = matcher->lookingAt(status);
  check(status, "match");
  if (!found) return std::nullopt;
  return current_match(*matcher, CodePointMap(text));
}

std::vector<Regex::Match> Regex::find_all(std::string_view utf8) const {
  const icu::UnicodeString text = to_unicode(utf8, "text");
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> matcher(impl_->pattern->matcher(text, status));
  check(status, "setup");
  const CodePointMap map(text);
  std::vector<Match> matches;
  while (matcher->find(status)) {
    check(status, "search");
    matches.push_back(current_match(*matcher, map));
  }
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
