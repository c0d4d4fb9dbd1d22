// Placing a case among personas by its words, when its codings cannot.

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "analysis/personas.hpp"
#include "coding/autocoder.hpp"
#include "coding/text_classifier.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

// The words of case `c`'s respondent turns in every document, one string.
std::string respondent_text(const CodingData& data, std::size_t c) {
  std::string text;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    if (!data.holds_case(d, c)) continue;
    const auto& turns = data.units(Unit::turn, d);
    const auto& roles = data.unit_roles(Unit::turn, d);
    const std::string_view whole = data.text(d);
    const text::CodePointIndex index(whole);
    for (std::size_t t = 0; t < turns.size(); ++t) {
      if (roles[t] != model::Role::respondent || data.case_of(d, turns[t]) != c) continue;
      text += index.slice(turns[t]);
      text += "\n\n";
    }
  }
  return text;
}

using SparseVector = std::unordered_map<std::uint32_t, double>;

double dot(const SparseVector& a, const SparseVector& b) {
  const SparseVector& small = a.size() < b.size() ? a : b;
  const SparseVector& large = a.size() < b.size() ? b : a;
  double sum = 0;
  for (const auto& [id, value] : small) {
    if (const auto found = large.find(id); found != large.end()) sum += value * found->second;
  }
  return sum;
}

// The words with which the codebook describes `code` (coding::described_texts) and the
// terms of its rules (not the words its rules exclude).
std::string described_words(const model::Code& code) {
  std::string words;
  const auto add = [&](const std::vector<std::string>& lines) {
    for (const std::string& line : lines) words += line + "\n";
  };
  add(coding::described_texts(code));
  for (const model::Rule& rule : code.rules) {
    add(rule.keywords);
    add(rule.all);
    add(rule.any);
    if (rule.near) add(rule.near->terms);
  }
  return words;
}

// How many of a case's sentences that fit a persona's code best make its score: an ambition
// is voiced in a few sentences, not throughout, so a mean over all would drown it, and one
// sentence alone can be an accident.
constexpr std::size_t kBestSentences = 3;
constexpr Offset kQuoteLimit = 160;  // code points of the deciding sentence in the reasons
constexpr std::size_t kReasonWords = 8;  // deciding words in the reasons

}  // namespace

PlaceBy parse_place_by(const std::string& name) {
  if (name == "auto") return PlaceBy::automatic;
  if (name == "codings") return PlaceBy::codings;
  if (name == "rules") return PlaceBy::rules;
  if (name == "text") return PlaceBy::text;
  throw InputError("'" + name + "': a case is placed by auto, codings, rules or text");
}

CaseAssignment place_case(const CodingData& data, const model::Codebook& codebook,
                          PersonaOptions options, std::size_t case_index, PlaceBy by,
                          PersonaSet* personas_out,
                          const std::vector<model::Document>& documents) {
  PersonaSet set;
  CaseAssignment result;
  result.placements = assign_case(data, codebook, options, case_index, &set);
  // The case's codings of the clustered codes, by admitted coders.
  std::set<std::size_t> clustered(set.clustering.profiles.features.begin(),
                                 set.clustering.profiles.features.end());
  std::set<std::size_t> coders;
  for (const std::string& coder : options.cluster.profile.coders) {
    coders.insert(data.coder_index(coder));
  }
  std::set<std::string> coded;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    if (!data.holds_case(d, case_index)) continue;
    for (const CodingInfo& coding : data.codings_of(d)) {
      if (!clustered.count(coding.code) || (!coders.empty() && !coders.count(coding.coder)) ||
          coding.case_index != case_index) {
        continue;
      }
      ++result.codings;
      coded.insert(data.codes()[coding.code].path);
    }
  }
  const std::string& name = data.cases()[case_index].name;
  if (set.personas.empty()) throw InputError("cannot place case " + name + ": there are no personas");
  // What the rules of the clustered codes would code in the case's documents.
  std::vector<std::size_t> rule_codes;
  std::map<std::string, std::string> first_words;  // code path → the words matched first
  const bool try_rules =
      by == PlaceBy::rules ||
      (by == PlaceBy::automatic && result.codings < CaseAssignment::kFewCodings);
  if (try_rules) {
    std::vector<std::string> concerned;
    for (const std::size_t code : clustered) {
      const model::Code* found = codebook.find(data.codes()[code].path);
      if (found && !found->rules.empty()) concerned.push_back(found->path);
    }
    if (!concerned.empty()) {
      const coding::Autocoder autocoder(codebook, concerned, options.language);
      for (const model::Document& document : documents) {
        const text::CodePointIndex index(document.text);
        const auto at =
            std::find_if(data.documents().begin(), data.documents().end(),
                         [&](const DocumentInfo& info) { return info.name == document.name; });
        const auto d = static_cast<std::size_t>(at - data.documents().begin());
        // Rules with `where` read the turns as this case's: only its words count below.
        const coding::Autocoder::TurnAttributes attributes(document.turns.size(),
                                                           &data.cases()[case_index].attributes);
        for (const coding::AutoCoding& hit : autocoder.code(document, &attributes)) {
          // In a document of many speakers' cases, only what this case's speaker said.
          if (at != data.documents().end() && data.case_of(d, hit.span) != case_index) continue;
          rule_codes.push_back(data.code_index(hit.code_path));
          if (!hit.hits.empty() && !first_words.count(hit.code_path)) {
            first_words[hit.code_path] = std::string(index.slice(hit.hits.front()));
          }
        }
      }
    }
  }
  if (by == PlaceBy::automatic) {
    by = result.codings >= CaseAssignment::kFewCodings ? PlaceBy::codings
         : static_cast<std::int64_t>(rule_codes.size()) >= CaseAssignment::kFewCodings
             ? PlaceBy::rules
             : PlaceBy::text;
  }
  if (by == PlaceBy::rules) {
    if (rule_codes.empty()) {
      throw InputError("cannot place case " + name + " by rules: no rule of the clustered codes " +
                       "finds anything in its documents (--place text places it by its words)");
    }
    result.by = PlaceBy::rules;
    result.rule_codings = static_cast<std::int64_t>(rule_codes.size());
    ProfileOptions profile = options.cluster.profile;
    if (profile.features.empty()) profile.features = {options.by};
    const std::vector<double> row =
        codings_profile(data, profile, set.clustering.profiles, rule_codes);
    result.placements.clear();
    for (std::size_t p = 0; p < set.personas.size(); ++p) {
      result.placements.push_back(
          {p, distances({row, set.personas[p].centroid}, options.cluster.distance)(0, 1)});
    }
    std::stable_sort(result.placements.begin(), result.placements.end(),
                     [](const Placement& x, const Placement& y) { return x.distance < y.distance; });
    result.confidence = std::max(0.0, 1.0 - result.placements.front().distance);
    for (const auto& [path, words] : first_words) {
      result.reasons.push_back(path + " (\"" + words + "\")");
    }
    if (personas_out) *personas_out = std::move(set);
    return result;
  }
  if (by == PlaceBy::codings) {
    if (result.codings == 0) {
      throw InputError("cannot place case " + name + " by its codings: it has none of the " +
                       "clustered codes (--place text places it by its words)");
    }
    result.by = PlaceBy::codings;
    result.confidence = std::max(0.0, 1.0 - result.placements.front().distance);
    result.reasons.assign(coded.begin(), coded.end());
    if (personas_out) *personas_out = std::move(set);
    return result;
  }

  result.by = PlaceBy::text;
  // Words, not word pairs: a case's whole text against whole texts, where pairs mostly
  // repeat the words' evidence and turns of phrase that say nothing of ambition.
  coding::FeatureSpace space(options.language, options.stopwords, /*pairs=*/false);
  const coding::TextFeatures own = space.features(respondent_text(data, case_index));
  if (own.ids.empty()) {
    throw InputError("cannot place case " + name + ": it has " +
                     (result.codings == 0 ? "no coding of the clustered codes and " : "") +
                     "no respondent words to place it by");
  }
  // Each member's words once; document frequency over the clustered members.
  std::vector<std::vector<coding::TextFeatures>> members(set.personas.size());
  std::unordered_map<std::uint32_t, double> frequency;
  std::size_t cases = 0;
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    for (const std::size_t member : set.personas[p].members) {
      members[p].push_back(space.features(respondent_text(data, member)));
      for (const std::uint32_t id : members[p].back().ids) frequency[id] += 1;
      ++cases;
    }
  }
  // Unit-length tf-idf over the members: each word weighs log((cases + 1) / (members
  // with it + 1)). Words held by fewer than `least` members are left out.
  const auto weighted = [&](const coding::TextFeatures& features, double least) {
    SparseVector v;
    double norm = 0;
    for (const std::uint32_t id : features.ids) {
      const auto found = frequency.find(id);
      const double members_with = found == frequency.end() ? 0.0 : found->second;
      if (members_with < least) continue;
      const double idf = std::log((static_cast<double>(cases) + 1) / (members_with + 1));
      if (idf <= 0) continue;
      v[id] = idf;
      norm += idf * idf;
    }
    norm = std::sqrt(norm);
    for (auto& [id, value] : v) value /= norm > 0 ? norm : 1;
    return v;
  };
  // A word of one case only says who the case is, not which persona it belongs to.
  const auto vector_of = [&](const coding::TextFeatures& features) {
    return weighted(features, 2);
  };
  std::vector<SparseVector> profiles(set.personas.size());
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    for (const coding::TextFeatures& features : members[p]) {
      for (const auto& [id, value] : vector_of(features)) {
        profiles[p][id] += value / static_cast<double>(members[p].size());
      }
    }
    const double norm = std::sqrt(dot(profiles[p], profiles[p]));
    for (auto& [id, value] : profiles[p]) value /= norm > 0 ? norm : 1;
  }
  const SparseVector mine = vector_of(own);

  // Second view: the case's sentences against each persona's code as the codebook describes
  // it. Every word counts here, weighted by its rarity among the members (a word no member
  // used weighs most), as the description is short and need not use the corpus's words.
  const auto rarity_vector = [&](const coding::TextFeatures& features) {
    return weighted(features, 0);
  };
  std::vector<SparseVector> described(set.personas.size());
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    if (!set.personas[p].code) continue;
    if (const model::Code* code = codebook.find(data.codes()[*set.personas[p].code].path)) {
      described[p] = rarity_vector(space.features(described_words(*code)));
    }
  }
  // Per persona, the similarities of the case's best-fitting sentences, best first, with the
  // sentence (a view into the data's text) for the reasons.
  std::vector<std::vector<std::pair<double, std::string_view>>> fits(set.personas.size());
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    if (!data.holds_case(d, case_index)) continue;
    const auto& sentences = data.units(Unit::sentence, d);
    const auto& roles = data.unit_roles(Unit::sentence, d);
    const text::CodePointIndex index(data.text(d));
    for (std::size_t u = 0; u < sentences.size(); ++u) {
      if (roles[u] != model::Role::respondent || data.case_of(d, sentences[u]) != case_index) {
        continue;
      }
      const std::string_view sentence = index.slice(sentences[u]);
      const SparseVector v = rarity_vector(space.features(sentence));
      for (std::size_t p = 0; p < set.personas.size(); ++p) {
        const double fit = dot(v, described[p]);
        if (fit > 0) fits[p].emplace_back(fit, sentence);
      }
    }
  }
  std::vector<double> described_similarity(set.personas.size(), 0.0);
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    auto& best = fits[p];
    const std::size_t kept = std::min(best.size(), kBestSentences);
    std::partial_sort(best.begin(), best.begin() + static_cast<std::ptrdiff_t>(kept), best.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first; });
    best.resize(kept);
    for (const auto& [fit, sentence] : best) described_similarity[p] += fit / kBestSentences;
  }

  // The two views weigh alike.
  result.placements.clear();
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    result.placements.push_back({p, 1.0 - (dot(mine, profiles[p]) + described_similarity[p]) / 2});
  }
  std::stable_sort(result.placements.begin(), result.placements.end(),
                   [](const Placement& x, const Placement& y) { return x.distance < y.distance; });
  const double best = 1.0 - result.placements[0].distance;
  const double second = result.placements.size() > 1 ? 1.0 - result.placements[1].distance : 0;
  result.confidence = best > 0 ? (best - second) / best : 0;
  // The deciding sentence: the case's sentence that fits the nearest persona's code best.
  if (const auto& best_fits = fits[result.placements[0].persona]; !best_fits.empty()) {
    result.reasons.push_back("\"" + text::shortened(best_fits.front().second, kQuoteLimit) + "\"");
  }
  // The deciding words: the case's features that add most to the best persona's similarity
  // beyond the runner-up's, as written in the case.
  const SparseVector& first = profiles[result.placements[0].persona];
  const SparseVector* runner = result.placements.size() > 1
                                   ? &profiles[result.placements[1].persona]
                                   : nullptr;
  std::vector<std::pair<double, std::size_t>> weights;
  for (std::size_t i = 0; i < own.ids.size(); ++i) {
    const auto value = mine.find(own.ids[i]);
    if (value == mine.end()) continue;
    const auto in = [&](const SparseVector& profile) {
      const auto found = profile.find(own.ids[i]);
      return found == profile.end() ? 0.0 : found->second;
    };
    const double gain = value->second * (in(first) - (runner ? in(*runner) : 0.0));
    if (gain > 0) weights.emplace_back(gain, i);
  }
  std::stable_sort(weights.begin(), weights.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  // Words alone here (no pairs), so only the same word written alike twice is left out; a
  // word the quoted sentence holds still counts, as the evidence of the other view.
  const std::size_t quoted = result.reasons.size();
  for (const auto& [gain, i] : weights) {
    if (result.reasons.size() == quoted + kReasonWords) break;
    const std::string& surface = own.surfaces[i];
    if (std::find(result.reasons.begin() + static_cast<std::ptrdiff_t>(quoted),
                  result.reasons.end(), surface) == result.reasons.end()) {
      result.reasons.push_back(surface);
    }
  }
  if (personas_out) *personas_out = std::move(set);
  return result;
}

}  // namespace inzicht::analysis
