#pragma once
// Inside the store: the connection and the statements shared by the files of store/.
// Not part of the module's interface.

#include <SQLiteCpp/SQLiteCpp.h>

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

struct Project::Impl {
  std::string path;
  SQLite::Database db;
  // Statements run once per imported document, prepared once per connection: preparing
  // them again for every document cost more than the rows they insert. Declared after `db`
  // so that they are finalised before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements;

  Impl(std::string p, int flags) : path(std::move(p)), db(path, flags) {}

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

  [[noreturn]] void fail(const std::string& what, const std::exception& e) const {
    throw StorageError(path + ": " + what + ": " + e.what());
  }

  int user_version() { return db.execAndGet("PRAGMA user_version").getInt(); }

  void migrate() {
    const auto& all = migrations();
    int version = user_version();
    if (version >= static_cast<int>(all.size())) return;
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    for (; version < static_cast<int>(all.size()); ++version) {
      db.exec(std::string(all[static_cast<std::size_t>(version)]));
    }
    db.exec("PRAGMA user_version = " + std::to_string(version));
    transaction.commit();
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

  // Writes turns, paragraphs, sentences and search rows of `document` under `id`.
  void insert_structure(std::int64_t id, const model::Document& document) {
    if (static_cast<std::int64_t>(document.turns.size()) >= kMaxTurns) {
      throw InputError(document.name + ": more than " + std::to_string(kMaxTurns) + " turns");
    }
    const text::CodePointIndex index(document.text);
    ReusedStatement reused_turn =
        statement("INSERT INTO turns(document_id, idx, speaker, role, start, \"end\", "
                  "time_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
    ReusedStatement reused_search = statement("INSERT INTO turn_search(rowid, text) VALUES (?, ?)");
    SQLite::Statement& turn = *reused_turn;
    SQLite::Statement& search = *reused_search;
    for (std::size_t i = 0; i < document.turns.size(); ++i) {
      const model::Turn& t = document.turns[i];
      turn.bind(1, static_cast<std::int64_t>(id));
      turn.bind(2, static_cast<std::int64_t>(i));
      turn.bind(3, t.speaker);
      turn.bind(4, model::to_string(t.role));
      turn.bind(5, static_cast<std::int64_t>(t.span.start));
      turn.bind(6, static_cast<std::int64_t>(t.span.end));
      if (t.time_ms) {
        turn.bind(7, static_cast<std::int64_t>(*t.time_ms));
      } else {
        turn.bind(7);
      }
      turn.exec();
      turn.reset();
      search.bind(1, static_cast<std::int64_t>(search_rowid(id, i)));
      search.bind(2, std::string(index.slice(t.span)));
      search.exec();
      search.reset();
    }
    ReusedStatement reused_paragraph =
        statement("INSERT INTO paragraphs(document_id, idx, turn_idx, start, "
                  "\"end\") VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement& paragraph = *reused_paragraph;
    for (std::size_t i = 0; i < document.paragraphs.size(); ++i) {
      const model::Paragraph& p = document.paragraphs[i];
      paragraph.bind(1, static_cast<std::int64_t>(id));
      paragraph.bind(2, static_cast<std::int64_t>(i));
      paragraph.bind(3, static_cast<std::int64_t>(p.turn));
      paragraph.bind(4, static_cast<std::int64_t>(p.span.start));
      paragraph.bind(5, static_cast<std::int64_t>(p.span.end));
      paragraph.exec();
      paragraph.reset();
    }
    ReusedStatement reused_sentence =
        statement("INSERT INTO sentences(document_id, idx, paragraph_idx, start, "
                  "\"end\") VALUES (?, ?, ?, ?, ?)");
    SQLite::Statement& sentence = *reused_sentence;
    for (std::size_t i = 0; i < document.sentences.size(); ++i) {
      const model::Sentence& s = document.sentences[i];
      sentence.bind(1, static_cast<std::int64_t>(id));
      sentence.bind(2, static_cast<std::int64_t>(i));
      sentence.bind(3, static_cast<std::int64_t>(s.paragraph));
      sentence.bind(4, static_cast<std::int64_t>(s.span.start));
      sentence.bind(5, static_cast<std::int64_t>(s.span.end));
      sentence.exec();
      sentence.reset();
    }
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
    ReusedStatement link =
        statement("UPDATE turns SET case_id = ? WHERE document_id = ? AND idx = ?");
    std::map<std::string, std::int64_t> case_of;
    for (std::size_t i = 0; i < document.turns.size(); ++i) {
      const model::Turn& turn = document.turns[i];
      if (turn.role != model::Role::respondent || turn.speaker.empty()) continue;
      auto found = case_of.find(turn.speaker);
      if (found == case_of.end()) {
        found = case_of.emplace(turn.speaker, ensure_case(turn.speaker)).first;
        if (group) set_attribute(found->second, "group", *group);
      }
      link->bind(1, static_cast<std::int64_t>(found->second));
      link->bind(2, static_cast<std::int64_t>(id));
      link->bind(3, static_cast<std::int64_t>(i));
      link->exec();
      link->reset();
    }
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
