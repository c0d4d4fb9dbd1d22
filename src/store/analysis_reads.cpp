// Whole-table reads for analysis: one statement per table, so that a statistic over ten
// thousand documents costs a handful of queries, not one per document. On a large project
// loading a CodingData is most of a command's time (10,000 documents with a million
// codings: about 0.3 s of `matrix`'s 0.5 s), so the reads are shaped for it:
// - One statement per table, stepped through SQLite's C API (RowReader below).
//   Connections open with SQLITE_OPEN_NOMUTEX: a Project is used from one thread.
// - No SQL sort. Codings are read ORDER BY document_id, which SQLite serves from the
//   covering unique index (document, code, coder, start, end); CodingData sorts each
//   document's codings by start. Turns, paragraphs and sentences are read side by side in
//   primary-key order and take their turn's role in memory instead of through a join; each
//   document's units are checked to be in start order and sorted only if not. When
//   changing a read, EXPLAIN QUERY PLAN must not say USE TEMP B-TREE (turn_case_rows sorts
//   the few turns with a case of their own). `documents` is listed from the covering index
//   documents_listing, not from the table, whose pages the texts fill.
// - What a command may not need loads on first use: document lengths, units, texts and
//   word positions. `matrix` and `cooccur --scope overlap` read none of them; `freq` reads
//   word positions (PROJECT-structure, or the texts when it is stale).

#include <sqlite3.h>

#include <algorithm>
#include <functional>
#include <nlohmann/json.hpp>
#include <numeric>
#include <tuple>

#include "base/ordered_work.hpp"
#include "store/codings_cache.hpp"
#include "store/project_impl.hpp"
#include "store/structure_cache.hpp"
#include "text/word_index.hpp"

namespace inzicht::store {

namespace {

// A statement over SQLite's C API for the reads of a million rows. SQLiteCpp hands out each
// value through a Column that shares ownership of the statement; on that many rows the
// bookkeeping cost about as much as SQLite's own work. Errors throw SQLite::Exception, as
// SQLiteCpp does.
class RowReader {
 public:
  RowReader(const SQLite::Database& db, const char* sql) : db_(db.getHandle()) {
    const int result = sqlite3_prepare_v2(db_, sql, -1, &statement_, nullptr);
    if (result != SQLITE_OK) throw SQLite::Exception(db_, result);
  }
  ~RowReader() { sqlite3_finalize(statement_); }
  RowReader(const RowReader&) = delete;
  RowReader& operator=(const RowReader&) = delete;

  // Moves to the next row; false after the last.
  bool next() {
    const int result = sqlite3_step(statement_);
    if (result == SQLITE_ROW) return true;
    if (result != SQLITE_DONE) throw SQLite::Exception(db_, result);
    return false;
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  // Valid until the next call of next().
  std::string_view text(int column) const {
    const unsigned char* text = sqlite3_column_text(statement_, column);
    if (!text) return {};
    return {reinterpret_cast<const char*>(text),
            static_cast<std::size_t>(sqlite3_column_bytes(statement_, column))};
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

// The role of each turn or paragraph of one document, by idx, taken from a reader ordered by
// document id and idx (columns 0 and 1) as documents are asked for in ascending order.
class RolesByIndex {
 public:
  // `role_of` gives the role of the reader's current row, or none to leave the row out.
  RolesByIndex(RowReader& reader,
               std::function<std::optional<model::Role>(const RowReader&)> role_of)
      : reader_(reader), role_of_(std::move(role_of)) {}

  std::optional<model::Role> of(std::int64_t document, std::int64_t idx) {
    if (!document_ || *document_ != document) load(document);
    // The importer numbers from 0 without gaps, so position idx is the first guess.
    const auto at = static_cast<std::size_t>(idx);
    if (idx >= 0 && at < roles_.size() && roles_[at].first == idx) return roles_[at].second;
    const auto found = std::lower_bound(
        roles_.begin(), roles_.end(), idx,
        [](const std::pair<std::int64_t, model::Role>& r, std::int64_t i) { return r.first < i; });
    if (found == roles_.end() || found->first != idx) return std::nullopt;
    return found->second;
  }

 private:
  void load(std::int64_t document) {
    document_ = document;
    roles_.clear();
    if (!started_) {
      has_row_ = reader_.next();
      started_ = true;
    }
    while (has_row_ && reader_.integer(0) < document) has_row_ = reader_.next();
    for (; has_row_ && reader_.integer(0) == document; has_row_ = reader_.next()) {
      if (const auto role = role_of_(reader_)) roles_.emplace_back(reader_.integer(1), *role);
    }
  }

  RowReader& reader_;
  std::function<std::optional<model::Role>(const RowReader&)> role_of_;
  std::optional<std::int64_t> document_;
  std::vector<std::pair<std::int64_t, model::Role>> roles_;
  bool started_ = false;
  bool has_row_ = false;
};

// Orders each document's units by start. They come by idx, which the importer numbers in
// text order, so this normally only checks.
void sort_by_start(UnitRows& rows) {
  const std::size_t n = rows.spans.size();
  for (std::size_t first = 0, last = 0; first < n; first = last) {
    last = first;
    while (last < n && rows.document_ids[last] == rows.document_ids[first]) ++last;
    const auto by_start = [](const Span& a, const Span& b) { return a.start < b.start; };
    if (std::is_sorted(rows.spans.begin() + static_cast<std::ptrdiff_t>(first),
                       rows.spans.begin() + static_cast<std::ptrdiff_t>(last), by_start)) {
      continue;
    }
    std::vector<std::size_t> order(last - first);
    std::iota(order.begin(), order.end(), first);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return rows.spans[a].start < rows.spans[b].start;
    });
    std::vector<Span> spans;
    std::vector<model::Role> roles;
    std::vector<std::string> speakers;
    for (const std::size_t i : order) {
      spans.push_back(rows.spans[i]);
      roles.push_back(rows.roles[i]);
      if (!rows.speakers.empty()) speakers.push_back(std::move(rows.speakers[i]));
    }
    const auto at = static_cast<std::ptrdiff_t>(first);
    std::copy(spans.begin(), spans.end(), rows.spans.begin() + at);
    std::copy(roles.begin(), roles.end(), rows.roles.begin() + at);
    std::move(speakers.begin(), speakers.end(), rows.speakers.begin() + at);
  }
}

}  // namespace

std::vector<DocumentRow> Project::document_rows() const {
  try {
    SQLite::Statement statement(impl_->db, "SELECT id, name, case_id FROM documents ORDER BY id");
    std::vector<DocumentRow> rows;
    while (statement.executeStep()) {
      rows.push_back({statement.getColumn(0).getInt64(), statement.getColumn(1).getString(),
                      statement.getColumn(2).getInt64()});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading documents", e);
  }
}

std::vector<std::pair<std::int64_t, Offset>> Project::document_lengths() const {
  try {
    RowReader reader(impl_->db, "SELECT id, length FROM documents ORDER BY id");
    std::vector<std::pair<std::int64_t, Offset>> rows;
    while (reader.next()) rows.emplace_back(reader.integer(0), reader.integer(1));
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading document lengths", e);
  }
}

std::vector<CaseRow> Project::case_rows() const {
  try {
    std::vector<CaseRow> rows;
    std::map<std::int64_t, std::size_t> index_of;
    SQLite::Statement cases(impl_->db, "SELECT id, name FROM cases ORDER BY id");
    while (cases.executeStep()) {
      index_of[cases.getColumn(0).getInt64()] = rows.size();
      rows.push_back({cases.getColumn(0).getInt64(), cases.getColumn(1).getString(), {}});
    }
    SQLite::Statement attributes(impl_->db, "SELECT case_id, name, value FROM case_attributes");
    while (attributes.executeStep()) {
      rows[index_of.at(attributes.getColumn(0).getInt64())].attributes.emplace(
          attributes.getColumn(1).getString(), column_value(attributes.getColumn(2)));
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading cases", e);
  }
}

std::vector<TurnCaseRow> Project::turn_case_rows() const {
  try {
    // Through the partial index of these turns, then sorted: without it SQLite walked all
    // turns in key order (22 ms on 334,335 turns, none of them with a case of their own).
    SQLite::Statement statement(impl_->db,
                                "SELECT document_id, start, \"end\", case_id FROM turns "
                                "INDEXED BY turns_by_case WHERE case_id IS NOT NULL "
                                "ORDER BY document_id, start");
    std::vector<TurnCaseRow> rows;
    while (statement.executeStep()) {
      rows.push_back({statement.getColumn(0).getInt64(),
                      {statement.getColumn(1).getInt64(), statement.getColumn(2).getInt64()},
                      statement.getColumn(3).getInt64()});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading the cases of turns", e);
  }
}

std::vector<std::pair<std::int64_t, std::string>> Project::coder_rows() const {
  try {
    SQLite::Statement statement(impl_->db, "SELECT id, name FROM coders ORDER BY id");
    std::vector<std::pair<std::int64_t, std::string>> rows;
    while (statement.executeStep()) {
      rows.emplace_back(statement.getColumn(0).getInt64(), statement.getColumn(1).getString());
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading coders", e);
  }
}

std::int64_t Project::coding_count() const {
  try {
    return impl_->db.execAndGet("SELECT count(*) FROM codings").getInt64();
  } catch (const SQLite::Exception& e) {
    impl_->fail("counting codings", e);
  }
}

void Project::read_codings(const std::function<void(const CodingRow&)>& take) const {
  const std::string cache = codings_cache::path_of(impl_->path);
  std::string token;
  std::vector<CodingRow> rows;
  try {
    // The token and the rows from one snapshot, so the file written is that state's.
    impl_->db.exec("SAVEPOINT read_codings");
    try {
      token = impl_->db.execAndGet("SELECT token FROM codings_version").getString();
      if (!cache.empty()) {
        if (codings_cache::read(cache, token, take)) {
          impl_->db.exec("RELEASE read_codings");
          return;
        }
      }
      // SQLite reads these columns from the unique index on (document_id, code_id,
      // coder_id, start, end) without a sort; ordering by start as well would sort the
      // whole table.
      RowReader reader(impl_->db,
                       "SELECT id, document_id, code_id, coder_id, start, \"end\" FROM codings "
                       "ORDER BY document_id");
      const bool keep = !cache.empty() && coding_count() >= codings_cache::minimum();
      while (reader.next()) {
        const CodingRow row{{reader.integer(1),
                             reader.integer(2),
                             reader.integer(3),
                             {reader.integer(4), reader.integer(5)}},
                            reader.integer(0)};
        take(row);
        if (keep) rows.push_back(row);
      }
      impl_->db.exec("RELEASE read_codings");
      if (keep) {
        // In the order analysis::CodingData wants them (by document, start, end, code),
        // so that it need not sort them again on every read.
        std::sort(rows.begin(), rows.end(), [](const CodingRow& a, const CodingRow& b) {
          return std::tie(a.document, a.span.start, a.span.end, a.code, a.id) <
                 std::tie(b.document, b.span.start, b.span.end, b.code, b.id);
        });
        codings_cache::write(cache, token, rows);
      }
    } catch (...) {
      impl_->db.exec("ROLLBACK TO read_codings; RELEASE read_codings");
      throw;
    }
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading codings", e);
  }
}

namespace {

// Runs `read` in a savepoint with the token of store/structure_cache, so that what it reads
// is the state the token names.
template <typename Read>
auto with_structure_token(SQLite::Database& db, Read read) {
  db.exec("SAVEPOINT structure_read");
  try {
    auto result = read(db.execAndGet("SELECT token FROM structure_version").getString());
    db.exec("RELEASE structure_read");
    return result;
  } catch (...) {
    db.exec("ROLLBACK TO structure_read; RELEASE structure_read");
    throw;
  }
}

}  // namespace

UnitRows Project::unit_rows(model::Unit kind) const {
  const std::string cache = structure_cache::path_of(impl_->path);
  const bool cached =
      !cache.empty() && (kind == model::Unit::paragraph || kind == model::Unit::sentence);
  if (!cached) return read_unit_rows(kind);
  try {
    return with_structure_token(impl_->db, [&](const std::string& token) {
      if (auto rows = structure_cache::read_units(cache, token, kind)) return std::move(*rows);
      UnitRows rows = read_unit_rows(kind);
      if (static_cast<std::int64_t>(rows.spans.size()) >= structure_cache::minimum()) {
        structure_cache::write_units(cache, token, kind, rows);
      }
      return rows;
    });
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading text units", e);
  }
}

std::vector<std::pair<std::int64_t, text::WordIndex>> Project::word_indexes(
    std::vector<std::int64_t> ids) const {
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const std::string cache = structure_cache::path_of(impl_->path);
  const auto by_id = [](const auto& a, const auto& b) { return a.first < b.first; };
  try {
    return with_structure_token(impl_->db, [&](const std::string& token) {
      structure_cache::Words known;
      if (!cache.empty()) {
        if (auto read = structure_cache::read_words(cache, token)) known = std::move(*read);
      }
      const auto has = [&](std::int64_t id) {
        const auto at =
            std::lower_bound(known.begin(), known.end(), id,
                             [](const auto& entry, std::int64_t i) { return entry.first < i; });
        return at != known.end() && at->first == id;
      };
      std::vector<std::int64_t> missing;
      std::copy_if(ids.begin(), ids.end(), std::back_inserter(missing),
                   [&](std::int64_t id) { return !has(id); });
      if (!missing.empty()) {
        const std::map<std::int64_t, std::string> texts = document_texts(missing);
        OrderedWork<const std::string*, text::WordIndex> work(
            [](const std::string* const& text) { return text::WordIndex::of(*text); },
            worker_threads(0, texts.size()));
        std::vector<const std::string*> todo;
        for (const auto& entry : texts) todo.push_back(&entry.second);
        std::size_t pushed = 0;
        auto id = texts.begin();
        for (std::size_t i = 0; i < todo.size(); ++i, ++id) {
          while (pushed < todo.size() && pushed < i + work.ahead()) work.push(todo[pushed++]);
          known.emplace_back(id->first, work.take());
        }
        std::sort(known.begin(), known.end(), by_id);
        std::int64_t words = 0;  // of all the section will hold, not only of those added
        for (const auto& entry : known) words += entry.second.size();
        if (!cache.empty() && words >= structure_cache::minimum()) {
          structure_cache::write_words(cache, token, known);
        }
      }
      structure_cache::Words asked;
      asked.reserve(ids.size());
      for (auto& entry : known) {
        if (std::binary_search(ids.begin(), ids.end(), entry.first)) {
          asked.push_back(std::move(entry));
        }
      }
      return asked;
    });
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading where words start", e);
  }
}

UnitRows Project::read_unit_rows(model::Unit kind) const {
  // Paragraphs and sentences take the role of their turn through the stored indices. The
  // three tables are read side by side in primary-key order, one document at a time, rather
  // than joined: SQLite's join looked up two rows per sentence and then sorted them all.
  try {
    UnitRows rows;
    RowReader turns(impl_->db,
                    kind == model::Unit::turn
                        ? "SELECT document_id, idx, role, start, \"end\", speaker FROM turns "
                          "ORDER BY document_id, idx"
                        : "SELECT document_id, idx, role FROM turns ORDER BY document_id, idx");
    if (kind == model::Unit::turn) {
      while (turns.next()) {
        rows.document_ids.push_back(turns.integer(0));
        rows.spans.push_back({turns.integer(3), turns.integer(4)});
        rows.roles.push_back(role_from(turns.text(2)));
        rows.speakers.emplace_back(turns.text(5));
      }
      sort_by_start(rows);
      return rows;
    }
    RolesByIndex turn_roles(
        turns, [](const RowReader& turn) { return std::optional(role_from(turn.text(2))); });
    RowReader paragraphs(impl_->db,
                         "SELECT document_id, idx, turn_idx, start, \"end\" FROM paragraphs "
                         "ORDER BY document_id, idx");
    if (kind == model::Unit::paragraph) {
      while (paragraphs.next()) {
        const std::int64_t document = paragraphs.integer(0);
        const auto role = turn_roles.of(document, paragraphs.integer(2));
        if (!role) continue;
        rows.document_ids.push_back(document);
        rows.spans.push_back({paragraphs.integer(3), paragraphs.integer(4)});
        rows.roles.push_back(*role);
      }
      sort_by_start(rows);
      return rows;
    }
    RolesByIndex paragraph_roles(paragraphs, [&](const RowReader& paragraph) {
      return turn_roles.of(paragraph.integer(0), paragraph.integer(2));
    });
    RowReader sentences(impl_->db,
                        "SELECT document_id, paragraph_idx, start, \"end\" FROM sentences "
                        "ORDER BY document_id, idx");
    while (sentences.next()) {
      const std::int64_t document = sentences.integer(0);
      const auto role = paragraph_roles.of(document, sentences.integer(1));
      if (!role) continue;
      rows.document_ids.push_back(document);
      rows.spans.push_back({sentences.integer(2), sentences.integer(3)});
      rows.roles.push_back(*role);
    }
    sort_by_start(rows);
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading text units", e);
  }
}

std::map<std::int64_t, std::string> Project::document_texts(
    const std::vector<std::int64_t>& ids) const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT id, text FROM documents WHERE id IN (SELECT value FROM "
                                "json_each(?))");
    statement.bind(1, nlohmann::json(ids).dump());
    std::map<std::int64_t, std::string> texts;
    while (statement.executeStep()) {
      texts.emplace(statement.getColumn(0).getInt64(), statement.getColumn(1).getString());
    }
    for (const std::int64_t id : ids) {
      if (!texts.count(id)) throw NotFoundError("no document with id " + std::to_string(id));
    }
    return texts;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading document texts", e);
  }
}

}  // namespace inzicht::store
