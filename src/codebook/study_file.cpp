// Reading the study file: sections become steps in a fixed order — import, attributes,
// codebook, codings, autocode, analyses, report — whatever their order in the file, so a
// study reads as it runs.

#include "codebook/study_file.hpp"

#include <algorithm>
#include <map>

#include "base/error.hpp"
#include "codebook/checks.hpp"
#include "codebook/yaml_load.hpp"
#include "text/text.hpp"

namespace inzicht::codebook {

namespace {

const std::vector<std::string_view> kSections = {"study",    "language",   "project",  "output",
                                                 "import",   "attributes", "codebook", "codings",
                                                 "autocode", "analyses",   "report"};

class Reader {
 public:
  explicit Reader(Problems& problems) : problems_(problems) {}

  StudyFile read(const YAML::Node& root) {
    StudyFile study;
    if (!root.IsMap()) {
      problems_.add(std::max(line_of(root), 1),
                    std::string("the top level must be a mapping ('project:', 'import:' …), "
                                "not ") +
                        kind_of(root));
      return study;
    }
    std::map<std::string, std::pair<YAML::Node, int>> sections;
    for (auto it = root.begin(); it != root.end(); ++it) {
      const int line = line_of(it->first);
      const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string();
      if (std::find(kSections.begin(), kSections.end(), key) == kSections.end()) {
        std::string message = "unknown section " + quoted(key);
        if (auto guess = did_you_mean(key, kSections)) {
          message += " (did you mean " + quoted(*guess) + "?)";
        } else {
          message +=
              " (sections: project, output, study, language, import, attributes, "
              "codebook, codings, autocode, analyses, report)";
        }
        problems_.add(line, message);
        continue;
      }
      if (!sections.emplace(key, std::pair{it->second, line}).second) {
        problems_.add(line, "duplicate section " + quoted(key));
      }
    }
    const auto section = [&](const char* key) -> const std::pair<YAML::Node, int>* {
      const auto found = sections.find(key);
      return found == sections.end() ? nullptr : &found->second;
    };
    if (const auto* s = section("study")) study.name = text(s->first, s->second, "study");
    if (const auto* s = section("language")) {
      study.language = text(s->first, s->second, "language");
      study.language_line = s->second;
    }
    if (const auto* s = section("project")) {
      study.project = text(s->first, s->second, "project");
      study.project_line = s->second;
    }
    if (study.project.empty()) {
      problems_.add(section("project") ? section("project")->second : 1,
                    "'project:' must name the project file the study builds, e.g. "
                    "'project: out/study.inzicht'");
    }
    if (const auto* s = section("output")) study.output = text(s->first, s->second, "output");
    if (const auto* s = section("import")) {
      for_each_item(*s, "import", [&](const YAML::Node& item, int line) {
        StudyStep step = mapping_step({"import"}, item, line, "path", true);
        if (step.args.empty()) problems_.add(line, "an import needs 'path:' (a folder or file)");
        study.steps.push_back(std::move(step));
      });
    }
    if (const auto* s = section("attributes")) {
      study.steps.push_back(scalar_step({"attributes", "import"}, *s, "attributes"));
    }
    if (const auto* s = section("codebook")) {
      study.steps.push_back(scalar_step({"codebook", "load"}, *s, "codebook"));
    }
    if (const auto* s = section("codings")) {
      for_each_item(*s, "codings", [&](const YAML::Node& item, int line) {
        StudyStep step = mapping_step({"codings", "import"}, item, line, "files", true);
        if (step.args.empty()) problems_.add(line, "a codings import needs 'files:'");
        study.steps.push_back(std::move(step));
      });
    }
    if (const auto* s = section("autocode")) {
      const YAML::Node& value = s->first;
      bool on = true;
      if (value.IsScalar() && YAML::convert<bool>::decode(value, on)) {
        if (on) study.steps.push_back({{"autocode"}, {}, false, {}, s->second});
      } else if (value.IsMap() || value.IsNull()) {
        study.steps.push_back(mapping_step({"autocode"}, value, s->second, "", false));
      } else {
        problems_.add(s->second, "'autocode:' must be true, false or a mapping of its options");
      }
    }
    if (const auto* s = section("analyses")) {
      for_each_item(*s, "analyses", [&](const YAML::Node& item, int line) {
        if (!item.IsMap() || item.size() != 1) {
          problems_.add(line,
                        "each analysis is one command with its options, e.g. "
                        "'- freq: {by: group, output: freq.csv}'");
          return;
        }
        const auto entry = item.begin();
        if (!entry->first.IsScalar()) {
          problems_.add(line, "an analysis must be named by its command");
          return;
        }
        std::vector<std::string> command;
        for (const std::string& word : split_words(entry->first.Scalar())) command.push_back(word);
        study.steps.push_back(mapping_step(command, entry->second, line, "args", false));
      });
    }
    if (const auto* s = section("report")) {
      study.steps.push_back(mapping_step({"report"}, s->first, s->second, "", false));
    }
    return study;
  }

 private:
  static std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text + " ") {
      if (c == ' ' || c == '\t') {
        if (!word.empty()) words.push_back(word);
        word.clear();
      } else {
        word += c;
      }
    }
    return words;
  }

  std::string text(const YAML::Node& value, int line, const std::string& key) {
    if (value.IsNull()) return {};
    if (!value.IsScalar()) {
      problems_.add(line, quoted(key) + " must be text, not " + kind_of(value));
      return {};
    }
    return value.Scalar();
  }

  // One text or a list of texts.
  std::vector<std::string> texts(const YAML::Node& value, int line, const std::string& key) {
    std::vector<std::string> out;
    if (value.IsNull()) return out;
    if (value.IsScalar()) return {value.Scalar()};
    if (value.IsSequence()) {
      for (const YAML::Node& item : value) {
        if (item.IsScalar()) {
          out.push_back(item.Scalar());
        } else {
          problems_.add(line_of(item),
                        "the items of " + quoted(key) + " must be text, not " + kind_of(item));
        }
      }
      return out;
    }
    problems_.add(line, quoted(key) + " must be a text or a list of texts, not a mapping");
    return out;
  }

  template <typename Take>
  void for_each_item(const std::pair<YAML::Node, int>& section, const std::string& key, Take take) {
    if (section.first.IsNull()) return;
    if (!section.first.IsSequence()) {
      problems_.add(section.second, quoted(key) + " must be a list ('- …' items)");
      return;
    }
    for (const YAML::Node& item : section.first)
      take(item, std::max(line_of(item), section.second));
  }

  StudyStep scalar_step(std::vector<std::string> command, const std::pair<YAML::Node, int>& section,
                        const std::string& key) {
    StudyStep step{std::move(command), {}, true, {}, section.second};
    const std::string file = text(section.first, section.second, key);
    if (file.empty()) {
      problems_.add(section.second, quoted(key) + " must name a file");
    } else {
      step.args.push_back(file);
    }
    return step;
  }

  // A step from a mapping of options; `positional` is the key whose values are the
  // command's arguments.
  StudyStep mapping_step(std::vector<std::string> command, const YAML::Node& value, int line,
                         const std::string& positional, bool paths) {
    StudyStep step{std::move(command), {}, paths, {}, line};
    if (value.IsNull()) return step;
    if (!value.IsMap()) {
      problems_.add(line, "the options of '" + step.command.front() +
                              "' must be a mapping (key: value), not " + kind_of(value));
      return step;
    }
    std::map<std::string, int> seen;
    for (auto it = value.begin(); it != value.end(); ++it) {
      const int key_line = std::max(line_of(it->first), line);
      if (!it->first.IsScalar()) {
        problems_.add(key_line, "an option must be a word, not " + std::string(kind_of(it->first)));
        continue;
      }
      const std::string key = it->first.Scalar();
      if (!seen.emplace(key, key_line).second) {
        problems_.add(key_line, "duplicate option " + quoted(key) + " (first at line " +
                                    std::to_string(seen[key]) + ")");
        continue;
      }
      std::vector<std::string> values = texts(it->second, key_line, key);
      if (!positional.empty() && (key == positional || key == positional + "s" ||
                                  (positional == "files" && key == "file"))) {
        step.args.insert(step.args.end(), values.begin(), values.end());
        continue;
      }
      step.options.push_back({key, std::move(values), key_line});
    }
    return step;
  }

  Problems& problems_;
};

}  // namespace

StudyFile parse_study(const std::string& text, const std::string& source) {
  Problems problems(source);
  // A study file nests a few levels: steps, their options, lists of folders.
  const std::vector<YAML::Node> documents = load_yaml(text, problems, 16);
  if (documents.size() > 1) {
    problems.add(line_of(documents[1]),
                 "more than one YAML document ('---'); a study file is a single document");
    problems.throw_if_any();
  }
  const YAML::Node root = documents.empty() ? YAML::Node() : documents.front();
  if (root.IsNull()) {
    problems.add(1, "the study file is empty; it needs at least 'project:'");
    problems.throw_if_any();
  }
  StudyFile study = Reader(problems).read(root);
  problems.throw_if_any();
  return study;
}

}  // namespace inzicht::codebook
