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

// ---- UTF-8 and code points -----------------------------------------------------------

// Validity checks: base/utf8.hpp.
Offset count_code_points(std::string_view utf8);
// The code points of valid UTF-8 `utf8`.
std::u32string code_points(std::string_view utf8);
// Whether `c` is a letter, combining mark or digit of any script ("é", "ж", "٣").
bool is_word_character(char32_t c);

// Random access by code point into one UTF-8 string (which must outlive the index).
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view utf8);
  Offset size() const;                       // code points
  std::size_t byte_at(Offset offset) const;  // offset == size() gives the byte length
  Offset offset_at_byte(std::size_t byte) const;  // byte must start a code point
  std::string_view slice(Span span) const;   // clamps to [0, size()]

 private:
  std::string_view text_;
  std::vector<std::size_t> bytes_;  // byte start of every code point, plus the end
};

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

// Sentences by ICU sentence boundaries (locale nl), not ending after Dutch abbreviations
// such as "bv.", "o.a.", "i.p.v.", "dhr.", "mevr.", "enz.", "d.w.z.". Spans exclude
// leading and trailing whitespace; text of only whitespace gives no sentence.
std::vector<Span> sentences(std::string_view utf8);

// ---- stemming ------------------------------------------------------------------------

// Dutch Snowball stemmer. Not thread-safe: one per thread.
class Stemmer {
 public:
  Stemmer();
  ~Stemmer();
  Stemmer(const Stemmer&) = delete;
  Stemmer& operator=(const Stemmer&) = delete;
  // Stem of one folded lower-case word ("drempels" → "drempel").
  std::string stem(std::string_view word);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// ---- regular expressions -------------------------------------------------------------

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
  // Every non-overlapping match, left to right.
  std::vector<Match> find_all(std::string_view utf8) const;
  // Number of capture groups, and the number of a named group (0 if there is none).
  int group_count() const;
  int group_number(std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::text
