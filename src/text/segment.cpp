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
#include <iterator>
#include <memory>
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
constexpr std::size_t kLongestAbbreviation = 8;

bool is_abbreviation(std::string_view lower) {
  return std::find(std::begin(kAbbreviations), std::end(kAbbreviations), lower) !=
         std::end(kAbbreviations);
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
bool follows_abbreviation(const icu::UnicodeString& text, std::int32_t boundary) {
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
  for (std::int32_t k = start; k < end; ++k) {
    const UChar c = text.charAt(k);
    if (c >= 0x80) return false;  // every listed abbreviation is ASCII
    lower.push_back(static_cast<char>(u_tolower(c)));
  }
  return is_abbreviation(lower);
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

}  // namespace

std::vector<Word> words(std::string_view utf8) {
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& iterator = word_iterator();
  IteratorText guard(iterator, text);
  CodePointCursor cursor(text);
  std::vector<Word> result;
  result.reserve(utf8.size() / 6);
  std::int32_t start = iterator.first();
  for (std::int32_t end = iterator.next(); end != icu::BreakIterator::DONE;
       start = end, end = iterator.next()) {
    if (iterator.getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation
    Word word;
    word.span.start = cursor.advance_to(start);
    word.span.end = cursor.advance_to(end);
    text.tempSubStringBetween(start, end).toUTF8String(word.text);
    result.push_back(std::move(word));
  }
  return result;
}

std::vector<Span> sentences(std::string_view utf8) {
  const icu::UnicodeString text = to_unicode(utf8);
  icu::BreakIterator& iterator = sentence_iterator();
  IteratorText guard(iterator, text);
  CodePointCursor cursor(text);
  std::vector<Span> result;
  std::int32_t start = iterator.first();
  for (std::int32_t end = iterator.next(); end != icu::BreakIterator::DONE; end = iterator.next()) {
    if (end < text.length() && follows_abbreviation(text, end)) continue;
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
