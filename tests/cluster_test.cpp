#include "analysis/cluster.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>

#include "analysis/profile_matrix.hpp"
#include "base/error.hpp"
#include "test_support.hpp"

using namespace inzicht;
using namespace inzicht::analysis;
using inzicht::testing::run_cli;
using inzicht::testing::TempDir;

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

// The message parse_profile_matrix throws for `bytes` read as "m.csv", or "" if it reads them.
std::string matrix_error(const std::string& bytes) {
  try {
    parse_profile_matrix(bytes, "m.csv");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
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

  TEST_CASE("choosing k for two items keeps both apart instead of failing") {
    // Two items leave no k between 2 and n−1; cluster() once asked choose_k for 2..1, which
    // throws, so `cluster --auto` failed on two cases (found by the scipy check).
    ClusterMethod method;
    method.distance = Distance::euclidean;
    method.choose = true;
    const Clustering c = cluster({{0.0}, {1.0}}, method);
    REQUIRE(c.choice);
    CHECK(c.choice->scores.empty());
    CHECK_FALSE(c.choice->best);
    CHECK(c.k == 2);
    CHECK(c.labels == std::vector<std::size_t>{0, 1});
    CHECK_THROWS_AS(cluster({{0.0}}, method), InputError);
  }

  TEST_CASE("a profile matrix reads labels, features and numbers as a researcher writes them") {
    // A BOM, CRLF, a blank line, quoted fields, spaces, signs and exponents.
    const ProfileMatrix m = parse_profile_matrix(
        "\xEF\xBB\xBF"
        "naam,kosten,\"tijd, uren\"\r\n"
        "\"Jansen, P.\", 1.5 ,+2\r\n"
        "\r\n"
        "\"de \"\"Vries\"\"\",-0.25,1e-3\r\n"
        " Ösel ,0,3E2\r\n",
        "m.csv");
    CHECK(m.source == "m.csv");
    CHECK(m.features == std::vector<std::string>{"kosten", "tijd, uren"});
    CHECK(m.labels == std::vector<std::string>{"Jansen, P.", "de \"Vries\"", "Ösel"});
    CHECK(m.lines == std::vector<std::size_t>{2, 4, 5});
    CHECK(m.rows == std::vector<std::vector<double>>{{1.5, 2}, {-0.25, 0.001}, {0, 300}});
  }

  TEST_CASE("a profile matrix that cannot be clustered is refused with file, line and column") {
    const std::string header = "label,a,b\n";
    SUBCASE("values that are not finite numbers") {
      CHECK(matrix_error(header + "x,1,2\ny,1,zwei\n") ==
            "m.csv:3, column 3 (b): 'zwei' is not a number");
      CHECK(matrix_error(header + "x,1,2\ny,\"0,5\",2\n") ==
            "m.csv:3, column 2 (a): '0,5' is not a number (write a decimal point: 0.5)");
      CHECK(matrix_error(header + "x,1,2\ny, ,2\n") ==
            "m.csv:3, column 2 (a): the value is empty (write 0 for none)");
      CHECK(matrix_error(header + "x,inf,2\ny,1,2\n") ==
            "m.csv:2, column 2 (a): 'inf' is not a finite number");
      CHECK(matrix_error(header + "x,1,nan\ny,1,2\n") ==
            "m.csv:2, column 3 (b): 'nan' is not a finite number");
      CHECK(matrix_error(header + "x,1,1e999\ny,1,2\n") ==
            "m.csv:2, column 3 (b): '1e999' is not a finite number");
      CHECK(matrix_error(header + "x,1,2\ny,0x10,2\n") ==
            "m.csv:3, column 2 (a): '0x10' is not a number");
      CHECK(matrix_error(header + "x,1,2\ny,--1,2\n") ==
            "m.csv:3, column 2 (a): '--1' is not a number");
    }
    SUBCASE("rows that do not fit the header") {
      CHECK(matrix_error(header + "x,1,2\ny,1\n") == "m.csv:3: 2 fields, but the header has 3");
      CHECK(matrix_error(header + "x,1,2,3\ny,1,2\n") == "m.csv:2: 4 fields, but the header has 3");
      // A line break inside a quoted label: the next row's line is still right.
      CHECK(matrix_error(header + "\"x\ny\",1,2\nz,1\n") ==
            "m.csv:4: 2 fields, but the header has 3");
    }
    SUBCASE("labels that are empty or repeated") {
      CHECK(matrix_error(header + "x,1,2\n  ,1,2\n") == "m.csv:3: the label (column 1) is empty");
      CHECK(matrix_error(header + "x,1,2\ny,1,2\n x ,3,4\n") ==
            "m.csv:4: label 'x' appears twice (first on line 2)");
      // Equal after NFC: "é" composed and decomposed.
      CHECK(matrix_error(header + "caf\xC3\xA9,1,2\ncafe\xCC\x81,1,2\n") ==
            "m.csv:3: label 'caf\xC3\xA9' appears twice (first on line 2)");
    }
    SUBCASE("too little to cluster") {
      CHECK(matrix_error("") ==
            "m.csv: empty; expected a header row: a label column, then one column per feature");
      CHECK(matrix_error(header) ==
            "m.csv: 0 row(s) below the header; clustering needs at least two");
      CHECK(matrix_error(header + "x,1,2\n") ==
            "m.csv: 1 row(s) below the header; clustering needs at least two");
      CHECK(matrix_error("label\nx\ny\n") ==
            "m.csv:1: no feature columns; the header needs a label column and at least one "
            "feature");
      CHECK(matrix_error("label;a;b\nx;1;2\ny;3;4\n") ==
            "m.csv:1: no feature columns; the header needs a label column and at least one "
            "feature (separate the fields by commas, not semicolons)");
    }
    SUBCASE("bytes that are not CSV or UTF-8") {
      CHECK(matrix_error(header + "x,1,2\n\"y,1,2\n") == "m.csv:3: a quoted field is never closed");
      CHECK(matrix_error(header + "x,1,2\ny\xE9,1,2\n") ==
            "m.csv:3: not UTF-8 (save the file as CSV UTF-8)");
    }
  }

  TEST_CASE("a matrix's values are used as given, as presence or as shares of the row") {
    const ProfileMatrix m =
        parse_profile_matrix("label,a,b,c\nx,2,0,6\ny,0,0,0\nz,-1,0.5,0\n", "m.csv");
    CHECK(profile_rows(m, FeatureValue::raw) == m.rows);
    CHECK(profile_rows(m, FeatureValue::presence) ==
          std::vector<std::vector<double>>{{1, 0, 1}, {0, 0, 0}, {1, 1, 0}});
    // A share needs values of at least 0; a row of zeros stays zeros.
    CHECK_THROWS_WITH_AS(profile_rows(m, FeatureValue::share),
                         "m.csv:4, column 2 (a): -1 is negative; --value share needs values of "
                         "at least 0",
                         InputError);
    const ProfileMatrix counts = parse_profile_matrix("label,a,b,c\nx,2,0,6\ny,0,0,0\n", "m.csv");
    CHECK(profile_rows(counts, FeatureValue::share) ==
          std::vector<std::vector<double>>{{0.25, 0, 0.75}, {0, 0, 0}});
  }

  TEST_CASE("a matrix clusters as its rows do, by the method asked for") {
    // Points 0, 1, 3, 7 on a line: single linkage merges at 1, 2 and 4.
    const ProfileMatrix m = parse_profile_matrix("p,x\na,0\nb,1\nc,3\nd,7\n", "line.csv");
    ClusterMethod method;
    method.distance = Distance::euclidean;
    method.linkage = Linkage::single;
    const Clustering c = cluster_matrix(m, FeatureValue::raw, method);
    check_merges(c.dendrogram, {{0, 1, 1, 2}, {2, 4, 2, 3}, {3, 5, 4, 4}});
    CHECK(c.k == 2);
    CHECK(c.labels == std::vector<std::size_t>{0, 0, 0, 1});
    method.k = 9;  // more than the rows: one cluster each
    CHECK(cluster_matrix(m, FeatureValue::raw, method).labels ==
          std::vector<std::size_t>{0, 1, 2, 3});
    method.linkage = Linkage::ward;
    method.distance = Distance::cosine;
    CHECK_THROWS_AS(cluster_matrix(m, FeatureValue::raw, method), InputError);
  }

  TEST_CASE("cluster --profiles clusters a CSV file's rows without a project") {
    TempDir dir;
    const std::string matrix = dir / "profiles.csv";
    testing::write_file(matrix, "case,a,b\nP1,0,0\nP2,0,1\nP3,10,10\nP4,10,11\n");
    const std::string project = dir / "none.inzicht";
    std::string out, err;
    REQUIRE(run_cli({"-p", project, "cluster", "--profiles", matrix, "--distance", "euclidean",
                     "--linkage", "single", "--auto", "--format", "json"},
                    out, err) == 0);
    CHECK_FALSE(std::filesystem::exists(project));
    const auto json = nlohmann::json::parse(out);
    REQUIRE(json["clusters"].size() == 4);
    CHECK(json["clusters"][0] == nlohmann::json({{"cluster", 1}, {"case", "P1"}}));
    CHECK(json["clusters"][3] == nlohmann::json({{"cluster", 2}, {"case", "P4"}}));
    REQUIRE(json["merges"].size() == 3);
    CHECK(json["merges"][0]["left"] == "P1");
    CHECK(json["merges"][0]["right"] == "P2");
    CHECK(json["merges"][0]["height"] == 1.0);
    CHECK(json["merges"][2]["left"] == "#1");
    CHECK(json["merges"][2]["right"] == "#2");
    CHECK(json["silhouettes"].back()["case"] == "(mean)");
    CHECK(json["k"][0]["chosen"] == "*");

    SUBCASE("presence turns the values into 0/1") {
      REQUIRE(run_cli({"cluster", "--profiles", matrix, "--value", "presence", "--distance",
                       "euclidean", "--format", "csv"},
                      out, err) == 0);
      // P1 alone is empty; P2 has b only; P3 and P4 both: P3 and P4 merge at 0.
      CHECK(out.find("1,P3,P4,0,2\r\n") != std::string::npos);
    }
    SUBCASE("options that need a project are refused") {
      for (const std::vector<std::string>& extra :
           {std::vector<std::string>{"--cases", "group=provider"},
            {"--features", "ambities"},
            {"--weight", "drempels=2"},
            {"--coder", "ann"},
            {"--show", "sector"}}) {
        std::vector<std::string> args{"cluster", "--profiles", matrix};
        args.insert(args.end(), extra.begin(), extra.end());
        CHECK(run_cli(args, out, err) == 2);
        CHECK(err.find(extra[0] + ": works on a project's cases and codes, and --profiles reads "
                                  "no project") != std::string::npos);
      }
      CHECK(run_cli({"-p", project, "cluster", "--value", "raw"}, out, err) == 2);
      CHECK(err.find("--value: raw is for a matrix read with --profiles") != std::string::npos);
      CHECK(run_cli({"-p", project, "personas", "--value", "raw"}, out, err) == 2);
    }
    SUBCASE("a bad file is named with its line and column") {
      testing::write_file(matrix, "case,a,b\nP1,0,0\nP2,0,twee\n");
      CHECK(run_cli({"cluster", "--profiles", matrix}, out, err) == 1);
      CHECK(err == "inzicht: error: " + matrix + ":3, column 3 (b): 'twee' is not a number\n");
      CHECK(run_cli({"cluster", "--profiles", dir / "missing.csv"}, out, err) == 1);
      CHECK(err == "inzicht: error: " + (dir / "missing.csv") + ": cannot open for reading\n");
    }
  }
}
