#include <algorithm>
// query: coding queries (analysis/query.hpp).

#include <memory>

#include "analysis/query.hpp"
#include "cli/context.hpp"

namespace inzicht::cli {

namespace {

std::string join_words(const std::vector<std::string>& words) {
  std::string joined;
  for (const std::string& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

struct QueryCommandOptions {
  std::vector<std::string> expression;  // the words, joined by spaces: quoting is optional
  std::string unit = "sentence";
  std::string speaker;  // empty: codings of any speaker, units of respondents
  std::vector<std::string> coders;
  int context = 0;
  bool count = false;
  OutputOptions output;
};

void run_query(const QueryCommandOptions& options, Context& context) {
  // Parse first: a mistyped expression should not wait for the project to load.
  const analysis::Query query = analysis::parse_query(join_words(options.expression));
  analysis::QueryOptions query_options;
  query_options.unit = model::parse_unit(options.unit);
  query_options.coders = options.coders;
  if (options.speaker == "any") {
    query_options.unit_role = std::nullopt;
  } else if (!options.speaker.empty() && options.speaker != "respondent" &&
             options.speaker != "interviewer") {
    // Speakers' names, comma-separated, whatever their role.
    for (std::size_t start = 0; start <= options.speaker.size();) {
      const std::size_t comma = std::min(options.speaker.find(',', start), options.speaker.size());
      if (comma > start)
        query_options.speaker_names.push_back(options.speaker.substr(start, comma - start));
      start = comma + 1;
    }
  } else if (!options.speaker.empty()) {
    const model::Role role =
        options.speaker == "interviewer" ? model::Role::interviewer : model::Role::respondent;
    query_options.coding_role = role;
    query_options.unit_role = role;
  }
  const store::Project project = context.open_project_to_read();
  const analysis::CodingData data(project);
  const auto segments = analysis::run_query(data, query, query_options);
  emit(context, options.output,
       {options.count ? analysis::query_count_sheet(data, segments)
                      : analysis::query_sheet(data, segments, options.context)});
}

}  // namespace

void setup_query(CLI::App& app, Context& context) {
  auto options = std::make_shared<QueryCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "query",
      "Retrieve segments by codes, positions and attributes: query EXPRESSION [OPTIONS] "
      "(see docs/cli.md)");
  // The expression's words are taken as they were typed: as a positional list option,
  // CLI11 would read "[group=learner]" as a list and drop its brackets.
  command->allow_extras();
  command->footer(
      "EXPRESSION: e.g. 'drempels AND NOT hefbomen', 'drempels/lerenden/tijdgebrek NEAR/2 "
      "hefbomen', 'drempels AND [group=learner]' (quoting is optional)");
  command->add_option("--unit", options->unit, "What AND and NOT return")
      ->check(CLI::IsMember({"sentence", "paragraph", "turn", "document"}))
      ->default_str("sentence");
  command->add_option("--speaker", options->speaker,
                      "Only codings and units in turns of this role, or of these speakers (A,B); "
                      "any: every unit (default: codings of anyone, AND/NOT units of respondents)");
  command->add_option("--coder", options->coders, "Only these coders' codings (default: all)")
      ->delimiter(',');
  command->add_option("--context", options->context, "Sentences of context either side")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--count", options->count, "Only the number of segments, documents, cases");
  add_output_options(*command, options->output);
  command->callback([options, command, &context] {
    options->expression = command->remaining();
    if (options->expression.empty()) throw CLI::RequiredError("EXPRESSION");
    run_query(*options, context);
  });
}

}  // namespace inzicht::cli
