#pragma once
// Agglomerative hierarchical clustering of cases by their coding profile (one vector per
// case: presence 0/1 of each code, or each code's share of the case's codings), the first
// step towards personas. Pure and exact: distances follow scipy.spatial.distance, the
// dendrogram is scipy's linkage matrix, merges use the exact Lance–Williams updates and a
// documented tie-breaking rule, so a result can be checked by hand or against scipy. No
// function here returns NaN. Ward's method is meant for Euclidean distances, as in scipy.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace inzicht::analysis {

enum class Distance { jaccard, cosine, euclidean };
enum class Linkage { average, complete, single, ward };

// "jaccard", "cosine" or "euclidean"; throws InputError listing these otherwise.
Distance parse_distance(const std::string& name);
// "average", "complete", "single" or "ward"; throws InputError listing these otherwise.
Linkage parse_linkage(const std::string& name);
std::string to_string(Distance distance);
std::string to_string(Linkage linkage);

// Symmetric distances between `size()` items, stored condensed: the upper triangle row by
// row, as scipy's pdist returns it. Every value is finite and non-negative; the diagonal
// is 0.
class DistanceMatrix {
 public:
  DistanceMatrix() = default;  // no items
  // `n` items and their `condensed` distances d(0,1), d(0,2), …, d(0,n−1), d(1,2), …,
  // d(n−2,n−1). Throws InputError unless there are n(n−1)/2 values, each finite and ≥ 0.
  DistanceMatrix(std::size_t n, std::vector<double> condensed);

  std::size_t size() const { return n_; }
  // d(i, j) for `i`, `j` < size(); 0 when i == j.
  double operator()(std::size_t i, std::size_t j) const;
  const std::vector<double>& condensed() const { return condensed_; }

 private:
  std::size_t n_ = 0;
  std::vector<double> condensed_;
};

// Distances between every pair of `profiles`, defined as in scipy.spatial.distance:
// - jaccard on the boolean view (nonzero = present): positions where exactly one is
//   nonzero / positions where at least one is; 0 when both are all-zero. (This is scipy's
//   jaccard of `u != 0` and `v != 0`; scipy's jaccard of unconverted shares differs.)
// - cosine: 1 − u·v/(|u||v|), clamped to [0, 2] against rounding. Where scipy yields NaN
//   we define it: 0 when both vectors are zero (nothing tells them apart), 1 when exactly
//   one is (as for two orthogonal vectors).
// - euclidean: |u − v|.
// Throws InputError when the rows differ in length or a value is not finite.
DistanceMatrix distances(const std::vector<std::vector<double>>& profiles, Distance distance);

// One row of scipy's linkage matrix: clusters `left` < `right` joined at `height` into a
// cluster of `size` items. Items are clusters 0..n−1; merge i forms cluster n+i.
struct Merge {
  std::size_t left = 0;
  std::size_t right = 0;
  double height = 0;
  std::size_t size = 0;
};
using Dendrogram = std::vector<Merge>;

// Merges the two nearest clusters n−1 times, updating distances by the Lance–Williams
// formula of `linkage` (single: min; complete: max; average: mean weighted by size, UPGMA;
// ward: as scipy, on unsquared distances, d(k, i∪j) = sqrt(((n_i+n_k) d_ki² +
// (n_j+n_k) d_kj² − n_k d_ij²)/(n_i+n_j+n_k))).
// Ties: among the pairs at exactly the minimal distance (no epsilon), the pair whose
// smaller cluster id is smallest is merged, then the one whose larger id is smallest.
// Heights never decrease: a distance updated after merging at height h is never taken
// below h, which these four linkages guarantee in exact arithmetic and which only
// corrects rounding. Returns no merges for 0 or 1 items. O(n²) memory, O(n²) time
// typically and O(n³) at worst.
Dendrogram agglomerate(const DistanceMatrix& distances, Linkage linkage);

// Flat clusters of the `n` items of `dendrogram` from undoing its last `k`−1 merges: one
// label per item, numbered 0.. in order of each cluster's smallest item. Throws
// InputError unless 1 ≤ `k` ≤ `n` and `dendrogram` is n−1 valid merges of n items.
std::vector<std::size_t> cut(const Dendrogram& dendrogram, std::size_t n, std::size_t k);

struct Silhouettes {
  std::vector<double> values;  // one per item, in [−1, 1]
  std::optional<double> mean;  // empty unless 2 ≤ number of clusters ≤ n−1
};

// Silhouette of each item under `labels` (one per item; any values, equal = same
// cluster), after Rousseeuw (1987): s = (b − a)/max(a, b), with a the mean distance to
// the other items of its own cluster and b the smallest mean distance to another
// cluster. An item alone in its cluster has s = 0 (Rousseeuw's convention, as sklearn),
// so does an item with a = b = 0, and every item when there is only one cluster. The
// mean is undefined, hence empty, for one cluster and for n clusters of one item each
// (sklearn's silhouette_score refuses both). Throws InputError when `labels` and
// `distances` differ in size.
Silhouettes silhouettes(const DistanceMatrix& distances, const std::vector<std::size_t>& labels);

struct KScore {
  std::size_t k = 0;
  double silhouette = 0;  // mean silhouette of cut(dendrogram, n, k)
};

struct KChoice {
  std::vector<KScore> scores;       // by increasing k
  std::optional<std::size_t> best;  // highest mean silhouette, ties → smaller k
};

// Cuts `dendrogram` (of the items of `distances`) at every k from `k_min` to `k_max`,
// clamped to 2..n−1 where the mean silhouette is defined, and scores each. Empty scores
// and best when no k remains. Throws InputError when `k_min` > `k_max` or the dendrogram
// does not have n−1 merges.
KChoice choose_k(const DistanceMatrix& distances, const Dendrogram& dendrogram, std::size_t k_min,
                 std::size_t k_max);

// How to cluster: the distance, the linkage and how many clusters to cut.
struct ClusterMethod {
  Distance distance = Distance::cosine;
  Linkage linkage = Linkage::average;
  std::optional<std::size_t> k;  // empty with choose: pick by silhouette; empty otherwise: 2
  bool choose = false;           // --auto: k from 2 to n−1 with the best mean silhouette
};

// A clustering of n items: their distances, the dendrogram, the cut into k clusters
// (labels numbered 0.. as cut() numbers them), its silhouettes and, with `choose`, every
// k's score.
struct Clustering {
  DistanceMatrix distances;
  Dendrogram dendrogram;
  std::size_t k = 0;
  std::vector<std::size_t> labels;
  Silhouettes silhouettes;
  std::optional<KChoice> choice;
};

// Distances between `rows` by `method.distance`, agglomeration by `method.linkage` and the
// cut into `method.k` clusters (clamped to the number of rows), else the k `choose_k`
// picks, else 2. Throws InputError for Ward's method with a distance other than euclidean
// (its update assumes Euclidean geometry), for k = 0, for fewer than two rows, and as
// `distances` does.
Clustering cluster(const std::vector<std::vector<double>>& rows, const ClusterMethod& method);

}  // namespace inzicht::analysis
