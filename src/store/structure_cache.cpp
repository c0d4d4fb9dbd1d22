#include "store/structure_cache.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "base/error.hpp"
#include "base/files.hpp"
#include "store/flat_file.hpp"

namespace inzicht::store::structure_cache {

namespace {

// Layout, in the machine's byte order:
//   magic (8) | order (8) | token length (8) | token | sections (8)
//   | sections × {kind, size, checksum} (8 each) | the sections' bytes, in that order.
// A units section: rows (8) | rows × UnitRecord. A words section: documents (8)
//   | documents × {id, blocks} (4 each) | every document's blocks of text::WordIndex (8
//   each), in that order.
constexpr char kMagic[8] = {'I', 'N', 'Z', 'S', 'T', 'R', '0', '1'};
constexpr std::uint64_t kParagraphs = 1, kSentences = 2, kWords = 3;
constexpr std::uint64_t kMostSections = 16;

struct Entry {
  std::uint64_t kind = 0, size = 0, sum = 0;
};

struct UnitRecord {
  std::uint32_t document, start, end, role;
};
static_assert(sizeof(UnitRecord) == 16);

struct WordBlocks {
  std::uint32_t document, blocks;
};

std::optional<std::uint64_t> kind_of(model::Unit unit) {
  if (unit == model::Unit::paragraph) return kParagraphs;
  if (unit == model::Unit::sentence) return kSentences;
  return std::nullopt;
}

bool read_exactly(std::ifstream& in, std::string& out, std::uint64_t size) {
  out.resize(static_cast<std::size_t>(size));
  return static_cast<bool>(in.read(out.data(), static_cast<std::streamsize>(size)));
}

// An open file whose header is `token`'s: its sections and where their bytes begin.
struct Opened {
  std::ifstream in;
  std::vector<Entry> entries;
};

std::optional<Opened> open(const std::string& path, const std::string& token) {
  std::error_code ec;
  // Checked before opening: a FIFO in the cache's place would block the open.
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  const std::uint64_t file_size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  Opened file{std::ifstream(path, std::ios::binary), {}};
  std::string head;
  const std::uint64_t fixed = 24 + token.size() + 8;
  if (!file.in || file_size < fixed || !read_exactly(file.in, head, fixed)) return std::nullopt;
  std::size_t at = 0;
  char magic[8];
  std::uint64_t order = 0, token_size = 0, sections = 0;
  if (!flat_file::take(head, at, magic) || std::memcmp(magic, kMagic, 8) != 0) return std::nullopt;
  if (!flat_file::take(head, at, order) || order != flat_file::kOrder) return std::nullopt;
  if (!flat_file::take(head, at, token_size) || token_size != token.size()) return std::nullopt;
  if (head.compare(at, token.size(), token) != 0) return std::nullopt;
  at += token.size();
  if (!flat_file::take(head, at, sections) || sections > kMostSections) return std::nullopt;
  std::string directory;
  if (!read_exactly(file.in, directory, sections * sizeof(Entry))) return std::nullopt;
  at = 0;
  std::uint64_t total = fixed + sections * sizeof(Entry);
  for (std::uint64_t i = 0; i < sections; ++i) {
    Entry entry;
    flat_file::take(directory, at, entry);
    if (entry.size > file_size - std::min(total, file_size)) return std::nullopt;
    total += entry.size;
    file.entries.push_back(entry);
  }
  if (total != file_size) return std::nullopt;
  return file;
}

// The bytes of section `kind`, checked against their checksum.
std::optional<std::string> read_section(const std::string& path, const std::string& token,
                                        std::uint64_t kind) {
  try {
    auto file = open(path, token);
    if (!file) return std::nullopt;
    std::string bytes;
    for (const Entry& entry : file->entries) {
      if (entry.kind != kind) {
        file->in.seekg(static_cast<std::streamoff>(entry.size), std::ios::cur);
        continue;
      }
      if (!read_exactly(file->in, bytes, entry.size)) return std::nullopt;
      if (flat_file::checksum(bytes.data(), bytes.size()) != entry.sum) return std::nullopt;
      return bytes;
    }
    return std::nullopt;
  } catch (const std::exception&) {  // bad_alloc on a size the file claims
    return std::nullopt;
  }
}

// Writes the file with section `kind` set to `payload`, keeping the other sections of a file
// that is `token`'s and whole.
bool write_section(const std::string& path, const std::string& token, std::uint64_t kind,
                   std::string payload) {
  try {
    std::vector<std::pair<std::uint64_t, std::string>> sections;
    if (auto file = open(path, token)) {
      for (const Entry& entry : file->entries) {
        std::string bytes;
        if (!read_exactly(file->in, bytes, entry.size) ||
            flat_file::checksum(bytes.data(), bytes.size()) != entry.sum) {
          sections.clear();
          break;
        }
        if (entry.kind != kind) sections.emplace_back(entry.kind, std::move(bytes));
      }
    }
    sections.emplace_back(kind, std::move(payload));
    std::sort(sections.begin(), sections.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::string out;
    out.append(kMagic, 8);
    flat_file::put(out, flat_file::kOrder);
    flat_file::put(out, static_cast<std::uint64_t>(token.size()));
    out += token;
    flat_file::put(out, static_cast<std::uint64_t>(sections.size()));
    for (const auto& [k, bytes] : sections) {
      flat_file::put(out, Entry{k, bytes.size(), flat_file::checksum(bytes.data(), bytes.size())});
    }
    for (auto& section : sections) {
      out += section.second;
      std::string().swap(section.second);
    }
    write_file_atomically(path, out);
    return true;
  } catch (const std::exception&) {  // Error from the write, bad_alloc
    return false;
  }
}

}  // namespace

std::string path_of(const std::string& project_path) {
  if (project_path.empty() || project_path == ":memory:" || project_path.rfind("file:", 0) == 0) {
    return {};
  }
  return project_path + "-structure";
}

std::int64_t minimum() { return flat_file::minimum("INZICHT_STRUCTURE_CACHE_MIN", 200000); }

std::optional<UnitRows> read_units(const std::string& path, const std::string& token,
                                   model::Unit kind) {
  const auto k = kind_of(kind);
  if (!k) return std::nullopt;
  const auto bytes = read_section(path, token, *k);
  if (!bytes) return std::nullopt;
  std::size_t at = 0;
  std::uint64_t rows = 0;
  if (!flat_file::take(*bytes, at, rows) || rows != (bytes->size() - at) / sizeof(UnitRecord) ||
      (bytes->size() - at) % sizeof(UnitRecord) != 0) {
    return std::nullopt;
  }
  UnitRows out;
  out.document_ids.reserve(rows);
  out.spans.reserve(rows);
  out.roles.reserve(rows);
  for (std::uint64_t i = 0; i < rows; ++i) {
    UnitRecord r;
    flat_file::take(*bytes, at, r);
    if (r.start > r.end || r.role > static_cast<std::uint32_t>(model::Role::respondent)) {
      return std::nullopt;
    }
    out.document_ids.push_back(r.document);
    out.spans.push_back({r.start, r.end});
    out.roles.push_back(static_cast<model::Role>(r.role));
  }
  return out;
}

bool write_units(const std::string& path, const std::string& token, model::Unit kind,
                 const UnitRows& rows) {
  const auto k = kind_of(kind);
  if (!k || rows.spans.size() != rows.document_ids.size() ||
      rows.roles.size() != rows.document_ids.size()) {
    return false;
  }
  std::string payload;
  payload.reserve(8 + rows.spans.size() * sizeof(UnitRecord));
  flat_file::put(payload, static_cast<std::uint64_t>(rows.spans.size()));
  for (std::size_t i = 0; i < rows.spans.size(); ++i) {
    const Span span = rows.spans[i];
    if (!flat_file::fits(rows.document_ids[i]) || !flat_file::fits(span.start) ||
        !flat_file::fits(span.end)) {
      return false;
    }
    flat_file::put(payload, UnitRecord{static_cast<std::uint32_t>(rows.document_ids[i]),
                                       static_cast<std::uint32_t>(span.start),
                                       static_cast<std::uint32_t>(span.end),
                                       static_cast<std::uint32_t>(rows.roles[i])});
  }
  return write_section(path, token, *k, std::move(payload));
}

std::optional<Words> read_words(const std::string& path, const std::string& token) {
  const auto bytes = read_section(path, token, kWords);
  if (!bytes) return std::nullopt;
  std::size_t at = 0;
  std::uint64_t documents = 0;
  if (!flat_file::take(*bytes, at, documents) || documents > (bytes->size() - at) / 8) {
    return std::nullopt;
  }
  std::vector<WordBlocks> counts(documents);
  std::uint64_t total = 0;
  for (WordBlocks& entry : counts) {
    flat_file::take(*bytes, at, entry);
    total += entry.blocks;
  }
  if (total != (bytes->size() - at) / 8 || (bytes->size() - at) % 8 != 0) return std::nullopt;
  Words out;
  out.reserve(documents);
  for (const auto& [id, blocks] : counts) {
    std::vector<std::uint64_t> bits(blocks);
    std::memcpy(bits.data(), bytes->data() + at, std::size_t{blocks} * 8);
    at += std::size_t{blocks} * 8;
    out.emplace_back(id, text::WordIndex::from_blocks(std::move(bits)));
  }
  return out;
}

bool write_words(const std::string& path, const std::string& token, const Words& words) {
  std::string payload;
  std::size_t total = 0;
  for (const auto& [id, index] : words) total += index.blocks().size();
  payload.reserve(8 + words.size() * 8 + total * 8);
  flat_file::put(payload, static_cast<std::uint64_t>(words.size()));
  for (const auto& [id, index] : words) {
    const auto blocks = static_cast<std::int64_t>(index.blocks().size());
    if (!flat_file::fits(id) || !flat_file::fits(blocks)) return false;
    flat_file::put(payload,
                   WordBlocks{static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(blocks)});
  }
  for (const auto& [id, index] : words) {
    payload.append(reinterpret_cast<const char*>(index.blocks().data()), index.blocks().size() * 8);
  }
  return write_section(path, token, kWords, std::move(payload));
}

}  // namespace inzicht::store::structure_cache
