#include <optional>

#include "cli/context.hpp"
#include "store/search_query.hpp"
#include "text/kwic.hpp"

namespace inzicht::cli {

namespace {

struct SearchOptions {
  std::string query;
  std::string group;
  std::int64_t limit = 50;
  bool exact = false;
  OutputOptions output;
};

void run_search(const SearchOptions& options, Context& context) {
  const table::Format format = options.output.resolved();
  const store::Project project = context.open_project_to_read();
  store::SearchQuery query{store::fts_query(options.query), std::nullopt, options.limit};
  std::optional<store::StemSearch> stems;
  if (!options.exact) {
    stems.emplace(options.query, project.language());
    query.fts = stems->candidates();
    query.stems = &*stems;
  }
  if (!options.group.empty()) query.group = options.group;
  const auto hits = project.search(query);
  table::Table table{{"document", "case", "turn", "speaker", "start", "end", "left", "match",
                       "right"},
                      {}};
  for (const auto& hit : hits) {
    const text::KwicLines lines(hit.turn_text);
    for (const Span& match : hit.matches) {
      const text::Kwic kwic = lines.at(match.start, match.end);
      table.rows.push_back({hit.document, hit.case_name, static_cast<std::int64_t>(hit.turn),
                            hit.speaker, hit.turn_span.start + match.start,
                            hit.turn_span.start + match.end, kwic.left, kwic.match, kwic.right});
    }
  }
  const std::size_t rows = table.rows.size();
  emit(context, options.output, {{"search", std::move(table)}});
  if (format == table::Format::table && options.output.path.empty()) {
    context.out << rows << " hit(s) in " << hits.size() << " turn(s)";
    if (static_cast<std::int64_t>(hits.size()) == options.limit) {
      context.out << " (limit reached; --limit N shows more)";
    }
    context.out << '\n';
  }
}

}  // namespace

void setup_search(CLI::App& app, Context& context) {
  auto options = std::make_shared<SearchOptions>();
  CLI::App* command = app.add_subcommand(
      "search",
      "Full-text search of turns, without regard to case and accents: words (by their stems "
      "in the project's language), \"phrases\", prefix*, AND/OR/NOT");
  command->add_option("query", options->query, "What to find")->required();
  command->add_option("--group", options->group, "Only cases whose attribute group is this");
  command->add_option("--limit", options->limit, "At most this many turns")
      ->check(CLI::PositiveNumber)
      ->default_str("50");
  command->add_flag("--exact", options->exact,
                    "Match words as written (folded), without stemming");
  add_output_options(*command, options->output);
  command->callback([options, &context] { run_search(*options, context); });
}

}  // namespace inzicht::cli
