#pragma once
// The units text is split into and counted in: sentences lie inside paragraphs, paragraphs
// inside speaker turns, turns inside the document. A rule reads one kind of unit, a
// statistic counts in one, the store reads all units of one kind.

#include <string>

namespace inzicht::model {

enum class Unit { sentence, paragraph, turn, document };

// "sentence", "paragraph", "turn" or "document"; throws InputError otherwise.
Unit parse_unit(const std::string& name);
const char* to_string(Unit unit);

}  // namespace inzicht::model
