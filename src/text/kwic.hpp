#pragma once
// Keyword-in-context lines for search hits, `kwic` and coded segments.

#include <cstdint>
#include <string>
#include <string_view>

namespace inzicht::text {

// A keyword-in-context line: up to `width` code points of `text` either side of `match`
// (code points into `text`), newlines and tabs as spaces, "…" where text was cut.
struct Kwic {
  std::string left, match, right;
};
Kwic keyword_in_context(std::string_view text, std::int64_t match_start, std::int64_t match_end,
                        std::int64_t width = 40);

}  // namespace inzicht::text
