#pragma once
// Whole files in and out, with errors that name the file. Writing goes to a temporary file
// beside the target that is renamed over it, so a failure never leaves half a file.

#include <string>
#include <string_view>

namespace inzicht {

// The bytes of `path`. Throws InputError "PATH: cannot open for reading" or "PATH: reading
// failed".
std::string read_file(const std::string& path);

// Replaces `path` with `bytes` (written beside it, then renamed). Throws InputError naming
// `path` and the reason when it cannot be written; `path` is then as it was.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace inzicht
