#pragma once
// Agreement coefficients on reliability data, independent of any project: a table of units
// by coders in which each coder gave each unit one category or nothing, and the standard
// coefficients on it — percent agreement, Cohen's kappa, Fleiss' kappa, Brennan and
// Prediger's kappa and Krippendorff's alpha for nominal data. Where a coefficient is not
// defined for the data (no units to compare, or chance agreement already perfect) it comes
// back empty with the reason, never as NaN.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace inzicht::analysis {

// The category one coder gave one unit, from 0; empty where the coder gave none.
using Rating = std::optional<std::size_t>;

// Units × coders. A unit may carry a weight: it then counts as that many identical units,
// so that a run of characters coded alike is one row.
class ReliabilityData {
 public:
  // Data for `coders` coders who choose among `categories` categories.
  ReliabilityData(std::size_t coders, std::size_t categories);

  // Adds a unit with one rating per coder (`ratings.size()` must equal `coders()` and each
  // rating be below `categories()`), counted `weight` times; a weight of 0 adds nothing.
  void add(std::span<const Rating> ratings, std::int64_t weight = 1);

  std::size_t coders() const { return coders_; }
  std::size_t categories() const { return categories_; }
  std::size_t rows() const { return weights_.size(); }
  std::span<const Rating> ratings(std::size_t row) const {
    return {ratings_.data() + row * coders_, coders_};
  }
  std::int64_t weight(std::size_t row) const { return weights_[row]; }

 private:
  std::size_t coders_;
  std::size_t categories_;
  std::vector<Rating> ratings_;  // row-major
  std::vector<std::int64_t> weights_;
};

// A coefficient, or, when it is undefined for the data, why.
struct Estimate {
  std::optional<double> value;
  std::string undefined;  // empty when `value` is set
};

// Share of the units rated by every coder on which all coders gave the same category.
Estimate percent_agreement(const ReliabilityData& data);

// Cohen's kappa for exactly two coders, on the units both rated: (po − pe) / (1 − pe), with
// pe from each coder's own category shares. Undefined for other numbers of coders, without
// such units, or when pe = 1 (both coders always chose the same single category).
Estimate cohen_kappa(const ReliabilityData& data);

// Fleiss' kappa on the units every coder rated (Fleiss 1971): mean pairwise agreement per
// unit against the agreement expected from the category shares pooled over coders.
// Undefined with fewer than two coders, without such units, or when every rating is one
// category.
Estimate fleiss_kappa(const ReliabilityData& data);

// Brennan and Prediger's kappa on the units every coder rated: (po − 1/q) / (1 − 1/q), with
// q = `categories()` and po the mean share of agreeing coder pairs per unit (for two coders,
// the share of units they agree on). Undefined with fewer than two categories or coders, or
// without such units.
Estimate brennan_prediger(const ReliabilityData& data);

// Krippendorff's alpha for nominal data (Krippendorff 2011) from the coincidence matrix of
// all pairable ratings: units with fewer than two ratings are left out, missing ratings
// are allowed. Undefined without pairable ratings or when they all fall in one category.
Estimate krippendorff_alpha(const ReliabilityData& data);

}  // namespace inzicht::analysis
