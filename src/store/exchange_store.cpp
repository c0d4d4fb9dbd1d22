// A whole project in and out as exchange data (REFI-QDA): one transaction for an import,
// GUIDs made once and kept for every later export.

#include <algorithm>
#include <set>

#include "store/exchange.hpp"
#include "store/project_impl.hpp"

namespace inzicht::store {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::int64_t count_of(SQLite::Database& db, const char* sql) {
  return db.execAndGet(sql).getInt64();
}

void bind_optional(SQLite::Statement& statement, int index, const std::string& text) {
  if (text.empty()) {
    statement.bind(index);
  } else {
    statement.bind(index, text);
  }
}

// Which REFI-QDA type holds every value given.
std::string type_of(const std::vector<AttributeValue>& values) {
  bool all_integers = true, all_numbers = true;
  for (const AttributeValue& value : values) {
    if (std::holds_alternative<std::string>(value)) all_integers = all_numbers = false;
    if (std::holds_alternative<double>(value)) all_integers = false;
  }
  if (values.empty()) return "Text";
  return all_integers ? "Integer" : all_numbers ? "Float" : "Text";
}

}  // namespace

bool Project::is_empty() const {
  try {
    return count_of(impl_->db,
                    "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM codes) + "
                    "(SELECT count(*) FROM codings) + (SELECT count(*) FROM memos)") == 0;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the project", e);
  }
}

void Project::import_exchange(const Exchange& exchange) {
  SQLite::Database& db = impl_->db;
  try {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    if (!is_empty()) {
      throw InputError(impl_->path +
                       ": a REFI-QDA project imports into a new or empty project; this one "
                       "has documents, codes, codings or memos already");
    }
    const std::string now = now_utc();

    std::map<std::string, std::int64_t> coder_ids;  // lower-case GUID → id
    {
      SQLite::Statement insert(db, "INSERT INTO coders(name, guid) VALUES (?, ?)");
      SQLite::Statement find(db, "SELECT id FROM coders WHERE name = ?");
      for (const ExchangeUser& user : exchange.users) {
        find.bind(1, user.name);
        if (find.executeStep()) {
          // A coder of that name without a GUID may exist (made by a memo's author).
          const std::int64_t id = find.getColumn(0).getInt64();
          find.reset();
          SQLite::Statement update(db, "UPDATE coders SET guid = ? WHERE id = ?");
          update.bind(1, user.guid);
          update.bind(2, id);
          update.exec();
          coder_ids[lower(user.guid)] = id;
          continue;
        }
        find.reset();
        insert.bind(1, user.name);
        insert.bind(2, user.guid);
        insert.exec();
        insert.reset();
        coder_ids[lower(user.guid)] = db.getLastInsertRowid();
      }
    }
    const auto coder_id = [&](const std::string& guid, const std::string& what) {
      const auto found = coder_ids.find(lower(guid));
      if (found == coder_ids.end()) throw InputError(what + ": no user with GUID " + guid);
      return found->second;
    };

    std::map<std::string, std::pair<std::int64_t, bool>> code_ids;  // GUID → id, codable
    {
      std::map<std::string, std::int64_t> by_path;
      SQLite::Statement insert(db,
                               "INSERT INTO codes(guid, parent_id, name, description, color, "
                               "codable, position, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
      std::int64_t position = 0;
      for (const model::Code& code : exchange.codebook.codes) {
        insert.bind(1, code.guid);
        if (code.parent_path.empty()) {
          insert.bind(2);
        } else {
          const auto parent = by_path.find(code.parent_path);
          if (parent == by_path.end()) {
            throw InputError("code " + code.path + ": its parent is not in the codebook");
          }
          insert.bind(2, parent->second);
        }
        insert.bind(3, code.name);
        insert.bind(4, code.description);
        if (code.color) {
          insert.bind(5, *code.color);
        } else {
          insert.bind(5);
        }
        insert.bind(6, code.codable ? 1 : 0);
        insert.bind(7, position++);
        insert.bind(8, details_json(code));
        insert.exec();
        insert.reset();
        by_path[code.path] = db.getLastInsertRowid();
        code_ids[lower(code.guid)] = {db.getLastInsertRowid(), code.codable};
      }
    }

    {
      SQLite::Statement insert(
          db, "INSERT INTO attribute_variables(name, guid, type, description) VALUES (?, ?, ?, ?)");
      for (const ExchangeVariable& variable : exchange.variables) {
        insert.bind(1, variable.name);
        insert.bind(2, variable.guid);
        insert.bind(3, variable.type);
        bind_optional(insert, 4, variable.description);
        insert.exec();
        insert.reset();
      }
    }

    std::map<std::string, std::int64_t> case_ids;  // lower-case GUID → id
    {
      SQLite::Statement set_guid(db, "UPDATE cases SET guid = ? WHERE id = ?");
      for (const ExchangeCase& c : exchange.cases) {
        const std::int64_t id = impl_->ensure_case(c.name);
        set_guid.bind(1, c.guid);
        set_guid.bind(2, id);
        set_guid.exec();
        set_guid.reset();
        case_ids[lower(c.guid)] = id;
        for (const auto& [name, value] : c.attributes) impl_->set_attribute(id, name, value);
      }
    }

    std::map<std::string, std::pair<std::int64_t, Offset>> document_ids;  // name → id, length
    std::map<std::string, std::int64_t> document_guids;                   // lower-case GUID → id
    for (const ExchangeDocument& d : exchange.documents) {
      const model::Document& document = d.document;
      if (document_ids.count(document.name)) {
        throw InputError(document.name + ": two documents of that name");
      }
      const std::int64_t case_id = impl_->ensure_case(d.case_name);
      const std::int64_t id = impl_->insert_document_row(
          "case_id, name, format, encoding, source_path, content_hash, length, imported_at, "
          "guid",
          [&](SQLite::Statement& insert) {
            insert.bind(1, case_id);
            insert.bind(2, document.name);
            insert.bind(3, document.format);
            insert.bind(4, document.encoding);
            insert.bind(5, d.source_path);
            insert.bind(6, d.content_hash);
            insert.bind(7, static_cast<std::int64_t>(document.length));
            insert.bind(8, now);
            insert.bind(9, d.guid);
          },
          document.text);
      impl_->insert_structure(id, document);
      document_ids[document.name] = {id, document.length};
      document_guids[lower(d.guid)] = id;
    }

    std::map<std::string, std::int64_t> coding_ids;  // lower-case GUID → id
    {
      SQLite::Statement insert(db,
                               "INSERT OR IGNORE INTO codings(document_id, code_id, coder_id, "
                               "start, \"end\", memo, created, guid) VALUES (?, ?, ?, ?, ?, ?, "
                               "?, ?)");
      SQLite::Statement existing(db,
                                 "SELECT id FROM codings WHERE document_id = ? AND code_id = ? "
                                 "AND coder_id = ? AND start = ? AND \"end\" = ?");
      for (const ExchangeCoding& coding : exchange.codings) {
        const std::string what = "coding " + coding.guid + " in " + coding.document;
        const auto document = document_ids.find(coding.document);
        if (document == document_ids.end()) throw InputError(what + ": no such document");
        const auto code = code_ids.find(lower(coding.code_guid));
        if (code == code_ids.end()) throw InputError(what + ": no code " + coding.code_guid);
        if (!code->second.second) {
          throw InputError(what + ": code " + coding.code_guid + " is not codable");
        }
        if (coding.span.start < 0 || coding.span.start >= coding.span.end ||
            coding.span.end > document->second.second) {
          throw InputError(what + ": span " + std::to_string(coding.span.start) + ":" +
                           std::to_string(coding.span.end) + " is not inside the document (0:" +
                           std::to_string(document->second.second) + ")");
        }
        const std::int64_t coder = coder_id(coding.coder_guid, what);
        insert.bind(1, document->second.first);
        insert.bind(2, code->second.first);
        insert.bind(3, coder);
        insert.bind(4, coding.span.start);
        insert.bind(5, coding.span.end);
        if (coding.memo) {
          insert.bind(6, *coding.memo);
        } else {
          insert.bind(6);
        }
        insert.bind(7, coding.created.empty() ? now : coding.created);
        insert.bind(8, coding.guid);
        if (insert.exec() == 1) {
          coding_ids[lower(coding.guid)] = db.getLastInsertRowid();
        } else {
          // The same code on the same span by the same coder twice: one coding, reached
          // by either GUID.
          existing.bind(1, document->second.first);
          existing.bind(2, code->second.first);
          existing.bind(3, coder);
          existing.bind(4, coding.span.start);
          existing.bind(5, coding.span.end);
          existing.executeStep();
          coding_ids[lower(coding.guid)] = existing.getColumn(0).getInt64();
          existing.reset();
        }
        insert.reset();
      }
    }

    {
      SQLite::Statement insert(db,
                               "INSERT INTO memos(target_kind, target_id, coder_id, text, "
                               "created, guid) VALUES (?, ?, ?, ?, ?, ?)");
      for (const ExchangeMemo& memo : exchange.memos) {
        const std::string what = "memo " + memo.guid;
        std::optional<std::int64_t> target;
        const auto find = [&](const std::map<std::string, std::int64_t>& ids) {
          const auto found = ids.find(lower(memo.target_guid));
          if (found == ids.end()) {
            throw InputError(what + ": no " + memo.target_kind + " with GUID " + memo.target_guid);
          }
          target = found->second;
        };
        if (memo.target_kind == "case") {
          find(case_ids);
        } else if (memo.target_kind == "document") {
          find(document_guids);
        } else if (memo.target_kind == "coding") {
          find(coding_ids);
        } else if (memo.target_kind == "code") {
          const auto found = code_ids.find(lower(memo.target_guid));
          if (found == code_ids.end()) throw InputError(what + ": no code " + memo.target_guid);
          target = found->second.first;
        } else if (memo.target_kind != "project") {
          throw InputError(what + ": a memo cannot go on a " + memo.target_kind);
        }
        insert.bind(1, memo.target_kind);
        if (target) {
          insert.bind(2, *target);
        } else {
          insert.bind(2);
        }
        if (memo.coder_guid.empty()) {
          insert.bind(3);
        } else {
          insert.bind(3, coder_id(memo.coder_guid, what));
        }
        insert.bind(4, memo.text);
        insert.bind(5, memo.created.empty() ? now : memo.created);
        insert.bind(6, memo.guid);
        insert.exec();
        insert.reset();
      }
    }

    {
      SQLite::Statement insert(db, "INSERT INTO sets(guid, name, description) VALUES (?, ?, ?)");
      SQLite::Statement member(
          db, "INSERT INTO set_members(set_id, position, kind, target_guid) VALUES (?, ?, ?, ?)");
      for (const ExchangeSet& set : exchange.sets) {
        insert.bind(1, set.guid);
        insert.bind(2, set.name);
        bind_optional(insert, 3, set.description);
        insert.exec();
        insert.reset();
        const std::int64_t id = db.getLastInsertRowid();
        std::int64_t position = 0;
        for (const auto& [kind, guid] : set.members) {
          member.bind(1, id);
          member.bind(2, position++);
          member.bind(3, kind);
          member.bind(4, guid);
          member.exec();
          member.reset();
        }
      }
    }
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    impl_->fail("importing the exchanged project", e);
  }
}

std::int64_t Project::assign_guids(std::string (*new_guid)()) {
  SQLite::Database& db = impl_->db;
  try {
    SQLite::Transaction transaction(db, SQLite::TransactionBehavior::IMMEDIATE);
    std::int64_t made = 0;
    for (const char* table : {"cases", "documents", "coders", "codings", "memos"}) {
      std::vector<std::int64_t> ids;
      SQLite::Statement select(
          db, std::string("SELECT id FROM ") + table + " WHERE guid IS NULL ORDER BY id");
      while (select.executeStep()) ids.push_back(select.getColumn(0).getInt64());
      SQLite::Statement update(db, std::string("UPDATE ") + table + " SET guid = ? WHERE id = ?");
      for (const std::int64_t id : ids) {
        update.bind(1, new_guid());
        update.bind(2, id);
        update.exec();
        update.reset();
        ++made;
      }
    }
    std::map<std::string, std::vector<AttributeValue>> values;
    SQLite::Statement select(db,
                             "SELECT a.name, a.value FROM case_attributes a WHERE a.name NOT IN "
                             "(SELECT name FROM attribute_variables) ORDER BY a.name");
    while (select.executeStep()) {
      values[select.getColumn(0).getString()].push_back(column_value(select.getColumn(1)));
    }
    SQLite::Statement insert(db,
                             "INSERT INTO attribute_variables(name, guid, type) VALUES (?, ?, ?)");
    for (const auto& [name, list] : values) {
      insert.bind(1, name);
      insert.bind(2, new_guid());
      insert.bind(3, type_of(list));
      insert.exec();
      insert.reset();
      ++made;
    }
    transaction.commit();
    return made;
  } catch (const SQLite::Exception& e) {
    impl_->fail("giving GUIDs", e);
  }
}

Exchange Project::exchange(const std::vector<std::string>& coders,
                           const std::vector<std::string>& documents) const {
  SQLite::Database& db = impl_->db;
  try {
    Exchange out;
    const std::set<std::string> wanted_coders(coders.begin(), coders.end());
    const std::set<std::string> wanted_documents(documents.begin(), documents.end());

    std::map<std::int64_t, std::string> coder_guid;
    {
      SQLite::Statement select(db,
                               "SELECT id, guid, name FROM coders WHERE guid IS NOT NULL "
                               "ORDER BY id");
      while (select.executeStep()) {
        const std::string name = select.getColumn(2).getString();
        coder_guid[select.getColumn(0).getInt64()] = select.getColumn(1).getString();
        if (wanted_coders.empty() || wanted_coders.count(name)) {
          out.users.push_back({select.getColumn(1).getString(), name});
        }
      }
    }
    out.codebook = codebook();
    std::map<std::int64_t, std::string> code_guid;
    for (const CodeRow& row : code_rows()) {
      for (const model::Code& code : out.codebook.codes) {
        if (code.path == row.path) code_guid[row.id] = code.guid;
      }
    }

    std::map<std::int64_t, std::string> document_guid, document_name;
    std::map<std::int64_t, std::string> case_of_document;
    std::set<std::int64_t> kept_cases;
    {
      SQLite::Statement select(db,
                               "SELECT d.id, d.guid, d.name, d.text, c.id, c.name FROM documents "
                               "d JOIN cases c ON c.id = d.case_id WHERE d.guid IS NOT NULL "
                               "ORDER BY d.id");
      while (select.executeStep()) {
        const std::string name = select.getColumn(2).getString();
        if (!wanted_documents.empty() && !wanted_documents.count(name)) continue;
        const std::int64_t id = select.getColumn(0).getInt64();
        ExchangeDocument document;
        document.guid = select.getColumn(1).getString();
        document.document.name = name;
        document.document.text = select.getColumn(3).getString();
        document.case_name = select.getColumn(5).getString();
        document_guid[id] = document.guid;
        document_name[id] = name;
        kept_cases.insert(select.getColumn(4).getInt64());
        out.documents.push_back(std::move(document));
      }
      // A document with a case per speaker keeps its speakers' cases too.
      SQLite::Statement speakers(db,
                                 "SELECT DISTINCT case_id FROM turns WHERE document_id = ? "
                                 "AND case_id IS NOT NULL");
      for (const auto& [id, name] : document_name) {
        speakers.bind(1, static_cast<std::int64_t>(id));
        while (speakers.executeStep()) kept_cases.insert(speakers.getColumn(0).getInt64());
        speakers.reset();
      }
    }
    for (const std::string& name : wanted_documents) {
      if (std::none_of(out.documents.begin(), out.documents.end(),
                       [&](const ExchangeDocument& d) { return d.document.name == name; })) {
        throw NotFoundError("no document named '" + name + "'");
      }
    }

    std::map<std::int64_t, std::string> case_guid;
    {
      std::map<std::string, std::string> types;
      SQLite::Statement variables(db,
                                  "SELECT name, guid, type, description FROM "
                                  "attribute_variables ORDER BY name");
      while (variables.executeStep()) {
        out.variables.push_back(
            {variables.getColumn(1).getString(), variables.getColumn(0).getString(),
             variables.getColumn(2).getString(), variables.getColumn(3).getString()});
      }
      SQLite::Statement select(db,
                               "SELECT id, guid, name FROM cases WHERE guid IS NOT NULL ORDER "
                               "BY id");
      SQLite::Statement attributes(db,
                                   "SELECT name, value FROM case_attributes WHERE case_id = ? "
                                   "ORDER BY name");
      while (select.executeStep()) {
        const std::int64_t id = select.getColumn(0).getInt64();
        case_guid[id] = select.getColumn(1).getString();
        if (!wanted_documents.empty() && !kept_cases.count(id)) continue;
        ExchangeCase c{select.getColumn(1).getString(), select.getColumn(2).getString(), {}};
        attributes.bind(1, id);
        while (attributes.executeStep()) {
          c.attributes[attributes.getColumn(0).getString()] = column_value(attributes.getColumn(1));
        }
        attributes.reset();
        out.cases.push_back(std::move(c));
      }
    }

    std::map<std::int64_t, std::string> coding_guid;
    {
      SQLite::Statement select(db,
                               "SELECT id, guid, document_id, code_id, coder_id, start, \"end\", "
                               "memo, created FROM codings WHERE guid IS NOT NULL ORDER BY "
                               "document_id, start, \"end\", id");
      while (select.executeStep()) {
        const std::int64_t document = select.getColumn(2).getInt64();
        const std::int64_t coder = select.getColumn(4).getInt64();
        if (!document_guid.count(document) || !coder_guid.count(coder)) continue;
        const auto user =
            std::find_if(out.users.begin(), out.users.end(),
                         [&](const ExchangeUser& u) { return u.guid == coder_guid[coder]; });
        if (user == out.users.end()) continue;
        ExchangeCoding coding;
        coding.guid = select.getColumn(1).getString();
        coding.document = document_name[document];
        coding.code_guid = code_guid[select.getColumn(3).getInt64()];
        coding.coder_guid = coder_guid[coder];
        coding.span = {select.getColumn(5).getInt64(), select.getColumn(6).getInt64()};
        if (!select.getColumn(7).isNull()) coding.memo = select.getColumn(7).getString();
        coding.created = select.getColumn(8).getString();
        coding_guid[select.getColumn(0).getInt64()] = coding.guid;
        out.codings.push_back(std::move(coding));
      }
    }

    std::set<std::string> memo_guids;
    {
      SQLite::Statement select(db,
                               "SELECT guid, target_kind, target_id, coder_id, text, created "
                               "FROM memos WHERE guid IS NOT NULL ORDER BY id");
      while (select.executeStep()) {
        ExchangeMemo memo;
        memo.guid = select.getColumn(0).getString();
        memo.target_kind = select.getColumn(1).getString();
        const std::int64_t target = select.getColumn(2).getInt64();
        const std::map<std::int64_t, std::string>* guids =
            memo.target_kind == "case"       ? &case_guid
            : memo.target_kind == "document" ? &document_guid
            : memo.target_kind == "code"     ? &code_guid
            : memo.target_kind == "coding"   ? &coding_guid
                                             : nullptr;
        if (guids) {
          const auto found = guids->find(target);
          if (found == guids->end()) continue;  // its target is not exported
          memo.target_guid = found->second;
        }
        if (memo.target_kind == "case" && !wanted_documents.empty() && !kept_cases.count(target)) {
          continue;
        }
        if (!select.getColumn(3).isNull()) {
          const auto found = coder_guid.find(select.getColumn(3).getInt64());
          if (found != coder_guid.end()) memo.coder_guid = found->second;
        }
        memo.text = select.getColumn(4).getString();
        memo.created = select.getColumn(5).getString();
        memo_guids.insert(lower(memo.guid));
        out.memos.push_back(std::move(memo));
      }
    }

    {
      std::set<std::string> present;
      for (const auto& [id, guid] : code_guid) present.insert("code:" + lower(guid));
      for (const auto& [id, guid] : document_guid) present.insert("document:" + lower(guid));
      for (const std::string& guid : memo_guids) present.insert("memo:" + guid);
      SQLite::Statement select(db, "SELECT id, guid, name, description FROM sets ORDER BY id");
      SQLite::Statement members(db,
                                "SELECT kind, target_guid FROM set_members WHERE set_id = ? "
                                "ORDER BY position");
      while (select.executeStep()) {
        ExchangeSet set{select.getColumn(1).getString(),
                        select.getColumn(2).getString(),
                        select.getColumn(3).getString(),
                        {}};
        members.bind(1, select.getColumn(0).getInt64());
        while (members.executeStep()) {
          std::string kind = members.getColumn(0).getString();
          std::string guid = members.getColumn(1).getString();
          if (present.count(kind + ":" + lower(guid))) {
            set.members.emplace_back(std::move(kind), std::move(guid));
          }
        }
        members.reset();
        out.sets.push_back(std::move(set));
      }
    }
    return out;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the project for export", e);
  }
}

}  // namespace inzicht::store
