#include "analysis/agreement_units.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "base/error.hpp"

namespace inzicht::analysis {

namespace {

// The turns of `document` whose speakers count.
std::vector<Span> admitted_turns(const CodingData& data, std::size_t document,
                                 model::SpeakerFilter speaker) {
  std::vector<Span> turns;
  const auto& spans = data.units(Unit::turn, document);
  const auto& roles = data.unit_roles(Unit::turn, document);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    if (admits(speaker, roles[i])) turns.push_back(spans[i]);
  }
  return turns;
}

}  // namespace

AgreementPlan plan_agreement(const CodingData& data, const AgreementOptions& options) {
  if (options.coders.size() < 2) throw InputError("agreement needs at least two coders");
  AgreementPlan plan;
  plan.coder_position.assign(data.coders().size(), kNotCompared);
  for (std::size_t i = 0; i < options.coders.size(); ++i) {
    std::size_t& position = plan.coder_position[data.coder_index(options.coders[i])];
    if (position != kNotCompared) {
      throw InputError("coder '" + options.coders[i] + "' is named twice");
    }
    position = i;
  }
  std::vector<bool> asked(data.documents().size(), options.documents.empty());
  for (const std::string& name : options.documents) {
    const auto found = std::find_if(data.documents().begin(), data.documents().end(),
                                    [&](const DocumentInfo& d) { return d.name == name; });
    if (found == data.documents().end()) throw NotFoundError("no document '" + name + "'");
    asked[static_cast<std::size_t>(found - data.documents().begin())] = true;
  }
  // Only documents every coder worked on: a coder who never opened one would otherwise
  // seem to disagree with everyone on all of it.
  std::vector<std::size_t> last_seen(options.coders.size(), kNotCompared);
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    if (!asked[d]) continue;
    std::size_t coders = 0;
    for (const CodingInfo& coding : data.codings_of(d)) {
      const std::size_t position = plan.coder_position[coding.coder];
      if (position != kNotCompared && last_seen[position] != d) {
        last_seen[position] = d;
        ++coders;
      }
    }
    if (coders == 0) continue;
    if (coders == options.coders.size()) {
      plan.documents.push_back(d);
    } else {
      ++plan.documents_skipped;
    }
  }
  plan.variables_of.resize(data.codes().size());
  if (options.codes.empty()) {
    if (options.exclusive) throw InputError("--exclusive needs the categories listed as codes");
    std::vector<bool> used(data.codes().size(), false);
    for (const std::size_t d : plan.documents) {
      for (const CodingInfo& coding : data.codings_of(d)) {
        if (plan.coder_position[coding.coder] != kNotCompared) used[coding.code] = true;
      }
    }
    for (std::size_t code = 0; code < used.size(); ++code) {
      if (!used[code]) continue;
      plan.variables_of[code].push_back(plan.variables.size());
      plan.variables.push_back(data.codes()[code].path);
    }
    return plan;
  }
  std::set<std::size_t> listed;
  for (const std::string& path : options.codes) listed.insert(data.code_index(path));
  if (options.exclusive && listed.size() < 2) {
    throw InputError("--exclusive needs at least two codes as categories");
  }
  for (const std::size_t code : listed) {  // codebook order
    for (const std::size_t member : data.subtree(code)) {
      if (options.exclusive && !plan.variables_of[member].empty()) {
        throw InputError("with --exclusive no listed code may lie inside another (" +
                         plan.variables[plan.variables_of[member].front()] + " holds " +
                         data.codes()[code].path + ")");
      }
      plan.variables_of[member].push_back(plan.variables.size());
    }
    plan.variables.push_back(data.codes()[code].path);
  }
  return plan;
}

// Marks every (unit, variable, coder) a coding touches, with the stretch it covers, and
// reports the units in order.
std::int64_t walk_units(const CodingData& data, const AgreementPlan& plan,
                        const AgreementOptions& options, std::size_t document,
                        AgreementUnits& sink) {
  const bool whole = options.unit == Unit::document;
  // A document is one unit made of its admitted turns.
  const Unit kind = whole ? Unit::turn : options.unit;
  const auto& spans = data.units(kind, document);
  const auto& roles = data.unit_roles(kind, document);
  std::vector<bool> admitted(spans.size());
  std::int64_t units = 0;
  for (std::size_t i = 0; i < spans.size(); ++i) {
    admitted[i] = admits(options.speaker, roles[i]);
    units += admitted[i];
  }
  if (whole) units = units > 0;
  struct Mark {
    std::size_t unit, variable, coder;
    Span span;
  };
  std::vector<Mark> marks;
  for (const CodingInfo& coding : data.codings_of(document)) {
    const std::size_t coder = plan.coder_position[coding.coder];
    if (coder == kNotCompared || plan.variables_of[coding.code].empty()) continue;
    const auto [first, last] = data.units_overlapping(kind, document, coding.span);
    for (std::size_t i = first; i < last; ++i) {
      if (!admitted[i]) continue;
      const Span overlap{std::max(spans[i].start, coding.span.start),
                         std::min(spans[i].end, coding.span.end)};
      for (const std::size_t variable : plan.variables_of[coding.code]) {
        marks.push_back({whole ? 0 : i, variable, coder, overlap});
      }
    }
  }
  std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) {
    return std::tie(a.unit, a.variable, a.coder, a.span.start) <
           std::tie(b.unit, b.variable, b.coder, b.span.start);
  });
  std::vector<AppliedCode> applied;
  Offset covered_end = 0;
  for (std::size_t i = 0; i < marks.size();) {
    const std::size_t unit = marks[i].unit;
    applied.clear();
    for (; i < marks.size() && marks[i].unit == unit; ++i) {
      const Mark& mark = marks[i];
      if (applied.empty() || applied.back().variable != mark.variable ||
          applied.back().coder != mark.coder) {
        applied.push_back({mark.variable, mark.coder, 0});
        covered_end = mark.span.start;
      }
      // Overlapping codings of one code by one coder cover their union once.
      const Offset from = std::max(covered_end, mark.span.start);
      if (mark.span.end > from) applied.back().covered += mark.span.end - from;
      covered_end = std::max(covered_end, mark.span.end);
    }
    const Span span = whole ? Span{0, data.length(document)} : spans[unit];
    sink.unit(document, whole ? std::optional<std::size_t>(0) : unit, span, 1, applied);
  }
  return units;
}

// Cutting at coding boundaries rather than visiting code points keeps this linear in the
// codings, whatever the length of the text.
std::int64_t walk_characters(const CodingData& data, const AgreementPlan& plan,
                             const AgreementOptions& options, std::size_t document,
                             AgreementUnits& sink) {
  const std::size_t coders = options.coders.size();
  struct Event {
    Offset at;
    int delta;
    std::size_t key;  // variable · coders + coder, or kNotCompared for a turn's edge
  };
  std::vector<Event> events;
  std::int64_t units = 0;
  for (const Span& turn : admitted_turns(data, document, options.speaker)) {
    units += turn.length();
    events.push_back({turn.start, 1, kNotCompared});
    events.push_back({turn.end, -1, kNotCompared});
  }
  for (const CodingInfo& coding : data.codings_of(document)) {
    const std::size_t coder = plan.coder_position[coding.coder];
    if (coder == kNotCompared) continue;
    for (const std::size_t variable : plan.variables_of[coding.code]) {
      events.push_back({coding.span.start, 1, variable * coders + coder});
      events.push_back({coding.span.end, -1, variable * coders + coder});
    }
  }
  std::sort(events.begin(), events.end(),
            [](const Event& a, const Event& b) { return a.at < b.at; });
  std::vector<std::pair<std::size_t, int>> active;  // key → open codings, sorted by key
  int inside = 0;
  std::vector<AppliedCode> applied;
  for (std::size_t i = 0; i < events.size();) {
    const Offset at = events[i].at;
    for (; i < events.size() && events[i].at == at; ++i) {
      const Event& event = events[i];
      if (event.key == kNotCompared) {
        inside += event.delta;
        continue;
      }
      auto found =
          std::lower_bound(active.begin(), active.end(), event.key,
                           [](const auto& entry, std::size_t key) { return entry.first < key; });
      if (found == active.end() || found->first != event.key) {
        found = active.insert(found, {event.key, 0});
      }
      found->second += event.delta;
      if (found->second == 0) active.erase(found);
    }
    if (i == events.size() || inside == 0 || active.empty()) continue;
    const Span piece{at, events[i].at};
    applied.clear();
    for (const auto& [key, open] : active) {
      applied.push_back({key / coders, key % coders, piece.length()});
    }
    sink.unit(document, std::nullopt, piece, piece.length(), applied);
  }
  return units;
}

}  // namespace inzicht::analysis
