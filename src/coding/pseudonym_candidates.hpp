#pragma once
// Candidates for the pseudonym key, for a person to review: speakers, capitalised words
// that do not start a sentence (or do, but never occur in lower case), capitalised
// sequences ("Marloes de Vries", "ROC Dommeldal"), names after "meneer", "mevrouw",
// "mijn collega" and titles, organisations (words ending in -school, -college, …, or
// after "gemeente"), places (after "in", "uit", "naar"), e-mail addresses, phone numbers,
// dates and postcodes. No model: a list a team can edit.

#include <cstdint>
#include <string>
#include <vector>

#include "coding/pseudonym_key.hpp"
#include "model/document.hpp"

namespace inzicht::coding {

struct PseudonymCandidate {
  std::string text;
  PseudonymCategory category = PseudonymCategory::other;  // a guess
  std::string reasons;         // why it was found: speaker, capitalised, title, … (", ")
  std::int64_t count = 0;      // whole-word, case-sensitive occurrences in the documents
  std::int64_t documents = 0;  // documents it occurs in
  std::string document;        // where it first occurs
  std::string context;         // the first occurrence with some words either side, one line
};

// The candidates in `documents`, most frequent first. Speakers that name a role
// ("Interviewer", "R", "Respondent" …) are left out.
std::vector<PseudonymCandidate> find_candidates(const std::vector<model::Document>& documents);

}  // namespace inzicht::coding
