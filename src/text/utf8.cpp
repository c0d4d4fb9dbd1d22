// UTF-8 validation and code-point indexing. Decoding follows ICU's U8_NEXT, so an invalid
// sequence counts as one code point exactly as ICU's own conversions count it.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
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

bool is_uppercase(char32_t c) {
  const auto point = static_cast<UChar32>(c);
  return u_isupper(point) || u_istitle(point);
}

CodePointIndex::CodePointIndex(std::string_view utf8) : text_(utf8) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(utf8.data());
  const std::int64_t n = static_cast<std::int64_t>(utf8.size());
  checkpoints_.reserve(utf8.size() / static_cast<std::size_t>(kStride) + 2);
  std::int64_t i = 0;
  Offset count = 0;
  while (i < n) {
    if (count % kStride == 0) checkpoints_.push_back(static_cast<std::size_t>(i));
    if (s[i] < 0x80) {
      ++i;
    } else {
      UChar32 c;
      U8_NEXT(s, i, n, c);
    }
    ++count;
  }
  if (count % kStride == 0) checkpoints_.push_back(utf8.size());
  size_ = count;
  // Reserved for a text of one byte per code point; copied to fit only where that wasted
  // much (a copy would hold the index twice at once: 26 MB for a 52 MB transcript).
  if (checkpoints_.capacity() > checkpoints_.size() + checkpoints_.size() / 8 + 16) {
    checkpoints_.shrink_to_fit();
  }
}

// The byte `steps` code points after the code point starting at `byte`, counted as
// U8_NEXT counts them (an invalid sequence is one code point).
std::size_t CodePointIndex::walk(std::size_t byte, Offset steps) const {
  const auto* s = reinterpret_cast<const std::uint8_t*>(text_.data());
  const std::int64_t n = static_cast<std::int64_t>(text_.size());
  auto i = static_cast<std::int64_t>(byte);
  for (Offset k = 0; k < steps && i < n; ++k) {
    if (s[i] < 0x80) {
      ++i;
    } else {
      UChar32 c;
      U8_NEXT(s, i, n, c);
    }
  }
  return static_cast<std::size_t>(i);
}

Offset CodePointIndex::size() const { return size_; }

std::size_t CodePointIndex::byte_at(Offset offset) const {
  if (offset < 0 || offset > size()) {
    throw InputError("offset " + std::to_string(offset) + " is outside the text (0 to " +
                     std::to_string(size()) + " code points)");
  }
  if (offset == size_) return text_.size();
  const auto checkpoint = static_cast<std::size_t>(offset / kStride);
  return walk(checkpoints_[checkpoint], offset % kStride);
}

Offset CodePointIndex::offset_at_byte(std::size_t byte) const {
  if (byte == text_.size()) return size_;
  if (byte < text_.size() && !checkpoints_.empty()) {
    // The last checkpoint at or before `byte`, then code point by code point.
    const auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte);
    const auto k = static_cast<std::size_t>(it - checkpoints_.begin()) - 1;
    std::size_t at = checkpoints_[k];
    Offset offset = static_cast<Offset>(k) * kStride;
    while (at < byte) {
      at = walk(at, 1);
      ++offset;
    }
    if (at == byte) return offset;
  }
  throw InputError("byte " + std::to_string(byte) + " does not start a code point in the text (" +
                   std::to_string(text_.size()) + " bytes)");
}

std::string_view CodePointIndex::slice(Span span) const {
  const Offset start = std::clamp<Offset>(span.start, 0, size());
  const Offset end = std::clamp<Offset>(span.end, start, size());
  const std::size_t from = byte_at(start);
  const std::size_t to =
      end - start < kStride ? walk(from, end - start) : byte_at(end);
  return text_.substr(from, to - from);
}

std::string shortened(std::string_view utf8, Offset limit) {
  const CodePointIndex index(utf8);
  if (index.size() <= limit) return std::string(utf8);
  return std::string(index.slice({0, limit - 1})) + "…";
}

}  // namespace inzicht::text
