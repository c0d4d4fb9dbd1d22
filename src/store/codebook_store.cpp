// Codes, codings and memos in the project file.

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>

#include "store/project_impl.hpp"
#include "text/text.hpp"

namespace inzicht::store {

namespace {

using nlohmann::json;

model::Unit scope_from(const std::string& s) {
  if (s == "paragraph") return model::Unit::paragraph;
  if (s == "turn") return model::Unit::turn;
  return model::Unit::sentence;
}

model::SpeakerFilter speaker_from(const std::string& s) {
  if (s == "interviewer") return model::SpeakerFilter::interviewer;
  if (s == "any") return model::SpeakerFilter::any;
  return model::SpeakerFilter::respondent;
}

}  // namespace

// The details of a code that have no column of their own, as JSON.
std::string details_json(const model::Code& code) {
  json rules = json::array();
  for (const model::Rule& rule : code.rules) {
    json r = {{"keywords", rule.keywords}, {"all", rule.all},          {"any", rule.any},
              {"not", rule.not_terms},     {"scope", to_string(rule.scope)},
              {"speaker", to_string(rule.speaker)}, {"stem", rule.stem}};
    if (rule.near) r["near"] = {{"terms", rule.near->terms}, {"within", rule.near->within}};
    if (!rule.where.empty()) {
      json where = json::array();
      for (const auto& [name, value] : rule.where) where.push_back({name, value});
      r["where"] = std::move(where);
    }
    if (rule.regex) {
      r["regex"] = *rule.regex;
      r["case_sensitive"] = rule.regex_case_sensitive;
    }
    rules.push_back(std::move(r));
  }
  return json{{"include", code.include},
              {"exclude", code.exclude},
              {"examples", code.examples},
              {"fields", code.fields},
              {"rules", rules}}
      .dump();
}

namespace {

void read_details(const std::string& text, model::Code& code) {
  if (text.empty()) return;
  const json j = json::parse(text);
  code.include = j.value("include", std::vector<std::string>{});
  code.exclude = j.value("exclude", std::vector<std::string>{});
  code.examples = j.value("examples", std::vector<std::string>{});
  code.fields = j.value("fields", std::map<std::string, std::string>{});
  for (const json& r : j.value("rules", json::array())) {
    model::Rule rule;
    rule.keywords = r.value("keywords", std::vector<std::string>{});
    rule.all = r.value("all", std::vector<std::string>{});
    rule.any = r.value("any", std::vector<std::string>{});
    rule.not_terms = r.value("not", std::vector<std::string>{});
    rule.scope = scope_from(r.value("scope", "sentence"));
    rule.speaker = speaker_from(r.value("speaker", "respondent"));
    rule.stem = r.value("stem", true);
    for (const json& condition : r.value("where", json::array())) {
      rule.where.emplace_back(condition.at(0).get<std::string>(),
                              condition.at(1).get<std::string>());
    }
    if (r.contains("near")) {
      rule.near = model::Rule::Near{r["near"].value("terms", std::vector<std::string>{}),
                                    r["near"].value("within", 5)};
    }
    if (r.contains("regex")) {
      rule.regex = r["regex"].get<std::string>();
      rule.regex_case_sensitive = r.value("case_sensitive", false);
    }
    code.rules.push_back(std::move(rule));
  }
}

}  // namespace

// Every code of the project with its path, in pre-order.
std::vector<StoredCode> load_codes(SQLite::Database& db) {
  SQLite::Statement statement(db,
                              "SELECT id, parent_id, guid, name, description, color, codable, "
                              "position, details FROM codes ORDER BY position, id");
  std::vector<StoredCode> all;
  while (statement.executeStep()) {
    StoredCode stored;
    stored.id = statement.getColumn(0).getInt64();
    if (!statement.getColumn(1).isNull()) stored.parent = statement.getColumn(1).getInt64();
    stored.code.guid = statement.getColumn(2).getString();
    stored.code.name = statement.getColumn(3).getString();
    stored.code.description = statement.getColumn(4).getString();
    if (!statement.getColumn(5).isNull()) stored.code.color = statement.getColumn(5).getString();
    stored.code.codable = statement.getColumn(6).getInt() != 0;
    stored.position = statement.getColumn(7).getInt64();
    read_details(statement.getColumn(8).getString(), stored.code);
    all.push_back(std::move(stored));
  }
  // Pre-order by walking children in position order from the roots.
  std::map<std::optional<std::int64_t>, std::vector<std::size_t>> children;
  for (std::size_t i = 0; i < all.size(); ++i) children[all[i].parent].push_back(i);
  std::vector<StoredCode> ordered;
  std::function<void(std::optional<std::int64_t>, const std::string&)> walk =
      [&](std::optional<std::int64_t> parent, const std::string& prefix) {
        for (const std::size_t i : children[parent]) {
          StoredCode stored = all[i];
          stored.code.parent_path = prefix;
          stored.code.path = prefix.empty() ? stored.code.name : prefix + "/" + stored.code.name;
          const std::string path = stored.code.path;
          const std::int64_t id = stored.id;
          ordered.push_back(std::move(stored));
          walk(id, path);
        }
      };
  walk(std::nullopt, "");
  return ordered;
}

namespace {

// SQL for a coding filter; binds are collected in `values`.
std::string filter_sql(const CodingFilter& filter, const std::vector<StoredCode>& codes,
                       std::vector<std::string>& values, std::vector<std::int64_t>& code_ids) {
  std::string sql;
  if (!filter.code_paths.empty()) {
    for (const StoredCode& stored : codes) {
      for (const std::string& path : filter.code_paths) {
        if (stored.code.path == path || stored.code.path.rfind(path + "/", 0) == 0) {
          code_ids.push_back(stored.id);
          break;
        }
      }
    }
    sql += " AND g.code_id IN (SELECT value FROM json_each(?))";
  }
  const auto in_list = [&](const std::vector<std::string>& list, const char* column) {
    if (list.empty()) return;
    sql += std::string(" AND ") + column + " IN (SELECT value FROM json_each(?))";
    values.push_back(json(list).dump());
  };
  in_list(filter.coders, "k.name");
  in_list(filter.documents, "d.name");
  for (const auto& [name, value] : filter.where) {
    sql +=
        " AND EXISTS (SELECT 1 FROM case_attributes a WHERE a.case_id = c.id AND "
        "a.name = ? AND CAST(a.value AS TEXT) = ?)";
    values.push_back(name);
    values.push_back(value);
  }
  return sql;
}

}  // namespace

model::Codebook Project::codebook() const {
  try {
    model::Codebook codebook;
    codebook.name = setting("codebook").value_or(name());
    for (StoredCode& stored : load_codes(impl_->db)) codebook.codes.push_back(std::move(stored.code));
    return codebook;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the codebook", e);
  }
}

std::vector<CodeRow> Project::code_rows() const {
  try {
    std::vector<CodeRow> rows;
    for (StoredCode& stored : load_codes(impl_->db)) {
      rows.push_back({stored.id, std::move(stored.code.path), stored.parent, stored.code.codable});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the codebook", e);
  }
}

model::CodebookMerge Project::merge_codebook(
    const model::Codebook& codebook,
    const std::function<model::CodebookPlan(const std::vector<model::StoredCode>&)>& plan_for) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    std::vector<model::StoredCode> existing;
    for (StoredCode& stored : load_codes(impl_->db)) {
      existing.push_back({stored.id, stored.position, std::move(stored.code)});
    }
    const model::CodebookPlan plan = plan_for(existing);
    if (plan.steps.size() != codebook.codes.size()) {
      throw StorageError("a codebook plan must have one step per code");
    }
    SQLite::Statement insert(impl_->db,
                             "INSERT INTO codes(guid, parent_id, name, description, color, "
                             "codable, position, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    SQLite::Statement update(impl_->db,
                             "UPDATE codes SET parent_id = ?, name = ?, description = ?, "
                             "color = ?, codable = ?, position = ?, details = ? WHERE id = ?");
    std::vector<std::int64_t> id_of_step(plan.steps.size(), 0);
    for (std::size_t i = 0; i < plan.steps.size(); ++i) {
      const model::CodebookPlan::Step& step = plan.steps[i];
      const model::Code& code = codebook.codes[i];
      if (step.stored_id) id_of_step[i] = *step.stored_id;
      if (!step.write) continue;
      SQLite::Statement& s = step.stored_id ? update : insert;
      const int first = step.stored_id ? 1 : 2;
      if (!step.stored_id) s.bind(1, step.guid);
      if (step.parent) {
        s.bind(first, id_of_step[*step.parent]);
      } else {
        s.bind(first);
      }
      s.bind(first + 1, code.name);
      s.bind(first + 2, code.description);
      if (code.color) {
        s.bind(first + 3, *code.color);
      } else {
        s.bind(first + 3);
      }
      s.bind(first + 4, code.codable ? 1 : 0);
      s.bind(first + 5, static_cast<std::int64_t>(i));
      s.bind(first + 6, details_json(code));
      if (step.stored_id) s.bind(8, *step.stored_id);
      s.exec();
      s.reset();
      if (!step.stored_id) id_of_step[i] = impl_->db.getLastInsertRowid();
    }
    SQLite::Statement drop_codings(impl_->db, "DELETE FROM codings WHERE code_id = ?");
    SQLite::Statement drop_code(impl_->db, "DELETE FROM codes WHERE id = ?");
    SQLite::Statement drop_memos(impl_->db,
                                 "DELETE FROM memos WHERE target_kind = 'code' AND target_id = ?");
    for (const std::int64_t id : plan.drop) {
      for (SQLite::Statement* s : {&drop_codings, &drop_memos, &drop_code}) {
        s->bind(1, id);
        s->exec();
        s->reset();
      }
    }
    // The codebook's own name (`codebook:` in YAML, the project's name in a .qde) is kept
    // and exported with it.
    if (!codebook.name.empty()) set_setting("codebook", codebook.name);
    transaction.commit();
    return plan.report;
  } catch (const SQLite::Exception& e) {
    impl_->fail("loading the codebook", e);
  }
}

std::map<std::string, std::int64_t> Project::coding_counts(
    const std::vector<std::string>& coders) const {
  try {
    std::map<std::int64_t, std::string> path_of;
    for (const StoredCode& stored : load_codes(impl_->db)) path_of[stored.id] = stored.code.path;
    SQLite::Statement statement(impl_->db,
                                "SELECT g.code_id, count(*) FROM codings g JOIN coders k ON "
                                "k.id = g.coder_id WHERE (? = '[]' OR k.name IN (SELECT value "
                                "FROM json_each(?))) GROUP BY g.code_id");
    const std::string list = json(coders).dump();
    statement.bind(1, list);
    statement.bind(2, list);
    std::map<std::string, std::int64_t> counts;
    while (statement.executeStep()) {
      counts[path_of[statement.getColumn(0).getInt64()]] = statement.getColumn(1).getInt64();
    }
    return counts;
  } catch (const SQLite::Exception& e) {
    impl_->fail("counting codings", e);
  }
}

// What a CodingWriter keeps between batches: its transaction, and the ids it has looked up.
struct Project::CodingWriter::State {
  explicit State(SQLite::Database& db) : transaction(db, SQLite::TransactionBehavior::IMMEDIATE) {}
  SQLite::Transaction transaction;
  std::map<std::string, std::pair<std::int64_t, bool>> codes;        // path → id, codable
  std::map<std::string, std::pair<std::int64_t, Offset>> documents;  // name → id, length
  std::map<std::string, std::int64_t> coders;
  std::map<std::int64_t, std::string> path_of;  // code id → path, for added_per_code
  std::map<std::string, std::int64_t> added_per_code;
  std::int64_t added = 0;
  std::int64_t removed = 0;
  std::string now = now_utc();
};

Project::CodingWriter::CodingWriter(Project& project,
                                    const std::optional<CodingFilter>& remove_first)
    : project_(project) {
  Impl& impl = *project_.impl_;
  try {
    state_ = std::make_unique<State>(impl.db);
    if (remove_first) {
      std::vector<std::int64_t> ids;
      for (const Coding& coding : project_.codings(*remove_first)) ids.push_back(coding.id);
      state_->removed = static_cast<std::int64_t>(ids.size());
      for (const char* sql :
           {"DELETE FROM memos WHERE target_kind = 'coding' AND target_id IN "
            "(SELECT value FROM json_each(?))",
            "DELETE FROM codings WHERE id IN (SELECT value FROM json_each(?))"}) {
        SQLite::Statement remove(impl.db, sql);
        remove.bind(1, json(ids).dump());
        remove.exec();
      }
    }
    for (const StoredCode& stored : load_codes(impl.db)) {
      state_->codes[stored.code.path] = {stored.id, stored.code.codable};
      state_->path_of[stored.id] = stored.code.path;
    }
  } catch (const SQLite::Exception& e) {
    state_.reset();
    impl.fail("adding codings", e);
  }
}

Project::CodingWriter::~CodingWriter() = default;  // the transaction rolls back unless committed

std::int64_t Project::CodingWriter::added() const { return state_->added; }
std::int64_t Project::CodingWriter::removed() const { return state_->removed; }
const std::map<std::string, std::int64_t>& Project::CodingWriter::added_per_code() const {
  return state_->added_per_code;
}

void Project::CodingWriter::commit() {
  try {
    state_->transaction.commit();
  } catch (const SQLite::Exception& e) {
    project_.impl_->fail("adding codings", e);
  }
}

std::int64_t Project::CodingWriter::add(const std::vector<NewCoding>& codings,
                                        const std::vector<CodingOrigin>* origins) {
  if (origins && origins->size() != codings.size()) {
    throw InputError("add_codings: one origin per coding is needed");
  }
  Impl& impl = *project_.impl_;
  State& state = *state_;
  try {
    // Cached, not prepared again for each batch (autocode hands over one per document).
    ReusedStatement find_document =
        impl.statement("SELECT id, length FROM documents WHERE name = ?");
    // Each coding checked and turned into row ids first; then written many to a statement.
    struct Checked {
      std::int64_t document = 0, code = 0, coder = 0;
      const NewCoding* coding = nullptr;
      std::string words;  // its origin's words as JSON
    };
    std::vector<Checked> rows;
    rows.reserve(codings.size());
    for (std::size_t i = 0; i < codings.size(); ++i) {
      const NewCoding& coding = codings[i];
      auto document = state.documents.find(coding.document);
      if (document == state.documents.end()) {
        find_document->bind(1, coding.document);
        if (!find_document->executeStep()) {
          throw NotFoundError("no document named '" + coding.document + "'");
        }
        document = state.documents
                       .emplace(coding.document, std::pair{find_document->getColumn(0).getInt64(),
                                                           find_document->getColumn(1).getInt64()})
                       .first;
        find_document->reset();
      }
      const auto code = state.codes.find(coding.code);
      if (code == state.codes.end()) {
        std::vector<std::string> paths;
        for (const auto& [path, id] : state.codes) paths.push_back(path);
        const std::vector<std::string> near = text::near_names(coding.code, paths);
        std::string message = "no code '" + coding.code + "' in the codebook";
        for (std::size_t n = 0; n < near.size(); ++n) {
          message += (n == 0 ? " (did you mean " : ", ") + near[n];
        }
        throw NotFoundError(message + (near.empty() ? " (see inzicht codebook list)" : "?)"));
      }
      if (!code->second.second) {
        throw InputError("code '" + coding.code + "' is a grouping code (not codable)");
      }
      if (coding.span.start < 0 || coding.span.end > document->second.second ||
          coding.span.start >= coding.span.end) {
        throw InputError(coding.document + ": span " + std::to_string(coding.span.start) + ":" +
                         std::to_string(coding.span.end) + " is not inside the document (0:" +
                         std::to_string(document->second.second) + ")");
      }
      auto coder = state.coders.find(coding.coder);
      if (coder == state.coders.end()) {
        coder = state.coders.emplace(coding.coder, coder_id(impl.db, coding.coder)).first;
      }
      Checked row{document->second.first, code->second.first, coder->second, &coding, {}};
      if (origins) row.words = json((*origins)[i].words).dump();
      rows.push_back(std::move(row));
    }
    // A statement per coding cost more than the coding's rows: codings and origins go many
    // to a statement (for_each_chunk). RETURNING names the codings that were new (not
    // there already).
    std::int64_t added = 0;
    Impl::for_each_chunk(rows.size(), [&](std::size_t first, std::size_t n) {
      ReusedStatement insert = impl.statement(
          "INSERT OR IGNORE INTO codings(document_id, code_id, coder_id, start, \"end\", memo, "
          "created) VALUES " +
          Impl::values_sql(7, n) + " RETURNING code_id");
      for (std::size_t k = 0; k < n; ++k) {
        const Checked& row = rows[first + k];
        const int at = static_cast<int>(k) * 7 + 1;
        insert->bind(at, row.document);
        insert->bind(at + 1, row.code);
        insert->bind(at + 2, row.coder);
        insert->bind(at + 3, static_cast<std::int64_t>(row.coding->span.start));
        insert->bind(at + 4, static_cast<std::int64_t>(row.coding->span.end));
        if (row.coding->memo) {
          insert->bindNoCopy(at + 5, *row.coding->memo);
        } else {
          insert->bind(at + 5);
        }
        insert->bindNoCopy(at + 6, state.now);
      }
      while (insert->executeStep()) {
        ++added;
        ++state.added_per_code[state.path_of[insert->getColumn(0).getInt64()]];
      }
      if (!origins) return;
      // Each origin to its coding, new or there already; of two origins of one coding in
      // a statement the later one stays, as with one statement each (rows in order).
      ReusedStatement origin = impl.statement(
          "INSERT OR REPLACE INTO coding_origins(coding_id, rule, words, rules_hash) "
          "SELECT g.id, v.column6, v.column7, v.column8 FROM (VALUES " +
          Impl::values_sql(9, n) +
          ") v JOIN codings g ON g.document_id = v.column1 AND g.code_id = v.column2 AND "
          "g.coder_id = v.column3 AND g.start = v.column4 AND g.\"end\" = v.column5 "
          "ORDER BY v.column9");
      for (std::size_t k = 0; k < n; ++k) {
        const Checked& row = rows[first + k];
        const CodingOrigin& o = (*origins)[static_cast<std::size_t>(row.coding - codings.data())];
        const int at = static_cast<int>(k) * 9 + 1;
        origin->bind(at, row.document);
        origin->bind(at + 1, row.code);
        origin->bind(at + 2, row.coder);
        origin->bind(at + 3, static_cast<std::int64_t>(row.coding->span.start));
        origin->bind(at + 4, static_cast<std::int64_t>(row.coding->span.end));
        origin->bindNoCopy(at + 5, o.rule);
        origin->bindNoCopy(at + 6, row.words);
        origin->bindNoCopy(at + 7, o.rules_hash);
        origin->bind(at + 8, static_cast<std::int64_t>(k));
      }
      origin->exec();
    });
    state.added += added;
    return added;
  } catch (const SQLite::Exception& e) {
    impl.fail("adding codings", e);
  }
}

std::int64_t Project::add_codings(const std::vector<NewCoding>& codings,
                                  const std::optional<CodingFilter>& remove_first,
                                  std::map<std::string, std::int64_t>* added_per_code,
                                  std::int64_t* removed, const std::vector<CodingOrigin>* origins) {
  CodingWriter writer(*this, remove_first);
  const std::int64_t added = writer.add(codings, origins);
  writer.commit();
  if (removed) *removed = writer.removed();
  if (added_per_code) {
    for (const auto& [path, count] : writer.added_per_code()) (*added_per_code)[path] += count;
  }
  return added;
}

std::vector<Coding> Project::codings(const CodingFilter& filter) const {
  try {
    const std::vector<StoredCode> codes = load_codes(impl_->db);
    std::map<std::int64_t, std::string> path_of;
    for (const StoredCode& stored : codes) path_of[stored.id] = stored.code.path;
    std::vector<std::string> values;
    std::vector<std::int64_t> code_ids;
    const std::string where = filter_sql(filter, codes, values, code_ids);
    SQLite::Statement statement(
        impl_->db,
        "SELECT g.id, d.name, c.name, g.code_id, k.name, g.start, g.\"end\", g.memo, g.created "
        "FROM codings g JOIN documents d ON d.id = g.document_id JOIN cases c ON c.id = " +
            Project::Impl::passage_case_sql("g") + " JOIN coders k ON k.id = g.coder_id WHERE 1" +
            where + " ORDER BY d.name, g.start, g.\"end\", g.id");
    int index = 1;
    if (!filter.code_paths.empty()) statement.bind(index++, json(code_ids).dump());
    for (const std::string& value : values) statement.bind(index++, value);
    std::vector<Coding> result;
    while (statement.executeStep()) {
      Coding coding;
      coding.id = statement.getColumn(0).getInt64();
      coding.document = statement.getColumn(1).getString();
      coding.case_name = statement.getColumn(2).getString();
      coding.code = path_of[statement.getColumn(3).getInt64()];
      coding.coder = statement.getColumn(4).getString();
      coding.span = {statement.getColumn(5).getInt64(), statement.getColumn(6).getInt64()};
      if (!statement.getColumn(7).isNull()) coding.memo = statement.getColumn(7).getString();
      coding.created = statement.getColumn(8).getString();
      result.push_back(std::move(coding));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading codings", e);
  }
}

std::int64_t Project::remove_codings(const std::vector<std::int64_t>& ids) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    SQLite::Statement memos(impl_->db,
                            "DELETE FROM memos WHERE target_kind = 'coding' AND target_id IN "
                            "(SELECT value FROM json_each(?))");
    memos.bind(1, json(ids).dump());
    memos.exec();
    SQLite::Statement statement(impl_->db,
                                "DELETE FROM codings WHERE id IN (SELECT value FROM json_each(?))");
    statement.bind(1, json(ids).dump());
    const std::int64_t removed = statement.exec();
    transaction.commit();
    return removed;
  } catch (const SQLite::Exception& e) {
    impl_->fail("removing codings", e);
  }
}

std::int64_t Project::remove_codings(const CodingFilter& filter) {
  std::vector<std::int64_t> ids;
  for (const Coding& coding : codings(filter)) ids.push_back(coding.id);
  return remove_codings(ids);
}

std::int64_t Project::add_memo(const std::string& target_kind, const std::string& target,
                               const std::string& coder, const std::string& text) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    std::optional<std::int64_t> target_id;
    if (target_kind == "document") {
      SQLite::Statement s(impl_->db, "SELECT id FROM documents WHERE name = ?");
      s.bind(1, target);
      if (s.executeStep()) target_id = s.getColumn(0).getInt64();
    } else if (target_kind == "code") {
      for (const StoredCode& stored : load_codes(impl_->db)) {
        if (stored.code.path == target) target_id = stored.id;
      }
    } else if (target_kind == "coding") {
      SQLite::Statement s(impl_->db, "SELECT id FROM codings WHERE id = ?");
      s.bind(1, static_cast<std::int64_t>(std::atoll(target.c_str())));
      if (s.executeStep()) target_id = s.getColumn(0).getInt64();
    } else {
      throw InputError("a memo goes on a document, a code or a coding, not '" + target_kind + "'");
    }
    if (!target_id) throw NotFoundError("no " + target_kind + " '" + target + "' for the memo");
    SQLite::Statement coder_insert(impl_->db, "INSERT OR IGNORE INTO coders(name) VALUES (?)");
    coder_insert.bind(1, coder);
    coder_insert.exec();
    SQLite::Statement insert(impl_->db,
                             "INSERT INTO memos(target_kind, target_id, coder_id, text, created) "
                             "VALUES (?, ?, (SELECT id FROM coders WHERE name = ?), ?, ?)");
    insert.bind(1, target_kind);
    insert.bind(2, *target_id);
    insert.bind(3, coder);
    insert.bind(4, text);
    insert.bind(5, now_utc());
    insert.exec();
    const std::int64_t id = impl_->db.getLastInsertRowid();
    transaction.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    impl_->fail("adding a memo", e);
  }
}

std::vector<Memo> Project::memos(const std::string& target_kind, const std::string& target) const {
  try {
    std::map<std::int64_t, std::string> path_of;
    for (const StoredCode& stored : load_codes(impl_->db)) path_of[stored.id] = stored.code.path;
    SQLite::Statement statement(impl_->db,
                                "SELECT m.id, m.target_kind, m.target_id, d.name, k.name, m.text, "
                                "m.created FROM memos m LEFT JOIN coders k ON k.id = m.coder_id "
                                "LEFT JOIN documents d ON m.target_kind = 'document' AND d.id = "
                                "m.target_id ORDER BY m.id");
    std::vector<Memo> result;
    while (statement.executeStep()) {
      Memo memo;
      memo.id = statement.getColumn(0).getInt64();
      memo.target_kind = statement.getColumn(1).getString();
      const std::int64_t target_id = statement.getColumn(2).getInt64();
      if (memo.target_kind == "document") {
        memo.target = statement.getColumn(3).getString();
      } else if (memo.target_kind == "code") {
        memo.target = path_of[target_id];
      } else {
        memo.target = std::to_string(target_id);
      }
      memo.coder = statement.getColumn(4).getString();
      memo.text = statement.getColumn(5).getString();
      memo.created = statement.getColumn(6).getString();
      if (!target_kind.empty() && memo.target_kind != target_kind) continue;
      if (!target.empty() && memo.target != target) continue;
      result.push_back(std::move(memo));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading memos", e);
  }
}

}  // namespace inzicht::store
