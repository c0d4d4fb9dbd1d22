#include <filesystem>

#include "cli/context.hpp"

namespace inzicht::cli {

namespace {

struct InitOptions {
  std::string name;
};

void run_init(const InitOptions& options, Context& context) {
  const std::string path = context.project_path();
  const std::string name =
      options.name.empty() ? std::filesystem::path(path).stem().string() : options.name;
  const store::Project project = store::Project::create(path, name);
  context.out << "Created project '" << project.name() << "' in " << path << '\n';
}

}  // namespace

void setup_init(CLI::App& app, Context& context) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* command = app.add_subcommand("init", "Create a new, empty project file");
  command->add_option("--name", options->name, "Project name (default: the file name)");
  command->callback([options, &context] { run_init(*options, context); });
}

}  // namespace inzicht::cli
