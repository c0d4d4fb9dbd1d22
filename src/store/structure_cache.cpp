#include "store/structure_cache.hpp"

#include <algorithm>
#include <cstring>

#include "base/error.hpp"
#include "base/files.hpp"
#include "store/flat_file.hpp"

namespace inzicht::store::structure_cache {

namespace {

// Layout, in the machine's byte order: flat_file::header | sections (8)
//   | sections × {kind, size, checksum} (8 each) | the sections' bytes, in that order.
// A units section: rows (8) | rows × UnitRecord. A words section: documents (8)
//   | documents × {id, blocks} (4 each), by id | every document's blocks of
//   text::WordIndex (8 each), in that order.
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

// The sections of the file whose bytes are `bytes` if it is `token`'s, each with its bytes
// (not yet checked against its checksum); nullopt for a file of another token or layout.
std::optional<std::vector<std::pair<Entry, std::string_view>>> sections_of(
    std::string_view bytes, const std::string& token) {
  std::size_t at = 0;
  std::uint64_t sections = 0;
  if (!flat_file::take_header(bytes, at, kMagic, token)) return std::nullopt;
  if (!flat_file::take(bytes, at, sections) || sections > kMostSections) return std::nullopt;
  std::vector<Entry> entries(sections);
  for (Entry& entry : entries) {
    if (!flat_file::take(bytes, at, entry)) return std::nullopt;
  }
  std::vector<std::pair<Entry, std::string_view>> out;
  for (const Entry& entry : entries) {
    if (entry.size > bytes.size() - at) return std::nullopt;
    out.emplace_back(entry, bytes.substr(at, entry.size));
    at += entry.size;
  }
  if (at != bytes.size()) return std::nullopt;
  return out;
}

bool intact(const std::pair<Entry, std::string_view>& section) {
  return flat_file::checksum(section.second.data(), section.second.size()) == section.first.sum;
}

// Hands `read` the bytes of section `kind`, checked against their checksum, and returns
// what it returns; nullopt when the file or the section is missing, stale or damaged.
template <typename Read>
auto read_section(const std::string& path, const std::string& token, std::uint64_t kind, Read read)
    -> decltype(read(std::string_view{})) {
  try {
    const MappedFile file(path);
    const auto sections = sections_of(file.bytes(), token);
    if (!sections) return std::nullopt;
    for (const auto& section : *sections) {
      if (section.first.kind == kind) {
        if (!intact(section)) return std::nullopt;
        return read(section.second);
      }
    }
    return std::nullopt;
  } catch (const std::bad_alloc&) {  // on a count the file claims
    return std::nullopt;
  }
}

// Writes the file with section `kind` set to `payload`, keeping the other sections of a file
// that is `token`'s and whole.
bool write_section(const std::string& path, const std::string& token, std::uint64_t kind,
                   const std::string& payload) {
  try {
    std::vector<std::pair<Entry, std::string_view>> kept;
    const MappedFile file(path);
    if (const auto sections = sections_of(file.bytes(), token)) {
      for (const auto& section : *sections) {
        if (!intact(section)) {
          kept.clear();
          break;
        }
        if (section.first.kind != kind) kept.push_back(section);
      }
    }
    kept.emplace_back(
        Entry{kind, payload.size(), flat_file::checksum(payload.data(), payload.size())}, payload);
    std::sort(kept.begin(), kept.end(),
              [](const auto& a, const auto& b) { return a.first.kind < b.first.kind; });
    std::string out = flat_file::header(kMagic, token);
    flat_file::put(out, static_cast<std::uint64_t>(kept.size()));
    for (const auto& [entry, bytes] : kept) flat_file::put(out, entry);
    for (const auto& [entry, bytes] : kept) out += bytes;
    write_file_atomically(path, out);
    return true;
  } catch (const std::exception&) {  // Error from the write, bad_alloc
    return false;
  }
}

}  // namespace

std::string path_of(const std::string& project_path) {
  return flat_file::beside(project_path, "-structure");
}

std::int64_t minimum() { return flat_file::minimum("INZICHT_STRUCTURE_CACHE_MIN", 200000); }

std::optional<UnitRows> read_units(const std::string& path, const std::string& token,
                                   model::Unit kind) {
  const auto k = kind_of(kind);
  if (!k) return std::nullopt;
  return read_section(path, token, *k, [](std::string_view bytes) -> std::optional<UnitRows> {
    std::size_t at = 0;
    std::uint64_t rows = 0;
    if (!flat_file::take(bytes, at, rows) || rows != (bytes.size() - at) / sizeof(UnitRecord) ||
        (bytes.size() - at) % sizeof(UnitRecord) != 0) {
      return std::nullopt;
    }
    UnitRows out;
    out.document_ids.reserve(rows);
    out.spans.reserve(rows);
    out.roles.reserve(rows);
    for (std::uint64_t i = 0; i < rows; ++i) {
      UnitRecord r;
      flat_file::take(bytes, at, r);
      if (r.start > r.end || r.role > static_cast<std::uint32_t>(model::Role::respondent)) {
        return std::nullopt;
      }
      out.document_ids.push_back(r.document);
      out.spans.push_back({r.start, r.end});
      out.roles.push_back(static_cast<model::Role>(r.role));
    }
    return out;
  });
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
  return write_section(path, token, *k, payload);
}

std::optional<Words> read_words(const std::string& path, const std::string& token) {
  return read_section(path, token, kWords, [](std::string_view bytes) -> std::optional<Words> {
    std::size_t at = 0;
    std::uint64_t documents = 0;
    if (!flat_file::take(bytes, at, documents) || documents > (bytes.size() - at) / 8) {
      return std::nullopt;
    }
    std::vector<WordBlocks> counts(documents);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      flat_file::take(bytes, at, counts[i]);
      if (i > 0 && counts[i].document <= counts[i - 1].document) return std::nullopt;
      total += counts[i].blocks;
    }
    if (total != (bytes.size() - at) / 8 || (bytes.size() - at) % 8 != 0) return std::nullopt;
    Words out;
    out.reserve(documents);
    for (const auto& [id, blocks] : counts) {
      std::vector<std::uint64_t> bits(blocks);
      if (blocks > 0) std::memcpy(bits.data(), bytes.data() + at, std::size_t{blocks} * 8);
      at += std::size_t{blocks} * 8;
      out.emplace_back(id, text::WordIndex::from_blocks(std::move(bits)));
    }
    return out;
  });
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
  return write_section(path, token, kWords, payload);
}

}  // namespace inzicht::store::structure_cache
