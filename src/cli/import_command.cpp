#include "cli/context.hpp"
#include "importers/case_attributes.hpp"
#include "importers/import_batch.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "base/utf8.hpp"

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
  bool force = false;
  bool clean_fillers = false;
  bool case_per_speaker = false;
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
  import.force = options.force;
  if (options.force && !options.replace) throw InputError("--force goes with --replace");
  import.clean_fillers = options.clean_fillers;
  import.case_per_speaker = options.case_per_speaker;
  const bool had_language = project.setting("language").has_value();
  TerminalProgress progress(context.err);
  const auto results = importers::import_paths(project, options.paths, import,
                                               context.terminal ? &progress : nullptr);

  table::Table table{{"file", "status", "document", "case", "turns", "message"}, {}};
  std::size_t failed = 0, done = 0, unchanged = 0, skipped = 0;
  for (const auto& result : results) {
    failed += result.status == importers::ImportStatus::failed;
    unchanged += result.status == importers::ImportStatus::unchanged;
    skipped += result.status == importers::ImportStatus::skipped;
    done += result.status == importers::ImportStatus::imported ||
            result.status == importers::ImportStatus::replaced ||
            result.status == importers::ImportStatus::resplit;
    std::string message = result.message;
    if (result.status == importers::ImportStatus::replaced ||
        result.status == importers::ImportStatus::resplit) {
      message = std::to_string(result.codings_moved) + " coding(s) kept";
      if (!result.codings_dropped.empty()) {
        std::string ids;
        for (const auto id : result.codings_dropped) {
          ids += (ids.empty() ? "" : ", ") + std::to_string(id);
        }
        message += ", " + std::to_string(result.codings_dropped.size()) +
                   " dropped by --force (coding ids " + ids + ")";
      }
    }
    if (!result.speaker_cases.empty()) {
      std::string names;
      for (const std::string& name : result.speaker_cases)
        names += (names.empty() ? "" : ", ") + name;
      message += (message.empty() ? "" : "; ") + std::string("a case per speaker: ") + names;
    }
    for (const std::string& warning : result.warnings) {
      message += (message.empty() ? "" : "; ") + warning;
    }
    table.rows.push_back({result.path, std::string(importers::to_string(result.status)),
                          result.document, result.case_name,
                          result.status == importers::ImportStatus::failed ||
                                  result.status == importers::ImportStatus::skipped
                              ? table::Cell{}
                              : table::Cell{static_cast<std::int64_t>(result.turns)},
                          message});
  }
  table::write(context.out, table, table::parse_format(options.format));
  if (options.format == "table") {
    context.out << done << " imported, " << unchanged << " unchanged, ";
    if (skipped) context.out << skipped << " skipped, ";
    context.out << failed << " failed\n";
  }
  if (!had_language && project.setting("language")) {
    context.err << "Project language: " << project.language()
                << " (told from the text; change with inzicht language CODE)\n";
  }
  for (const auto& result : results) {
    for (const std::string& warning : result.warnings) {
      context.err << "inzicht: warning: " << warning << '\n';
    }
  }
  for (const auto& result : results) {
    if (result.status == importers::ImportStatus::failed) {
      context.err << "inzicht: error: " << inzicht::printable(result.message) << '\n';
    }
  }
  if (results.size() == skipped) {
    context.err << "inzicht: error: no transcript files found ("
                << importers::supported_extensions() << ")\n";
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
      "import", "Import transcripts (" + importers::supported_extensions() +
                    "); directories recurse");
  command->add_option("paths", options->paths, "Files and directories")->required();
  command->add_option("--case", options->case_name, "Case of every file (default: file stem)");
  command->add_option("--group", options->group, "Set the case attribute 'group' (e.g. learner)");
  command->add_option("--interviewer", options->interviewers,
                      "A speaker name that marks the interviewer (repeatable; adds to I, Int, "
                      "Interviewer, Interviewster, Onderzoeker, Q, and for focus groups Moderator, "
                      "Facilitator, Gespreksleider)");
  command->add_option("--speaker-pattern", options->speaker_pattern,
                      "ICU regex for speaker labels at line start, speaker in group "
                      "(?<speaker>…) or group 1, optional (?<time>…)");
  command->add_option("--encoding", options->encoding,
                      "Text encoding of .txt/.md/.srt/.vtt/.tsv/.html files (default: detect)");
  command->add_flag("--replace", options->replace,
                    "Replace a changed file of the same name, keeping codings whose text is "
                    "still found in the same words (refusing when a coding's place is lost or "
                    "in doubt); an unchanged file is split into turns anew (e.g. with another "
                    "--speaker-pattern), keeping its codings");
  command->add_flag("--force", options->force,
                    "With --replace: replace even then, dropping (and naming) those codings");
  command->add_flag("--case-per-speaker", options->case_per_speaker,
                    "A case for each respondent speaker (a focus group), named as the speaker's "
                    "label; the interviewer's turns stay with the file's case. Kept on --replace");
  command->add_flag("--clean-fillers", options->clean_fillers,
                    "Remove the filler words uh, um, eh, ehm, euh, hm from the stored text "
                    "(default: keep the transcript as written)");
  add_format_option(*command, options->format);
  command->callback([options, &context] { run_import(*options, context); });
}

void setup_attributes(CLI::App& app, Context& context) {
  CLI::App* group = app.add_subcommand("attributes", "Case attributes");
  group->require_subcommand(1);
  auto options = std::make_shared<AttributesOptions>();
  CLI::App* import = group->add_subcommand(
      "import", "Set case attributes from a CSV file (header row; the case in the column named "
      "'case', else the first)");
  import->add_option("file", options->file, "CSV file, UTF-8")->required();
  import->callback([options, &context] { run_attributes_import(*options, context);
});
}  // namespace inzicht::cli

}  // namespace inzicht::cli
