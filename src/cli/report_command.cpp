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
  std::vector<std::string> breakdowns;
  std::string by, requirements, reviews, sites, names;
};

void run_report(const ReportOptions& options, Context& context) {
  const store::Project project = context.open_project_to_read();
  report::StudyReportOptions study = options.study;
  for (const auto& [group, attribute] : parse_where(options.breakdowns)) {
    study.breakdowns.emplace_back(group, attribute);
  }
  if (!options.by.empty()) study.persona_by = options.by;
  if (!options.requirements.empty()) study.requirements_group = options.requirements;
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
      "report",
      "The study as one self-contained HTML file (charts as SVG, no network); sections "
      "appear when the project has what they need");
  command->add_option("-o,--output", options->output, "The HTML file to write")->required();
  command->add_option("--language", options->study.language, "nl or en (default: the project's)")
      ->check(CLI::IsMember({"nl", "en"}));
  command
      ->add_option("--coder,--coders", options->study.coders,
                   "Whose codings the frequencies and co-occurrence count (default: every "
                   "coder; personas and requirements use every coder, as their commands do)")
      ->delimiter(',');
  command
      ->add_option("--agreement", options->study.agreement_coders,
                   "The coders compared, A,B[,…] (default: every coder, when there are two or "
                   "more)")
      ->delimiter(',');
  command
      ->add_option("--cooccur", options->study.cooccur_codes,
                   "The codes of the co-occurrence map, each with its children (default: every "
                   "code, the 20 most coded shown)")
      ->delimiter(',');
  command->add_option("--breakdown", options->breakdowns,
                      "GROUP=ATTRIBUTE: chart the group's cases by the attribute in the corpus "
                      "section (repeatable; an empty GROUP means all cases)");
  command->add_option("--by", options->by,
                      "Personas, their clustering and journeys: the category whose dominant code "
                      "names a persona (e.g. ambities); no persona sections without it");
  command->add_option("--group", options->study.persona_group,
                      "Only cases of this group become personas (default: all)");
  command->add_option("--names", options->names,
                      "YAML or CSV file renaming and describing personas by code");
  command->add_option("--requirements,--learners", options->requirements,
                      "UX requirements from the needs (behoeften) of this group's cases; none "
                      "without it");
  command->add_option("--reviews", options->reviews,
                      "Expert website reviews (CSV): the website benchmark");
  command->add_option("--sites", options->sites, "The reviewed sites with their level (CSV)");
  command->callback([options, &context] { run_report(*options, context); });
}

}  // namespace inzicht::cli
