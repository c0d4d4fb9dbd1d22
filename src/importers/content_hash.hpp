#pragma once
// SHA-256 of a file's bytes, as lower-case hex: how inzicht tells an unchanged transcript
// from a changed one under the same name.

#include <string>
#include <string_view>

namespace inzicht::importers {

std::string sha256_hex(std::string_view bytes);

}  // namespace inzicht::importers
