#pragma once
// Reading case attributes from a CSV file: RFC 4180 (quoted fields, doubled quotes,
// line breaks inside quotes, CRLF or LF), UTF-8 with or without BOM, a header row, the
// first column naming the case. Numbers ("42", "-3", "2.5", "2,5") are kept as numbers.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/project.hpp"

namespace inzicht::importers {

using AttributeRows =
    std::vector<std::pair<std::string, std::map<std::string, std::optional<store::AttributeValue>>>>;

// Parses `bytes` of `source`: a header row, then one row per case. The case is in the
// column named "case" (any letter case) wherever it is, else in the first column; every
// other column is an attribute. An empty cell removes that attribute. Throws InputError
// naming the source and line for invalid UTF-8, an unclosed quote, a row whose number of
// fields differs from the header, an empty or repeated column name, an empty or repeated
// case name.
AttributeRows parse_attributes_csv(std::string_view bytes, const std::string& source);

// "42" → 42, "2.5" or "2,5" → 2.5, anything else stays text.
store::AttributeValue attribute_value(const std::string& text);

}  // namespace inzicht::importers
