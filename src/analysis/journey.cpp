#include "analysis/journey.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "analysis/quotes.hpp"

namespace inzicht::analysis {

namespace {

bool overlaps(Span a, Span b) { return a.start < b.end && b.start < a.end; }

struct Marked {
  std::size_t code = 0;
  Span span;
};

// The best quote found so far for a cell: one that can stand on its own (enough words, not
// too long) first, then a sentence holding both codes before a coding of the second code
// alone, then as quotes.hpp prefers.
struct Candidate {
  bool both = false;
  QuoteCandidate quote;
};

bool better(const Candidate& x, const std::optional<Candidate>& best) {
  if (!best) return true;
  const bool x_full = x.quote.fits && x.quote.enough_words;
  const bool best_full = best->quote.fits && best->quote.enough_words;
  if (x_full != best_full) return x_full;
  if (x.both != best->both) return x.both;
  return x.quote.key() < best->quote.key();
}

using CellKey = std::tuple<std::size_t, std::size_t, std::size_t>;  // persona, phase, other
struct CellState {
  std::int64_t units = 0;
  std::optional<Candidate> quote;
};

// Adds the unit's phase × other pairs to `cells`.
void count_unit(const CodingData& data, std::size_t persona, std::size_t document,
                const std::vector<Marked>& phases, const std::vector<Marked>& others, Span unit,
                std::map<CellKey, CellState>& cells) {
  std::set<std::pair<std::size_t, std::size_t>> pairs;
  for (const Marked& phase : phases) {
    for (const Marked& other : others) pairs.insert({phase.code, other.code});
  }
  const auto& sentences = data.units(Unit::sentence, document);
  for (const auto& [phase, other] : pairs) {
    CellState& cell = cells[{persona, phase, other}];
    ++cell.units;
    for (const Span& sentence : sentences) {
      if (!overlaps(sentence, unit)) continue;
      bool has_phase = false, has_other = false;
      for (const Marked& m : phases) has_phase |= m.code == phase && overlaps(m.span, sentence);
      for (const Marked& m : others) has_other |= m.code == other && overlaps(m.span, sentence);
      if (!has_phase || !has_other) continue;
      const Candidate candidate{true, quote_candidate(data, document, sentence)};
      if (better(candidate, cell.quote)) cell.quote = candidate;
    }
    for (const Marked& m : others) {
      if (m.code != other) continue;
      const Candidate candidate{false, quote_candidate(data, document, m.span)};
      if (better(candidate, cell.quote)) cell.quote = candidate;
    }
  }
}

std::vector<JourneyCell> finish(const CodingData& data, const std::map<CellKey, CellState>& cells) {
  std::vector<JourneyCell> out;
  for (const auto& [key, state] : cells) {
    JourneyCell cell{std::get<0>(key), std::get<1>(key), std::get<2>(key), state.units, {}};
    if (state.quote) {
      const QuoteCandidate& quote = state.quote->quote;
      cell.quote = quote_text(data.text(quote.document), quote.span);
    }
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace

Journey journey(const CodingData& data, const PersonaSet& set, const JourneyOptions& options) {
  // 0: not in the map; 1: phase; 2: threshold; 3: lever; 4: tension.
  std::vector<int> role(data.codes().size(), 0);
  const std::vector<std::string> prefixes = {options.phases, options.thresholds, options.levers,
                                             options.tensions};
  for (std::size_t r = 0; r < prefixes.size(); ++r) {
    for (std::size_t code : data.subtree(data.code_index(prefixes[r]))) {
      if (data.codes()[code].codable) role[code] = static_cast<int>(r + 1);
    }
  }
  const std::vector<bool> coders = data.coder_mask(options.coders);

  std::vector<std::optional<std::size_t>> persona_of(data.cases().size());
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    for (std::size_t c : set.personas[p].members) persona_of[c] = p;
  }
  std::map<CellKey, CellState> threshold_cells, lever_cells;
  std::map<std::size_t, TensionPrevalence> tensions;
  for (std::size_t code = 0; code < role.size(); ++code) {
    if (role[code] == 4) {
      tensions[code] = {code, std::vector<std::int64_t>(set.personas.size(), 0), 0};
    }
  }
  std::vector<std::set<std::size_t>> tensions_of(data.cases().size());
  // A document with a case per speaker is walked once per case with a persona, each time
  // with that case's codings only.
  for (std::size_t document = 0; document < data.documents().size(); ++document) {
    for (const std::size_t case_index : data.cases_of(document)) {
      if (!persona_of[case_index]) continue;
      const std::size_t persona = *persona_of[case_index];
      const auto& units = data.units(options.unit, document);
      // Per unit, the phase, threshold and lever codings that touch it.
      std::map<std::size_t, std::vector<Marked>> by_role[3];
      for (const CodingInfo& coding : data.codings_of(document)) {
        const int r = role[coding.code];
        if (r == 0 || !coders[coding.coder] || coding.case_index != case_index) continue;
        if (r == 4) {
          tensions_of[case_index].insert(coding.code);
          continue;
        }
        const auto [first, last] = data.units_overlapping(options.unit, document, coding.span);
        for (std::size_t u = first; u < last; ++u) {
          by_role[r - 1][u].push_back({coding.code, coding.span});
        }
      }
      for (const auto& [u, phases] : by_role[0]) {
        if (auto found = by_role[1].find(u); found != by_role[1].end()) {
          count_unit(data, persona, document, phases, found->second, units[u], threshold_cells);
        }
        if (auto found = by_role[2].find(u); found != by_role[2].end()) {
          count_unit(data, persona, document, phases, found->second, units[u], lever_cells);
        }
      }
    }
  }
  for (std::size_t c = 0; c < data.cases().size(); ++c) {
    if (!persona_of[c]) continue;
    for (std::size_t code : tensions_of[c]) {
      ++tensions[code].cases[*persona_of[c]];
      ++tensions[code].all_cases;
    }
  }
  Journey result{finish(data, threshold_cells), finish(data, lever_cells), {}};
  for (auto& [code, prevalence] : tensions) result.tensions.push_back(std::move(prevalence));
  return result;
}

std::vector<table::Sheet> journey_sheets(const CodingData& data, const PersonaSet& set,
                                          const Journey& journey,
                                          const std::vector<std::size_t>& only) {
  auto shown = [&](std::size_t persona) {
    return only.empty() || std::find(only.begin(), only.end(), persona) != only.end();
  };
  auto map_table = [&](const std::vector<JourneyCell>& cells, const std::string& other) {
    table::Table table{{"persona", "name", "phase", other, "units", "quote"}, {}};
    for (const JourneyCell& cell : cells) {
      if (!shown(cell.persona)) continue;
      table.rows.push_back({static_cast<std::int64_t>(cell.persona + 1),
                            set.personas[cell.persona].name, data.codes()[cell.phase].path,
                            data.codes()[cell.other].path, cell.units, cell.quote});
    }
    return table;
  };
  table::Table tensions{{"tension", "all_cases", "all_share"}, {}};
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    if (shown(p)) tensions.columns.push_back(set.personas[p].name);
  }
  const auto all = static_cast<double>(set.clustering.profiles.cases.size());
  for (const TensionPrevalence& tension : journey.tensions) {
    std::vector<table::Cell> row{data.codes()[tension.tension].path, tension.all_cases,
                                  static_cast<double>(tension.all_cases) / all};
    for (std::size_t p = 0; p < set.personas.size(); ++p) {
      if (!shown(p)) continue;
      row.emplace_back(static_cast<double>(tension.cases[p]) /
                       static_cast<double>(set.personas[p].members.size()));
    }
    tensions.rows.push_back(std::move(row));
  }
  return {{"thresholds", map_table(journey.thresholds, "threshold")},
          {"levers", map_table(journey.levers, "lever")},
          {"tensions", std::move(tensions)}};
}

}  // namespace inzicht::analysis
