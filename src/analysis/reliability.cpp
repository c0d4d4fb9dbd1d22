#include "analysis/reliability.hpp"

#include <algorithm>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

// Sums are kept as integers where they are counts, and as long double where they are
// products, so that the figures stay exact far beyond what a project holds: every
// coefficient below is one division of such sums, never a difference of rounded shares.
using Real = long double;

// One unit's ratings summarised: how many coders rated it, whether they all agree, and
// Σ n_c² over the categories c, where n_c is how many of them chose c.
struct UnitTally {
  std::size_t rated = 0;
  bool unanimous = true;
  std::int64_t sum_squares = 0;
};

UnitTally tally(std::span<const Rating> ratings, std::vector<std::size_t>& scratch) {
  scratch.clear();
  for (const Rating& rating : ratings) {
    if (rating) scratch.push_back(*rating);
  }
  std::sort(scratch.begin(), scratch.end());
  UnitTally result;
  result.rated = scratch.size();
  for (std::size_t i = 0; i < scratch.size();) {
    std::size_t j = i;
    while (j < scratch.size() && scratch[j] == scratch[i]) ++j;
    const auto n = static_cast<std::int64_t>(j - i);
    result.sum_squares += n * n;
    if (i > 0) result.unanimous = false;
    i = j;
  }
  return result;
}

Estimate undefined(std::string why) { return {std::nullopt, std::move(why)}; }

Estimate defined(Real value) { return {static_cast<double>(value), {}}; }

// What Fleiss' and Brennan–Prediger's kappa share: over the units every coder rated,
// their total weight, Σ w·Σ n_c², and the weighted count of each category.
struct CompleteUnits {
  std::int64_t units = 0;
  std::int64_t sum_squares = 0;
  std::vector<std::int64_t> category_counts;
};

CompleteUnits complete_units(const ReliabilityData& data) {
  CompleteUnits result;
  result.category_counts.assign(data.categories(), 0);
  std::vector<std::size_t> scratch;
  for (std::size_t row = 0; row < data.rows(); ++row) {
    const UnitTally unit = tally(data.ratings(row), scratch);
    if (unit.rated != data.coders()) continue;
    const std::int64_t weight = data.weight(row);
    result.units += weight;
    result.sum_squares += weight * unit.sum_squares;
    for (const Rating& rating : data.ratings(row)) result.category_counts[*rating] += weight;
  }
  return result;
}

const char* kNoCompleteUnits = "no unit was rated by every coder";

}  // namespace

ReliabilityData::ReliabilityData(std::size_t coders, std::size_t categories)
    : coders_(coders), categories_(categories) {}

void ReliabilityData::add(std::span<const Rating> ratings, std::int64_t weight) {
  if (ratings.size() != coders_) {
    throw InputError("a unit needs " + std::to_string(coders_) + " ratings, not " +
                     std::to_string(ratings.size()));
  }
  for (const Rating& rating : ratings) {
    if (rating && *rating >= categories_) {
      throw InputError("category " + std::to_string(*rating) + " is not below " +
                       std::to_string(categories_));
    }
  }
  if (weight < 0) throw InputError("a unit's weight cannot be negative");
  if (weight == 0) return;
  ratings_.insert(ratings_.end(), ratings.begin(), ratings.end());
  weights_.push_back(weight);
}

Estimate percent_agreement(const ReliabilityData& data) {
  std::int64_t units = 0;
  std::int64_t agreed = 0;
  std::vector<std::size_t> scratch;
  for (std::size_t row = 0; row < data.rows(); ++row) {
    const UnitTally unit = tally(data.ratings(row), scratch);
    if (unit.rated != data.coders() || unit.rated == 0) continue;
    units += data.weight(row);
    if (unit.unanimous) agreed += data.weight(row);
  }
  if (units == 0) return undefined(kNoCompleteUnits);
  return defined(static_cast<Real>(agreed) / static_cast<Real>(units));
}

Estimate cohen_kappa(const ReliabilityData& data) {
  if (data.coders() != 2) return undefined("Cohen's kappa compares exactly two coders");
  std::int64_t units = 0;
  std::int64_t agreed = 0;
  std::vector<std::int64_t> first(data.categories(), 0);
  std::vector<std::int64_t> second(data.categories(), 0);
  for (std::size_t row = 0; row < data.rows(); ++row) {
    const auto ratings = data.ratings(row);
    if (!ratings[0] || !ratings[1]) continue;
    const std::int64_t weight = data.weight(row);
    units += weight;
    if (*ratings[0] == *ratings[1]) agreed += weight;
    first[*ratings[0]] += weight;
    second[*ratings[1]] += weight;
  }
  if (units == 0) return undefined(kNoCompleteUnits);
  Real chance = 0;  // pe · N²
  for (std::size_t c = 0; c < data.categories(); ++c) {
    if (first[c] == units && second[c] == units) {
      return undefined("both coders chose one and the same category throughout");
    }
    chance += static_cast<Real>(first[c]) * static_cast<Real>(second[c]);
  }
  const Real n = static_cast<Real>(units);
  // (po − pe) / (1 − pe) with po = agreed / N and pe = chance / N², times N² / N².
  return defined((n * static_cast<Real>(agreed) - chance) / (n * n - chance));
}

Estimate fleiss_kappa(const ReliabilityData& data) {
  if (data.coders() < 2) return undefined("kappa needs at least two coders");
  const CompleteUnits complete = complete_units(data);
  if (complete.units == 0) return undefined(kNoCompleteUnits);
  const auto used = std::count_if(complete.category_counts.begin(), complete.category_counts.end(),
                                  [](std::int64_t count) { return count > 0; });
  if (used < 2) return undefined("every rating is in one category");
  // With M = N·r ratings, S = Σ w·Σ n_c² and T = Σ t_c² over the category totals t_c:
  // P̄ = (S − M) / (M(r − 1)) and P̄e = T / M², so that
  // κ = (P̄ − P̄e) / (1 − P̄e) = (M(S − M) − (r − 1)T) / ((r − 1)(M² − T)).
  const Real r = static_cast<Real>(data.coders());
  const Real m = static_cast<Real>(complete.units) * r;
  Real t = 0;
  for (const std::int64_t count : complete.category_counts) {
    t += static_cast<Real>(count) * static_cast<Real>(count);
  }
  const Real s = static_cast<Real>(complete.sum_squares);
  return defined((m * (s - m) - (r - 1) * t) / ((r - 1) * (m * m - t)));
}

Estimate brennan_prediger(const ReliabilityData& data) {
  if (data.categories() < 2) return undefined("with a single category there is nothing to choose");
  if (data.coders() < 2) return undefined("kappa needs at least two coders");
  const CompleteUnits complete = complete_units(data);
  if (complete.units == 0) return undefined(kNoCompleteUnits);
  const Real r = static_cast<Real>(data.coders());
  const Real m = static_cast<Real>(complete.units) * r;
  const Real observed = (static_cast<Real>(complete.sum_squares) - m) / (m * (r - 1));
  const Real q = static_cast<Real>(data.categories());
  return defined((q * observed - 1) / (q - 1));
}

Estimate krippendorff_alpha(const ReliabilityData& data) {
  // Off-diagonal coincidences Σ_{c≠k} o_ck = Σ_u w_u (m_u² − Σ_c n_uc²) / (m_u − 1), summed
  // as integers per m_u before the one division each.
  std::vector<std::int64_t> disagreeing_by_rated(data.coders() + 1, 0);
  std::vector<std::int64_t> category_totals(data.categories(), 0);  // n_c
  std::int64_t pairable = 0;                                        // n
  std::vector<std::size_t> scratch;
  for (std::size_t row = 0; row < data.rows(); ++row) {
    const UnitTally unit = tally(data.ratings(row), scratch);
    if (unit.rated < 2) continue;
    const std::int64_t weight = data.weight(row);
    const auto m = static_cast<std::int64_t>(unit.rated);
    disagreeing_by_rated[unit.rated] += weight * (m * m - unit.sum_squares);
    pairable += weight * m;
    for (const Rating& rating : data.ratings(row)) {
      if (rating) category_totals[*rating] += weight;
    }
  }
  if (pairable == 0) return undefined("no unit has ratings from two coders (no pairable values)");
  Real observed = 0;
  for (std::size_t m = 2; m < disagreeing_by_rated.size(); ++m) {
    observed += static_cast<Real>(disagreeing_by_rated[m]) / static_cast<Real>(m - 1);
  }
  const Real n = static_cast<Real>(pairable);
  Real expected = n * n;  // Σ_{c≠k} n_c n_k = n² − Σ_c n_c²
  for (const std::int64_t total : category_totals) {
    if (total == pairable) return undefined("every pairable rating is in one category");
    expected -= static_cast<Real>(total) * static_cast<Real>(total);
  }
  return defined(1 - (n - 1) * observed / expected);
}

}  // namespace inzicht::analysis
