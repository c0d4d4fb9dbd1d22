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
  // With `replace`: replace even when codings cannot be placed, dropping those codings.
  bool force = false;
  bool clean_fillers = false;            // remove uh, um, eh, ehm, euh, hm from the words
  // A case per respondent speaker, named as the label (store::DocumentSource). On an
  // unchanged file already imported without it, the file is split anew with it.
  bool case_per_speaker = false;
  // Threads that read files ahead of the one that writes them (0: one per core, at most
  // 8; 1 or more: that many). The project is the same whatever the number.
  unsigned threads = 0;
};

// `resplit`: an unchanged file split into turns anew (`--replace` with other speaker
// options); `skipped`: a README file met in a directory.
enum class ImportStatus { imported, replaced, resplit, unchanged, skipped, failed };
const char* to_string(ImportStatus status);

struct ImportResult {
  std::string path;
  ImportStatus status = ImportStatus::failed;
  std::string document;  // the document name
  std::string case_name;
  std::string message;   // why it failed or was skipped
  std::size_t turns = 0;
  std::int64_t codings_moved = 0;
  std::vector<std::string> warnings{};  // imported, but worth a look: unsplit turns, duplicates
  std::vector<std::int64_t> codings_dropped = {};  // by --replace --force
  std::vector<std::string> speaker_cases = {};     // with a case per speaker, their names
};

// Why a document's turns look unsplit — a long text (at least kLongDocument code points)
// with no named speaker, or a single turn — or nullopt when they look fine. Shared by
// import's warning and the `docs` listing.
inline constexpr Offset kLongDocument = 2000;
std::optional<std::string> unsplit_turns(Offset length, std::size_t turns, std::size_t speakers);

// The extensions inzicht imports: txt, md, docx, odt, rtf, pdf, srt, vtt, json, tsv,
// html, htm.
bool is_supported(const std::filesystem::path& file);

// Reads one transcript file into a document named after the file: the reader chosen by
// extension, then the layout of a transcription service recognised in what it read (see
// layouts.hpp), filler words removed if `clean_fillers`. Throws InputError naming the
// file for anything unreadable.
model::Document read_document(const std::filesystem::path& file, const TurnOptions& turns,
                              const std::optional<std::string>& encoding = std::nullopt,
                              bool clean_fillers = false);

// The extensions, as listed in messages: ".txt .md .docx …".
std::string supported_extensions();

// Imports files and directories (recursing over supported files, in name order). A
// missing path or a bad file is a failed result; the others still import. A document is
// named after its file (spaces at either end trimmed); when two files of a batch share a
// name, each is named by its path under the directory imported ("gold/README.md"), and
// its case likewise ("gold/README"). README files met in a directory are skipped (named
// on their own, they import). A file whose bytes equal a document's under another name
// imports with a warning. Sentences follow the project's language; a project without one
// takes the language told from its first transcripts (text::detect_language, else "nl").
// Throws InputError before importing anything when the speaker pattern is bad.
std::vector<ImportResult> import_paths(store::Project& project,
                                       const std::vector<std::string>& paths,
                                       const ImportOptions& options,
                                       Progress* progress = nullptr);

// Where each coding of an old version of a text goes in the new one. A coding in the text
// before or after the edit keeps its place (shifted by the change in length); one that
// touches the edit goes to an occurrence of its quoted text only when the choice is
// unambiguous: the one occurrence whose words before and after (three either side) are
// those of the old version, or the only occurrence when one side agrees. Codings whose
// text is gone are listed in `lost`, those that could go to several places or whose
// neighbourhood changed in `ambiguous`.
struct AmbiguousCoding {
  std::int64_t id = 0;
  std::string quote;
  std::size_t occurrences = 0;  // of the quote in the new text
};
struct Relocation {
  std::map<std::int64_t, Span> moved;
  std::vector<std::int64_t> lost;
  std::vector<AmbiguousCoding> ambiguous;
};
Relocation relocate_codings(const std::string& old_text, const std::string& new_text,
                            const std::vector<store::StoredCoding>& codings);

}  // namespace inzicht::importers
