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

}  // namespace

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> all = {kVersion1, kChangeLog};
  return all;
}

}  // namespace inzicht::store
