#pragma once
// Statistics on contingency tables used by personas: Fisher's exact test on a 2×2 table
// (is a code over-represented in one persona?) and the adjusted Rand index between two
// partitions (do the personas recover the intended ambitions?). Exact, in log space.

#include <cstdint>
#include <vector>

namespace inzicht::analysis {

// A 2×2 table [[a, b], [c, d]]: a = in the group and with the code, b = in the group
// without it, c = outside with it, d = outside without it.
struct TwoByTwo {
  std::int64_t a = 0, b = 0, c = 0, d = 0;
};

struct FisherResult {
  double greater = 1;    // one-sided P(X ≥ a) under the hypergeometric null
  double less = 1;       // one-sided P(X ≤ a)
  double two_sided = 1;  // sum of P(x) over tables no more probable than the observed one
};

// Fisher's exact test with the margins fixed, as scipy.stats.fisher_exact: probabilities
// from log-factorials (lgamma), two-sided p summing tables with P(x) ≤ P(a)·(1 + 1e−7).
// Throws InputError for a negative cell.
FisherResult fisher_exact(const TwoByTwo& table);

// The adjusted Rand index of Hubert & Arabie (1985) between two labelings of the same
// items (any values; equal = same cluster), as sklearn's adjusted_rand_score: 1 for
// identical partitions, about 0 for chance agreement, may be negative. Defined as 1 when
// both labelings put every item in one cluster or each item alone (0/0 otherwise).
// Throws InputError when the sizes differ.
double adjusted_rand_index(const std::vector<std::size_t>& left,
                           const std::vector<std::size_t>& right);

}  // namespace inzicht::analysis
