#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <array>
#include <cstdint>

#include "text/text.hpp"

namespace inzicht::text {

namespace {

// ICU's letter and digit properties, with ASCII answered first: most of a Dutch transcript
// is ASCII, and the property lookup per code point was most of the time `freq` spent here.
bool is_letter(UChar32 c) {
  if (c >= 0 && c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  return u_isalpha(c);
}

bool is_digit(UChar32 c) {
  if (c >= 0 && c < 0x80) return c >= '0' && c <= '9';
  return u_isdigit(c);
}

// ASCII letters and digits, by byte (bytes from 0x80 are not).
constexpr std::array<bool, 256> kAsciiWord = [] {
  std::array<bool, 256> table{};
  for (int b = 0; b < 256; ++b) {
    table[static_cast<std::size_t>(b)] =
        (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
  }
  return table;
}();

bool ascii_word(std::uint8_t b) { return kAsciiWord[b]; }

}  // namespace

std::vector<Offset> word_starts(std::string_view utf8) {
  // Whether a code point starts a word depends on it and the two before it, so one pass
  // suffices: a letter or digit starts a word unless the code point before is a letter or
  // digit, or a joiner between two letters or two digits ("zo'n", "1.250").
  const auto is_word = [](UChar32 c) { return c >= 0 && (is_letter(c) || is_digit(c)); };
  const auto joined = [](UChar32 before, UChar32 c, UChar32 after) {
    const bool joins_letters = c == '\'' || c == 0x2019 || c == '.' || c == ':' || c == 0x00B7;
    const bool joins_digits = c == ',' || c == '.';
    return (joins_letters && is_letter(before) && is_letter(after)) ||
           (joins_digits && is_digit(before) && is_digit(after));
  };
  std::vector<Offset> starts;
  starts.reserve(utf8.size() / 6);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  UChar32 before = U_SENTINEL;
  UChar32 previous = U_SENTINEL;
  bool previous_word = false;
  Offset at = 0;
  for (std::int32_t i = 0; i < length; ++at) {
    UChar32 c;
    if (bytes[i] < 0x80) {  // most of a transcript: no decoding, no property lookup
      if (ascii_word(bytes[i])) {
        // A run of ASCII letters and digits: only its first can start a word, so the
        // rest is passed over in one loop (this was most of `freq`'s time with words).
        if (!previous_word && !joined(before, previous, bytes[i])) starts.push_back(at);
        std::int32_t end = i + 1;
        while (end < length && ascii_word(bytes[end])) ++end;
        before = end - i >= 2 ? bytes[end - 2] : previous;
        previous = bytes[end - 1];
        previous_word = true;
        at += end - i - 1;  // the loop adds the last
        i = end;
        continue;
      }
      c = bytes[i++];
    } else {
      U8_NEXT(bytes, i, length, c);
    }
    const bool word = is_word(c);
    if (word && !previous_word && !joined(before, previous, c)) starts.push_back(at);
    before = previous;
    previous = c;
    previous_word = word;
  }
  return starts;
}

}  // namespace inzicht::text
