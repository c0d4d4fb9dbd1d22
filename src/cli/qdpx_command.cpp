#include <filesystem>

#include "base/error.hpp"
#include "cli/context.hpp"
#include "importers/qdpx.hpp"

namespace inzicht::cli {

namespace {

struct QdpxImportCommand {
  std::string file;
  bool skip_missing = false;
  std::vector<std::string> interviewers;
  std::string speaker_pattern;
};

void remove_project_file(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ignored);
}

void run_qdpx_import(const QdpxImportCommand& options, Context& context) {
  importers::QdpxImportOptions import;
  import.skip_missing_sources = options.skip_missing;
  import.turns.interviewers = options.interviewers;
  if (!options.speaker_pattern.empty()) import.turns.speaker_pattern = options.speaker_pattern;
  const std::string path = context.project_path();
  // Read everything first: a file that fails leaves no new project behind.
  importers::QdpxRead read = importers::read_qdpx(options.file, import);
  const bool created = !std::filesystem::exists(path);
  try {
    store::Project project =
        created ? store::Project::create(
                      path, read.name.empty() ? std::filesystem::path(options.file).stem().string()
                                              : read.name)
                : store::Project::open(path);
    if (!project.is_empty()) {
      throw InputError(path +
                       ": a REFI-QDA project imports into a new or empty project; this one "
                       "has documents, codes, codings or memos already");
    }
    project.import_exchange(read.exchange);
  } catch (...) {
    // The project was closed when the try block was left.
    if (created) remove_project_file(path);
    throw;
  }
  const store::Exchange& x = read.exchange;
  context.out << "Imported " << options.file << " into " << path << ": " << x.users.size()
              << " coder(s), " << x.codebook.codes.size() << " code(s), " << x.cases.size()
              << " case(s) with attributes, " << x.documents.size() << " document(s), "
              << x.codings.size() << " coding(s), " << x.memos.size() << " memo(s), "
              << x.sets.size() << " set(s)\n";
  if (!read.offsets.empty()) {
    table::Table table{{"document", "offsets read as", "selections", "fitting"}, {}};
    for (const importers::SourceOffsets& source : read.offsets) {
      table.rows.push_back({source.document, source.convention,
                            static_cast<std::int64_t>(source.selections),
                            static_cast<std::int64_t>(source.fitting)});
    }
    table::write(context.out, table, table::Format::table);
  }
  for (const std::string& line : read.not_imported)
    context.out << "  not imported: " << line << '\n';
  for (const std::string& line : read.notes) context.out << "  note: " << line << '\n';
}

struct QdpxExportCommand {
  std::string file;
  std::vector<std::string> coders;
  std::vector<std::string> documents;
};

void run_qdpx_export(const QdpxExportCommand& options, Context& context) {
  store::Project project = context.open_project();
  importers::QdpxExportOptions exported;
  exported.coders = options.coders;
  exported.documents = options.documents;
  const importers::QdpxExport result = importers::export_qdpx(project, options.file, exported);
  context.out << "Wrote " << options.file << ": " << result.users << " coder(s), " << result.codes
              << " code(s), " << result.cases << " case(s), " << result.documents
              << " document(s), " << result.codings << " coding(s), " << result.notes
              << " note(s), " << result.sets << " set(s)\n";
  if (result.guids_made > 0) {
    context.out << "  " << result.guids_made
                << " new GUID(s) stored in the project, so the next export keeps them\n";
  }
}

}  // namespace

void setup_qdpx(CLI::App& app, Context& context) {
  CLI::App* group = app.add_subcommand(
      "qdpx", "Exchange whole projects with ATLAS.ti, NVivo, MAXQDA, QualCoder (REFI-QDA)");
  group->require_subcommand(1);

  auto import = std::make_shared<QdpxImportCommand>();
  CLI::App* import_command = group->add_subcommand(
      "import", "Read a REFI-QDA project (.qdpx or project.qde) into a new or empty project");
  import_command->add_option("file", import->file, ".qdpx or .qde file")->required();
  import_command->add_flag("--skip-missing-sources", import->skip_missing,
                           "Import the rest when source files are missing from the archive");
  import_command->add_option("--interviewer", import->interviewers,
                             "A speaker name to treat as interviewer (repeatable)");
  import_command->add_option("--speaker-pattern", import->speaker_pattern,
                             "Regex for speaker labels (replaces the built-in ones)");
  import_command->callback([import, &context] { run_qdpx_import(*import, context); });

  auto exported = std::make_shared<QdpxExportCommand>();
  CLI::App* export_command = group->add_subcommand(
      "export", "Write the project as a REFI-QDA .qdpx (or a bare .qde) for other tools");
  export_command->add_option("file", exported->file, ".qdpx file to write (or .qde)")->required();
  export_command->add_option("--coder", exported->coders, "Only this coder's codings (repeatable)");
  export_command->add_option("--docs", exported->documents,
                             "Only these documents, by name (repeatable)");
  export_command->callback([exported, &context] { run_qdpx_export(*exported, context); });
}

}  // namespace inzicht::cli
