#include "analysis/case_clusters.hpp"

#include <algorithm>
#include <cassert>
#include <set>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

// Per code, the index of its feature, if it is one.
std::vector<std::optional<std::size_t>> feature_index(const CodingData& data,
                                                      const std::vector<std::size_t>& features) {
  std::vector<std::optional<std::size_t>> index(data.codes().size());
  for (std::size_t f = 0; f < features.size(); ++f) index[features[f]] = f;
  return index;
}

// Adds the codings of each feature in `document` that belong to case `case_index`.
std::vector<std::int64_t> document_counts(const CodingData& data, std::size_t document,
                                          std::size_t case_index,
                                          const std::vector<std::optional<std::size_t>>& index,
                                          const std::vector<bool>& coders,
                                          std::vector<std::int64_t> counts) {
  for (const CodingInfo& coding : data.codings_of(document)) {
    if (coders[coding.coder] && index[coding.code] && coding.case_index == case_index) {
      ++counts[*index[coding.code]];
    }
  }
  return counts;
}

std::vector<double> weigh(const CodingData& data, const ProfileOptions& options,
                          const std::vector<std::size_t>& features,
                          const std::vector<std::int64_t>& counts) {
  std::int64_t total = 0;
  for (std::int64_t count : counts) total += count;
  std::vector<double> row(counts.size());
  for (std::size_t f = 0; f < counts.size(); ++f) {
    double value = 0;
    if (options.value == FeatureValue::presence) {
      value = counts[f] > 0 ? 1.0 : 0.0;
    } else if (total > 0) {
      value = static_cast<double>(counts[f]) / static_cast<double>(total);
    }
    const std::string& path = data.codes()[features[f]].path;
    std::size_t longest = 0;
    double weight = 1;
    for (const auto& [prefix, factor] : options.weights) {
      const bool under = path == prefix || (path.size() > prefix.size() &&
                                            path.starts_with(prefix) && path[prefix.size()] == '/');
      if (under && prefix.size() >= longest) {
        longest = prefix.size();
        weight = factor;
      }
    }
    row[f] = value * weight;
  }
  return row;
}

}  // namespace

FeatureValue parse_feature_value(const std::string& name) {
  if (name == "presence") return FeatureValue::presence;
  if (name == "share") return FeatureValue::share;
  if (name == "raw") return FeatureValue::raw;
  throw InputError("unknown feature value '" + name + "' (use presence, share or raw)");
}

std::vector<std::size_t> select_features(const CodingData& data, const ProfileOptions& options) {
  if (options.value == FeatureValue::raw) {
    throw InputError(
        "--value raw is for a matrix read with --profiles; a case's profile is "
        "presence or share");
  }
  std::vector<std::size_t> features;
  for (std::size_t code : data.select_codes(options.features)) {
    if (data.codes()[code].codable) features.push_back(code);
  }
  for (const auto& [prefix, factor] : options.weights) {
    if (!(factor > 0)) throw InputError("--weight " + prefix + ": the weight must be > 0");
    const std::size_t root = data.code_index(prefix);  // throws for an unknown code
    const bool weighs_a_feature =
        std::any_of(features.begin(), features.end(), [&](std::size_t f) {
          for (std::optional<std::size_t> c = f; c; c = data.codes()[*c].parent) {
            if (*c == root) return true;
          }
          return false;
        });
    if (!weighs_a_feature) {
      throw InputError("--weight " + prefix + ": no feature lies under it; add it to --features");
    }
  }
  return features;
}

Profiles case_profiles(const CodingData& data, const ProfileOptions& options) {
  Profiles profiles;
  profiles.features = select_features(data, options);
  const auto index = feature_index(data, profiles.features);
  const auto coders = data.coder_mask(options.coders);
  const std::vector<bool> admitted = data.cases_where(options.cases);
  std::vector<std::optional<std::size_t>> row_of(data.cases().size());
  for (std::size_t document = 0; document < data.documents().size(); ++document) {
    for (const std::size_t case_index : data.cases_of(document)) {
      if (admitted[case_index]) row_of[case_index] = 0;  // numbered below in case order
    }
  }
  for (std::size_t c : options.leave_out) {
    if (c < row_of.size()) row_of[c].reset();
  }
  for (std::size_t c = 0; c < row_of.size(); ++c) {
    if (!row_of[c]) continue;
    row_of[c] = profiles.cases.size();
    profiles.cases.push_back(c);
  }
  profiles.counts.assign(profiles.cases.size(),
                         std::vector<std::int64_t>(profiles.features.size(), 0));
  for (std::size_t document = 0; document < data.documents().size(); ++document) {
    for (const std::size_t case_index : data.cases_of(document)) {
      if (!row_of[case_index]) continue;
      auto& counts = profiles.counts[*row_of[case_index]];
      counts = document_counts(data, document, case_index, index, coders, std::move(counts));
    }
  }
  for (const auto& counts : profiles.counts) {
    profiles.rows.push_back(weigh(data, options, profiles.features, counts));
  }
  return profiles;
}

std::vector<double> case_profile(const CodingData& data, const ProfileOptions& options,
                                 const Profiles& profiles, std::size_t case_index) {
  const auto index = feature_index(data, profiles.features);
  const auto coders = data.coder_mask(options.coders);
  std::vector<std::int64_t> counts(profiles.features.size(), 0);
  for (std::size_t document = 0; document < data.documents().size(); ++document) {
    const std::vector<std::size_t>& cases = data.cases_of(document);
    if (std::binary_search(cases.begin(), cases.end(), case_index)) {
      counts = document_counts(data, document, case_index, index, coders, std::move(counts));
    }
  }
  return weigh(data, options, profiles.features, counts);
}

std::vector<double> codings_profile(const CodingData& data, const ProfileOptions& options,
                                    const Profiles& profiles, const std::vector<std::size_t>& codes) {
  const auto index = feature_index(data, profiles.features);
  std::vector<std::int64_t> counts(profiles.features.size(), 0);
  for (const std::size_t code : codes) {
    if (code < index.size() && index[code]) ++counts[*index[code]];
  }
  return weigh(data, options, profiles.features, counts);
}

Profiles narrow_profiles(const CodingData& data, const ProfileOptions& options,
                         const Profiles& wide) {
  Profiles profiles;
  profiles.features = select_features(data, options);
  std::vector<std::size_t> column(data.codes().size(), 0);
  for (std::size_t f = 0; f < wide.features.size(); ++f) column[wide.features[f]] = f;
  std::vector<bool> left_out(data.cases().size(), false);
  for (std::size_t c : options.leave_out) {
    if (c < left_out.size()) left_out[c] = true;
  }
  for (std::size_t i = 0; i < wide.cases.size(); ++i) {
    if (left_out[wide.cases[i]]) continue;
    std::vector<std::int64_t> counts;
    for (std::size_t feature : profiles.features) counts.push_back(wide.counts[i][column[feature]]);
    profiles.cases.push_back(wide.cases[i]);
    profiles.rows.push_back(weigh(data, options, profiles.features, counts));
    profiles.counts.push_back(std::move(counts));
  }
  return profiles;
}

CaseClustering cluster_cases(const CodingData& data, const ClusterOptions& options) {
  return cluster_profiles(case_profiles(data, options.profile), options);
}

CaseClustering cluster_profiles(Profiles profiles, const ClusterMethod& method) {
  const std::size_t n = profiles.cases.size();
  if (n < 2) {
    throw InputError("clustering needs at least two cases; " + std::to_string(n) +
                     " match the case filter");
  }
  CaseClustering result{cluster(profiles.rows, method), std::move(profiles)};
  return result;
}

table::Sheet k_sheet(const Clustering& clustering) {
  table::Table k{{"k", "silhouette", "chosen"}, {}};
  if (clustering.choice) {
    for (const KScore& score : clustering.choice->scores) {
      k.rows.push_back({static_cast<std::int64_t>(score.k), score.silhouette,
                        std::string(score.k == clustering.k ? "*" : "")});
    }
  }
  return {"k", std::move(k)};
}

std::vector<table::Sheet> clustering_sheets(const Clustering& clustering,
                                             const std::vector<std::string>& names,
                                             const table::Table& details) {
  const std::size_t n = names.size();
  assert(clustering.labels.size() == n && (details.rows.empty() || details.rows.size() == n));
  table::Table clusters{{"cluster", "case"}, {}};
  clusters.columns.insert(clusters.columns.end(), details.columns.begin(), details.columns.end());
  // Rows by cluster, then item order.
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return clustering.labels[x] < clustering.labels[y];
  });
  for (std::size_t i : order) {
    std::vector<table::Cell> row{static_cast<std::int64_t>(clustering.labels[i] + 1), names[i]};
    if (!details.rows.empty()) {
      row.insert(row.end(), details.rows[i].begin(), details.rows[i].end());
    }
    clusters.rows.push_back(std::move(row));
  }
  auto node = [&](std::size_t id) -> std::string {
    if (id < n) return names[id];
    return "#" + std::to_string(id - n + 1);
  };
  table::Table merges{{"step", "left", "right", "height", "size"}, {}};
  for (std::size_t step = 0; step < clustering.dendrogram.size(); ++step) {
    const Merge& merge = clustering.dendrogram[step];
    merges.rows.push_back({static_cast<std::int64_t>(step + 1), node(merge.left), node(merge.right),
                           merge.height, static_cast<std::int64_t>(merge.size)});
  }
  table::Table silhouette{{"case", "cluster", "silhouette"}, {}};
  for (std::size_t i : order) {
    silhouette.rows.push_back({names[i], static_cast<std::int64_t>(clustering.labels[i] + 1),
                               clustering.silhouettes.values[i]});
  }
  if (clustering.silhouettes.mean) {
    silhouette.rows.push_back(
        {std::string("(mean)"), std::monostate{}, *clustering.silhouettes.mean});
  }
  std::vector<table::Sheet> sheets{{"clusters", std::move(clusters)},
                                    {"merges", std::move(merges)},
                                    {"silhouettes", std::move(silhouette)}};
  if (clustering.choice) sheets.push_back(k_sheet(clustering));
  return sheets;
}

std::vector<table::Sheet> clustering_sheets(const CodingData& data,
                                             const CaseClustering& clustering,
                                             const std::vector<std::string>& show) {
  std::vector<std::string> names;
  table::Table details{show, {}};
  for (const std::size_t case_index : clustering.profiles.cases) {
    names.push_back(data.cases()[case_index].name);
    std::vector<table::Cell> row;
    for (const std::string& name : show) row.emplace_back(data.attribute(case_index, name));
    details.rows.push_back(std::move(row));
  }
  return clustering_sheets(clustering, names, details);
}

}  // namespace inzicht::analysis
