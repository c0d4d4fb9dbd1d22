#pragma once
// The customer journey map of each persona: how often each journey phase meets each
// threshold and each lever in the same unit (a paragraph by default) of the persona's
// member cases, with a quote per cell, and how prevalent each tension field is among a
// persona's members.

#include <string>
#include <vector>

#include "analysis/personas.hpp"

namespace inzicht::analysis {

struct JourneyOptions {
  std::string phases = "fasen";
  std::string thresholds = "drempels/aanbieders";
  std::string levers = "hefbomen/aanbieders";
  std::string tensions = "spanningsvelden";
  Unit unit = Unit::paragraph;
  std::vector<std::string> coders;  // empty: every coder
};

// One cell of a phase × threshold or phase × lever map: the number of units of the
// persona's member documents holding a coding of both (a unit counts once per pair), and
// a quote from such a unit: preferably one that stands on its own (at least
// kMinQuoteWords words, at most kMaxQuoteLength code points), then a sentence overlapping a
// coding of each before a coding of the second code (widened to whole sentences), then as
// quotes.hpp prefers (a respondent's, the shortest).
struct JourneyCell {
  std::size_t persona = 0;
  std::size_t phase = 0;  // code indices
  std::size_t other = 0;
  std::int64_t units = 0;
  std::string quote;
};

struct TensionPrevalence {
  std::size_t tension = 0;          // code index
  std::vector<std::int64_t> cases;  // per persona: member cases with a coding of it
  std::int64_t all_cases = 0;       // over every clustered case
};

struct Journey {
  std::vector<JourneyCell> thresholds;  // non-empty cells, by persona, phase, threshold
  std::vector<JourneyCell> levers;
  std::vector<TensionPrevalence> tensions;
};

// Throws NotFoundError when a prefix is not a code.
Journey journey(const CodingData& data, const PersonaSet& set, const JourneyOptions& options);

// Sheets "thresholds" and "levers" (persona, name, phase, threshold or lever, units,
// quote) and "tensions"
// (tension, all_cases, all_share, then per persona "<name>" share of members), rows of
// personas not in `only` left out unless it is empty.
std::vector<table::Sheet> journey_sheets(const CodingData& data, const PersonaSet& set,
                                          const Journey& journey,
                                          const std::vector<std::size_t>& only);

}  // namespace inzicht::analysis
