#include "base/files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/error.hpp"

namespace inzicht {

std::string read_file(const std::string& path) {
  // Checked before opening: a FIFO would block the open, a device (/dev/zero) never end.
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw InputError(path + ": no such file");
  if (std::filesystem::is_directory(status)) {
    throw InputError(path + ": is a directory, not a file");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError(path + ": not a regular file (a device or pipe)");
  }
  constexpr std::uintmax_t kMaxBytes = std::uintmax_t{1} << 30;
  if (const auto size = std::filesystem::file_size(path, ec); !ec && size > kMaxBytes) {
    throw InputError(path + ": " + std::to_string(size >> 20) + " MiB is more than the " +
                     std::to_string(kMaxBytes >> 20) + " MiB inzicht reads as one file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) throw InputError(path + ": reading failed");
  return bytes.str();
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  const std::string temporary = path + ".inzicht-partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError(path + ": cannot write (" + temporary + " cannot be created)");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw InputError(path + ": writing failed");
    }
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw InputError(path + ": cannot write: " + ec.message());
  }
}

}  // namespace inzicht
