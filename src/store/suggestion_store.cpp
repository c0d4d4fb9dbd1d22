// Suggestions, and the rules that made codings, in the project file.

#include <nlohmann/json.hpp>

#include "store/project_impl.hpp"

namespace inzicht::store {

namespace {

using nlohmann::json;

std::vector<std::string> words_from(const std::string& text) {
  if (text.empty()) return {};
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return {};
  std::vector<std::string> words;
  for (const json& word : j) {
    if (word.is_string()) words.push_back(word.get<std::string>());
  }
  return words;
}

// The ids of the codes under each path of `paths` (the code and its descendants). Throws
// NotFoundError for a path that is not in the codebook.
std::vector<std::int64_t> code_ids_under(const std::vector<StoredCode>& codes,
                                         const std::vector<std::string>& paths) {
  std::vector<std::int64_t> ids;
  for (const std::string& path : paths) {
    bool found = false;
    for (const StoredCode& stored : codes) {
      if (stored.code.path == path || stored.code.path.rfind(path + "/", 0) == 0) {
        ids.push_back(stored.id);
        found = true;
      }
    }
    if (!found) throw NotFoundError("no code '" + path + "' in the codebook");
  }
  return ids;
}

// The WHERE clause of a suggestion filter over `suggestions s JOIN documents d`; binds go
// to `binds` in order.
std::string filter_sql(const SuggestionFilter& filter, const std::vector<StoredCode>& codes,
                       std::vector<std::variant<std::string, double>>& binds) {
  std::string sql = " WHERE 1";
  if (!filter.ids.empty()) {
    sql += " AND s.id IN (SELECT value FROM json_each(?))";
    binds.emplace_back(json(filter.ids).dump());
  }
  if (!filter.code_paths.empty()) {
    sql += " AND s.code_id IN (SELECT value FROM json_each(?))";
    binds.emplace_back(json(code_ids_under(codes, filter.code_paths)).dump());
  }
  if (!filter.documents.empty()) {
    sql += " AND d.name IN (SELECT value FROM json_each(?))";
    binds.emplace_back(json(filter.documents).dump());
  }
  if (!filter.source.empty()) {
    sql += " AND s.source = ?";
    binds.emplace_back(filter.source);
  }
  if (filter.state) {
    sql += " AND s.state = ?";
    binds.emplace_back(std::string(to_string(*filter.state)));
  }
  if (filter.min_score) {
    sql += " AND s.score >= ?";
    binds.emplace_back(*filter.min_score);
  }
  return sql;
}

void bind_all(SQLite::Statement& statement,
              const std::vector<std::variant<std::string, double>>& binds) {
  int index = 1;
  for (const auto& value : binds) {
    if (const auto* text = std::get_if<std::string>(&value)) {
      statement.bind(index++, *text);
    } else {
      statement.bind(index++, std::get<double>(value));
    }
  }
}

}  // namespace

const char* to_string(SuggestionState state) {
  switch (state) {
    case SuggestionState::pending:
      return "pending";
    case SuggestionState::accepted:
      return "accepted";
    case SuggestionState::rejected:
      return "rejected";
  }
  return "pending";
}

SuggestionState parse_suggestion_state(const std::string& name) {
  if (name == "pending") return SuggestionState::pending;
  if (name == "accepted") return SuggestionState::accepted;
  if (name == "rejected") return SuggestionState::rejected;
  throw InputError("'" + name + "' is not a suggestion state (pending, accepted or rejected)");
}

std::map<std::int64_t, CodingOrigin> Project::coding_origins(
    const std::vector<std::int64_t>& ids) const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT coding_id, rule, words, rules_hash FROM coding_origins "
                                "WHERE coding_id IN (SELECT value FROM json_each(?))");
    statement.bind(1, json(ids).dump());
    std::map<std::int64_t, CodingOrigin> result;
    while (statement.executeStep()) {
      result[statement.getColumn(0).getInt64()] = {statement.getColumn(1).getString(),
                                                   words_from(statement.getColumn(2).getString()),
                                                   statement.getColumn(3).getString()};
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the rules that made codings", e);
  }
}

std::map<std::string, std::map<std::string, std::int64_t>> Project::rules_hashes(
    const std::string& coder) const {
  try {
    std::map<std::int64_t, std::string> path_of;
    for (const StoredCode& stored : load_codes(impl_->db)) path_of[stored.id] = stored.code.path;
    // Counted here rather than by GROUP BY: sorting every coding of the coder cost more
    // than reading them.
    SQLite::Statement statement(impl_->db,
                                "SELECT g.code_id, o.rules_hash FROM codings g "
                                "LEFT JOIN coding_origins o ON o.coding_id = g.id "
                                "WHERE g.coder_id = (SELECT id FROM coders WHERE name = ?)");
    statement.bind(1, coder);
    std::map<std::int64_t, std::map<std::string, std::int64_t, std::less<>>> counts;
    while (statement.executeStep()) {
      const SQLite::Column hash = statement.getColumn(1);
      const char* text = hash.isNull() ? "" : hash.getText();
      auto& of_code = counts[statement.getColumn(0).getInt64()];
      const std::string_view key(text, static_cast<std::size_t>(hash.isNull() ? 0 : hash.getBytes()));
      const auto found = of_code.find(key);
      if (found != of_code.end()) {
        ++found->second;
      } else {
        of_code.emplace(std::string(key), 1);
      }
    }
    std::map<std::string, std::map<std::string, std::int64_t>> result;
    for (auto& [code, hashes] : counts) {
      for (auto& [hash, count] : hashes) result[path_of[code]][hash] += count;
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("counting the rules versions of codings", e);
  }
}

std::int64_t Project::add_suggestions(const std::vector<NewSuggestion>& suggestions,
                                      const std::string& source,
                                      const std::vector<std::string>& replace_pending) {
  if (source != "rule" && source != "model") {
    throw InputError("a suggestion comes from a rule or a model, not '" + source + "'");
  }
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::vector<StoredCode> codes = load_codes(impl_->db);
    if (!replace_pending.empty()) {
      SQLite::Statement remove(impl_->db,
                               "DELETE FROM suggestions WHERE state = 'pending' AND source = ? "
                               "AND code_id IN (SELECT value FROM json_each(?))");
      remove.bind(1, source);
      remove.bind(2, json(code_ids_under(codes, replace_pending)).dump());
      remove.exec();
    }
    std::map<std::string, std::pair<std::int64_t, bool>> code_of;  // path → id, codable
    for (const StoredCode& stored : codes) {
      code_of[stored.code.path] = {stored.id, stored.code.codable};
    }
    std::map<std::string, std::pair<std::int64_t, Offset>> documents;  // name → id, length
    SQLite::Statement find_document(impl_->db, "SELECT id, length FROM documents WHERE name = ?");
    SQLite::Statement insert(impl_->db,
                             "INSERT OR IGNORE INTO suggestions(document_id, code_id, start, "
                             "\"end\", score, source, origin, words, created) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    const std::string now = now_utc();
    std::int64_t added = 0;
    for (const NewSuggestion& suggestion : suggestions) {
      if (suggestion.source != source) {
        throw InputError("a suggestion from " + suggestion.source + " among those from " + source);
      }
      auto document = documents.find(suggestion.document);
      if (document == documents.end()) {
        find_document.bind(1, suggestion.document);
        if (!find_document.executeStep()) {
          throw NotFoundError("no document named '" + suggestion.document + "'");
        }
        document = documents
                       .emplace(suggestion.document,
                                std::pair{find_document.getColumn(0).getInt64(),
                                          find_document.getColumn(1).getInt64()})
                       .first;
        find_document.reset();
      }
      const auto code = code_of.find(suggestion.code_path);
      if (code == code_of.end()) {
        throw NotFoundError("no code '" + suggestion.code_path + "' in the codebook");
      }
      if (!code->second.second) {
        throw InputError("code '" + suggestion.code_path + "' is a grouping code (not codable)");
      }
      if (suggestion.span.start < 0 || suggestion.span.end > document->second.second ||
          suggestion.span.start >= suggestion.span.end) {
        throw InputError(suggestion.document + ": span " + std::to_string(suggestion.span.start) +
                         ":" + std::to_string(suggestion.span.end) +
                         " is not inside the document");
      }
      insert.bind(1, document->second.first);
      insert.bind(2, code->second.first);
      insert.bind(3, suggestion.span.start);
      insert.bind(4, suggestion.span.end);
      insert.bind(5, suggestion.score);
      insert.bind(6, suggestion.source);
      insert.bind(7, suggestion.origin);
      insert.bind(8, json(suggestion.words).dump());
      insert.bind(9, now);
      added += insert.exec();
      insert.reset();
    }
    transaction.commit();
    return added;
  } catch (const SQLite::Exception& e) {
    impl_->fail("adding suggestions", e);
  }
}

std::vector<Suggestion> Project::suggestions(const SuggestionFilter& filter) const {
  try {
    const std::vector<StoredCode> codes = load_codes(impl_->db);
    std::map<std::int64_t, std::string> path_of;
    for (const StoredCode& stored : codes) path_of[stored.id] = stored.code.path;
    std::vector<std::variant<std::string, double>> binds;
    const std::string where = filter_sql(filter, codes, binds);
    SQLite::Statement statement(
        impl_->db,
        "SELECT s.id, d.name, c.name, s.code_id, s.start, s.\"end\", s.score, s.source, "
        "s.origin, s.words, s.state, coalesce(k.name, ''), coalesce(s.decided_at, ''), s.created "
        "FROM suggestions s JOIN documents d ON d.id = s.document_id "
        "JOIN cases c ON c.id = " +
            Project::Impl::passage_case_sql("s") + " LEFT JOIN coders k ON k.id = s.decided_by" +
            where + " ORDER BY d.name, s.start, s.\"end\", s.code_id, s.id");
    bind_all(statement, binds);
    std::vector<Suggestion> result;
    while (statement.executeStep()) {
      Suggestion s;
      s.id = statement.getColumn(0).getInt64();
      s.document = statement.getColumn(1).getString();
      s.case_name = statement.getColumn(2).getString();
      s.code_id = statement.getColumn(3).getInt64();
      s.code_path = path_of[s.code_id];
      s.span = {statement.getColumn(4).getInt64(), statement.getColumn(5).getInt64()};
      s.score = statement.getColumn(6).getDouble();
      s.source = statement.getColumn(7).getString();
      s.origin = statement.getColumn(8).getString();
      s.words = words_from(statement.getColumn(9).getString());
      s.state = parse_suggestion_state(statement.getColumn(10).getString());
      s.decided_by = statement.getColumn(11).getString();
      s.decided_at = statement.getColumn(12).getString();
      s.created = statement.getColumn(13).getString();
      result.push_back(std::move(s));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading suggestions", e);
  }
}

SuggestionDecision Project::decide_suggestions(const SuggestionFilter& filter,
                                               SuggestionState state, const std::string& coder) {
  if (state == SuggestionState::pending) {
    throw InputError("a suggestion is accepted or rejected; it cannot be made pending again");
  }
  if (coder.empty()) throw InputError("deciding a suggestion needs a coder");
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::vector<Suggestion> matched = suggestions(filter);
    std::vector<std::int64_t> ids;
    for (const Suggestion& s : matched) {
      const bool can = s.state == SuggestionState::pending ||
                       (s.state == SuggestionState::rejected && state == SuggestionState::accepted);
      if (can) {
        ids.push_back(s.id);
      } else if (!filter.ids.empty()) {
        throw InputError("suggestion " + std::to_string(s.id) + " is " + to_string(s.state) +
                         " already (by " + s.decided_by + ", " + s.decided_at + ")");
      }
    }
    if (!filter.ids.empty() && matched.size() != filter.ids.size()) {
      for (const std::int64_t id : filter.ids) {
        bool found = false;
        for (const Suggestion& s : matched) found = found || s.id == id;
        if (!found) throw NotFoundError("no suggestion " + std::to_string(id));
      }
    }
    SuggestionDecision decision;
    if (ids.empty()) return decision;
    const std::int64_t decider = coder_id(impl_->db, coder);
    const std::string now = now_utc();
    if (state == SuggestionState::accepted) {
      SQLite::Statement insert(impl_->db,
                               "INSERT OR IGNORE INTO codings(document_id, code_id, coder_id, "
                               "start, \"end\", memo, created) SELECT document_id, code_id, ?, "
                               "start, \"end\", NULL, ? FROM suggestions WHERE id = ?");
      for (const std::int64_t id : ids) {
        insert.bind(1, decider);
        insert.bind(2, now);
        insert.bind(3, id);
        decision.codings_added += insert.exec();
        insert.reset();
      }
    }
    SQLite::Statement update(impl_->db,
                             "UPDATE suggestions SET state = ?, decided_by = ?, decided_at = ? "
                             "WHERE id IN (SELECT value FROM json_each(?))");
    update.bind(1, std::string(to_string(state)));
    update.bind(2, decider);
    update.bind(3, now);
    update.bind(4, json(ids).dump());
    decision.decided = update.exec();
    transaction.commit();
    return decision;
  } catch (const SQLite::Exception& e) {
    impl_->fail("deciding suggestions", e);
  }
}

}  // namespace inzicht::store
