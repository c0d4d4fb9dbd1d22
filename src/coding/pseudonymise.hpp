#pragma once
// Pseudonymisation of a project with a key (coding/pseudonym_key.hpp): every spelling in
// the key is replaced in every participant text — document texts, speakers, document and
// case names, source paths, text attributes, memos — in one transaction, and every span
// (codings, turns, paragraphs, sentences) moves with the text. The key records what is
// needed to restore the project byte for byte; the project records only the key's
// fingerprint. Matching is case-sensitive, on whole words, the longest original first.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "coding/pseudonym_key.hpp"
#include "base/span.hpp"

namespace inzicht::store {
class Project;
}

namespace inzicht::coding {

// Finds the key's originals in text: case-sensitive, as whole words (an original that
// begins or ends with a letter or digit must not touch another letter or digit there), at
// each place the longest original that fits, never overlapping.
class PseudonymMatcher {
 public:
  struct Match {
    Span span;                // code points in the text searched
    std::size_t entry = 0;    // index into the entries given
    std::size_t original = 0; // index into that entry's originals
  };

  explicit PseudonymMatcher(const std::vector<PseudonymEntry>& entries);
  // Matches left to right, without overlap.
  std::vector<Match> find(std::string_view text) const;
  // Every match of every original, overlapping ones included (for counting candidates).
  std::vector<Match> find_all(std::string_view text) const;
  // `text` with every match replaced by its entry's pseudonym.
  std::string replace(std::string_view text) const;

 private:
  struct Original {
    std::string text;
    std::size_t entry = 0;
    std::size_t original = 0;
    bool word_start = false;  // first code point is a word character
    bool word_end = false;    // last code point is a word character
    Offset length = 0;        // code points
  };
  std::vector<Match> scan(std::string_view text, bool all) const;
  const std::vector<PseudonymEntry>& entries_;
  std::vector<Original> originals_;
  // By first word (for originals that start with a word character) or by first code point
  // (the others), longest first.
  std::unordered_map<std::string, std::vector<std::size_t>> by_word_;
  std::unordered_map<char32_t, std::vector<std::size_t>> by_point_;
};

// A replacement as positions: `from` in the text before, `to` in the text after.
struct Moved {
  Span from;
  Span to;
};

// Where a position goes when the `moved` stretches (sorted, non-overlapping) are replaced.
// A position inside a replaced stretch goes to the start of its replacement for a start
// (`end` false) and to its end for an end, so a span covering part of a name covers its
// whole pseudonym.
Offset move_offset(const std::vector<Moved>& moved, Offset position, bool end);
Span move_span(const std::vector<Moved>& moved, Span span);
// The inverse stretches: `to` and `from` swapped.
std::vector<Moved> inverse(const std::vector<Moved>& moved);

// What apply or revert did, or a dry run would do.
struct PseudonymRun {
  std::int64_t documents = 0;    // documents whose text or structure changed
  std::int64_t replacements = 0; // in document texts
  std::int64_t fields = 0;       // speakers, names, paths, attributes, memos changed
  std::int64_t codings_moved = 0;
  std::vector<std::pair<std::string, std::int64_t>> by_pseudonym;  // replacements each
  bool vacuumed = false;
  bool checkpointed = false;
  std::string fingerprint;
};

// Pseudonymises `project` with the key at `key_path`, and writes the key back with what
// revert needs (binding it to this project on first use). The key file is written before
// the project's transaction commits; a key whose record the project does not know is
// overwritten by the next apply. Afterwards VACUUM and a WAL checkpoint clean the file.
// Throws InputError for a key of another project, a project already pseudonymised, or
// spans that would collide; nothing changes then. With `dry_run`, counts only.
PseudonymRun apply_pseudonyms(store::Project& project, PseudonymKey& key,
                              const std::string& key_path, bool dry_run);

// Restores what `apply_pseudonyms` changed: texts byte for byte, spans, names, memos.
// Codings added since are moved back with the text. Throws InputError when the project is
// not pseudonymised with this key, or a document was changed since (re-imported).
PseudonymRun revert_pseudonyms(store::Project& project, PseudonymKey& key,
                               const std::string& key_path);

// Whether the project is pseudonymised, with which key fingerprint and since when.
struct PseudonymStatus {
  bool pseudonymised = false;
  std::string fingerprint;
  std::string applied_at;
  std::string replacements;
};
PseudonymStatus pseudonym_status(const store::Project& project);

}  // namespace inzicht::coding
