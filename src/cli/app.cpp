#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

#include "cli/cli.hpp"
#include "cli/context.hpp"
#include "base/error.hpp"
#include "base/utf8.hpp"

namespace inzicht::cli {

std::string Context::project_path() const {
  if (!project_flag.empty()) return project_flag;
  if (const char* env = std::getenv("INZICHT_PROJECT"); env && *env) return env;
  return "project.inzicht";
}

std::string Context::coder(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("INZICHT_CODER"); env && *env) return env;
  if (const passwd* user = getpwuid(geteuid()); user && user->pw_name && *user->pw_name) {
    return user->pw_name;
  }
  if (const char* env = std::getenv("USER"); env && *env) return env;
  return "unknown";
}

store::Project Context::open_project() const { return store::Project::open(project_path()); }

store::Project Context::open_project_to_read() const {
  return store::Project::open(project_path(), store::Project::Access::read_only);
}

std::vector<std::pair<std::string, std::string>> parse_where(
    const std::vector<std::string>& conditions) {
  std::vector<std::pair<std::string, std::string>> where;
  for (const std::string& condition : conditions) {
    const auto equals = condition.find('=');
    if (equals == std::string::npos || equals == 0) {
      throw InputError("--where '" + condition + "': expected ATTRIBUTE=VALUE, e.g. group=learner");
    }
    where.emplace_back(condition.substr(0, equals), condition.substr(equals + 1));
  }
  return where;
}

void add_format_option(CLI::App& command, std::string& format, bool with_md) {
  std::vector<std::string> formats = {"table", "csv", "json"};
  if (with_md) formats.push_back("md");
  command.add_option("--format", format, "Output format")
      ->check(CLI::IsMember(formats))
      ->default_str("table");
}

void setup_commands(CLI::App& app, Context& context) {
  setup_init(app, context);
  setup_import(app, context);
  setup_attributes(app, context);
  setup_listings(app, context);
  setup_search(app, context);
  setup_codebook(app, context);
  setup_coding(app, context);
  setup_analysis(app, context);
  setup_report(app, context);
  setup_query(app, context);
  setup_agreement(app, context);
  setup_words(app, context);
  setup_requirements(app, context);
  setup_personas(app, context);
  setup_qdpx(app, context);
  setup_pseudonyms(app, context);
  setup_run(app, context);
  setup_suggestions(app, context);
}

int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
        const Serve& serve) {
  CLI::App app{
      "inzicht: qualitative analysis of interview transcripts.\n"
      "Import transcripts into a project file, search them, and code them by hand and by rule."};
  app.name("inzicht");
  app.set_version_flag("--version", std::string("inzicht ") + INZICHT_VERSION);
  app.require_subcommand(1);
  Context context{out, err, isatty(STDERR_FILENO) != 0, {}, 0};
  app.add_option("-p,--project", context.project_flag,
                 "Project file (default: $INZICHT_PROJECT, then ./project.inzicht)");
  setup_commands(app, context);
  if (serve) setup_serve(app, context, serve);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, out, err);
    return code == 0 ? 0 : 2;
  } catch (const Error& e) {
    err << "inzicht: error: " << inzicht::printable(e.what()) << '\n';
    return 1;
  } catch (const std::exception& e) {
    err << "inzicht: error: " << inzicht::printable(e.what()) << '\n';
    return 1;
  }
  return context.status;
}

}  // namespace inzicht::cli
