#pragma once
// UTF-8 validity, without ICU: the check every reader makes of the bytes it takes in, so
// that nothing invalid reaches the project (and later the JSON writer).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace inzicht {

// The byte offset of the first ill-formed sequence in `bytes` (Unicode 15, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

// Appends code point `c` (a Unicode scalar value) to `out` as UTF-8.
void append_utf8(std::string& out, char32_t c);

// The validating edge for every string a reader takes in: throws InputError
// "<what>: not valid UTF-8 (byte 0xFF at byte 3)" unless `bytes` is valid UTF-8.
void require_utf8(std::string_view bytes, const std::string& what);

// `bytes` as valid UTF-8: valid sequences unchanged, every other byte written as the four
// characters "\xFF". For names that arrive as bytes (file names from the file system): two
// different names stay different, and the result can go anywhere text goes (JSON, XML).
std::string escape_invalid_utf8(std::string_view bytes);

// `text` safe to show on a terminal: invalid bytes as "\xFF", and C0 controls other than
// tab and line feed, DEL and C1 controls as "\x1B" / "\u009B", so a name cannot move the
// cursor, recolour the screen or retitle the window.
std::string printable(std::string_view text);

}  // namespace inzicht
