#include "coding/term_index.hpp"

#include <algorithm>
#include <atomic>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::coding {
namespace {

// The Snowball stems of folded words, per thread (the stemmer is not thread-safe) and
// across documents and autocoders (a stem depends on the word only). Stemming is the
// expensive part of the word pass; a corpus has few distinct words.
class StemCache {
 public:
  const std::string& stem(const std::string& folded) {
    const auto found = stems_.find(folded);
    if (found != stems_.end()) return found->second;
    if (stems_.size() >= kMaxEntries) stems_.clear();
    return stems_.emplace(folded, stemmer_.stem(folded)).first->second;
  }

 private:
  static constexpr std::size_t kMaxEntries = std::size_t{1} << 20;
  text::Stemmer stemmer_;
  std::unordered_map<std::string, std::string> stems_;
};

StemCache& stem_cache() {
  thread_local StemCache cache;
  return cache;
}

constexpr std::size_t kMaxMemo = std::size_t{1} << 20;

// The first two bytes of `word` (at least two long) as one number.
std::size_t head(std::string_view word) {
  return static_cast<std::size_t>(static_cast<unsigned char>(word[0])) << 8 |
         static_cast<unsigned char>(word[1]);
}

}  // namespace

TermIndex::Id TermIndex::add_matcher(Kind kind, std::string key) {
  std::string id_key(1, static_cast<char>(kind));
  id_key += key;
  const auto [found, inserted] = matcher_ids_.try_emplace(std::move(id_key), 0);
  if (!inserted) return found->second;
  const auto id = static_cast<Id>(starts_.size());
  found->second = id;
  starts_.emplace_back();
  switch (kind) {
    case Kind::folded:
      by_folded_[key].push_back(id);
      break;
    case Kind::stem:
      by_stem_[key].push_back(id);
      break;
    case Kind::prefix: {
      const auto at = std::lower_bound(prefix_lengths_.begin(), prefix_lengths_.end(), key.size());
      if (at == prefix_lengths_.end() || *at != key.size()) prefix_lengths_.insert(at, key.size());
      if (key.size() == 1) {
        one_byte_prefix_ = true;
      } else {
        prefix_heads_[head(key)] = true;
      }
      by_prefix_[key].push_back(id);
      break;
    }
  }
  return id;
}

// Terms are split with the same word segmentation as the text, so "STAP-budget" becomes
// the phrase "stap budget" and matches however ICU split the transcript.
TermIndex::Id TermIndex::add(const std::string& term, bool stem, const std::string& place) {
  const std::vector<text::Word> words = text::words(term);
  if (words.empty()) throw InputError(place + "the term \"" + term + "\" has no words");
  const text::CodePointIndex index(term);
  std::vector<bool> prefix(words.size(), false);
  for (std::size_t byte = term.find('*'); byte != std::string::npos;
       byte = term.find('*', byte + 1)) {
    const Offset at = index.offset_at_byte(byte);
    const auto word = std::find_if(words.begin(), words.end(),
                                   [at](const text::Word& w) { return w.span.end == at; });
    if (word == words.end()) {
      throw InputError(place + "in the term \"" + term +
                       "\" a '*' must directly follow a word (it makes a prefix)");
    }
    prefix[static_cast<std::size_t>(word - words.begin())] = true;
  }
  generation_ = next_generation();
  std::vector<Id> matchers;
  std::string key;
  for (std::size_t w = 0; w < words.size(); ++w) {
    std::string folded = text::fold_word(words[w].text);
    if (folded.empty()) throw InputError(place + "the term \"" + term + "\" folds to nothing");
    Id id;
    if (prefix[w]) {
      id = add_matcher(Kind::prefix, std::move(folded));
    } else if (stem) {
      id = add_matcher(Kind::stem, stem_cache().stem(folded));
    } else {
      id = add_matcher(Kind::folded, std::move(folded));
    }
    matchers.push_back(id);
    key += std::to_string(id) + ' ';
  }
  const auto [found, inserted] = term_ids_.try_emplace(key, static_cast<Id>(terms_.size()));
  if (inserted) {
    starts_[matchers.front()].push_back(found->second);
    terms_.push_back(std::move(matchers));
  }
  return found->second;
}

std::uint64_t TermIndex::next_generation() {
  static std::atomic<std::uint64_t> counter{0};
  return ++counter;
}

// Transcripts repeat their words: remembering each word's matchers replaces the fold, the
// stem and several hash lookups by one lookup. The memo belongs to one index at a time.
void TermIndex::match(std::string_view word, std::vector<Id>& out) const {
  struct Memo {
    std::uint64_t generation = 0;
    StringMap<std::vector<Id>> matchers;
  };
  thread_local Memo memo;
  if (memo.generation != generation_ || memo.matchers.size() >= kMaxMemo) {
    memo.matchers.clear();
    memo.generation = generation_;
  }
  auto found = memo.matchers.find(word);
  if (found == memo.matchers.end()) {
    std::vector<Id> matchers;
    match_folded(text::fold_word(word), matchers);
    found = memo.matchers.emplace(std::string(word), std::move(matchers)).first;
  }
  out.insert(out.end(), found->second.begin(), found->second.end());
}

void TermIndex::match_folded(const std::string& folded, std::vector<Id>& out) const {
  const auto append = [&out](const StringMap<std::vector<Id>>& map, std::string_view key) {
    const auto found = map.find(key);
    if (found != map.end()) out.insert(out.end(), found->second.begin(), found->second.end());
  };
  append(by_folded_, folded);
  if (!by_stem_.empty()) append(by_stem_, stem_cache().stem(folded));
  if (one_byte_prefix_ || (folded.size() >= 2 && prefix_heads_[head(folded)])) {
    for (const std::size_t length : prefix_lengths_) {
      if (length > folded.size()) break;
      append(by_prefix_, std::string_view(folded).substr(0, length));
    }
  }
}

}  // namespace inzicht::coding
