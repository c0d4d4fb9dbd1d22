#pragma once
// A text classifier that can say why: L2-regularised logistic regression over the words of a
// stretch of text, each word folded (case, diacritics) and Snowball-stemmed, plus every pair
// of consecutive stems ("geen tijd"). Chosen over fastText (libfasttext-dev) because its
// weights explain each score (the top-weighted words present are the reason given), it is
// deterministic (one thread, a fixed order of examples, no random initialisation), needs no
// files on disk and trains on a few thousand sentences in milliseconds per code.
//
// No store, no project: the suggester (suggest.hpp) and persona placement (analysis/) feed
// it text and labels.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace inzicht::model {
struct Code;
}

namespace inzicht::coding {

// The texts by which the codebook describes `code`, each an example of it: its description,
// every inclusion criterion, every example. Exclusion criteria describe other codes and
// stay out. Empty texts are left out.
std::vector<std::string> described_texts(const model::Code& code);

// The features of one stretch of text: sorted, distinct ids into a FeatureSpace, and for
// each the words as written that gave it (for explanations).
struct TextFeatures {
  std::vector<std::uint32_t> ids;
  std::vector<std::string> surfaces;  // parallel to `ids`
};

// The vocabulary: feature strings ("w:stem", "p:stem stem") to ids, in order of first
// appearance, so the same texts in the same order give the same ids.
class FeatureSpace {
 public:
  // `language`: the Snowball stemmer's; `stopwords` (folded) give no word feature of
  // their own; without `pairs`, no features of adjacent stems.
  explicit FeatureSpace(std::string_view language = "nl",
                        std::unordered_set<std::string> stopwords = {}, bool pairs = true);
  ~FeatureSpace();
  FeatureSpace(const FeatureSpace&) = delete;
  FeatureSpace& operator=(const FeatureSpace&) = delete;

  // The features of `text` (UTF-8, NFC), adding new ones to the vocabulary.
  TextFeatures features(std::string_view text);
  std::size_t size() const { return names_.size(); }
  // The feature as people read it: the stem or the pair of stems.
  const std::string& name(std::uint32_t id) const { return names_[id]; }

 private:
  struct Impl;
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> names_;
  std::unordered_set<std::string> stopwords_;
  bool pairs_ = true;
  std::unique_ptr<Impl> impl_;  // the stemmer
};

struct Example {
  const TextFeatures* features = nullptr;
  bool positive = false;
  double weight = 1;  // how much the example counts
};

struct TrainingOptions {
  int epochs = 15;
  double learning_rate = 0.5;  // AdaGrad's base rate
  double l2 = 1e-4;            // per example, on the features it has
  std::uint64_t seed = 17;     // the order examples are visited in, per epoch
  // Features present in more than this share of the examples ("de", "het", "is"), and in
  // more than twice as many examples as are positive, say nothing about a code and, with
  // few positives, would be learned as if they did: they keep weight 0, as do features of
  // one example only. A share rather than a stopword list, so it holds for any language.
  double max_share = 0.05;
};

// A trained binary model: P(positive | text) = σ(bias + Σ weight of each feature present).
struct LogisticModel {
  std::vector<double> weights;  // by feature id; features unseen in training weigh 0
  double bias = 0;

  double score(const TextFeatures& features) const;
  // The features of `features` that raised its score most, by weight, at most `count`, as
  // the words written in the text; only positive weights.
  std::vector<std::string> reasons(const TextFeatures& features, std::size_t count) const;
};

// Trains on `examples` (feature ids below `feature_count`). Deterministic: the same examples
// in the same order and options give the same weights.
LogisticModel train_logistic(const std::vector<Example>& examples, std::size_t feature_count,
                             const TrainingOptions& options = {});

}  // namespace inzicht::coding
