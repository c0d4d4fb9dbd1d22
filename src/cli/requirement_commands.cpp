// requirements and review: from learners' needs to UX requirements, and expert website
// reviews against them.

#include <memory>

#include "analysis/requirements.hpp"
#include "analysis/review.hpp"
#include "cli/context.hpp"
#include "base/error.hpp"
#include "base/files.hpp"

namespace inzicht::cli {

namespace {

struct RequirementsOptions {
  analysis::RequirementOptions analysis;
  OutputOptions output;
};

struct ReviewOptions {
  std::string file;
  std::string sites;
  std::string weights = "none";
  std::string group = "learner";
  OutputOptions output;
};

void run_requirements(const RequirementsOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const analysis::CodingData data(project);
  const analysis::Requirements result =
      analysis::requirements(data, project.codebook(), options.analysis);
  emit(context, options.output, {{"requirements", analysis::requirements_table(result)}});
  if (!result.left_out.empty()) {
    context.err << "Left out " << result.left_out.size() << " need(s) voiced by fewer than "
                << options.analysis.min_cases << " case(s) of group " << options.analysis.group
                << " (--min-cases):";
    for (const std::string& id : result.left_out) context.err << ' ' << id;
    context.err << '\n';
  }
}

void run_review(const ReviewOptions& options, Context& context) {
  const store::Project project = context.open_project();
  const model::Codebook codebook = project.codebook();
  std::optional<analysis::SiteList> sites;
  if (!options.sites.empty()) {
    sites = analysis::parse_sites(read_file(options.sites), options.sites);
  }
  const analysis::ReviewFile reviews =
      analysis::parse_reviews(read_file(options.file), options.file, codebook, sites);
  std::map<std::string, std::int64_t> weights;
  if (analysis::parse_weights(options.weights) == analysis::Weights::learners) {
    const analysis::CodingData data(project);
    std::vector<std::string> ids;
    for (const analysis::RequirementCode& code : analysis::requirement_codes(codebook)) {
      ids.push_back(code.id);
    }
    const std::vector<std::int64_t> counts = analysis::cases_voicing(data, ids, options.group);
    for (std::size_t i = 0; i < ids.size(); ++i) weights[ids[i]] = counts[i];
  }
  emit(context, options.output,
       analysis::review_sheets(analysis::review(reviews, sites, codebook, weights)));
}

}  // namespace

void setup_requirements(CLI::App& app, Context& context) {
  auto requirements = std::make_shared<RequirementsOptions>();
  CLI::App* requirements_command = app.add_subcommand(
      "requirements",
      "UX requirements: the needs (codes with a requirement field) enough learners voiced, "
      "ranked, with counts per sector and two quotes");
  requirements_command
      ->add_option("--codes,--code", requirements->analysis.prefix,
                   "The needs: this code and the codes below it")
      ->default_str("behoeften");
  requirements_command
      ->add_option("--group", requirements->analysis.group,
                   "Count the cases whose attribute group has this value")
      ->default_str("learner");
  requirements_command
      ->add_option("--min-cases", requirements->analysis.min_cases,
                   "Leave out needs voiced by fewer cases of the group")
      ->check(CLI::PositiveNumber)
      ->default_str("3");
  requirements_command
      ->add_option("--by", requirements->analysis.by, "Count per value of this case attribute")
      ->default_str("sector");
  requirements_command
      ->add_option("--coder", requirements->analysis.coders,
                   "Only these coders' codings (default: all)")
      ->delimiter(',');
  add_output_options(*requirements_command, requirements->output);
  requirements_command->callback(
      [requirements, &context] { run_requirements(*requirements, context); });

  auto review = std::make_shared<ReviewOptions>();
  CLI::App* review_command = app.add_subcommand(
      "review",
      "Website reviews against the requirements: scores, ranking overall and per level, "
      "themes, the best site per level");
  review_command->add_option("FILE", review->file, "Reviews CSV: site,code,score[,note]")
      ->required();
  review_command->add_option("--sites", review->sites,
                             "Sites CSV: site,type[,name,…]; type is the level (HBO, MBO)");
  review_command
      ->add_option("--weights", review->weights,
                   "none, or learners: weigh each requirement by the cases that voiced it")
      ->check(CLI::IsMember({"none", "learners"}))
      ->default_str("none");
  review_command
      ->add_option("--group", review->group, "The group whose cases --weights learners counts")
      ->default_str("learner");
  add_output_options(*review_command, review->output);
  review_command->callback([review, &context] { run_review(*review, context); });
}

}  // namespace inzicht::cli
