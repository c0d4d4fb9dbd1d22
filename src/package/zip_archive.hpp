#pragma once
// Read-only access to a ZIP archive held in memory: the container of .docx and .odt files
// (and later of REFI-QDA .qdpx projects). The only place inzicht uses libzip. Archives are
// untrusted input, so the limits of extracted.hpp are applied twice: to the sizes the
// central directory declares, and to the bytes actually inflated, because declared sizes
// can lie. Every error is an InputError naming the source file and, where there is one,
// the entry.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "package/limits.hpp"

struct zip;  // libzip's archive handle (zip_t); its header stays out of ours.

namespace inzicht::package {

struct ZipLimits {
  std::uint64_t max_entries = kMaxZipEntries;
  std::uint64_t max_entry_bytes = kMaxZipEntryBytes;  // one entry, uncompressed
  std::uint64_t max_total_bytes = kMaxZipTotalBytes;  // all entries, uncompressed
};

class ZipArchive {
 public:
  // Opens the archive in `bytes`, which is not copied and must outlive this object.
  // `source` names the file in error messages. Throws InputError when `bytes` is empty,
  // not a ZIP archive, truncated (no central directory), damaged, holds more entries than
  // `limits.max_entries` or declares more uncompressed bytes in total than
  // `limits.max_total_bytes`.
  ZipArchive(std::string_view bytes, std::string source, ZipLimits limits = {});
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // True when the archive holds an entry named exactly `name` (e.g. "word/document.xml").
  bool contains(std::string_view name) const;

  // The uncompressed bytes of entry `name`. Throws InputError when there is no such entry,
  // when it is encrypted, damaged (CRC or inflate error) or uses an unsupported method,
  // when it declares or actually inflates to more than `max_entry_bytes`, or when all
  // entries read so far from this archive inflate to more than `max_total_bytes`.
  std::string read(std::string_view name);

  const std::string& source() const { return source_; }

 private:
  struct Discard {
    void operator()(zip* archive) const;
  };

  [[noreturn]] void fail(const std::string& what) const;

  std::unique_ptr<zip, Discard> archive_;
  std::string source_;
  ZipLimits limits_;
  std::uint64_t bytes_read_ = 0;  // inflated so far, over all reads
};

}  // namespace inzicht::package
