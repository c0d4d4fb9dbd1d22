#include "analysis/contingency.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

double log_choose(std::int64_t n, std::int64_t k) {
  return std::lgamma(static_cast<double>(n + 1)) - std::lgamma(static_cast<double>(k + 1)) -
         std::lgamma(static_cast<double>(n - k + 1));
}

double choose2(std::int64_t n) { return static_cast<double>(n) * static_cast<double>(n - 1) / 2; }

}  // namespace

FisherResult fisher_exact(const TwoByTwo& table) {
  if (table.a < 0 || table.b < 0 || table.c < 0 || table.d < 0) {
    throw InputError("Fisher's exact test: a cell of the 2×2 table is negative");
  }
  // X, the top-left cell, is hypergeometric: row total r draws from n items, of which the
  // column total k are "with the code".
  const std::int64_t r = table.a + table.b;
  const std::int64_t k = table.a + table.c;
  const std::int64_t n = r + table.c + table.d;
  const std::int64_t low = std::max<std::int64_t>(0, r + k - n);
  const std::int64_t high = std::min(r, k);
  const double log_total = log_choose(n, r);
  auto probability = [&](std::int64_t x) {
    return std::exp(log_choose(k, x) + log_choose(n - k, r - x) - log_total);
  };
  const double observed = probability(table.a);
  FisherResult result{0, 0, 0};
  for (std::int64_t x = low; x <= high; ++x) {
    const double p = probability(x);
    if (x >= table.a) result.greater += p;
    if (x <= table.a) result.less += p;
    // The relative tolerance keeps tables as probable as the observed one, up to
    // rounding, on its side of the sum (scipy uses the same 1e-7).
    if (p <= observed * (1 + 1e-7)) result.two_sided += p;
  }
  result.greater = std::min(1.0, result.greater);
  result.less = std::min(1.0, result.less);
  result.two_sided = std::min(1.0, result.two_sided);
  return result;
}

double adjusted_rand_index(const std::vector<std::size_t>& left,
                           const std::vector<std::size_t>& right) {
  if (left.size() != right.size()) {
    throw InputError("adjusted Rand index: the two labelings differ in size (" +
                     std::to_string(left.size()) + " and " + std::to_string(right.size()) + ")");
  }
  std::map<std::pair<std::size_t, std::size_t>, std::int64_t> cells;
  std::map<std::size_t, std::int64_t> rows, columns;
  for (std::size_t i = 0; i < left.size(); ++i) {
    ++cells[{left[i], right[i]}];
    ++rows[left[i]];
    ++columns[right[i]];
  }
  double index = 0, row_sum = 0, column_sum = 0;
  for (const auto& [cell, count] : cells) index += choose2(count);
  for (const auto& [label, count] : rows) row_sum += choose2(count);
  for (const auto& [label, count] : columns) column_sum += choose2(count);
  const double total = choose2(static_cast<std::int64_t>(left.size()));
  const double expected = total > 0 ? row_sum * column_sum / total : 0;
  const double maximum = (row_sum + column_sum) / 2;
  // Both partitions trivial (all in one, or all apart): sklearn returns 1.
  if (maximum == expected) return 1.0;
  return (index - expected) / (maximum - expected);
}

}  // namespace inzicht::analysis
