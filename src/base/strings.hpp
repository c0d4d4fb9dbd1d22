#pragma once
// Small string helpers every module needs.

#include <string>
#include <string_view>

namespace inzicht {

// `text` without leading and trailing characters from `blanks`.
inline std::string trim(std::string_view text, std::string_view blanks = " \t") {
  const std::size_t first = text.find_first_not_of(blanks);
  if (first == std::string_view::npos) return {};
  return std::string(text.substr(first, text.find_last_not_of(blanks) - first + 1));
}

}  // namespace inzicht
