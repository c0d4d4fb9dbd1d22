#pragma once
// The analysis module computes what researchers report from a coded project:
// frequencies, matrices, co-occurrence, coding queries, inter-coder agreement, word
// counts, clustering and personas. Each statistic reads a `CodingData` — documents, cases
// with attributes, codes, coders and codings loaded in a handful of queries and indexed by
// position — and returns plain results or `table::Table`s. Nothing here prints or writes.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/project.hpp"

namespace inzicht::analysis {

struct DocumentInfo {
  std::int64_t id = 0;
  std::string name;
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

struct CodingInfo {
  std::int64_t id = 0;
  std::size_t document = 0;
  std::size_t code = 0;
  std::size_t coder = 0;
  Span span;
};

// The unit a statistic counts in: a sentence, paragraph or turn as the importer split the
// text, or the whole document.
enum class Unit { sentence, paragraph, turn, document };
// "sentence", "paragraph", "turn" or "document"; throws InputError otherwise.
Unit parse_unit(const std::string& name);
const char* to_string(Unit unit);

// Which codings a statistic looks at; an empty list does not filter.
struct Selection {
  std::vector<std::string> codes;                          // code paths, each with its descendants
  std::vector<std::string> coders;                         // coder names
  std::vector<std::pair<std::string, std::string>> where;  // case attribute = value (as text)
};

// A Selection resolved against one CodingData: the codes, coders and documents it admits,
// by index.
struct SelectionFilter {
  std::vector<bool> codes;
  std::vector<bool> coders;
  std::vector<bool> documents;

  bool admits(const CodingInfo& coding) const {
    return codes[coding.code] && coders[coding.coder] && documents[coding.document];
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
  // `code` and every code below it, in pre-order.
  std::vector<std::size_t> subtree(std::size_t code) const;
  // The codes `paths` name, each with its descendants, in codebook order without
  // duplicates; every code when `paths` is empty. Throws NotFoundError for an unknown path.
  std::vector<std::size_t> select_codes(const std::vector<std::string>& paths) const;
  // Per document: whether its case has every attribute value in `where`. Throws
  // InputError naming an attribute no case has.
  std::vector<bool> documents_where(
      const std::vector<std::pair<std::string, std::string>>& where) const;
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

 private:
  const store::Project& project_;
  std::vector<DocumentInfo> documents_;
  std::vector<CaseInfo> cases_;
  std::vector<CodeInfo> codes_;
  std::vector<std::string> coders_;
  std::vector<CodingInfo> codings_;
  std::vector<std::size_t> first_coding_;  // per document, into codings_; one extra at the end
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
  mutable std::vector<std::optional<std::vector<Offset>>> word_starts_;
};

}  // namespace inzicht::analysis
