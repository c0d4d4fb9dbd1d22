#pragma once
// Clustering of cases by their coding profile, the `inzicht cluster` command's core and
// the first step of personas: one feature per codable code under chosen prefixes, valued
// by presence or by the code's share of the case's codings in those features, weighted
// per prefix, then cluster.hpp's distances, agglomeration, cut and silhouettes.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/cluster.hpp"
#include "analysis/coding_data.hpp"
#include "report/table.hpp"

namespace inzicht::analysis {

enum class FeatureValue { presence, share };
// "presence" or "share"; throws InputError otherwise.
FeatureValue parse_feature_value(const std::string& name);

struct ProfileOptions {
  std::vector<std::pair<std::string, std::string>> cases;  // ATTR=VALUE; empty: every case
  std::vector<std::string> features;                       // code prefixes; empty: every code
  std::vector<std::pair<std::string, double>> weights;     // prefix → factor on its features
  FeatureValue value = FeatureValue::share;
  std::vector<std::string> coders;     // empty: every coder
  std::vector<std::size_t> leave_out;  // case indices left out (a case being assigned)
};

// The cases with a document that `cases` admits (in case order), the features (codable
// codes under the prefixes, codebook order), the codings each case has of each feature
// and the profile rows. A share is the feature's codings over the case's codings of all
// features (0 for a case with none); a weight multiplies the value of every feature under
// its prefix (the longest matching prefix wins).
struct Profiles {
  std::vector<std::size_t> cases;
  std::vector<std::size_t> features;
  std::vector<std::vector<std::int64_t>> counts;  // [case][feature]
  std::vector<std::vector<double>> rows;          // [case][feature]
};

// Throws NotFoundError for an unknown code or coder, InputError for an unknown attribute,
// a weight not > 0 or a weight whose prefix is not a feature prefix.
Profiles case_profiles(const CodingData& data, const ProfileOptions& options);
// One profile row for case `case_index` (need not be among the filtered cases), valued
// as `case_profiles` would.
std::vector<double> case_profile(const CodingData& data, const ProfileOptions& options,
                                 const Profiles& profiles, std::size_t case_index);

struct ClusterOptions {
  ProfileOptions profile;
  Distance distance = Distance::cosine;
  Linkage linkage = Linkage::average;
  std::optional<std::size_t> k;  // empty with choose: pick by silhouette; empty otherwise: 2
  bool choose = false;           // --auto: k from 2 to n−1 with the best mean silhouette
};

struct CaseClustering {
  Profiles profiles;
  DistanceMatrix distances;
  Dendrogram dendrogram;
  std::size_t k = 0;
  std::vector<std::size_t> labels;  // per profile case, numbered 0.. as cut() numbers them
  Silhouettes silhouettes;
  std::optional<KChoice> choice;  // with `choose`
};

// Profiles, distances, average/complete/single/ward agglomeration and the cut into k
// clusters (k clamped to the number of cases). Throws InputError for Ward's method with a
// distance other than euclidean (its update assumes Euclidean geometry), for fewer than
// two cases, and for k = 0.
CaseClustering cluster_cases(const CodingData& data, const ClusterOptions& options);

// Sheet "k": each k tried by `--auto` with its mean silhouette, "*" on the k used.
report::Sheet k_sheet(const CaseClustering& clustering);

// Sheets "clusters" (cluster, case, the attributes in `show`), "merges" (step, left,
// right, height, size; a leaf is named by its case, a cluster "#n" by its merge step),
// "silhouettes" (case, cluster, silhouette) and, with a choice of k, "k" (k, silhouette,
// chosen: "*" on the k used).
std::vector<report::Sheet> clustering_sheets(const CodingData& data,
                                             const CaseClustering& clustering,
                                             const std::vector<std::string>& show);

}  // namespace inzicht::analysis
