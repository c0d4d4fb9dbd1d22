#pragma once
// Whole files in and out, with errors that name the file. Writing goes to a temporary file
// beside the target that is renamed over it, so a failure never leaves half a file.

#include <functional>
#include <string>
#include <string_view>

namespace inzicht {

// The bytes of `path`. Throws InputError naming `path` when it does not exist, is not a
// regular file (a directory, device or FIFO is refused before it is opened), is larger
// than 1 GiB, cannot be opened or cannot be read.
std::string read_file(const std::string& path);

// Replaces `path` with the file `write` writes at the path it is given, a new file beside
// `path` that is renamed over it when `write` returns. When `write` throws, or the rename
// fails, the new file is removed and `path` is as it was. Every writer of inzicht's
// outputs goes through here. Throws InputError naming `path` and the reason.
void replace_file(const std::string& path,
                  const std::function<void(const std::string& temporary)>& write);
// Replaces `path` with `bytes` (written beside it, then renamed). Throws InputError naming
// `path` and the reason when it cannot be written; `path` is then as it was.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace inzicht
