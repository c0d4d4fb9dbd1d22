#include "coding/term_finder.hpp"

#include <algorithm>

#include "coding/term_index.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

// The autocoder's own index with a single term: the same words, folds, stems and prefixes,
// so a concordance and a rule never disagree about what a term finds.
struct TermFinder::Impl {
  explicit Impl(const std::string& language) : index(language) {}
  TermIndex index;
  TermIndex::Id term = 0;
};

TermFinder::TermFinder(const std::string& term, bool stem, const std::string& language)
    : impl_(std::make_unique<Impl>(language)) {
  impl_->term = impl_->index.add(term, stem, "");
}

TermFinder::~TermFinder() = default;
TermFinder::TermFinder(TermFinder&&) noexcept = default;
TermFinder& TermFinder::operator=(TermFinder&&) noexcept = default;

std::vector<Span> TermFinder::find(std::string_view utf8) const {
  const std::vector<TermIndex::Id>& matchers = impl_->index.words(impl_->term);
  const std::vector<text::Word> words = text::words(utf8);
  std::vector<std::vector<TermIndex::Id>> satisfied(words.size());
  for (std::size_t i = 0; i < words.size(); ++i) impl_->index.match(words[i].text, satisfied[i]);
  const auto satisfies = [&](std::size_t word, TermIndex::Id matcher) {
    return std::find(satisfied[word].begin(), satisfied[word].end(), matcher) !=
           satisfied[word].end();
  };
  std::vector<Span> found;
  for (std::size_t i = 0; i + matchers.size() <= words.size();) {
    std::size_t w = 0;
    while (w < matchers.size() && satisfies(i + w, matchers[w])) ++w;
    if (w < matchers.size()) {
      ++i;
      continue;
    }
    found.push_back(Span{words[i].span.start, words[i + w - 1].span.end});
    i += w;
  }
  return found;
}

}  // namespace inzicht::coding
