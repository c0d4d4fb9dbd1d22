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

// A regular file's bytes mapped read-only, for the flat copies beside a project that a
// command reads once and whole: read() into a fresh buffer cost a copy and a page fault
// per 4 KB of them. Their writers replace them by rename (write_file_atomically), so a
// mapped file is never truncated under its reader. `bytes()` is empty and `ok()` false
// when `path` is missing, is not a regular file (a FIFO is not waited on), is larger than
// 1 GiB or cannot be mapped. Never throws.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  bool ok() const { return ok_; }
  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
  bool ok_ = false;
};

}  // namespace inzicht
