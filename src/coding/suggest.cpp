#include "coding/suggest.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <tuple>

#include "coding/text_classifier.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

enum Kind { kSentence = 0, kParagraph = 1 };

Offset overlap(Span a, Span b) {
  return std::max<Offset>(0, std::min(a.end, b.end) - std::max(a.start, b.start));
}

// A coding marks a unit when it covers at least half of the unit or half of itself.
bool marks(Span coding, Span unit) {
  const Offset shared = overlap(coding, unit);
  return shared > 0 && 2 * shared >= std::min(coding.end - coding.start, unit.end - unit.start);
}

struct LoadedDocument {
  std::string name;
  bool trained = false;  // its codings by the chosen coders teach the models
  bool target = false;   // it gets suggestions
  bool holdout = false;
  std::vector<Span> sentences;  // all, for deciding a code's unit
  std::vector<Span> units[2];   // the respondents' sentences and paragraphs
  std::vector<TextFeatures> features[2];
  // Codings by code path: spans of the chosen coders, and of anyone.
  std::map<std::string, std::vector<Span>> from_codings;
  std::map<std::string, std::vector<Span>> any_codings;
  std::map<std::string, std::vector<Span>> rejected;
};

bool any_marks(const std::map<std::string, std::vector<Span>>& spans, const std::string& code,
               Span unit) {
  const auto found = spans.find(code);
  if (found == spans.end()) return false;
  for (const Span& span : found->second) {
    if (marks(span, unit)) return true;
  }
  return false;
}

bool any_overlaps(const std::map<std::string, std::vector<Span>>& spans, const std::string& code,
                  Span unit) {
  const auto found = spans.find(code);
  if (found == spans.end()) return false;
  for (const Span& span : found->second) {
    if (overlap(span, unit) > 0) return true;
  }
  return false;
}

// Sentences or paragraphs: paragraphs when most of the code's codings span more than one
// sentence.
Kind unit_of(const std::vector<LoadedDocument>& documents, const std::string& code) {
  std::int64_t codings = 0;
  std::int64_t longer = 0;
  for (const LoadedDocument& document : documents) {
    if (!document.trained) continue;
    const auto found = document.from_codings.find(code);
    if (found == document.from_codings.end()) continue;
    for (const Span& coding : found->second) {
      int sentences = 0;
      for (const Span& sentence : document.sentences) {
        if (2 * overlap(coding, sentence) >= sentence.end - sentence.start) ++sentences;
      }
      ++codings;
      if (sentences > 1) ++longer;
    }
  }
  return 2 * longer > codings ? kParagraph : kSentence;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

}  // namespace

SuggestResult suggest(store::Project& project, const SuggestOptions& options,
                      Progress* progress) {
  const model::Codebook codebook = project.codebook();
  for (const std::string& wanted : options.codes) {
    if (!codebook.find(wanted)) throw NotFoundError("no code '" + wanted + "' in the codebook");
  }
  std::vector<std::string> concerned;
  for (const model::Code& code : codebook.codes) {
    if (!code.codable) continue;
    bool wanted = options.codes.empty();
    for (const std::string& path : options.codes) {
      wanted = wanted || code.path == path || code.path.rfind(path + "/", 0) == 0;
    }
    if (wanted) concerned.push_back(code.path);
  }
  if (concerned.empty()) throw InputError("none of the codes named can be coded");

  std::set<std::string> coders;
  for (const auto& [id, name] : project.coder_rows()) coders.insert(name);
  SuggestResult result;
  if (options.from.empty()) {
    for (const std::string& coder : coders) {
      if (coder != "auto") result.from.push_back(coder);
    }
    if (result.from.empty()) result.from.assign(coders.begin(), coders.end());
  } else {
    for (const std::string& coder : options.from) {
      if (!coders.count(coder)) {
        throw NotFoundError("no coder '" + coder + "' in the project (coders: " +
                            joined({coders.begin(), coders.end()}) + ")");
      }
    }
    result.from = options.from;
  }
  if (result.from.empty()) throw InputError("nothing to learn from: the project has no codings");
  const std::set<std::string> from(result.from.begin(), result.from.end());

  std::set<std::string> targets, holdout;
  for (const std::string& name : options.documents) {
    targets.insert(project.resolve_document(name).name);
  }
  for (const std::string& name : options.holdout) {
    holdout.insert(project.resolve_document(name).name);
  }

  // Every document once: units, features, codings.
  const auto summaries = project.documents();
  std::vector<LoadedDocument> documents(summaries.size());
  std::map<std::string, std::size_t> index_of;
  for (std::size_t d = 0; d < summaries.size(); ++d) {
    documents[d].name = summaries[d].name;
    documents[d].holdout = holdout.count(summaries[d].name) > 0;
    documents[d].target =
        targets.empty() || targets.count(summaries[d].name) || documents[d].holdout;
    index_of[summaries[d].name] = d;
  }
  for (const store::Coding& coding : project.codings({})) {
    LoadedDocument& document = documents[index_of.at(coding.document)];
    if (document.holdout) continue;  // as if nobody had coded it
    document.any_codings[coding.code].push_back(coding.span);
    if (from.count(coding.coder)) {
      document.from_codings[coding.code].push_back(coding.span);
      document.trained = true;
    }
  }
  store::SuggestionFilter rejected_filter;
  rejected_filter.source = "";
  rejected_filter.state = store::SuggestionState::rejected;
  for (const store::Suggestion& s : project.suggestions(rejected_filter)) {
    documents[index_of.at(s.document)].rejected[s.code_path].push_back(s.span);
  }
  FeatureSpace space(project.language());
  for (std::size_t d = 0; d < documents.size(); ++d) {
    LoadedDocument& document = documents[d];
    if (progress) progress->step(d, documents.size(), document.name);
    if (!document.trained && !document.target && document.rejected.empty()) continue;
    const model::Document loaded = project.load_document(document.name);
    const text::CodePointIndex index(loaded.text);
    const auto respondent = [&](std::size_t paragraph) {
      const std::size_t turn = loaded.paragraphs[paragraph].turn;
      return turn < loaded.turns.size() && loaded.turns[turn].role == model::Role::respondent;
    };
    for (const model::Sentence& sentence : loaded.sentences) {
      document.sentences.push_back(sentence.span);
      if (!respondent(sentence.paragraph)) continue;
      document.units[kSentence].push_back(sentence.span);
      document.features[kSentence].push_back(space.features(index.slice(sentence.span)));
    }
    for (std::size_t p = 0; p < loaded.paragraphs.size(); ++p) {
      if (!respondent(p)) continue;
      document.units[kParagraph].push_back(loaded.paragraphs[p].span);
      document.features[kParagraph].push_back(space.features(index.slice(loaded.paragraphs[p].span)));
    }
  }
  if (progress) progress->finish();

  std::vector<std::string> learned;
  for (const std::string& code : concerned) {
    CodeModelSummary summary;
    summary.code_path = code;
    std::vector<TextFeatures> described;
    if (options.use_codebook) {
      for (const std::string& text : described_texts(*codebook.find(code))) {
        described.push_back(space.features(text));
      }
    }
    const Kind kind = unit_of(documents, code);
    summary.unit = kind == kParagraph ? "paragraph" : "sentence";
    std::vector<Example> examples;
    for (const LoadedDocument& document : documents) {
      const bool has_rejected = document.rejected.count(code) > 0;
      if (!document.trained && !has_rejected) continue;
      for (std::size_t u = 0; u < document.units[kind].size(); ++u) {
        const Span unit = document.units[kind][u];
        const bool positive = document.trained && any_marks(document.from_codings, code, unit);
        const bool rejected = !positive && any_marks(document.rejected, code, unit);
        if (!positive && !rejected && !document.trained) continue;
        examples.push_back({&document.features[kind][u], positive, 1.0});
        if (positive) {
          ++summary.positives;
        } else {
          ++summary.negatives;
          if (rejected) ++summary.rejected;
        }
      }
    }
    for (const TextFeatures& features : described) examples.push_back({&features, true, 1.0});
    summary.described = static_cast<std::int64_t>(described.size());
    if (summary.positives + summary.described < static_cast<std::int64_t>(options.min_positives)) {
      summary.skipped =
          "fewer than " + std::to_string(options.min_positives) +
          (options.use_codebook ? " coded units and codebook texts" : " coded units") +
          " to learn from";
      result.codes.push_back(std::move(summary));
      continue;
    }
    // Positives are rare; weigh them up, but not so far that every unit looks positive.
    const double weight =
        std::clamp(std::sqrt(static_cast<double>(summary.negatives) /
                             static_cast<double>(summary.positives + summary.described)),
                   1.0, 10.0);
    for (Example& example : examples) {
      if (example.positive) example.weight = weight;
    }
    const LogisticModel model = train_logistic(examples, space.size());
    std::vector<std::uint32_t> by_weight(space.size());
    for (std::uint32_t i = 0; i < by_weight.size(); ++i) by_weight[i] = i;
    std::stable_sort(by_weight.begin(), by_weight.end(), [&](std::uint32_t a, std::uint32_t b) {
      return model.weights[a] > model.weights[b];
    });
    for (std::size_t i = 0; i < by_weight.size() && i < 8; ++i) {
      if (model.weights[by_weight[i]] <= 0) break;
      summary.top_words.push_back(space.name(by_weight[i]).substr(2));
    }
    const std::string origin =
        "logreg from " + joined(result.from) + (summary.described ? " and the codebook" : "") +
        " (" + std::to_string(summary.positives) + "+/" + std::to_string(summary.negatives) +
        "-, " +
        (summary.described ? std::to_string(summary.described) + " codebook texts, " : "") +
        summary.unit + "s)";
    for (const LoadedDocument& document : documents) {
      if (!document.target) continue;
      for (std::size_t u = 0; u < document.units[kind].size(); ++u) {
        const Span unit = document.units[kind][u];
        if (any_overlaps(document.any_codings, code, unit)) continue;
        if (any_marks(document.rejected, code, unit)) continue;
        const TextFeatures& features = document.features[kind][u];
        const double score = model.score(features);
        if (score < options.min_score) continue;
        result.suggestions.push_back({document.name, code, unit, score, "model", origin,
                                      model.reasons(features, options.reason_words)});
        ++summary.suggested;
      }
    }
    learned.push_back(code);
    result.codes.push_back(std::move(summary));
  }
  if (learned.empty()) {
    throw InputError("no code has " + std::to_string(options.min_positives) +
                     " or more units coded by " + joined(result.from) +
                     (options.use_codebook ? " or texts in the codebook" : "") + " to learn from");
  }
  std::stable_sort(result.suggestions.begin(), result.suggestions.end(),
                   [](const store::NewSuggestion& a, const store::NewSuggestion& b) {
                     return std::tie(a.document, a.span.start, a.span.end) <
                            std::tie(b.document, b.span.start, b.span.end);
                   });
  if (!options.dry_run) result.added = project.add_suggestions(result.suggestions, "model", learned);
  return result;
}

}  // namespace inzicht::coding
