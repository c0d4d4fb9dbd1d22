#pragma once
// Loading a codebook into a project that already has codes: what the project holds
// (`StoredCode`), what loading will do (`CodebookPlan`, decided by codebook::plan_merge, a
// pure function) and what it did (`CodebookMerge`). The store applies a plan in one
// transaction; deciding stays out of SQL so that every storage backend shares the rule.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/codebook.hpp"

namespace inzicht::model {

// A code as the project holds it: its row id, its place among its siblings, and the code
// with its path and parent path.
struct StoredCode {
  std::int64_t id = 0;
  std::int64_t position = 0;
  Code code;
};

// What loading a codebook did, by code path.
struct CodebookMerge {
  std::vector<std::string> added;
  std::vector<std::string> changed;
  std::vector<std::string> unchanged;
  std::vector<std::string> missing;  // in the project, not in the file: kept
  std::vector<std::string> removed;  // missing and dropped (with --prune)
};

struct CodebookPlan {
  // One per code of the loaded codebook, in its (pre-)order; a code's position among its
  // siblings is its step's index.
  struct Step {
    std::optional<std::int64_t> stored_id;  // the stored code it becomes; none: a new code
    std::string guid;                       // of a new code: the file's, or a new one
    std::optional<std::size_t> parent;      // the parent's step
    bool write = true;                      // false: the stored code is already so
  };
  std::vector<Step> steps;
  // Stored codes to drop with their codings and memos, children before parents.
  std::vector<std::int64_t> drop;
  CodebookMerge report;
};

}  // namespace inzicht::model
