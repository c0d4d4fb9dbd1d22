#include "coding/workbench.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>

#include "base/clock.hpp"
#include "base/utf8.hpp"
#include "codebook/codebook_io.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

using store::AttributeValue;
using store::Row;
using store::RowStep;

constexpr std::size_t kMaxName = 200;
constexpr std::size_t kMaxMemo = 100000;

std::optional<AttributeValue> text_value(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return AttributeValue{*text};
}

std::int64_t integer(const Row& row, const std::string& column) {
  const auto& value = row.at(column);
  return value ? std::get<std::int64_t>(*value) : 0;
}

std::optional<std::int64_t> optional_integer(const Row& row, const std::string& column) {
  const auto& value = row.at(column);
  if (!value) return std::nullopt;
  return std::get<std::int64_t>(*value);
}

std::string text_of(const Row& row, const std::string& column) {
  const auto& value = row.at(column);
  return value ? store::to_string(*value) : std::string();
}

void check_coder(const std::string& coder) {
  if (coder.empty() || coder.size() > kMaxName) {
    throw InputError("a coder's name has 1 to " + std::to_string(kMaxName) + " bytes");
  }
}

// The codes of the project by id: path, parent and whether they take codings.
struct CodeTree {
  std::map<std::int64_t, store::CodeRow> by_id;

  explicit CodeTree(const store::Project& project) {
    for (store::CodeRow& row : project.code_rows()) by_id[row.id] = std::move(row);
  }

  const store::CodeRow& at(std::int64_t id) const {
    const auto found = by_id.find(id);
    if (found == by_id.end()) throw NotFoundError("no code with id " + std::to_string(id));
    return found->second;
  }

  bool within(std::int64_t id, std::int64_t ancestor) const {
    for (std::optional<std::int64_t> at_id = id; at_id; at_id = at(*at_id).parent_id) {
      if (*at_id == ancestor) return true;
    }
    return false;
  }

  // Throws InputError when a code other than `except` under `parent` is named `name`.
  void check_free(std::optional<std::int64_t> parent, const std::string& name,
                  std::int64_t except) const {
    for (const auto& [id, row] : by_id) {
      if (id == except || row.parent_id != parent) continue;
      const auto slash = row.path.rfind('/');
      const std::string sibling = slash == std::string::npos ? row.path : row.path.substr(slash + 1);
      if (sibling == name) throw InputError("there is a code '" + row.path + "' already");
    }
  }
};

void check_code_name(const std::string& name) {
  if (name.empty() || name.size() > kMaxName) {
    throw InputError("a code's name has 1 to " + std::to_string(kMaxName) + " bytes");
  }
  if (name.find('/') != std::string::npos) {
    throw InputError("a code's name cannot hold '/': '" + name + "'");
  }
  if (!is_valid_utf8(name) || text::to_nfc(name) != name) {
    throw InputError("a code's name must be NFC-normalised UTF-8");
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) throw InputError("a code's name cannot hold control characters");
  }
}

void check_color(const std::optional<std::string>& color) {
  if (!color) return;
  const bool ok = color->size() == 7 && (*color)[0] == '#' &&
                  std::all_of(color->begin() + 1, color->end(),
                              [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
  if (!ok) throw InputError("a colour is #RRGGBB, not '" + *color + "'");
}

void check_memo(const std::optional<std::string>& memo) {
  if (memo && (memo->size() > kMaxMemo || !is_valid_utf8(*memo))) {
    throw InputError("a memo is valid UTF-8 of at most " + std::to_string(kMaxMemo) + " bytes");
  }
}

Row coding_row(const store::Project& project, std::int64_t id) {
  std::optional<Row> row = project.row("codings", id);
  if (!row) {
    if (project.last_change_of("codings", id)) {
      throw ConflictError("coding " + std::to_string(id) +
                          " no longer exists: it was deleted meanwhile");
    }
    throw NotFoundError("no coding with id " + std::to_string(id));
  }
  return *row;
}

// Throws ConflictError unless `row` is the coding as `seen`.
void check_seen(std::int64_t id, const Row& row, const CodingState& seen) {
  const bool same = integer(row, "code_id") == seen.code_id &&
                    integer(row, "start") == seen.span.start &&
                    integer(row, "end") == seen.span.end &&
                    (row.at("memo") ? std::optional(text_of(row, "memo")) : std::nullopt) ==
                        seen.memo;
  if (!same) {
    throw ConflictError("coding " + std::to_string(id) +
                        " was changed meanwhile; it is shown as it is now");
  }
}

// The document's length, checking that `span` lies inside and `code_id` takes codings.
void check_coding(const store::Project& project, std::int64_t document_id, Offset length,
                  const CodingState& coding) {
  const CodeTree tree(project);
  const store::CodeRow& code = tree.at(coding.code_id);
  if (!code.codable) throw InputError("code '" + code.path + "' is a grouping code (not codable)");
  if (coding.span.start < 0 || coding.span.end > length || coding.span.start >= coding.span.end) {
    throw InputError("span " + std::to_string(coding.span.start) + ":" +
                     std::to_string(coding.span.end) + " is not inside the document (0:" +
                     std::to_string(length) + ") or is empty");
  }
  check_memo(coding.memo);
  (void)document_id;
}

std::pair<std::int64_t, Offset> document_of(const store::Project& project, std::int64_t id) {
  for (const auto& [document, length] : project.document_lengths()) {
    if (document == id) return {document, length};
  }
  throw NotFoundError("no document with id " + std::to_string(id));
}

std::string span_text(Span span) {
  return std::to_string(span.start) + "–" + std::to_string(span.end);
}

store::DocumentSummary document_named_by_id(const store::Project& project, std::int64_t id) {
  for (store::DocumentSummary& document : project.documents()) {
    if (document.id == id) return std::move(document);
  }
  throw NotFoundError("no document with id " + std::to_string(id));
}

std::string score_text(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  return buffer;
}

}  // namespace

std::int64_t add_coding(store::Project& project, const std::string& coder,
                        const std::string& document, const CodingState& coding) {
  check_coder(coder);
  const std::optional<store::DocumentSummary> summary = project.find_document(document);
  if (!summary) throw NotFoundError("no document named '" + document + "'");
  check_coding(project, summary->id, summary->length, coding);
  const std::int64_t coder_id = project.ensure_coder(coder);
  for (const auto& [id, row] : project.rows_where("codings", "document_id", summary->id)) {
    if (integer(row, "code_id") == coding.code_id && integer(row, "coder_id") == coder_id &&
        integer(row, "start") == coding.span.start && integer(row, "end") == coding.span.end) {
      throw ConflictError("this passage is coded so by " + coder + " already (coding " +
                          std::to_string(id) + ")");
    }
  }
  const CodeTree tree(project);
  Row row = {{"document_id", summary->id},
             {"code_id", coding.code_id},
             {"coder_id", coder_id},
             {"start", coding.span.start},
             {"end", coding.span.end},
             {"memo", text_value(coding.memo)}};
  return project
      .apply_change({coder, "coding.add",
                     "coded " + document + " " + span_text(coding.span) + " as " +
                         tree.at(coding.code_id).path,
                     summary->id,
                     {RowStep{"codings", 0, std::nullopt, row}}})
      .ids.front();
}

void change_coding(store::Project& project, const std::string& coder, std::int64_t id,
                   const CodingState& seen, const CodingState& wanted) {
  check_coder(coder);
  const Row row = coding_row(project, id);
  check_seen(id, row, seen);
  const std::int64_t document_id = integer(row, "document_id");
  check_coding(project, document_id, document_of(project, document_id).second, wanted);
  const CodeTree tree(project);
  Row before = {{"code_id", seen.code_id},
                {"start", seen.span.start},
                {"end", seen.span.end},
                {"memo", text_value(seen.memo)}};
  Row after = {{"code_id", wanted.code_id},
               {"start", wanted.span.start},
               {"end", wanted.span.end},
               {"memo", text_value(wanted.memo)}};
  std::string what;
  if (wanted.code_id != seen.code_id) what = "recoded as " + tree.at(wanted.code_id).path;
  if (wanted.span != seen.span) what += (what.empty() ? "moved to " : ", moved to ") + span_text(wanted.span);
  if (wanted.memo != seen.memo) what += what.empty() ? "memo changed" : ", memo changed";
  if (what.empty()) return;
  project.apply_change({coder, "coding.change", "coding " + std::to_string(id) + " " + what,
                        document_id, {RowStep{"codings", id, before, after}}});
}

void delete_coding(store::Project& project, const std::string& coder, std::int64_t id,
                   const CodingState& seen) {
  check_coder(coder);
  const Row row = coding_row(project, id);
  check_seen(id, row, seen);
  std::vector<RowStep> steps;
  for (const auto& [memo_id, memo] : project.rows_where("memos", "target_id", id)) {
    if (text_of(memo, "target_kind") == "coding") {
      steps.push_back({"memos", memo_id, memo, std::nullopt});
    }
  }
  steps.push_back({"codings", id, row, std::nullopt});
  const CodeTree tree(project);
  project.apply_change({coder, "coding.delete",
                        "deleted coding " + std::to_string(id) + " (" +
                            tree.at(seen.code_id).path + ", " + span_text(seen.span) + ")",
                        integer(row, "document_id"), steps});
}

std::int64_t add_memo(store::Project& project, const std::string& coder,
                      const std::string& target_kind, std::int64_t target_id,
                      const std::string& text) {
  check_coder(coder);
  if (text.empty()) throw InputError("a memo needs some text");
  check_memo(text);
  std::optional<std::int64_t> document_id;
  if (target_kind == "document") {
    document_id = document_of(project, target_id).first;
  } else if (target_kind == "code") {
    CodeTree(project).at(target_id);
  } else if (target_kind == "coding") {
    document_id = integer(coding_row(project, target_id), "document_id");
  } else {
    throw InputError("a memo goes on a document, a code or a coding, not '" + target_kind + "'");
  }
  Row row = {{"target_kind", AttributeValue{target_kind}},
             {"target_id", target_id},
             {"coder_id", project.ensure_coder(coder)},
             {"text", AttributeValue{text}}};
  return project
      .apply_change({coder, "memo.add",
                     "memo on " + target_kind + " " + std::to_string(target_id), document_id,
                     {RowStep{"memos", 0, std::nullopt, row}}})
      .ids.front();
}

void change_memo(store::Project& project, const std::string& coder, std::int64_t id,
                 const std::string& seen, const std::string& text) {
  check_coder(coder);
  check_memo(text);
  const std::optional<Row> row = project.row("memos", id);
  if (!row) {
    if (project.last_change_of("memos", id)) {
      throw ConflictError("memo " + std::to_string(id) + " was deleted meanwhile");
    }
    throw NotFoundError("no memo with id " + std::to_string(id));
  }
  if (text_of(*row, "text") != seen) {
    throw ConflictError("memo " + std::to_string(id) + " was changed meanwhile");
  }
  std::optional<std::int64_t> document_id;
  if (text_of(*row, "target_kind") == "document") document_id = integer(*row, "target_id");
  RowStep step{"memos", id, *row, std::nullopt};
  if (!text.empty()) {
    step.before = Row{{"text", AttributeValue{seen}}};
    step.after = Row{{"text", AttributeValue{text}}};
  }
  project.apply_change({coder, text.empty() ? "memo.delete" : "memo.change",
                        (text.empty() ? "deleted memo " : "changed memo ") + std::to_string(id),
                        document_id, {step}});
}

std::int64_t add_code(store::Project& project, const std::string& coder,
                      std::optional<std::int64_t> parent_id, const std::string& name,
                      const std::optional<std::string>& color) {
  check_coder(coder);
  check_code_name(name);
  check_color(color);
  const CodeTree tree(project);
  std::string path = name;
  if (parent_id) path = tree.at(*parent_id).path + "/" + name;
  tree.check_free(parent_id, name, 0);
  std::int64_t position = 0;
  for (const auto& [id, row] : tree.by_id) {
    if (row.parent_id == parent_id) position = std::max(position, id);
  }
  Row row = {{"guid", AttributeValue{codebook::new_guid()}},
             {"parent_id", parent_id ? std::optional<AttributeValue>(*parent_id) : std::nullopt},
             {"name", AttributeValue{name}},
             {"description", AttributeValue{std::string()}},
             {"color", text_value(color)},
             {"codable", std::int64_t{1}},
             {"position", position + 1},
             {"details", std::nullopt}};
  return project
      .apply_change({coder, "code.add", "new code " + path, std::nullopt,
                     {RowStep{"codes", 0, std::nullopt, row}}})
      .ids.front();
}

void rename_code(store::Project& project, const std::string& coder, std::int64_t id,
                 const std::string& name) {
  check_coder(coder);
  check_code_name(name);
  const CodeTree tree(project);
  const store::CodeRow& code = tree.at(id);
  tree.check_free(code.parent_id, name, id);
  const Row row = *project.row("codes", id);
  if (text_of(row, "name") == name) return;
  project.apply_change({coder, "code.rename", "renamed " + code.path + " to " + name, std::nullopt,
                        {RowStep{"codes", id, Row{{"name", row.at("name")}},
                                 Row{{"name", AttributeValue{name}}}}}});
}

void move_code(store::Project& project, const std::string& coder, std::int64_t id,
               std::optional<std::int64_t> parent_id) {
  check_coder(coder);
  const CodeTree tree(project);
  const store::CodeRow& code = tree.at(id);
  if (parent_id && tree.within(*parent_id, id)) {
    throw InputError("code '" + code.path + "' cannot move below itself");
  }
  const Row row = *project.row("codes", id);
  tree.check_free(parent_id, text_of(row, "name"), id);
  if (optional_integer(row, "parent_id") == parent_id) return;
  const std::string where = parent_id ? "under " + tree.at(*parent_id).path : "to the top";
  project.apply_change(
      {coder, "code.move", "moved " + code.path + " " + where, std::nullopt,
       {RowStep{"codes", id, Row{{"parent_id", row.at("parent_id")}},
                Row{{"parent_id",
                     parent_id ? std::optional<AttributeValue>(*parent_id) : std::nullopt}}}}});
}

void recolour_code(store::Project& project, const std::string& coder, std::int64_t id,
                   const std::optional<std::string>& color) {
  check_coder(coder);
  check_color(color);
  const CodeTree tree(project);
  const store::CodeRow& code = tree.at(id);
  const Row row = *project.row("codes", id);
  if (row.at("color") == text_value(color)) return;
  project.apply_change({coder, "code.recolour",
                        "recoloured " + code.path + (color ? " " + *color : " (no colour)"),
                        std::nullopt,
                        {RowStep{"codes", id, Row{{"color", row.at("color")}},
                                 Row{{"color", text_value(color)}}}}});
}

void merge_codes(store::Project& project, const std::string& coder, std::int64_t from,
                 std::int64_t into) {
  check_coder(coder);
  const CodeTree tree(project);
  const store::CodeRow& source = tree.at(from);
  const store::CodeRow& target = tree.at(into);
  if (tree.within(into, from)) {
    throw InputError("cannot merge '" + source.path + "' into itself or a code below it");
  }
  const auto codings = project.rows_where("codings", "code_id", from);
  if (!target.codable && !codings.empty()) {
    throw InputError("'" + target.path + "' is a grouping code: it takes no codings");
  }
  // A coding `into` already has (same document, coder and span) would be a duplicate.
  std::map<std::tuple<std::int64_t, std::int64_t, Offset, Offset>, bool> existing;
  for (const auto& [id, row] : project.rows_where("codings", "code_id", into)) {
    existing[{integer(row, "document_id"), integer(row, "coder_id"), integer(row, "start"),
              integer(row, "end")}] = true;
  }
  std::vector<RowStep> steps;
  for (const auto& [id, row] : codings) {
    const auto key = std::tuple{integer(row, "document_id"), integer(row, "coder_id"),
                                integer(row, "start"), integer(row, "end")};
    if (existing.count(key)) {
      for (const auto& [memo_id, memo] : project.rows_where("memos", "target_id", id)) {
        if (text_of(memo, "target_kind") == "coding") {
          steps.push_back({"memos", memo_id, memo, std::nullopt});
        }
      }
      steps.push_back({"codings", id, row, std::nullopt});
    } else {
      existing[key] = true;
      steps.push_back({"codings", id, Row{{"code_id", from}}, Row{{"code_id", into}}});
    }
  }
  for (const auto& [memo_id, memo] : project.rows_where("memos", "target_id", from)) {
    if (text_of(memo, "target_kind") == "code") {
      steps.push_back({"memos", memo_id, Row{{"target_id", from}}, Row{{"target_id", into}}});
    }
  }
  for (const auto& [child_id, child] : project.rows_where("codes", "parent_id", from)) {
    tree.check_free(into, text_of(child, "name"), child_id);
    steps.push_back({"codes", child_id, Row{{"parent_id", from}}, Row{{"parent_id", into}}});
  }
  steps.push_back({"codes", from, *project.row("codes", from), std::nullopt});
  project.apply_change({coder, "code.merge",
                        "merged " + source.path + " into " + target.path + " (" +
                            std::to_string(codings.size()) + " codings)",
                        std::nullopt, steps});
}

std::vector<store::Suggestion> pending_suggestions(const store::Project& project,
                                                   std::int64_t document_id) {
  store::SuggestionFilter filter;
  filter.documents = {document_named_by_id(project, document_id).name};
  filter.state = store::SuggestionState::pending;
  return project.suggestions(filter);
}

store::SuggestionDecision decide_suggestions(store::Project& project, const std::string& coder,
                                             const SuggestionPick& pick, bool accept) {
  check_coder(coder);
  const std::string verb = accept ? "accepted" : "rejected";
  store::SuggestionFilter filter;
  std::string what;
  if (pick.id) {
    filter.ids = {*pick.id};
    const std::vector<store::Suggestion> found = project.suggestions(filter);
    if (found.empty()) throw NotFoundError("no suggestion with id " + std::to_string(*pick.id));
    const store::Suggestion& s = found.front();
    if (s.state != store::SuggestionState::pending) {
      throw ConflictError("suggestion " + std::to_string(s.id) + " is " +
                          store::to_string(s.state) + " already (by " + s.decided_by + ", " +
                          s.decided_at + ")");
    }
    what = "suggestion " + std::to_string(s.id) + " (" + s.code_path + ", " + s.document + " " +
           span_text(s.span) + ")";
  } else {
    const std::string document = document_named_by_id(project, pick.document_id).name;
    const std::string code = CodeTree(project).at(pick.code_id).path;
    filter.documents = {document};
    filter.code_paths = {code};
    filter.min_score = pick.min_score;
    what = "the suggestions of " + code + " in " + document +
           (pick.min_score ? " scored " + score_text(*pick.min_score) + " or more" : "");
  }
  filter.state = store::SuggestionState::pending;
  const std::vector<store::Suggestion> chosen = project.suggestions(filter);
  store::SuggestionDecision decision;
  if (chosen.empty()) return decision;

  const std::int64_t coder_id = project.ensure_coder(coder);
  const std::string now = now_utc();
  const std::int64_t document_id =
      pick.id ? project.find_document(chosen.front().document).value().id : pick.document_id;
  // A coding the coder has already (by hand, or from another suggestion of the same place)
  // is not made twice.
  std::set<std::tuple<std::int64_t, Offset, Offset>> coded;
  for (const auto& [id, row] : project.rows_where("codings", "document_id", document_id)) {
    if (integer(row, "coder_id") == coder_id) {
      coded.insert({integer(row, "code_id"), integer(row, "start"), integer(row, "end")});
    }
  }
  std::vector<RowStep> steps;
  for (const store::Suggestion& s : chosen) {
    steps.push_back({"suggestions", s.id, Row{{"state", AttributeValue{std::string("pending")}}},
                     Row{{"state", AttributeValue{std::string(verb)}},
                         {"decided_by", coder_id},
                         {"decided_at", AttributeValue{now}}}});
    if (accept && coded.insert({s.code_id, s.span.start, s.span.end}).second) {
      steps.push_back({"codings", 0, std::nullopt,
                       Row{{"document_id", document_id},
                           {"code_id", s.code_id},
                           {"coder_id", coder_id},
                           {"start", s.span.start},
                           {"end", s.span.end},
                           {"memo", std::nullopt}}});
      ++decision.codings_added;
    }
  }
  decision.decided = static_cast<std::int64_t>(chosen.size());
  const std::string count = pick.id ? "" : " (" + std::to_string(chosen.size()) + ")";
  project.apply_change({coder, accept ? "suggestion.accept" : "suggestion.reject",
                        verb + " " + what + count, document_id, steps});
  return decision;
}

std::optional<store::LoggedChange> undo(store::Project& project, const std::string& coder) {
  check_coder(coder);
  return project.undo(coder);
}

std::optional<store::LoggedChange> redo(store::Project& project, const std::string& coder) {
  check_coder(coder);
  return project.redo(coder);
}

Span snap_to_words(std::string_view text, Span span) {
  const std::u32string points = text::code_points(text);
  const auto size = static_cast<Offset>(points.size());
  Offset start = std::clamp<Offset>(span.start, 0, size);
  Offset end = std::clamp<Offset>(span.end, start, size);
  const auto word = [&](Offset i) { return text::is_word_character(points[static_cast<std::size_t>(i)]); };
  // Trim what is not a word at either end, then widen each end to its word's edge.
  while (start < end && !word(start)) ++start;
  while (end > start && !word(end - 1)) --end;
  if (start == end) return span;
  while (start > 0 && word(start - 1)) --start;
  while (end < size && word(end)) ++end;
  return {start, end};
}

std::vector<Span> find_in_text(std::string_view text, std::string_view query, std::size_t limit) {
  std::vector<Span> found;
  const std::string needle = text::fold_text(query);
  if (needle.empty()) return found;
  const text::Folded folded = text::fold(text);
  const text::CodePointIndex index(folded.text);
  for (std::size_t at = folded.text.find(needle); at != std::string::npos && found.size() < limit;
       at = folded.text.find(needle, at + 1)) {
    const std::size_t stop = at + needle.size();
    if (stop < folded.text.size() && (static_cast<unsigned char>(folded.text[stop]) & 0xC0) == 0x80) {
      continue;  // the match ends inside a character
    }
    const Offset a = index.offset_at_byte(at);
    const Offset b = index.offset_at_byte(stop);
    found.push_back({folded.origin[static_cast<std::size_t>(a)],
                     folded.origin[static_cast<std::size_t>(b)]});
  }
  return found;
}

}  // namespace inzicht::coding

namespace inzicht::coding {

std::vector<DocumentListing> document_listings(const store::Project& project) {
  std::map<std::string, const store::CaseSummary*> cases;
  const std::vector<store::CaseSummary> all_cases = project.cases();
  for (const store::CaseSummary& c : all_cases) cases[c.name] = &c;
  std::map<std::int64_t, std::string> coders;
  for (const auto& [id, name] : project.coder_rows()) coders[id] = name;
  std::map<std::int64_t, std::map<std::string, std::int64_t>> counts;
  project.read_codings([&](const store::CodingRow& row) {
    ++counts[row.document][coders[row.coder]];
  });
  std::map<std::string, std::int64_t> pending;  // by document name
  store::SuggestionFilter filter;
  filter.state = store::SuggestionState::pending;
  for (const store::Suggestion& s : project.suggestions(filter)) ++pending[s.document];
  std::vector<DocumentListing> listings;
  std::vector<std::int64_t> ids;
  for (store::DocumentSummary& document : project.documents()) {
    DocumentListing listing;
    if (const auto found = cases.find(document.case_name); found != cases.end()) {
      listing.attributes = found->second->attributes;
    }
    listing.codings_by_coder = counts[document.id];
    listing.pending_suggestions = pending[document.name];
    ids.push_back(document.id);
    listing.document = std::move(document);
    listings.push_back(std::move(listing));
  }
  const std::map<std::int64_t, std::string> texts = project.document_texts(ids);
  for (DocumentListing& listing : listings) {
    listing.words = static_cast<std::int64_t>(text::word_starts(texts.at(listing.document.id)).size());
  }
  return listings;
}

}  // namespace inzicht::coding
