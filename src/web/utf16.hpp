#pragma once
// Browsers count text in UTF-16 code units; inzicht counts code points. This is the one
// place that converts, at the edge of the API: every offset a route reads is mapped to code
// points, every offset it writes to UTF-16.

#include <cstdint>
#include <string_view>
#include <vector>

#include "base/span.hpp"

namespace inzicht::web {

class Utf16Map {
 public:
  // The map for `utf8` (valid UTF-8, as every stored text is).
  explicit Utf16Map(std::string_view utf8);

  std::int64_t to_utf16(Offset offset) const;  // offset in [0, size()]
  // The code point at UTF-16 unit `unit`. Throws InputError for a unit past the end or
  // between the two halves of a surrogate pair.
  Offset to_code_point(std::int64_t unit) const;
  Span to_code_points(std::int64_t start, std::int64_t end) const;
  Offset size() const { return static_cast<Offset>(units_.size()) - 1; }

 private:
  std::vector<std::int64_t> units_;  // the UTF-16 offset of every code point, plus the end
};

}  // namespace inzicht::web
