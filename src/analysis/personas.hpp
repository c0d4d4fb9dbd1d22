#pragma once
// Personas: clusters of cases by the codes of one category (by default `ambities`), each
// named after its dominant code and described by the codes that set it apart (lift and
// Fisher's exact test against the other personas), its most common needs, thresholds and
// levers, quotes from its most central case and the cases that show its code as a second
// ambition. Deterministic: the same project and options give the same personas, which is
// how `assign` places a new case without stored state.

#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "analysis/case_clusters.hpp"
#include "codebook/persona_names.hpp"
#include "model/codebook.hpp"
#include "model/document.hpp"

namespace inzicht::analysis {

// Persona names and descriptions from an overrides file (codebook/persona_names.hpp).
using PersonaLabel = codebook::PersonaLabel;
using PersonaLabels = codebook::PersonaLabels;

struct PersonaOptions {
  ClusterOptions cluster;       // features empty: the codes under `by`
  std::string by = "ambities";  // the category that names personas
  std::vector<std::string> top = {"behoeften", "drempels", "hefbomen"};  // absent ones skipped
  std::size_t top_count = 3;                                             // codes per top category
  std::size_t distinguishing_count = 8;
  std::size_t quote_count = 3;
  double secondary_share = 0.2;  // least share of a case's `by` codings for a second persona
  PersonaLabels labels;
  bool default_k = true;  // no --k and no --auto: k = number of dominant codes
  // Placing a case by its words: the stemmer's language and the words not to count
  // (folded, analysis/stopwords.hpp).
  std::string language = "nl";
  std::unordered_set<std::string> stopwords;
};

struct CodeEvidence {
  std::size_t code = 0;
  std::int64_t members_with = 0;  // member cases with a coding of the code
  std::int64_t others_with = 0;   // cases of the other personas with one
  double lift = 0;                // (members_with / members) / (all with / all cases)
  double p = 1;                   // Fisher's exact test, one-sided (over-represented)
};

struct PersonaQuote {
  std::size_t document = 0;
  std::size_t code = 0;
  Span span;
  std::string text;
};

struct SecondaryMember {
  std::size_t case_index = 0;
  double share = 0;  // its codings of the persona's code / its codings under `by`
};

struct Persona {
  std::string name;
  std::string description;           // from the labels, else empty
  std::optional<std::size_t> code;   // the dominant code under `by`
  std::string definition;            // that code's description in the codebook
  std::vector<std::size_t> members;  // case indices
  std::vector<double> centroid;      // mean profile of the members
  std::size_t central_case = 0;      // the member nearest the centroid (first on ties)
  std::vector<CodeEvidence> distinguishing;
  std::vector<std::pair<std::string, std::vector<CodeEvidence>>> top;  // category → codes
  std::vector<PersonaQuote> quotes;  // whole sentences of the central case; see docs/cli.md
  std::vector<SecondaryMember> secondary;
};

struct PersonaSet {
  CaseClustering clustering;
  std::vector<std::optional<std::size_t>> dominant;  // per clustered case: its top `by` code
  std::vector<std::vector<std::int64_t>> by_counts;  // per clustered case: codings per `by` code
  std::vector<std::size_t> by_codes;                 // the codable codes under `by`
  std::vector<Persona> personas;                     // in cluster order
  std::vector<std::size_t> unplaced;                 // cases without a coding among the features
};

// Clusters the cases as `options.cluster` says (k: --k, --auto, or the number of distinct
// dominant codes) and builds one persona per cluster. A case's dominant code is the `by`
// code it has most codings of (codebook order on ties); a cluster's is the one its members
// have most codings of together. Cases without a coding among the clustered features are
// left out and listed as unplaced. Distinguishing codes: codable codes held by at least two
// members with lift > 1, by p then lift. Throws as cluster_cases, and NotFoundError when
// `by` is not a code.
PersonaSet personas(const CodingData& data, const model::Codebook& codebook,
                    const PersonaOptions& options);

struct Placement {
  std::size_t persona = 0;
  // From the case's profile to the persona's centroid; placed by text, 1 − the similarity
  // of the case's words to the persona members' words.
  double distance = 0;
};

// Places case `case_index` against personas built from the other cases with `options`:
// every persona by increasing distance (persona order on ties). Throws NotFoundError for
// an unknown case name in the CLI; here `case_index` must be valid.
std::vector<Placement> assign_case(const CodingData& data, const model::Codebook& codebook,
                                   PersonaOptions options, std::size_t case_index,
                                   PersonaSet* personas_out = nullptr);

// How to place a case: by its codings of the clustered codes; by the codings the
// codebook's rules would make in its documents (none stored); by its words; or
// automatically: by codings when it has any (`CaseAssignment::kFewCodings`), else by rules
// when they find any, else by words.
enum class PlaceBy { automatic, codings, rules, text };
// "auto", "codings", "rules" or "text"; throws InputError otherwise.
PlaceBy parse_place_by(const std::string& name);

struct CaseAssignment {
  // Fewer codings of the clustered codes than this: placed by rules, else by text. One
  // coding of an ambition is direct evidence, words only indirect (in the corpus's
  // leave-one-provider-out, each case with one coding was placed right by it).
  static constexpr std::int64_t kFewCodings = 1;
  PlaceBy by = PlaceBy::codings;                   // codings, rules or text: how it was placed
  std::int64_t codings = 0;  // the case's codings of the clustered codes
  std::int64_t rule_codings = 0;  // by rules: the codings the rules would make of them
  std::vector<Placement> placements;  // every persona, nearest first
  // How sure: placed by codings, 1 − the distance to the nearest persona; by text, how far
  // the best similarity stands above the second, (s1 − s2) / s1.
  double confidence = 0;
  // What decided: by text, the sentence that fits the nearest persona's code best (quoted)
  // and the case's words that weigh most for that persona against the runner-up; by
  // codings, the clustered codes the case has.
  std::vector<std::string> reasons;
};

// Places case `case_index` as `by` says. By text: each persona's profile of words is the
// mean of its members' (the respondents' words of their documents, folded and stemmed,
// words alone, not pairs, weighted by inverse document frequency among the clustered
// cases, words of only one case left out), compared by cosine; and the case's best three
// sentences against the codebook's words for the persona's code (description, inclusion
// criteria, examples, rule terms). The mean of the two similarities decides. Throws
// InputError when the case cannot be placed: no coding of the clustered codes when placing
// by codings, no respondent words when by text. By rules: `documents` are the case's
// documents (as the store loads them); the clustered codes' rules code them as `autocode`
// would (project language `options.language`), and those codings place the case as its own
// would; reasons are the codes found, each with the words that matched first. InputError
// when no rule of a clustered code finds anything.
CaseAssignment place_case(const CodingData& data, const model::Codebook& codebook,
                          PersonaOptions options, std::size_t case_index, PlaceBy by,
                          PersonaSet* personas_out = nullptr,
                          const std::vector<model::Document>& documents = {});

// Sheets "personas" (persona, name, code, size, central_case, silhouette, definition,
// description, the `show` attributes summarised as "value n, …"), "members" (persona,
// case, role member|secondary|unplaced, share, dominant, the `show` attributes), "distinguishing"
// (persona, code, members_with, members, others_with, others, lift, p), "top" (persona,
// category, rank, code, cases, share), "quotes" (persona, case, document, code, quote)
// and, with --auto, "k" (k, silhouette, chosen) as clustering_sheets.
std::vector<table::Sheet> persona_sheets(const CodingData& data, const PersonaSet& set,
                                          const std::vector<std::string>& show);

}  // namespace inzicht::analysis
