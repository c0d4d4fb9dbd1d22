#include "text/kwic.hpp"

#include <algorithm>
#include <vector>

namespace inzicht::text {

Kwic keyword_in_context(std::string_view text, std::int64_t match_start, std::int64_t match_end,
                        std::int64_t width) {
  // Byte position of every code point, so the cuts never split a character.
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  const auto size = static_cast<std::int64_t>(starts.size());
  starts.push_back(text.size());
  const auto at = [&](std::int64_t cp) {
    return starts[static_cast<std::size_t>(std::clamp<std::int64_t>(cp, 0, size))];
  };
  const auto flat = [](std::string_view part) {
    std::string out(part);
    for (char& c : out) {
      if (c == '\n' || c == '\t') c = ' ';
    }
    return out;
  };
  const std::int64_t left = std::max<std::int64_t>(0, match_start - width);
  const std::int64_t right = std::min<std::int64_t>(size, match_end + width);
  Kwic kwic;
  kwic.left = (left > 0 ? "…" : "") + flat(text.substr(at(left), at(match_start) - at(left)));
  kwic.match = flat(text.substr(at(match_start), at(match_end) - at(match_start)));
  kwic.right =
      flat(text.substr(at(match_end), at(right) - at(match_end))) + (right < size ? "…" : "");
  return kwic;
}

}  // namespace inzicht::text
