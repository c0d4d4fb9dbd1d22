#include "coding/suggestions.hpp"

#include <optional>

#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

store::SuggestionFilter to_filter(const store::Project& project, const SuggestionQuery& query) {
  if (!query.source.empty() && query.source != "rule" && query.source != "model") {
    throw InputError("--source '" + query.source + "': a suggestion comes from rule or model");
  }
  store::SuggestionFilter filter;
  filter.code_paths = query.codes;
  for (const std::string& document : query.documents) {
    filter.documents.push_back(project.resolve_document(document).name);
  }
  filter.source = query.source;
  filter.state = query.state;
  filter.min_score = query.min_score;
  return filter;
}

store::SuggestionDecision decide(store::Project& project, const SuggestionChoice& choice,
                                 store::SuggestionState state, const std::string& coder) {
  if (choice.ids.empty() && choice.query.codes.empty() && !choice.all) {
    throw InputError(
        "name the suggestions: their ids (suggestions list shows them), or --code with "
        "--min-score, or --all");
  }
  store::SuggestionFilter filter = to_filter(project, choice.query);
  filter.ids = choice.ids;
  return project.decide_suggestions(filter, state, coder);
}

}  // namespace

std::vector<store::Suggestion> list_suggestions(const store::Project& project,
                                                const SuggestionQuery& query) {
  return project.suggestions(to_filter(project, query));
}

std::vector<std::string> suggestion_texts(const store::Project& project,
                                          const std::vector<store::Suggestion>& suggestions) {
  std::vector<std::string> result;
  std::string document;
  std::string text;
  std::optional<text::CodePointIndex> index;
  for (const store::Suggestion& s : suggestions) {
    if (!index || s.document != document) {
      index.reset();
      document = s.document;
      text = project.load_document(document).text;
      index.emplace(text);
    }
    result.emplace_back(index->slice(s.span));
  }
  return result;
}

store::SuggestionDecision accept_suggestions(store::Project& project,
                                             const SuggestionChoice& choice,
                                             const std::string& coder) {
  return decide(project, choice, store::SuggestionState::accepted, coder);
}

store::SuggestionDecision reject_suggestions(store::Project& project,
                                             const SuggestionChoice& choice,
                                             const std::string& coder) {
  return decide(project, choice, store::SuggestionState::rejected, coder);
}

}  // namespace inzicht::coding
