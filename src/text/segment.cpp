// Dutch word and sentence segmentation on ICU break iterators.
//
// Sentences are not built with icu::FilteredBreakIteratorBuilder: its suppression list
// matches a suffix of the preceding text without a word boundary, so "p." and "ing." would
// also swallow the sentence ends of "stap." and "opleiding.", and it never suppresses
// abbreviations with inner periods such as "o.a." or "i.p.v." (checked against ICU 72).
// Instead every break the plain "nl" sentence iterator reports is checked here against
// the whole word before it.

#include <unicode/brkiter.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {
namespace {

// Lower case; matched case-insensitively against the whole word before a break.
constexpr std::string_view kAbbreviations[] = {
    // titles
    "dhr.", "mevr.", "mw.", "mej.", "mr.", "dr.", "ir.", "ing.", "drs.", "prof.",
    // in running text
    "bv.", "bijv.", "o.a.", "i.p.v.", "enz.", "etc.", "d.w.z.", "m.a.w.", "t.o.v.", "m.b.t.",
    "i.v.m.", "z.g.a.n.", "ca.", "nr.", "blz.", "p.", "jl.", "a.s.", "vnl.", "evt.", "resp.",
    "incl.", "excl.", "ong.", "min.", "max.", "o.b.v.", "n.a.v.", "t.a.v.", "a.u.b.", "vs.", "e.d.",
    "e.a.", "o.m.", "m.n.", "m.i.", "zgn.", "vgl.", "a.d.h.v.", "i.c.m.", "t.b.v.", "z.s.m.",
    "e.e.a.", "o.i.d."};
constexpr std::string_view kEnglishAbbreviations[] = {
    "mr.",  "mrs.", "ms.", "dr.",     "prof.", "st.",  "jr.",  "sr.",  "e.g.", "i.e.",
    "etc.", "vs.",  "cf.", "approx.", "no.",   "nos.", "vol.", "fig.", "p.",   "pp.",
    "inc.", "ltd.", "co.", "dept.",   "a.m.",  "p.m.", "u.s.", "u.k."};
constexpr std::string_view kGermanAbbreviations[] = {
    "z.b.",  "bzw.", "usw.",  "u.a.", "d.h.", "ca.",  "dr.",  "prof.", "hr.",   "fr.",  "nr.",
    "evtl.", "ggf.", "inkl.", "vgl.", "s.",   "z.t.", "u.u.", "o.ä.",  "bspw.", "sog.", "str."};
constexpr std::string_view kFrenchAbbreviations[] = {
    "m.",   "mm.",     "mme.", "mlle.", "dr.", "pr.",  "p.ex.", "etc.", "cf.",
    "env.", "c.-à-d.", "av.",  "bd.",   "p.",  "n.b.", "vol.",  "éd."};
constexpr std::size_t kLongestAbbreviation = 8;

bool is_abbreviation(std::string_view lower, std::string_view language) {
  const auto in = [lower](const auto& list) {
    return std::find(std::begin(list), std::end(list), lower) != std::end(list);
  };
  if (language == "en") return in(kEnglishAbbreviations);
  if (language == "de") return in(kGermanAbbreviations);
  if (language == "fr") return in(kFrenchAbbreviations);
  return in(kAbbreviations);
}

bool is_paragraph_separator(UChar c) {
  return c == u'\n' || c == u'\r' || c == u'\f' || c == 0x0085 || c == 0x2028 || c == 0x2029;
}

bool is_opening_punctuation(UChar32 c) {
  const auto type = u_charType(c);
  return type == U_START_PUNCTUATION || type == U_INITIAL_PUNCTUATION || c == u'"' || c == u'\'';
}

// True when the text before `boundary` ends in a listed abbreviation followed by spaces
// on the same line.
bool follows_abbreviation(const icu::UnicodeString& text, std::int32_t boundary,
                          std::string_view language) {
  std::int32_t end = boundary;
  while (end > 0 && u_isUWhiteSpace(text.charAt(end - 1))) {
    if (is_paragraph_separator(text.charAt(end - 1))) return false;
    --end;
  }
  if (end == 0 || text.charAt(end - 1) != u'.') return false;
  std::int32_t start = end;
  while (start > 0 && !u_isUWhiteSpace(text.charAt(start - 1))) {
    --start;
    if (end - start > static_cast<std::int32_t>(kLongestAbbreviation) + 2) return false;
  }
  while (start < end && is_opening_punctuation(text.charAt(start))) ++start;
  if (end - start > static_cast<std::int32_t>(kLongestAbbreviation)) return false;
  std::string lower;
  icu::UnicodeString word = text.tempSubStringBetween(start, end);
  word.toLower(icu::Locale::getRoot()).toUTF8String(lower);
  return is_abbreviation(lower, language);
}

// Converts monotonically increasing UTF-16 positions to code-point offsets in one pass.
class CodePointCursor {
 public:
  explicit CodePointCursor(const icu::UnicodeString& text)
      : units_(text.getBuffer()), length_(text.length()) {}

  Offset advance_to(std::int32_t unit) {
    while (unit_ < unit) {
      if (U16_IS_LEAD(units_[unit_]) && unit_ + 1 < length_ && U16_IS_TRAIL(units_[unit_ + 1])) {
        unit_ += 2;
      } else {
        ++unit_;
      }
      ++offset_;
    }
    return offset_;
  }

 private:
  const UChar* units_;
  std::int32_t length_;
  std::int32_t unit_ = 0;
  Offset offset_ = 0;
};

// Walks valid UTF-8 alongside the UTF-16 copy ICU segments: monotonically increasing
// UTF-16 positions give the code-point offset and the byte position, so that a word's text
// is a slice of the input rather than a conversion back from UTF-16.
class Utf8Cursor {
 public:
  explicit Utf8Cursor(std::string_view utf8) : utf8_(utf8) {}

  void advance_to(std::int32_t unit) {
    while (unit_ < unit) {
      const auto lead = static_cast<unsigned char>(utf8_[byte_]);
      const std::size_t bytes = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      byte_ += bytes;
      unit_ += bytes == 4 ? 2 : 1;  // four bytes: outside the BMP, a surrogate pair
      ++offset_;
    }
  }
  Offset offset() const { return offset_; }
  std::size_t byte() const { return byte_; }

 private:
  std::string_view utf8_;
  std::size_t byte_ = 0;
  std::int32_t unit_ = 0;
  Offset offset_ = 0;
};

icu::UnicodeString to_unicode(std::string_view utf8) {
  if (utf8.size() > static_cast<std::size_t>(INT32_MAX) / 2) {
    throw InputError("text too large to segment (" + std::to_string(utf8.size()) + " bytes)");
  }
  return icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<std::int32_t>(utf8.size())));
}

using IteratorFactory = icu::BreakIterator* (*)(const icu::Locale&, UErrorCode&);

// Creating a break iterator loads and compiles its rules, so each thread keeps one.
icu::BreakIterator& cached_iterator(std::unique_ptr<icu::BreakIterator>& slot,
                                    IteratorFactory create, const char* kind) {
  if (!slot) {
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(create(icu::Locale("nl"), status));
    if (U_FAILURE(status) || !slot) {
      slot.reset();
      throw Error(std::string("cannot create the ICU ") + kind +
                  " iterator: " + u_errorName(status));
    }
  }
  return *slot;
}

icu::BreakIterator& word_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator;
  return cached_iterator(iterator, &icu::BreakIterator::createWordInstance, "word");
}

icu::BreakIterator& sentence_iterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator;
  return cached_iterator(iterator, &icu::BreakIterator::createSentenceInstance, "sentence");
}

// Points the cached iterator at `text` and away again when done: the iterator keeps a
// reference to the string, which must not dangle between calls.
class IteratorText {
 public:
  IteratorText(icu::BreakIterator& iterator, const icu::UnicodeString& text) : iterator_(iterator) {
    iterator_.setText(text);
  }
  ~IteratorText() {
    static const icu::UnicodeString empty;
    iterator_.setText(empty);
  }
  IteratorText(const IteratorText&) = delete;
  IteratorText& operator=(const IteratorText&) = delete;

 private:
  icu::BreakIterator& iterator_;
};

// ---- words of Latin text without ICU ------------------------------------------------
//
// ICU's break iterator costs some 300 instructions a word. For text of ASCII, Latin-1 and
// Latin Extended-A letters and common punctuation, its "nl" word rules (RBBI rules, with
// chaining; ICU 72) come down to a few: letters (with @, which the rules count as one),
// digits and connectors (_) join whatever of them stands next to each other; letters join
// across one mid-letter (· . ' ‘ ’) and digits across one mid-number (, ; . ' ‘ ’) to
// letters or digits of their own kind; a token is a word when it holds a letter or a digit
// or is two connectors or more. The colon is no mid-letter in these rules. Text with any
// other character goes to ICU; tests/text_test.cpp checks the two agree on every
// character of this set in random combinations.
enum class Class : std::uint8_t { other, letter, digit, connector, mid_letter, mid_number, mid_both };

// The class of `c`, or nullopt when the rules above do not cover it.
std::optional<Class> latin_class(char32_t c) {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '@') return Class::letter;
    if (c >= '0' && c <= '9') return Class::digit;
    if (c == '_') return Class::connector;
    if (c == '.' || c == '\'') return Class::mid_both;
    if (c == ',' || c == ';') return Class::mid_number;
    return Class::other;  // spaces, newlines, controls and other punctuation, ':' and '"'
  }
  if (c < 0xA0) return std::nullopt;  // C1 controls, U+0085 a newline
  if (c <= 0xFF) {
    if (c == 0xAA || c == 0xB5 || c == 0xBA) return Class::letter;
    if (c == 0xB7) return Class::mid_letter;
    if (c == 0xAD) return std::nullopt;  // soft hyphen: a format character
    if (c >= 0xC0 && c != 0xD7 && c != 0xF7) return Class::letter;
    return Class::other;
  }
  if (c <= 0x17F) return Class::letter;  // Latin Extended-A
  if (c == 0x2018 || c == 0x2019) return Class::mid_both;
  if (c == 0x2013 || c == 0x2014 || c == 0x201C || c == 0x201D || c == 0x201E || c == 0x2026 ||
      c == 0x20AC || c == 0x2022) {
    return Class::other;
  }
  return std::nullopt;
}

bool is_core(Class c) { return c == Class::letter || c == Class::digit || c == Class::connector; }

// Whether `mid` joins `before` and `after`.
bool joins(Class before, Class mid, Class after) {
  if (before == Class::letter && after == Class::letter) {
    return mid == Class::mid_letter || mid == Class::mid_both;
  }
  if (before == Class::digit && after == Class::digit) {
    return mid == Class::mid_number || mid == Class::mid_both;
  }
  return false;
}

// The words of valid UTF-8 `utf8` by the rules above, or nullopt when it holds a
// character they do not cover.
std::optional<std::vector<Word>> latin_words(std::string_view utf8) {
  struct Char {
    Class type;
    std::uint32_t byte;
  };
  thread_local std::vector<Char> chars;
  chars.clear();
  if (utf8.size() >= UINT32_MAX) return std::nullopt;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n; ++k) {
      c = (c << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    const std::optional<Class> type = latin_class(c);
    if (!type) return std::nullopt;
    chars.push_back({*type, static_cast<std::uint32_t>(i)});
    i += n;
  }
  std::vector<Word> result;
  result.reserve(utf8.size() / 6);
  const std::size_t count = chars.size();
  const auto byte_of = [&](std::size_t k) { return k < count ? chars[k].byte : utf8.size(); };
  for (std::size_t i = 0; i < count;) {
    if (!is_core(chars[i].type)) {
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    for (;;) {
      if (j < count && is_core(chars[j].type)) {
        ++j;
      } else if (j + 1 < count && joins(chars[j - 1].type, chars[j].type, chars[j + 1].type)) {
        j += 2;
      } else {
        break;
      }
    }
    if (j - i >= 2 || chars[i].type != Class::connector) {
      Word word;
      word.span = {static_cast<Offset>(i), static_cast<Offset>(j)};
      word.text.assign(utf8.substr(byte_of(i), byte_of(j) - byte_of(i)));
      result.push_back(std::move(word));
    }
    i = j;
  }
  return result;
}

}  // namespace

std::vector<Word> words(std::string_view utf8) {
  const bool valid = is_valid_utf8(utf8);
  if (valid) {
    if (auto latin = latin_words(utf8)) return std::move(*latin);
  }
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& iterator = word_iterator();
  IteratorText guard(iterator, text);
  std::vector<Word> result;
  result.reserve(utf8.size() / 6);
  // Invalid UTF-8 was decoded with replacement characters, which only converting back
  // reproduces; valid UTF-8 (all stored text) is sliced.
  CodePointCursor cursor(text);
  Utf8Cursor bytes(utf8);
  std::int32_t start = iterator.first();
  for (std::int32_t end = iterator.next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator.next()) {
    if (iterator.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    Word word;
    if (valid) {
      bytes.advance_to(start);
      word.span.start = bytes.offset();
      const std::size_t first = bytes.byte();
      bytes.advance_to(end);
      word.span.end = bytes.offset();
      word.text.assign(utf8.substr(first, bytes.byte() - first));
    } else {
      word.span.start = cursor.advance_to(start);
      word.span.end = cursor.advance_to(end);
      text.tempSubStringBetween(start, end).toUTF8String(word.text);
    }
    result.push_back(std::move(word));
  }
  return result;
}

std::vector<Span> sentences(std::string_view utf8, std::string_view language) {
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& iterator = sentence_iterator();
  IteratorText guard(iterator, text);
  CodePointCursor cursor(text);
  std::vector<Span> result;
  std::int32_t start = iterator.first();
  for (std::int32_t end = iterator.next(); end != icu::BreakIterator::DONE; end = iterator.next()) {
    if (end < text.length() && follows_abbreviation(text, end, language)) continue;
    std::int32_t first = start;
    std::int32_t last = end;
    while (first < last && u_isUWhiteSpace(text.charAt(first))) ++first;
    while (last > first && u_isUWhiteSpace(text.charAt(last - 1))) --last;
    if (first < last) {
      Span span;
      span.start = cursor.advance_to(first);
      span.end = cursor.advance_to(last);
      result.push_back(span);
    }
    start = end;
  }
  return result;
}

}  // namespace inzicht::text
