// run: a whole study from its study file. The file's steps are inzicht commands; each is
// checked against this command line before anything runs (every problem with its line, as
// for a codebook), then run in order on a project built afresh, so that the same file and
// inputs give the same project and a byte-identical report.

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

#include "base/error.hpp"
#include "base/files.hpp"
#include "cli/cli.hpp"
#include "cli/context.hpp"
#include "codebook/study_file.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

namespace fs = std::filesystem;

// Options whose values are files beside the study file.
bool is_path_option(const std::string& name) {
  return name == "names" || name == "reviews" || name == "sites" || name == "profiles";
}

// `pattern` with '*' and '?' matched against `name`.
bool matches(std::string_view pattern, std::string_view name) {
  if (pattern.empty()) return name.empty();
  if (pattern.front() == '*') {
    for (std::size_t skip = 0; skip <= name.size(); ++skip) {
      if (matches(pattern.substr(1), name.substr(skip))) return true;
    }
    return false;
  }
  if (name.empty()) return false;
  if (pattern.front() != '?' && pattern.front() != name.front()) return false;
  return matches(pattern.substr(1), name.substr(1));
}

// The files `path` names: itself, or with a wildcard in its last part the matching files,
// sorted. Empty when nothing is there.
std::vector<std::string> expand(const fs::path& path) {
  const std::string last = path.filename().string();
  if (last.find_first_of("*?") == std::string::npos) {
    std::error_code ec;
    if (fs::exists(path, ec)) return {path.string()};
    return {};
  }
  std::vector<std::string> found;
  std::error_code ec;
  for (fs::directory_iterator it(path.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    if (matches(last, it->path().filename().string())) found.push_back(it->path().string());
  }
  std::sort(found.begin(), found.end());
  return found;
}

struct Problem {
  int line;
  std::string text;
};

// One step as the command line it runs, and where the step writes.
struct Planned {
  std::vector<std::string> argv;
  std::optional<fs::path> output;
  std::optional<std::pair<fs::path, fs::path>> copy;  // a codebook copied before loading
  int line = 0;
};

std::string command_name(const codebook::StudyStep& step) {
  std::string name;
  for (const std::string& word : step.command) name += (name.empty() ? "" : " ") + word;
  return name;
}

class Planner {
 public:
  Planner(const codebook::StudyFile& study, const fs::path& base)
      : study_(study), base_(base), output_dir_(resolve(study.output)) {
    CLI::App& app = scratch_app_;
    scratch_.project_flag = "unused";
    setup_commands(app, scratch_);
  }

  std::vector<Planned> plan() {
    if (study_.language) {
      try {
        text::check_language(*study_.language);
      } catch (const InputError& e) {
        problems_.push_back({study_.language_line, e.what()});
      }
    }
    std::vector<Planned> planned;
    for (const codebook::StudyStep& step : study_.steps) {
      if (auto one = plan_step(step)) planned.push_back(std::move(*one));
    }
    return planned;
  }

  const std::vector<Problem>& problems() const { return problems_; }
  fs::path resolve(const std::string& path) const {
    const fs::path p(path);
    return p.is_absolute() ? p : (base_ / p).lexically_normal();
  }
  const fs::path& output_dir() const { return output_dir_; }

 private:
  std::optional<Planned> plan_step(const codebook::StudyStep& step) {
    CLI::App* command = &scratch_app_;
    for (const std::string& word : step.command) {
      try {
        command = command->get_subcommand(word);
      } catch (const CLI::Error&) {
        std::vector<std::string> names;
        for (const CLI::App* sub : command->get_subcommands([](CLI::App*) { return true; })) {
          names.push_back(sub->get_name());
        }
        std::string message = "unknown command '" + command_name(step) + "'";
        if (const auto near = text::near_names(word, names, 1); !near.empty()) {
          message += " (did you mean '" + near.front() + "'?)";
        }
        problems_.push_back({step.line, message});
        return std::nullopt;
      }
    }
    Planned planned;
    planned.line = step.line;
    planned.argv = step.command;
    // review's argument is its reviews file.
    const bool paths = step.args_are_paths || step.command.front() == "review";
    for (const std::string& arg : step.args) {
      if (!paths) {
        planned.argv.push_back(arg);
        continue;
      }
      const std::vector<std::string> files = expand(resolve(arg));
      if (files.empty()) {
        problems_.push_back({step.line, "'" + arg + "' (for " + command_name(step) +
                                            ") is not there: no such file or folder beside " +
                                            "the study file"});
      }
      if (step.command == std::vector<std::string>{"codebook", "load"} && files.size() == 1) {
        const fs::path source(files.front());
        const std::string ext = source.extension().string();
        if (ext == ".yaml" || ext == ".yml") {
          // Loading writes ids into a YAML codebook: load a copy, never the study's input.
          const fs::path copy = output_dir_ / source.filename();
          planned.copy = std::pair{source, copy};
          planned.argv.push_back(copy.string());
          continue;
        }
      }
      planned.argv.insert(planned.argv.end(), files.begin(), files.end());
    }
    for (const codebook::StudyOption& option : step.options) {
      std::string name = option.name;
      std::replace(name.begin(), name.end(), '_', '-');
      if (name == "output") {
        if (!command->get_option_no_throw("-o")) {
          problems_.push_back({option.line, "'" + command_name(step) +
                                                "' writes no file: it "
                                                "has no 'output'"});
          continue;
        }
        if (option.values.size() != 1) {
          problems_.push_back({option.line, "'output' is one file"});
          continue;
        }
        planned.output = (output_dir_ / option.values.front()).lexically_normal();
        planned.argv.push_back("-o");
        planned.argv.push_back(planned.output->string());
        continue;
      }
      const CLI::Option* found = command->get_option_no_throw("--" + name);
      if (!found || name == "help") {
        std::vector<std::string> names;
        for (const CLI::Option* o : command->get_options()) {
          for (const std::string& long_name : o->get_lnames()) {
            if (long_name != "help") names.push_back(long_name);
          }
        }
        std::string message = "unknown option '" + option.name + "' for " + command_name(step);
        if (const auto near = text::near_names(name, names, 1); !near.empty()) {
          message += " (did you mean '" + near.front() + "'?)";
        } else {
          std::string all;
          for (const std::string& n : names) all += (all.empty() ? "" : ", ") + n;
          message += " (its options: " + all + ")";
        }
        problems_.push_back({option.line, message});
        continue;
      }
      if (found->get_type_size() == 0) {  // a flag
        if (option.values.size() != 1 ||
            (option.values.front() != "true" && option.values.front() != "false")) {
          problems_.push_back({option.line, "'" + option.name + "' is a flag: true or false"});
        } else if (option.values.front() == "true") {
          planned.argv.push_back("--" + name);
        }
        continue;
      }
      if (option.values.empty()) {
        problems_.push_back({option.line, "'" + option.name + "' needs a value"});
        continue;
      }
      for (const std::string& value : option.values) {
        planned.argv.push_back("--" + name);
        if (is_path_option(name)) {
          const fs::path file = resolve(value);
          if (!fs::exists(file)) {
            problems_.push_back({option.line, "'" + value + "' (" + option.name +
                                                  ") is not there beside the study file"});
          }
          planned.argv.push_back(file.string());
        } else {
          planned.argv.push_back(value);
        }
      }
    }
    return planned;
  }

  const codebook::StudyFile& study_;
  fs::path base_;
  fs::path output_dir_;
  std::ostringstream sink_;
  Context scratch_{sink_, sink_, false, {}, 0};
  CLI::App scratch_app_;
  std::vector<Problem> problems_;
};

int run_argv(const std::vector<std::string>& args, Context& context) {
  std::vector<const char*> argv{"inzicht"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  return run(static_cast<int>(argv.size()), argv.data(), context.out, context.err);
}

struct RunOptions {
  std::string file;
};

void run_study(const RunOptions& options, Context& context) {
  const std::string text = read_file(options.file);
  const codebook::StudyFile study = codebook::parse_study(text, options.file);
  Planner planner(study, fs::path(options.file).parent_path());
  const std::vector<Planned> steps = planner.plan();
  std::vector<Problem> problems = planner.problems();
  const fs::path project = planner.resolve(study.project);
  std::error_code ec;
  if (fs::exists(project, ec)) {
    try {
      store::Project::open(project.string());
    } catch (const Error&) {
      problems.push_back({study.project_line, project.string() + " exists and is not an inzicht "
                                                                 "project: not replaced"});
    }
  }
  if (!problems.empty()) {
    std::stable_sort(problems.begin(), problems.end(),
                     [](const Problem& a, const Problem& b) { return a.line < b.line; });
    std::string message;
    for (const Problem& problem : problems) {
      message += (message.empty() ? "" : "\n") + options.file + ":" + std::to_string(problem.line) +
                 ": " + problem.text;
    }
    throw InputError(message);
  }
  // The project is the study's product: rebuilt from its inputs on every run.
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(project.string() + suffix, ec);
  fs::create_directories(project.parent_path().empty() ? "." : project.parent_path(), ec);
  fs::create_directories(planner.output_dir(), ec);
  std::vector<std::string> init{"-p", project.string(), "init"};
  init.insert(init.end(), {"--name", study.name.empty() ? project.stem().string() : study.name});
  if (study.language) init.insert(init.end(), {"--language", *study.language});
  if (run_argv(init, context) != 0)
    throw InputError(options.file + ": could not create the project");
  for (const Planned& step : steps) {
    std::string shown;
    for (const std::string& arg : step.argv) shown += " " + arg;
    context.out << "\n== inzicht" << shown << '\n';
    if (step.copy)
      fs::copy_file(step.copy->first, step.copy->second, fs::copy_options::overwrite_existing);
    if (step.output) fs::create_directories(step.output->parent_path(), ec);
    std::vector<std::string> argv{"-p", project.string()};
    argv.insert(argv.end(), step.argv.begin(), step.argv.end());
    const int status = run_argv(argv, context);
    if (status != 0) {
      throw InputError(options.file + ":" + std::to_string(step.line) + ": inzicht" + shown +
                       " failed (above); the study stopped there");
    }
  }
  context.out << "\nThe study in " << options.file << " ran: project " << project.string()
              << ", outputs in " << planner.output_dir().string() << '\n';
}

}  // namespace

void setup_run(CLI::App& app, Context& context) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* command = app.add_subcommand(
      "run",
      "Run a whole study from its study file (import, codebook, coding, analyses, "
      "tables, report); see docs/study-file.md");
  command->add_option("file", options->file, "The study file, e.g. corpus/study.yaml")->required();
  command->callback([options, &context] { run_study(*options, context); });
}

}  // namespace inzicht::cli
