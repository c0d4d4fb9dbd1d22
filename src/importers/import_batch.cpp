#include "importers/import_batch.hpp"

#include <algorithm>
#include <fstream>
#include <set>

#include "importers/content_hash.hpp"
#include "importers/office_readers.hpp"
#include "importers/readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace fs = std::filesystem;

namespace {

std::string extension_of(const fs::path& file) {
  std::string ext = file.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

std::string read_bytes(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) throw InputError(file.string() + ": cannot read: " + ec.message());
  if (size > kMaxFileBytes) {
    throw InputError(file.string() + ": " + std::to_string(size >> 20) +
                     " MiB is larger than the limit of " + std::to_string(kMaxFileBytes >> 20) +
                     " MiB for one transcript");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot open for reading");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    throw InputError(file.string() + ": could not read the whole file");
  }
  return bytes;
}

// Supported files under each path, each once, directories in name order.
std::vector<fs::path> collect(const std::vector<std::string>& paths,
                              std::vector<ImportResult>& failures) {
  std::vector<fs::path> files;
  std::set<fs::path> seen;
  const auto add = [&](const fs::path& file) {
    if (seen.insert(fs::weakly_canonical(file)).second) files.push_back(file);
  };
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && is_supported(it->path()) &&
            it->path().filename().string().rfind("~$", 0) != 0) {  // Word's lock files
          found.push_back(it->path());
        }
      }
      if (ec) failures.push_back({path, ImportStatus::failed, "", "", ec.message()});
      std::sort(found.begin(), found.end());
      for (const auto& file : found) add(file);
    } else if (fs::is_regular_file(path, ec)) {
      if (!is_supported(path)) {
        failures.push_back({path, ImportStatus::failed, "", "",
                            "unsupported file type (inzicht imports .txt .md .docx .odt .srt "
                            ".vtt)"});
      } else {
        add(path);
      }
    } else {
      failures.push_back({path, ImportStatus::failed, "", "", "no such file or directory"});
    }
  }
  return files;
}

// All code-point offsets where `needle` starts in `haystack`.
std::vector<Offset> occurrences(const std::string& haystack, const text::CodePointIndex& index,
                                const std::string& needle) {
  std::vector<Offset> result;
  if (needle.empty()) return result;
  for (std::size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + 1)) {
    // A match must start on a code point: UTF-8 guarantees it when needle is valid UTF-8.
    result.push_back(index.offset_at_byte(at));
  }
  return result;
}

ImportResult import_one(store::Project& project, const fs::path& file,
                        const ImportOptions& options) {
  ImportResult result;
  result.path = file.string();
  const std::string bytes = read_bytes(file);
  const std::string hash = sha256_hex(bytes);
  const std::string name = file.filename().string();
  result.document = name;
  result.case_name = options.case_name.value_or(file.stem().string());
  const auto existing = project.find_document(name);
  if (existing && existing->content_hash == hash) {
    result.status = ImportStatus::unchanged;
    result.case_name = existing->case_name;
    result.message = "unchanged since its import on " + existing->imported_at;
    return result;
  }
  if (existing && !options.replace) {
    throw InputError(name + ": a different version is already in the project (imported " +
                     existing->imported_at + "); use --replace to replace it");
  }
  model::Document document = read_document(file, options.turns, options.encoding);
  if (document.turns.empty()) throw InputError(file.string() + ": no text to import");
  const store::DocumentSource source{result.case_name, fs::absolute(file).string(), hash};
  result.turns = document.turns.size();
  if (!existing) {
    project.add_document(document, source, options.group);
    result.status = ImportStatus::imported;
    return result;
  }
  const auto codings = project.codings_of(name);
  const model::Document old = project.load_document(name);
  const Relocation relocation = relocate_codings(old.text, document.text, codings);
  if (!relocation.lost.empty()) {
    std::string ids;
    for (const auto id : relocation.lost) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    throw InputError(name + ": not replaced: the text of " + std::to_string(relocation.lost.size()) +
                     " coding(s) is not in the new version (coding ids " + ids + ")");
  }
  project.replace_document(document, source, options.group, relocation.moved);
  result.status = ImportStatus::replaced;
  result.codings_moved = static_cast<std::int64_t>(relocation.moved.size());
  return result;
}

}  // namespace

const char* to_string(ImportStatus status) {
  switch (status) {
    case ImportStatus::imported: return "imported";
    case ImportStatus::replaced: return "replaced";
    case ImportStatus::unchanged: return "unchanged";
    case ImportStatus::failed: return "failed";
  }
  return "failed";
}

bool is_supported(const fs::path& file) {
  static const std::set<std::string> kSupported = {"txt", "md", "docx", "odt", "srt", "vtt"};
  return kSupported.count(extension_of(file)) > 0;
}

model::Document read_document(const fs::path& file, const TurnOptions& turns,
                              const std::optional<std::string>& encoding) {
  const std::string bytes = read_bytes(file);
  const std::string source = file.filename().string();
  const std::string format = extension_of(file);
  Extracted extracted;
  if (format == "txt" || format == "md") {
    extracted = read_text(bytes, source, encoding);
  } else if (format == "docx") {
    extracted = read_docx(bytes, source);
  } else if (format == "odt") {
    extracted = read_odt(bytes, source);
  } else if (format == "srt") {
    extracted = read_srt(bytes, source, encoding);
  } else if (format == "vtt") {
    extracted = read_vtt(bytes, source, encoding);
  } else {
    throw InputError(file.string() + ": unsupported file type");
  }
  return build_document(extracted, source, format, turns);
}

std::vector<ImportResult> import_paths(store::Project& project,
                                       const std::vector<std::string>& paths,
                                       const ImportOptions& options, Progress* progress) {
  std::vector<ImportResult> results;
  const std::vector<fs::path> files = collect(paths, results);
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (progress) progress->step(i, files.size(), files[i].filename().string());
    try {
      results.push_back(import_one(project, files[i], options));
    } catch (const Error& e) {
      results.push_back({files[i].string(), ImportStatus::failed, files[i].filename().string(),
                         "", e.what()});
    }
  }
  if (progress) progress->finish();
  return results;
}

Relocation relocate_codings(const std::string& old_text, const std::string& new_text,
                            const std::vector<store::StoredCoding>& codings) {
  Relocation relocation;
  const text::CodePointIndex old_index(old_text);
  const text::CodePointIndex new_index(new_text);
  // The edit lies between a common prefix and a common suffix (in bytes, backed off to
  // code-point boundaries). A coding in the prefix stays, one in the suffix shifts by the
  // change in length; one in between is expected at its place scaled into the new middle.
  const auto continuation = [](char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; };
  std::size_t prefix = 0;
  const std::size_t shorter = std::min(old_text.size(), new_text.size());
  while (prefix < shorter && old_text[prefix] == new_text[prefix]) ++prefix;
  while (prefix > 0 && prefix < old_text.size() && continuation(old_text[prefix])) --prefix;
  std::size_t suffix = 0;
  while (suffix < shorter - prefix &&
         old_text[old_text.size() - 1 - suffix] == new_text[new_text.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && continuation(old_text[old_text.size() - suffix])) --suffix;
  const Offset old_prefix = old_index.offset_at_byte(prefix);
  const Offset old_suffix_start = old_index.offset_at_byte(old_text.size() - suffix);
  const Offset new_suffix_start = new_index.offset_at_byte(new_text.size() - suffix);
  const Offset old_middle = old_suffix_start - old_prefix;
  const Offset new_middle = new_suffix_start - old_prefix;
  for (const store::StoredCoding& coding : codings) {
    const Offset start = coding.span.start;
    Offset expected = start;
    if (start >= old_suffix_start) {
      expected = start + (new_suffix_start - old_suffix_start);
    } else if (start > old_prefix && old_middle > 0) {
      expected = old_prefix + (start - old_prefix) * new_middle / old_middle;
    }
    const std::string quote(old_index.slice(coding.span));
    const std::vector<Offset> found = occurrences(new_text, new_index, quote);
    if (found.empty()) {
      relocation.lost.push_back(coding.id);
      continue;
    }
    const Offset best = *std::min_element(found.begin(), found.end(), [&](Offset a, Offset b) {
      return std::llabs(a - expected) < std::llabs(b - expected);
    });
    relocation.moved[coding.id] = {best, best + coding.span.length()};
  }
  return relocation;
}

}  // namespace inzicht::importers
