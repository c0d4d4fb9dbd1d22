#include "cli/context.hpp"
#include "store/search_query.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

constexpr Offset kContext = 40;  // code points of context either side of a hit

struct SearchOptions {
  std::string query;
  std::string group;
  std::int64_t limit = 50;
  std::string format = "table";
};

std::string one_line(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  return out;
}

void run_search(const SearchOptions& options, Context& context) {
  const store::Project project = context.open_project();
  store::SearchQuery query{store::fts_query(options.query), std::nullopt, options.limit};
  if (!options.group.empty()) query.group = options.group;
  const auto hits = project.search(query);
  report::Table table{{"document", "case", "turn", "speaker", "start", "end", "left", "match",
                       "right"},
                      {}};
  for (const auto& hit : hits) {
    const text::CodePointIndex index(hit.turn_text);
    for (const Span& match : hit.matches) {
      const Offset left = std::max<Offset>(0, match.start - kContext);
      const Offset right = std::min<Offset>(index.size(), match.end + kContext);
      table.rows.push_back(
          {hit.document, hit.case_name, static_cast<std::int64_t>(hit.turn), hit.speaker,
           hit.turn_span.start + match.start, hit.turn_span.start + match.end,
           (left > 0 ? "…" : "") + one_line(index.slice({left, match.start})),
           one_line(index.slice(match)),
           one_line(index.slice({match.end, right})) + (right < index.size() ? "…" : "")});
    }
  }
  report::write(context.out, table, report::parse_format(options.format));
  if (options.format == "table") {
    context.out << table.rows.size() << " hit(s) in " << hits.size() << " turn(s)";
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
      "Full-text search of turns, without regard to case and accents: words, \"phrases\", "
      "prefix*, AND/OR/NOT");
  command->add_option("query", options->query, "What to find")->required();
  command->add_option("--group", options->group, "Only cases whose attribute group is this");
  command->add_option("--limit", options->limit, "At most this many turns")
      ->check(CLI::PositiveNumber)
      ->default_str("50");
  add_format_option(*command, options->format);
  command->callback([options, &context] { run_search(*options, context); });
}

}  // namespace inzicht::cli
