#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "text/text.hpp"

namespace inzicht::text {

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
  const auto is_word = [](UChar32 c) { return c >= 0 && (u_isalpha(c) || u_isdigit(c)); };
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
      if ((joins_letters(c) && u_isalpha(before) && u_isalpha(after)) ||
          (joins_digits(c) && u_isdigit(before) && u_isdigit(after))) {
        continue;  // still inside the word
      }
    }
    inside = false;
  }
  return starts;
}

}  // namespace inzicht::text
