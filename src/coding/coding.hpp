#pragma once
// Coding operations on a project: choosing a span by hand (range, turn, sentence or an
// exact quote), autocoding with the codebook's rules, loading a codebook file, and
// reading coded segments back with their speaker and context. The command line calls one
// of these per command.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/document.hpp"
#include "base/progress.hpp"
#include "store/project.hpp"

namespace inzicht::coding {

// How a researcher names a stretch of a document; exactly one is set.
struct Selector {
  std::optional<Span> range;
  std::optional<std::size_t> turn;
  std::optional<std::size_t> sentence;
  std::optional<std::string> quote;
};

// "START:END" in code points; throws InputError otherwise.
Span parse_range(const std::string& text);

// The span `selector` names in `document`. A quote must occur exactly once (after NFC);
// otherwise InputError lists the candidates with their positions — every occurrence, or
// the near matches that differ only in case or accents.
Span select_span(const model::Document& document, const Selector& selector);

// ---- codebook files ----------------------------------------------------------------

// Merges `codebook` into the project as codebook::plan_merge decides, in one transaction.
// `new_guid` makes GUIDs for codes without one (codebook::new_guid when null).
model::CodebookMerge merge_codebook(store::Project& project, const model::Codebook& codebook,
                                    bool prune, std::string (*new_guid)() = nullptr);

struct CodebookLoad {
  model::CodebookMerge merge;
  bool ids_written = false;  // new ids were written back into the YAML file
};

// Loads a .yaml/.yml or REFI-QDA .qdc codebook file into the project. Codes in a YAML file
// without an id take the project's GUID for their path, or a new one, and the ids are
// written back into the file (comments and layout kept). A .qdc carries no rules or
// fields: codes matched in the project keep theirs. Throws InputError for a bad file.
CodebookLoad load_codebook(store::Project& project, const std::string& path, bool prune);
// Loads a codebook already read from a REFI-QDA file (.qdc, or the codebook part of a
// .qde/.qdpx project), as load_codebook does for a .qdc.
CodebookLoad load_exchanged_codebook(store::Project& project, model::Codebook codebook,
                                     bool prune);

// ---- autocoding --------------------------------------------------------------------

struct AutocodeOptions {
  std::vector<std::string> codes;  // code paths; empty: every code with rules
  std::string coder = "auto";
  bool dry_run = false;
  bool replace = false;  // first remove this coder's codings of the codes concerned
  // Propose the rules' codings as suggestions (source rule) instead of coding; units that
  // someone coded with the code already are not proposed.
  bool suggest = false;
  // Threads that run the rules (0: one per core, at most 8). The result is the same
  // whatever the number.
  unsigned threads = 0;
  // Codings held in memory before they are written as they come (in the one transaction
  // that commits at the end, so the write lock is held from then on). The result is the
  // same whatever the number.
  std::size_t held_codings = 100'000;
};

struct AutocodeHit {
  std::string document;
  std::string code_path;
  Span span;
  std::vector<Span> hits;
  std::string text;  // the unit's text
  std::string rule;  // rule_name() of the rule that matched
  std::vector<std::string> words;  // the text of the hits, each once, in order
};

struct AutocodeResult {
  std::map<std::string, std::int64_t> units;  // per code: units its rules matched
  std::map<std::string, std::int64_t> added;  // per code: new codings (or suggestions)
  // Per code: the coder's codings made by another version of the code's rules (or before
  // versions were recorded), which the current rules did not make again: out of date,
  // until autocode --replace redoes them. After --replace, none.
  std::map<std::string, std::int64_t> outdated;
  std::int64_t removed = 0;
  std::int64_t documents = 0;
  std::vector<AutocodeHit> hits;  // only for a dry run
  // Attributes named in a rule's `where` that no case has (a typo, or attributes not yet
  // imported): such a condition keeps the rule from nothing.
  std::vector<std::string> unknown_attributes;
};

// Runs every rule over every document in one pass per document and stores the codings in
// one transaction (nothing with `dry_run`), each with the rule, the words it matched and
// the version of its code's rules (store::CodingOrigin). With `suggest`, stores them as
// suggestions instead (replacing the pending rule suggestions of those codes). Idempotent:
// a second run adds nothing.
AutocodeResult autocode(store::Project& project, const AutocodeOptions& options,
                        Progress* progress = nullptr);

// ---- codings from files -----------------------------------------------------------

struct CodingsImport {
  std::int64_t rows = 0;
  std::int64_t added = 0;  // rows already coded the same way are not added twice
};

// Adds codings listed in CSV files (header with `document`, `code` and either `quote` or
// `start` and `end`; optional `memo`) as `coder`, all files in one transaction. Every row
// is placed first: a document given by name or file stem, a quote found exactly once.
// Throws InputError listing every row that cannot be placed, as file:line, and then
// nothing is added.
CodingsImport import_codings(store::Project& project, const std::vector<std::string>& files,
                             const std::string& coder);

// ---- reading back ------------------------------------------------------------------

struct Segment {
  store::Coding coding;
  std::optional<store::CodingOrigin> origin;  // the rule that made it, for rule codings
  bool outdated = false;  // made by rules of its code that have changed since
  std::string speaker;  // of the turn the segment starts in; "" outside turns
  std::string role;
  std::string text;
  std::string before;  // up to N sentences before, in the same document
  std::string after;
};

std::vector<Segment> segments(const store::Project& project, const store::CodingFilter& filter,
                              int context_sentences);

}  // namespace inzicht::coding
