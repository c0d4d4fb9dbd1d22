// UTF-8 validation and code-point indexing. Decoding follows ICU's U8_NEXT, so an invalid
// sequence counts as one code point exactly as ICU's own conversions count it.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>

#include "model/error.hpp"
#include "text/text.hpp"

namespace inzicht::text {

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::int64_t n = static_cast<std::int64_t>(bytes.size());
  std::int64_t i = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const std::int64_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

bool is_valid_utf8(std::string_view bytes) { return !first_invalid_utf8(bytes).has_value(); }

namespace {

std::string hex_escape(const char* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// Calls `valid(start, end, c)` for each valid code point and `invalid(byte)` for each byte
// that starts no valid sequence (then resumes at the next byte, as decoders do).
template <typename Valid, typename Invalid>
void walk_utf8(std::string_view bytes, Valid valid, Invalid invalid) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::int64_t n = static_cast<std::int64_t>(bytes.size());
  std::int64_t i = 0;
  while (i < n) {
    const std::int64_t start = i;
    UChar32 c = s[i];
    if (c < 0x80) {
      ++i;
    } else {
      U8_NEXT(s, i, n, c);
      if (c < 0) {
        invalid(s[start]);
        i = start + 1;
        continue;
      }
    }
    valid(static_cast<std::size_t>(start), static_cast<std::size_t>(i), c);
  }
}

}  // namespace

void require_utf8(std::string_view bytes, const std::string& what) {
  if (const auto bad = first_invalid_utf8(bytes)) {
    throw InputError(what + ": not valid UTF-8 (byte " +
                     hex_escape("0x%02X", static_cast<std::uint8_t>(bytes[*bad])) + " at byte " +
                     std::to_string(*bad) + ")");
  }
}

std::string escape_invalid_utf8(std::string_view bytes) {
  if (is_valid_utf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  walk_utf8(
      bytes, [&](std::size_t start, std::size_t end, UChar32) { out.append(bytes.substr(start, end - start)); },
      [&](std::uint8_t byte) { out += hex_escape("\\x%02X", byte); });
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  walk_utf8(
      text,
      [&](std::size_t start, std::size_t end, UChar32 c) {
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
          out += hex_escape("\\x%02X", static_cast<unsigned>(c));
        } else if (c >= 0x80 && c <= 0x9F) {
          out += hex_escape("\\u%04X", static_cast<unsigned>(c));
        } else {
          out.append(text.substr(start, end - start));
        }
      },
      [&](std::uint8_t byte) { out += hex_escape("\\x%02X", byte); });
  return out;
}

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
  checkpoints_.shrink_to_fit();
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

}  // namespace inzicht::text
