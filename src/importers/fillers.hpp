#pragma once
// Filler words (uh, um, eh, ehm, euh, hm and their drawn-out spellings), removed from a
// transcript only when the researcher asks for it (`import --clean-fillers`).

#include <string>
#include <string_view>

#include "importers/extracted.hpp"

namespace inzicht::importers {

// `words` without its filler words, with the punctuation around them tidied ("So, um, I"
// → "So, I"; "Um, we" → "We"; "dat eh." → "dat."). Everything else is left as written.
std::string remove_fillers(std::string_view words);

// Applies remove_fillers to the words of every line (not to a label the reader found).
void remove_fillers(Extracted& extracted);

}  // namespace inzicht::importers
