#include "base/files.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
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
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxBytes) {
    throw InputError(path + ": " + std::to_string(size >> 20) + " MiB is more than the " +
                     std::to_string(kMaxBytes >> 20) + " MiB inzicht reads as one file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open for reading");
  // One read of the size the file had: a stream copied into a growing string moved a 34 MB
  // file several times over and was half of what `freq` spent reading its codings.
  std::string bytes(ec ? 0 : static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (in.bad()) throw InputError(path + ": reading failed");
  if (in.good()) {  // the file grew since, or its size was unknown: the rest as it comes
    std::ostringstream rest;
    rest << in.rdbuf();
    if (in.bad()) throw InputError(path + ": reading failed");
    bytes += rest.str();
  }
  if (bytes.size() > kMaxBytes) {
    throw InputError(path + ": more than the " + std::to_string(kMaxBytes >> 20) +
                     " MiB inzicht reads as one file");
  }
  return bytes;
}

namespace {

// A new empty file beside `path`, with a name no other writer picks (O_EXCL), so that two
// writers of one target never write into the same temporary file.
std::string create_temporary(const std::string& path) {
  const std::filesystem::path target(path);
  std::random_device random;
  for (int attempt = 0;; ++attempt) {
    const std::filesystem::path name =
        target.parent_path() / ("." + target.filename().string() + "." + std::to_string(getpid()) +
                                "-" + std::to_string(random()) + ".tmp");
    const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) {
      ::close(fd);
      return name.string();
    }
    if (errno != EEXIST || attempt == 100) {
      throw InputError(path + ": cannot write: " + std::strerror(errno));
    }
  }
}

}  // namespace

void replace_file(const std::string& path,
                  const std::function<void(const std::string& temporary)>& write) {
  const std::string temporary = create_temporary(path);
  try {
    write(temporary);
    std::error_code ec;
    std::filesystem::rename(temporary, path, ec);
    if (ec) throw InputError(path + ": cannot write: " + ec.message());
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

void write_file_atomically(const std::string& path, std::string_view bytes) {
  replace_file(path, [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (out) out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) throw InputError(path + ": writing failed");
  });
}

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return;
  struct stat status {};
  constexpr off_t kMaxBytes = off_t{1} << 30;
  if (::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) && status.st_size <= kMaxBytes) {
    size_ = static_cast<std::size_t>(status.st_size);
    if (size_ == 0) {
      ok_ = true;
    } else if (void* map = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
               map != MAP_FAILED) {
      ::madvise(map, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(map);
      ok_ = true;
    } else {
      size_ = 0;
    }
  }
  ::close(fd);
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<char*>(data_), size_);
}

}  // namespace inzicht
