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
#include "table/table.hpp"

namespace inzicht::analysis {

// What a feature's value is: 0/1 for present or not; its share of the row's total; or, for
// a matrix read with --profiles only, the value as given.
enum class FeatureValue { presence, share, raw };
// "presence", "share" or "raw"; throws InputError otherwise.
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
// a weight not > 0, a weight whose prefix is not a feature prefix, or FeatureValue::raw
// (a case's profile is valued by presence or share).
Profiles case_profiles(const CodingData& data, const ProfileOptions& options);
// The profiles of `options` made from `wide`, profiles of the same cases over every codable
// code (or at least over the features of `options`), without walking the codings again:
// counts are taken from `wide`, cases in `options.leave_out` are dropped. Throws as
// case_profiles.
Profiles narrow_profiles(const CodingData& data, const ProfileOptions& options,
                         const Profiles& wide);
// One profile row for case `case_index` (need not be among the filtered cases), valued
// as `case_profiles` would.
std::vector<double> case_profile(const CodingData& data, const ProfileOptions& options,
                                 const Profiles& profiles, std::size_t case_index);
// One profile row from codings given by their codes (indices into data.codes(), one entry
// per coding), valued as `case_profile` values a case's codings.
std::vector<double> codings_profile(const CodingData& data, const ProfileOptions& options,
                                    const Profiles& profiles, const std::vector<std::size_t>& codes);

// The method, and the cases and features it clusters by.
struct ClusterOptions : ClusterMethod {
  ProfileOptions profile;
};

// A clustering of the profile cases: item i is profiles.cases[i].
struct CaseClustering : Clustering {
  Profiles profiles;
};

// Profiles, then cluster() on their rows. Throws as case_profiles and cluster, and
// InputError for fewer than two cases.
CaseClustering cluster_cases(const CodingData& data, const ClusterOptions& options);
// cluster() on the rows of `profiles`. Throws InputError for fewer than two cases.
CaseClustering cluster_profiles(Profiles profiles, const ClusterMethod& method);

// Sheet "k": each k tried by `--auto` with its mean silhouette, "*" on the k used.
table::Sheet k_sheet(const Clustering& clustering);

// Sheets "clusters" (cluster, case, then the columns of `details`), "merges" (step, left,
// right, height, size; a leaf is named by its item, a cluster "#n" by its merge step),
// "silhouettes" (case, cluster, silhouette, and a last row "(mean)" where it is defined)
// and, with a choice of k, "k", for a clustering of the items named `names` (one per item).
// `details` has no rows or one per item. Rows are by cluster, then item order.
std::vector<table::Sheet> clustering_sheets(const Clustering& clustering,
                                             const std::vector<std::string>& names,
                                             const table::Table& details = {});

// The sheets above for cases, named by case, with the attributes in `show` in "clusters".
std::vector<table::Sheet> clustering_sheets(const CodingData& data,
                                             const CaseClustering& clustering,
                                             const std::vector<std::string>& show);

}  // namespace inzicht::analysis
