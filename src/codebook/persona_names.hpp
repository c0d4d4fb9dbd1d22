#pragma once
// The names a study gives its personas (codebooks/llo-personas.yaml): a file beside the
// codebook that names the persona of each ambition code in the study's own words.

#include <map>
#include <string>

namespace inzicht::codebook {

// A persona's name and description from an overrides file, keyed by code path or name.
struct PersonaLabel {
  std::string name;
  std::string description;
};
using PersonaLabels = std::map<std::string, PersonaLabel>;

// Reads overrides from `path`: YAML (a map from code to {name, description}) or, for a
// .csv file, rows code,name,description under that header. Throws InputError naming the
// file (and the line, where known) for a file that cannot be read or has another shape.
PersonaLabels read_persona_labels(const std::string& path);

}  // namespace inzicht::codebook
