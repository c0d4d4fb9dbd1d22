#include "text/word_index.hpp"

#include "text/text.hpp"

namespace inzicht::text {

WordIndex WordIndex::of(std::string_view utf8) { return from_starts(word_starts(utf8)); }

WordIndex WordIndex::from_starts(const std::vector<Offset>& starts) {
  WordIndex index;
  if (!starts.empty()) index.bits_.assign(static_cast<std::size_t>(starts.back() >> 6) + 1, 0);
  for (const Offset start : starts) {
    index.bits_[static_cast<std::size_t>(start >> 6)] |= std::uint64_t{1} << (start & 63);
  }
  index.count();
  return index;
}

WordIndex WordIndex::from_blocks(std::vector<std::uint64_t> blocks) {
  WordIndex index;
  index.bits_ = std::move(blocks);
  index.count();
  return index;
}

void WordIndex::count() {
  counts_.resize(bits_.size());
  std::int64_t total = 0;
  for (std::size_t b = 0; b < bits_.size(); ++b) {
    counts_[b] = static_cast<std::uint32_t>(total);
    total += std::popcount(bits_[b]);
  }
  total_ = total;
}

}  // namespace inzicht::text
