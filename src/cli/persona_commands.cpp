// cluster, personas (and personas assign) and journey: cases grouped by their coding.

#include <memory>

#include "analysis/journey.hpp"
#include "analysis/personas.hpp"
#include "analysis/stopwords.hpp"
#include "analysis/profile_matrix.hpp"
#include "cli/context.hpp"
#include "base/error.hpp"
#include "base/files.hpp"

namespace inzicht::cli {

namespace {

std::pair<std::string, std::string> split_pair(const std::string& text, const std::string& flag,
                                               const std::string& example) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0 || equals + 1 == text.size()) {
    throw InputError(flag + " '" + text + "': expected " + example);
  }
  return {text.substr(0, equals), text.substr(equals + 1)};
}

// The options cluster, personas and journey share.
struct ClusterFlags {
  std::vector<std::string> cases;
  std::vector<std::string> features;
  std::vector<std::string> weights;
  std::string value;  // empty: share, or raw with --profiles
  std::string distance = "cosine";
  std::string linkage = "average";
  std::size_t k = 0;
  bool choose = false;
  std::vector<std::string> coders;

  analysis::ClusterMethod method() const {
    analysis::ClusterMethod result;
    result.distance = analysis::parse_distance(distance);
    result.linkage = analysis::parse_linkage(linkage);
    if (k > 0) result.k = k;
    result.choose = choose;
    return result;
  }

  analysis::ClusterOptions options() const {
    analysis::ClusterOptions result{method(), {}};
    for (const std::string& filter : cases) {
      result.profile.cases.push_back(
          split_pair(filter, "--cases", "ATTR=VALUE, e.g. group=provider"));
    }
    result.profile.features = features;
    for (const std::string& weight : weights) {
      const auto [prefix, factor] = split_pair(weight, "--weight", "PREFIX=W, e.g. drempels=2");
      double number = 0;
      try {
        std::size_t used = 0;
        number = std::stod(factor, &used);
        if (used != factor.size()) throw std::invalid_argument(factor);
      } catch (const std::exception&) {
        throw InputError("--weight '" + weight + "': '" + factor + "' is not a number");
      }
      result.profile.weights.emplace_back(prefix, number);
    }
    result.profile.value = analysis::parse_feature_value(value.empty() ? "share" : value);
    result.profile.coders = coders;
    return result;
  }
};

// `profiles`: the command takes --profiles, whose matrix may also be valued raw.
void add_cluster_flags(CLI::App& command, ClusterFlags& flags, const std::string& features_help,
                       bool profiles = false) {
  command.add_option("--cases", flags.cases, "Only cases with ATTR=VALUE (repeatable)");
  command.add_option("--features", flags.features, features_help)->delimiter(',');
  command.add_option("--weight", flags.weights,
                     "PREFIX=W: multiply the features under PREFIX by W (repeatable)");
  if (profiles) {
    command
        .add_option("--value", flags.value,
                    "presence (0/1) or share of the case's codings; with --profiles also raw, "
                    "the values as given (the default there)")
        ->check(CLI::IsMember({"presence", "share", "raw"}))
        ->default_str("share");
  } else {
    command.add_option("--value", flags.value, "presence (0/1) or share of the case's codings")
        ->check(CLI::IsMember({"presence", "share"}))
        ->default_str("share");
  }
  command.add_option("--distance", flags.distance, "jaccard, cosine or euclidean")
      ->check(CLI::IsMember({"jaccard", "cosine", "euclidean"}))
      ->default_str("cosine");
  command.add_option("--linkage", flags.linkage, "average, complete, single or ward (euclidean)")
      ->check(CLI::IsMember({"average", "complete", "single", "ward"}))
      ->default_str("average");
  CLI::Option* k =
      command.add_option("--k", flags.k, "Number of clusters")->check(CLI::PositiveNumber);
  CLI::Option* choose = command.add_flag(
      "--auto", flags.choose, "Choose k by mean silhouette and show the score of every k");
  k->excludes(choose);
  command.add_option("--coder", flags.coders, "Only these coders' codings (default: all)")
      ->delimiter(',');
}

struct ClusterCommand {
  ClusterFlags flags;
  std::vector<std::string> show;
  std::string profiles;  // a CSV matrix to cluster instead of the project's cases
  OutputOptions output;
};

// The options that choose a project's cases and features mean nothing for a matrix.
void refuse_project_options(const CLI::App& command) {
  for (const char* name : {"--cases", "--features", "--weight", "--coder", "--show"}) {
    if (command.get_option(name)->count() > 0) {
      throw CLI::ValidationError(name,
                                 "works on a project's cases and codes, and --profiles "
                                 "reads no project: the matrix's rows are the items, "
                                 "its columns the features");
    }
  }
}

struct PersonaFlags {
  ClusterFlags cluster;
  std::string group = "provider";
  std::string by = "ambities";
  std::string names;
  std::vector<std::string> show = {"provider_type"};

  analysis::PersonaOptions options() const {
    analysis::PersonaOptions result;
    result.cluster = cluster.options();
    if (!group.empty()) result.cluster.profile.cases.emplace_back("group", group);
    result.by = by;
    if (!names.empty()) result.labels = codebook::read_persona_labels(names);
    return result;
  }
};

void add_persona_flags(CLI::App& command, PersonaFlags& flags) {
  command.add_option("--group", flags.group, "Cases of this group (\"\" for every case)")
      ->default_str("provider");
  command.add_option("--by", flags.by, "The category whose dominant code names a persona")
      ->default_str("ambities");
  command.add_option("--names", flags.names,
                     "YAML or CSV file renaming and describing personas by code");
  command.add_option("--show", flags.show, "Case attributes to show")->default_str("provider_type");
  add_cluster_flags(command, flags.cluster,
                    "Cluster on the codes under these prefixes (default: --by)");
}

struct PersonasCommand {
  PersonaFlags flags;
  std::string assign_case;
  std::string place = "auto";
  OutputOptions output;
};

struct JourneyCommand {
  PersonaFlags flags;
  std::vector<std::string> personas;
  std::string unit = "paragraph";
  OutputOptions output;
};

// With --profiles: no project is opened (neither -p nor $INZICHT_PROJECT is read).
void run_cluster_profiles(const ClusterCommand& command, Context& context) {
  const analysis::ProfileMatrix matrix =
      analysis::parse_profile_matrix(read_file(command.profiles), command.profiles);
  const analysis::Clustering clustering = analysis::cluster_matrix(
      matrix,
      analysis::parse_feature_value(command.flags.value.empty() ? "raw" : command.flags.value),
      command.flags.method());
  emit(context, command.output, analysis::clustering_sheets(clustering, matrix.labels));
}

void run_cluster(const ClusterCommand& command, Context& context) {
  const store::Project project = context.open_project_to_read();
  const analysis::CodingData data(project);
  const analysis::CaseClustering clustering =
      analysis::cluster_cases(data, command.flags.options());
  emit(context, command.output, analysis::clustering_sheets(data, clustering, command.show));
}

void run_personas(const PersonasCommand& command, Context& context) {
  const store::Project project = context.open_project_to_read();
  const analysis::CodingData data(project);
  const analysis::PersonaSet set =
      analysis::personas(data, project.codebook(), command.flags.options());
  emit(context, command.output, analysis::persona_sheets(data, set, command.flags.show));
}

void run_assign(const PersonasCommand& command, Context& context) {
  const table::Format format = command.output.resolved();
  const store::Project project = context.open_project_to_read();
  const analysis::CodingData data(project);
  std::optional<std::size_t> case_index;
  for (std::size_t c = 0; c < data.cases().size(); ++c) {
    if (data.cases()[c].name == command.assign_case) case_index = c;
  }
  if (!case_index) throw NotFoundError("no case '" + command.assign_case + "' in the project");
  analysis::PersonaSet set;
  analysis::PersonaOptions options = command.flags.options();
  options.language = project.language();
  options.stopwords = analysis::load_stopwords(options.language);
  std::vector<model::Document> documents;  // those the case has a part in
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    if (data.holds_case(d, *case_index)) {
      documents.push_back(project.load_document(data.documents()[d].name));
    }
  }
  const analysis::CaseAssignment assignment =
      analysis::place_case(data, project.codebook(), options, *case_index,
                           analysis::parse_place_by(command.place), &set, documents);
  const std::string by = assignment.by == analysis::PlaceBy::text    ? "text"
                         : assignment.by == analysis::PlaceBy::rules ? "rules"
                                                                     : "codings";
  std::string reasons;
  for (const std::string& reason : assignment.reasons) {
    reasons += (reasons.empty() ? "" : ", ") + reason;
  }
  table::Table table{{"case", "persona", "name", "code", "distance", "nearest", "placed_by",
                       "confidence", "reasons"},
                      {}};
  for (std::size_t i = 0; i < assignment.placements.size(); ++i) {
    const analysis::Persona& persona = set.personas[assignment.placements[i].persona];
    table.rows.push_back(
        {command.assign_case,
         static_cast<std::int64_t>(assignment.placements[i].persona + 1), persona.name,
         persona.code ? table::Cell{data.codes()[*persona.code].path} : table::Cell{},
         assignment.placements[i].distance, std::string(i == 0 ? "*" : ""), by,
         i == 0 ? table::Cell{assignment.confidence} : table::Cell{},
         i == 0 ? table::Cell{reasons} : table::Cell{}});
  }
  emit(context, command.output, {{"assignment", std::move(table)}});
  if (format == table::Format::table && command.output.path.empty()) {
    const analysis::Persona& nearest = set.personas[assignment.placements.front().persona];
    context.out << command.assign_case << " placed under persona "
                << assignment.placements.front().persona + 1 << " (" << nearest.name << ") by its "
                << (assignment.by == analysis::PlaceBy::text
                        ? "words (it has " + std::to_string(assignment.codings) +
                              " coding(s) of the clustered codes)"
                    : assignment.by == analysis::PlaceBy::rules
                        ? std::to_string(assignment.rule_codings) +
                              " coding(s) the rules of the clustered codes would make (it has " +
                              std::to_string(assignment.codings) + " stored)"
                        : std::to_string(assignment.codings) + " coding(s) of the clustered codes")
                << ", confidence " << table::to_text(table::Cell{assignment.confidence})
                << "; deciding: " << reasons << '\n';
  }
}

void run_journey(const JourneyCommand& command, Context& context) {
  const store::Project project = context.open_project_to_read();
  const analysis::CodingData data(project);
  const analysis::PersonaSet set =
      analysis::personas(data, project.codebook(), command.flags.options());
  std::vector<std::size_t> only;
  for (const std::string& wanted : command.personas) {
    std::optional<std::size_t> found;
    for (std::size_t p = 0; p < set.personas.size(); ++p) {
      const bool code =
          set.personas[p].code && (data.codes()[*set.personas[p].code].path == wanted);
      if (set.personas[p].name == wanted || std::to_string(p + 1) == wanted || code) found = p;
    }
    if (!found) {
      std::string names;
      for (const auto& persona : set.personas) names += (names.empty() ? "" : ", ") + persona.name;
      throw NotFoundError("no persona '" + wanted + "' (personas: " + names + ")");
    }
    only.push_back(*found);
  }
  analysis::JourneyOptions options;
  options.unit = model::parse_unit(command.unit);
  options.coders = command.flags.cluster.coders;
  const analysis::Journey journey = analysis::journey(data, set, options);
  emit(context, command.output, analysis::journey_sheets(data, set, journey, only));
}

}  // namespace

void setup_personas(CLI::App& app, Context& context) {
  auto cluster = std::make_shared<ClusterCommand>();
  CLI::App* cluster_command =
      app.add_subcommand("cluster",
                         "Agglomerative clustering of cases by their coding profile, or of the "
                         "rows of a CSV matrix (--profiles)");
  add_cluster_flags(*cluster_command, cluster->flags,
                    "One feature per code under these prefixes (default: every code)", true);
  cluster_command->add_option("--show", cluster->show, "Case attributes to show per case");
  cluster_command->add_option(
      "--profiles", cluster->profiles,
      "Cluster the rows of this CSV matrix (label, then one numeric column per feature) "
      "instead of the project's cases; reads no project");
  add_output_options(*cluster_command, cluster->output);
  cluster_command->callback([cluster, cluster_command, &context] {
    if (cluster_command->get_option("--profiles")->count() > 0) {
      refuse_project_options(*cluster_command);
      run_cluster_profiles(*cluster, context);
    } else {
      if (cluster->flags.value == "raw") {
        throw CLI::ValidationError("--value",
                                   "raw is for a matrix read with --profiles; a "
                                   "case's profile is presence or share");
      }
      run_cluster(*cluster, context);
    }
  });

  auto personas = std::make_shared<PersonasCommand>();
  CLI::App* personas_command = app.add_subcommand(
      "personas", "Personas: clusters of cases named by their dominant ambition");
  add_persona_flags(*personas_command, personas->flags);
  add_output_options(*personas_command, personas->output);
  CLI::App* assign_command = personas_command->add_subcommand(
      "assign", "Place a case against the personas of the other cases, by its codings or its words");
  assign_command->fallthrough();
  assign_command->add_option("case", personas->assign_case, "Case name")->required();
  assign_command
      ->add_option("--place", personas->place,
                   "By its codings of the clustered codes, by the codings the codebook's rules "
                   "would make in its documents (rules), by its words (text), or auto: by "
                   "codings when it has any, else by rules when they find any, else by its "
                   "words")
      ->check(CLI::IsMember({"auto", "codings", "rules", "text"}))
      ->default_str("auto");
  personas_command->callback([personas, assign_command, &context] {
    if (assign_command->parsed()) {
      run_assign(*personas, context);
    } else {
      run_personas(*personas, context);
    }
  });

  auto journey = std::make_shared<JourneyCommand>();
  CLI::App* journey_command = app.add_subcommand(
      "journey", "Customer journey per persona: phase × thresholds and levers, tension fields");
  add_persona_flags(*journey_command, journey->flags);
  journey_command->add_option("--persona", journey->personas,
                              "Only these personas (number, name or code)");
  journey_command->add_option("--unit", journey->unit, "Where codes meet: paragraph or turn")
      ->check(CLI::IsMember({"paragraph", "turn", "sentence", "document"}))
      ->default_str("paragraph");
  add_output_options(*journey_command, journey->output);
  journey_command->callback([journey, &context] { run_journey(*journey, context); });
}

}  // namespace inzicht::cli
