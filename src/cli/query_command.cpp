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
  } else if (!options.speaker.empty()) {
    const model::Role role =
        options.speaker == "interviewer" ? model::Role::interviewer : model::Role::respondent;
    query_options.coding_role = role;
    query_options.unit_role = role;
  }
  const store::Project project = context.open_project();
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
      "query", "Retrieve segments by codes, positions and attributes (see docs/cli.md)");
  command
      ->add_option("expression", options->expression,
                   "e.g. 'drempels AND NOT hefbomen', 'drempels/lerenden/tijdgebrek NEAR/2 "
                   "hefbomen', 'drempels AND [group=learner]'")
      ->required();
  command->add_option("--unit", options->unit, "What AND and NOT return")
      ->check(CLI::IsMember({"sentence", "paragraph", "turn", "document"}))
      ->default_str("sentence");
  command
      ->add_option("--speaker", options->speaker,
                   "Only codings and units in turns of this role; any: every unit (default: "
                   "codings of anyone, AND/NOT units of respondents)")
      ->check(CLI::IsMember({"respondent", "interviewer", "any"}));
  command->add_option("--coder", options->coders, "Only these coders' codings (default: all)")
      ->delimiter(',');
  command->add_option("--context", options->context, "Sentences of context either side")
      ->check(CLI::NonNegativeNumber);
  command->add_flag("--count", options->count, "Only the number of segments, documents, cases");
  add_output_options(*command, options->output);
  command->callback([options, &context] { run_query(*options, context); });
}

}  // namespace inzicht::cli
