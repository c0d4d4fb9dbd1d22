#include "analysis/cluster.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "model/error.hpp"

using namespace inzicht;
using namespace inzicht::analysis;

namespace {

constexpr Linkage kLinkages[] = {Linkage::average, Linkage::complete, Linkage::single,
                                 Linkage::ward};

void check_merges(const Dendrogram& actual, const std::vector<Merge>& expected) {
  REQUIRE(actual.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(actual[i].left == expected[i].left);
    CHECK(actual[i].right == expected[i].right);
    CHECK(std::abs(actual[i].height - expected[i].height) <= 1e-12);
    CHECK(actual[i].size == expected[i].size);
  }
}

// The five bacteria a..e of Wikipedia's worked examples in "UPGMA", "Single-linkage
// clustering" and "Complete-linkage clustering" (5S rRNA distances), in scipy's order:
// ab ac ad ae bc bd be cd ce de.
const DistanceMatrix kBacteria(5, {17, 21, 31, 23, 30, 34, 21, 28, 39, 43});

// The distances of the five objects in the single and complete linkage example of Everitt,
// Landau, Leese and Stahl, "Cluster Analysis", 5th ed., sect. 4.2, in scipy's order:
// d12 d13 d14 d15 d23 d24 d25 d34 d35 d45. The merges expected below are worked by hand.
const DistanceMatrix kEveritt(5, {2, 6, 10, 9, 5, 9, 8, 4, 5, 3});

// The documented rule by brute force: every live pair compared at every step, with the
// same Lance–Williams arithmetic, so it checks the search and its ties, not the formulas.
Dendrogram brute_force(const DistanceMatrix& m, Linkage linkage) {
  const std::size_t n = m.size();
  std::vector<std::vector<double>> d(n, std::vector<double>(n));
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) d[i][j] = m(i, j);
  std::vector<std::size_t> id(n), size(n, 1);
  std::vector<bool> live(n, true);
  for (std::size_t i = 0; i < n; ++i) id[i] = i;
  Dendrogram merges;
  for (std::size_t step = 0; step + 1 < n; ++step) {
    std::size_t a = 0, b = 0;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        if (i == j || !live[i] || !live[j] || id[i] > id[j]) continue;
        if (d[i][j] < best ||
            (d[i][j] == best && (id[i] < id[a] || (id[i] == id[a] && id[j] < id[b])))) {
          best = d[i][j];
          a = i;
          b = j;
        }
      }
    merges.push_back({id[a], id[b], best, size[a] + size[b]});
    const double ni = static_cast<double>(size[a]), nj = static_cast<double>(size[b]);
    for (std::size_t k = 0; k < n; ++k) {
      if (!live[k] || k == a || k == b) continue;
      const double x = d[k][a], y = d[k][b], nk = static_cast<double>(size[k]);
      const double u = linkage == Linkage::single     ? std::min(x, y)
                       : linkage == Linkage::complete ? std::max(x, y)
                       : linkage == Linkage::average
                           ? (ni * x + nj * y) / (ni + nj)
                           : std::sqrt(((ni + nk) * x * x + (nj + nk) * y * y - nk * best * best) /
                                       (ni + nj + nk));
      d[k][a] = d[a][k] = std::max(u, best);
    }
    live[b] = false;
    id[a] = n + step;
    size[a] += size[b];
  }
  return merges;
}

}  // namespace

TEST_SUITE("analysis") {
  TEST_CASE("distance and linkage names parse and print back") {
    for (const auto* name : {"jaccard", "cosine", "euclidean"})
      CHECK(to_string(parse_distance(name)) == name);
    for (const auto* name : {"average", "complete", "single", "ward"})
      CHECK(to_string(parse_linkage(name)) == name);
    CHECK_THROWS_WITH_AS(parse_distance("manhattan"),
                         "unknown distance 'manhattan' (use jaccard, cosine or euclidean)",
                         InputError);
    CHECK_THROWS_WITH_AS(parse_linkage("centroid"),
                         "unknown linkage 'centroid' (use average, complete, single or ward)",
                         InputError);
  }

  TEST_CASE("jaccard compares which codes are present, not their shares") {
    // Present in u: 0, 2, 3; in v: 2, 3, 4. Exactly one: {0, 4}; either: {0, 2, 3, 4} → 1/2.
    // (scipy's jaccard of the raw shares counts position 3, 1 ≠ 0.5, too: 3/4.)
    const auto m = distances({{1, 0, 1, 1, 0}, {0, 0, 1, 0.5, 2}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}},
                             Distance::jaccard);
    CHECK(m(0, 1) == 0.5);
    CHECK(m(1, 0) == m(0, 1));
    CHECK(m(0, 2) == 1);  // one profile empty
    CHECK(m(2, 3) == 0);  // both empty: scipy's convention
    CHECK(m(1, 1) == 0);
  }

  TEST_CASE("cosine and euclidean distances match a hand computation, zero profiles included") {
    // u = (1,2,2), v = (2,0,1): u·v = 4, |u| = 3, |v| = √5; u − v = (−1,2,1), |u − v| = √6.
    const std::vector<std::vector<double>> profiles = {
        {1, 2, 2}, {2, 0, 1}, {0, 0, 0}, {0, 0, 0}, {0.1, 0.2, 0.3}};
    const auto cos = distances(profiles, Distance::cosine);
    CHECK(cos(0, 1) == doctest::Approx(1 - 4 / (3 * std::sqrt(5.0))).epsilon(1e-15));
    CHECK(cos(0, 2) == 1);  // scipy: NaN
    CHECK(cos(2, 3) == 0);  // scipy: NaN
    // Parallel profiles: in doubles 1 − u·v/(|u||v|) comes out as −2.2e−16 here.
    const auto same = distances({{0.1, 0.1, 0.1}, {0.1 * 3, 0.1 * 3, 0.1 * 3}}, Distance::cosine);
    CHECK(same(0, 1) == 0);
    const auto euc = distances(profiles, Distance::euclidean);
    CHECK(euc(0, 1) == doctest::Approx(std::sqrt(6.0)).epsilon(1e-15));
    CHECK(euc(0, 2) == 3);
    CHECK(euc(2, 3) == 0);
    for (const auto& m : {cos, euc, distances(profiles, Distance::jaccard)})
      for (const double d : m.condensed()) CHECK(std::isfinite(d));
  }

  TEST_CASE("profiles of unequal length or with values that are not finite are refused") {
    CHECK_THROWS_WITH_AS(distances({{1, 0}, {1, 0, 1}}, Distance::euclidean),
                         "profile 1 has 3 values, profile 0 has 2", InputError);
    CHECK_THROWS_AS(distances({{1, std::nan("")}, {1, 0}}, Distance::cosine), InputError);
    CHECK(distances({}, Distance::jaccard).size() == 0);
  }

  TEST_CASE("a distance matrix checks the number and sign of its values") {
    CHECK_THROWS_WITH_AS(DistanceMatrix(3, {1, 2}),
                         "a distance matrix of 3 items needs 3 distances, not 2", InputError);
    CHECK_THROWS_AS(DistanceMatrix(2, {-1}), InputError);
    CHECK_THROWS_AS(DistanceMatrix(2, {std::numeric_limits<double>::infinity()}), InputError);
    const DistanceMatrix m(3, {1, 2, 3});
    CHECK(m(0, 2) == 2);
    CHECK(m(2, 1) == 3);
    CHECK(DistanceMatrix(1, {}).size() == 1);
  }

  TEST_CASE("linkage of the five bacteria matches Wikipedia's worked examples") {
    // Items a..e are 0..4; merge i forms cluster 5+i.
    SUBCASE("single: Wikipedia joins (a,b) with c and e at once at 21; the tie rule takes c") {
      // d((a,b),c) = min(21,30) = 21 = d((a,b),e) = min(23,21): pairs (2,5) and (4,5) tie,
      // 2 < 4. Then d(e,(a,b,c)) = min(21,39) = 21; d(d,·) = min(31,34,28,43) = 28.
      check_merges(agglomerate(kBacteria, Linkage::single),
                   {{0, 1, 17, 2}, {2, 5, 21, 3}, {4, 6, 21, 4}, {3, 7, 28, 5}});
    }
    SUBCASE("complete: heights 17, 23, 28, 43 as in Wikipedia") {
      check_merges(agglomerate(kBacteria, Linkage::complete),
                   {{0, 1, 17, 2}, {4, 5, 23, 3}, {2, 3, 28, 2}, {6, 7, 43, 5}});
    }
    SUBCASE("average: UPGMA heights 17, 22, 28, 33 (Wikipedia's tree heights are halves)") {
      // d((a,b),e) = (23+21)/2 = 22; d((a,b,e),c) = (21+30+39)/3 = 30,
      // d((a,b,e),d) = (31+34+43)/3 = 36; d((a,b,e),(c,d)) = (30+36)/2 = 33.
      check_merges(agglomerate(kBacteria, Linkage::average),
                   {{0, 1, 17, 2}, {4, 5, 22, 3}, {2, 3, 28, 2}, {6, 7, 33, 5}});
    }
    SUBCASE("ward: Lance-Williams worked by hand") {
      // d(ab,c)² = (2·21² + 2·30² − 17²)/3 = 2393/3, d(ab,d)² = (2·31² + 2·34² − 17²)/3 =
      // 1315, d(ab,e)² = (2·23² + 2·21² − 17²)/3 = 1651/3 < 28²: merge (4,5).
      // d(abe,c)² = (3·2393/3 + 2·39² − 1651/3)/4 = 7327/6,
      // d(abe,d)² = (3·1315 + 2·43² − 1651/3)/4 = 10639/6;
      // d(abe,cd)² = (4·7327/6 + 4·10639/6 − 3·28²)/5 = 28876/15.
      check_merges(agglomerate(kBacteria, Linkage::ward), {{0, 1, 17, 2},
                                                           {4, 5, std::sqrt(1651.0 / 3), 3},
                                                           {2, 3, 28, 2},
                                                           {6, 7, std::sqrt(28876.0 / 15), 5}});
    }
  }

  TEST_CASE("linkage of Everitt's five objects matches the textbook") {
    // Objects 1..5 are 0..4: (1,2) at 2, (4,5) at 3, then object 3 joins (4,5) at
    // min(4,5) = 4 or max(4,5) = 5, and the last merge at min(6,5,10,9,9,8) = 5 or 10.
    check_merges(agglomerate(kEveritt, Linkage::single),
                 {{0, 1, 2, 2}, {3, 4, 3, 2}, {2, 6, 4, 3}, {5, 7, 5, 5}});
    check_merges(agglomerate(kEveritt, Linkage::complete),
                 {{0, 1, 2, 2}, {3, 4, 3, 2}, {2, 6, 5, 3}, {5, 7, 10, 5}});
    // Average (by hand): (4+5)/2 = 4.5, then (6+10+9+5+9+8)/6 = 47/6.
    check_merges(agglomerate(kEveritt, Linkage::average),
                 {{0, 1, 2, 2}, {3, 4, 3, 2}, {2, 6, 4.5, 3}, {5, 7, 47.0 / 6, 5}});
  }

  TEST_CASE("ward heights equal the centroid formula on points on a line") {
    // For Euclidean input Ward's height is sqrt(2·n_i·n_j/(n_i+n_j))·|c_i − c_j| with c the
    // centroids (Müllner 2011, "Modern hierarchical, agglomerative clustering algorithms").
    // Points 0, 1, 4, 10: {0,1} at 1 (centroid 0.5); {0,1}+{4}: sqrt(4/3)·3.5 = 7/√3
    // (centroid 5/3); then +{10}: sqrt(6/4)·(10 − 5/3) = sqrt(1.5)·25/3.
    const auto m = distances({{0}, {1}, {4}, {10}}, Distance::euclidean);
    check_merges(agglomerate(m, Linkage::ward),
                 {{0, 1, 1, 2}, {2, 4, 7 / std::sqrt(3.0), 3}, {3, 5, std::sqrt(1.5) * 25 / 3, 4}});
  }

  TEST_CASE("ties merge the pair with the smallest smaller id, then the smallest larger id") {
    // All four at distance 1: (0,1) → 4; then (2,3), (2,4), (3,4) tie at 1 under every
    // linkage (ward: sqrt((2+2−1)/3) = 1) and (2,3) wins on its larger id.
    for (const Linkage linkage : kLinkages) {
      CAPTURE(to_string(linkage));
      check_merges(agglomerate(DistanceMatrix(4, {1, 1, 1, 1, 1, 1}), linkage),
                   {{0, 1, 1, 2}, {2, 3, 1, 2}, {4, 5, 1, 4}});
    }
    // d12 = 1 merges first (→ 5); then (0,5) and (3,4) tie at 2 and (0,5) wins on its smaller
    // id, though its larger id is larger.
    const DistanceMatrix m(5, {2, 2, 9, 9, 1, 9, 9, 9, 9, 2});
    for (const Linkage linkage : {Linkage::average, Linkage::complete, Linkage::single}) {
      CAPTURE(to_string(linkage));
      check_merges(agglomerate(m, linkage),
                   {{1, 2, 1, 2}, {0, 5, 2, 3}, {3, 4, 2, 2}, {6, 7, 9, 5}});
    }
  }

  TEST_CASE("rounding never takes a merge below the one before it") {
    // 0, {1,2} and {3,4} all at d = 1/11 (the pairs at 0): 0 joins {1,2} at d, and the
    // average from {3,4} to {0,1,2} is (d + 2d)/3 = d exactly, but in doubles
    // (1/11 + 2/11)/3 < 1/11.
    const double d = 1.0 / 11;
    REQUIRE((d + 2 * d) / 3 < d);
    const Dendrogram merges =
        agglomerate(DistanceMatrix(5, {d, d, d, d, 0, d, d, d, d, 0}), Linkage::average);
    check_merges(merges, {{1, 2, 0, 2}, {3, 4, 0, 2}, {0, 5, d, 3}, {6, 7, d, 5}});
    CHECK(merges[3].height == merges[2].height);
  }

  TEST_CASE("no items give no merges, one item none, two items one") {
    for (const Linkage linkage : kLinkages) {
      CHECK(agglomerate(DistanceMatrix(), linkage).empty());
      CHECK(agglomerate(DistanceMatrix(1, {}), linkage).empty());
      check_merges(agglomerate(DistanceMatrix(2, {0.5}), linkage), {{0, 1, 0.5, 2}});
    }
  }

  TEST_CASE("merges follow the definition and rise monotonically on many tied profiles") {
    // 60 profiles of 0/1 over five codes: at most 32 differ and jaccard takes few values,
    // so many steps tie.
    std::mt19937 random(20240611);
    std::vector<std::vector<double>> profiles(60, std::vector<double>(5));
    for (auto& profile : profiles)
      for (double& x : profile) x = static_cast<double>(random() % 2);
    for (const Distance distance : {Distance::jaccard, Distance::euclidean}) {
      const auto m = distances(profiles, distance);
      for (const Linkage linkage : kLinkages) {
        CAPTURE(to_string(distance));
        CAPTURE(to_string(linkage));
        const Dendrogram merges = agglomerate(m, linkage);
        check_merges(merges, brute_force(m, linkage));
        for (std::size_t i = 1; i < merges.size(); ++i)
          CHECK(merges[i - 1].height <= merges[i].height);
        CHECK(cut(merges, 60, 1) == std::vector<std::size_t>(60, 0));  // a valid dendrogram
      }
    }
  }

  TEST_CASE("cutting undoes the last merges and numbers clusters by their smallest item") {
    // Complete linkage of the bacteria: (a,b) → 5, (e,5) → 6, (c,d) → 7, (6,7) → 8.
    const Dendrogram merges = agglomerate(kBacteria, Linkage::complete);
    CHECK(cut(merges, 5, 1) == std::vector<std::size_t>{0, 0, 0, 0, 0});
    CHECK(cut(merges, 5, 2) == std::vector<std::size_t>{0, 0, 1, 1, 0});
    CHECK(cut(merges, 5, 3) == std::vector<std::size_t>{0, 0, 1, 2, 0});
    CHECK(cut(merges, 5, 4) == std::vector<std::size_t>{0, 0, 1, 2, 3});
    CHECK(cut(merges, 5, 5) == std::vector<std::size_t>{0, 1, 2, 3, 4});
    // Single linkage: the last merge brings in d alone.
    CHECK(cut(agglomerate(kBacteria, Linkage::single), 5, 2) ==
          std::vector<std::size_t>{0, 0, 0, 1, 0});
    CHECK(cut({}, 1, 1) == std::vector<std::size_t>{0});
  }

  TEST_CASE("cut refuses k outside 1 to n and dendrograms that do not fit") {
    const Dendrogram merges = agglomerate(kBacteria, Linkage::average);
    CHECK_THROWS_AS(cut(merges, 5, 0), InputError);
    CHECK_THROWS_AS(cut(merges, 5, 6), InputError);
    CHECK_THROWS_AS(cut({}, 0, 1), InputError);
    CHECK_THROWS_AS(cut(merges, 4, 2), InputError);
    CHECK_THROWS_AS(cut({{0, 1, 1, 2}, {0, 2, 1, 2}}, 3, 2), InputError);  // 0 merged twice
    CHECK_THROWS_AS(cut({{0, 1, 1, 2}, {2, 3, 1, 2}}, 3, 2), InputError);  // wrong size
  }

  TEST_CASE("silhouettes match a hand computation with a singleton cluster") {
    // Points 0, 2, 6, 7, 10 in clusters {0,2}, {6,7}, {10}:
    //  0: a = 2, b = min((6+7)/2, 10) = 6.5, s = 4.5/6.5 = 9/13
    //  2: a = 2, b = min((4+5)/2, 8) = 4.5, s = 2.5/4.5 = 5/9
    //  6: a = 1, b = min((6+4)/2, 4) = 4, s = 3/4
    //  7: a = 1, b = min((7+5)/2, 3) = 3, s = 2/3
    // 10: alone, s = 0. Mean (9/13 + 5/9 + 3/4 + 2/3 + 0)/5.
    const auto m = distances({{0}, {2}, {6}, {7}, {10}}, Distance::euclidean);
    const Silhouettes s = silhouettes(m, {4, 4, 9, 9, 1});  // label values are only names
    REQUIRE(s.values.size() == 5);
    CHECK(s.values[0] == doctest::Approx(9.0 / 13));
    CHECK(s.values[1] == doctest::Approx(5.0 / 9));
    CHECK(s.values[2] == doctest::Approx(3.0 / 4));
    CHECK(s.values[3] == doctest::Approx(2.0 / 3));
    CHECK(s.values[4] == 0);
    REQUIRE(s.mean);
    CHECK(*s.mean == doctest::Approx((9.0 / 13 + 5.0 / 9 + 3.0 / 4 + 2.0 / 3) / 5));
    CHECK_THROWS_AS(silhouettes(m, {0, 0, 1}), InputError);
  }

  TEST_CASE("one cluster or only singletons leave the mean silhouette undefined") {
    const auto m = distances({{0}, {2}, {6}}, Distance::euclidean);
    const Silhouettes one = silhouettes(m, {0, 0, 0});
    CHECK(one.values == std::vector<double>{0, 0, 0});
    CHECK_FALSE(one.mean);
    const Silhouettes apart = silhouettes(m, {0, 1, 2});
    CHECK(apart.values == std::vector<double>{0, 0, 0});
    CHECK_FALSE(apart.mean);
    // Duplicates in different clusters: a = b = 0 gives 0, not NaN.
    const Silhouettes twins = silhouettes(DistanceMatrix(4, {0, 0, 0, 0, 0, 0}), {0, 0, 1, 1});
    CHECK(twins.values == std::vector<double>{0, 0, 0, 0});
    REQUIRE(twins.mean);
    CHECK(*twins.mean == 0);
  }

  TEST_CASE("choose_k picks two clusters for two well-separated groups") {
    const auto m =
        distances({{0, 0}, {1, 0}, {0, 1}, {10, 10}, {11, 10}, {10, 11}}, Distance::euclidean);
    const Dendrogram merges = agglomerate(m, Linkage::average);
    const KChoice choice = choose_k(m, merges, 1, 100);  // clamped to 2..5
    REQUIRE(choice.scores.size() == 4);
    CHECK(choice.scores.front().k == 2);
    CHECK(choice.scores.back().k == 5);
    REQUIRE(choice.best);
    CHECK(*choice.best == 2);
    for (const KScore& score : choice.scores)
      CHECK(score.silhouette == doctest::Approx(*silhouettes(m, cut(merges, 6, score.k)).mean));
    CHECK(choice.scores[0].silhouette > choice.scores[1].silhouette);
    // Equal scores go to the smaller k: 4 items all at distance 1 score 0 at k = 2 and 3.
    const DistanceMatrix flat(4, {1, 1, 1, 1, 1, 1});
    const KChoice tie = choose_k(flat, agglomerate(flat, Linkage::single), 2, 3);
    REQUIRE(tie.scores.size() == 2);
    CHECK(tie.scores[0].silhouette == tie.scores[1].silhouette);
    CHECK(*tie.best == 2);
    CHECK_FALSE(choose_k(DistanceMatrix(2, {1}), {{0, 1, 1, 2}}, 2, 5).best);
    CHECK_THROWS_AS(choose_k(m, merges, 4, 3), InputError);
    CHECK_THROWS_AS(choose_k(m, {}, 2, 3), InputError);
  }
}
