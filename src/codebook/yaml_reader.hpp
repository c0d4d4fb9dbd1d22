#pragma once
// The YAML reader with what add_missing_ids needs to edit the text in place (internal to
// codebook/).

#include <string>
#include <vector>

#include "model/codebook.hpp"

namespace inzicht::codebook {

// Where a code stands in the text, one per code of ParsedYaml::codebook, same order.
struct CodeSite {
  bool has_id = false;   // the code's mapping has an `id:` key
  int name_line = -1;    // 0-based line of the `name` key
  int name_column = -1;  // its byte column on that line
  bool flow = false;     // the code is a flow mapping: `{name: x, …}`
};

struct ParsedYaml {
  model::Codebook codebook;
  std::vector<CodeSite> sites;
};

// parse_yaml with the sites; throws the same InputError.
ParsedYaml read_yaml(const std::string& text, const std::string& source);

}  // namespace inzicht::codebook
