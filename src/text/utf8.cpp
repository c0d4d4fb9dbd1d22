// UTF-8 validation and code-point indexing. Decoding follows ICU's U8_NEXT, so an invalid
// sequence counts as one code point exactly as ICU's own conversions count it.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <string>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {

Offset count_code_points(std::string_view utf8) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  std::int64_t i = 0;
  Offset count = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
    } else {
      UChar32 c;
      U8_NEXT(s, i, n, c);
    }
    ++count;
  }
  return count;
}

std::u32string code_points(std::string_view utf8) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  std::u32string out;
  out.reserve(utf8.size());
  for (std::int64_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    out.push_back(c < 0 ? U'\uFFFD' : static_cast<char32_t>(c));
  }
  return out;
}

bool is_word_character(char32_t c) {
  const auto point = static_cast<UChar32>(c);
  return u_isalnum(point) || (U_GET_GC_MASK(point) & U_GC_M_MASK) != 0;
}

CodePointIndex::CodePointIndex(std::string_view utf8) : text_(utf8) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  bytes_.reserve(utf8.size() + 1);
  std::int64_t i = 0;
  while (i < n) {
    bytes_.push_back(static_cast<std::size_t>(i));
    if (s[i] < 0x80) {
      ++i;
    } else {
      UChar32 c;
      U8_NEXT(s, i, n, c);
    }
  }
  bytes_.push_back(utf8.size());
  bytes_.shrink_to_fit();
}

Offset CodePointIndex::size() const { return static_cast<Offset>(bytes_.size()) - 1; }

std::size_t CodePointIndex::byte_at(Offset offset) const {
  if (offset < 0 || offset > size()) {
    throw InputError("offset " + std::to_string(offset) + " is outside the text (0 to " +
                     std::to_string(size()) + " code points)");
  }
  return bytes_[static_cast<std::size_t>(offset)];
}

Offset CodePointIndex::offset_at_byte(std::size_t byte) const {
  const auto it = std::lower_bound(bytes_.begin(), bytes_.end(), byte);
  if (it == bytes_.end() || *it != byte) {
    throw InputError("byte " + std::to_string(byte) + " does not start a code point in the text (" +
                     std::to_string(text_.size()) + " bytes)");
  }
  return static_cast<Offset>(it - bytes_.begin());
}

std::string_view CodePointIndex::slice(Span span) const {
  const Offset start = std::clamp<Offset>(span.start, 0, size());
  const Offset end = std::clamp<Offset>(span.end, start, size());
  const std::size_t from = bytes_[static_cast<std::size_t>(start)];
  return text_.substr(from, bytes_[static_cast<std::size_t>(end)] - from);
}

}  // namespace inzicht::text
