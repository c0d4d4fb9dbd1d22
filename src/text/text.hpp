#pragma once
// The text module: everything that needs ICU or Snowball lives behind this header.
// Bytes are decoded to UTF-8 (with charset detection for legacy 8-bit files), normalised
// to NFC with LF newlines, folded for matching (case and diacritics, with a map back to
// the original offsets), segmented into Dutch words and sentences, and stemmed.
// Everything here takes and returns UTF-8 `std::string`; positions are code-point
// `Offset`s relative to the string passed in. No ICU type appears in this header.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/span.hpp"
#include "base/utf8.hpp"

namespace inzicht::text {

// ---- decoding and normalisation ------------------------------------------------------

struct Decoded {
  std::string utf8;      // valid UTF-8, BOM removed, newlines not yet normalised
  std::string encoding;  // "UTF-8", "UTF-16LE", "UTF-16BE", "windows-1252", …
};

// Decodes `bytes` read from `source` (a name for messages): UTF-8 with or without BOM,
// UTF-16 with BOM, otherwise legacy 8-bit text through ICU charset detection. When
// `encoding` is given it is used as is. Throws InputError naming `source` when the bytes
// are not text (NUL bytes, control characters, an undecodable byte sequence), with the
// byte position where that is known. Never returns mojibake or U+FFFD.
Decoded decode(std::string_view bytes, const std::string& source,
               const std::optional<std::string>& encoding = std::nullopt);

// CRLF and lone CR become LF; nothing else changes.
std::string normalize_newlines(std::string_view utf8);

// Unicode NFC of valid UTF-8.
std::string to_nfc(std::string_view utf8);
// The same in place: text already in NFC (most of it) is left as it is, not copied.
void normalise_nfc(std::string& utf8);

// ---- UTF-8 and code points -----------------------------------------------------------

// Validity checks: base/utf8.hpp.
Offset count_code_points(std::string_view utf8);
// The code points of valid UTF-8 `utf8`.
std::u32string code_points(std::string_view utf8);
// Whether `c` is a letter, combining mark or digit of any script ("é", "ж", "٣").
bool is_word_character(char32_t c);
// Whether `c` is an upper-case or title-case letter ("M", "É", "Ǆ").
bool is_uppercase(char32_t c);

// Random access by code point into one UTF-8 string (which must outlive the index). It
// keeps the byte position of every 32nd code point and walks from there, so it takes a
// quarter of a byte per code point instead of eight (a 200 MB transcript once needed
// 1.6 GB for its index alone).
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view utf8);
  Offset size() const;                       // code points
  std::size_t byte_at(Offset offset) const;  // offset == size() gives the byte length
  Offset offset_at_byte(std::size_t byte) const;  // byte must start a code point
  std::string_view slice(Span span) const;   // clamps to [0, size()]

 private:
  static constexpr Offset kStride = 32;
  std::size_t walk(std::size_t byte, Offset steps) const;

  std::string_view text_;
  Offset size_ = 0;
  std::vector<std::size_t> checkpoints_;  // byte start of code points 0, kStride, 2·kStride …
};

// `utf8` when it has at most `limit` code points, else its first `limit` − 1 and "…".
std::string shortened(std::string_view utf8, Offset limit);

// ---- folding for matching ------------------------------------------------------------

// Case-folded text with diacritics removed ("Eénzelfde" → "eenzelfde",
// "geïnterviewd" → "geinterviewd"), and for every code point of `text` the offset of the
// code point in the original string it came from; `origin` has one extra entry at the end
// holding the original length, so a folded span [a, b) maps back to
// [origin[a], origin[b]).
struct Folded {
  std::string text;
  std::vector<Offset> origin;
};

Folded fold(std::string_view utf8);
// fold(utf8).text without the map.
std::string fold_text(std::string_view utf8);
// A word folded for comparing words: fold_text with curly apostrophes (’ ‘ ʼ) as straight
// ones, so that "auto’s" from a word processor equals "auto's" typed in a codebook.
std::string fold_word(std::string_view word);

// ---- segmentation (Dutch) ------------------------------------------------------------

struct Word {
  Span span;         // in code points, relative to the string segmented
  std::string text;  // the word as written
};

// Words by ICU word boundaries (locale nl): tokens holding a letter or digit only;
// spaces and punctuation are skipped.
std::vector<Word> words(std::string_view utf8);

// Where each word of `utf8` starts, in code points, by a fast scan rather than a break
// iterator (for counting words in many coded segments): a word is a run of letters and
// digits, held together across one apostrophe, full stop or colon between letters ("zo'n",
// "o.a") and one comma or full stop between digits ("1.250", "3,5") — ICU's word rules
// without its dictionary. Counts agree with `words` on ordinary Dutch text.
std::vector<Offset> word_starts(std::string_view utf8);

// Sentences by ICU sentence boundaries, not ending after the abbreviations of `language`
// (nl: "bv.", "o.a.", "i.p.v.", "dhr.", "mevr.", "enz.", "d.w.z." …; en: "Mr.", "Dr.",
// "e.g.", "i.e." …; de: "z.B.", "bzw.", "usw." …; fr: "M.", "Mme.", "p.ex." …). Spans exclude
// leading and trailing whitespace; text of only whitespace gives no sentence.
std::vector<Span> sentences(std::string_view utf8, std::string_view language = "nl");

// ---- languages -----------------------------------------------------------------------

// The languages inzicht knows, as ISO 639-1 codes: "nl", "en", "de", "fr". Each has a
// Snowball stemmer, sentence rules and a stopword list.
const std::vector<std::string>& languages();
// Throws InputError naming the known languages unless `code` is one of them.
void check_language(std::string_view code);
// The language of `text` told by its most frequent function words, or nullopt when the
// text is too short (under 50 words) or no language clearly wins.
std::optional<std::string> detect_language(std::string_view text);

// ---- stemming ------------------------------------------------------------------------

// The Snowball stemmer of a language (languages(); default Dutch). Not thread-safe: one
// per thread. Throws InputError for an unknown language.
class Stemmer {
 public:
  explicit Stemmer(std::string_view language = "nl");
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // Stem of one folded lower-case word ("drempels" → "drempel").
  std::string stem(std::string_view word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- near names ----------------------------------------------------------------------

// Up to `limit` of `candidates` that `name` is plausibly a typo or a part of, nearest
// first: compared folded (case and accents do not count), by edit distance in code points
// (at most 1 for names up to 4 long, else 2) of the whole names or of their last parts
// (without a file extension or the parents of a code path), or holding `name` whole. For
// "did you mean" in messages.
std::vector<std::string> near_names(std::string_view name,
                                    const std::vector<std::string>& candidates,
                                    std::size_t limit = 3);

// ---- regular expressions -------------------------------------------------------------

// Words one of which every match of `pattern` holds, read from its literal text: "STAP"
// for "\bSTAP\b", {"niveau", "mbo"} for "\b(niveau|mbo) ?[1-4]". Lower case when
// `case_insensitive`, and then ASCII only. Empty when the pattern names none for certain
// (an alternation at its top, inline flags, escapes of code points): any text may match.
std::vector<std::string> required_literals(std::string_view pattern, bool case_insensitive);

// An ICU regular expression over UTF-8 text. Compiling a bad pattern throws InputError
// that says where in the pattern the error is.
class Regex {
 public:
  struct Match {
    Span whole;                             // code points, relative to the input
    std::vector<std::optional<Span>> groups;  // capture groups 1..n; nullopt if unmatched
  };

  explicit Regex(std::string_view pattern, bool case_insensitive = false);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;

  // A match that starts at the start of `utf8` (need not reach its end).
  std::optional<Match> match_prefix(std::string_view utf8) const;
  // Every non-overlapping match, left to right. A text without any of the pattern's
  // required_literals is not searched: it has none (and a runaway pattern is not stopped
  // on it, having nothing to run on).
  std::vector<Match> find_all(std::string_view utf8) const;
  // Number of capture groups, and the number of a named group (0 if there is none).
  int group_count() const;
  int group_number(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::text
