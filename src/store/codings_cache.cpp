#include "store/codings_cache.hpp"

#include <cstring>

#include "base/error.hpp"
#include "base/files.hpp"
#include "store/flat_file.hpp"

namespace inzicht::store::codings_cache {

using flat_file::checksum;
using flat_file::fits;
using flat_file::put;

namespace {

// Layout, in the machine's byte order: flat_file::header | rows (8) | checksum (8)
//   | rows × Record.
constexpr char kMagic[8] = {'I', 'N', 'Z', 'C', 'O', 'D', '0', '1'};

struct Record {
  std::int64_t id;
  std::uint32_t document, code, coder, start, end, unused;
};
static_assert(sizeof(Record) == 32);

}  // namespace

std::string path_of(const std::string& project_path) {
  return flat_file::beside(project_path, "-codings");
}

std::int64_t minimum() { return flat_file::minimum("INZICHT_CODINGS_CACHE_MIN", 20000); }

bool read(const std::string& path, const std::string& token,
          const std::function<void(const CodingRow&)>& take) {
  const MappedFile file(path);
  const std::string_view bytes = file.bytes();
  std::size_t at = 0;
  std::uint64_t rows = 0, sum = 0;
  if (!flat_file::take_header(bytes, at, kMagic, token)) return false;
  if (!flat_file::take(bytes, at, rows) || !flat_file::take(bytes, at, sum)) return false;
  if (rows > (bytes.size() - at) / sizeof(Record) || bytes.size() - at != rows * sizeof(Record)) {
    return false;
  }
  if (checksum(bytes.data() + at, bytes.size() - at) != sum) return false;
  const auto record = [&](std::uint64_t i) {
    Record r;
    std::memcpy(&r, bytes.data() + at + i * sizeof(Record), sizeof r);
    return r;
  };
  // Checked whole before the first row is handed out: `take` sees all rows or none.
  for (std::uint64_t i = 0; i < rows; ++i) {
    if (const Record r = record(i); r.start > r.end) return false;
  }
  for (std::uint64_t i = 0; i < rows; ++i) {
    const Record r = record(i);
    take({{r.document, r.code, r.coder, {r.start, r.end}}, r.id});
  }
  return true;
}

bool write(const std::string& path, const std::string& token, const std::vector<CodingRow>& rows) {
  std::string payload;
  payload.reserve(rows.size() * sizeof(Record));
  for (const CodingRow& row : rows) {
    if (!fits(row.document) || !fits(row.code) || !fits(row.coder) || !fits(row.span.start) ||
        !fits(row.span.end)) {
      return false;
    }
    const Record r{row.id,
                   static_cast<std::uint32_t>(row.document),
                   static_cast<std::uint32_t>(row.code),
                   static_cast<std::uint32_t>(row.coder),
                   static_cast<std::uint32_t>(row.span.start),
                   static_cast<std::uint32_t>(row.span.end),
                   0};
    put(payload, r);
  }
  std::string out = flat_file::header(kMagic, token);
  put(out, static_cast<std::uint64_t>(rows.size()));
  put(out, checksum(payload.data(), payload.size()));
  out += payload;
  try {
    write_file_atomically(path, out);
    return true;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace inzicht::store::codings_cache
