#pragma once
// The one position type of inzicht. An `Offset` is a Unicode code-point index into a
// document's NFC-normalised UTF-8 text, counted from 0; a `Span` is half-open [start, end).
// This is the unit REFI-QDA uses. Bytes (SQLite, std::string) and UTF-16 (browsers) are
// converted at the edges only, never stored.

#include <cstdint>

namespace inzicht {

using Offset = std::int64_t;

struct Span {
  Offset start = 0;
  Offset end = 0;

  Offset length() const { return end - start; }
  bool empty() const { return end <= start; }
  bool contains(const Span& other) const { return start <= other.start && other.end <= end; }
  bool operator==(const Span&) const = default;
};

}  // namespace inzicht
