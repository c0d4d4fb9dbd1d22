#pragma once
// Checks shared by the codebook readers (internal to codebook/): collecting problems with
// their lines, names, colours, GUIDs, terms, and did-you-mean suggestions.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/codebook.hpp"

namespace inzicht::codebook {

// Every problem found in one file, so a researcher fixes them all in one round.
class Problems {
 public:
  explicit Problems(std::string source) : source_(std::move(source)) {}

  // `line` is 1-based; 0 when unknown.
  void add(int line, std::string problem);
  bool empty() const { return problems_.empty(); }
  // Throws one InputError listing the problems, ordered by line, one per line as
  // "<source>:<line>: <problem>" — the first kShown of them and then how many more there
  // are; does nothing when there is none.
  void throw_if_any() const;
  std::size_t count() const { return count_; }

  static constexpr std::size_t kShown = 50;

 private:
  struct Problem {
    int line;
    std::string text;
  };
  static constexpr std::size_t kKept = 1000;  // problems kept for sorting by line
  std::string source_;
  std::vector<Problem> problems_;
  std::size_t count_ = 0;
};

// For each parent path ("" for the top), the indexes of its codes in file order, for the
// writers' walk down the tree. A code whose parent is missing goes to the top rather than
// being lost.
std::map<std::string, std::vector<std::size_t>> children_by_parent(
    const model::Codebook& codebook);

// Why `name` cannot be a code name (empty, a '/', a line break or control character), or
// nullopt when it can.
std::optional<std::string> name_problem(std::string_view name);

// "#RRGGBB" in upper case from "#RRGGBB" or "#rrggbb", also from "#RGB" when
// `allow_short`; nullopt for anything else.
std::optional<std::string> normalize_color(std::string_view color, bool allow_short);

// 8-4-4-4-12 hex digits, optionally in braces (the REFI-QDA GUIDType).
bool is_guid(std::string_view guid);

// Why `term` cannot be a rule term, or nullopt when it can: it needs a letter or digit,
// and '*' may only end it.
std::optional<std::string> term_problem(std::string_view term);

// The candidate closest to `word` when it is plausibly a typo of it.
std::optional<std::string> did_you_mean(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

// Quotes `text` for a message: 'text'.
std::string quoted(std::string_view text);

}  // namespace inzicht::codebook
