#pragma once
// Reading the positions of REFI-QDA text selections. The standard counts Unicode code
// points of the source file from 0; real writers do not always: a file may start with a
// byte order mark that some count, NVivo counts UTF-16 units (a character outside the BMP
// is two), some tools count a CRLF as one character, some count UTF-8 bytes. For one
// source, every convention that differs on its text is tried; the one under which every
// selection lies inside the text and the most selections agree with the text (their name
// quotes the text they cover, or they begin and end at word edges) wins, the standard on a
// tie. Positions come out as code points into the stored text (NFC, LF newlines).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/span.hpp"

namespace inzicht::importers {

// A selection as written: positions in the writer's units, and its name, which many tools
// fill with the start of the selected text ("I did try the gluten free bread…").
struct RawSelection {
  std::int64_t start = 0;
  std::int64_t end = 0;
  std::string name;
};

struct OffsetReading {
  std::string convention;   // e.g. "code points", "UTF-16 units, CRLF as one"
  std::vector<Span> spans;  // per selection, into the stored text
  std::size_t fitting = 0;  // selections whose name matches or that sit at word edges
  // When no convention places every selection inside the text: the first selection that
  // the standard convention cannot place, and why.
  std::optional<std::size_t> failed;
  std::string why;
};

// The text as inzicht stores it: `raw` (valid UTF-8 without BOM, newlines as in the file)
// with CRLF and CR as LF, in NFC.
std::string stored_text(const std::string& raw);

// Reads `selections` of the source whose decoded text is `raw`; `bom` says the file began
// with a byte order mark.
OffsetReading read_offsets(const std::string& raw, bool bom,
                           const std::vector<RawSelection>& selections);

}  // namespace inzicht::importers
