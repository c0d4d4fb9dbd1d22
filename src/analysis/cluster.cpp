#include "analysis/cluster.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

// Position of d(i, j), i < j, in a condensed matrix of `n` items (scipy's order).
std::size_t condensed_index(std::size_t n, std::size_t i, std::size_t j) {
  assert(i < j && j < n);
  return n * i - i * (i + 1) / 2 + (j - i - 1);
}

double jaccard(const std::vector<double>& u, const std::vector<double>& v) {
  std::size_t either = 0, one = 0;
  for (std::size_t p = 0; p < u.size(); ++p) {
    const bool x = u[p] != 0, y = v[p] != 0;
    either += x || y;
    one += x != y;
  }
  return either == 0 ? 0.0 : static_cast<double>(one) / static_cast<double>(either);
}

double cosine(const std::vector<double>& u, const std::vector<double>& v) {
  double uv = 0, uu = 0, vv = 0;
  for (std::size_t p = 0; p < u.size(); ++p) {
    uv += u[p] * v[p];
    uu += u[p] * u[p];
    vv += v[p] * v[p];
  }
  // scipy gives NaN for a zero vector; two empty profiles are alike, one empty profile is as
  // unlike a non-empty one as two orthogonal profiles are.
  if (uu == 0 && vv == 0) return 0;
  if (uu == 0 || vv == 0) return 1;
  return std::clamp(1.0 - uv / std::sqrt(uu * vv), 0.0, 2.0);
}

double euclidean(const std::vector<double>& u, const std::vector<double>& v) {
  double sum = 0;
  for (std::size_t p = 0; p < u.size(); ++p) sum += (u[p] - v[p]) * (u[p] - v[p]);
  return std::sqrt(sum);
}

// Lance–Williams: the distance from cluster k to the union of clusters i and j, which were
// at distance `d_ij` and had `n_i`, `n_j`, `n_k` items.
double lance_williams(Linkage linkage, double d_ki, double d_kj, double d_ij, std::size_t n_i,
                      std::size_t n_j, std::size_t n_k) {
  const auto ni = static_cast<double>(n_i), nj = static_cast<double>(n_j),
             nk = static_cast<double>(n_k);
  switch (linkage) {
    case Linkage::single:
      return std::min(d_ki, d_kj);
    case Linkage::complete:
      return std::max(d_ki, d_kj);
    case Linkage::average:
      return (ni * d_ki + nj * d_kj) / (ni + nj);
    case Linkage::ward:
      return std::sqrt(((ni + nk) * d_ki * d_ki + (nj + nk) * d_kj * d_kj - nk * d_ij * d_ij) /
                       (ni + nj + nk));
  }
  return 0;  // not reached
}

// A possible merge, ordered by the documented rule: distance, then smaller id, then larger.
struct Candidate {
  double distance;
  std::size_t lo, hi;
  bool operator<(const Candidate& other) const {
    if (distance != other.distance) return distance < other.distance;
    if (lo != other.lo) return lo < other.lo;
    return hi < other.hi;
  }
};

}  // namespace

Distance parse_distance(const std::string& name) {
  if (name == "jaccard") return Distance::jaccard;
  if (name == "cosine") return Distance::cosine;
  if (name == "euclidean") return Distance::euclidean;
  throw InputError("unknown distance '" + name + "' (use jaccard, cosine or euclidean)");
}

Linkage parse_linkage(const std::string& name) {
  if (name == "average") return Linkage::average;
  if (name == "complete") return Linkage::complete;
  if (name == "single") return Linkage::single;
  if (name == "ward") return Linkage::ward;
  throw InputError("unknown linkage '" + name + "' (use average, complete, single or ward)");
}

std::string to_string(Distance distance) {
  switch (distance) {
    case Distance::jaccard:
      return "jaccard";
    case Distance::cosine:
      return "cosine";
    case Distance::euclidean:
      return "euclidean";
  }
  return "";  // not reached
}

std::string to_string(Linkage linkage) {
  switch (linkage) {
    case Linkage::average:
      return "average";
    case Linkage::complete:
      return "complete";
    case Linkage::single:
      return "single";
    case Linkage::ward:
      return "ward";
  }
  return "";  // not reached
}

DistanceMatrix::DistanceMatrix(std::size_t n, std::vector<double> condensed)
    : n_(n), condensed_(std::move(condensed)) {
  const std::size_t expected = n < 2 ? 0 : n * (n - 1) / 2;
  if (condensed_.size() != expected)
    throw InputError("a distance matrix of " + std::to_string(n) + " items needs " +
                     std::to_string(expected) + " distances, not " +
                     std::to_string(condensed_.size()));
  for (const double d : condensed_)
    if (!std::isfinite(d) || d < 0)
      throw InputError("a distance must be finite and non-negative, not " + std::to_string(d));
}

double DistanceMatrix::operator()(std::size_t i, std::size_t j) const {
  assert(i < n_ && j < n_);
  if (i == j) return 0;
  return i < j ? condensed_[condensed_index(n_, i, j)] : condensed_[condensed_index(n_, j, i)];
}

DistanceMatrix distances(const std::vector<std::vector<double>>& profiles, Distance distance) {
  const std::size_t n = profiles.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (profiles[i].size() != profiles[0].size())
      throw InputError("profile " + std::to_string(i) + " has " +
                       std::to_string(profiles[i].size()) + " values, profile 0 has " +
                       std::to_string(profiles[0].size()));
    for (const double x : profiles[i])
      if (!std::isfinite(x))
        throw InputError("profile " + std::to_string(i) + " holds a value that is not finite");
  }
  std::vector<double> condensed;
  condensed.reserve(n < 2 ? 0 : n * (n - 1) / 2);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      switch (distance) {
        case Distance::jaccard:
          condensed.push_back(jaccard(profiles[i], profiles[j]));
          break;
        case Distance::cosine:
          condensed.push_back(cosine(profiles[i], profiles[j]));
          break;
        case Distance::euclidean:
          condensed.push_back(euclidean(profiles[i], profiles[j]));
          break;
      }
    }
  }
  return DistanceMatrix(n, std::move(condensed));
}

Dendrogram agglomerate(const DistanceMatrix& distances, Linkage linkage) {
  const std::size_t n = distances.size();
  Dendrogram merges;
  if (n < 2) return merges;
  merges.reserve(n - 1);

  // Slot s holds one live cluster; a merge keeps the union in one slot and frees the other.
  std::vector<double> d = distances.condensed();
  const auto at = [&](std::size_t a, std::size_t b) -> double& {
    return a < b ? d[condensed_index(n, a, b)] : d[condensed_index(n, b, a)];
  };
  std::vector<std::size_t> id(n), size(n, 1), live(n), nearest(n);
  std::iota(id.begin(), id.end(), 0);
  std::iota(live.begin(), live.end(), 0);
  const auto candidate = [&](std::size_t a, std::size_t b) {
    return Candidate{at(a, b), std::min(id[a], id[b]), std::max(id[a], id[b])};
  };
  const auto find_nearest = [&](std::size_t a) {
    bool found = false;
    Candidate best{};
    for (const std::size_t b : live) {
      if (b == a) continue;
      const Candidate c = candidate(a, b);
      if (!found || c < best) {
        best = c;
        nearest[a] = b;
        found = true;
      }
    }
  };
  for (const std::size_t a : live) find_nearest(a);

  // Each live slot knows its best partner under the total order of Candidate, so the best
  // pair overall is the best of these. A merge changes only distances to the union: a slot
  // whose partner survives keeps it unless the union beats it; the others search again.
  std::vector<std::size_t> stale;
  for (std::size_t step = 0; step + 1 < n; ++step) {
    std::size_t a = live.front();
    Candidate best = candidate(a, nearest[a]);
    for (const std::size_t s : live) {
      const Candidate c = candidate(s, nearest[s]);
      if (c < best) {
        best = c;
        a = s;
      }
    }
    const std::size_t b = nearest[a];
    const double height = best.distance;
    merges.push_back(Merge{best.lo, best.hi, height, size[a] + size[b]});

    for (const std::size_t k : live) {
      if (k == a || k == b) continue;
      // In exact arithmetic these linkages never update below the merge height; holding
      // that against rounding keeps the heights monotone.
      at(a, k) = std::max(
          height, lance_williams(linkage, at(a, k), at(b, k), height, size[a], size[b], size[k]));
    }
    live.erase(std::find(live.begin(), live.end(), b));
    id[a] = n + step;
    size[a] += size[b];

    stale.clear();
    for (const std::size_t k : live) {
      if (k == a) continue;
      if (nearest[k] == a || nearest[k] == b)
        stale.push_back(k);
      else if (candidate(k, a) < candidate(k, nearest[k]))
        nearest[k] = a;
    }
    for (const std::size_t k : stale) find_nearest(k);
    if (live.size() > 1) find_nearest(a);
  }
  return merges;
}

std::vector<std::size_t> cut(const Dendrogram& dendrogram, std::size_t n, std::size_t k) {
  if (k < 1 || k > n)
    throw InputError("cannot cut " + std::to_string(n) + " items into " + std::to_string(k) +
                     " clusters (k must be between 1 and the number of items)");
  if (dendrogram.size() != n - 1)
    throw InputError("a dendrogram of " + std::to_string(n) + " items has " +
                     std::to_string(n - 1) + " merges, not " + std::to_string(dendrogram.size()));
  std::vector<std::size_t> size(2 * n - 1, 1);
  std::vector<bool> merged(2 * n - 1, false);
  for (std::size_t i = 0; i < dendrogram.size(); ++i) {
    const Merge& m = dendrogram[i];
    if (!(m.left < m.right && m.right < n + i) || merged[m.left] || merged[m.right] ||
        m.size != size[m.left] + size[m.right])
      throw InputError("merge " + std::to_string(i) + " of the dendrogram is not valid");
    merged[m.left] = merged[m.right] = true;
    size[n + i] = m.size;
  }

  // A merge always forms a higher id than its parts, so roots resolve from the top down.
  const std::size_t clusters = 2 * n - k;  // items plus the merges kept
  std::vector<std::size_t> root(clusters);
  std::iota(root.begin(), root.end(), 0);
  for (std::size_t i = n - k; i-- > 0;) {
    const Merge& m = dendrogram[i];
    root[m.left] = root[m.right] = root[n + i];
  }
  std::vector<std::size_t> labels(n);
  std::map<std::size_t, std::size_t> label_of_root;
  for (std::size_t item = 0; item < n; ++item)
    labels[item] = label_of_root.emplace(root[item], label_of_root.size()).first->second;
  return labels;
}

Silhouettes silhouettes(const DistanceMatrix& distances, const std::vector<std::size_t>& labels) {
  const std::size_t n = distances.size();
  if (labels.size() != n)
    throw InputError(std::to_string(labels.size()) + " labels for " + std::to_string(n) + " items");
  std::map<std::size_t, std::size_t> dense;
  std::vector<std::size_t> cluster(n);
  for (std::size_t i = 0; i < n; ++i)
    cluster[i] = dense.emplace(labels[i], dense.size()).first->second;
  const std::size_t m = dense.size();
  std::vector<std::size_t> count(m, 0);
  for (const std::size_t c : cluster) ++count[c];

  Silhouettes result;
  result.values.assign(n, 0.0);
  if (m < 2) return result;
  std::vector<double> sum(m);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t own = cluster[i];
    if (count[own] == 1) continue;
    std::fill(sum.begin(), sum.end(), 0.0);
    for (std::size_t j = 0; j < n; ++j)
      if (j != i) sum[cluster[j]] += distances(i, j);
    const double a = sum[own] / static_cast<double>(count[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < m; ++c)
      if (c != own) b = std::min(b, sum[c] / static_cast<double>(count[c]));
    const double scale = std::max(a, b);
    result.values[i] = scale > 0 ? (b - a) / scale : 0.0;
  }
  if (m < n)
    result.mean =
        std::accumulate(result.values.begin(), result.values.end(), 0.0) / static_cast<double>(n);
  return result;
}

KChoice choose_k(const DistanceMatrix& distances, const Dendrogram& dendrogram, std::size_t k_min,
                 std::size_t k_max) {
  if (k_min > k_max)
    throw InputError("the smallest k (" + std::to_string(k_min) + ") exceeds the largest (" +
                     std::to_string(k_max) + ")");
  const std::size_t n = distances.size();
  if (dendrogram.size() != (n == 0 ? 0 : n - 1))
    throw InputError("the dendrogram has " + std::to_string(dendrogram.size()) + " merges for " +
                     std::to_string(n) + " items");
  KChoice choice;
  if (n < 3) return choice;
  double best = 0;
  for (std::size_t k = std::max<std::size_t>(k_min, 2); k <= std::min(k_max, n - 1); ++k) {
    const double mean = *silhouettes(distances, cut(dendrogram, n, k)).mean;
    choice.scores.push_back(KScore{k, mean});
    if (!choice.best || mean > best) {
      choice.best = k;
      best = mean;
    }
  }
  return choice;
}

Clustering cluster(const std::vector<std::vector<double>>& rows, const ClusterMethod& method) {
  if (method.linkage == Linkage::ward && method.distance != Distance::euclidean) {
    throw InputError(
        "--linkage ward needs --distance euclidean: Ward's update assumes "
        "Euclidean distances (as scipy); use average or complete with " +
        to_string(method.distance));
  }
  if (method.k && *method.k == 0) throw InputError("--k must be at least 1");
  const std::size_t n = rows.size();
  if (n < 2) throw InputError("clustering needs at least two items, not " + std::to_string(n));
  Clustering result;
  result.distances = distances(rows, method.distance);
  result.dendrogram = agglomerate(result.distances, method.linkage);
  // choose_k clamps to 2..n−1 itself: two items leave no k to choose, which is no error.
  if (method.choose) result.choice = choose_k(result.distances, result.dendrogram, 2, n);
  if (method.k) {
    result.k = std::min(*method.k, n);
  } else if (result.choice && result.choice->best) {
    result.k = *result.choice->best;
  } else {
    result.k = 2;
  }
  result.labels = cut(result.dendrogram, n, result.k);
  result.silhouettes = silhouettes(result.distances, result.labels);
  return result;
}

}  // namespace inzicht::analysis
