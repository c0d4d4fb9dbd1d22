#include <filesystem>

#include "cli/context.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

struct InitOptions {
  std::string name;
  std::string language;
};

void run_init(const InitOptions& options, Context& context) {
  if (!options.language.empty()) text::check_language(options.language);
  const std::string path = context.project_path();
  const std::string name =
      options.name.empty() ? std::filesystem::path(path).stem().string() : options.name;
  store::Project project = store::Project::create(path, name);
  if (!options.language.empty()) project.set_setting("language", options.language);
  context.out << "Created project '" << project.name() << "' in " << path;
  if (!options.language.empty()) {
    context.out << " (language " << options.language << ")";
  } else {
    context.out << " (language: told from the first import, else nl)";
  }
  context.out << '\n';
}

struct LanguageOptions {
  std::string language;
};

void run_language(const LanguageOptions& options, Context& context) {
  store::Project project = context.open_project();
  if (options.language.empty()) {
    const auto set = project.setting("language");
    context.out << project.language() << (set ? "" : " (not set: the default)") << '\n';
    return;
  }
  text::check_language(options.language);
  project.set_setting("language", options.language);
  context.out << "Project language: " << options.language
              << " (stemming of rules, kwic and words --stem, stopwords, sentences of new "
                 "imports, the report)\n";
  if (!project.documents().empty()) {
    context.err << "inzicht: note: documents imported before keep their sentences; "
                   "inzicht import FILE… --replace splits them anew, keeping codings\n";
  }
}

}  // namespace

void setup_init(CLI::App& app, Context& context) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand("init", "Create a new, empty project file");
  command->add_option("--name", options->name, "Project name (default: the file name)");
  command->add_option("--language", options->language,
                      "nl, en, de or fr (default: told from the first import's text, else nl)");
  command->callback([options, &context] { run_init(*options, context); });

  auto language = std::make_shared<LanguageOptions>();
  CLI::App* language_command =
      app.add_subcommand("language", "Show or set the project's language (nl, en, de, fr)");
  language_command->add_option("language", language->language, "The new language");
  language_command->callback([language, &context] { run_language(*language, context); });
}

}  // namespace inzicht::cli
