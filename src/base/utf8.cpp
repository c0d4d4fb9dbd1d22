#include "base/utf8.hpp"

#include <cstdint>
#include <cstdio>

#include "base/error.hpp"

namespace inzicht {

namespace {

// The length of the well-formed sequence at `i` (Unicode 15, table 3-7: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when none starts there.
std::size_t sequence_length(const std::uint8_t* s, std::size_t n, std::size_t i) {
  const std::uint8_t b = s[i];
  if (b < 0x80) return 1;
  // The range of the second byte depends on the first; the others are always 80..BF.
  std::size_t length = 0;
  std::uint8_t low = 0x80, high = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) low = 0xA0;
    if (b == 0xED) high = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) low = 0x90;
    if (b == 0xF4) high = 0x8F;
  } else {
    return 0;
  }
  if (i + length > n || s[i + 1] < low || s[i + 1] > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
  }
  return length;
}

std::string hex_escape(const char* format, unsigned value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, format, value);
  return buffer;
}

// Calls `valid(start, length, first two bytes)` for each well-formed sequence and
// `invalid(byte)` for each byte that starts none (then resumes at the next byte).
template <typename Valid, typename Invalid>
void walk_utf8(std::string_view bytes, Valid valid, Invalid invalid) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    const std::size_t length = sequence_length(s, n, i);
    if (length == 0) {
      invalid(s[i]);
      ++i;
      continue;
    }
    valid(i, length);
    i += length;
  }
}

}  // namespace

std::optional<std::size_t> first_invalid_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const std::uint8_t*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    const std::size_t length = sequence_length(s, n, i);
    if (length == 0) return i;
    i += length;
  }
  return std::nullopt;
}

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
      bytes, [&](std::size_t start, std::size_t length) { out.append(bytes.substr(start, length)); },
      [&](std::uint8_t byte) { out += hex_escape("\\x%02X", byte); });
  return out;
}

std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  walk_utf8(
      text,
      [&](std::size_t start, std::size_t length) {
        const auto first = static_cast<std::uint8_t>(text[start]);
        if (length == 1 && ((first < 0x20 && first != '\t' && first != '\n') || first == 0x7F)) {
          out += hex_escape("\\x%02X", first);
        } else if (length == 2 && first == 0xC2 &&
                   static_cast<std::uint8_t>(text[start + 1]) <= 0x9F) {
          // U+0080 … U+009F, the C1 controls (CSI, OSC …).
          out += hex_escape("\\u%04X", static_cast<std::uint8_t>(text[start + 1]));
        } else {
          out.append(text.substr(start, length));
        }
      },
      [&](std::uint8_t byte) { out += hex_escape("\\x%02X", byte); });
  return out;
}

bool is_valid_utf8(std::string_view bytes) { return !first_invalid_utf8(bytes).has_value(); }

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

}  // namespace inzicht
