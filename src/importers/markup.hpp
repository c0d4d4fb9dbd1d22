#pragma once
// Small pieces of markup handling shared by the WebVTT, SubRip, HTML and RTF readers.

#include <string>
#include <string_view>

namespace inzicht::importers {

// Appends the code point `c` as UTF-8 (c must be a Unicode scalar value).
void append_utf8(std::string& out, char32_t c);

// Decodes an HTML character reference starting at `text[i] == '&'` (named: the common
// ones; numeric: decimal and hex) onto `out` and advances `i` past it. Unknown or invalid
// references are kept as written, one character at a time.
void decode_reference(std::string_view text, std::size_t& i, std::string& out);

}  // namespace inzicht::importers
