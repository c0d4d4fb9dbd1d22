#pragma once
// The analysis module computes what researchers report from a coded project:
// frequencies, matrices, co-occurrence, coding queries, inter-coder agreement, word
// counts, clustering and personas. Each statistic reads a `CodingData` — documents, cases
// with attributes, codes, coders and codings loaded in a handful of queries and indexed by
// position — and returns plain results or `table::Table`s. Nothing here prints or writes.

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/coding.hpp"
#include "model/unit.hpp"
#include "store/project.hpp"

namespace inzicht::analysis {

struct DocumentInfo {
  std::int64_t id = 0;
  std::string name;
  std::size_t case_index = 0;  // the document's own case (with a case per speaker: the rest)
};

// A respondent's turn that belongs to a case of its own (import --case-per-speaker).
struct CaseRegion {
  Span span;
  std::size_t case_index = 0;
};

struct CaseInfo {
  std::string name;
  std::map<std::string, std::string> attributes;  // values as text ("42", "zorg")
};

struct CodeInfo {
  std::int64_t id = 0;
  std::string path;
  std::optional<std::size_t> parent;
  bool codable = true;
  std::size_t depth = 0;  // 0 for a top-level code
};

// A coding by position: document, code and coder index into CodingData's vectors; its
// case is the document's, or, in a document with a case per speaker, that of the first
// respondent turn with a case of its own that the coding reaches into (case_of).
struct CodingInfo : model::CodingOf<std::size_t> {
  std::int64_t id = 0;
  std::size_t case_index = 0;
};

// The unit a statistic counts in (model/unit.hpp).
using model::Unit;
using model::parse_unit;
using model::to_string;

// Which codings a statistic looks at; an empty list does not filter.
struct Selection {
  std::vector<std::string> codes;                          // code paths, each with its descendants
  std::vector<std::string> coders;                         // coder names
  std::vector<std::pair<std::string, std::string>> where;  // case attribute = value (as text)
};

// A Selection resolved against one CodingData: the codes, coders and cases it admits,
// by index.
struct SelectionFilter {
  std::vector<bool> codes;
  std::vector<bool> coders;
  std::vector<bool> cases;

  bool admits(const CodingInfo& coding) const {
    return codes[coding.code] && coders[coding.coder] && cases[coding.case_index];
  }
};

class CodingData {
 public:
  // Loads documents, cases, codes, coders and codings of `project`, which must outlive
  // this object (units and texts are read from it on first use).
  explicit CodingData(const store::Project& project);

  const std::vector<DocumentInfo>& documents() const { return documents_; }
  const std::vector<CaseInfo>& cases() const { return cases_; }
  const std::vector<CodeInfo>& codes() const { return codes_; }  // pre-order
  const std::vector<std::string>& coders() const { return coders_; }
  // Every coding, ordered by document, start, end and code.
  const std::vector<CodingInfo>& codings() const { return codings_; }
  std::span<const CodingInfo> codings_of(std::size_t document) const;

  // The index of the code at `path`, if there is one.
  std::optional<std::size_t> find_code(const std::string& path) const;
  // The index of the code at `path`. Throws NotFoundError naming the nearest paths.
  std::size_t code_index(const std::string& path) const;
  // The index of coder `name`. Throws NotFoundError listing the project's coders.
  std::size_t coder_index(const std::string& name) const;
  // By coder index, whether the coder is one of `names`; every coder when `names` is empty.
  // Throws NotFoundError for a name that is not a coder of the project.
  std::vector<bool> coder_mask(const std::vector<std::string>& names) const;
  // `code` and every code below it, in pre-order.
  std::vector<std::size_t> subtree(std::size_t code) const;
  // The codes `paths` name, each with its descendants, in codebook order without
  // duplicates; every code when `paths` is empty. Throws NotFoundError for an unknown path.
  std::vector<std::size_t> select_codes(const std::vector<std::string>& paths) const;
  // Per case: whether it has every attribute value in `where`. Throws InputError naming
  // an attribute no case has.
  std::vector<bool> cases_where(
      const std::vector<std::pair<std::string, std::string>>& where) const;

  // The case `span` of `document` belongs to: in a document with a case per speaker, that
  // of the first respondent turn with a case of its own the span reaches into; else (and
  // elsewhere in such a document) the document's case.
  std::size_t case_of(std::size_t document, Span span) const;
  // The turns of `document` with a case of their own, by start; empty for a document of
  // one case.
  std::span<const CaseRegion> speaker_cases(std::size_t document) const;
  // The cases with a part in `document`, sorted: its own case and, with a case per
  // speaker, its speakers' cases — there its own only when some coding belongs to it.
  const std::vector<std::size_t>& cases_of(std::size_t document) const {
    return cases_of_[document];
  }
  bool holds_case(std::size_t document, std::size_t case_index) const {
    return std::binary_search(cases_of_[document].begin(), cases_of_[document].end(), case_index);
  }
  // What `selection` admits. Throws as `select` does. Walking `codings()` through it spares
  // the copy `select` makes, which on a million codings is noticeable.
  SelectionFilter filter(const Selection& selection) const;
  // The codings `selection` admits, in the order of `codings()`. Throws NotFoundError for
  // an unknown code or coder, InputError for an attribute no case has.
  std::vector<CodingInfo> select(const Selection& selection) const;

  // The value of attribute `name` of case `case_index` as text; "" when it has none.
  // "case" names the case itself.
  std::string attribute(std::size_t case_index, const std::string& name) const;
  // Every attribute name some case has, sorted.
  std::vector<std::string> attribute_names() const;

  // The units of `unit` in `document`, sorted by start (loaded for all documents on first
  // use). For Unit::document, one span over the whole text.
  const std::vector<Span>& units(Unit unit, std::size_t document) const;
  // Indices [first, last) of the units of `document` that share a code point with `span`.
  std::pair<std::size_t, std::size_t> units_overlapping(Unit unit, std::size_t document,
                                                        Span span) const;
  // The role of the turn each unit lies in, parallel to `units(unit, document)`. `unit`
  // must not be Unit::document, whose text mixes roles.
  const std::vector<model::Role>& unit_roles(Unit unit, std::size_t document) const;
  // The speaker of the turn of `document` that contains offset `at`, as written; empty when
  // no turn does (a title before the first label).
  std::string_view speaker_at(std::size_t document, Offset at) const;

  // The length of `document` in code points. Read for all documents on first use: the
  // store keeps it after the text, so reading it reads every text.
  Offset length(std::size_t document) const;

  // The NFC text of `document`; loaded on first use, or all at once by `load_texts`.
  std::string_view text(std::size_t document) const;
  void load_texts(const std::vector<std::size_t>& documents) const;
  // Number of words that start inside `span` of `document` (text::word_starts).
  std::int64_t words_in(std::size_t document, Span span) const;
  // Finds where the words of `documents` start (Project::word_starts: from the copy beside
  // the project, or from their texts on worker threads), so that words_in on them looks
  // nothing up.
  void load_words(const std::vector<std::size_t>& documents) const;

 private:
  const store::Project& project_;
  std::vector<DocumentInfo> documents_;
  std::vector<CaseInfo> cases_;
  std::vector<CodeInfo> codes_;
  std::vector<std::string> coders_;
  std::vector<CodingInfo> codings_;
  std::vector<std::size_t> first_coding_;  // per document, into codings_; one extra at the end
  std::vector<CaseRegion> regions_;        // speaker cases, by document and start
  std::vector<std::size_t> first_region_;  // per document, into regions_; one extra
  std::vector<std::vector<std::size_t>> cases_of_;
  std::map<std::string, std::size_t> code_by_path_;
  std::vector<std::vector<std::size_t>> children_;
  // Per document: the units' spans and their turns' roles; speakers for turns only.
  struct UnitTable {
    std::vector<std::vector<Span>> spans;
    std::vector<std::vector<model::Role>> roles;
    std::vector<std::vector<std::string>> speakers;
  };
  const UnitTable& unit_table(Unit unit) const;
  mutable std::map<Unit, UnitTable> units_;
  mutable std::vector<Offset> lengths_;  // empty until length() is first asked
  mutable std::vector<std::optional<std::string>> texts_;
  mutable std::vector<std::optional<text::WordIndex>> words_;
};

}  // namespace inzicht::analysis
