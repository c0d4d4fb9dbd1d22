#include "codebook/persona_names.hpp"

#include "base/csv.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "codebook/checks.hpp"
#include "codebook/yaml_load.hpp"

namespace inzicht::codebook {

namespace {

PersonaLabels labels_from_csv(const std::string& bytes, const std::string& path) {
  const auto rows = read_csv(bytes, path);
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
  // Every yaml-cpp exception (a syntax error, or a list where a name was expected) is
  // reported with the file and line, never as yaml-cpp's own bare message.
  const auto fail = [&](const YAML::Mark& mark, const std::string& what) {
    throw InputError(path + (mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "") + ": " +
                     what);
  };
  Problems problems(path);
  const std::vector<YAML::Node> documents = load_yaml(bytes, problems, 8);
  const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  if (!root.IsMap()) fail(root.Mark(), "expected a map from code to {name, description}");
  PersonaLabels labels;
  for (const auto& entry : root) {
    const YAML::Node& value = entry.second;
    if (!entry.first.IsScalar()) fail(entry.first.Mark(), "a code should be a plain name");
    const std::string code = entry.first.Scalar();
    PersonaLabel label;
    const auto text = [&](const YAML::Node& node, const char* what) {
      if (!node.IsScalar()) fail(node.Mark(), "'" + code + "': " + what + " should be text");
      return node.Scalar();
    };
    if (value.IsScalar()) {
      label.name = value.Scalar();
    } else if (value.IsMap()) {
      if (value["name"]) label.name = text(value["name"], "name");
      if (value["description"]) label.description = text(value["description"], "description");
    } else {
      fail(value.Mark(), "'" + code + "' should map to a name or {name, description}");
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

}  // namespace inzicht::codebook
