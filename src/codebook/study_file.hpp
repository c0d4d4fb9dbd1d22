#pragma once
// The study file (study.yaml): a whole study from start to end — folders to import with
// their group and options, case attributes, the codebook, coding files, autocoding, the
// analyses with their options and the tables they write, and the report — read into plain
// steps, each one inzicht command with its arguments and options and the line it came from.
// It lives here because yaml-cpp does; `inzicht run` (cli/) checks the steps against the
// command line and runs them. Format: docs/study-file.md.

#include <optional>
#include <string>
#include <vector>

namespace inzicht::codebook {

// One `key: value` of a step: an option of the command (`--key`), or `output` (the file
// the step writes, under the study's output folder). A list gives the option repeatedly;
// `true`/`false` turn a flag on or off.
struct StudyOption {
  std::string name;  // as written, e.g. "group", "speaker-pattern"
  std::vector<std::string> values;
  int line = 0;
};

struct StudyStep {
  std::vector<std::string> command;  // e.g. {"import"}, {"codebook", "load"}, {"freq"}
  std::vector<std::string> args;     // positional arguments, as written
  bool args_are_paths = false;       // import, attributes, codebook, codings: files
  std::vector<StudyOption> options;  // in file order
  int line = 0;
};

struct StudyFile {
  std::string name;                     // `study:`, the project's name
  std::optional<std::string> language;  // `language:`
  std::string project;                  // `project:`, the project file (rebuilt every run)
  std::string output = ".";             // `output:`, where steps' outputs go
  int language_line = 0, project_line = 0;
  std::vector<StudyStep> steps;  // in the order they run
};

// Reads a study file; `source` names it in messages. Throws one InputError listing every
// problem as "<source>:<line>: <problem>": YAML syntax, unknown sections or keys (with a
// did-you-mean), wrong kinds of values, a missing `project:`.
StudyFile parse_study(const std::string& text, const std::string& source);

}  // namespace inzicht::codebook
