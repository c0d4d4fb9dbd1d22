#include <nlohmann/json.hpp>
#include <set>

#include "cli/context.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

struct ListOptions {
  OutputOptions output;
};

void run_docs(const ListOptions& options, Context& context) {
  const store::Project project = context.open_project();
  table::Table table{{"document", "case", "format", "encoding", "turns", "characters", "codings",
                       "imported", "hash"},
                      {}};
  for (const auto& d : project.documents()) {
    table.rows.push_back({d.name, d.case_name, d.format, d.encoding, d.turns, d.length, d.codings,
                          d.imported_at, d.content_hash.substr(0, 12)});
  }
  emit(context, options.output, {{"docs", std::move(table)}});
}

void run_cases(const ListOptions& options, Context& context) {
  const store::Project project = context.open_project();
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
  std::string format = "table";
};

std::string clock(std::int64_t ms) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%02lld:%02lld:%02lld", static_cast<long long>(ms / 3600000),
                static_cast<long long>(ms / 60000 % 60), static_cast<long long>(ms / 1000 % 60));
  return buffer;
}

void run_show(const ShowOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const store::DocumentSummary summary = project.resolve_document(options.document);
  const model::Document document = project.load_document(summary.name);
  const text::CodePointIndex index(document.text);
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
                                         {"encoding", document.encoding},
                                         {"length", document.length},
                                         {"paragraphs", document.paragraphs.size()},
                                         {"sentences", document.sentences.size()},
                                         {"text", document.text},
                                         {"turns", turns}};
    context.out << json.dump(2) << '\n';
    return;
  }
  if (!options.turns && options.format == "table") {
    context.out << "# " << document.name << "  (case " << summary.case_name << ", "
                << document.format << ", " << document.turns.size() << " turns, "
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
  CLI::App* docs_command = app.add_subcommand("docs", "List the project's documents");
  add_output_options(*docs_command, docs->output);
  docs_command->callback([docs, &context] { run_docs(*docs, context); });

  auto cases = std::make_shared<ListOptions>();
  CLI::App* cases_command = app.add_subcommand("cases", "List cases with their attributes");
  add_output_options(*cases_command, cases->output);
  cases_command->callback([cases, &context] { run_cases(*cases, context); });

  auto show = std::make_shared<ShowOptions>();
  CLI::App* show_command =
      app.add_subcommand("show", "Show a document's text, or its speaker turns with offsets");
  show_command->add_option("document", show->document, "Document name or file stem")->required();
  show_command->add_flag("--turns", show->turns, "List turns: speaker, role, offsets, text");
  add_format_option(*show_command, show->format);
  show_command->callback([show, &context] { run_show(*show, context); });
}

}  // namespace inzicht::cli
