// report: the study as one self-contained HTML file.

#include <memory>

#include "cli/context.hpp"
#include "base/files.hpp"
#include "report/study_report.hpp"

namespace inzicht::cli {

namespace {

struct ReportOptions {
  std::string output;
  report::StudyReportOptions study;
  std::string reviews, sites, names;
};

void run_report(const ReportOptions& options, Context& context) {
  const store::Project project = context.open_project();
  report::StudyReportOptions study = options.study;
  if (!options.reviews.empty()) study.reviews_path = options.reviews;
  if (!options.sites.empty()) study.sites_path = options.sites;
  if (!options.names.empty()) study.names_path = options.names;
  const std::string html = report::study_report(project, study);
  write_file_atomically(options.output, html);  // never half a report
  context.out << "Wrote " << options.output << " (" << html.size() / 1024 << " KB)\n";
}

}  // namespace

void setup_report(CLI::App& app, Context& context) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* command = app.add_subcommand(
      "report", "The study as one self-contained HTML file (charts as SVG, no network)");
  command->add_option("-o,--output", options->output, "The HTML file to write")->required();
  command
      ->add_option("--coder", options->study.coder,
                   "Whose codings the frequencies, co-occurrence and agreement count (personas and "
                   "requirements use every coder, as their commands do)")
      ->default_str("auto");
  command->add_option("--gold", options->study.gold_coder, "Reference coder for agreement")
      ->default_str("gold");
  command->add_option("--group", options->study.persona_group, "The cases that become personas")
      ->default_str("provider");
  command->add_option("--by", options->study.persona_by, "The category that names personas")
      ->default_str("ambities");
  command->add_option("--names", options->names,
                      "YAML or CSV file renaming and describing personas by code");
  command
      ->add_option("--learners", options->study.learner_group,
                   "The group whose needs become UX requirements")
      ->default_str("learner");
  command->add_option("--reviews", options->reviews, "Expert website reviews (CSV)");
  command->add_option("--sites", options->sites, "The reviewed sites with their level (CSV)");
  command->callback([options, &context] { run_report(*options, context); });
}

}  // namespace inzicht::cli
