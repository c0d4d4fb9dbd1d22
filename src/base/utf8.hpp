#pragma once
// UTF-8 validity, without ICU: the check every reader makes of the bytes it takes in, so
// that nothing invalid reaches the project (and later the JSON writer).

#include <cstddef>
#include <optional>
#include <string_view>

namespace inzicht {

// The byte offset of the first ill-formed sequence in `bytes` (Unicode 15, table 3-7:
// no overlong forms, no surrogates, nothing above U+10FFFF), or nullopt when all is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view bytes);

}  // namespace inzicht
