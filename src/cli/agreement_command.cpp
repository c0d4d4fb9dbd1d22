#include <memory>

#include "analysis/agreement.hpp"
#include "cli/context.hpp"

namespace inzicht::cli {

namespace {

struct AgreementCommandOptions {
  std::vector<std::string> coders;
  std::vector<std::string> codes;
  std::vector<std::string> documents;
  std::string unit = "sentence";
  std::string speaker = "respondent";
  bool exclusive = false;
  bool disagreements = false;
  OutputOptions output;
};

void run_agreement(const AgreementCommandOptions& options, Context& context) {
  const store::Project project = context.open_project();
  analysis::AgreementOptions agreement;
  agreement.coders = options.coders;
  agreement.codes = options.codes;
  for (const std::string& document : options.documents) {
    agreement.documents.push_back(project.resolve_document(document).name);
  }
  agreement.characters = options.unit == "char";
  if (!agreement.characters) agreement.unit = model::parse_unit(options.unit);
  agreement.speaker = model::parse_speaker(options.speaker);
  agreement.exclusive = options.exclusive;
  agreement.disagreements = options.disagreements;
  const analysis::CodingData data(project);
  emit(context, options.output, analysis::agreement_sheets(analysis::agreement(data, agreement)));
}

}  // namespace

void setup_agreement(CLI::App& app, Context& context) {
  auto options = std::make_shared<AgreementCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "agreement", "Inter-coder agreement per code: percent, kappa, Brennan-Prediger, alpha");
  command->add_option("--coders", options->coders, "Two or more coders, e.g. ann,bob")
      ->required()
      ->delimiter(',');
  command
      ->add_option("--codes", options->codes,
                   "Codes, each with its children (default: every code the coders used)")
      ->delimiter(',');
  command->add_option("--doc", options->documents,
                      "Only these documents (default: all that every coder coded)");
  command->add_option("--unit", options->unit, "Unit of comparison")
      ->check(CLI::IsMember({"char", "sentence", "paragraph", "turn", "document"}))
      ->default_str("sentence");
  command->add_option("--speaker", options->speaker, "Whose text counts")
      ->check(CLI::IsMember({"respondent", "interviewer", "any"}))
      ->default_str("respondent");
  command->add_flag("--exclusive", options->exclusive,
                    "The listed codes are categories of one variable");
  command->add_flag("--disagreements", options->disagreements,
                    "Also list the units the coders differ on, with their text");
  add_output_options(*command, options->output);
  command->callback([options, &context] { run_agreement(*options, context); });
}

}  // namespace inzicht::cli
