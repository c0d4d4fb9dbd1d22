// The change log: edits as row steps on codings, codes, memos and suggestions' decisions, applied and logged with
// their inverse in one transaction, undone and redone per coder.

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "store/project_impl.hpp"

namespace inzicht::store {

namespace {

using nlohmann::json;

// The columns the log may write, per table; anything else is refused, so a step can never
// name SQL of its own.
const std::vector<std::string>& columns_of(const std::string& table) {
  static const std::map<std::string, std::vector<std::string>> columns = {
      {"codings", {"document_id", "code_id", "coder_id", "start", "end", "memo", "created"}},
      {"codes",
       {"guid", "parent_id", "name", "description", "color", "codable", "position", "details"}},
      {"memos", {"target_kind", "target_id", "coder_id", "text", "created"}},
      // A suggestion is only decided through the log (and undecided by undo), never made.
      {"suggestions", {"state", "decided_by", "decided_at"}},
  };
  const auto found = columns.find(table);
  if (found == columns.end()) throw InputError("the change log has no table '" + table + "'");
  return found->second;
}

void check_columns(const std::string& table, const Row& row) {
  const auto& known = columns_of(table);
  for (const auto& [column, value] : row) {
    if (std::find(known.begin(), known.end(), column) == known.end()) {
      throw InputError("the change log has no column '" + column + "' in " + table);
    }
  }
}

std::string quoted(const std::string& column) { return "\"" + column + "\""; }

json to_json(const std::optional<AttributeValue>& value) {
  if (!value) return nullptr;
  if (const auto* i = std::get_if<std::int64_t>(&*value)) return *i;
  if (const auto* d = std::get_if<double>(&*value)) return *d;
  return std::get<std::string>(*value);
}

std::optional<AttributeValue> from_json(const json& value) {
  if (value.is_null()) return std::nullopt;
  if (value.is_number_integer()) return AttributeValue{value.get<std::int64_t>()};
  if (value.is_number()) return AttributeValue{value.get<double>()};
  return AttributeValue{value.get<std::string>()};
}

json row_json(const Row& row) {
  json out = json::object();
  for (const auto& [column, value] : row) out[column] = to_json(value);
  return out;
}

Row json_row(const json& object) {
  Row row;
  for (const auto& [column, value] : object.items()) row[column] = from_json(value);
  return row;
}

json steps_json(const std::vector<RowStep>& steps) {
  json out = json::array();
  for (const RowStep& step : steps) {
    json s = {{"table", step.table}, {"id", step.id}};
    if (step.before) s["before"] = row_json(*step.before);
    if (step.after) s["after"] = row_json(*step.after);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<RowStep> json_steps(const std::string& text) {
  std::vector<RowStep> steps;
  for (const json& s : json::parse(text)) {
    RowStep step;
    step.table = s.at("table").get<std::string>();
    step.id = s.at("id").get<std::int64_t>();
    if (s.contains("before")) step.before = json_row(s["before"]);
    if (s.contains("after")) step.after = json_row(s["after"]);
    steps.push_back(std::move(step));
  }
  return steps;
}

// The steps that undo `steps`: each reversed, in reverse order. An update's inverse sets
// back only the columns it set.
std::vector<RowStep> inverse_of(const std::vector<RowStep>& steps) {
  std::vector<RowStep> inverse;
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    RowStep back{step->table, step->id, step->after, step->before};
    if (step->before && step->after) {
      Row was, now;
      for (const auto& [column, value] : *step->after) {
        now[column] = value;
        const auto old = step->before->find(column);
        was[column] = old == step->before->end() ? std::nullopt : old->second;
      }
      back.before = now;
      back.after = was;
    }
    inverse.push_back(std::move(back));
  }
  return inverse;
}

std::optional<Row> read_row(SQLite::Database& db, const std::string& table, std::int64_t id) {
  std::string sql = "SELECT ";
  const auto& columns = columns_of(table);
  for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + quoted(columns[i]);
  SQLite::Statement select(db, sql + " FROM " + table + " WHERE id = ?");
  select.bind(1, id);
  if (!select.executeStep()) return std::nullopt;
  Row row;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const SQLite::Column column = select.getColumn(static_cast<int>(i));
    row[columns[i]] = column.isNull() ? std::nullopt : std::optional(column_value(column));
  }
  return row;
}

std::string describe(const std::string& table, std::int64_t id) {
  const std::string noun = table == "codings"       ? "coding"
                           : table == "codes"       ? "code"
                           : table == "suggestions" ? "suggestion"
                                                    : "memo";
  return noun + " " + std::to_string(id);
}

// Applies one step, checking first that the row is as the step expects.
void apply_step(SQLite::Database& db, const RowStep& step) {
  const auto& columns = columns_of(step.table);
  if (step.table == "suggestions" && (!step.before || !step.after)) {
    throw InputError("the change log decides suggestions; it does not add or remove them");
  }
  if (step.before) check_columns(step.table, *step.before);
  if (step.after) check_columns(step.table, *step.after);
  const std::optional<Row> current = read_row(db, step.table, step.id);
  if (!step.before) {
    if (current) {
      throw ConflictError(describe(step.table, step.id) + " exists already (added meanwhile)");
    }
  } else {
    if (!current) {
      throw ConflictError(describe(step.table, step.id) +
                          " no longer exists: it was deleted meanwhile");
    }
    for (const auto& [column, value] : *step.before) {
      if (current->at(column) != value) {
        throw ConflictError(describe(step.table, step.id) + " was changed meanwhile (its " +
                            column + " is no longer what this edit started from)");
      }
    }
  }
  if (!step.after) {
    SQLite::Statement remove(db, "DELETE FROM " + step.table + " WHERE id = ?");
    remove.bind(1, step.id);
    remove.exec();
    return;
  }
  std::string sql;
  std::vector<const std::optional<AttributeValue>*> values;
  if (!step.before) {
    std::string names = "id", marks = "?";
    for (const std::string& column : columns) {
      const auto value = step.after->find(column);
      if (value == step.after->end()) continue;
      names += ", " + quoted(column);
      marks += ", ?";
      values.push_back(&value->second);
    }
    sql = "INSERT INTO " + step.table + "(" + names + ") VALUES (" + marks + ")";
  } else {
    for (const auto& [column, value] : *step.after) {
      sql += (sql.empty() ? "" : ", ") + quoted(column) + " = ?";
      values.push_back(&value);
    }
    if (sql.empty()) return;
    sql = "UPDATE " + step.table + " SET " + sql + " WHERE id = ?";
  }
  SQLite::Statement statement(db, sql);
  int index = 1;
  if (!step.before) statement.bind(index++, step.id);
  for (const auto* value : values) {
    if (*value) {
      bind_value(statement, index++, **value);
    } else {
      statement.bind(index++);
    }
  }
  if (step.before) statement.bind(index, step.id);
  try {
    statement.exec();
  } catch (const SQLite::Exception& e) {
    if (e.getErrorCode() == SQLITE_CONSTRAINT) {
      throw ConflictError(describe(step.table, step.id) +
                          " cannot be written: it would duplicate another or break the "
                          "codebook (" +
                          e.what() + ")");
    }
    throw;
  }
}

// An id above every row of `table` and every id of it the log has inserted, so a row the
// log may bring back never finds its id taken by a new one.
std::int64_t fresh_id(SQLite::Database& db, const std::string& table) {
  SQLite::Statement in_table(db, "SELECT coalesce(max(id), 0) FROM " + table);
  in_table.executeStep();
  std::int64_t id = in_table.getColumn(0).getInt64();
  SQLite::Statement in_log(db, "SELECT value FROM project WHERE key = ?");
  in_log.bind(1, "log.max_id." + table);
  if (in_log.executeStep()) id = std::max<std::int64_t>(id, std::atoll(in_log.getColumn(0).getString().c_str()));
  in_log.reset();
  ++id;
  SQLite::Statement keep(db, "INSERT OR REPLACE INTO project(key, value) VALUES (?, ?)");
  keep.bind(1, "log.max_id." + table);
  keep.bind(2, std::to_string(id));
  keep.exec();
  return id;
}

constexpr const char* kLoggedColumns =
    "c.id, k.name, c.at, c.kind, c.summary, c.document_id, c.state, c.refers_to";

LoggedChange logged_from(SQLite::Statement& s) {
  LoggedChange change;
  change.id = s.getColumn(0).getInt64();
  change.coder = s.getColumn(1).getString();
  change.at = s.getColumn(2).getString();
  change.kind = s.getColumn(3).getString();
  change.summary = s.getColumn(4).getString();
  if (!s.getColumn(5).isNull()) change.document_id = s.getColumn(5).getInt64();
  change.state = s.getColumn(6).getString();
  if (!s.getColumn(7).isNull()) change.refers_to = s.getColumn(7).getInt64();
  return change;
}

std::int64_t log_entry(SQLite::Database& db, std::int64_t coder, const std::string& kind,
                       const std::string& summary, std::optional<std::int64_t> document,
                       const std::vector<RowStep>& forward, const std::string& state,
                       std::optional<std::int64_t> refers_to) {
  SQLite::Statement insert(db,
                           "INSERT INTO changes(coder_id, at, kind, summary, document_id, "
                           "forward, inverse, state, refers_to) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, coder);
  insert.bind(2, now_utc());
  insert.bind(3, kind);
  insert.bind(4, summary);
  if (document) {
    insert.bind(5, *document);
  } else {
    insert.bind(5);
  }
  insert.bind(6, steps_json(forward).dump());
  insert.bind(7, steps_json(inverse_of(forward)).dump());
  insert.bind(8, state);
  if (refers_to) {
    insert.bind(9, *refers_to);
  } else {
    insert.bind(9);
  }
  insert.exec();
  return db.getLastInsertRowid();
}

}  // namespace

AppliedChange Project::apply_change(const ChangeRecord& request) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    ChangeRecord change = request;
    AppliedChange applied;
    for (RowStep& step : change.steps) {
      if (!step.before && step.id == 0) step.id = fresh_id(impl_->db, step.table);
      if (!step.before && step.after && step.table != "codes" && !step.after->count("created")) {
        (*step.after)["created"] = AttributeValue{now_utc()};
      }
      apply_step(impl_->db, step);
      applied.ids.push_back(step.id);
    }
    const std::int64_t coder = coder_id(impl_->db, change.coder);
    SQLite::Statement drop(impl_->db,
                           "UPDATE changes SET state = 'dropped' WHERE coder_id = ? AND "
                           "state = 'undone'");
    drop.bind(1, coder);
    drop.exec();
    applied.log_id = log_entry(impl_->db, coder, change.kind, change.summary,
                               change.document_id, change.steps, "done", std::nullopt);
    transaction.commit();
    return applied;
  } catch (const SQLite::Exception& e) {
    impl_->fail("applying a change", e);
  }
}

namespace {

std::optional<LoggedChange> step_back_or_forth(SQLite::Database& db, const std::string& coder_name,
                                               bool undo) {
  SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
  const std::int64_t coder = coder_id(db, coder_name);
  // Undo takes the latest change still done; redo the change undone last, which is the
  // earliest on the redo stack, since undo walks back and a new change empties the stack.
  SQLite::Statement select(
      db, std::string("SELECT ") + kLoggedColumns + ", c.forward, c.inverse FROM changes c JOIN coders k ON k.id = c.coder_id WHERE c.coder_id = ? AND c.state = " +
              (undo ? "'done' ORDER BY c.id DESC" : "'undone' ORDER BY c.id ASC") + " LIMIT 1");
  select.bind(1, coder);
  if (!select.executeStep()) return std::nullopt;
  LoggedChange change = logged_from(select);
  const std::vector<RowStep> steps = json_steps(select.getColumn(undo ? 9 : 8).getString());
  select.reset();
  for (const RowStep& step : steps) apply_step(db, step);
  SQLite::Statement mark(db, "UPDATE changes SET state = ? WHERE id = ?");
  mark.bind(1, undo ? "undone" : "done");
  mark.bind(2, change.id);
  mark.exec();
  log_entry(db, coder, undo ? "undo" : "redo", (undo ? "undo: " : "redo: ") + change.summary,
            change.document_id, steps, "note", change.id);
  transaction.commit();
  change.state = undo ? "undone" : "done";
  return change;
}

}  // namespace

std::optional<LoggedChange> Project::undo(const std::string& coder) {
  try {
    return step_back_or_forth(impl_->db, coder, true);
  } catch (const SQLite::Exception& e) {
    impl_->fail("undoing a change", e);
  }
}

std::optional<LoggedChange> Project::redo(const std::string& coder) {
  try {
    return step_back_or_forth(impl_->db, coder, false);
  } catch (const SQLite::Exception& e) {
    impl_->fail("redoing a change", e);
  }
}

std::optional<Row> Project::row(const std::string& table, std::int64_t id) const {
  try {
    return read_row(impl_->db, table, id);
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading " + table, e);
  }
}

std::vector<std::pair<std::int64_t, Row>> Project::rows_where(const std::string& table,
                                                              const std::string& column,
                                                              std::int64_t value) const {
  try {
    const auto& columns = columns_of(table);
    if (std::find(columns.begin(), columns.end(), column) == columns.end()) {
      throw InputError("the change log has no column '" + column + "' in " + table);
    }
    std::string sql = "SELECT id";
    for (const std::string& c : columns) sql += ", " + quoted(c);
    SQLite::Statement select(impl_->db, sql + " FROM " + table + " WHERE " + quoted(column) +
                                            " = ? ORDER BY id");
    select.bind(1, value);
    std::vector<std::pair<std::int64_t, Row>> result;
    while (select.executeStep()) {
      Row row;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        const SQLite::Column c = select.getColumn(static_cast<int>(i + 1));
        row[columns[i]] = c.isNull() ? std::nullopt : std::optional(column_value(c));
      }
      result.emplace_back(select.getColumn(0).getInt64(), std::move(row));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading " + table, e);
  }
}

std::vector<LoggedChange> Project::changes_after(std::int64_t after, std::int64_t limit) const {
  try {
    SQLite::Statement select(impl_->db, std::string("SELECT ") + kLoggedColumns +
                                            " FROM changes c JOIN coders k ON k.id = c.coder_id "
                                            "WHERE c.id > ? ORDER BY c.id LIMIT ?");
    select.bind(1, after);
    select.bind(2, limit);
    std::vector<LoggedChange> result;
    while (select.executeStep()) result.push_back(logged_from(select));
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the change log", e);
  }
}

std::int64_t Project::last_change() const {
  try {
    return impl_->db.execAndGet("SELECT coalesce(max(id), 0) FROM changes").getInt64();
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the change log", e);
  }
}

std::optional<LoggedChange> Project::last_change_of(const std::string& table,
                                                    std::int64_t id) const {
  try {
    columns_of(table);
    SQLite::Statement select(
        impl_->db, std::string("SELECT ") + kLoggedColumns +
                       " FROM changes c JOIN coders k ON k.id = c.coder_id WHERE EXISTS (SELECT 1 "
                       "FROM json_each(c.forward) s WHERE json_extract(s.value, '$.table') = ? "
                       "AND json_extract(s.value, '$.id') = ?) ORDER BY c.id DESC LIMIT 1");
    select.bind(1, table);
    select.bind(2, id);
    if (!select.executeStep()) return std::nullopt;
    return logged_from(select);
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the change log", e);
  }
}

std::int64_t Project::ensure_coder(const std::string& name) {
  try {
    return coder_id(impl_->db, name);
  } catch (const SQLite::Exception& e) {
    impl_->fail("adding a coder", e);
  }
}

}  // namespace inzicht::store
