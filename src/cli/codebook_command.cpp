#include <algorithm>
#include <fstream>
#include <set>

#include "cli/context.hpp"
#include "codebook/codebook_io.hpp"
#include "coding/coding.hpp"
#include "base/error.hpp"

namespace inzicht::cli {

namespace {

struct LoadOptions {
  std::string file;
  bool prune = false;
};

void print_paths(std::ostream& out, const char* what, const std::vector<std::string>& paths) {
  out << "  " << what << ": " << paths.size();
  if (!paths.empty() && paths.size() <= 12) {
    out << " (";
    for (std::size_t i = 0; i < paths.size(); ++i) out << (i ? ", " : "") << paths[i];
    out << ")";
  }
  out << '\n';
}

void run_load(const LoadOptions& options, Context& context) {
  store::Project project = context.open_project();
  const coding::CodebookLoad load = coding::load_codebook(project, options.file, options.prune);
  context.out << "Loaded " << options.file << '\n';
  print_paths(context.out, "added", load.merge.added);
  print_paths(context.out, "changed", load.merge.changed);
  print_paths(context.out, "unchanged", load.merge.unchanged);
  if (options.prune) {
    print_paths(context.out, "removed (with their codings)", load.merge.removed);
  } else {
    print_paths(context.out, "missing from the file, kept (--prune drops them)",
                load.merge.missing);
  }
  if (load.ids_written) context.out << "  wrote new code ids into " << options.file << '\n';
}

struct ListOptions {
  bool tree = false;
  OutputOptions output;
};

void run_list(const ListOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const model::Codebook codebook = project.codebook();
  const auto counts = project.coding_counts();
  table::Table table{{"code", "codable", "rules", "codings", "color", "description"}, {}};
  for (const model::Code& code : codebook.codes) {
    std::string name = code.path;
    if (options.tree) {
      const auto depth = static_cast<std::size_t>(std::count(code.path.begin(), code.path.end(), '/'));
      name = std::string(2 * depth, ' ') + code.name;
    }
    const auto count = counts.find(code.path);
    table.rows.push_back({name, std::string(code.codable ? "yes" : "no"),
                          static_cast<std::int64_t>(code.rules.size()),
                          count == counts.end() ? std::int64_t{0} : count->second,
                          code.color ? table::Cell{*code.color} : table::Cell{},
                          code.description});
  }
  emit(context, options.output, {{"codebook", std::move(table)}});
}

struct ExportOptions {
  std::string format;
  std::string output;
};

void run_export(const ExportOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const model::Codebook codebook = project.codebook();
  std::ofstream file;
  if (!options.output.empty()) {
    file.open(options.output, std::ios::binary | std::ios::trunc);
    if (!file) throw InputError(options.output + ": cannot write");
  }
  std::ostream& out = options.output.empty() ? context.out : file;
  if (options.format == "yaml") {
    out << codebook::write_yaml(codebook);
  } else if (options.format == "qdc") {
    out << codebook::write_qdc(codebook);
  } else {
    table::Table table{{"path", "guid", "parent", "codable", "color", "description", "include",
                         "exclude", "examples"},
                        {}};
    const auto join = [](const std::vector<std::string>& items) {
      std::string joined;
      for (const auto& item : items) joined += (joined.empty() ? "" : " | ") + item;
      return joined;
    };
    std::set<std::string> fields;
    for (const auto& code : codebook.codes) {
      for (const auto& [key, value] : code.fields) fields.insert(key);
    }
    table.columns.insert(table.columns.end(), fields.begin(), fields.end());
    for (const auto& code : codebook.codes) {
      std::vector<table::Cell> row = {code.path,          code.guid,
                                       code.parent_path,   std::string(code.codable ? "yes" : "no"),
                                       code.color.value_or(""), code.description,
                                       join(code.include), join(code.exclude),
                                       join(code.examples)};
      for (const auto& field : fields) {
        const auto found = code.fields.find(field);
        row.emplace_back(found == code.fields.end() ? std::string() : found->second);
      }
      table.rows.push_back(std::move(row));
    }
    table::write(out, table, table::Format::csv);
  }
  if (!options.output.empty()) {
    file.close();
    if (!file) throw InputError(options.output + ": cannot write");
    context.err << "Wrote " << codebook.codes.size() << " codes to " << options.output << '\n';
  }
}

}  // namespace

void setup_codebook(CLI::App& app, Context& context) {
  CLI::App* group = app.add_subcommand("codebook", "Load, list and export the codebook");
  group->require_subcommand(1);

  auto load = std::make_shared<LoadOptions>();
  CLI::App* load_command = group->add_subcommand(
      "load", "Merge a codebook (.yaml/.yml, or REFI-QDA .qdc) into the project");
  load_command->add_option("file", load->file, "Codebook file")->required();
  load_command->add_flag("--prune", load->prune,
                         "Drop codes the file does not have, with their codings");
  load_command->callback([load, &context] { run_load(*load, context); });

  auto list = std::make_shared<ListOptions>();
  CLI::App* list_command = group->add_subcommand("list", "List codes with their coding counts");
  list_command->add_flag("--tree", list->tree, "Indent codes under their parents");
  add_output_options(*list_command, list->output);
  list_command->callback([list, &context] { run_list(*list, context); });

  auto exported = std::make_shared<ExportOptions>();
  CLI::App* export_command =
      group->add_subcommand("export", "Write the codebook as YAML, REFI-QDA .qdc or CSV");
  export_command->add_option("--format", exported->format, "yaml, qdc or csv")
      ->required()
      ->check(CLI::IsMember({"yaml", "qdc", "csv"}));
  export_command->add_option("-o,--output", exported->output, "File (default: standard output)");
  export_command->callback([exported, &context] { run_export(*exported, context); });
}

}  // namespace inzicht::cli
