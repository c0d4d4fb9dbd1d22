#include "store/schema.hpp"

namespace inzicht::store {

namespace {

// Version 1: the foundation. Codes and codings are defined now so the schema does not
// churn when coding arrives. Positions are code-point offsets into documents.text, end
// exclusive. The search index is keyed by rowid = document_id * 2^20 + turn index, so a
// document's rows can be dropped with one rowid range.
constexpr std::string_view kVersion1 = R"sql(
CREATE TABLE project (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE cases (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE case_attributes (
  case_id INTEGER NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  name    TEXT NOT NULL,
  value   NOT NULL,
  PRIMARY KEY (case_id, name)
) WITHOUT ROWID;

CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  name         TEXT NOT NULL UNIQUE,
  format       TEXT NOT NULL,
  encoding     TEXT NOT NULL,
  source_path  TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  text         TEXT NOT NULL,
  length       INTEGER NOT NULL,
  imported_at  TEXT NOT NULL
);
CREATE INDEX documents_by_case ON documents(case_id);

CREATE TABLE turns (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  speaker     TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('interviewer', 'respondent')),
  start       INTEGER NOT NULL,
  "end"       INTEGER NOT NULL,
  time_ms     INTEGER,
  PRIMARY KEY (document_id, idx),
  CHECK (0 <= start AND start <= "end")
) WITHOUT ROWID;

CREATE TABLE paragraphs (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx         INTEGER NOT NULL,
  turn_idx    INTEGER NOT NULL,
  start       INTEGER NOT NULL,
  "end"       INTEGER NOT NULL,
  PRIMARY KEY (document_id, idx),
  CHECK (0 <= start AND start <= "end")
) WITHOUT ROWID;

CREATE TABLE sentences (
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  idx           INTEGER NOT NULL,
  paragraph_idx INTEGER NOT NULL,
  start         INTEGER NOT NULL,
  "end"         INTEGER NOT NULL,
  PRIMARY KEY (document_id, idx),
  CHECK (0 <= start AND start <= "end")
) WITHOUT ROWID;

CREATE TABLE coders (
  id   INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);

CREATE TABLE codes (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES codes(id) ON DELETE RESTRICT,
  name        TEXT NOT NULL,
  description TEXT,
  color       TEXT,
  codable     INTEGER NOT NULL DEFAULT 1,
  position    INTEGER NOT NULL DEFAULT 0,
  details     TEXT  -- JSON: include, exclude, examples, fields, rules
);
CREATE INDEX codes_by_parent ON codes(parent_id);

CREATE TABLE codings (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE RESTRICT,
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  start       INTEGER NOT NULL,
  "end"       INTEGER NOT NULL,
  memo        TEXT,
  created     TEXT NOT NULL,
  UNIQUE (document_id, code_id, coder_id, start, "end"),
  CHECK (0 <= start AND start < "end")
);
CREATE INDEX codings_by_code ON codings(code_id);

CREATE TABLE memos (
  id          INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL
              CHECK (target_kind IN ('project', 'case', 'document', 'code', 'coding')),
  target_id   INTEGER,
  coder_id    INTEGER REFERENCES coders(id),
  text        TEXT NOT NULL,
  created     TEXT NOT NULL
);
CREATE INDEX memos_by_target ON memos(target_kind, target_id);

CREATE VIRTUAL TABLE turn_search USING fts5(
  text, tokenize = 'unicode61 remove_diacritics 2'
);
)sql";

// The layout of a transcription service its reader recognised ("Zoom WebVTT", "Word
// table (time | speaker | text)"); '' for plain transcripts and documents imported before.
constexpr std::string_view kDocumentLayout = R"sql(
ALTER TABLE documents ADD COLUMN layout TEXT NOT NULL DEFAULT '';
)sql";

// REFI-QDA exchange (.qdpx): stable GUIDs for everything a project file exchanges, so that
// the same document, coding, coder, memo or case keeps its GUID from export to export; the
// types of case attributes (REFI-QDA variables); and sets of codes, documents and memos.
// GUIDs are NULL until an import brings one or an export makes one.
constexpr std::string_view kExchange = R"sql(
ALTER TABLE cases ADD COLUMN guid TEXT;
ALTER TABLE documents ADD COLUMN guid TEXT;
ALTER TABLE coders ADD COLUMN guid TEXT;
ALTER TABLE codings ADD COLUMN guid TEXT;
ALTER TABLE memos ADD COLUMN guid TEXT;
CREATE UNIQUE INDEX cases_by_guid ON cases(guid);
CREATE UNIQUE INDEX documents_by_guid ON documents(guid);
CREATE UNIQUE INDEX coders_by_guid ON coders(guid);
CREATE UNIQUE INDEX codings_by_guid ON codings(guid);
CREATE INDEX memos_by_guid ON memos(guid);

CREATE TABLE attribute_variables (
  name        TEXT PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  type        TEXT NOT NULL
              CHECK (type IN ('Text', 'Boolean', 'Integer', 'Float', 'Date', 'DateTime')),
  description TEXT
) WITHOUT ROWID;

CREATE TABLE sets (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  description TEXT
);

CREATE TABLE set_members (
  set_id      INTEGER NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
  position    INTEGER NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('code', 'document', 'memo')),
  target_guid TEXT NOT NULL,
  PRIMARY KEY (set_id, position)
) WITHOUT ROWID;
)sql";

// Suggestions and the provenance of rule codings (issue 17). Suggestions are a layer of
// their own, never codings: proposed by a rule (autocode --suggest) or by a model learned
// from the project's codings, with a score and the words that weighed most (a JSON array
// of strings). A decided suggestion keeps its state, so that a rejected one is not proposed
// again and teaches the next training. coding_origins says which rule made a coding, with
// the words it matched and the version (hash) of its code's rules.
constexpr std::string_view kSuggestions = R"sql(
CREATE TABLE suggestions (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  code_id     INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
  start       INTEGER NOT NULL,
  "end"       INTEGER NOT NULL,
  score       REAL NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('rule', 'model')),
  origin      TEXT NOT NULL,
  words       TEXT NOT NULL DEFAULT '[]',
  state       TEXT NOT NULL DEFAULT 'pending'
              CHECK (state IN ('pending', 'accepted', 'rejected')),
  decided_by  INTEGER REFERENCES coders(id),
  decided_at  TEXT,
  created     TEXT NOT NULL,
  UNIQUE (document_id, code_id, source, start, "end"),
  CHECK (0 <= start AND start < "end")
);
CREATE INDEX suggestions_by_code ON suggestions(code_id, state);

CREATE TABLE coding_origins (
  coding_id  INTEGER PRIMARY KEY REFERENCES codings(id) ON DELETE CASCADE,
  rule       TEXT NOT NULL,
  words      TEXT NOT NULL DEFAULT '[]',
  rules_hash TEXT NOT NULL
);
)sql";

// The change log of the workbench: every edit a coder makes (who, when, what, and the
// inverse that undoes it), which gives per-coder undo and redo that survive a reload and
// the feed other browsers follow. `forward` and `inverse` are JSON lists of row steps on
// codings, codes and memos. `state`: done, undone (on the coder's redo stack), dropped
// (undone and then superseded by a new edit), or note (an undo or redo, logged for the feed).
constexpr std::string_view kChangeLog = R"sql(
CREATE TABLE changes (
  id          INTEGER PRIMARY KEY,
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  at          TEXT NOT NULL,
  kind        TEXT NOT NULL,
  summary     TEXT NOT NULL,
  document_id INTEGER,
  forward     TEXT NOT NULL,
  inverse     TEXT NOT NULL,
  state       TEXT NOT NULL DEFAULT 'done'
              CHECK (state IN ('done', 'undone', 'dropped', 'note')),
  refers_to   INTEGER REFERENCES changes(id)
);
CREATE INDEX changes_by_coder ON changes(coder_id, state);
)sql";

// Version 6: a case per speaker (`import --case-per-speaker`, for focus groups). A turn
// with a case_id belongs to that case; every other part of the document to the document's
// case. The flag keeps a document per speaker when it is replaced or split anew.
constexpr std::string_view kSpeakerCases = R"sql(
ALTER TABLE documents ADD COLUMN case_per_speaker INTEGER NOT NULL DEFAULT 0;
ALTER TABLE turns ADD COLUMN case_id INTEGER REFERENCES cases(id);
CREATE INDEX turns_by_case ON turns(case_id) WHERE case_id IS NOT NULL;
)sql";

// Version 7: a token renewed by every change to the codings, in the change's transaction,
// which keys the flat copy of the codings the analysis commands read (store/codings_cache).
constexpr std::string_view kCodingsVersion = R"sql(
CREATE TABLE codings_version (token BLOB NOT NULL);
INSERT INTO codings_version(token) VALUES (randomblob(16));
CREATE TRIGGER codings_inserted AFTER INSERT ON codings
  BEGIN UPDATE codings_version SET token = randomblob(16); END;
CREATE TRIGGER codings_deleted AFTER DELETE ON codings
  BEGIN UPDATE codings_version SET token = randomblob(16); END;
CREATE TRIGGER codings_updated AFTER UPDATE OF id, document_id, code_id, coder_id, start, "end"
  ON codings BEGIN UPDATE codings_version SET token = randomblob(16); END;
)sql";

// Version 8: documents.text moves to the end of the row. A large text is then written by
// incremental BLOB I/O into a zeroblob of its size (store/project.cpp), which SQLite keeps
// unexpanded only in the last column of a record; anywhere else it builds the record with
// the zeros in full, and a bound text with a copy of it (a 52 MB transcript's import peaked
// 52 MB higher). The table is rebuilt as SQLite's ALTER TABLE procedure says, with foreign
// keys off (Impl::migrate), so that dropping the old table deletes nothing that refers to
// it. A column added later must go before `text`: rebuild the table again then.
constexpr std::string_view kTextLast = R"sql(
CREATE TABLE documents_v8 (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL REFERENCES cases(id),
  name             TEXT NOT NULL UNIQUE,
  format           TEXT NOT NULL,
  encoding         TEXT NOT NULL,
  source_path      TEXT NOT NULL,
  content_hash     TEXT NOT NULL,
  length           INTEGER NOT NULL,
  imported_at      TEXT NOT NULL,
  layout           TEXT NOT NULL DEFAULT '',
  guid             TEXT,
  case_per_speaker INTEGER NOT NULL DEFAULT 0,
  text             TEXT NOT NULL
);
INSERT INTO documents_v8(id, case_id, name, format, encoding, source_path, content_hash, length,
                         imported_at, layout, guid, case_per_speaker, text)
  SELECT id, case_id, name, format, encoding, source_path, content_hash, length, imported_at,
         layout, guid, case_per_speaker, text FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v8 RENAME TO documents;
CREATE INDEX documents_by_case ON documents(case_id);
CREATE UNIQUE INDEX documents_by_guid ON documents(guid);
)sql";

// Version 9: a token renewed by every change to a document's text or text units, which keys
// the flat copy of the units and word starts the analysis commands read
// (store/structure_cache). Triggers renew it when a document is added, removed or has its
// text changed, and when a unit row is updated. Unit rows are inserted and deleted only by
// Impl::insert_structure and Impl::delete_structure, which renew it themselves: a trigger on
// every inserted sentence would add a tenth to an import.
// And a covering index for listing documents: in the table each row shares its page with
// the start of its text, so listing 10,000 documents read 40 MB.
constexpr std::string_view kStructureVersion = R"sql(
CREATE INDEX documents_listing ON documents(id, name, case_id, length);
CREATE TABLE structure_version (token BLOB NOT NULL);
INSERT INTO structure_version(token) VALUES (randomblob(16));
CREATE TRIGGER structure_document_inserted AFTER INSERT ON documents
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
CREATE TRIGGER structure_document_deleted AFTER DELETE ON documents
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
CREATE TRIGGER structure_document_updated AFTER UPDATE OF id, text ON documents
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
CREATE TRIGGER structure_turn_updated AFTER UPDATE ON turns
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
CREATE TRIGGER structure_paragraph_updated AFTER UPDATE ON paragraphs
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
CREATE TRIGGER structure_sentence_updated AFTER UPDATE ON sentences
  BEGIN UPDATE structure_version SET token = randomblob(16); END;
)sql";

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {
      kVersion1,     kDocumentLayout, kExchange, kSuggestions,     kChangeLog,
      kSpeakerCases, kCodingsVersion, kTextLast, kStructureVersion};
  return all;
}

}  // namespace inzicht::store
