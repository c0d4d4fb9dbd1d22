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

struct CodingRow {
  std::int64_t id = 0;
  std::int64_t document_id = 0;
  std::int64_t code_id = 0;
  std::int64_t coder_id = 0;
  Span span;
};

// The units of one kind, column by column: one entry per unit in each vector but `speakers`.
struct UnitRows {
  std::vector<std::int64_t> document_ids;
  std::vector<Span> spans;
  std::vector<model::Role> roles;     // of the turn the unit lies in
  std::vector<std::string> speakers;  // of the turn, as written; Unit::turn only, else empty
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
  // `origins`, when given, holds one origin per coding (the rule that made it), stored
  // with it (replacing an earlier origin of a coding that exists already).
  std::int64_t add_codings(const std::vector<NewCoding>& codings,
                           const std::optional<CodingFilter>& remove_first = std::nullopt,
                           const std::vector<CodingOrigin>* origins = nullptr);
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
  UnitRows unit_rows(model::Unit kind) const;
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
