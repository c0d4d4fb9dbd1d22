#pragma once
// Importing transcript files into a project: each file all or nothing, a batch carrying
// on past a bad file. This is the one place where importers meet the store.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/document_builder.hpp"
#include "model/document.hpp"
#include "base/progress.hpp"
#include "store/project.hpp"

namespace inzicht::importers {

struct ImportOptions {
  TurnOptions turns;
  std::optional<std::string> case_name;  // default: the file stem
  std::optional<std::string> group;      // sets the case attribute "group"
  std::optional<std::string> encoding;   // force a text encoding (ICU converter name)
  bool replace = false;                  // replace a changed file of the same name
};

enum class ImportStatus { imported, replaced, unchanged, failed };
const char* to_string(ImportStatus status);

struct ImportResult {
  std::string path;
  ImportStatus status = ImportStatus::failed;
  std::string document;  // the document name
  std::string case_name;
  std::string message;   // why it failed or was skipped
  std::size_t turns = 0;
  std::int64_t codings_moved = 0;
};

// The extensions inzicht imports: txt, md, docx, odt, srt, vtt.
bool is_supported(const std::filesystem::path& file);

// Reads one transcript file into a document named after the file. Throws InputError
// naming the file for anything unreadable.
model::Document read_document(const std::filesystem::path& file, const TurnOptions& turns,
                              const std::optional<std::string>& encoding = std::nullopt);

// Imports files and directories (recursing over supported files, in name order). A
// missing path or a bad file is a failed result; the others still import.
std::vector<ImportResult> import_paths(store::Project& project,
                                       const std::vector<std::string>& paths,
                                       const ImportOptions& options,
                                       Progress* progress = nullptr);

// Where each coding of an old version of a text goes in the new one: its quoted text,
// found exactly, at the occurrence nearest to where it was. Codings whose text is gone
// are listed in `lost`.
struct Relocation {
  std::map<std::int64_t, Span> moved;
  std::vector<std::int64_t> lost;
};
Relocation relocate_codings(const std::string& old_text, const std::string& new_text,
                            const std::vector<store::StoredCoding>& codings);

}  // namespace inzicht::importers
