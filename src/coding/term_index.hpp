#pragma once
// The autocoder's term index (private to coding/): the terms of all rules, each split into
// words the way text is split, every word a matcher — a folded word, a Snowball stem, or a
// folded prefix — shared between terms and indexed so that one lookup per text word gives
// every matcher the word satisfies. A term of several words is a phrase; the caller
// continues it on the words that follow.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace inzicht::coding {

class TermIndex {
 public:
  using Id = std::uint32_t;

  // Stems by the Snowball stemmer of `language` (text::languages()). Throws InputError for
  // an unknown language.
  explicit TermIndex(std::string language = "nl");

  // Adds `term` (or finds the same term added before) and returns its id. With `stem` its
  // words match by stem, else by folded word; a '*' right after a word makes that word a
  // prefix of the folded text word. Throws InputError, its message starting with `place`,
  // for a term without words or a '*' that does not follow a word.
  Id add(const std::string& term, bool stem, const std::string& place);

  std::size_t size() const { return terms_.size(); }
  // The matchers of the words of `term`, in order.
  const std::vector<Id>& words(Id term) const { return terms_[term]; }
  // The terms whose first word is `matcher`.
  const std::vector<Id>& starting_with(Id matcher) const { return starts_[matcher]; }

  // Appends to `out` every matcher that the text word `word` (as written) satisfies.
  // Answers are remembered per thread, so each distinct word is folded, stemmed and
  // looked up once. Safe to call concurrently (but not concurrently with `add`).
  void match(std::string_view word, std::vector<Id>& out) const;

 private:
  enum class Kind : char { folded = 'f', stem = 's', prefix = 'p' };

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  template <typename Value>
  using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

  Id add_matcher(Kind kind, std::string key);
  void match_folded(const std::string& folded, std::vector<Id>& out) const;

  // Identifies this index's current contents to the per-thread memo of `match`.
  std::string language_;
  std::uint64_t generation_ = next_generation();
  static std::uint64_t next_generation();

  std::vector<std::vector<Id>> terms_;   // term → its word matchers
  StringMap<Id> term_ids_;               // the matchers joined, to share equal terms
  StringMap<Id> matcher_ids_;            // kind and key
  std::vector<std::vector<Id>> starts_;  // matcher → terms whose first word it is
  StringMap<std::vector<Id>> by_folded_;
  StringMap<std::vector<Id>> by_stem_;
  StringMap<std::vector<Id>> by_prefix_;
  std::vector<std::size_t> prefix_lengths_;  // distinct, ascending, in bytes
  // The first two bytes of every prefix, so that most words skip the prefix probes.
  std::vector<bool> prefix_heads_ = std::vector<bool>(1 << 16, false);
  bool one_byte_prefix_ = false;
};

}  // namespace inzicht::coding
