// report: the study as one self-contained HTML file.

#include <memory>

#include "cli/context.hpp"
#include "model/files.hpp"
#include "report/study_report.hpp"

namespace inzicht::cli {

namespace {

struct ReportOptions {
  std::string output;
  report::StudyReportOptions study;
  std::string reviews, sites;
};

void run_report(const ReportOptions& options, Context& context) {
  const store::Project project = context.open_project();
  report::StudyReportOptions study = options.study;
  if (!options.reviews.empty()) study.reviews_path = options.reviews;
  if (!options.sites.empty()) study.sites_path = options.sites;
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
  command->add_option("--coder", options->study.coder, "Whose codings the figures count")
      ->default_str("auto");
  command->add_option("--gold", options->study.gold_coder, "Reference coder for agreement")
      ->default_str("gold");
  command->add_option("--reviews", options->reviews, "Expert website reviews (CSV)");
  command->add_option("--sites", options->sites, "The reviewed sites with their level (CSV)");
  command->callback([options, &context] { run_report(*options, context); });
}

}  // namespace inzicht::cli
