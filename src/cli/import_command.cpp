#include "cli/context.hpp"
#include "importers/case_attributes.hpp"
#include "importers/import_batch.hpp"
#include "base/error.hpp"
#include "base/files.hpp"

namespace inzicht::cli {

namespace {

struct ImportCommandOptions {
  std::vector<std::string> paths;
  std::string case_name;
  std::string group;
  std::string encoding;
  std::string speaker_pattern;
  std::vector<std::string> interviewers;
  bool replace = false;
  std::string format = "table";
};

void run_import(const ImportCommandOptions& options, Context& context) {
  store::Project project = context.open_project();
  importers::ImportOptions import;
  import.turns.interviewers = options.interviewers;
  if (!options.speaker_pattern.empty()) import.turns.speaker_pattern = options.speaker_pattern;
  if (!options.case_name.empty()) import.case_name = options.case_name;
  if (!options.group.empty()) import.group = options.group;
  if (!options.encoding.empty()) import.encoding = options.encoding;
  import.replace = options.replace;
  TerminalProgress progress(context.err);
  const auto results = importers::import_paths(project, options.paths, import,
                                               context.terminal ? &progress : nullptr);

  table::Table table{{"file", "status", "document", "case", "turns", "message"}, {}};
  std::size_t failed = 0, done = 0, unchanged = 0;
  for (const auto& result : results) {
    failed += result.status == importers::ImportStatus::failed;
    unchanged += result.status == importers::ImportStatus::unchanged;
    done += result.status == importers::ImportStatus::imported ||
            result.status == importers::ImportStatus::replaced;
    std::string message = result.message;
    if (result.status == importers::ImportStatus::replaced) {
      message = std::to_string(result.codings_moved) + " coding(s) kept";
    }
    table.rows.push_back({result.path, std::string(importers::to_string(result.status)),
                          result.document, result.case_name,
                          result.status == importers::ImportStatus::failed
                              ? table::Cell{}
                              : table::Cell{static_cast<std::int64_t>(result.turns)},
                          message});
  }
  table::write(context.out, table, table::parse_format(options.format));
  if (options.format == "table") {
    context.out << done << " imported, " << unchanged << " unchanged, " << failed << " failed\n";
  }
  for (const auto& result : results) {
    if (result.status == importers::ImportStatus::failed) {
      context.err << "inzicht: error: " << result.message << '\n';
    }
  }
  if (results.empty()) {
    context.err << "inzicht: error: no transcript files found (.txt .md .docx .odt .srt .vtt)\n";
    context.status = 1;
  }
  if (failed) context.status = 1;
}

struct AttributesOptions {
  std::string file;
};

void run_attributes_import(const AttributesOptions& options, Context& context) {
  store::Project project = context.open_project();
  const auto rows = importers::parse_attributes_csv(read_file(options.file), options.file);
  const std::int64_t created = project.set_attributes(rows);
  context.out << "Set attributes of " << rows.size() << " case(s) from " << options.file;
  if (created) context.out << " (" << created << " new case(s) without documents yet)";
  context.out << '\n';
}

}  // namespace

void setup_import(CLI::App& app, Context& context) {
  auto options = std::make_shared<ImportCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "import", "Import transcripts (.txt .md .docx .odt .srt .vtt); directories recurse");
  command->add_option("paths", options->paths, "Files and directories")->required();
  command->add_option("--case", options->case_name, "Case of every file (default: file stem)");
  command->add_option("--group", options->group, "Set the case attribute 'group' (e.g. learner)");
  command->add_option("--interviewer", options->interviewers,
                      "A speaker name that marks the interviewer (repeatable; adds to I, Int, "
                      "Interviewer, Interviewster, Onderzoeker, Q)");
  command->add_option("--speaker-pattern", options->speaker_pattern,
                      "ICU regex for speaker labels at line start, speaker in group "
                      "(?<speaker>…) or group 1, optional (?<time>…)");
  command->add_option("--encoding", options->encoding,
                      "Text encoding of .txt/.md/.srt/.vtt files (default: detect)");
  command->add_flag("--replace", options->replace,
                    "Replace a changed file of the same name, keeping codings whose text is "
                    "still found");
  add_format_option(*command, options->format);
  command->callback([options, &context] { run_import(*options, context); });
}

void setup_attributes(CLI::App& app, Context& context) {
  CLI::App* group = app.add_subcommand("attributes", "Case attributes");
  group->require_subcommand(1);
  auto options = std::make_shared<AttributesOptions>();
  CLI::App* import = group->add_subcommand(
      "import", "Set case attributes from a CSV file (header row; first column: the case)");
  import->add_option("file", options->file, "CSV file, UTF-8")->required();
  import->callback([options, &context] { run_attributes_import(*options, context);
});
}  // namespace inzicht::cli

}  // namespace inzicht::cli
