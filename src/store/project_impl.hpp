#pragma once
// Inside the store: the connection and the statements shared by the files of store/.
// Not part of the module's interface.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "store/project.hpp"
#include "store/schema.hpp"
#include "text/text.hpp"

namespace inzicht::store {

// Search rows are keyed by document id and turn index packed into one rowid, so that all
// rows of one document form one rowid range (cheap to delete on replace).
inline constexpr int kTurnBits = 20;
inline constexpr std::int64_t kMaxTurns = std::int64_t{1} << kTurnBits;

inline std::int64_t search_rowid(std::int64_t document_id, std::size_t turn) {
  return (document_id << kTurnBits) | static_cast<std::int64_t>(turn);
}

using inzicht::now_utc;

inline void bind_value(SQLite::Statement& statement, int index, const AttributeValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    statement.bind(index, static_cast<std::int64_t>(*i));
  } else if (const auto* d = std::get_if<double>(&value)) {
    statement.bind(index, *d);
  } else {
    statement.bind(index, std::get<std::string>(value));
  }
}

inline model::Role role_from(std::string_view role) {
  return role == "interviewer" ? model::Role::interviewer : model::Role::respondent;
}

inline AttributeValue column_value(const SQLite::Column& column) {
  if (column.isInteger()) return std::int64_t{column.getInt64()};
  if (column.isFloat()) return column.getDouble();
  return column.getString();
}

// The id of coder `name`, added if new (in the caller's transaction).
inline std::int64_t coder_id(SQLite::Database& db, const std::string& name) {
  SQLite::Statement insert(db, "INSERT OR IGNORE INTO coders(name) VALUES (?)");
  insert.bind(1, name);
  insert.exec();
  SQLite::Statement select(db, "SELECT id FROM coders WHERE name = ?");
  select.bind(1, name);
  select.executeStep();
  return select.getColumn(0).getInt64();
}

// A statement taken from Impl::statement(): reset when it goes out of scope, so that no
// cached statement keeps a read open on the connection between uses.
class ReusedStatement {
 public:
  explicit ReusedStatement(SQLite::Statement& statement) : statement_(statement) {}
  ~ReusedStatement() { statement_.tryReset(); }
  ReusedStatement(const ReusedStatement&) = delete;
  ReusedStatement& operator=(const ReusedStatement&) = delete;
  SQLite::Statement* operator->() const { return &statement_; }
  SQLite::Statement& operator*() const { return statement_; }

 private:
  SQLite::Statement& statement_;
};

// The details of a code that have no column of their own (criteria, fields, rules), as JSON.
std::string details_json(const model::Code& code);

// A code row with its parent's id; the path filled in by load_codes.
struct StoredCode {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent;
  std::int64_t position = 0;
  model::Code code;
};

// Every code of the project with its path, in pre-order (codebook_store.cpp).
std::vector<StoredCode> load_codes(SQLite::Database& db);

// Above this many bytes of full-text rows kept back, a batch of documents writes them
// before its next document: until then they are held in memory.
inline constexpr std::size_t kMaxPendingSearchBytes = std::size_t{64} << 20;
// A document of more text than this writes its own full-text rows at once: kept back,
// they would hold a second copy of a large transcript until the batch commits.
inline constexpr std::size_t kOwnSearchRowsBytes = std::size_t{4} << 20;
// A document text above this many bytes is written by incremental BLOB I/O into a zeroblob
// of its size (the last column of documents, schema.cpp version 8), so that SQLite never
// builds a record holding a copy of it. Such a text is a BLOB, not TEXT, in the column;
// every reader takes either (the same UTF-8 bytes). Smaller texts stay TEXT: their copy
// costs nothing worth saving, and the BLOB handle costs a little per document.
inline constexpr std::size_t kTextByBlobBytes = std::size_t{1} << 20;
// The page cache of a batch, in KiB (negative, as PRAGMA cache_size takes it): with
// SQLite's default of 2 MiB a batch of documents spilled pages to the WAL and wrote many
// of them again, several times over. 16 MiB imported the bench corpus as fast as 32 MiB
// did, and is 16 MB less at the top of a large transcript's import.
inline constexpr int kBatchCacheKiB = -(16 << 10);
inline constexpr int kDefaultCacheKiB = -2000;

struct Project::Impl {
  std::string path;
  SQLite::Database db;
  // Statements run once per imported document, prepared once per connection: preparing
  // them again for every document cost more than the rows they insert. Declared after `db`
  // so that they are finalised before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;

  // The open batch of begin_documents(), and the full-text rows its documents have yet to
  // write, with their bytes. FTS5 writes an index segment at every savepoint and commit
  // (merging it with the others later); written per document, that cost more than all
  // the other rows of an import together.
  bool batch = false;
  bool batch_begun = false;  // its transaction, begun by its first write
  std::vector<std::pair<std::int64_t, std::string>> pending_search;
  std::size_t pending_bytes = 0;

  Impl(std::string p, int flags) : path(std::move(p)), db(path, flags) {}

  // The writes of one document: a transaction of their own, or inside a batch a savepoint,
  // rolled back (with the full-text rows it kept back) unless committed.
  class DocumentWrite {
   public:
    // `replacing`: the document's old full-text rows are deleted, so any kept back are
    // written first (one of them could be the document's own).
    DocumentWrite(Impl& impl, bool replacing) : impl_(impl) {
      if (!impl_.batch) {
        transaction_.emplace(impl_.db, SQLite::TransactionBehavior::IMMEDIATE);
        return;
      }
      if (!impl_.batch_begun) {
        impl_.db.exec("PRAGMA cache_size = " + std::to_string(kBatchCacheKiB));
        // The savepoints' statement journal is left where SQLite puts it: in memory up to
        // 64 KB, then a temporary file. Held all in memory (temp_store = MEMORY, as it
        // was), it is a list of 1 KB pieces that SQLite walks at the end of every
        // statement: replacing a 15 MB transcript took 7 s, most of it there, and 3.5 s
        // without; importing the bench corpus took as long either way.
        impl_.db.exec("BEGIN IMMEDIATE");
        impl_.batch_begun = true;
      }
      if (replacing || impl_.pending_bytes > kMaxPendingSearchBytes) impl_.write_search_rows();
      pending_ = impl_.pending_search.size();
      pending_bytes_ = impl_.pending_bytes;
      impl_.db.exec("SAVEPOINT document");
    }
    DocumentWrite(const DocumentWrite&) = delete;
    DocumentWrite& operator=(const DocumentWrite&) = delete;

    ~DocumentWrite() {
      if (done_ || transaction_) return;  // SQLite::Transaction rolls itself back
      try {
        impl_.db.exec("ROLLBACK TO document");
        impl_.db.exec("RELEASE document");
      } catch (const SQLite::Exception&) {
        // The batch's transaction itself is gone then; commit_documents() says so.
      }
      impl_.pending_search.resize(pending_);
      impl_.pending_bytes = pending_bytes_;
    }

    void commit() {
      if (transaction_) {
        transaction_->commit();
      } else {
        impl_.db.exec("RELEASE document");
      }
      done_ = true;
    }

   private:
    Impl& impl_;
    std::optional<SQLite::Transaction> transaction_;
    std::size_t pending_ = 0;
    std::size_t pending_bytes_ = 0;
    bool done_ = false;
  };


  // The prepared statement for `sql`, reset, with no bindings.
  ReusedStatement statement(const std::string& sql) {
    auto& slot = statements[sql];
    if (!slot) {
      slot = std::make_unique<SQLite::Statement>(db, sql);
    } else {
      slot->tryReset();
      slot->clearBindings();
    }
    return ReusedStatement(*slot);
  }

  // Inserts a documents row: `columns` (a comma list, without text), their values bound by
  // `bind` from index 1, then the text. A text over kTextByBlobBytes goes in as a zeroblob of its
  // size and is then written into it by BLOB I/O; a smaller one is bound without a copy (it must
  // outlive the call). Returns the row's id. Used by every path that adds a document.
  template <typename Bind>
  std::int64_t insert_document_row(const std::string& columns, const Bind& bind,
                                   const std::string& text) {
    const bool by_blob = text.size() > kTextByBlobBytes;
    const int count = 1 + static_cast<int>(std::count(columns.begin(), columns.end(), ','));
    std::string sql = "INSERT INTO documents(" + columns + ", text) VALUES (";
    for (int i = 0; i < count; ++i) sql += "?, ";
    sql += by_blob ? "zeroblob(?))" : "?)";
    ReusedStatement insert = statement(sql);
    bind(*insert);
    if (by_blob) {
      insert->bind(count + 1, static_cast<std::int64_t>(text.size()));
    } else {
      insert->bindNoCopy(count + 1, text);
    }
    insert->exec();
    const std::int64_t id = db.getLastInsertRowid();
    if (by_blob) write_blob("documents", "text", id, text);
    return id;
  }

  // Writes `bytes` into the BLOB of that row and column, which holds a zeroblob of its size,
  // in pieces of 1 MiB, so the page cache spills as it fills.
  void write_blob(const char* table, const char* column, std::int64_t row, std::string_view bytes) {
    sqlite3* handle = db.getHandle();
    sqlite3_blob* blob = nullptr;
    int result = sqlite3_blob_open(handle, "main", table, column, row, 1, &blob);
    constexpr std::size_t kPiece = std::size_t{1} << 20;
    for (std::size_t at = 0; result == SQLITE_OK && at < bytes.size(); at += kPiece) {
      const std::size_t size = std::min(kPiece, bytes.size() - at);
      result =
          sqlite3_blob_write(blob, bytes.data() + at, static_cast<int>(size), static_cast<int>(at));
    }
    const int closed = sqlite3_blob_close(blob);  // a null handle is a no-op
    if (result == SQLITE_OK) result = closed;
    if (result != SQLITE_OK) throw SQLite::Exception(handle, result);
  }

  [[noreturn]] void fail(const std::string& what, const std::exception& e) const {
    throw StorageError(path + ": " + what + ": " + e.what());
  }

  int user_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

  // Foreign keys are off while the schema changes (a pragma that takes effect outside a
  // transaction only): a migration that rebuilds a table drops the old one, which would
  // otherwise delete every row referring to it. They are checked before the commit.
  void migrate() {
    const auto& all = migrations();
    int version = user_version();
    if (version >= static_cast<int>(all.size())) return;
    // Restores foreign keys as they were, however the migration ends.
    struct ForeignKeysOff {
      SQLite::Database& db;
      const bool were_on = db.execAndGet("PRAGMA foreign_keys").getInt() != 0;
      explicit ForeignKeysOff(SQLite::Database& d) : db(d) { db.exec("PRAGMA foreign_keys = OFF"); }
      ~ForeignKeysOff() {
        if (were_on) db.tryExec("PRAGMA foreign_keys = ON");
      }
    } foreign_keys_off(db);
    {
      SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
      for (; version < static_cast<int>(all.size()); ++version) {
        db.exec(std::string(all[static_cast<std::size_t>(version)]));
      }
      SQLite::Statement check(db, "PRAGMA foreign_key_check");
      if (check.executeStep()) {
        throw StorageError(path + ": upgrading the project to schema " + std::to_string(version) +
                           " would leave rows of table " + check.getColumn(0).getString() +
                           " referring to nothing");
      }
      db.exec("PRAGMA user_version = " + std::to_string(version));
      transaction.commit();
    }
  }

  std::int64_t ensure_case(const std::string& name) {
    {
      ReusedStatement insert = statement("INSERT OR IGNORE INTO cases(name) VALUES (?)");
      insert->bind(1, name);
      insert->exec();
    }
    ReusedStatement select = statement("SELECT id FROM cases WHERE name = ?");
    select->bind(1, name);
    select->executeStep();
    return select->getColumn(0).getInt64();
  }

  void set_attribute(std::int64_t case_id, const std::string& name, const AttributeValue& value) {
    ReusedStatement insert =
        statement("INSERT OR REPLACE INTO case_attributes(case_id, name, value) VALUES (?, ?, ?)");
    insert->bind(1, static_cast<std::int64_t>(case_id));
    insert->bind(2, name);
    bind_value(*insert, 3, value);
    insert->exec();
  }

  // Calls `chunk(first, n)` for consecutive runs of `rows` rows, many to a statement: one
  // statement per row cost about as much again as the row itself (cursors opened, the
  // program started and reset). The runs are 64 rows, then powers of two, so that few
  // statements are kept.
  template <typename Chunk>
  static void for_each_chunk(std::size_t rows, Chunk chunk) {
    constexpr std::size_t kRowsPerStatement = 64;
    for (std::size_t row = 0; row < rows;) {
      std::size_t n = kRowsPerStatement;
      while (n > rows - row) n /= 2;
      chunk(row, n);
      row += n;
    }
  }

  // "(?, ?, ?), (?, ?, ?)": `rows` rows of `columns` parameters, for a VALUES list.
  static std::string values_sql(int columns, std::size_t rows) {
    std::string row_sql = "(?";
    for (int c = 1; c < columns; ++c) row_sql += ", ?";
    row_sql += ")";
    std::string sql;
    sql.reserve(rows * (row_sql.size() + 2));
    for (std::size_t k = 0; k < rows; ++k) {
      if (k) sql += ", ";
      sql += row_sql;
    }
    return sql;
  }

  // Writes `rows` rows of `columns` values (for_each_chunk) by statements of `head`, a
  // VALUES list and `tail`: "INSERT INTO t(a, b, …) VALUES ", or a WITH … AS (VALUES with
  // its UPDATE in `tail`. `bind(statement, first, row)` binds row `row` to the parameters
  // from `first` on. The values bound must live until the function returns.
  template <typename Bind>
  void write_rows(std::string_view head, int columns, std::size_t rows, Bind bind,
                  std::string_view tail = {}) {
    for_each_chunk(rows, [&](std::size_t first, std::size_t n) {
      ReusedStatement write =
          statement(std::string(head) + values_sql(columns, n) + std::string(tail));
      for (std::size_t k = 0; k < n; ++k) {
        bind(*write, static_cast<int>(k) * columns + 1, first + k);
      }
      write->exec();
    });
  }

  // The one writer of unit rows renews the token of store/structure_cache (schema 9).
  void renew_structure_version() {
    statement("UPDATE structure_version SET token = randomblob(16)")->exec();
  }

  // Writes turns, paragraphs, sentences and search rows of `document` under `id`.
  void insert_structure(std::int64_t id, const model::Document& document) {
    if (static_cast<std::int64_t>(document.turns.size()) >= kMaxTurns) {
      throw InputError(document.name + ": more than " + std::to_string(kMaxTurns) + " turns");
    }
    renew_structure_version();
    write_rows(
        "INSERT INTO turns(document_id, idx, speaker, role, start, \"end\", time_ms) "
        "VALUES ",
        7, document.turns.size(), [&](SQLite::Statement& insert, int at, std::size_t i) {
          const model::Turn& t = document.turns[i];
          insert.bind(at, static_cast<std::int64_t>(id));
          insert.bind(at + 1, static_cast<std::int64_t>(i));
          insert.bindNoCopy(at + 2, t.speaker);
          insert.bindNoCopy(at + 3, model::to_string(t.role));
          insert.bind(at + 4, static_cast<std::int64_t>(t.span.start));
          insert.bind(at + 5, static_cast<std::int64_t>(t.span.end));
          if (t.time_ms) {
            insert.bind(at + 6, static_cast<std::int64_t>(*t.time_ms));
          } else {
            insert.bind(at + 6);
          }
        });
    // Paragraphs and sentences: (document, index, index of the unit they lie in, span).
    const auto write_units = [&](std::string_view head, const auto& units, auto parent) {
      write_rows(head, 5, units.size(), [&](SQLite::Statement& insert, int at, std::size_t i) {
        insert.bind(at, static_cast<std::int64_t>(id));
        insert.bind(at + 1, static_cast<std::int64_t>(i));
        insert.bind(at + 2, static_cast<std::int64_t>(parent(units[i])));
        insert.bind(at + 3, static_cast<std::int64_t>(units[i].span.start));
        insert.bind(at + 4, static_cast<std::int64_t>(units[i].span.end));
      });
    };
    write_units("INSERT INTO paragraphs(document_id, idx, turn_idx, start, \"end\") VALUES ",
                document.paragraphs, [](const model::Paragraph& p) { return p.turn; });
    write_units("INSERT INTO sentences(document_id, idx, paragraph_idx, start, \"end\") VALUES ",
                document.sentences, [](const model::Sentence& s) { return s.paragraph; });
    const text::CodePointIndex index(document.text);
    if (batch && document.text.size() <= kOwnSearchRowsBytes) {
      for (std::size_t i = 0; i < document.turns.size(); ++i) {
        pending_search.emplace_back(search_rowid(id, i),
                                    std::string(index.slice(document.turns[i].span)));
        pending_bytes += pending_search.back().second.size();
      }
      return;
    }
    // Outside a batch, or a document large enough to be worth a segment of its own:
    // its rows at once (inside its savepoint), without a copy of its text kept back.
    // Rows kept back from other documents stay so (written here, a rollback of this
    // document would take them along): FTS5 takes rowids in any order.
    ReusedStatement search = search_insert();
    for (std::size_t i = 0; i < document.turns.size(); ++i) {
      write_search_row(*search, search_rowid(id, i),
                       std::string(index.slice(document.turns[i].span)));
    }
  }

  // One full-text row to a statement: a VALUES list of several rows into a virtual table
  // goes through a temporary table first, which cost more than it saved.
  ReusedStatement search_insert() {
    return statement("INSERT INTO turn_search(rowid, text) VALUES (?, ?)");
  }
  static void write_search_row(SQLite::Statement& search, std::int64_t rowid,
                               const std::string& text) {
    search.bind(1, rowid);
    search.bindNoCopy(2, text);
    search.exec();
    search.reset();
  }

  // Writes the full-text rows kept back, in the order they came.
  void write_search_rows() {
    // Taken out first: rows that fail to be written are not tried again with the next.
    const auto rows = std::move(pending_search);
    pending_search = {};
    pending_bytes = 0;
    ReusedStatement search = search_insert();
    for (const auto& [rowid, text] : rows) write_search_row(*search, rowid, text);
  }

  // SQL for the case id of the passage `alias`.start..end of document `d` (a coding or a
  // suggestion): the case of the first turn with a case of its own it reaches into when
  // the document has a case per speaker, else the document's (as analysis::CodingData).
  static std::string passage_case_sql(const std::string& alias) {
    return "(CASE WHEN d.case_per_speaker THEN coalesce((SELECT t.case_id FROM turns t "
           "WHERE t.document_id = d.id AND t.case_id IS NOT NULL AND t.\"end\" > " +
           alias + ".start AND (t.start < " + alias + ".\"end\" OR (" + alias +
           ".start = " + alias + ".\"end\" AND t.start <= " + alias +
           ".start)) ORDER BY t.start LIMIT 1), d.case_id) "
           "ELSE d.case_id END)";
  }

  // Gives each respondent turn of document `id` with a named speaker the case of that name
  // (created if new; `group` sets its "group" attribute) and marks the document as one
  // with a case per speaker. Turns must have been written by insert_structure.
  void link_speaker_cases(std::int64_t id, const model::Document& document,
                          const std::optional<std::string>& group) {
    std::map<std::string, std::int64_t> case_of;
    std::map<std::int64_t, std::int64_t> turn_case;
    for (std::size_t i = 0; i < document.turns.size(); ++i) {
      const model::Turn& turn = document.turns[i];
      if (turn.role != model::Role::respondent || turn.speaker.empty()) continue;
      auto found = case_of.find(turn.speaker);
      if (found == case_of.end()) {
        found = case_of.emplace(turn.speaker, ensure_case(turn.speaker)).first;
        if (group) set_attribute(found->second, "group", *group);
      }
      turn_case.emplace(static_cast<std::int64_t>(i), found->second);
    }
    set_turn_cases(id, turn_case);
    ReusedStatement mark = statement("UPDATE documents SET case_per_speaker = 1 WHERE id = ?");
    mark->bind(1, static_cast<std::int64_t>(id));
    mark->exec();
  }

  // The case of each turn of document `id` that has one of its own, by turn index.
  std::map<std::int64_t, std::int64_t> turn_cases(std::int64_t id) {
    ReusedStatement select =
        statement("SELECT idx, case_id FROM turns WHERE document_id = ? AND case_id IS NOT NULL");
    select->bind(1, static_cast<std::int64_t>(id));
    std::map<std::int64_t, std::int64_t> result;
    while (select->executeStep()) {
      result.emplace(select->getColumn(0).getInt64(), select->getColumn(1).getInt64());
    }
    return result;
  }

  void set_turn_cases(std::int64_t id, const std::map<std::int64_t, std::int64_t>& cases) {
    ReusedStatement link =
        statement("UPDATE turns SET case_id = ? WHERE document_id = ? AND idx = ?");
    for (const auto& [turn, case_id] : cases) {
      link->bind(1, static_cast<std::int64_t>(case_id));
      link->bind(2, static_cast<std::int64_t>(id));
      link->bind(3, static_cast<std::int64_t>(turn));
      link->exec();
      link->reset();
    }
  }

  void delete_structure(std::int64_t id) {
    renew_structure_version();
    for (const char* table : {"turns", "paragraphs", "sentences"}) {
      SQLite::Statement statement(db,
                                  std::string("DELETE FROM ") + table + " WHERE document_id = ?");
      statement.bind(1, static_cast<std::int64_t>(id));
      statement.exec();
    }
    SQLite::Statement search(db, "DELETE FROM turn_search WHERE rowid >= ? AND rowid < ?");
    search.bind(1, static_cast<std::int64_t>(search_rowid(id, 0)));
    search.bind(2, static_cast<std::int64_t>(search_rowid(id + 1, 0)));
    search.exec();
  }
};


}  // namespace inzicht::store
