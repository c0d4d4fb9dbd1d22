#pragma once
// Turns the lines a format reader extracted into a model::Document: NFC text, speaker
// turns (from labels in the text, or from the cues of subtitle formats), paragraphs inside
// turns and sentences (by the rules of a language) inside paragraphs, all as code-point spans.

#include <optional>
#include <string>
#include <vector>

#include "importers/extracted.hpp"
#include "model/document.hpp"

namespace inzicht::importers {

struct TurnOptions {
  std::vector<std::string> interviewers;       // added to the default interviewer names
  std::optional<std::string> speaker_pattern;  // replaces the built-in speaker labels
  std::string language = "nl";                 // whose sentence rules (text::languages())
};

// Builds the document named `name` of `format`. Text outside any turn (a title before
// the first label) stays in the text but belongs to no turn. Without any speaker label,
// every paragraph is one respondent turn. Throws InputError for a bad speaker pattern.
// Takes the extraction by value: its lines are freed as they join the document's text.
model::Document build_document(Extracted extracted, const std::string& name,
                               const std::string& format, const TurnOptions& options);

}  // namespace inzicht::importers
