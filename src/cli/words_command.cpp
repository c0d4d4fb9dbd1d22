#include "analysis/stopwords.hpp"
#include "analysis/words.hpp"
#include "cli/context.hpp"
#include "base/error.hpp"

namespace inzicht::cli {

namespace {

// The turn options words and kwic share.
struct TurnOptions {
  std::string group;
  std::vector<std::string> where;
  std::string speaker = "respondent";

  analysis::TurnSelection selection() const {
    analysis::TurnSelection selection;
    selection.where = parse_where(where);
    if (!group.empty()) selection.where.emplace_back("group", group);
    selection.speaker = model::parse_speaker(speaker);
    return selection;
  }
};

void add_turn_options(CLI::App& command, TurnOptions& options) {
  command.add_option("--group", options.group, "Only cases whose attribute group is this");
  command.add_option("--where", options.where, "Only cases with this attribute, ATTR=VALUE");
  command.add_option("--speaker", options.speaker, "Whose turns: respondent, interviewer or any")
      ->check(CLI::IsMember({"respondent", "interviewer", "any"}))
      ->default_str("respondent");
}

struct WordsOptions {
  TurnOptions turns;
  bool stem = false;
  std::string stopwords = "nl";
  std::size_t min_length = 1;
  std::size_t top = 50;
  OutputOptions output;
};

void run_words(const WordsOptions& options, Context& context) {
  const table::Format format = options.output.resolved();
  analysis::WordOptions words;
  words.turns = options.turns.selection();
  words.stem = options.stem;
  words.stopwords = analysis::load_stopwords(options.stopwords);
  words.min_length = options.min_length;
  words.top = options.top;
  const store::Project project = context.open_project();
  const analysis::WordCounts counts = analysis::word_frequencies(project, words);
  emit(context, options.output, {{"words", analysis::words_table(counts, options.stem)}});
  if (format == table::Format::table && options.output.path.empty()) {
    context.out << counts.words.size() << " of " << counts.distinct << " distinct "
                << (options.stem ? "stems" : "words") << " shown; " << counts.words_read
                << " words read in " << counts.turns << " turn(s) of " << counts.documents
                << " document(s), " << counts.counted
                << " counted (stopwords: " << options.stopwords
                << "); per_mille is per 1000 words read\n";
  }
}

struct KwicCommandOptions {
  std::string term;
  TurnOptions turns;
  bool exact = false;
  std::int64_t width = 40;
  std::size_t limit = 0;
  OutputOptions output;
};

void run_kwic(const KwicCommandOptions& options, Context& context) {
  const table::Format format = options.output.resolved();
  analysis::KwicOptions kwic;
  kwic.turns = options.turns.selection();
  kwic.exact = options.exact;
  kwic.width = options.width;
  kwic.limit = options.limit;
  const store::Project project = context.open_project();
  const analysis::Concordance concordance = analysis::concordance(project, options.term, kwic);
  emit(context, options.output, {{"kwic", analysis::concordance_table(concordance)}});
  if (format == table::Format::table && options.output.path.empty()) {
    context.out << concordance.lines.size() << " line(s) in " << concordance.documents
                << " document(s)";
    if (concordance.limited) context.out << " (limit reached; --limit N shows more)";
    context.out << '\n';
  }
}

}  // namespace

void setup_words(CLI::App& app, Context& context) {
  auto words = std::make_shared<WordsOptions>();
  CLI::App* words_command = app.add_subcommand(
      "words", "Word frequencies in turns, without stopwords, folded for case and accents");
  add_turn_options(*words_command, words->turns);
  words_command->add_flag("--stem", words->stem, "Group words by their Dutch Snowball stem");
  words_command
      ->add_option("--stopwords", words->stopwords,
                   "nl (with fillers of spoken Dutch), en, none, or a FILE of one word per line")
      ->default_str("nl");
  words_command->add_option("--min-length", words->min_length, "Leave out shorter words")
      ->check(CLI::PositiveNumber)
      ->default_str("1");
  words_command->add_option("--top", words->top, "Rows to show; 0 shows all")
      ->check(CLI::NonNegativeNumber)
      ->default_str("50");
  add_output_options(*words_command, words->output);
  words_command->callback([words, &context] { run_words(*words, context); });

  auto kwic = std::make_shared<KwicCommandOptions>();
  CLI::App* kwic_command = app.add_subcommand(
      "kwic",
      "Keyword in context: every occurrence of a term in turns, by stem and without regard "
      "to case and accents; prefix*, several words a phrase");
  kwic_command->add_option("term", kwic->term, "What to find")->required();
  add_turn_options(*kwic_command, kwic->turns);
  kwic_command->add_flag("--exact", kwic->exact, "Match folded words, without stemming");
  kwic_command->add_option("--width", kwic->width, "Code points of context either side")
      ->check(CLI::NonNegativeNumber)
      ->default_str("40");
  kwic_command->add_option("--limit", kwic->limit, "At most this many lines; 0 shows all")
      ->check(CLI::NonNegativeNumber)
      ->default_str("0");
  add_output_options(*kwic_command, kwic->output);
  kwic_command->callback([kwic, &context] { run_kwic(*kwic, context); });
}

}  // namespace inzicht::cli
