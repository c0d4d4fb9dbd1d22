#pragma once
// The project file: one SQLite database (WAL, foreign keys on, schema version in
// `PRAGMA user_version`, forward-only migrations) holding cases and their attributes,
// documents with their turns, paragraphs and sentences, codes, codings, coders, memos and
// a full-text index of turns. Every SQL statement of inzicht lives in this module, behind
// this narrow interface, so a server backend can follow without a rewrite. Every
// multi-row change runs in one transaction: an exception rolls all of it back.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "model/codebook.hpp"
#include "model/document.hpp"

namespace inzicht::store {

// The schema version this build writes; files with a higher one are refused.
inline constexpr int kSchemaVersion = 2;

// A case attribute: numbers are kept as numbers so they sort and compare as such.
using AttributeValue = std::variant<std::int64_t, double, std::string>;
std::string to_string(const AttributeValue& value);

struct DocumentSummary {
  std::int64_t id = 0;
  std::string name;
  std::string case_name;
  std::string format;
  std::string encoding;
  std::string source_path;
  std::string content_hash;
  std::string imported_at;  // ISO 8601, UTC
  Offset length = 0;        // code points
  std::int64_t turns = 0;
  std::int64_t codings = 0;
};

struct CaseSummary {
  std::string name;
  std::int64_t documents = 0;
  std::map<std::string, AttributeValue> attributes;
};

// Where a document came from, stored beside it.
struct DocumentSource {
  std::string case_name;
  std::string source_path;
  std::string content_hash;
};

// A coding as stored, with its code and coder by name, for moving codings to a new
// version of a document.
struct StoredCoding {
  std::int64_t id = 0;
  std::int64_t code_id = 0;
  std::int64_t coder_id = 0;
  Span span;
  std::optional<std::string> memo;
  std::string created;
};

struct SearchQuery {
  std::string fts;  // an FTS5 MATCH expression (see search.hpp for building one)
  std::optional<std::string> group;
  std::int64_t limit = 50;
};

struct SearchHit {
  std::string document;
  std::string case_name;
  std::size_t turn = 0;
  std::string speaker;
  model::Role role = model::Role::respondent;
  Span turn_span;                   // in the document
  std::optional<std::int64_t> time_ms;
  std::string turn_text;            // the turn's words
  std::vector<Span> matches;        // relative to turn_text, in code points
};

// What loading a codebook into a project did, by code path.
struct CodebookMerge {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> unchanged;
  std::vector<std::string> missing;  // in the project, not in the file: kept
  std::vector<std::string> removed;  // missing and dropped (with --prune)
};

// A coding with its document, code and coder by name.
struct Coding {
  std::int64_t id = 0;
  std::string document;
  std::string case_name;
  std::string code_path;
  std::string coder;
  Span span;
  std::optional<std::string> memo;
  std::string created;
};

// A coding to add. The code is named by path.
struct NewCoding {
  std::string document;
  std::string code_path;
  std::string coder;
  Span span;
  std::optional<std::string> memo;
};

// Which codings to read or remove; empty fields do not filter. `code_paths` includes each
// code's descendants. `where` holds case attributes that must equal the given text.
struct CodingFilter {
  std::vector<std::string> code_paths;
  std::vector<std::string> coders;
  std::vector<std::string> documents;
  std::vector<std::pair<std::string, std::string>> where;
};

struct Memo {
  std::int64_t id = 0;
  std::string target_kind;  // project, case, document, code, coding
  std::string target;       // the document name, code path, coding id …
  std::string coder;
  std::string text;
  std::string created;
};

// ---- bulk reads for analysis: whole tables in one query each, keyed by row id -------

struct DocumentRow {
  std::int64_t id = 0;
  std::string name;
  std::int64_t case_id = 0;
};

struct CaseRow {
  std::int64_t id = 0;
  std::string name;
  std::map<std::string, AttributeValue> attributes;
};

struct CodeRow {
  std::int64_t id = 0;
  std::string path;
  std::optional<std::int64_t> parent_id;
  bool codable = true;
};

struct CodingRow {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::int64_t code_id = 0;
  std::int64_t coder_id = 0;
  Span span;
};

// The units text is split into, for counting co-occurrence and agreement by unit.
enum class UnitKind { sentence, paragraph, turn };

// The units of one kind, column by column: one entry per unit in each vector but `speakers`.
struct UnitRows {
  std::vector<std::int64_t> document_ids;
  std::vector<Span> spans;
  std::vector<model::Role> roles;     // of the turn the unit lies in
  std::vector<std::string> speakers;  // of the turn, as written; UnitKind::turn only, else empty
};

// ---- the change log (the workbench's edits) ------------------------------------------

// One row of codings, codes or memos as column → value; an empty optional is SQL NULL.
using Row = std::map<std::string, std::optional<AttributeValue>>;

// One step of a change on one row. Without `before` the row is inserted, without `after`
// removed; with both, the columns in `after` are set. `before` holds what the row must
// still be (the columns given) for the step to apply.
struct RowStep {
  std::string table;  // "codings", "codes" or "memos"
  std::int64_t id = 0;
  std::optional<Row> before;
  std::optional<Row> after;
};

// An edit as a coder made it: what to log and the steps that make it.
struct ChangeRecord {
  std::string coder;
  std::string kind;     // e.g. "coding.add", "code.merge"
  std::string summary;  // one line a person reads
  std::optional<std::int64_t> document_id;  // the document it touched, if one
  std::vector<RowStep> steps;
};

// What apply_change did: the log entry's id and each step's row id (a step inserting with
// id 0 gets a fresh one).
struct AppliedChange {
  std::int64_t log_id = 0;
  std::vector<std::int64_t> ids;
};

// An entry of the change log.
struct LoggedChange {
  std::int64_t id = 0;
  std::string coder;
  std::string at;  // ISO 8601, UTC
  std::string kind;
  std::string summary;
  std::optional<std::int64_t> document_id;
  std::string state;  // done, undone, dropped or note
  std::optional<std::int64_t> refers_to;  // for a note: the change undone or redone
};

// A Project is one connection to the file and is used from one thread at a time.
class Project {
 public:
  // Creates a new project file at `path` named `name`. Throws InputError if anything exists
  // at `path`, StorageError if it cannot be written.
  static Project create(const std::string& path, const std::string& name);
  // Opens an existing project, migrating an older schema forward. Throws NotFoundError if
  // `path` does not exist, InputError if it is not an inzicht project or was written by a
  // newer version.
  static Project open(const std::string& path);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const std::string& path() const;
  std::string name() const;
  int schema_version() const;

  // ---- documents -------------------------------------------------------------------
  std::optional<DocumentSummary> find_document(const std::string& name) const;
  // The document named `name`, or else the only one whose file stem is `name` ("L01" for
  // "L01.docx"). Throws NotFoundError listing near names when there is none or several.
  DocumentSummary resolve_document(const std::string& name) const;
  std::vector<DocumentSummary> documents() const;
  // The whole document with turns, paragraphs and sentences. Throws NotFoundError.
  model::Document load_document(const std::string& name) const;

  // Adds `document` under `source.case_name` (created if new) with its turns, paragraphs,
  // sentences and search index, in one transaction. `group`, when given, sets the case's
  // "group" attribute. Returns the new document id. Throws InputError if a document of
  // that name exists.
  std::int64_t add_document(const model::Document& document, const DocumentSource& source,
                            const std::optional<std::string>& group);
  // Replaces the document named `document.name` by a new version and moves its codings
  // to the spans in `moved` (id → new span), in one transaction. Every coding of the old
  // version must appear in `moved`; throws InputError otherwise.
  void replace_document(const model::Document& document, const DocumentSource& source,
                        const std::optional<std::string>& group,
                        const std::map<std::int64_t, Span>& moved);
  std::vector<StoredCoding> codings_of(const std::string& document) const;

  // ---- cases -----------------------------------------------------------------------
  std::vector<CaseSummary> cases() const;
  // Sets attributes of many cases in one transaction, creating cases that do not exist;
  // an empty optional removes that attribute. Returns the number of cases created.
  std::int64_t set_attributes(
      const std::vector<std::pair<std::string,
                                  std::map<std::string, std::optional<AttributeValue>>>>&
          rows);

  // ---- codebook --------------------------------------------------------------------
  // The project's codes in pre-order, with criteria, fields and rules.
  model::Codebook codebook() const;
  // Merges `codebook` into the project in one transaction: codes are matched by GUID, else
  // by path; a matched code takes the file's name, place and details (a rename keeps its
  // codings). Codes only in the project are kept unless `prune`, which drops them; a code
  // that has codings is never dropped without `prune`, and then its codings go too.
  // Codes without a GUID get the project's one or a new one (`new_guid` makes them).
  // Throws InputError when a parent is missing.
  CodebookMerge merge_codebook(const model::Codebook& codebook, bool prune,
                               std::string (*new_guid)());
  // Number of codings per code path (the code's own, not its descendants').
  std::map<std::string, std::int64_t> coding_counts(
      const std::vector<std::string>& coders = {}) const;

  // ---- codings ---------------------------------------------------------------------
  // Adds codings in one transaction; a coding that exists already (same document, code,
  // coder and span) is left as it is. Returns how many were new. Throws NotFoundError for
  // an unknown document or code, InputError for a code that is not codable or a span
  // outside the document. With `remove_first`, the codings it matches are removed in the
  // same transaction before adding (autocode --replace).
  std::int64_t add_codings(const std::vector<NewCoding>& codings,
                           const std::optional<CodingFilter>& remove_first = std::nullopt);
  std::vector<Coding> codings(const CodingFilter& filter) const;
  // Removes the codings with these ids, or matching `filter`; returns how many went.
  std::int64_t remove_codings(const std::vector<std::int64_t>& ids);
  std::int64_t remove_codings(const CodingFilter& filter);

  // ---- bulk reads for analysis ------------------------------------------------------
  std::vector<DocumentRow> document_rows() const;  // by id
  // Every document's length in code points, by id. Apart from document_rows because the
  // length is stored after the text: reading it reads every text.
  std::vector<std::pair<std::int64_t, Offset>> document_lengths() const;
  std::vector<CaseRow> case_rows() const;          // by id
  std::vector<CodeRow> code_rows() const;          // pre-order, as codebook()
  std::vector<std::pair<std::int64_t, std::string>> coder_rows() const;  // by id
  // The number of codings (quick: SQLite walks the smallest index).
  std::int64_t coding_count() const;
  // Calls `take` with every coding, by document id; within a document in no promised
  // order. Row by row rather than as a vector: on a million codings the copy shows.
  void read_codings(const std::function<void(const CodingRow&)>& take) const;
  // Every unit of `kind` of every document, by document id and start. A paragraph or
  // sentence whose paragraph or turn is missing is left out.
  UnitRows unit_rows(UnitKind kind) const;
  // The NFC text of the documents with these ids, by id. Throws NotFoundError for an
  // unknown id.
  std::map<std::int64_t, std::string> document_texts(const std::vector<std::int64_t>& ids) const;

  // ---- memos -----------------------------------------------------------------------
  // Adds a memo on a document (by name), code (by path) or coding (by id). Throws
  // NotFoundError when the target does not exist.
  std::int64_t add_memo(const std::string& target_kind, const std::string& target,
                        const std::string& coder, const std::string& text);
  std::vector<Memo> memos(const std::string& target_kind = {},
                          const std::string& target = {}) const;

  // ---- the change log ----------------------------------------------------------------
  // Applies every step of `change` and logs it with its inverse, in one transaction. Each
  // step's `before` must match the row as it is, and an inserted id must be free; else
  // ConflictError says which row changed meanwhile and nothing is applied. An insert with
  // id 0 takes the next free id (never one the log has used, so undo and redo bring a row
  // back under its id), and a `created` column, when missing, the time now. A new change
  // empties its coder's redo stack. Throws InputError for a table or
  // column the log does not know, InputError for a step SQLite refuses (e.g. a duplicate).
  AppliedChange apply_change(const ChangeRecord& change);
  // The row `id` of `table` (codings, codes, memos), or nothing.
  std::optional<Row> row(const std::string& table, std::int64_t id) const;
  // The rows of `table` whose `column` equals `value`, by id.
  std::vector<std::pair<std::int64_t, Row>> rows_where(const std::string& table,
                                                       const std::string& column,
                                                       std::int64_t value) const;
  // Reverses `coder`'s latest change that is done (undo) or re-applies the one undone last
  // (redo), logging a note for the feed. Returns the change undone or redone, or nothing
  // when there is none. Throws ConflictError when a row it touches changed meanwhile.
  std::optional<LoggedChange> undo(const std::string& coder);
  std::optional<LoggedChange> redo(const std::string& coder);
  // Log entries with id above `after`, oldest first, at most `limit`.
  std::vector<LoggedChange> changes_after(std::int64_t after, std::int64_t limit) const;
  // The latest log id, 0 when the log is empty.
  std::int64_t last_change() const;
  // The latest change to row `id` of `table`, if the log has one.
  std::optional<LoggedChange> last_change_of(const std::string& table, std::int64_t id) const;
  // The id of coder `name`, added if new.
  std::int64_t ensure_coder(const std::string& name);

  // ---- search ----------------------------------------------------------------------
  // Turns whose words match `query.fts`, best first. Throws InputError for a query the
  // full-text engine rejects.
  std::vector<SearchHit> search(const SearchQuery& query) const;

 private:
  struct Impl;
  explicit Project(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::store
