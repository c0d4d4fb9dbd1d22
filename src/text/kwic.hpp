#pragma once
// Keyword-in-context lines for search hits, `kwic` and coded segments.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inzicht::text {

// A keyword-in-context line: up to `width` code points of `text` either side of `match`
// (code points into `text`), newlines and tabs as spaces, "…" where text was cut.
struct Kwic {
  std::string left, match, right;
};
Kwic keyword_in_context(std::string_view text, std::int64_t match_start, std::int64_t match_end,
                        std::int64_t width = 40);

// keyword_in_context for many matches in one text (every hit of a search in one turn):
// the text is indexed once, so each line costs its width, not the text's length (a 1 MB
// turn with 50,000 hits was quadratic). `text` must outlive it.
class KwicLines {
 public:
  explicit KwicLines(std::string_view text, std::int64_t width = 40);
  Kwic at(std::int64_t match_start, std::int64_t match_end) const;

 private:
  std::string_view text_;
  std::int64_t width_;
  std::vector<std::size_t> starts_;  // byte start of every code point, plus the end
};

}  // namespace inzicht::text
