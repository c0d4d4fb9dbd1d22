#include "coding/text_classifier.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "model/codebook.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

std::vector<std::string> described_texts(const model::Code& code) {
  std::vector<std::string> texts;
  if (!code.description.empty()) texts.push_back(code.description);
  for (const auto* lines : {&code.include, &code.examples}) {
    for (const std::string& line : *lines) {
      if (!line.empty()) texts.push_back(line);
    }
  }
  return texts;
}

struct FeatureSpace::Impl {
  explicit Impl(std::string_view language) : stemmer(language) {}
  text::Stemmer stemmer;
};

FeatureSpace::FeatureSpace(std::string_view language, std::unordered_set<std::string> stopwords,
                           bool pairs)
    : stopwords_(std::move(stopwords)), pairs_(pairs), impl_(std::make_unique<Impl>(language)) {}
FeatureSpace::~FeatureSpace() = default;

TextFeatures FeatureSpace::features(std::string_view utf8) {
  std::vector<std::pair<std::uint32_t, std::string>> found;
  const auto id_of = [&](std::string name) {
    const auto [it, added] = ids_.emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (added) names_.push_back(std::move(name));
    return it->second;
  };
  std::string previous_stem;
  std::string previous_word;
  for (const text::Word& word : text::words(utf8)) {
    const std::string folded = text::fold_word(word.text);
    // Numbers say little about what a passage is about, and differ in every interview.
    if (folded.find_first_not_of("0123456789.,") == std::string::npos) {
      previous_stem.clear();
      continue;
    }
    const std::string stem = impl_->stemmer.stem(folded);
    if (!stopwords_.count(folded)) found.emplace_back(id_of("w:" + stem), word.text);
    if (pairs_ && !previous_stem.empty()) {
      found.emplace_back(id_of("p:" + previous_stem + " " + stem), previous_word + " " + word.text);
    }
    previous_stem = stem;
    previous_word = word.text;
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  TextFeatures result;
  for (auto& [id, surface] : found) {
    if (!result.ids.empty() && result.ids.back() == id) continue;  // the first occurrence
    result.ids.push_back(id);
    result.surfaces.push_back(std::move(surface));
  }
  return result;
}

double LogisticModel::score(const TextFeatures& features) const {
  double z = bias;
  for (const std::uint32_t id : features.ids) {
    if (id < weights.size()) z += weights[id];
  }
  return 1.0 / (1.0 + std::exp(-z));
}

std::vector<std::string> LogisticModel::reasons(const TextFeatures& features,
                                                std::size_t count) const {
  std::vector<std::size_t> order(features.ids.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  const auto weight = [&](std::size_t i) {
    const std::uint32_t id = features.ids[i];
    return id < weights.size() ? weights[id] : 0.0;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return weight(a) > weight(b); });
  std::vector<std::string> words;
  for (const std::size_t i : order) {
    if (words.size() == count || weight(i) <= 0) break;
    // A pair repeats its words; leave out a word already shown in a pair and vice versa.
    const std::string& surface = features.surfaces[i];
    bool shown = false;
    for (const std::string& word : words) {
      shown = shown || word.find(surface) != std::string::npos ||
              surface.find(word) != std::string::npos;
    }
    if (!shown) words.push_back(surface);
  }
  return words;
}

LogisticModel train_logistic(const std::vector<Example>& examples, std::size_t feature_count,
                             const TrainingOptions& options) {
  LogisticModel model;
  model.weights.assign(feature_count, 0.0);
  std::vector<double> squared(feature_count, 0.0);  // AdaGrad's sums of squared gradients
  double bias_squared = 0;
  std::vector<std::uint32_t> frequency(feature_count, 0);
  for (const Example& example : examples) {
    for (const std::uint32_t id : example.features->ids) ++frequency[id];
  }
  // A word of every positive example may be common when positives are; allow twice their
  // number.
  std::size_t positives = 0;
  for (const Example& example : examples) positives += example.positive ? 1 : 0;
  const double common = std::max(options.max_share * static_cast<double>(examples.size()),
                                 2.0 * static_cast<double>(positives));
  std::vector<bool> learned(feature_count);
  for (std::size_t id = 0; id < feature_count; ++id) {
    // At least two examples: a feature of one sentence only is an accident of wording.
    learned[id] = frequency[id] >= 2 && static_cast<double>(frequency[id]) <= common;
  }
  std::vector<std::size_t> order(examples.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // A xorshift generator of our own: std::shuffle's order is not the same across standard
  // libraries, and the same project must give the same suggestions everywhere.
  std::uint64_t state = options.seed * 0x9E3779B97F4A7C15ULL + 1;
  const auto next = [&] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  constexpr double kEpsilon = 1e-8;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[next() % i]);
    }
    for (const std::size_t e : order) {
      const Example& example = examples[e];
      const double p = model.score(*example.features);
      const double gradient = (p - (example.positive ? 1.0 : 0.0)) * example.weight;
      for (const std::uint32_t id : example.features->ids) {
        if (!learned[id]) continue;
        const double g = gradient + options.l2 * model.weights[id];
        squared[id] += g * g;
        model.weights[id] -= options.learning_rate * g / (std::sqrt(squared[id]) + kEpsilon);
      }
      bias_squared += gradient * gradient;
      model.bias -= options.learning_rate * gradient / (std::sqrt(bias_squared) + kEpsilon);
    }
  }
  return model;
}

}  // namespace inzicht::coding
