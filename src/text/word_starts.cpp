#include <unicode/uchar.h>
#include <unicode/utf8.h>

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

}  // namespace

std::vector<Offset> word_starts(std::string_view utf8) {
  // Decode once into code points; the lookahead over one joining character needs the next.
  std::vector<UChar32> points;
  points.reserve(utf8.size());
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const auto length = static_cast<std::int32_t>(utf8.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    points.push_back(c);
  }
  const auto is_word = [](UChar32 c) { return c >= 0 && (is_letter(c) || is_digit(c)); };
  const auto joins_letters = [](UChar32 c) {
    return c == '\'' || c == 0x2019 || c == '.' || c == ':' || c == 0x00B7;
  };
  const auto joins_digits = [](UChar32 c) { return c == ',' || c == '.'; };
  std::vector<Offset> starts;
  bool inside = false;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const UChar32 c = points[i];
    if (is_word(c)) {
      if (!inside) starts.push_back(static_cast<Offset>(i));
      inside = true;
      continue;
    }
    if (inside && i + 1 < points.size() && i > 0) {
      const UChar32 before = points[i - 1];
      const UChar32 after = points[i + 1];
      if ((joins_letters(c) && is_letter(before) && is_letter(after)) ||
          (joins_digits(c) && is_digit(before) && is_digit(after))) {
        continue;  // still inside the word
      }
    }
    inside = false;
  }
  return starts;
}

}  // namespace inzicht::text
