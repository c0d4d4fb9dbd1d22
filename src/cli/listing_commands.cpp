#include <nlohmann/json.hpp>
#include <set>

#include "base/error.hpp"
#include "cli/context.hpp"
#include "importers/import_batch.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

struct ListOptions {
  OutputOptions output;
};

void run_docs(const ListOptions& options, Context& context) {
  const store::Project project = context.open_project_to_read();
  table::Table table{{"document", "case", "format", "layout", "encoding", "turns", "speakers",
                      "characters", "codings", "imported", "hash", "note"},
                     {}};
  std::size_t unsplit = 0;
  for (const auto& d : project.documents()) {
    std::string speakers;
    for (const std::string& speaker : d.speakers) {
      speakers += (speakers.empty() ? "" : ", ") + speaker;
    }
    const auto note = importers::unsplit_turns(d.length, static_cast<std::size_t>(d.turns),
                                               d.speakers.size());
    unsplit += note.has_value();
    std::string said = note.value_or("");
    if (d.case_per_speaker) {
      said += (said.empty() ? "" : "; ") + std::string("a case per respondent speaker");
    }
    table.rows.push_back({d.name, d.case_name, d.format, d.layout, d.encoding, d.turns,
                          std::move(speakers), d.length, d.codings, d.imported_at,
                          d.content_hash.substr(0, 12),
                          said.empty() ? table::Cell{} : table::Cell{said}});
  }
  emit(context, options.output, {{"docs", std::move(table)}});
  if (unsplit && context.terminal) {
    context.err << unsplit << " document(s) look unsplit into speaker turns: re-split with "
                << "inzicht import FILE --replace --speaker-pattern RE\n";
  }
}

struct RemoveOptions {
  std::string document;
  bool force = false;
};

void run_docs_remove(const RemoveOptions& options, Context& context) {
  store::Project project = context.open_project();
  const store::DocumentSummary document = project.resolve_document(options.document);
  if (document.codings > 0 && !options.force) {
    throw InputError("not removed: " + document.name + " has " + std::to_string(document.codings) +
                     " coding(s), which would go with it; add --force to remove it anyway");
  }
  const std::int64_t removed = project.remove_document(document.name);
  context.out << "Removed " << document.name << " and its " << removed << " coding(s)\n";
}

struct RenameOptions {
  std::string from;
  std::string to;
};

void run_docs_rename(const RenameOptions& options, Context& context) {
  store::Project project = context.open_project();
  const store::DocumentSummary document = project.resolve_document(options.from);
  project.rename_document(document.name, options.to);
  context.out << "Renamed " << document.name << " to " << options.to << '\n';
}

void run_cases(const ListOptions& options, Context& context) {
  const store::Project project = context.open_project_to_read();
  const auto cases = project.cases();
  std::set<std::string> names;
  for (const auto& c : cases) {
    for (const auto& [name, value] : c.attributes) names.insert(name);
  }
  table::Table table{{"case", "documents"}, {}};
  table.columns.insert(table.columns.end(), names.begin(), names.end());
  for (const auto& c : cases) {
    std::vector<table::Cell> row = {c.name, c.documents};
    for (const auto& name : names) {
      const auto found = c.attributes.find(name);
      if (found == c.attributes.end()) {
        row.emplace_back();
      } else if (const auto* i = std::get_if<std::int64_t>(&found->second)) {
        row.emplace_back(*i);
      } else if (const auto* d = std::get_if<double>(&found->second)) {
        row.emplace_back(*d);
      } else {
        row.emplace_back(std::get<std::string>(found->second));
      }
    }
    table.rows.push_back(std::move(row));
  }
  emit(context, options.output, {{"cases", std::move(table)}});
}

struct ShowOptions {
  std::string document;
  bool turns = false;
  bool sentences = false;
  std::string format = "table";
};

std::string clock(std::int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60));
  return buffer;
}

void run_show(const ShowOptions& options, Context& context) {
  const store::Project project = context.open_project_to_read();
  const store::DocumentSummary summary = project.resolve_document(options.document);
  const model::Document document = project.load_document(summary.name);
  const text::CodePointIndex index(document.text);
  if (options.sentences) {
    // Numbered from 0 as code --sentence N, agreement's disagreements and show --turns count.
    table::Table table{{"sentence", "turn", "speaker", "start", "end", "text"}, {}};
    for (std::size_t i = 0; i < document.sentences.size(); ++i) {
      const model::Sentence& sentence = document.sentences[i];
      const std::size_t turn = document.paragraphs[sentence.paragraph].turn;
      table.rows.push_back({static_cast<std::int64_t>(i), static_cast<std::int64_t>(turn),
                            document.turns[turn].speaker, sentence.span.start, sentence.span.end,
                            std::string(index.slice(sentence.span))});
    }
    table::write(context.out, table, table::parse_format(options.format));
    return;
  }
  if (options.format == "json") {
    // The whole document: its text and turns, offsets in code points into "text".
    nlohmann::ordered_json turns = nlohmann::ordered_json::array();
    for (std::size_t i = 0; i < document.turns.size(); ++i) {
      const model::Turn& turn = document.turns[i];
      turns.push_back({{"turn", i},
                       {"speaker", turn.speaker},
                       {"role", model::to_string(turn.role)},
                       {"start", turn.span.start},
                       {"end", turn.span.end},
                       {"time_ms", turn.time_ms ? nlohmann::ordered_json(*turn.time_ms) : nullptr},
                       {"text", std::string(index.slice(turn.span))}});
    }
    const nlohmann::ordered_json json = {{"document", document.name},
                                         {"case", summary.case_name},
                                         {"format", document.format},
                                         {"layout", document.layout},
                                         {"encoding", document.encoding},
                                         {"length", document.length},
                                         {"paragraphs", document.paragraphs.size()},
                                         {"sentences", document.sentences.size()},
                                         {"text", document.text},
                                         {"turns", turns}};
    context.out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
    return;
  }
  if (!options.turns && options.format == "table") {
    context.out << "# " << document.name << "  (case " << summary.case_name << ", "
                << document.format << (document.layout.empty() ? "" : ", " + document.layout)
                << ", " << document.turns.size() << " turns, "
                << document.sentences.size() << " sentences)\n\n"
                << document.text << '\n';
    return;
  }
  table::Table table{{"turn", "speaker", "role", "start", "end", "time", "text"}, {}};
  for (std::size_t i = 0; i < document.turns.size(); ++i) {
    const model::Turn& turn = document.turns[i];
    table.rows.push_back({static_cast<std::int64_t>(i), turn.speaker,
                          std::string(model::to_string(turn.role)), turn.span.start, turn.span.end,
                          turn.time_ms ? table::Cell{clock(*turn.time_ms)} : table::Cell{},
                          std::string(index.slice(turn.span))});
  }
  table::write(context.out, table, table::parse_format(options.format));
}

}  // namespace

void setup_listings(CLI::App& app, Context& context) {
  auto docs = std::make_shared<ListOptions>();
  CLI::App* docs_command = app.add_subcommand(
      "docs", "List the project's documents (docs remove, docs rename to change them)");
  add_output_options(*docs_command, docs->output);
  docs_command->require_subcommand(0, 1);
  docs_command->callback([docs, docs_command, &context] {
    if (docs_command->get_subcommands().empty()) run_docs(*docs, context);
  });
  auto remove = std::make_shared<RemoveOptions>();
  CLI::App* remove_command = docs_command->add_subcommand(
      "remove", "Remove a document with its turns and codings (its case stays)");
  remove_command->add_option("document", remove->document, "Document name or file stem")
      ->required();
  remove_command->add_flag("--force", remove->force,
                           "Remove it even when it has codings (they go with it)");
  remove_command->callback([remove, &context] { run_docs_remove(*remove, context); });
  auto rename = std::make_shared<RenameOptions>();
  CLI::App* rename_command =
      docs_command->add_subcommand("rename", "Rename a document; codings and memos stay with it");
  rename_command->add_option("old", rename->from, "Document name or file stem")->required();
  rename_command->add_option("new", rename->to, "The new name")->required();
  rename_command->callback([rename, &context] { run_docs_rename(*rename, context); });

  auto cases = std::make_shared<ListOptions>();
  CLI::App* cases_command = app.add_subcommand("cases", "List cases with their attributes");
  add_output_options(*cases_command, cases->output);
  cases_command->callback([cases, &context] { run_cases(*cases, context); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* show_command =
      app.add_subcommand("show", "Show a document's text, or its speaker turns with offsets");
  show_command->add_option("document", show->document, "Document name or file stem")->required();
  auto* turns_flag =
      show_command->add_flag("--turns", show->turns, "List turns: speaker, role, offsets, text");
  show_command
      ->add_flag("--sentences", show->sentences,
                 "List sentences numbered as code --sentence N takes them, with their turn")
      ->excludes(turns_flag);
  add_format_option(*show_command, show->format);
  show_command->callback([show, &context] { run_show(*show, context); });
}

}  // namespace inzicht::cli
