#include "analysis/personas.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "analysis/contingency.hpp"
#include "analysis/quotes.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

// The index of the largest count, the first on ties; empty when all are 0.
std::optional<std::size_t> argmax(const std::vector<std::int64_t>& counts) {
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] > 0 && (!best || counts[i] > counts[*best])) best = i;
  }
  return best;
}

double distance_between(const std::vector<double>& u, const std::vector<double>& v,
                        Distance distance) {
  return distances({u, v}, distance)(0, 1);
}

// Code evidence for every codable code, from presence over the clustered cases.
std::vector<CodeEvidence> evidence(const Profiles& all, const std::vector<bool>& member) {
  const auto n = static_cast<std::int64_t>(all.cases.size());
  std::int64_t members = 0;
  for (bool m : member) members += m ? 1 : 0;
  std::vector<CodeEvidence> result;
  for (std::size_t f = 0; f < all.features.size(); ++f) {
    CodeEvidence code{all.features[f], 0, 0, 0, 1};
    for (std::size_t i = 0; i < all.cases.size(); ++i) {
      if (all.counts[i][f] == 0) continue;
      (member[i] ? code.members_with : code.others_with) += 1;
    }
    const std::int64_t with = code.members_with + code.others_with;
    if (with > 0 && members > 0) {
      code.lift = (static_cast<double>(code.members_with) / static_cast<double>(members)) /
                  (static_cast<double>(with) / static_cast<double>(n));
      code.p = fisher_exact({code.members_with, members - code.members_with, code.others_with,
                             n - members - code.others_with})
                   .greater;
    }
    result.push_back(code);
  }
  return result;
}

bool under(const CodingData& data, std::size_t code, std::size_t root) {
  for (std::optional<std::size_t> c = code; c; c = data.codes()[*c].parent) {
    if (*c == root) return true;
  }
  return false;
}

std::string clean(std::string_view text) {
  std::string out;
  for (char c : text) {
    const bool space = c == '\n' || c == '\t' || c == '\r' || c == ' ';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out.push_back(space ? ' ' : c);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::vector<PersonaQuote> quotes_of(const CodingData& data, const Persona& persona,
                                    const std::vector<bool>& coders, std::size_t count) {
  std::vector<std::size_t> wanted;  // codes in order of preference
  if (persona.code) wanted.push_back(*persona.code);
  for (const CodeEvidence& code : persona.distinguishing) {
    if (std::find(wanted.begin(), wanted.end(), code.code) == wanted.end()) {
      wanted.push_back(code.code);
    }
  }
  // The codings of each wanted code in the central case, best quote first.
  std::vector<std::vector<QuoteCandidate>> candidates(wanted.size());
  for (std::size_t w = 0; w < wanted.size(); ++w) {
    for (std::size_t document = 0; document < data.documents().size(); ++document) {
      if (!data.holds_case(document, persona.central_case)) continue;
      for (const CodingInfo& coding : data.codings_of(document)) {
        if (coding.code == wanted[w] && coders[coding.coder] &&
            coding.case_index == persona.central_case) {
          candidates[w].push_back(quote_candidate(data, document, coding.span));
        }
      }
    }
    std::sort(candidates[w].begin(), candidates[w].end(),
              [](const QuoteCandidate& a, const QuoteCandidate& b) { return a.key() < b.key(); });
  }
  std::vector<PersonaQuote> quotes;
  std::set<std::tuple<std::size_t, Offset, Offset>> seen;  // quoted stretches
  const auto take = [&](std::size_t w, const QuoteCandidate& candidate) {
    if (quotes.size() >= count ||
        !seen.insert({candidate.document, candidate.span.start, candidate.span.end}).second) {
      return;
    }
    quotes.push_back({candidate.document, wanted[w], candidate.span,
                      quote_text(data.text(candidate.document), candidate.span)});
  };
  // The persona's own ambition in the best words there are; then quotes a respondent says
  // in enough words, code by code; then whatever is left.
  if (persona.code && !candidates[0].empty()) take(0, candidates[0].front());
  for (const bool full_only : {true, false}) {
    for (std::size_t w = 0; w < wanted.size(); ++w) {
      for (const QuoteCandidate& candidate : candidates[w]) {
        if (!full_only || (candidate.respondent && candidate.fits && candidate.enough_words)) {
          take(w, candidate);
        }
      }
    }
  }
  return quotes;
}

std::string persona_name(const CodingData& data, const PersonaLabels& labels,
                         std::optional<std::size_t> code, std::size_t number,
                         std::string* description) {
  if (!code) return "persona " + std::to_string(number);
  const CodeInfo& info = data.codes()[*code];
  const std::string short_name = info.path.substr(info.path.rfind('/') + 1);
  for (const std::string& key : {info.path, short_name}) {
    if (auto found = labels.find(key); found != labels.end()) {
      *description = found->second.description;
      if (!found->second.name.empty()) return found->second.name;
    }
  }
  return short_name;
}

}  // namespace

PersonaSet personas(const CodingData& data, const model::Codebook& codebook,
                    const PersonaOptions& options) {
  const std::size_t by_root = data.code_index(options.by);
  ClusterOptions cluster = options.cluster;
  if (cluster.profile.features.empty()) cluster.profile.features = {options.by};

  PersonaSet set;
  // The codings are walked once, for every codable code's counts: the by-codes give
  // dominance, all codes evidence, and the features' profiles are taken from them.
  ProfileOptions everything = cluster.profile;
  everything.features = {};
  everything.weights = {};
  everything.value = FeatureValue::presence;
  Profiles all = case_profiles(data, everything);
  // A case with no coding among the features has nothing to be clustered by: it would
  // form a cluster of its own (or join one at random), so it is left unplaced.
  const Profiles features = narrow_profiles(data, cluster.profile, all);
  for (std::size_t i = 0; i < features.cases.size(); ++i) {
    std::int64_t total = 0;
    for (std::int64_t count : features.counts[i]) total += count;
    if (total == 0) set.unplaced.push_back(features.cases[i]);
  }
  cluster.profile.leave_out.insert(cluster.profile.leave_out.end(), set.unplaced.begin(),
                                   set.unplaced.end());
  if (features.cases.size() - set.unplaced.size() < 2) {
    throw InputError("personas need at least two cases with codings among the features (" +
                     options.by + " by default); " +
                     std::to_string(features.cases.size() - set.unplaced.size()) + " of the " +
                     std::to_string(features.cases.size()) + " selected cases have any");
  }
  everything.leave_out = cluster.profile.leave_out;
  all = narrow_profiles(data, everything, all);
  for (std::size_t f = 0; f < all.features.size(); ++f) {
    if (under(data, all.features[f], by_root)) set.by_codes.push_back(f);
  }
  for (std::size_t i = 0; i < all.cases.size(); ++i) {
    std::vector<std::int64_t> counts;
    for (std::size_t f : set.by_codes) counts.push_back(all.counts[i][f]);
    set.dominant.push_back(argmax(counts));
    set.by_counts.push_back(std::move(counts));
  }
  for (std::size_t& f : set.by_codes) f = all.features[f];

  if (options.default_k && !cluster.k && !cluster.choose) {
    std::set<std::size_t> distinct;
    for (const auto& d : set.dominant) {
      if (d) distinct.insert(*d);
    }
    cluster.k = std::max<std::size_t>(1, distinct.size());
  }
  set.clustering = cluster_profiles(narrow_profiles(data, cluster.profile, all), cluster);
  const CaseClustering& clustering = set.clustering;
  const std::size_t n = clustering.profiles.cases.size();

  const std::vector<bool> coders = data.coder_mask(cluster.profile.coders);

  std::set<std::string> names;
  for (std::size_t label = 0; label < clustering.k; ++label) {
    Persona persona;
    std::vector<bool> member(n, false);
    std::vector<std::int64_t> by_total(set.by_codes.size(), 0);
    persona.centroid.assign(clustering.profiles.features.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      if (clustering.labels[i] != label) continue;
      member[i] = true;
      persona.members.push_back(clustering.profiles.cases[i]);
      for (std::size_t f = 0; f < by_total.size(); ++f) by_total[f] += set.by_counts[i][f];
      for (std::size_t f = 0; f < persona.centroid.size(); ++f) {
        persona.centroid[f] += clustering.profiles.rows[i][f];
      }
    }
    for (double& value : persona.centroid) value /= static_cast<double>(persona.members.size());
    if (auto top = argmax(by_total)) persona.code = set.by_codes[*top];
    persona.name =
        persona_name(data, options.labels, persona.code, label + 1, &persona.description);
    for (int copy = 2; !names.insert(persona.name).second; ++copy) {
      persona.name += " (" + std::to_string(copy) + ")";
    }
    if (persona.code) {
      if (const model::Code* code = codebook.find(data.codes()[*persona.code].path)) {
        persona.definition = clean(code->description);
      }
    }
    double nearest = 0;
    bool first = true;
    for (std::size_t i = 0; i < n; ++i) {
      if (!member[i]) continue;
      const double d =
          distance_between(persona.centroid, clustering.profiles.rows[i], cluster.distance);
      if (first || d < nearest) {
        nearest = d;
        persona.central_case = clustering.profiles.cases[i];
        first = false;
      }
    }
    const std::vector<CodeEvidence> codes = evidence(all, member);
    for (const CodeEvidence& code : codes) {
      if (code.members_with >= 2 && code.lift > 1) persona.distinguishing.push_back(code);
    }
    std::stable_sort(persona.distinguishing.begin(), persona.distinguishing.end(),
                     [](const CodeEvidence& x, const CodeEvidence& y) {
                       if (x.p != y.p) return x.p < y.p;
                       return x.lift > y.lift;
                     });
    if (persona.distinguishing.size() > options.distinguishing_count) {
      persona.distinguishing.resize(options.distinguishing_count);
    }
    for (const std::string& category : options.top) {
      if (!codebook.find(category)) continue;
      const std::size_t root = data.code_index(category);
      std::vector<CodeEvidence> ranked;
      for (const CodeEvidence& code : codes) {
        if (code.members_with > 0 && under(data, code.code, root)) ranked.push_back(code);
      }
      std::stable_sort(ranked.begin(), ranked.end(),
                       [](const CodeEvidence& x, const CodeEvidence& y) {
                         return x.members_with > y.members_with;
                       });
      if (ranked.size() > options.top_count) ranked.resize(options.top_count);
      persona.top.emplace_back(category, std::move(ranked));
    }
    persona.quotes = quotes_of(data, persona, coders, options.quote_count);
    set.personas.push_back(std::move(persona));
  }

  // A case that shows a persona's code as a second ambition is listed under it too.
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t total = 0;
    for (std::int64_t count : set.by_counts[i]) total += count;
    if (total == 0) continue;
    const Persona& own = set.personas[clustering.labels[i]];
    for (std::size_t f = 0; f < set.by_codes.size(); ++f) {
      const double share = static_cast<double>(set.by_counts[i][f]) / static_cast<double>(total);
      if (set.by_counts[i][f] == 0 || set.by_codes[f] == own.code ||
          share < options.secondary_share) {
        continue;
      }
      for (Persona& persona : set.personas) {
        if (persona.code == set.by_codes[f]) {
          persona.secondary.push_back({clustering.profiles.cases[i], share});
          break;
        }
      }
    }
  }
  for (Persona& persona : set.personas) {
    std::stable_sort(
        persona.secondary.begin(), persona.secondary.end(),
        [](const SecondaryMember& x, const SecondaryMember& y) { return x.share > y.share; });
  }
  return set;
}

std::vector<Placement> assign_case(const CodingData& data, const model::Codebook& codebook,
                                   PersonaOptions options, std::size_t case_index,
                                   PersonaSet* personas_out) {
  options.cluster.profile.leave_out.push_back(case_index);
  PersonaSet set = personas(data, codebook, options);
  ProfileOptions profile = options.cluster.profile;
  if (profile.features.empty()) profile.features = {options.by};
  const std::vector<double> row = case_profile(data, profile, set.clustering.profiles, case_index);
  std::vector<Placement> placements;
  for (std::size_t p = 0; p < set.personas.size(); ++p) {
    placements.push_back(
        {p, distance_between(row, set.personas[p].centroid, options.cluster.distance)});
  }
  std::stable_sort(placements.begin(), placements.end(),
                   [](const Placement& x, const Placement& y) { return x.distance < y.distance; });
  if (personas_out) *personas_out = std::move(set);
  return placements;
}

}  // namespace inzicht::analysis
