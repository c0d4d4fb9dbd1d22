#include "analysis/reliability.hpp"

#include <doctest/doctest.h>

#include <sstream>

#include "base/error.hpp"

using namespace inzicht;
using analysis::Rating;
using analysis::ReliabilityData;

namespace {

// Reliability data from one string per coder, units separated by spaces, "." for a missing
// value; values are category numbers from `first`.
ReliabilityData by_coder(const std::vector<std::string>& coders, std::size_t categories,
                         std::size_t first = 1) {
  std::vector<std::vector<Rating>> values;
  for (const std::string& line : coders) {
    std::istringstream in(line);
    std::vector<Rating> row;
    for (std::string value; in >> value;) {
      row.push_back(value == "." ? Rating{} : Rating{std::stoul(value) - first});
    }
    values.push_back(std::move(row));
  }
  ReliabilityData data(coders.size(), categories);
  for (std::size_t unit = 0; unit < values[0].size(); ++unit) {
    std::vector<Rating> ratings;
    for (const auto& row : values) ratings.push_back(row.at(unit));
    data.add(ratings);
  }
  return data;
}

// Reliability data from a subjects × categories table of counts (Fleiss' layout): the
// coders of each subject are filled in category order, which Fleiss' kappa ignores.
ReliabilityData by_counts(const std::vector<std::vector<std::size_t>>& table) {
  std::size_t coders = 0;
  for (const std::size_t n : table[0]) coders += n;
  ReliabilityData data(coders, table[0].size());
  for (const auto& subject : table) {
    std::vector<Rating> ratings;
    for (std::size_t category = 0; category < subject.size(); ++category) {
      for (std::size_t i = 0; i < subject[category]; ++i) ratings.push_back(category);
    }
    data.add(ratings);
  }
  return data;
}

double value(const analysis::Estimate& estimate) {
  REQUIRE_MESSAGE(estimate.value.has_value(), estimate.undefined);
  return *estimate.value;
}

constexpr double kExact = 1e-12;

}  // namespace

TEST_SUITE("reliability") {
  TEST_CASE("Krippendorff's alpha reproduces the four-observer example with missing values") {
    // Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School
    // for Communication, University of Pennsylvania, section C (nominal data, any number of
    // observers, missing data): 4 observers, 12 units, nominal alpha = 0.743. Unit 12 has one
    // value and is not pairable; n = 40 pairable values. Exactly 113/152.
    const ReliabilityData data = by_coder({"1 2 3 3 2 1 4 1 2 . . .", "1 2 3 3 2 2 4 1 2 5 . 3",
                                           ". 3 3 3 2 3 4 2 2 5 1 .", "1 2 3 3 2 4 4 1 2 5 1 ."},
                                          5);
    CHECK(value(analysis::krippendorff_alpha(data)) ==
          doctest::Approx(113.0 / 152).epsilon(kExact));
    CHECK(value(analysis::krippendorff_alpha(data)) == doctest::Approx(0.743).epsilon(0.0005));
  }

  TEST_CASE("Krippendorff's alpha reproduces the three-coder example of the encyclopedia") {
    // Wikipedia, "Krippendorff's alpha", section "A computational example": 3 coders,
    // 15 units, many missing values, nominal alpha = 0.691 (exactly 56/81).
    const ReliabilityData data =
        by_coder({". . . . . 3 4 1 2 1 1 3 3 . 3", "1 . 2 1 3 3 4 3 . . . . . . .",
                  ". . 2 1 3 4 4 . 2 1 1 3 3 . 4"},
                 4);
    CHECK(value(analysis::krippendorff_alpha(data)) == doctest::Approx(56.0 / 81).epsilon(kExact));
  }

  TEST_CASE("binary data of two observers give Krippendorff's alpha of 0.095") {
    // Krippendorff (2011), section A (binary data, two observers, no missing data):
    // 10 units, alpha = 0.095. With n0 = 14, n1 = 6 and 4 mismatching units,
    // alpha = 1 − 19·8 / (2·14·6) = 2/21. Cohen's kappa on the same table: po = 6/10,
    // pe = 0.2·0.4 + 0.8·0.6 = 0.56, kappa = 0.04/0.44 = 1/11.
    const ReliabilityData data = by_coder({"0 1 0 0 0 0 0 0 1 0", "1 1 1 0 0 1 0 0 0 0"}, 2, 0);
    CHECK(value(analysis::krippendorff_alpha(data)) == doctest::Approx(2.0 / 21).epsilon(kExact));
    CHECK(value(analysis::cohen_kappa(data)) == doctest::Approx(1.0 / 11).epsilon(kExact));
    CHECK(value(analysis::percent_agreement(data)) == doctest::Approx(0.6).epsilon(kExact));
    CHECK(value(analysis::brennan_prediger(data)) == doctest::Approx(0.2).epsilon(kExact));
  }

  TEST_CASE("Fleiss' kappa reproduces the ten-subject fourteen-rater example") {
    // Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
    // P̄ = 0.378, P̄e = 0.213, kappa = 0.210; in exact fractions P̄ = 172/455,
    // P̄e = 417/1960 and kappa = 4211/20059. Brennan–Prediger with q = 5:
    // (5·P̄ − 1)/4 = 81/364.
    const ReliabilityData data = by_counts({{0, 0, 0, 0, 14},
                                            {0, 2, 6, 4, 2},
                                            {0, 0, 3, 5, 6},
                                            {0, 3, 9, 2, 0},
                                            {2, 2, 8, 1, 1},
                                            {7, 7, 0, 0, 0},
                                            {3, 2, 6, 3, 0},
                                            {2, 5, 3, 2, 2},
                                            {6, 5, 2, 1, 0},
                                            {0, 2, 2, 3, 7}});
    CHECK(value(analysis::fleiss_kappa(data)) == doctest::Approx(0.210).epsilon(0.0005));
    CHECK(value(analysis::fleiss_kappa(data)) == doctest::Approx(4211.0 / 20059).epsilon(kExact));
    CHECK(value(analysis::brennan_prediger(data)) == doctest::Approx(81.0 / 364).epsilon(kExact));
    CHECK(value(analysis::percent_agreement(data)) == doctest::Approx(0.1).epsilon(kExact));
  }

  TEST_CASE("Fleiss' kappa reproduces Fleiss' 1971 psychiatric diagnoses") {
    // Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters.
    // Psychological Bulletin 76(5), 378–382, Table 1: 30 patients, 6 psychiatrists, 5
    // diagnoses, kappa = .430. Per-rater rows as in the R package irr, data set
    // `diagnoses` (kappam.fleiss gives 0.4302445); category totals 26, 26, 30, 55, 43.
    const ReliabilityData data =
        by_coder({"4 2 2 5 2 1 3 1 1 5 1 1 2 1 2 3 1 1 2 1 5 2 2 1 1 2 1 2 1 5",
                  "4 2 3 5 2 1 3 1 1 5 4 2 2 4 2 3 1 1 2 3 5 4 2 1 4 2 1 2 3 5",
                  "4 2 3 5 2 3 3 3 4 5 4 4 2 4 4 3 1 1 4 3 5 4 4 4 4 2 1 4 3 5",
                  "4 5 3 5 4 3 3 3 4 5 4 4 3 4 4 3 4 1 4 5 5 4 5 4 4 2 1 4 3 5",
                  "4 5 3 5 4 3 5 3 4 5 4 4 3 4 4 3 5 1 4 5 5 4 5 4 4 2 5 4 3 5",
                  "4 5 5 5 4 3 5 4 4 5 4 4 3 4 5 5 5 2 4 5 5 4 5 4 5 4 5 4 3 5"},
                 5);
    CHECK(value(analysis::fleiss_kappa(data)) == doctest::Approx(0.4302445).epsilon(1e-7));
    CHECK(value(analysis::fleiss_kappa(data)) ==
          doctest::Approx(0.43024452006014086).epsilon(kExact));
  }

  TEST_CASE("Cohen's kappa reproduces the textbook two-by-two example") {
    // Wikipedia, "Cohen's kappa", simple example: 50 proposals, both yes 20, A yes B no 5,
    // A no B yes 10, both no 15. po = 0.7, pe = 0.5·0.6 + 0.5·0.4 = 0.5, kappa = 0.4.
    ReliabilityData data(2, 2);
    const std::vector<Rating> yes_yes{0, 0}, yes_no{0, 1}, no_yes{1, 0}, no_no{1, 1};
    data.add(yes_yes, 20);
    data.add(yes_no, 5);
    data.add(no_yes, 10);
    data.add(no_no, 15);
    CHECK(value(analysis::cohen_kappa(data)) == doctest::Approx(0.4).epsilon(kExact));
    CHECK(value(analysis::percent_agreement(data)) == doctest::Approx(0.7).epsilon(kExact));
    // Brennan–Prediger: (0.7 − 0.5)/(1 − 0.5).
    CHECK(value(analysis::brennan_prediger(data)) == doctest::Approx(0.4).epsilon(kExact));
  }

  TEST_CASE("Cohen's kappa agrees with the irr package on five categories with one unused") {
    // R package irr, data set `anxiety` (20 subjects, 3 raters, scores 1–6): kappa2 of
    // raters 2 and 3 is −0.006289308 (as checked in statsmodels' test_inter_rater.py).
    // Score 5 never occurs; an empty category changes nothing.
    const ReliabilityData data = by_coder(
        {"3 6 4 6 2 4 2 4 3 3 2 3 3 3 2 2 1 3 3 4", "2 1 4 4 3 2 1 6 1 1 1 2 3 3 1 1 3 3 2 2"}, 6);
    CHECK(value(analysis::cohen_kappa(data)) == doctest::Approx(-0.006289308).epsilon(1e-8));
  }

  TEST_CASE("a weight counts a unit as that many identical units") {
    const ReliabilityData single = by_coder({"1 1 1 2 . 2", "1 2 1 2 2 ."}, 2);
    ReliabilityData weighted(2, 2);
    weighted.add(std::vector<Rating>{0, 0}, 2);
    weighted.add(std::vector<Rating>{0, 1});
    weighted.add(std::vector<Rating>{1, 1});
    weighted.add(std::vector<Rating>{Rating{}, 1});
    weighted.add(std::vector<Rating>{1, Rating{}});
    for (auto* coefficient :
         {analysis::percent_agreement, analysis::cohen_kappa, analysis::fleiss_kappa,
          analysis::brennan_prediger, analysis::krippendorff_alpha}) {
      CHECK(value(coefficient(weighted)) == doctest::Approx(value(coefficient(single))));
    }
  }

  TEST_CASE("perfect agreement gives one and disagreement on every unit gives negative values") {
    const ReliabilityData perfect = by_coder({"1 2 2 1", "1 2 2 1", "1 2 2 1"}, 2);
    CHECK(value(analysis::fleiss_kappa(perfect)) == doctest::Approx(1));
    CHECK(value(analysis::krippendorff_alpha(perfect)) == doctest::Approx(1));
    CHECK(value(analysis::brennan_prediger(perfect)) == doctest::Approx(1));
    CHECK(value(analysis::percent_agreement(perfect)) == doctest::Approx(1));
    const ReliabilityData opposite = by_coder({"1 2", "2 1"}, 2);
    // po = 0, pe = 0.5: kappa = −1; alpha = 1 − 3·4/(2·2·2) = −0.5.
    CHECK(value(analysis::cohen_kappa(opposite)) == doctest::Approx(-1));
    CHECK(value(analysis::krippendorff_alpha(opposite)) == doctest::Approx(-0.5));
  }

  TEST_CASE("a single category leaves kappa and alpha undefined, with a reason") {
    const ReliabilityData one = by_coder({"1 1 1", "1 1 1"}, 1);
    CHECK(value(analysis::percent_agreement(one)) == 1);
    for (auto* coefficient : {analysis::cohen_kappa, analysis::fleiss_kappa,
                              analysis::brennan_prediger, analysis::krippendorff_alpha}) {
      const analysis::Estimate estimate = coefficient(one);
      CHECK_FALSE(estimate.value.has_value());
      CHECK_FALSE(estimate.undefined.empty());
    }
    // Two categories on offer, one used: Brennan–Prediger is defined, the others not.
    const ReliabilityData absent = by_coder({"0 0 0", "0 0 0"}, 2, 0);
    CHECK(value(analysis::brennan_prediger(absent)) == 1);
    CHECK_FALSE(analysis::cohen_kappa(absent).value.has_value());
    CHECK_FALSE(analysis::krippendorff_alpha(absent).value.has_value());
  }

  TEST_CASE("without pairable units every coefficient is undefined") {
    const ReliabilityData apart = by_coder({"1 . 2", ". 2 ."}, 2);
    for (auto* coefficient :
         {analysis::percent_agreement, analysis::cohen_kappa, analysis::fleiss_kappa,
          analysis::brennan_prediger, analysis::krippendorff_alpha}) {
      const analysis::Estimate estimate = coefficient(apart);
      CHECK_FALSE(estimate.value.has_value());
      CHECK_FALSE(estimate.undefined.empty());
    }
    const ReliabilityData empty(2, 2);
    CHECK_FALSE(analysis::krippendorff_alpha(empty).value.has_value());
    CHECK_FALSE(analysis::cohen_kappa(ReliabilityData(3, 2)).value.has_value());
  }

  TEST_CASE("reliability data refuse ratings that do not fit") {
    ReliabilityData data(2, 2);
    CHECK_THROWS_AS(data.add(std::vector<Rating>{0}), InputError);
    CHECK_THROWS_AS(data.add(std::vector<Rating>{0, 2}), InputError);
    CHECK_THROWS_AS(data.add(std::vector<Rating>{0, 1}, -1), InputError);
  }
}
