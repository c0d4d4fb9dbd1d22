#include "store/project.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <set>

#include "base/error.hpp"
#include "store/project_impl.hpp"
#include "store/schema.hpp"
#include "store/search_query.hpp"
#include "text/text.hpp"

namespace inzicht::store {

namespace {

// Splits FTS5 highlight() output, with matches wrapped in \x01 … \x02, into the plain
// text and the code-point spans of the matches. Decoded text never holds C0 controls, so
// the markers cannot clash with the transcript.
void split_highlight(const std::string& marked, std::string& plain, std::vector<Span>& matches) {
  plain.clear();
  matches.clear();
  Offset position = 0;
  Offset match_start = 0;
  for (const char c : marked) {
    if (c == '\x01') {
      match_start = position;
    } else if (c == '\x02') {
      matches.push_back({match_start, position});
    } else {
      plain.push_back(c);
      // Count code points: every byte that is not a UTF-8 continuation byte starts one.
      if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++position;
    }
  }
}

}  // namespace

std::string to_string(const AttributeValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) {
    std::string s = std::to_string(*d);
    // std::to_string gives six decimals; drop the zeros a person did not write.
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
  }
  return std::get<std::string>(value);
}

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

Project Project::create(const std::string& path, const std::string& name) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    throw InputError(path + ": already exists; inzicht init never overwrites a file");
  }
  std::unique_ptr<Impl> impl;
  try {
    impl = std::make_unique<Impl>(
        path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX);
    impl->db.exec("PRAGMA journal_mode = WAL");
    // With WAL, NORMAL never corrupts the file; a power cut can lose only the last
    // commits, and it spares an fsync per imported file.
    impl->db.exec("PRAGMA synchronous = NORMAL");
    impl->db.exec("PRAGMA foreign_keys = ON");
    impl->db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    impl->migrate();
    SQLite::Transaction transaction(impl->db);
    SQLite::Statement meta(impl->db, "INSERT INTO project(key, value) VALUES (?, ?)");
    for (const auto& [key, value] : {std::pair<std::string, std::string>{"name", name},
                                     {"created", now_utc()},
                                     {"created_by", "inzicht"}}) {
      meta.bind(1, key);
      meta.bind(2, value);
      meta.exec();
      meta.reset();
    }
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    impl.reset();
    std::filesystem::remove(path, ec);
    throw StorageError(path + ": cannot create project: " + e.what());
  }
  return Project(std::move(impl));
}

namespace {

// SQLite URI for `path`, with the characters a URI gives meaning to escaped.
std::string file_uri(const std::string& path, const char* parameters) {
  std::string uri = "file:";
  for (const char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      char escaped[4];
      std::snprintf(escaped, sizeof escaped, "%%%02X", static_cast<unsigned char>(c));
      uri += escaped;
    } else {
      uri += c;
    }
  }
  return uri + "?" + parameters;
}

}  // namespace

Project Project::open(const std::string& path, Access mode) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw NotFoundError(path + ": no such project (create one with: inzicht init)");
  }
  // Opening a FIFO blocks until someone writes to it, and a device or directory is no
  // project either: refuse before touching it.
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError(path + ": not an inzicht project (not a regular file" +
                     (std::filesystem::is_directory(status) ? std::string(" but a directory")
                                                            : std::string()) +
                     ")");
  }
  {
    // Check the SQLite magic ourselves: SQLite would otherwise happily treat an empty or
    // foreign file as a new database.
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path + ": cannot open the project for reading");
    char magic[16] = {};
    in.read(magic, sizeof magic);
    if (in.gcount() != sizeof magic || std::string(magic, 15) != "SQLite format 3") {
      throw InputError(path + ": not an inzicht project (not an SQLite database)");
    }
  }
  // A Project is used by one thread at a time, so SQLite need not lock the connection
  // around every call; on a million rows that locking cost a tenth of the read.
  const int read_write = SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX;
  const int read_only = SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX;
  const bool writing = mode == Access::read_write;
  std::unique_ptr<Impl> impl;
  int version = 0;
  const auto check = [&] {
    impl->db.setBusyTimeout(5000);
    const int application_id = impl->db.execAndGet("PRAGMA application_id").getInt();
    if (application_id != kApplicationId) {
      throw InputError(path + ": not an inzicht project (an SQLite database of another program)");
    }
    version = impl->user_version();
    if (version < 0) {
      throw InputError(path + ": damaged project: its schema version is " +
                       std::to_string(version) + ", which no inzicht wrote");
    }
    if (version > kSchemaVersion) {
      throw InputError(path + ": written by a newer inzicht (project schema " +
                       std::to_string(version) + ", this inzicht knows up to " +
                       std::to_string(kSchemaVersion) + "); upgrade inzicht to open it");
    }
  };
  try {
    if (!writing) {
      try {
        impl = std::make_unique<Impl>(path, read_only);
        check();
      } catch (const SQLite::Exception&) {
        // A WAL project on a read-only folder: SQLite cannot create the -shm file it
        // reads through. Nobody can write to such a folder, so reading it as immutable is
        // safe; anywhere else the error stands.
        std::filesystem::path folder = std::filesystem::path(path).parent_path();
        if (folder.empty()) folder = ".";
        if (::access(folder.c_str(), W_OK) == 0) throw;
        impl = std::make_unique<Impl>(file_uri(path, "immutable=1"),
                                      read_only | SQLite::OPEN_URI);
        impl->path = path;
        check();
      }
      if (version == kSchemaVersion) return Project(std::move(impl));
      impl.reset();  // an older schema: migrate it, which needs writing
    }
    impl = std::make_unique<Impl>(path, read_write);
    check();
    impl->db.exec("PRAGMA foreign_keys = ON");
    impl->db.exec("PRAGMA journal_mode = WAL");
    // With WAL, NORMAL never corrupts the file; a power cut can lose only the last
    // commits, and it spares an fsync per imported file.
    impl->db.exec("PRAGMA synchronous = NORMAL");
    impl->migrate();
  } catch (const SQLite::Exception& e) {
    const bool no_write = writing || version < kSchemaVersion;
    std::string hint;
    if (no_write && ::access(path.c_str(), W_OK) != 0) {
      hint = " (the file or its folder is read-only" +
             std::string(writing ? "" : ", and this project needs upgrading to the current "
                                       "schema, which writes to it") + ")";
    }
    throw StorageError(path + ": cannot open project: " + e.what() + hint);
  }
  return Project(std::move(impl));
}

const std::string& Project::path() const { return impl_->path; }

std::string Project::name() const {
  try {
    SQLite::Statement statement(impl_->db, "SELECT value FROM project WHERE key = 'name'");
    return statement.executeStep() ? statement.getColumn(0).getString() : std::string();
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the project name", e);
  }
}

int Project::schema_version() const { return impl_->user_version(); }

std::optional<std::string> Project::setting(const std::string& key) const {
  try {
    SQLite::Statement statement(impl_->db, "SELECT value FROM project WHERE key = ?");
    statement.bind(1, key);
    if (!statement.executeStep()) return std::nullopt;
    return statement.getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the project setting " + key, e);
  }
}

std::string Project::language() const { return setting("language").value_or("nl"); }

void Project::set_setting(const std::string& key, const std::string& value) {
  try {
    SQLite::Statement statement(impl_->db,
                                "INSERT INTO project(key, value) VALUES (?, ?) "
                                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    statement.bind(1, key);
    statement.bind(2, value);
    statement.exec();
  } catch (const SQLite::Exception& e) {
    impl_->fail("setting " + key, e);
  }
}

namespace {

constexpr const char* kDocumentColumns =
    "SELECT d.id, d.name, c.name, d.format, d.encoding, d.source_path, d.content_hash, "
    "d.imported_at, d.length, "
    "(SELECT count(*) FROM turns t WHERE t.document_id = d.id), "
    "(SELECT count(*) FROM codings g WHERE g.document_id = d.id), d.layout, "
    "(SELECT group_concat(DISTINCT t.speaker) FROM turns t "
    "WHERE t.document_id = d.id AND t.speaker <> ''), d.case_per_speaker "
    "FROM documents d JOIN cases c ON c.id = d.case_id ";

DocumentSummary read_summary(SQLite::Statement& statement) {
  DocumentSummary summary;
  summary.id = statement.getColumn(0).getInt64();
  summary.name = statement.getColumn(1).getString();
  summary.case_name = statement.getColumn(2).getString();
  summary.format = statement.getColumn(3).getString();
  summary.encoding = statement.getColumn(4).getString();
  summary.source_path = statement.getColumn(5).getString();
  summary.content_hash = statement.getColumn(6).getString();
  summary.imported_at = statement.getColumn(7).getString();
  summary.length = statement.getColumn(8).getInt64();
  summary.turns = statement.getColumn(9).getInt64();
  summary.codings = statement.getColumn(10).getInt64();
  summary.layout = statement.getColumn(11).getString();
  // group_concat separates with ','; a name holding one splits there, which only the
  // listing sees.
  const std::string speakers = statement.getColumn(12).getString();
  for (std::size_t at = 0; !speakers.empty() && at <= speakers.size();) {
    std::size_t comma = speakers.find(',', at);
    if (comma == std::string::npos) comma = speakers.size();
    summary.speakers.push_back(speakers.substr(at, comma - at));
    at = comma + 1;
  }
  summary.case_per_speaker = statement.getColumn(13).getInt() != 0;
  return summary;
}

}  // namespace

std::optional<DocumentSummary> Project::find_document(const std::string& name) const {
  try {
    ReusedStatement statement = impl_->statement(std::string(kDocumentColumns) + "WHERE d.name = ?");
    statement->bind(1, name);
    if (!statement->executeStep()) return std::nullopt;
    return read_summary(*statement);
  } catch (const SQLite::Exception& e) {
    impl_->fail("looking up document " + name, e);
  }
}

DocumentSummary Project::resolve_document(const std::string& name) const {
  if (auto exact = find_document(name)) return *exact;
  std::vector<DocumentSummary> stems;
  for (DocumentSummary& document : documents()) {
    if (std::filesystem::path(document.name).stem().string() == name) {
      stems.push_back(std::move(document));
    }
  }
  if (stems.size() == 1) return stems.front();
  std::string message = "no document named '" + name + "' in " + impl_->path;
  if (stems.empty()) {
    std::vector<std::string> names;
    for (const auto& [hash, document] : document_hashes()) names.push_back(document);
    const std::vector<std::string> near = text::near_names(name, names);
    if (!near.empty()) {
      message += " (did you mean";
      for (std::size_t i = 0; i < near.size(); ++i) message += (i ? ", " : " ") + near[i];
      message += "?)";
      throw NotFoundError(message);
    }
  }
  if (stems.size() > 1) {
    message = "'" + name + "' could be any of:";
    for (const auto& document : stems) message += " " + document.name;
  }
  throw NotFoundError(message + " (inzicht docs lists them)");
}

std::vector<DocumentSummary> Project::documents() const {
  try {
    SQLite::Statement statement(impl_->db, std::string(kDocumentColumns) + "ORDER BY d.name");
    std::vector<DocumentSummary> result;
    while (statement.executeStep()) result.push_back(read_summary(statement));
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("listing documents", e);
  }
}

model::Document Project::load_document(const std::string& name) const {
  try {
    ReusedStatement reused_head = impl_->statement(
        "SELECT id, name, format, encoding, text, length, layout FROM documents WHERE name = ?");
    SQLite::Statement& head = *reused_head;
    head.bind(1, name);
    if (!head.executeStep()) {
      throw NotFoundError("no document named '" + name + "' in " + impl_->path);
    }
    const std::int64_t id = head.getColumn(0).getInt64();
    model::Document document;
    document.name = head.getColumn(1).getString();
    document.format = head.getColumn(2).getString();
    document.encoding = head.getColumn(3).getString();
    document.text = head.getColumn(4).getString();
    document.length = head.getColumn(5).getInt64();
    document.layout = head.getColumn(6).getString();

    ReusedStatement reused_turns = impl_->statement(
        "SELECT speaker, role, start, \"end\", time_ms FROM turns WHERE document_id = ? "
        "ORDER BY idx");
    SQLite::Statement& turns = *reused_turns;
    turns.bind(1, static_cast<std::int64_t>(id));
    while (turns.executeStep()) {
      model::Turn turn;
      turn.speaker = turns.getColumn(0).getString();
      turn.role = role_from(turns.getColumn(1).getString());
      turn.span = {turns.getColumn(2).getInt64(), turns.getColumn(3).getInt64()};
      if (!turns.getColumn(4).isNull()) turn.time_ms = turns.getColumn(4).getInt64();
      document.turns.push_back(std::move(turn));
    }
    ReusedStatement reused_paragraphs = impl_->statement(
        "SELECT turn_idx, start, \"end\" FROM paragraphs WHERE document_id = ? ORDER BY idx");
    SQLite::Statement& paragraphs = *reused_paragraphs;
    paragraphs.bind(1, static_cast<std::int64_t>(id));
    while (paragraphs.executeStep()) {
      document.paragraphs.push_back(
          {{paragraphs.getColumn(1).getInt64(), paragraphs.getColumn(2).getInt64()},
           static_cast<std::size_t>(paragraphs.getColumn(0).getInt64())});
    }
    ReusedStatement reused_sentences = impl_->statement(
        "SELECT paragraph_idx, start, \"end\" FROM sentences WHERE document_id = ? ORDER BY idx");
    SQLite::Statement& sentences = *reused_sentences;
    sentences.bind(1, static_cast<std::int64_t>(id));
    while (sentences.executeStep()) {
      document.sentences.push_back(
          {{sentences.getColumn(1).getInt64(), sentences.getColumn(2).getInt64()},
           static_cast<std::size_t>(sentences.getColumn(0).getInt64())});
    }
    return document;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading document " + name, e);
  }
}

void Project::begin_documents() {
  impl_->batch = true;  // its transaction begins with its first write
}

void Project::commit_documents() {
  if (!impl_->batch) return;
  try {
    if (impl_->batch_begun) {
      impl_->write_search_rows();
      impl_->db.exec("COMMIT");
      impl_->db.exec("PRAGMA cache_size = " + std::to_string(kDefaultCacheKiB));
    }
    impl_->batch = false;
    impl_->batch_begun = false;
  } catch (const SQLite::Exception& e) {
    rollback_documents();
    impl_->fail("writing the imported documents", e);
  }
}

void Project::rollback_documents() {
  if (!impl_->batch) return;
  const bool begun = impl_->batch_begun;
  impl_->batch = false;
  impl_->batch_begun = false;
  impl_->pending_search.clear();
  impl_->pending_bytes = 0;
  if (!begun) return;
  try {
    impl_->db.exec("ROLLBACK");
  } catch (const SQLite::Exception&) {
    // SQLite rolled back already (an I/O error ends the transaction).
  }
  try {
    impl_->db.exec("PRAGMA cache_size = " + std::to_string(kDefaultCacheKiB));
  } catch (const SQLite::Exception&) {
    // Only memory: the cache stays larger.
  }
}

std::int64_t Project::add_document(const model::Document& document, const DocumentSource& source,
                                   const std::optional<std::string>& group) {
  try {
    Impl::DocumentWrite transaction(*impl_, false);
    {
      ReusedStatement exists = impl_->statement("SELECT 1 FROM documents WHERE name = ?");
      exists->bind(1, document.name);
      if (exists->executeStep()) {
        throw InputError(document.name + ": a document of that name is already in the project");
      }
    }
    const std::int64_t case_id = impl_->ensure_case(source.case_name);
    if (group) impl_->set_attribute(case_id, "group", *group);
    const std::int64_t id = impl_->insert_document_row(
        "case_id, name, format, encoding, source_path, content_hash, length, imported_at, layout",
        [&](SQLite::Statement& insert) {
          insert.bind(1, static_cast<std::int64_t>(case_id));
          insert.bind(2, document.name);
          insert.bind(3, document.format);
          insert.bind(4, document.encoding);
          insert.bind(5, source.source_path);
          insert.bind(6, source.content_hash);
          insert.bind(7, static_cast<std::int64_t>(document.length));
          insert.bind(8, now_utc());
          insert.bind(9, document.layout);
        },
        document.text);
    impl_->insert_structure(id, document);
    if (source.case_per_speaker) impl_->link_speaker_cases(id, document, group);
    transaction.commit();
    return id;
  } catch (const SQLite::Exception& e) {
    impl_->fail("adding document " + document.name, e);
  }
}

std::vector<StoredCoding> Project::codings_of(const std::string& document) const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT g.id, g.code_id, g.coder_id, g.start, g.\"end\", g.memo, "
                                "g.created FROM codings g JOIN documents d ON d.id = "
                                "g.document_id WHERE d.name = ? ORDER BY g.start, g.id");
    statement.bind(1, document);
    std::vector<StoredCoding> result;
    while (statement.executeStep()) {
      StoredCoding coding;
      coding.id = statement.getColumn(0).getInt64();
      coding.code = statement.getColumn(1).getInt64();
      coding.coder = statement.getColumn(2).getInt64();
      coding.span = {statement.getColumn(3).getInt64(), statement.getColumn(4).getInt64()};
      if (!statement.getColumn(5).isNull()) coding.memo = statement.getColumn(5).getString();
      coding.created = statement.getColumn(6).getString();
      result.push_back(std::move(coding));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading codings of " + document, e);
  }
}

std::vector<std::pair<std::string, std::string>> Project::document_hashes() const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT content_hash, name FROM documents ORDER BY name");
    std::vector<std::pair<std::string, std::string>> result;
    while (statement.executeStep()) {
      result.emplace_back(statement.getColumn(0).getString(), statement.getColumn(1).getString());
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading document hashes", e);
  }
}

std::int64_t Project::remove_document(const std::string& name) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const DocumentSummary existing = resolve_document(name);
    const std::int64_t id = existing.id;
    for (const char* sql : {"DELETE FROM memos WHERE target_kind = 'coding' AND target_id IN "
                            "(SELECT id FROM codings WHERE document_id = ?1)",
                            "DELETE FROM memos WHERE target_kind = 'document' AND target_id = ?1",
                            "DELETE FROM codings WHERE document_id = ?1"}) {
      SQLite::Statement statement(impl_->db, sql);
      statement.bind(1, static_cast<std::int64_t>(id));
      statement.exec();
    }
    impl_->delete_structure(id);
    SQLite::Statement remove(impl_->db, "DELETE FROM documents WHERE id = ?");
    remove.bind(1, static_cast<std::int64_t>(id));
    remove.exec();
    transaction.commit();
    return existing.codings;
  } catch (const SQLite::Exception& e) {
    impl_->fail("removing document " + name, e);
  }
}

void Project::rename_document(const std::string& from, const std::string& to) {
  try {
    if (to.empty() || to.find_first_not_of(" \t") == std::string::npos) {
      throw InputError("a document name cannot be empty");
    }
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const DocumentSummary existing = resolve_document(from);
    if (existing.name == to) return;
    if (find_document(to)) {
      throw InputError("cannot rename " + from + ": a document named '" + to +
                       "' is already in the project");
    }
    SQLite::Statement rename(impl_->db, "UPDATE documents SET name = ? WHERE id = ?");
    rename.bind(1, to);
    rename.bind(2, static_cast<std::int64_t>(existing.id));
    rename.exec();
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    impl_->fail("renaming document " + from, e);
  }
}

void Project::replace_document(const model::Document& document, const DocumentSource& source,
                               const std::optional<std::string>& group,
                               const std::map<std::int64_t, Span>& moved,
                               const std::vector<std::int64_t>& dropped) {
  try {
    Impl::DocumentWrite transaction(*impl_, true);
    const auto existing = find_document(document.name);
    if (!existing) throw NotFoundError("no document named '" + document.name + "' to replace");
    const std::set<std::int64_t> drop(dropped.begin(), dropped.end());
    std::map<std::int64_t, Span> old_spans;
    for (const StoredCoding& coding : codings_of(document.name)) {
      old_spans.emplace(coding.id, coding.span);
      if (drop.count(coding.id)) {
        SQLite::Statement memos(impl_->db,
                                "DELETE FROM memos WHERE target_kind = 'coding' AND target_id = ?");
        memos.bind(1, static_cast<std::int64_t>(coding.id));
        memos.exec();
        SQLite::Statement erase(impl_->db, "DELETE FROM codings WHERE id = ?");
        erase.bind(1, static_cast<std::int64_t>(coding.id));
        erase.exec();
        continue;
      }
      if (!moved.count(coding.id)) {
        throw InputError(document.name + ": coding " + std::to_string(coding.id) +
                         " has no place in the new version");
      }
    }
    const std::int64_t case_id = impl_->ensure_case(source.case_name);
    if (group) impl_->set_attribute(case_id, "group", *group);
    impl_->delete_structure(existing->id);
    // Suggestions are not moved with the codings: their places were proposed for the old
    // text, and a new run of autocode --suggest or suggest proposes for the new one.
    SQLite::Statement drop_suggestions(impl_->db, "DELETE FROM suggestions WHERE document_id = ?");
    drop_suggestions.bind(1, static_cast<std::int64_t>(existing->id));
    drop_suggestions.exec();
    SQLite::Statement update(impl_->db,
                             "UPDATE documents SET case_id = ?, format = ?, encoding = ?, "
                             "source_path = ?, content_hash = ?, text = ?, length = ?, "
                             "imported_at = ?, layout = ? WHERE id = ?");
    update.bind(1, static_cast<std::int64_t>(case_id));
    update.bind(2, document.format);
    update.bind(3, document.encoding);
    update.bind(4, source.source_path);
    update.bind(5, source.content_hash);
    update.bind(6, document.text);
    update.bind(7, static_cast<std::int64_t>(document.length));
    update.bind(8, now_utc());
    update.bind(9, document.layout);
    update.bind(10, static_cast<std::int64_t>(existing->id));
    update.exec();
    impl_->insert_structure(existing->id, document);
    if (source.case_per_speaker || existing->case_per_speaker) {
      impl_->link_speaker_cases(existing->id, document, group);
    }
    // Only the codings whose place changed, many to a statement: one UPDATE per coding
    // made a 5 MB transcript with 20,000 codings take 6 s to replace, nearly all of it in
    // SQLite ending each statement (its statement journal, as the trigger writes too).
    std::vector<std::pair<std::int64_t, Span>> changed;
    for (const auto& [id, span] : moved) {
      const auto old = old_spans.find(id);
      if (old == old_spans.end() || !(old->second == span)) changed.emplace_back(id, span);
    }
    impl_->write_rows(
        "WITH m(id, s, e) AS (VALUES ", 3, changed.size(),
        [&](SQLite::Statement& move, int at, std::size_t row) {
          const auto& [id, span] = changed[row];
          move.bind(at, static_cast<std::int64_t>(id));
          move.bind(at + 1, static_cast<std::int64_t>(span.start));
          move.bind(at + 2, static_cast<std::int64_t>(span.end));
        },
        ") UPDATE codings SET start = m.s, \"end\" = m.e FROM m WHERE codings.id = m.id");
    transaction.commit();
  } catch (const SQLite::Exception& e) {
    impl_->fail("replacing document " + document.name, e);
  }
}

std::vector<CaseSummary> Project::cases() const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT c.id, c.name, (SELECT count(*) FROM (SELECT d.id FROM "
                                "documents d WHERE d.case_id = c.id UNION SELECT t.document_id "
                                "FROM turns t WHERE t.case_id = c.id)) FROM cases c "
                                "ORDER BY c.name");
    SQLite::Statement attributes(impl_->db,
                                 "SELECT name, value FROM case_attributes WHERE case_id = ? "
                                 "ORDER BY name");
    std::vector<CaseSummary> result;
    while (statement.executeStep()) {
      CaseSummary summary;
      summary.name = statement.getColumn(1).getString();
      summary.documents = statement.getColumn(2).getInt64();
      attributes.bind(1, static_cast<std::int64_t>(statement.getColumn(0).getInt64()));
      while (attributes.executeStep()) {
        summary.attributes.emplace(attributes.getColumn(0).getString(),
                                   column_value(attributes.getColumn(1)));
      }
      attributes.reset();
      result.push_back(std::move(summary));
    }
    return result;
  } catch (const SQLite::Exception& e) {
    impl_->fail("listing cases", e);
  }
}

std::int64_t Project::set_attributes(
    const std::vector<std::pair<std::string,
                                std::map<std::string, std::optional<AttributeValue>>>>& rows) {
  try {
    SQLite::Transaction transaction(impl_->db, SQLite::TransactionBehavior::IMMEDIATE);
    const std::int64_t before = impl_->db.execAndGet("SELECT count(*) FROM cases").getInt64();
    SQLite::Statement remove(impl_->db,
                             "DELETE FROM case_attributes WHERE case_id = ? AND name = ?");
    for (const auto& [case_name, attributes] : rows) {
      const std::int64_t case_id = impl_->ensure_case(case_name);
      for (const auto& [name, value] : attributes) {
        if (value) {
          impl_->set_attribute(case_id, name, *value);
        } else {
          remove.bind(1, static_cast<std::int64_t>(case_id));
          remove.bind(2, name);
          remove.exec();
          remove.reset();
        }
      }
    }
    const std::int64_t after = impl_->db.execAndGet("SELECT count(*) FROM cases").getInt64();
    transaction.commit();
    return after - before;
  } catch (const SQLite::Exception& e) {
    impl_->fail("setting case attributes", e);
  }
}

std::vector<SearchHit> Project::search(const SearchQuery& query) const {
  std::vector<SearchHit> result;
  try {
    // Matching by stems finds the matches itself: the plain text is enough then.
    const std::string text_column =
        query.stems ? "s.text" : "highlight(turn_search, 0, char(1), char(2))";
    SQLite::Statement statement(
        impl_->db,
        "SELECT " + text_column +
            ", d.name, c.name, t.idx, t.speaker, t.role, t.start, t.\"end\", t.time_ms "
            "FROM turn_search s "
            "JOIN documents d ON d.id = (s.rowid >> 20) "
            "JOIN turns t ON t.document_id = d.id AND t.idx = (s.rowid & 1048575) "
            "JOIN cases c ON c.id = coalesce(t.case_id, d.case_id) "
            "WHERE turn_search MATCH ?1 AND (?2 IS NULL OR EXISTS (SELECT 1 FROM case_attributes a "
            "WHERE a.case_id = c.id AND a.name = 'group' AND a.value = ?2)) "
            "ORDER BY s.rank, d.name, t.idx LIMIT ?3");
    statement.bind(1, query.fts);
    if (query.group) {
      statement.bind(2, *query.group);
    } else {
      statement.bind(2);
    }
    // Matching by stems decides on each candidate, so SQLite cannot stop at the limit.
    statement.bind(3, query.stems ? std::int64_t{-1} : static_cast<std::int64_t>(query.limit));
    while (statement.executeStep()) {
      if (static_cast<std::int64_t>(result.size()) >= query.limit) break;
      SearchHit hit;
      split_highlight(statement.getColumn(0).getString(), hit.turn_text, hit.matches);
      if (query.stems) {
        auto matches = query.stems->match(hit.turn_text);
        if (!matches) continue;
        hit.matches = std::move(*matches);
      }
      hit.document = statement.getColumn(1).getString();
      hit.case_name = statement.getColumn(2).getString();
      hit.turn = static_cast<std::size_t>(statement.getColumn(3).getInt64());
      hit.speaker = statement.getColumn(4).getString();
      hit.role = role_from(statement.getColumn(5).getString());
      hit.turn_span = {statement.getColumn(6).getInt64(), statement.getColumn(7).getInt64()};
      if (!statement.getColumn(8).isNull()) hit.time_ms = statement.getColumn(8).getInt64();
      result.push_back(std::move(hit));
    }
  } catch (const SQLite::Exception& e) {
    const std::string message = e.what();
    if (message.find("fts5") != std::string::npos || message.find("syntax") != std::string::npos) {
      throw InputError("search query '" + query.fts + "' is not understood: " + message);
    }
    impl_->fail("searching", e);
  }
  return result;
}

}  // namespace inzicht::store
