#pragma once
// How a loaded codebook matches the project's codes: the policy of `codebook load`.

#include <string>
#include <vector>

#include "model/codebook_merge.hpp"

namespace inzicht::codebook {

// The plan for merging `loaded` into a project holding `stored` (in pre-order). A loaded
// code matches the stored code with its GUID, else the not yet matched stored code at its
// path; a matched code takes the file's name, place and details (a rename keeps its
// codings). Stored codes that nothing matches are kept, or with `prune` dropped (children
// first). Codes without a GUID get a new one from `new_guid`. Throws InputError when a
// code's parent is not in `loaded` before it.
model::CodebookPlan plan_merge(const std::vector<model::StoredCode>& stored,
                               const model::Codebook& loaded, bool prune,
                               std::string (*new_guid)());

// Whether two codes say the same: name, place, description, colour, codability, criteria,
// examples, fields and rules (not where they stand in a file).
bool same_definition(const model::Code& a, const model::Code& b);

}  // namespace inzicht::codebook
