#include "importers/import_batch.hpp"

#include <algorithm>
#include <exception>
#include <fstream>
#include <functional>
#include <set>
#include <unordered_map>

#include "base/error.hpp"
#include "base/ordered_work.hpp"
#include "base/utf8.hpp"
#include "importers/content_hash.hpp"
#include "importers/fillers.hpp"
#include "importers/layouts.hpp"
#include "importers/office_readers.hpp"
#include "importers/readers.hpp"
#include "importers/speaker_labels.hpp"
#include "importers/transcript_readers.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxListed = 50;  // coding ids named in one message

model::Document document_from_bytes(std::string bytes, const fs::path& file,
                                    const TurnOptions& turns,
                                    const std::optional<std::string>& encoding,
                                    bool clean_fillers);

std::string extension_of(const fs::path& file) {
  std::string ext = file.extension().string();
  if (!ext.empty()) ext.erase(0, 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

// A path as text for names and messages. File names are bytes: one that is not UTF-8
// (`bad\xff.txt` from an old Latin-1 disk) is turned into valid UTF-8 here, at the edge,
// so that no name in the project, listing or JSON output is ever invalid. The file itself
// is read by its path as it was.
std::string shown(const fs::path& path) { return inzicht::escape_invalid_utf8(path.string()); }

std::string read_bytes(const fs::path& file) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) throw InputError(shown(file) + ": cannot read: " + ec.message());
  if (!fs::is_regular_file(file, ec)) {
    throw InputError(shown(file) + ": not a regular file (a directory, device or pipe)");
  }
  if (size > kMaxFileBytes) {
    throw InputError(shown(file) + ": " + std::to_string(size >> 20) +
                     " MiB is larger than the limit of " + std::to_string(kMaxFileBytes >> 20) +
                     " MiB for one transcript");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(shown(file) + ": cannot open for reading");
  std::string bytes(size, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (in.gcount() != static_cast<std::streamsize>(size)) {
    throw InputError(shown(file) + ": could not read the whole file");
  }
  return bytes;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return text.substr(first, last - first + 1);
}

// A file name without spaces at either end of its stem (" L01 .docx" → "L01.docx").
std::string trimmed_name(const std::string& name) {
  const fs::path path(trim(name));
  const std::string stem = trim(path.stem().string());
  return stem.empty() ? trim(name) : stem + path.extension().string();
}

bool is_readme(const fs::path& file) {
  std::string stem = trimmed_name(file.stem().string());
  std::transform(stem.begin(), stem.end(), stem.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return stem == "readme";
}

// A file to import, its path under the directory it was found in (its name when named on
// its own), and the document name it gets.
struct Found {
  fs::path file;
  std::string relative;
  std::string name;
  std::uintmax_t bytes = 0;  // its size when found, to bound the files read ahead
};

// Supported files under each path, each once, directories in name order.
std::vector<Found> collect(const std::vector<std::string>& paths,
                           std::vector<ImportResult>& results) {
  std::vector<Found> files;
  std::set<fs::path> seen;
  const auto add = [&](const fs::path& file, const fs::path& relative) {
    if (!seen.insert(fs::weakly_canonical(file)).second) return;
    std::string under;
    for (const auto& part : relative) {
      under += (under.empty() ? "" : "/") + trimmed_name(shown(part));
    }
    std::error_code size_error;
    const std::uintmax_t bytes = fs::file_size(file, size_error);
    files.push_back({file, under, trimmed_name(shown(file.filename())), size_error ? 0 : bytes});
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
      if (ec) {
        results.push_back({shown(path), ImportStatus::failed, "", "",
                            shown(path) + ": " + ec.message()});
      }
      std::sort(found.begin(), found.end());
      for (const auto& file : found) {
        if (is_readme(file)) {
          results.push_back({shown(file), ImportStatus::skipped, "", "",
                             "a README, not a transcript (name the file to import it)"});
          continue;
        }
        add(file, file.lexically_relative(path));
      }
    } else if (fs::is_regular_file(path, ec)) {
      if (!is_supported(path)) {
        results.push_back({shown(path), ImportStatus::failed, "", "",
                            shown(path) + ": unsupported file type (inzicht imports " +
                                supported_extensions() + ")"});
      } else {
        add(path, fs::path(path).filename());
      }
    } else if (fs::exists(path, ec)) {
      results.push_back({shown(path), ImportStatus::failed, "", "",
                          shown(path) + ": not a regular file or directory (a device or pipe)"});
    } else {
      results.push_back(
          {shown(path), ImportStatus::failed, "", "", shown(path) + ": no such file or directory"});
    }
  }
  // Names that collide within the batch become paths under the imported directory.
  std::map<std::string, int> uses;
  for (const Found& found : files) ++uses[found.name];
  for (Found& found : files) {
    if (uses[found.name] > 1 && found.relative != found.name) found.name = found.relative;
  }
  return files;
}

bool same_structure(const model::Document& a, const model::Document& b) {
  if (a.turns.size() != b.turns.size() || a.paragraphs.size() != b.paragraphs.size() ||
      a.sentences.size() != b.sentences.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.turns.size(); ++i) {
    const model::Turn& x = a.turns[i];
    const model::Turn& y = b.turns[i];
    if (x.speaker != y.speaker || x.role != y.role || x.span != y.span || x.time_ms != y.time_ms) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
    if (a.paragraphs[i].span != b.paragraphs[i].span ||
        a.paragraphs[i].turn != b.paragraphs[i].turn) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.sentences.size(); ++i) {
    if (a.sentences[i].span != b.sentences[i].span) return false;
  }
  return true;
}

std::size_t named_speakers(const model::Document& document) {
  std::set<std::string> names;
  for (const model::Turn& turn : document.turns) {
    if (!turn.speaker.empty()) names.insert(turn.speaker);
  }
  return names.size();
}

// The respondents' speaker labels of `document`, each once, in order of appearance.
std::vector<std::string> respondent_speakers(const model::Document& document) {
  std::vector<std::string> names;
  for (const model::Turn& turn : document.turns) {
    if (turn.role == model::Role::respondent && !turn.speaker.empty() &&
        std::find(names.begin(), names.end(), turn.speaker) == names.end()) {
      names.push_back(turn.speaker);
    }
  }
  return names;
}

// With a case per speaker: which speakers' cases the document gets, and a warning for each
// that joins a case of that name the project already had from elsewhere (two people of
// one label in two focus groups would otherwise become one case without a word).
// `case_names`: the project's cases as the import found them, with those it has made since.
void note_speaker_cases(const std::set<std::string>& case_names, const model::Document& document,
                        const std::optional<store::DocumentSummary>& existing,
                        ImportResult& result) {
  result.speaker_cases = respondent_speakers(document);
  if (result.speaker_cases.empty()) {
    result.warnings.push_back("--case-per-speaker: no respondent in " + document.name +
                              " has a speaker label, so all of it stays with case " +
                              result.case_name);
    return;
  }
  const std::vector<std::string> own =
      existing && existing->case_per_speaker ? existing->speakers : std::vector<std::string>{};
  std::vector<std::string> joining;
  for (const std::string& speaker : result.speaker_cases) {
    if (case_names.count(speaker) && speaker != result.case_name &&
        std::find(own.begin(), own.end(), speaker) == own.end()) {
      joining.push_back(speaker);
    }
  }
  if (joining.empty()) return;
  std::string names;
  for (const std::string& name : joining) names += (names.empty() ? "'" : ", '") + name + "'";
  result.warnings.push_back(
      (joining.size() == 1 ? "speaker " + names + " of " + document.name + " joins the case"
                           : "speakers " + names + " of " + document.name + " join the cases") +
      " of that name the project already had; if they are other people, give them other labels");
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

// What is made of one file before the project is touched, on a worker thread: its hash
// and, when it may be written, the document read from it; or what went wrong.
struct Prepared {
  std::string hash;
  std::optional<model::Document> document;
  std::exception_ptr read_error;   // reading the file failed: the file fails
  std::exception_ptr build_error;  // reading the document failed: it fails if it is needed
};

// `stored`: each document's content hash by name, as the project had them before the
// batch. A file whose document is stored already is not read into a document unless
// --replace or --case-per-speaker may need one: import_one needs none.
Prepared prepare(const Found& found, const ImportOptions& options,
                 const std::map<std::string, std::string>& stored) {
  Prepared prepared;
  std::string bytes;
  try {
    bytes = read_bytes(found.file);
    prepared.hash = sha256_hex(bytes);
  } catch (...) {
    prepared.read_error = std::current_exception();
    return prepared;
  }
  if (!options.replace && !options.case_per_speaker && stored.count(found.name)) return prepared;
  try {
    // The bytes already read for the hash: a large transcript is not read twice.
    prepared.document = document_from_bytes(std::move(bytes), found.file, options.turns,
                                            options.encoding, options.clean_fillers);
    prepared.document->name = found.name;
    if (prepared.document->turns.empty()) {
      throw InputError(shown(found.file) + ": no text to import");
    }
  } catch (...) {
    prepared.document.reset();
    prepared.build_error = std::current_exception();
  }
  return prepared;
}

ImportResult import_one(store::Project& project, const Found& found, Prepared prepared,
                        const ImportOptions& options,
                        std::map<std::string, std::string>& names_by_hash,
                        std::set<std::string>& case_names) {
  const fs::path& file = found.file;
  ImportResult result;
  result.path = shown(file);
  if (prepared.read_error) std::rethrow_exception(prepared.read_error);
  const std::string hash = prepared.hash;
  const std::string& name = found.name;
  result.document = name;
  result.case_name =
      options.case_name.value_or(fs::path(name).replace_extension().generic_string());
  const auto existing = project.find_document(name);
  // A case per speaker asked for a file imported without one: split it anew.
  const bool to_speakers = options.case_per_speaker && existing && !existing->case_per_speaker;
  if (existing && existing->content_hash == hash && !options.replace && !to_speakers) {
    result.status = ImportStatus::unchanged;
    result.case_name = existing->case_name;
    result.message = "unchanged since its import on " + existing->imported_at;
    return result;
  }
  if (existing && existing->content_hash != hash && !options.replace) {
    throw InputError(name + ": a different version is already in the project (imported " +
                     existing->imported_at + "); use --replace to replace it");
  }
  if (prepared.build_error) std::rethrow_exception(prepared.build_error);
  if (!prepared.document) {
    // Named twice in one batch: prepared as stored before the batch, which it no longer is.
    prepared = prepare(found, options, {});
    if (prepared.read_error) std::rethrow_exception(prepared.read_error);
    if (prepared.build_error) std::rethrow_exception(prepared.build_error);
  }
  model::Document document = std::move(*prepared.document);
  result.turns = document.turns.size();
  // Charset detection is a guess; say so, where the researcher can check the text.
  if (!options.encoding && document.encoding != "UTF-8" &&
      document.encoding.rfind("UTF-16", 0) != 0) {
    result.warnings.push_back("not UTF-8: read as " + document.encoding +
                              ", a guess; check the text, or import again with --encoding");
  }
  if (auto why = unsplit_turns(document.length, document.turns.size(), named_speakers(document))) {
    result.warnings.push_back(*why + " in " + name + "; see --speaker-pattern");
  }
  const auto same = names_by_hash.find(hash);
  if (same != names_by_hash.end() && same->second != name) {
    result.warnings.push_back(name + ": same content as " + same->second);
  }
  const bool per_speaker = options.case_per_speaker || (existing && existing->case_per_speaker);
  if (per_speaker) {
    if (existing) result.case_name = existing->case_name;
    note_speaker_cases(case_names, document, existing, result);
  }
  if (existing && existing->content_hash == hash) {
    // --replace on an unchanged file: split it anew with the options given; the text is
    // the same, so every coding keeps its place.
    const model::Document old = project.load_document(name);
    result.case_name = existing->case_name;
    if (same_structure(old, document) && !to_speakers) {
      result.warnings.clear();
      result.speaker_cases.clear();
      result.status = ImportStatus::unchanged;
      result.message = "unchanged since its import on " + existing->imported_at;
      return result;
    }
    std::map<std::int64_t, Span> moved;
    for (const store::StoredCoding& coding : project.codings_of(name)) {
      moved[coding.id] = coding.span;
    }
    const store::DocumentSource source{existing->case_name, fs::absolute(file).string(), hash,
                                       per_speaker};
    project.replace_document(document, source, options.group, moved);
    result.status = ImportStatus::resplit;
    result.codings_moved = static_cast<std::int64_t>(moved.size());
    return result;
  }
  const store::DocumentSource source{result.case_name, fs::absolute(file).string(), hash,
                                     per_speaker};
  if (!existing) {
    project.add_document(document, source, options.group);
    names_by_hash.emplace(hash, name);
    result.status = ImportStatus::imported;
    return result;
  }
  const auto codings = project.codings_of(name);
  const model::Document old = project.load_document(name);
  Relocation relocation = relocate_codings(old.text, document.text, codings);
  std::vector<std::int64_t> dropped = relocation.lost;
  for (const AmbiguousCoding& coding : relocation.ambiguous) dropped.push_back(coding.id);
  std::sort(dropped.begin(), dropped.end());
  if (!dropped.empty() && !options.force) {
    const auto list = [](const std::vector<std::int64_t>& ids) {
      std::string text;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i == kMaxListed) return text + ", … (" + std::to_string(ids.size()) + " in all)";
        text += (i ? ", " : "") + std::to_string(ids[i]);
      }
      return text;
    };
    std::string why;
    if (!relocation.lost.empty()) {
      why = "the text of " + std::to_string(relocation.lost.size()) +
            " coding(s) is not in the new version (coding ids " + list(relocation.lost) + ")";
    }
    if (!relocation.ambiguous.empty()) {
      std::vector<std::int64_t> ids;
      for (const AmbiguousCoding& coding : relocation.ambiguous) ids.push_back(coding.id);
      const AmbiguousCoding& first = relocation.ambiguous.front();
      std::string quote = first.quote.size() > 60 ? first.quote.substr(0, 60) + "…" : first.quote;
      why += std::string(why.empty() ? "" : "; ") + std::to_string(ids.size()) +
             " coding(s) could not be placed without doubt, their text being found " +
             "more than once or with other words around it (coding ids " + list(ids) +
             "; coding " + std::to_string(first.id) + " quotes \"" +
             inzicht::escape_invalid_utf8(quote) + "\", found " +
             std::to_string(first.occurrences) + " time(s))";
    }
    throw InputError(name + ": not replaced: " + why +
                     ". Code them again after replacing with --replace --force, which drops "
                     "them");
  }
  project.replace_document(document, source, options.group, relocation.moved, dropped);
  result.codings_dropped = dropped;
  names_by_hash.emplace(hash, name);
  result.status = ImportStatus::replaced;
  result.codings_moved = static_cast<std::int64_t>(relocation.moved.size());
  return result;
}

}  // namespace

const char* to_string(ImportStatus status) {
  switch (status) {
    case ImportStatus::imported: return "imported";
    case ImportStatus::replaced: return "replaced";
    case ImportStatus::resplit:
      return "resplit";
    case ImportStatus::unchanged: return "unchanged";
    case ImportStatus::skipped:
      return "skipped";
    case ImportStatus::failed: return "failed";
  }
  return "failed";
}

namespace {

const std::vector<std::string>& extensions() {
  static const std::vector<std::string> all = {"txt", "md",  "docx", "odt",  "rtf", "pdf",
                                               "srt", "vtt", "json", "tsv", "html", "htm"};
  return all;
}

}  // namespace

std::string supported_extensions() {
  std::string list;
  for (const std::string& ext : extensions()) list += (list.empty() ? "." : " .") + ext;
  return list;
}

bool is_supported(const fs::path& file) {
  const std::string ext = extension_of(file);
  return std::find(extensions().begin(), extensions().end(), ext) != extensions().end();
}

model::Document read_document(const fs::path& file, const TurnOptions& turns,
                              const std::optional<std::string>& encoding, bool clean_fillers) {
  return document_from_bytes(read_bytes(file), file, turns, encoding, clean_fillers);
}

namespace {

// Takes the bytes to free them once read: the builder and the store then work without
// a copy of the whole file beside them.
model::Document document_from_bytes(std::string bytes, const fs::path& file,
                                    const TurnOptions& turns,
                                    const std::optional<std::string>& encoding,
                                    bool clean_fillers) {
  const std::string source = shown(file.filename());
  const std::string format = extension_of(file);
  Extracted extracted;
  if (format == "txt" || format == "md") {
    extracted = read_owned_text(std::move(bytes), source, encoding);
  } else if (format == "docx") {
    extracted = read_docx(bytes, source);
  } else if (format == "odt") {
    extracted = read_odt(bytes, source);
  } else if (format == "rtf") {
    extracted = read_rtf(bytes, source);
  } else if (format == "pdf") {
    extracted = read_pdf(bytes, source);
  } else if (format == "srt") {
    extracted = read_srt(bytes, source, encoding);
  } else if (format == "vtt") {
    extracted = read_vtt(bytes, source, encoding);
  } else if (format == "json") {
    extracted = read_json(bytes, source);
  } else if (format == "tsv") {
    extracted = read_tsv(bytes, source, encoding);
  } else if (format == "html" || format == "htm") {
    extracted = read_html(bytes, source, encoding);
  } else {
    throw InputError(shown(file) + ": unsupported file type");
  }
  std::string().swap(bytes);
  // A custom pattern is the researcher's reading of the labels; it overrides ours.
  if (!turns.speaker_pattern) recognise_text_layout(extracted, format);
  merge_repeated_speakers(extracted);
  if (clean_fillers) remove_fillers(extracted);
  return build_document(std::move(extracted), source, format, turns);
}

// What a project's language is told from. detect_language reads the first 20,000 bytes of
// a text, so of a plain text only its first 64 KB of lines are built: the whole of a 52 MB
// transcript was otherwise read, split and segmented twice (2.2 s of 7.7 s).
model::Document document_start(const fs::path& file, const ImportOptions& options) {
  const std::string format = extension_of(file);
  if (format != "txt" && format != "md")
    return read_document(file, options.turns, options.encoding);
  constexpr std::size_t kStartBytes = std::size_t{64} << 10;
  std::string text = text::decode(read_bytes(file), shown(file.filename()), options.encoding).utf8;
  if (text.size() > kStartBytes) {
    std::size_t cut = text.rfind('\n', kStartBytes);
    if (cut == std::string::npos) {
      cut = kStartBytes;  // no line break: at a code point
      while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    }
    text.resize(cut);
  }
  return document_from_bytes(std::move(text), file, options.turns, "UTF-8", false);
}

}  // namespace

std::optional<std::string> unsplit_turns(Offset length, std::size_t turns, std::size_t speakers) {
  if (length < kLongDocument) return std::nullopt;
  if (speakers == 0) {
    return "no speaker labels recognised: " + std::to_string(turns) +
           (turns == 1 ? " turn" : " turns");
  }
  if (turns == 1) return std::string("only 1 turn");
  return std::nullopt;
}

namespace {

// Files are read, decoded and split (the per-file work) on worker threads (OrderedWork),
// ahead of the one thread that writes them to the project in order: a file's document id,
// and so every output, is the same as with one thread. At most kMaxAhead files and
// kMaxAheadBytes of files are in hand ahead of the writer (but always the next file it
// waits for), so that memory stays bounded however large the folder.
constexpr std::size_t kMaxAhead = 16;
constexpr std::uintmax_t kMaxAheadBytes = std::uintmax_t{64} << 20;

// A batch's transaction ends after this many bytes of document text: the full-text rows
// of a batch wait in memory for its commit, and a crash loses the batch.
constexpr std::size_t kBatchTextBytes = std::size_t{32} << 20;

// Rolls back a batch left open by an exception.
struct BatchGuard {
  store::Project& project;
  ~BatchGuard() { project.rollback_documents(); }
};

bool written(ImportStatus status) {
  return status == ImportStatus::imported || status == ImportStatus::replaced ||
         status == ImportStatus::resplit;
}

}  // namespace

std::vector<ImportResult> import_paths(store::Project& project,
                                       const std::vector<std::string>& paths,
                                       const ImportOptions& options, Progress* progress) {
  // A bad pattern fails the whole command, even when every file is unchanged.
  const SpeakerLabels check(options.turns.interviewers, options.turns.speaker_pattern);
  std::vector<ImportResult> results;
  const std::vector<Found> files = collect(paths, results);
  // A project without a language takes the one its first transcripts are written in.
  ImportOptions effective = options;
  std::optional<std::string> language = project.setting("language");
  const bool had_language = language.has_value();
  if (!language) {
    for (std::size_t i = 0; i < files.size() && i < 5 && !language; ++i) {
      try {
        language = text::detect_language(document_start(files[i].file, options).text);
      } catch (const Error&) {
        // import_one reports it
      }
    }
  }
  effective.turns.language = language.value_or("nl");
  std::set<std::string> case_names;  // for the warning of a case per speaker
  for (const store::CaseRow& row : project.case_rows()) case_names.insert(row.name);
  std::map<std::string, std::string> names_by_hash;
  std::map<std::string, std::string> stored;  // content hash by document name
  for (const auto& [hash, name] : project.document_hashes()) {
    names_by_hash.emplace(hash, name);
    stored.emplace(name, hash);
  }
  OrderedWork<std::size_t, Prepared> preparer(
      [&](const std::size_t& i) { return prepare(files[i], effective, stored); },
      worker_threads(options.threads, files.size()));
  std::size_t pushed = 0;          // files handed to the workers
  std::uintmax_t ahead_bytes = 0;  // of those not taken yet

  // Many files to a transaction, each in a savepoint of its own (Project::begin_documents):
  // a transaction per file cost more than reading the file.
  bool language_set = had_language;
  std::vector<std::size_t> batch;  // results written in the open batch
  std::size_t batch_bytes = 0;
  const BatchGuard guard{project};
  const auto commit = [&] {
    try {
      const bool any = std::any_of(batch.begin(), batch.end(), [&](std::size_t r) {
        return results[r].status == ImportStatus::imported;
      });
      if (any && !language_set) project.set_setting("language", effective.turns.language);
      project.commit_documents();
      language_set = language_set || any;
    } catch (const Error& e) {
      // None of the batch is in the project: each of its files failed.
      project.rollback_documents();
      for (const std::size_t r : batch) {
        results[r].status = ImportStatus::failed;
        results[r].message = results[r].path + ": not imported: " + e.what();
        results[r].warnings.clear();
      }
    }
    batch.clear();
    batch_bytes = 0;
  };
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (progress) progress->step(i, files.size(), files[i].name);
    while (pushed < files.size() &&
           (pushed == i ||
            (pushed - i < kMaxAhead && ahead_bytes + files[pushed].bytes <= kMaxAheadBytes))) {
      ahead_bytes += files[pushed].bytes;
      preparer.push(pushed++);
    }
    Prepared prepared = preparer.take();
    ahead_bytes -= files[i].bytes;
    const std::size_t text_bytes = prepared.document ? prepared.document->text.size() : 0;
    try {
      project.begin_documents();  // if not open yet
      results.push_back(
          import_one(project, files[i], std::move(prepared), effective, names_by_hash, case_names));
      if (written(results.back().status)) {
        case_names.insert(results.back().case_name);
        case_names.insert(results.back().speaker_cases.begin(), results.back().speaker_cases.end());
        batch.push_back(results.size() - 1);
        batch_bytes += text_bytes;
      }
    } catch (const Error& e) {
      results.push_back(
          {shown(files[i].file), ImportStatus::failed, files[i].name, "", e.what()});
    }
    if (batch_bytes >= kBatchTextBytes) commit();
  }
  commit();
  if (progress) progress->finish();
  return results;
}

namespace {

constexpr int kContextWords = 3;          // words either side that must agree
constexpr std::size_t kContextBytes = 200;  // at most, for text without spaces

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f'; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The text before byte `at`: back to the start of the kContextWords-th word before it.
std::string_view context_before(std::string_view text, std::size_t at) {
  std::size_t from = at;
  int words = 0;
  bool in_word = false;
  while (from > 0 && at - from < kContextBytes) {
    const bool space = is_space(text[from - 1]);
    if (space && in_word && ++words == kContextWords) break;
    in_word = !space;
    --from;
  }
  while (from < at && is_continuation(text[from])) ++from;
  return text.substr(from, at - from);
}

// The text after byte `at`: up to the end of the kContextWords-th word after it.
std::string_view context_after(std::string_view text, std::size_t at) {
  std::size_t to = at;
  int words = 0;
  bool in_word = false;
  while (to < text.size() && to - at < kContextBytes) {
    const bool space = is_space(text[to]);
    if (space && in_word && ++words == kContextWords) break;
    in_word = !space;
    ++to;
  }
  while (to > at && to < text.size() && is_continuation(text[to])) --to;
  return text.substr(at, to - at);
}

bool ends_with_at(std::string_view text, std::size_t at, std::string_view tail) {
  return tail.size() <= at && text.substr(at - tail.size(), tail.size()) == tail;
}

bool starts_with_at(std::string_view text, std::size_t at, std::string_view head) {
  return at <= text.size() && text.substr(at).substr(0, head.size()) == head;
}

// A line of the changed middle that occurs once in the old middle and once in the new
// one, paired with its twin: the pairs that keep their order (the longest run in order, as
// patience diff finds them) are the lines that stayed, only shifted.
struct Anchor {
  std::size_t old_start = 0;  // bytes
  std::size_t new_start = 0;
  std::size_t length = 0;  // with its '\n'
};

std::vector<Anchor> unique_line_anchors(std::string_view old_text, std::size_t old_from,
                                        std::size_t old_to, std::string_view new_text,
                                        std::size_t new_from, std::size_t new_to) {
  // Per line: how often in each middle, and where its single occurrence starts.
  struct Seen {
    int old_count = 0;
    int new_count = 0;
    std::size_t old_start = 0;
    std::size_t new_start = 0;
  };
  std::unordered_map<std::string_view, Seen> lines;
  const auto each_line = [](std::string_view text, std::size_t from, std::size_t to,
                            const auto& visit) {
    // Whole lines only: from a line start to a line end inside [from, to).
    while (from < to && from > 0 && text[from - 1] != '\n') ++from;
    while (from < to) {
      const std::size_t newline = text.find('\n', from);
      if (newline == std::string_view::npos || newline >= to) break;
      if (newline > from) visit(text.substr(from, newline + 1 - from), from);
      from = newline + 1;
    }
  };
  each_line(old_text, old_from, old_to, [&](std::string_view line, std::size_t at) {
    Seen& seen = lines[line];
    ++seen.old_count;
    seen.old_start = at;
  });
  each_line(new_text, new_from, new_to, [&](std::string_view line, std::size_t at) {
    const auto it = lines.find(line);
    if (it == lines.end()) return;
    ++it->second.new_count;
    it->second.new_start = at;
  });
  std::vector<Anchor> pairs;
  for (const auto& [line, seen] : lines) {
    if (seen.old_count == 1 && seen.new_count == 1) {
      pairs.push_back({seen.old_start, seen.new_start, line.size()});
    }
  }
  std::sort(pairs.begin(), pairs.end(),
            [](const Anchor& a, const Anchor& b) { return a.old_start < b.old_start; });
  // The longest run increasing in new_start too (patience sorting, O(n log n)).
  std::vector<std::size_t> tails;  // index into pairs of the smallest tail per run length
  std::vector<std::ptrdiff_t> previous(pairs.size(), -1);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const auto at = std::lower_bound(
        tails.begin(), tails.end(), pairs[i].new_start,
        [&](std::size_t t, std::size_t value) { return pairs[t].new_start < value; });
    if (at != tails.begin()) previous[i] = static_cast<std::ptrdiff_t>(*(at - 1));
    if (at == tails.end()) {
      tails.push_back(i);
    } else {
      *at = i;
    }
  }
  std::vector<Anchor> kept;
  for (std::ptrdiff_t i = tails.empty() ? -1 : static_cast<std::ptrdiff_t>(tails.back()); i >= 0;
       i = previous[static_cast<std::size_t>(i)]) {
    kept.push_back(pairs[static_cast<std::size_t>(i)]);
  }
  std::reverse(kept.begin(), kept.end());
  return kept;
}

}  // namespace

Relocation relocate_codings(const std::string& old_text, const std::string& new_text,
                            const std::vector<store::StoredCoding>& codings) {
  Relocation relocation;
  const text::CodePointIndex old_index(old_text);
  const text::CodePointIndex new_index(new_text);
  // The edit lies between a common prefix and a common suffix (in bytes, backed off to
  // code-point boundaries). A coding inside the prefix stays and one inside the suffix
  // shifts by the change in length: there the text is the same, so is the place. A coding
  // that touches the changed middle goes to an occurrence of its text only when the
  // choice is unambiguous: the one occurrence whose words before and after agree with the
  // old version's (or the only occurrence, agreeing on one side). Anything else could put
  // it on another passage — the respondent quoting a colleague in the same words — so it
  // is listed as ambiguous instead of moved.
  std::size_t prefix = 0;
  const std::size_t shorter = std::min(old_text.size(), new_text.size());
  while (prefix < shorter && old_text[prefix] == new_text[prefix]) ++prefix;
  while (prefix > 0 && prefix < old_text.size() && is_continuation(old_text[prefix])) --prefix;
  std::size_t suffix = 0;
  while (suffix < shorter - prefix &&
         old_text[old_text.size() - 1 - suffix] == new_text[new_text.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && is_continuation(old_text[old_text.size() - suffix])) --suffix;
  const Offset old_prefix = old_index.offset_at_byte(prefix);
  const Offset old_suffix_start = old_index.offset_at_byte(old_text.size() - suffix);
  const Offset new_suffix_start = new_index.offset_at_byte(new_text.size() - suffix);
  // In the middle, a coding inside one line that stayed (unique_line_anchors) goes with
  // its line: its text is there, the same line in the same order, so the place is sure, and
  // a long transcript changed in two far places is not searched once per coding.
  const std::vector<Anchor> anchors = unique_line_anchors(
      old_text, prefix, old_text.size() - suffix, new_text, prefix, new_text.size() - suffix);
  const auto anchored = [&](std::size_t start_byte, std::size_t end_byte) -> const Anchor* {
    const auto after = std::upper_bound(
        anchors.begin(), anchors.end(), start_byte,
        [](std::size_t byte, const Anchor& anchor) { return byte < anchor.old_start; });
    if (after == anchors.begin()) return nullptr;
    const Anchor& anchor = *(after - 1);
    return end_byte <= anchor.old_start + anchor.length ? &anchor : nullptr;
  };
  for (const store::StoredCoding& coding : codings) {
    const Span span = coding.span;
    if (span.end <= old_prefix) {
      relocation.moved[coding.id] = span;
      continue;
    }
    if (span.start >= old_suffix_start) {
      const Offset shift = new_suffix_start - old_suffix_start;
      relocation.moved[coding.id] = {span.start + shift, span.end + shift};
      continue;
    }
    if (const Anchor* anchor =
            anchored(old_index.byte_at(span.start), old_index.byte_at(span.end))) {
      const Offset shift =
          new_index.offset_at_byte(anchor->new_start) - old_index.offset_at_byte(anchor->old_start);
      relocation.moved[coding.id] = {span.start + shift, span.end + shift};
      continue;
    }
    const std::string_view quote = old_index.slice(span);
    const std::vector<Offset> found = occurrences(new_text, new_index, std::string(quote));
    if (found.empty()) {
      relocation.lost.push_back(coding.id);
      continue;
    }
    const std::size_t old_start = old_index.byte_at(span.start);
    const std::string_view before = context_before(old_text, old_start);
    const std::string_view after = context_after(old_text, old_start + quote.size());
    std::vector<Offset> agreeing;
    std::vector<Offset> half;
    for (const Offset at : found) {
      const std::size_t byte = new_index.byte_at(at);
      const bool before_agrees = ends_with_at(new_text, byte, before);
      const bool after_agrees = starts_with_at(new_text, byte + quote.size(), after);
      if (before_agrees && after_agrees) agreeing.push_back(at);
      if (before_agrees || after_agrees) half.push_back(at);
    }
    std::optional<Offset> place;
    if (agreeing.size() == 1) {
      place = agreeing.front();
    } else if (agreeing.empty() && found.size() == 1 && half.size() == 1) {
      place = found.front();
    }
    if (!place) {
      relocation.ambiguous.push_back({coding.id, std::string(quote), found.size()});
      continue;
    }
    relocation.moved[coding.id] = {*place, *place + span.length()};
  }
  return relocation;
}

}  // namespace inzicht::importers
