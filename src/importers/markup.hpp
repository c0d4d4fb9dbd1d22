#pragma once
// Small pieces of markup handling shared by the WebVTT, SubRip, HTML and RTF readers.

#include <string>
#include <string_view>

#include "base/utf8.hpp"  // append_utf8, which the readers use with these

namespace inzicht::importers {

// Decodes an HTML character reference starting at `text[i] == '&'` (named: the common
// ones; numeric: decimal and hex) onto `out` and advances `i` past it. Unknown or invalid
// references are kept as written, one character at a time.
void decode_reference(std::string_view text, std::size_t& i, std::string& out);

}  // namespace inzicht::importers
