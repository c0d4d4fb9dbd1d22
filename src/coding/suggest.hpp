#pragma once
// Suggestions learned from the project's own codings (`inzicht suggest`): per code, a
// text classifier (text_classifier.hpp) trained on the units the chosen coders coded with
// it and the units they did not, which proposes the code for units nobody has coded with it.
//
// - Units are the respondents' sentences, or their paragraphs for a code whose codings by
//   the chosen coders mostly span more than one sentence ("as the code is used").
// - A unit is a positive example when a chosen coder's coding of the code covers at least
//   half of the unit or half of the coding. Negatives come only from documents the chosen
//   coders coded at all (a document nobody has read says nothing about absence), plus every
//   unit of a rejected suggestion of the code, wherever it is.
// - The codebook teaches too: a code's description, each inclusion criterion and each
//   example are positive examples of it (unless `use_codebook` is off), so that a team's own
//   words for a code count beside the few units coded with it.
// - Same project and options, same suggestions: no threads, fixed seed, documents by name.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/progress.hpp"
#include "store/project.hpp"

namespace inzicht::coding {

struct SuggestOptions {
  std::vector<std::string> codes;      // code paths, with children; empty: every codable code
  std::vector<std::string> from;       // coders to learn from; empty: every coder but auto,
                                       // or every coder when there is no other
  std::vector<std::string> documents;  // documents to suggest for; empty: all
  // Documents whose codings are left out of training, and which get suggestions as if
  // nobody had coded them: for evaluating on interviews the model has not seen.
  std::vector<std::string> holdout;
  double min_score = 0.5;             // propose units scored at least this
  std::size_t min_positives = 3;      // codes with fewer positives (units and codebook texts)
                                      // are not learned
  bool use_codebook = true;           // learn from each code's description, criteria, examples
  std::size_t reason_words = 5;       // words given as the reason of each suggestion
  bool dry_run = false;               // return the suggestions, store nothing
};

// What was learned for one code.
struct CodeModelSummary {
  std::string code_path;
  std::string unit;  // "sentence" or "paragraph"
  std::int64_t positives = 0;  // units coded with it
  std::int64_t described = 0;  // positives from the codebook: description, criteria, examples
  std::int64_t negatives = 0;
  std::int64_t rejected = 0;   // of the negatives: units of rejected suggestions
  std::int64_t suggested = 0;  // units proposed
  std::vector<std::string> top_words;  // the features weighing most for the code
  std::string skipped;  // why the code was not learned ("" when it was)
};

struct SuggestResult {
  std::vector<std::string> from;  // the coders learned from
  std::vector<CodeModelSummary> codes;
  std::vector<store::NewSuggestion> suggestions;  // every suggestion made, by document, place
  std::int64_t added = 0;                         // stored (0 with dry_run)
};

// Trains and proposes; stores the suggestions (source model) in one transaction,
// replacing the pending model suggestions of the codes learned. Throws NotFoundError for an
// unknown code, coder or document, InputError when no code has enough positive units.
SuggestResult suggest(store::Project& project, const SuggestOptions& options,
                      Progress* progress = nullptr);

}  // namespace inzicht::coding
