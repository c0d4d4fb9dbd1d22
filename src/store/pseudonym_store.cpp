// Reading and rewriting every participant text at once, for pseudonymisation.

#include <filesystem>
#include <set>

#include "store/codings_cache.hpp"
#include "store/project.hpp"
#include "store/project_impl.hpp"
#include "store/structure_cache.hpp"

namespace inzicht::store {

namespace {

ParticipantTexts read_participant_texts(const Project& project, SQLite::Database& db) {
  ParticipantTexts texts;
  texts.meta = project.meta();
  {
    SQLite::Statement statement(db, "SELECT id, name, source_path FROM documents ORDER BY id");
    while (statement.executeStep()) {
      ParticipantDocument document;
      document.id = statement.getColumn(0).getInt64();
      document.source_path = statement.getColumn(2).getString();
      document.document = project.load_document(statement.getColumn(1).getString());
      document.codings = project.codings_of(document.document.name);
      texts.documents.push_back(std::move(document));
    }
  }
  SQLite::Statement cases(db, "SELECT id, name FROM cases ORDER BY id");
  while (cases.executeStep()) {
    texts.cases.emplace_back(cases.getColumn(0).getInt64(), cases.getColumn(1).getString());
  }
  SQLite::Statement attributes(db,
                               "SELECT case_id, name, value FROM case_attributes "
                               "WHERE typeof(value) = 'text' ORDER BY case_id, name");
  while (attributes.executeStep()) {
    texts.attributes[{attributes.getColumn(0).getInt64(), attributes.getColumn(1).getString()}] =
        attributes.getColumn(2).getString();
  }
  SQLite::Statement memos(db, "SELECT id, text FROM memos ORDER BY id");
  while (memos.executeStep()) {
    texts.memos.emplace_back(memos.getColumn(0).getInt64(), memos.getColumn(1).getString());
  }
  SQLite::Statement codes(db, "SELECT id, description, details FROM codes ORDER BY id");
  while (codes.executeStep()) {
    ParticipantTexts::CodeTexts code;
    code.id = codes.getColumn(0).getInt64();
    if (!codes.getColumn(1).isNull()) code.description = codes.getColumn(1).getString();
    if (!codes.getColumn(2).isNull()) code.details = codes.getColumn(2).getString();
    texts.codes.push_back(std::move(code));
  }
  return texts;
}

bool same_structure(const model::Document& a, const model::Document& b) {
  if (a.turns.size() != b.turns.size() || a.paragraphs.size() != b.paragraphs.size() ||
      a.sentences.size() != b.sentences.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.turns.size(); ++i) {
    if (a.turns[i].speaker != b.turns[i].speaker || !(a.turns[i].span == b.turns[i].span)) {
      return false;
    }
  }
  for (std::size_t i = 0; i < a.paragraphs.size(); ++i) {
    if (!(a.paragraphs[i].span == b.paragraphs[i].span)) return false;
  }
  for (std::size_t i = 0; i < a.sentences.size(); ++i) {
    if (!(a.sentences[i].span == b.sentences[i].span)) return false;
  }
  return true;
}

template <typename T>
void check_unique(const std::vector<T>& rows, const std::string& what,
                  const std::function<std::string(const T&)>& name) {
  std::set<std::string> seen;
  for (const T& row : rows) {
    if (!seen.insert(name(row)).second) {
      throw InputError("two " + what + " would both be named '" + name(row) +
                       "'; give their originals different pseudonyms");
    }
  }
}

}  // namespace

std::map<std::string, std::string> Project::meta() const {
  try {
    SQLite::Statement statement(impl_->db, "SELECT key, value FROM project ORDER BY key");
    std::map<std::string, std::string> result;
    while (statement.executeStep()) {
      result.emplace(statement.getColumn(0).getString(), statement.getColumn(1).getString());
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the project table", e);
  }
}

std::string Project::identity() {
  try {
    impl_->db.exec(
        "INSERT OR IGNORE INTO project(key, value) VALUES ('id', lower(hex(randomblob(16))))");
    return impl_->db.execAndGet("SELECT value FROM project WHERE key = 'id'").getString();
  } catch (const SQLite::Exception& e) {
    impl_->fail("giving the project an id", e);
  }
}

ParticipantTexts Project::participant_texts() const {
  try {
    SQLite::Transaction transaction(impl_->db);  // one consistent snapshot
    ParticipantTexts texts = read_participant_texts(*this, impl_->db);
    transaction.commit();
    return texts;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading participant texts", e);
  }
}

Scrub Project::rewrite_participant_texts(
    const std::function<ParticipantRewrite(const ParticipantTexts&)>& plan, bool scrub) {
  auto write_documents = [](auto& impl, const std::vector<ParticipantDocument>& before,
                            const std::vector<ParticipantDocument>& after) {
  if (before.size() != after.size()) throw InputError("a rewrite must keep every document");
  check_unique<ParticipantDocument>(after, "documents",
                                    [](const ParticipantDocument& d) { return d.document.name; });
  SQLite::Statement update(impl.db,
                           "UPDATE documents SET name = ?, source_path = ?, text = ?, length = ? "
                           "WHERE id = ?");
  SQLite::Statement move(impl.db,
                         "UPDATE codings SET start = ?, \"end\" = ?, memo = ? WHERE id = ?");
  for (std::size_t i = 0; i < after.size(); ++i) {
    const ParticipantDocument& old_document = before[i];
    const ParticipantDocument& document = after[i];
    if (document.id != old_document.id) throw InputError("a rewrite must keep document order");
    const model::Document& a = old_document.document;
    const model::Document& b = document.document;
    if (a.name != b.name || a.text != b.text || old_document.source_path != document.source_path) {
      update.bind(1, b.name);
      update.bind(2, document.source_path);
      update.bind(3, b.text);
      update.bind(4, static_cast<std::int64_t>(b.length));
      update.bind(5, static_cast<std::int64_t>(document.id));
      update.exec();
      update.reset();
    }
    if (a.text != b.text || !same_structure(a, b)) {
      if (a.turns.size() != b.turns.size()) {
        throw InputError(b.name + ": a rewrite must keep every turn");
      }
      const auto turn_cases = impl.turn_cases(document.id);  // the turns stay where they were
      impl.delete_structure(document.id);
      impl.insert_structure(document.id, b);
      impl.set_turn_cases(document.id, turn_cases);
    }
    if (old_document.codings.size() != document.codings.size()) {
      throw InputError(b.name + ": a rewrite must keep every coding");
    }
    for (std::size_t c = 0; c < document.codings.size(); ++c) {
      const StoredCoding& was = old_document.codings[c];
      const StoredCoding& is = document.codings[c];
      if (was.span == is.span && was.memo == is.memo) continue;
      move.bind(1, static_cast<std::int64_t>(is.span.start));
      move.bind(2, static_cast<std::int64_t>(is.span.end));
      if (is.memo) {
        move.bind(3, *is.memo);
      } else {
        move.bind(3);
      }
      move.bind(4, static_cast<std::int64_t>(is.id));
      move.exec();
      move.reset();
    }
  }
};
  try {
    // Deleted rows are overwritten with zeros as they go, so that even before VACUUM the
    // old text lingers in as few pages as SQLite can manage.
    impl_->db.exec("PRAGMA secure_delete = ON");
    {
      SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
      const ParticipantTexts before = read_participant_texts(*this, impl_->db);
      const ParticipantRewrite rewrite = plan(before);
      const ParticipantTexts& after = rewrite.texts;
      write_documents(*impl_, before.documents, after.documents);

      check_unique<std::pair<std::int64_t, std::string>>(
          after.cases, "cases", [](const auto& c) { return c.second; });
      SQLite::Statement rename_case(impl_->db, "UPDATE cases SET name = ? WHERE id = ?");
      for (std::size_t i = 0; i < after.cases.size() && i < before.cases.size(); ++i) {
        if (after.cases[i] == before.cases[i]) continue;
        rename_case.bind(1, after.cases[i].second);
        rename_case.bind(2, static_cast<std::int64_t>(after.cases[i].first));
        rename_case.exec();
        rename_case.reset();
      }
      SQLite::Statement attribute(impl_->db,
                                  "UPDATE case_attributes SET value = ? "
                                  "WHERE case_id = ? AND name = ?");
      for (const auto& [where, value] : after.attributes) {
        const auto was = before.attributes.find(where);
        if (was == before.attributes.end() || was->second == value) continue;
        attribute.bind(1, value);
        attribute.bind(2, static_cast<std::int64_t>(where.first));
        attribute.bind(3, where.second);
        attribute.exec();
        attribute.reset();
      }
      SQLite::Statement memo(impl_->db, "UPDATE memos SET text = ? WHERE id = ?");
      for (std::size_t i = 0; i < after.memos.size() && i < before.memos.size(); ++i) {
        if (after.memos[i] == before.memos[i]) continue;
        memo.bind(1, after.memos[i].second);
        memo.bind(2, static_cast<std::int64_t>(after.memos[i].first));
        memo.exec();
        memo.reset();
      }
      SQLite::Statement code(impl_->db,
                             "UPDATE codes SET description = ?, details = ? WHERE id = ?");
      for (std::size_t i = 0; i < after.codes.size() && i < before.codes.size(); ++i) {
        const ParticipantTexts::CodeTexts& c = after.codes[i];
        if (c == before.codes[i]) continue;
        if (c.description) {
          code.bind(1, *c.description);
        } else {
          code.bind(1);
        }
        if (c.details) {
          code.bind(2, *c.details);
        } else {
          code.bind(2);
        }
        code.bind(3, static_cast<std::int64_t>(c.id));
        code.exec();
        code.reset();
      }
      SQLite::Statement set_meta(impl_->db,
                                 "INSERT OR REPLACE INTO project(key, value) VALUES (?, ?)");
      SQLite::Statement drop_meta(impl_->db, "DELETE FROM project WHERE key = ?");
      for (const auto& [key, value] : rewrite.meta) {
        SQLite::Statement& statement = value ? set_meta : drop_meta;
        statement.bind(1, key);
        if (value) statement.bind(2, *value);
        statement.exec();
        statement.reset();
      }
      // Rows that hold participants' words with positions into the old text: the
      // workbench's change log (undo steps, summaries with quotes), suggestions (their
      // spans and weighing words) and the words rules matched. None can follow the new
      // text, so they go: undo starts afresh, suggestions are made again, and
      // `segments --explain` still names the rule, without its words.
      impl_->db.exec("DELETE FROM changes");
      impl_->db.exec("DELETE FROM suggestions");
      impl_->db.exec("UPDATE coding_origins SET words = '[]'");
      // Deleting rows from FTS5 leaves the old tokens in its segments until they merge;
      // rebuilding writes the index afresh from the turns as they are now.
      impl_->db.exec("INSERT INTO turn_search(turn_search) VALUES ('rebuild')");
      transaction.commit();
    }
    impl_->db.exec("PRAGMA secure_delete = OFF");
  } catch (const SQLite::Exception& e) {
    impl_->fail("rewriting participant texts", e);
  }
  // The flat copies beside the project are stale now, and their offsets (word starts,
  // sentence ends) still trace the old texts: gone too, to be written afresh when read.
  for (const std::string& copy :
       {codings_cache::path_of(impl_->path), structure_cache::path_of(impl_->path)}) {
    std::error_code ignored;
    if (!copy.empty()) std::filesystem::remove(copy, ignored);
  }
  Scrub result;
  if (!scrub) return result;
  // VACUUM writes the database afresh (into the WAL, in WAL mode), so no free page keeps
  // an old text; the checkpoint then copies it into the file and truncates the WAL, which
  // held the old pages too. Both fail quietly while another connection reads the file.
  try {
    impl_->db.exec("VACUUM");
    result.vacuumed = true;
  } catch (const SQLite::Exception&) {
    result.vacuumed = false;
  }
  try {
    SQLite::Statement checkpoint(impl_->db, "PRAGMA wal_checkpoint(TRUNCATE)");
    if (checkpoint.executeStep()) {
      result.checkpointed = checkpoint.getColumn(0).getInt() == 0 &&
                            checkpoint.getColumn(1).getInt() == checkpoint.getColumn(2).getInt();
    }
  } catch (const SQLite::Exception&) {
    result.checkpointed = false;
  }
  return result;
}

}  // namespace inzicht::store
