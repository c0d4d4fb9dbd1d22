// freq, matrix and cooccur: the counting commands.

#include <memory>

#include "analysis/cooccurrence.hpp"
#include "analysis/frequencies.hpp"
#include "cli/context.hpp"
#include "base/error.hpp"

namespace inzicht::cli {

namespace {

// The options every counting command shares: which codes, coders and cases.
struct SelectionOptions {
  std::vector<std::string> codes;
  std::vector<std::string> coders;
  std::vector<std::string> where;

  analysis::Selection selection() const { return {codes, coders, parse_where(where)}; }
};

void add_selection_options(CLI::App& command, SelectionOptions& options) {
  command.add_option("--codes,--code", options.codes,
                     "Codes (paths), each with the codes below it");
  command.add_option("--coder", options.coders, "Only these coders' codings (default: all)")
      ->delimiter(',');
  command.add_option("--where", options.where, "Only cases with ATTR=VALUE (repeatable)");
}

struct FreqOptions {
  SelectionOptions select;
  std::string by;
  std::string count = "codings";
  OutputOptions output;
};

struct MatrixOptions {
  SelectionOptions select;
  std::string rows = "codes";
  std::string cols = "documents";
  std::string value = "count";
  OutputOptions output;
};

struct CooccurOptions {
  SelectionOptions select;
  std::string scope = "overlap";
  std::string measure = "count";
  OutputOptions output;
};

void run_freq(const FreqOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const analysis::CodingData data(project);
  analysis::FrequencyOptions frequency{options.select.selection(), options.by,
                                       analysis::parse_count(options.count)};
  emit(context, options.output, {{"frequencies", analysis::frequencies(data, frequency)}});
}

void run_matrix(const MatrixOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const analysis::CodingData data(project);
  analysis::MatrixOptions matrix{options.select.selection(), options.rows == "categories",
                                 options.cols, analysis::parse_cell_value(options.value)};
  emit(context, options.output, {{"matrix", analysis::matrix(data, matrix)}});
}

void run_cooccur(const CooccurOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const analysis::CodingData data(project);
  const analysis::CooccurMeasure measure = analysis::parse_cooccur_measure(options.measure);
  const analysis::Cooccurrence result = analysis::cooccurrence(
      data, {options.select.selection(), analysis::parse_cooccur_scope(options.scope), measure});
  emit(context, options.output, {{"cooccurrence", analysis::cooccurrence_table(result, measure)}});
}

}  // namespace

void setup_analysis(CLI::App& app, Context& context) {
  auto freq = std::make_shared<FreqOptions>();
  CLI::App* freq_command = app.add_subcommand(
      "freq", "Code frequencies: codings, documents, cases, % of cases and coded words per code");
  add_selection_options(*freq_command, freq->select);
  freq_command->add_option("--by", freq->by,
                           "Break down by document, case, group or any case attribute");
  freq_command->add_option("--count", freq->count, "What a --by cell counts")
      ->check(CLI::IsMember({"codings", "documents", "cases", "words"}))
      ->default_str("codings");
  add_output_options(*freq_command, freq->output);
  freq_command->callback([freq, &context] { run_freq(*freq, context); });

  auto matrix = std::make_shared<MatrixOptions>();
  CLI::App* matrix_command =
      app.add_subcommand("matrix", "Code × document, case or attribute matrix with totals");
  add_selection_options(*matrix_command, matrix->select);
  matrix_command
      ->add_option("--rows", matrix->rows,
                   "codes (each codable code) or categories (top-level codes)")
      ->check(CLI::IsMember({"codes", "categories"}))
      ->default_str("codes");
  matrix_command->add_option("--cols", matrix->cols, "documents, cases or a case attribute")
      ->default_str("documents");
  matrix_command->add_option("--value", matrix->value, "count, presence, rowpct or colpct")
      ->check(CLI::IsMember({"count", "presence", "rowpct", "colpct"}))
      ->default_str("count");
  add_output_options(*matrix_command, matrix->output);
  matrix_command->callback([matrix, &context] { run_matrix(*matrix, context); });

  auto cooccur = std::make_shared<CooccurOptions>();
  CLI::App* cooccur_command =
      app.add_subcommand("cooccur", "Code co-occurrence: counts, c-coefficient or Jaccard");
  add_selection_options(*cooccur_command, cooccur->select);
  cooccur_command
      ->add_option("--scope", cooccur->scope, "overlap, sentence, paragraph, turn or document")
      ->check(CLI::IsMember({"overlap", "sentence", "paragraph", "turn", "document"}))
      ->default_str("overlap");
  cooccur_command->add_option("--measure", cooccur->measure, "count, c or jaccard")
      ->check(CLI::IsMember({"count", "c", "jaccard"}))
      ->default_str("count");
  add_output_options(*cooccur_command, cooccur->output);
  cooccur_command->callback([cooccur, &context] { run_cooccur(*cooccur, context); });
}

}  // namespace inzicht::cli
