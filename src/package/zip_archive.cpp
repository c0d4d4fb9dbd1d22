#include "package/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "base/error.hpp"

namespace inzicht::package {

namespace {

constexpr std::uint64_t kMiB = 1ull << 20;
constexpr std::size_t kChunk = 64 * 1024;

std::string size_text(std::uint64_t bytes) {
  if (bytes % kMiB == 0) return std::to_string(bytes / kMiB) + " MiB";
  return std::to_string(bytes) + " bytes";
}

bool starts_with(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

// Users rename files or save in the wrong format; saying what the bytes look like instead
// turns "not a ZIP archive" into something they can act on.
std::string what_it_looks_like(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts_with(bytes, "\x89PNG\r\n\x1a\n"sv)) return " (it is a PNG image)";
  if (starts_with(bytes, "\xff\xd8\xff"sv)) return " (it is a JPEG image)";
  if (starts_with(bytes, "%PDF"sv)) return " (it is a PDF document)";
  if (starts_with(bytes, "{\\rtf"sv)) return " (it is an RTF document)";
  if (starts_with(bytes, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"sv)) {
    return " (it is an OLE2 file: an old .doc, or a password-protected document)";
  }
  if (starts_with(bytes, "<?xml"sv)) return " (it is a plain XML file)";
  return "";
}

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

}  // namespace

ZipArchive::ZipArchive(std::string_view bytes, std::string source, ZipLimits limits)
    : source_(std::move(source)), limits_(limits) {
  if (bytes.empty()) fail("empty file, not a ZIP archive");

  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (buffer == nullptr) {
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    fail("cannot open ZIP archive: " + message);
  }
  archive_.reset(zip_open_from_source(buffer, ZIP_RDONLY, &error));
  if (!archive_) {
    zip_source_free(buffer);
    const int code = zip_error_code_zip(&error);
    const std::string message = zip_error_strerror(&error);
    zip_error_fini(&error);
    if (code == ZIP_ER_NOZIP && starts_with(bytes, "PK\x03\x04")) {
      // Local headers but no end-of-central-directory record: the file was cut short.
      fail("truncated ZIP archive: the central directory at its end is missing");
    }
    if (code == ZIP_ER_NOZIP) fail("not a ZIP archive" + what_it_looks_like(bytes));
    fail("damaged ZIP archive: " + message);
  }
  zip_error_fini(&error);

  const zip_int64_t count = zip_get_num_entries(archive_.get(), 0);
  if (count < 0) fail(std::string("damaged ZIP archive: ") + zip_strerror(archive_.get()));
  if (static_cast<std::uint64_t>(count) > limits_.max_entries) {
    fail("ZIP archive has " + std::to_string(count) + " entries, more than the limit of " +
         std::to_string(limits_.max_entries));
  }
  std::uint64_t declared = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    zip_stat_t stat;
    zip_stat_init(&stat);
    if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(i), 0, &stat) != 0) continue;
    if ((stat.valid & ZIP_STAT_SIZE) == 0) continue;
    // Compared one by one so that the sum cannot overflow.
    if (stat.size > limits_.max_total_bytes - declared) {
      fail("ZIP archive expands beyond " + size_text(limits_.max_total_bytes) +
           " in total (zip bomb?)");
    }
    declared += stat.size;
  }
}

// Read-only: nothing to write back, so discard rather than close.
void ZipArchive::Discard::operator()(zip* archive) const { zip_discard(archive); }

bool ZipArchive::contains(std::string_view name) const {
  const std::string entry(name);
  return zip_name_locate(archive_.get(), entry.c_str(), 0) >= 0;
}

std::string ZipArchive::read(std::string_view name) {
  const std::string entry(name);
  const zip_int64_t index = zip_name_locate(archive_.get(), entry.c_str(), 0);
  if (index < 0) fail("no zip entry " + entry);
  const auto bomb = [&] {
    fail("zip entry " + entry + " expands beyond " + size_text(limits_.max_entry_bytes) +
         " (zip bomb?)");
  };
  const auto total_bomb = [&] {
    fail("ZIP archive expands beyond " + size_text(limits_.max_total_bytes) +
         " in total (zip bomb?)");
  };

  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive_.get(), static_cast<zip_uint64_t>(index), 0, &stat) != 0) {
    fail("cannot read zip entry " + entry + ": " + zip_strerror(archive_.get()));
  }
  std::uint64_t declared = 0;
  if ((stat.valid & ZIP_STAT_SIZE) != 0) {
    declared = stat.size;
    if (declared > limits_.max_entry_bytes) bomb();
    if (declared > limits_.max_total_bytes - bytes_read_) total_bomb();
  }

  std::unique_ptr<zip_file_t, FileCloser> file(
      zip_fopen_index(archive_.get(), static_cast<zip_uint64_t>(index), 0));
  if (!file) fail("cannot read zip entry " + entry + ": " + zip_strerror(archive_.get()));

  // The declared size is only a hint: a lying header must not make us reserve much.
  std::string out;
  out.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(declared, 16 * kMiB)));
  while (true) {
    const std::size_t old_size = out.size();
    out.resize(old_size + kChunk);
    const zip_int64_t n = zip_fread(file.get(), out.data() + old_size, kChunk);
    if (n < 0) {
      fail("zip entry " + entry + " is damaged: " + zip_file_strerror(file.get()));
    }
    out.resize(old_size + static_cast<std::size_t>(n));
    if (n == 0) break;
    bytes_read_ += static_cast<std::uint64_t>(n);
    if (out.size() > limits_.max_entry_bytes) bomb();
    if (bytes_read_ > limits_.max_total_bytes) total_bomb();
  }
  return out;
}

void ZipArchive::fail(const std::string& what) const { throw InputError(source_ + ": " + what); }

}  // namespace inzicht::package
