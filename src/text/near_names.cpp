// Near names for "did you mean" messages.

#include <algorithm>
#include <filesystem>

#include "text/text.hpp"

namespace inzicht::text {

namespace {

// Levenshtein distance between two code-point strings.
std::size_t distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string without_extension(const std::string& name) {
  const std::string stem = std::filesystem::path(name).stem().string();
  return stem.empty() ? name : stem;
}

}  // namespace

std::vector<std::string> near_names(std::string_view name,
                                    const std::vector<std::string>& candidates, std::size_t limit) {
  const std::string folded = fold_text(name);
  const std::u32string whole = code_points(folded);
  const std::u32string wanted = code_points(without_extension(folded));
  if (wanted.empty()) return {};
  const std::size_t allowed = wanted.size() <= 4 ? 1 : 2;
  std::vector<std::pair<std::size_t, std::string>> near;
  for (const std::string& candidate : candidates) {
    const std::string other = fold_text(candidate);
    std::size_t d = std::min(distance(whole, code_points(other)),
                             distance(wanted, code_points(without_extension(other))));
    if (d > allowed && other.find(folded) != std::string::npos)
      d = allowed + 1;
    else if (d > allowed)
      continue;
    near.emplace_back(d, candidate);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> result;
  for (std::size_t i = 0; i < near.size() && i < limit; ++i) result.push_back(near[i].second);
  return result;
}

}  // namespace inzicht::text
