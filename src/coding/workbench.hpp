#pragma once
// The edits of the coding workbench (`inzicht serve`): coding by hand, memos, and changes
// to the codebook, each one entry in the project's change log, so that every coder can undo
// and redo their own edits (also after a reload) and other browsers can follow. An edit
// names what the coder saw (a coding's code and span, a memo's text); when the project no
// longer holds that, because someone else changed it meanwhile, the edit throws
// ConflictError and changes nothing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/project.hpp"

namespace inzicht::coding {

// A coding as a coder saw it or wants it.
struct CodingState {
  std::int64_t code_id = 0;
  Span span;
  std::optional<std::string> memo;
};

// Codes `span` of `document` with `code_id` as `coder`; returns the coding's id. Throws
// NotFoundError for an unknown document or code, InputError for a grouping code or a span
// outside the document or empty, ConflictError for a coding that exists already.
std::int64_t add_coding(store::Project& project, const std::string& coder,
                        const std::string& document, const CodingState& coding);
// Changes coding `id` from `seen` to `wanted` (code, span, memo). Throws NotFoundError for
// an unknown coding or code, InputError as add_coding, ConflictError when the coding is no
// longer `seen` or was deleted meanwhile.
void change_coding(store::Project& project, const std::string& coder, std::int64_t id,
                   const CodingState& seen, const CodingState& wanted);
// Deletes coding `id` (and memos on it). Throws as change_coding.
void delete_coding(store::Project& project, const std::string& coder, std::int64_t id,
                   const CodingState& seen);

// Adds a memo by `coder` on a document, code or coding (`target_kind`) with row id
// `target_id`; returns the memo's id. Throws NotFoundError for a missing target,
// InputError for an empty text or another kind.
std::int64_t add_memo(store::Project& project, const std::string& coder,
                      const std::string& target_kind, std::int64_t target_id,
                      const std::string& text);
// Sets memo `id`'s text from `seen` to `text`; an empty `text` deletes it. Throws
// NotFoundError, ConflictError when the memo is no longer `seen`.
void change_memo(store::Project& project, const std::string& coder, std::int64_t id,
                 const std::string& seen, const std::string& text);

// A new code named `name` under `parent_id` (top level without one), coloured `color`
// ("#RRGGBB"); returns its id. Throws InputError for a bad name or colour or a sibling of
// that name, NotFoundError for an unknown parent.
std::int64_t add_code(store::Project& project, const std::string& coder,
                      std::optional<std::int64_t> parent_id, const std::string& name,
                      const std::optional<std::string>& color);
// Renames code `id` (one path segment); its codings and children stay with it.
void rename_code(store::Project& project, const std::string& coder, std::int64_t id,
                 const std::string& name);
// Moves code `id` under `parent_id`, or to the top level. Throws InputError when that is
// the code itself or below it, or a sibling there has its name.
void move_code(store::Project& project, const std::string& coder, std::int64_t id,
               std::optional<std::int64_t> parent_id);
// Sets or clears code `id`'s colour. Throws InputError for a colour that is not #RRGGBB.
void recolour_code(store::Project& project, const std::string& coder, std::int64_t id,
                   const std::optional<std::string>& color);
// Merges code `from` into `into`: its codings, memos and child codes go to `into` (a coding
// that `into` already has the same way is dropped), then `from` is deleted. Throws
// InputError when `into` is `from` or below it, or is a grouping code while `from` has
// codings.
void merge_codes(store::Project& project, const std::string& coder, std::int64_t from,
                 std::int64_t into);

// Which pending suggestions a coder decides in the workbench: the one with `id`, or else
// every pending one in document `document_id` of code `code_id` (and the codes below it)
// scored at least `min_score`.
struct SuggestionPick {
  std::optional<std::int64_t> id;
  std::int64_t document_id = 0;
  std::int64_t code_id = 0;
  std::optional<double> min_score;
};

// The pending suggestions of document `document_id`, by place. Throws NotFoundError for an
// unknown document.
std::vector<store::Suggestion> pending_suggestions(const store::Project& project,
                                                   std::int64_t document_id);
// Accepts (`accept`) or rejects the picked suggestions as `coder`, as one edit: accepting
// makes each a coding of `coder` (unless that coding exists already), and undo takes the
// codings back and makes the suggestions pending again. Picking none by code decides
// nothing. Throws NotFoundError for an unknown suggestion, document or code, ConflictError
// for a suggestion picked by id that is decided already.
store::SuggestionDecision decide_suggestions(store::Project& project, const std::string& coder,
                                             const SuggestionPick& pick, bool accept);

// Undoes or redoes `coder`'s last edit; nothing when there is none. Throws ConflictError.
std::optional<store::LoggedChange> undo(store::Project& project, const std::string& coder);
std::optional<store::LoggedChange> redo(store::Project& project, const std::string& coder);

// `span` widened so that neither end cuts a word of `text` (ends inside a word move to the
// word's edges), then trimmed of surrounding spaces and punctuation.
Span snap_to_words(std::string_view text, Span span);

// Every occurrence of `query` in `text`, blind to case and accents as `inzicht search`
// is, as code-point spans of `text`; at most `limit`.
std::vector<Span> find_in_text(std::string_view text, std::string_view query,
                               std::size_t limit = 1000);

}  // namespace inzicht::coding

namespace inzicht::coding {

// A line of the workbench's list of documents.
struct DocumentListing {
  store::DocumentSummary document;
  std::map<std::string, store::AttributeValue> attributes;  // of its case
  std::int64_t words = 0;
  std::map<std::string, std::int64_t> codings_by_coder;
  std::int64_t pending_suggestions = 0;
};

// Every document of the project with its case's attributes, words, codings per coder and
// pending suggestions.
std::vector<DocumentListing> document_listings(const store::Project& project);

}  // namespace inzicht::coding
