// suggestions list|accept|reject: the layer of proposed codings.

#include <memory>

#include "cli/context.hpp"
#include "coding/coding.hpp"
#include "coding/suggest.hpp"
#include "coding/suggestions.hpp"
#include "base/error.hpp"

namespace inzicht::cli {

namespace {

std::string join(const std::vector<std::string>& words, const char* separator) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : separator) + word;
  return out;
}

struct QueryFlags {
  std::vector<std::string> codes;
  std::vector<std::string> documents;
  std::string source;
  std::string state;
  double min_score = -1;  // not given

  coding::SuggestionQuery query() const {
    coding::SuggestionQuery result{codes, documents, source, {}, {}};
    if (min_score >= 0) result.min_score = min_score;
    if (!state.empty()) result.state = store::parse_suggestion_state(state);
    return result;
  }
};

void add_query_flags(CLI::App& command, QueryFlags& flags, bool with_state) {
  command.add_option("--code", flags.codes, "Codes, with their children (comma list, repeatable)")
      ->delimiter(',');
  command.add_option("--doc", flags.documents, "Documents (comma list, repeatable)")
      ->delimiter(',');
  command.add_option("--source", flags.source, "rule or model (default: both)")
      ->check(CLI::IsMember({"rule", "model"}));
  if (with_state) {
    command.add_option("--state", flags.state, "pending, accepted or rejected (default: all)")
        ->check(CLI::IsMember({"pending", "accepted", "rejected"}));
  }
  command.add_option("--min-score", flags.min_score, "Only suggestions scored at least this")
      ->check(CLI::Range(0.0, 1.0));
}

struct ListOptions {
  QueryFlags flags;
  OutputOptions output;
};

void run_list(const ListOptions& options, Context& context) {
  const table::Format format = options.output.resolved();
  const store::Project project = context.open_project_to_read();
  const auto suggestions = coding::list_suggestions(project, options.flags.query());
  const auto texts = coding::suggestion_texts(project, suggestions);
  table::Table table{{"suggestion", "document", "case", "start", "end", "code", "score", "source",
                       "origin", "words", "state", "decided_by", "decided_at", "text"},
                      {}};
  for (std::size_t i = 0; i < suggestions.size(); ++i) {
    const store::Suggestion& s = suggestions[i];
    table.rows.push_back({s.id, s.document, s.case_name, s.span.start, s.span.end, s.code_path,
                          s.score, s.source, s.origin, join(s.words, ", "),
                          std::string(store::to_string(s.state)), s.decided_by, s.decided_at,
                          texts[i]});
  }
  emit(context, options.output, {{"suggestions", std::move(table)}});
  if (suggestions.empty() && format == table::Format::table && options.output.path.empty()) {
    context.out << "No suggestions match; `inzicht autocode --suggest` proposes codings from "
                   "the rules, `inzicht suggest` from a model of the project's codings\n";
  }
}

struct DecideOptions {
  std::vector<std::string> ids;
  QueryFlags flags;
  bool all = false;
  std::string coder;
};

void run_decide(const DecideOptions& options, bool accept, Context& context) {
  store::Project project = context.open_project();
  coding::SuggestionChoice choice;
  for (const std::string& id : options.ids) {
    if (id.empty() || id.size() > 15 || id.find_first_not_of("0123456789") != std::string::npos) {
      throw InputError("'" + id + "' is not a suggestion id (suggestions list shows them)");
    }
    choice.ids.push_back(std::stoll(id));
  }
  choice.query = options.flags.query();
  choice.all = options.all;
  const std::string coder = Context::coder(
      options.coder.empty() ? std::nullopt : std::optional<std::string>(options.coder));
  const store::SuggestionDecision decision =
      accept ? coding::accept_suggestions(project, choice, coder)
             : coding::reject_suggestions(project, choice, coder);
  if (accept) {
    context.out << "Accepted " << decision.decided << " suggestion(s) as coder " << coder << ": "
                << decision.codings_added << " coding(s) added\n";
  } else {
    context.out << "Rejected " << decision.decided << " suggestion(s) as coder " << coder
                << "; they will not be proposed again\n";
  }
}

struct SuggestCommand {
  coding::SuggestOptions options;
  OutputOptions output;
};

void run_suggest(const SuggestCommand& command, Context& context) {
  const table::Format format = command.output.resolved();
  store::Project project = context.open_project();
  TerminalProgress progress(context.err);
  const coding::SuggestResult result =
      coding::suggest(project, command.options, context.terminal ? &progress : nullptr);
  table::Table codes{{"code", "unit", "positives", "described", "negatives", "rejected",
                      "suggested", "top_words", "skipped"},
                     {}};
  std::int64_t suggested = 0;
  std::int64_t learned = 0;
  for (const coding::CodeModelSummary& code : result.codes) {
    if (code.skipped.empty()) ++learned;
    // A table on a terminal lists the codes learned; the files list every code.
    if (format == table::Format::table && !code.skipped.empty()) continue;
    codes.rows.push_back({code.code_path, code.unit, code.positives, code.described, code.negatives,
                          code.rejected, code.suggested, join(code.top_words, ", "), code.skipped});
    suggested += code.suggested;
  }
  std::vector<table::Sheet> sheets = {{"models", std::move(codes)}};
  if (command.options.dry_run) {
    table::Table table{{"document", "start", "end", "code", "score", "origin", "words"}, {}};
    for (const store::NewSuggestion& s : result.suggestions) {
      table.rows.push_back({s.document, s.span.start, s.span.end, s.code_path, s.score, s.origin,
                            join(s.words, ", ")});
    }
    sheets.push_back({"suggestions", std::move(table)});
  }
  emit(context, command.output, sheets);
  if (format == table::Format::table && command.output.path.empty()) {
    context.out << "Learned " << learned << " code(s) from coder(s) " << join(result.from, ", ")
                << (command.options.use_codebook ? " and the codebook" : "") << ": "
                << result.suggestions.size() << " suggestion(s)";
    if (command.options.dry_run) {
      context.out << "; nothing stored (--dry-run)\n";
    } else {
      context.out << ", " << result.added
                  << " new; see inzicht suggestions list --source model\n";
    }
  }
}

}  // namespace

void setup_suggestions(CLI::App& app, Context& context) {
  auto suggest = std::make_shared<SuggestCommand>();
  CLI::App* suggest_command = app.add_subcommand(
      "suggest",
      "Learn each code from the project's codings and propose it for units nobody coded with it");
  suggest_command
      ->add_option("--codes,--code", suggest->options.codes,
                   "Codes, with their children (comma list, repeatable; default: every code)")
      ->delimiter(',');
  suggest_command
      ->add_option("--from", suggest->options.from,
                   "Coders to learn from (comma list; default: every coder but auto, else auto)")
      ->delimiter(',');
  suggest_command
      ->add_option("--docs,--doc", suggest->options.documents,
                   "Documents to suggest for (comma list; default: all)")
      ->delimiter(',');
  suggest_command
      ->add_option("--holdout", suggest->options.holdout,
                   "Documents left out of training and suggested for as if uncoded (to evaluate)")
      ->delimiter(',');
  suggest_command
      ->add_option("--min-score", suggest->options.min_score, "Propose units scored at least this")
      ->check(CLI::Range(0.0, 1.0))
      ->default_str("0.5");
  suggest_command
      ->add_option("--min-positives", suggest->options.min_positives,
                   "Learn only codes with at least this many positives (coded units and "
                   "codebook texts)")
      ->check(CLI::PositiveNumber)
      ->default_str("3");
  suggest_command->add_flag(
      "!--no-codebook", suggest->options.use_codebook,
      "Learn from the codings only, not also from each code's description, criteria and examples");
  suggest_command->add_flag("--dry-run", suggest->options.dry_run,
                            "List the suggestions (sheet suggestions) and store nothing");
  add_output_options(*suggest_command, suggest->output);
  suggest_command->callback([suggest, &context] { run_suggest(*suggest, context); });

  CLI::App* group = app.add_subcommand(
      "suggestions", "Proposed codings (autocode --suggest, suggest): list, accept, reject");
  group->require_subcommand(1);

  auto list = std::make_shared<ListOptions>();
  CLI::App* list_command = group->add_subcommand("list", "List suggestions with their reasons");
  add_query_flags(*list_command, list->flags, true);
  add_output_options(*list_command, list->output);
  list_command->callback([list, &context] { run_list(*list, context); });

  for (const bool accept : {true, false}) {
    auto options = std::make_shared<DecideOptions>();
    CLI::App* command = group->add_subcommand(
        accept ? "accept" : "reject",
        accept ? "Accept suggestions: each becomes a coding of the accepting coder"
               : "Reject suggestions: remembered, never proposed again, negatives for suggest");
    command->add_option("ids", options->ids, "Suggestion ids (suggestions list shows them)");
    add_query_flags(*command, options->flags, false);
    command->add_flag("--all", options->all,
                      "Every pending suggestion the other options admit (no ids, no --code)");
    command->add_option("--coder", options->coder,
                        "Coder (default: $INZICHT_CODER, then your user name)");
    command->callback([options, accept, &context] { run_decide(*options, accept, context); });
  }
}

}  // namespace inzicht::cli
