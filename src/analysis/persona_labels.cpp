// Persona names and descriptions from a YAML or CSV overrides file.

#include <yaml-cpp/yaml.h>

#include "analysis/personas.hpp"
#include "importers/csv.hpp"
#include "model/error.hpp"
#include "model/files.hpp"

namespace inzicht::analysis {

namespace {

PersonaLabels labels_from_csv(const std::string& bytes, const std::string& path) {
  const auto rows = importers::read_csv(bytes, path);
  if (rows.empty() || rows[0].fields.size() < 2 || rows[0].fields[0] != "code" ||
      rows[0].fields[1] != "name") {
    throw InputError(path + ": expected a header code,name[,description]");
  }
  PersonaLabels labels;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const auto& fields = rows[i].fields;
    if (fields.size() < 2) {
      throw InputError(path + ", line " + std::to_string(rows[i].line) +
                       ": expected code,name[,description]");
    }
    labels[fields[0]] = {fields[1], fields.size() > 2 ? fields[2] : ""};
  }
  return labels;
}

PersonaLabels labels_from_yaml(const std::string& bytes, const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::Load(bytes);
  } catch (const YAML::Exception& e) {
    throw InputError(path + ": " + e.what());
  }
  if (!root.IsMap()) throw InputError(path + ": expected a map from code to {name, description}");
  PersonaLabels labels;
  for (const auto& entry : root) {
    const std::string code = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    PersonaLabel label;
    if (value.IsScalar()) {
      label.name = value.as<std::string>();
    } else if (value.IsMap()) {
      if (value["name"]) label.name = value["name"].as<std::string>();
      if (value["description"]) label.description = value["description"].as<std::string>();
    } else {
      throw InputError(path + ": '" + code + "' should map to a name or {name, description}");
    }
    labels[code] = label;
  }
  return labels;
}

}  // namespace

PersonaLabels read_persona_labels(const std::string& path) {
  const std::string bytes = read_file(path);
  if (path.ends_with(".csv")) return labels_from_csv(bytes, path);
  return labels_from_yaml(bytes, path);
}

}  // namespace inzicht::analysis
