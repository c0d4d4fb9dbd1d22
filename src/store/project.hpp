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
#include "model/codebook_merge.hpp"
#include "model/coding.hpp"
#include "model/document.hpp"
#include "text/word_index.hpp"

namespace inzicht::store {

struct Exchange;  // exchange.hpp

// The schema version this build writes; files with a higher one are refused.
inline constexpr int kSchemaVersion = 9;

// A case attribute: numbers are kept as numbers so they sort and compare as such.
using AttributeValue = std::variant<std::int64_t, double, std::string>;
std::string to_string(const AttributeValue& value);

struct DocumentSummary {
  std::int64_t id = 0;
  std::string name;
  std::string case_name;
  std::string format;
  std::string layout;  // what the reader recognised, e.g. "Zoom WebVTT"; or ""
  std::string encoding;
  std::string source_path;
  std::string content_hash;
  std::string imported_at;  // ISO 8601, UTC
  Offset length = 0;        // code points
  std::int64_t turns = 0;
  std::int64_t codings = 0;
  std::vector<std::string> speakers;  // the named speakers of its turns, each once
  bool case_per_speaker = false;      // its respondents' turns belong to their own cases
};

struct CaseSummary {
  std::string name;
  std::int64_t documents = 0;  // those it is the case of, or holds a speaker's turns of
  std::map<std::string, AttributeValue> attributes;
};

// Where a document came from, stored beside it.
struct DocumentSource {
  std::string case_name;
  std::string source_path;
  std::string content_hash;
  // Each respondent speaker's turns belong to a case named as the speaker's label (created
  // if new, given `group` too); the rest of the document to `case_name`. A document
  // imported so stays so when replaced.
  bool case_per_speaker = false;
};

// A coding as stored, by row ids (document, code, coder), for moving codings to a new
// version of a document.
struct StoredCoding : model::CodingOf<std::int64_t> {
  std::int64_t id = 0;
  std::optional<std::string> memo;
  std::string created;
};

class StemSearch;  // search_query.hpp

struct SearchQuery {
  std::string fts;  // an FTS5 MATCH expression (search_query.hpp builds one)
  std::optional<std::string> group;
  std::int64_t limit = 50;  // turns
  // When given, `fts` is its candidates() and each turn is kept, with its matches, as it
  // decides; `limit` counts the turns kept.
  const StemSearch* stems = nullptr;
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

// A coding with its document, code and coder by name, as listed.
struct Coding : model::Coding {
  std::int64_t id = 0;
  std::string case_name;
  std::optional<std::string> memo;
  std::string created;
};

// A coding to add, with an optional memo. The code is named by path.
struct NewCoding : model::Coding {
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


// Which rule made a coding: the rule (as "CODE#N", N counted from 1, with its line when
// known), the words of the text it matched, and the version of its code's rules (a hash of
// them) at the time, so that codings made by rules since changed can be found.
struct CodingOrigin {
  std::string rule;
  std::vector<std::string> words;
  std::string rules_hash;
};

// ---- suggestions: a layer of their own, never codings until a coder accepts -------

enum class SuggestionState { pending, accepted, rejected };
const char* to_string(SuggestionState state);
// "pending", "accepted" or "rejected"; throws InputError otherwise.
SuggestionState parse_suggestion_state(const std::string& name);

// A suggestion to add: `source` is "rule" or "model"; `origin` names the rule or model
// that made it; `words` are the few words that weighed most for it.
struct NewSuggestion {
  std::string document;
  std::string code_path;
  Span span;
  double score = 0;
  std::string source;
  std::string origin;
  std::vector<std::string> words;
};

struct Suggestion {
  std::int64_t id = 0;
  std::string document;
  std::string case_name;
  std::int64_t code_id = 0;
  std::string code_path;
  Span span;
  double score = 0;
  std::string source;
  std::string origin;
  std::vector<std::string> words;
  SuggestionState state = SuggestionState::pending;
  std::string decided_by;  // coder; "" while pending
  std::string decided_at;  // ISO 8601, UTC; "" while pending
  std::string created;
};

// Which suggestions to read or decide; empty fields do not filter. `code_paths` includes
// each code's descendants.
struct SuggestionFilter {
  std::vector<std::int64_t> ids;
  std::vector<std::string> code_paths;
  std::vector<std::string> documents;
  std::string source;  // "rule", "model" or "" for both
  std::optional<SuggestionState> state;
  std::optional<double> min_score;
};

// What deciding suggestions did.
struct SuggestionDecision {
  std::int64_t decided = 0;       // suggestions whose state changed
  std::int64_t codings_added = 0;  // new codings (accepting only)
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

struct CodingRow : model::CodingOf<std::int64_t> {
  std::int64_t id = 0;
};

// The units of one kind, column by column: one entry per unit in each vector but `speakers`.
struct TurnCaseRow {
  std::int64_t document_id = 0;
  Span span;
  std::int64_t case_id = 0;
};

struct UnitRows {
  std::vector<std::int64_t> document_ids;
  std::vector<Span> spans;
  std::vector<model::Role> roles;     // of the turn the unit lies in
  std::vector<std::string> speakers;  // of the turn, as written; Unit::turn only, else empty
};

// ---- pseudonymisation: every text that holds participants' words, read and rewritten at once

struct ParticipantDocument {
  std::int64_t id = 0;
  std::string source_path;
  model::Document document;  // name, text, turns with speakers, paragraphs, sentences
  std::vector<StoredCoding> codings;
};

struct ParticipantTexts {
  std::map<std::string, std::string> meta;  // the project table: name, id, pseudonymised …
  std::vector<ParticipantDocument> documents;                   // by id
  std::vector<std::pair<std::int64_t, std::string>> cases;      // id, name
  // Text attribute values (numbers hold no names): (case id, attribute) → value.
  std::map<std::pair<std::int64_t, std::string>, std::string> attributes;
  std::vector<std::pair<std::int64_t, std::string>> memos;      // id, text
  // Codes' descriptions and details (JSON: criteria, examples quoted from transcripts).
  struct CodeTexts {
    std::int64_t id = 0;
    std::optional<std::string> description, details;
    bool operator==(const CodeTexts&) const = default;
  };
  std::vector<CodeTexts> codes;  // by id
};

// What to write back: the texts as they are to be (only what differs is written) and the
// project entries to set, or to delete when empty.
struct ParticipantRewrite {
  ParticipantTexts texts;
  std::map<std::string, std::optional<std::string>> meta;
};

// What cleaning the file after a rewrite achieved.
struct Scrub {
  bool vacuumed = false;      // VACUUM ran: no free page holds old text
  bool checkpointed = false;  // the WAL was checkpointed and truncated to 0 bytes
};

// ---- the change log (the workbench's edits) ------------------------------------------

// One row of codings, codes, memos or suggestions as column → value; an empty optional is SQL NULL.
using Row = std::map<std::string, std::optional<AttributeValue>>;

// One step of a change on one row. Without `before` the row is inserted, without `after`
// removed; with both, the columns in `after` are set. `before` holds what the row must
// still be (the columns given) for the step to apply.
struct RowStep {
  std::string table;  // "codings", "codes", "memos" or "suggestions" (updates only)
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
  enum class Access { read_write, read_only };
  // Opens an existing project, migrating an older schema forward. With `read_only` (for
  // commands that only read) it neither switches to WAL nor migrates, so a project on a
  // read-only folder or medium can be read; a project that needs migrating is then opened
  // for writing after all. Throws NotFoundError if `path` does not exist, InputError if it
  // is not a regular file, not an inzicht project, or was written by a newer version.
  static Project open(const std::string& path, Access access = Access::read_write);

  Project(Project&&) noexcept;
  Project& operator=(Project&&) noexcept;
  ~Project();

  const std::string& path() const;
  std::string name() const;
  int schema_version() const;
  // A project setting (key of the project table, e.g. "language"), or nullopt.
  std::optional<std::string> setting(const std::string& key) const;
  void set_setting(const std::string& key, const std::string& value);
  // The project's language (setting "language": init --language, detected at the first
  // import, or `inzicht language`); "nl" when none is set.
  std::string language() const;

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
  // to the spans in `moved` (id → new span), in one transaction, deleting the codings in
  // `dropped` (and their memos). Every coding of the old version must appear in `moved`
  // or `dropped`; throws InputError otherwise.
  void replace_document(const model::Document& document, const DocumentSource& source,
                        const std::optional<std::string>& group,
                        const std::map<std::int64_t, Span>& moved,
                        const std::vector<std::int64_t>& dropped = {});
  std::vector<StoredCoding> codings_of(const std::string& document) const;
  // Many documents in one transaction (an import of a folder), from begin_documents() to
  // commit_documents(): inside it, add_document and replace_document each write in a
  // savepoint of their own, so that one that throws leaves the project as it was before
  // it, and the others stay; their full-text rows wait and are written by
  // commit_documents() (or before a replace), in document order, as one stream. A crash or
  // rollback_documents() before the commit leaves none of the documents since
  // begin_documents(); closing the project with the batch open rolls it back. The
  // transaction begins with the batch's first write (a batch of unchanged files takes no
  // write lock); begin_documents() on an open batch does nothing. Throws StorageError.
  void begin_documents();
  void commit_documents();
  void rollback_documents();
  // Every document's name by its content hash (SHA-256 of the imported bytes).
  std::vector<std::pair<std::string, std::string>> document_hashes() const;
  // Removes the document named `name` with its turns, codings, memos and search rows, in
  // one transaction; its case stays, with its attributes. Returns the number of codings
  // removed. Throws NotFoundError for an unknown name.
  std::int64_t remove_document(const std::string& name);
  // Renames a document; its codings and memos stay with it. Throws NotFoundError for an
  // unknown `from`, InputError when `to` is empty or taken.
  void rename_document(const std::string& from, const std::string& to);

  // ---- cases -----------------------------------------------------------------------
  std::vector<CaseSummary> cases() const;
  // Sets attributes of many cases in one transaction, creating cases that do not exist;
  // an empty optional removes that attribute. Returns the number of cases created.
  std::int64_t set_attributes(
      const std::vector<std::pair<std::string,
                                  std::map<std::string, std::optional<AttributeValue>>>>&
          rows);

  // ---- codebook --------------------------------------------------------------------
  // The project's codes in pre-order, with criteria, fields and rules; named as the last
  // codebook loaded was (else after the project).
  model::Codebook codebook() const;
  // Merges `codebook` into the project in one transaction: `plan` (codebook::plan_merge)
  // is given the project's codes in pre-order and decides; its plan is applied. Returns
  // the plan's report. Throws what `plan` throws, with nothing changed.
  model::CodebookMerge merge_codebook(
      const model::Codebook& codebook,
      const std::function<model::CodebookPlan(const std::vector<model::StoredCode>&)>& plan);
  // Number of codings per code path (the code's own, not its descendants').
  std::map<std::string, std::int64_t> coding_counts(
      const std::vector<std::string>& coders = {}) const;

  // ---- codings ---------------------------------------------------------------------
  // Adds codings in one transaction; a coding that exists already (same document, code,
  // coder and span) is left as it is. Returns how many were new. Throws NotFoundError for
  // an unknown document or code, InputError for a code that is not codable or a span
  // outside the document. With `remove_first`, the codings it matches are removed in the
  // same transaction before adding (autocode --replace). `added_per_code` and `removed`,
  // when given, receive what this call did, counted inside its transaction, so that two
  // runs at once each report their own work. `origins`, when given, holds one origin per
  // coding (the rule that made it), stored with it (replacing an earlier origin of a coding
  // that exists already).
  std::int64_t add_codings(const std::vector<NewCoding>& codings,
                           const std::optional<CodingFilter>& remove_first = std::nullopt,
                           std::map<std::string, std::int64_t>* added_per_code = nullptr,
                           std::int64_t* removed = nullptr,
                           const std::vector<CodingOrigin>* origins = nullptr);
  // add_codings a batch at a time, for a caller that makes codings as it goes (autocode,
  // document by document): one transaction, opened (and `remove_first` applied) when the
  // writer is made, committed by commit(); a writer destroyed without it rolls back. Checks
  // and throws as add_codings, per batch. Only one writer, and no other write, at a time.
  class CodingWriter {
   public:
    explicit CodingWriter(Project& project,
                          const std::optional<CodingFilter>& remove_first = std::nullopt);
    ~CodingWriter();
    CodingWriter(const CodingWriter&) = delete;
    CodingWriter& operator=(const CodingWriter&) = delete;
    // Returns how many of `codings` were new; `origins` as for add_codings.
    std::int64_t add(const std::vector<NewCoding>& codings,
                     const std::vector<CodingOrigin>* origins = nullptr);
    void commit();
    std::int64_t added() const;    // new codings, all batches
    std::int64_t removed() const;  // by `remove_first`
    const std::map<std::string, std::int64_t>& added_per_code() const;

   private:
    struct State;
    Project& project_;
    std::unique_ptr<State> state_;
  };
  std::vector<Coding> codings(const CodingFilter& filter) const;
  // Removes the codings with these ids, or matching `filter`; returns how many went.
  std::int64_t remove_codings(const std::vector<std::int64_t>& ids);
  std::int64_t remove_codings(const CodingFilter& filter);


  // ---- rule provenance ---------------------------------------------------------------
  // The origin of each coding in `ids` that has one, by coding id.
  std::map<std::int64_t, CodingOrigin> coding_origins(const std::vector<std::int64_t>& ids) const;
  // For `coder`'s codings, per code path: how many carry each rules hash ("" for codings
  // without an origin, e.g. made before origins were recorded).
  std::map<std::string, std::map<std::string, std::int64_t>> rules_hashes(
      const std::string& coder) const;

  // ---- suggestions -------------------------------------------------------------------
  // Adds suggestions in one transaction. First removes the pending suggestions of
  // `source` for the codes in `replace_pending` (with descendants), so a new run replaces
  // the proposals of the last one; decided suggestions are kept, and a suggestion for a
  // place already decided (same document, code, source and span) is not added again.
  // Returns how many were added. Throws NotFoundError for an unknown document or code,
  // InputError for a span outside the document, a code that is not codable, or a source
  // other than rule or model.
  std::int64_t add_suggestions(const std::vector<NewSuggestion>& suggestions,
                               const std::string& source,
                               const std::vector<std::string>& replace_pending);
  // Suggestions matching `filter`, by document name, start, end, code, id.
  std::vector<Suggestion> suggestions(const SuggestionFilter& filter) const;
  // Sets the suggestions matching `filter` to `state` as `coder`, in one transaction;
  // accepting adds each as a coding of `coder` (a coding that exists already is kept).
  // Only pending suggestions, and rejected ones being accepted, change; a suggestion
  // named by id that cannot change (accepted already, or rejected again) throws
  // InputError and nothing changes.
  SuggestionDecision decide_suggestions(const SuggestionFilter& filter, SuggestionState state,
                                        const std::string& coder);

  // ---- bulk reads for analysis ------------------------------------------------------
  std::vector<DocumentRow> document_rows() const;  // by id
  // Every document's length in code points, by id (apart from document_rows, which most
  // commands need without it).
  std::vector<std::pair<std::int64_t, Offset>> document_lengths() const;
  std::vector<CaseRow> case_rows() const;          // by id
  // The turns that belong to a case of their own (import --case-per-speaker), by document
  // id and start.
  std::vector<TurnCaseRow> turn_case_rows() const;
  std::vector<CodeRow> code_rows() const;          // pre-order, as codebook()
  std::vector<std::pair<std::int64_t, std::string>> coder_rows() const;  // by id
  // The number of codings (quick: SQLite walks the smallest index).
  std::int64_t coding_count() const;
  // Calls `take` with every coding, by document id; within a document in no promised
  // order. Row by row rather than as a vector: on a million codings the copy shows.
  void read_codings(const std::function<void(const CodingRow&)>& take) const;
  // Every unit of `kind` of every document, by document id and start. A paragraph or
  // sentence whose paragraph or turn is missing is left out. Paragraphs and sentences come
  // from the copy beside the project (store/structure_cache) when it is current.
  UnitRows unit_rows(model::Unit kind) const;
  // The NFC text of the documents with these ids, by id. Throws NotFoundError for an
  // unknown id.
  std::map<std::int64_t, std::string> document_texts(const std::vector<std::int64_t>& ids) const;
  // Where the words of the documents with these ids start (text::WordIndex), by id.
  // Read from the copy beside the project (store/structure_cache) when it holds them for
  // the current texts; otherwise found on worker threads and added to it. Throws
  // NotFoundError for an unknown id.
  std::vector<std::pair<std::int64_t, text::WordIndex>> word_indexes(
      std::vector<std::int64_t> ids) const;

  // ---- memos -----------------------------------------------------------------------
  // Adds a memo on a document (by name), code (by path) or coding (by id). Throws
  // NotFoundError when the target does not exist.
  std::int64_t add_memo(const std::string& target_kind, const std::string& target,
                        const std::string& coder, const std::string& text);
  std::vector<Memo> memos(const std::string& target_kind = {},
                          const std::string& target = {}) const;

  // ---- exchange with other tools (REFI-QDA, exchange.hpp) ---------------------------
  // True when the project holds no documents, codes, codings or memos.
  bool is_empty() const;
  // Writes `exchange` into this empty project in one transaction: coders, codes, attribute
  // variables, cases with attributes, documents with their structure, codings, memos and
  // sets, each with its GUID. Throws InputError when the project is not empty, or when a
  // coding or memo refers to a GUID or document that is not there, a code is not codable or
  // a span lies outside its document; nothing is written then.
  void import_exchange(const Exchange& exchange);
  // Gives every case, document, coder, coding and memo that has no GUID one made by
  // `new_guid`, and every case attribute without a variable one (typed Integer, Float or
  // Text from its values), in one transaction. Returns how many GUIDs it made.
  std::int64_t assign_guids(std::string (*new_guid)());
  // The project as exchange data (call assign_guids first: rows without a GUID are left
  // out). Non-empty `coders` or `documents` (names) keep only their codings and documents,
  // and the cases, memos and set members that belong to what is kept.
  Exchange exchange(const std::vector<std::string>& coders,
                    const std::vector<std::string>& documents) const;
  // ---- pseudonymisation -------------------------------------------------------------
  // Reads every participant text, calls `plan` with it and writes what `plan` returns, in
  // one transaction with secure_delete on: documents (name, source path, text, turns,
  // paragraphs, sentences), codings' spans and memos, case names, text attributes, memos
  // and project entries; the search index is rebuilt from the new turns. If `plan` throws,
  // nothing changes. With `scrub`, afterwards VACUUM and a truncating WAL checkpoint leave
  // no old text in the file or its WAL (which needs no other connection to be open).
  // Throws InputError when names would collide (two documents or cases of one name).
  Scrub rewrite_participant_texts(
      const std::function<ParticipantRewrite(const ParticipantTexts&)>& plan, bool scrub);
  // Every participant text as `rewrite_participant_texts` gives it to its plan.
  ParticipantTexts participant_texts() const;
  // The project's random id (32 hex digits), made and stored on first use.
  std::string identity();
  // The project table (name, created, id, pseudonymised …).
  std::map<std::string, std::string> meta() const;
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
  UnitRows read_unit_rows(model::Unit kind) const;  // unit_rows from the tables themselves
  std::unique_ptr<Impl> impl_;
};

}  // namespace inzicht::store
