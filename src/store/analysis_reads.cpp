// Whole-table reads for analysis: one statement per table, so that a statistic over ten
// thousand documents costs a handful of queries, not one per document.

#include <nlohmann/json.hpp>

#include "store/project_impl.hpp"

namespace inzicht::store {

std::vector<DocumentRow> Project::document_rows() const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT id, name, case_id, length FROM documents ORDER BY id");
    std::vector<DocumentRow> rows;
    while (statement.executeStep()) {
      rows.push_back({statement.getColumn(0).getInt64(), statement.getColumn(1).getString(),
                      statement.getColumn(2).getInt64(), statement.getColumn(3).getInt64()});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading documents", e);
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

std::vector<CodingRow> Project::coding_rows() const {
  try {
    SQLite::Statement statement(impl_->db,
                                "SELECT id, document_id, code_id, coder_id, start, \"end\" FROM "
                                "codings ORDER BY document_id, start, \"end\", code_id, id");
    std::vector<CodingRow> rows;
    while (statement.executeStep()) {
      rows.push_back({statement.getColumn(0).getInt64(),
                      statement.getColumn(1).getInt64(),
                      statement.getColumn(2).getInt64(),
                      statement.getColumn(3).getInt64(),
                      {statement.getColumn(4).getInt64(), statement.getColumn(5).getInt64()}});
    }
    return rows;
  } catch (const SQLite::Exception& e) {
    impl_->fail("reading codings", e);
  }
}

std::vector<UnitRow> Project::unit_rows(UnitKind kind) const {
  // Paragraphs and sentences take the role of their turn through the stored indices. Only
  // turns read the speaker: on a million sentences it would cost a tenth more time.
  static constexpr const char* kTurns =
      "SELECT document_id, start, \"end\", role, speaker FROM turns ORDER BY document_id, start";
  static constexpr const char* kParagraphs =
      "SELECT p.document_id, p.start, p.\"end\", t.role FROM paragraphs p JOIN turns t ON "
      "t.document_id = p.document_id AND t.idx = p.turn_idx ORDER BY p.document_id, p.start";
  static constexpr const char* kSentences =
      "SELECT s.document_id, s.start, s.\"end\", t.role FROM sentences s JOIN paragraphs p ON "
      "p.document_id = s.document_id AND p.idx = s.paragraph_idx JOIN turns t ON "
      "t.document_id = p.document_id AND t.idx = p.turn_idx ORDER BY s.document_id, s.start";
  try {
    SQLite::Statement statement(impl_->db, kind == UnitKind::turn        ? kTurns
                                           : kind == UnitKind::paragraph ? kParagraphs
                                                                         : kSentences);
    std::vector<UnitRow> rows;
    while (statement.executeStep()) {
      rows.push_back({statement.getColumn(0).getInt64(),
                      {statement.getColumn(1).getInt64(), statement.getColumn(2).getInt64()},
                      role_from(statement.getColumn(3).getString()),
                      kind == UnitKind::turn ? statement.getColumn(4).getString() : ""});
    }
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
