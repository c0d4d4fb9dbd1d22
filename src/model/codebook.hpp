#pragma once
// A codebook as plain data: a tree of codes, each with its criteria, examples, free
// fields and autocoding rules. Read and written by codebook/ (YAML, REFI-QDA .qdc), kept in
// the project by store/, applied by coding/. Codes are addressed by path, the names from
// the root joined with '/' ("drempels/tijdsgebrek"); every code has a stable GUID so a
// rename keeps its codings.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "model/document.hpp"
#include "model/unit.hpp"

namespace inzicht::model {

// Whose words a rule reads.
enum class SpeakerFilter { respondent, interviewer, any };

const char* to_string(SpeakerFilter speaker);
// "respondent", "interviewer" or "any"; throws InputError otherwise.
SpeakerFilter parse_speaker(const std::string& name);
// Whether words spoken in `role` count under `speaker`.
bool admits(SpeakerFilter speaker, Role role);

// One autocoding rule. A unit of `scope` matches when every condition that is set holds:
// `keywords` — at least one of these words or phrases occurs; `all` — every term occurs;
// `any` — at least one term occurs; `near` — all its terms occur within `within` words of
// each other; `regex` — the ICU regex matches the original text; and none of the `not`
// terms occurs. Terms are matched on folded text (case and diacritics), by Snowball stem
// unless `stem` is false; a trailing '*' makes a prefix; a term of several words is a
// phrase. A rule needs at least one positive condition.
struct Rule {
  struct Near {
    std::vector<std::string> terms;
    int within = 5;  // words between the first and the last term
  };

  std::vector<std::string> keywords;
  std::vector<std::string> all;
  std::vector<std::string> any;
  std::vector<std::string> not_terms;
  std::optional<Near> near;
  std::optional<std::string> regex;
  bool regex_case_sensitive = false;
  Unit scope = Unit::sentence;  // the unit a rule codes when it matches; never document
  SpeakerFilter speaker = SpeakerFilter::respondent;
  bool stem = true;
  // Case attributes (name, value as text) the rule keeps to ("group=learner"): it does not
  // read a turn whose case has one of them with another value; a case without the
  // attribute is read. Empty: every turn its `speaker` admits.
  std::vector<std::pair<std::string, std::string>> where;
  int line = 0;  // where the rule stands in its codebook file, for messages; 0 if unknown
};

struct Code {
  std::string guid;         // stable identity, e.g. "1b0f0e52-6d5c-4c1e-9a43-5f2b1d0c9e11"
  std::string name;         // one path segment, no '/'
  std::string path;         // "drempels/tijdsgebrek"
  std::string parent_path;  // "" for a top-level code
  std::string description;
  std::vector<std::string> include;           // inclusion criteria
  std::vector<std::string> exclude;           // exclusion criteria
  std::vector<std::string> examples;          // example quotes
  std::optional<std::string> color;           // "#RRGGBB"
  std::map<std::string, std::string> fields;  // free fields, e.g. requirement, theme
  bool codable = true;                        // false for grouping parents (REFI-QDA isCodable)
  std::vector<Rule> rules;
  int line = 0;  // where the code stands in its file; 0 if unknown
};

// Codes in pre-order: every parent before its children, siblings in file order.
struct Codebook {
  std::string name;
  std::vector<Code> codes;

  const Code* find(const std::string& path) const {
    for (const Code& code : codes) {
      if (code.path == path) return &code;
    }
    return nullptr;
  }
};

}  // namespace inzicht::model
