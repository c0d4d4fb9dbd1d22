#include "web/utf16.hpp"

#include <algorithm>
#include <string>

#include "base/error.hpp"

namespace inzicht::web {

Utf16Map::Utf16Map(std::string_view utf8) {
  units_.reserve(utf8.size() + 1);
  std::int64_t unit = 0;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto byte = static_cast<unsigned char>(utf8[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    units_.push_back(unit);
    unit += byte >= 0xF0 ? 2 : 1;  // four-byte sequences lie outside the BMP: a pair
  }
  units_.push_back(unit);
}

std::int64_t Utf16Map::to_utf16(Offset offset) const {
  return units_[static_cast<std::size_t>(std::clamp<Offset>(offset, 0, size()))];
}

Offset Utf16Map::to_code_point(std::int64_t unit) const {
  const auto found = std::lower_bound(units_.begin(), units_.end(), unit);
  if (unit < 0 || found == units_.end() || *found != unit) {
    throw InputError("offset " + std::to_string(unit) +
                     (unit < 0 || unit > units_.back()
                          ? " is outside the text (0:" + std::to_string(units_.back()) + ")"
                          : " falls inside a character (between the halves of a surrogate pair)"));
  }
  return static_cast<Offset>(found - units_.begin());
}

Span Utf16Map::to_code_points(std::int64_t start, std::int64_t end) const {
  if (start > end) {
    throw InputError("span " + std::to_string(start) + ":" + std::to_string(end) + " is reversed");
  }
  return {to_code_point(start), to_code_point(end)};
}

}  // namespace inzicht::web
