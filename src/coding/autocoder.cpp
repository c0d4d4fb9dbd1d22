// The autocoder's design: all rules of all codes are matched in ONE pass over a document's
// words, never a scan per keyword.
//
// - Construction turns every word of every term into a word matcher (a folded word, a
//   stem, or a folded prefix), shared between rules, and indexes the matchers in three
//   hash maps: by folded word, by stem and by prefix (a prefix map probed only at the few
//   prefix lengths that occur). Each matcher lists the terms that start with it
//   (term_index.cpp).
// - code() splits each admitted turn into words once, folds and stems each word once
//   (stems are cached per thread across documents: Snowball is the expensive part) and
//   looks it up once, which gives every word the matchers it satisfies. A term starts at a
//   word that satisfies its first matcher; a phrase is continued on the following words.
// - Each occurrence is filed as an event under (rule, unit) for every rule that uses its
//   term positively and reads that speaker; sorting the events groups them, and each
//   (rule, unit) is evaluated once. An occurrence of a `not` term is noted once per scope
//   instead, and looked up when a rule with that term decides on the unit. Regexes cannot
//   share the word pass: they run on the original text of the units that are still
//   candidates, or on every unit for a rule led by its regex (skipping a unit without the
//   words the regex requires, text::required_literals).

#include "coding/autocoder.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <tuple>
#include <utility>

#include "coding/term_index.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::coding {
namespace {

using Id = TermIndex::Id;
constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();

enum class Use : std::uint8_t { keyword, all, any, exclude, near };

struct TermUse {
  Id rule = 0;
  Use use = Use::keyword;
  Id slot = 0;  // which of the rule's `all` or `near` terms
};

struct CompiledRule {
  std::size_t code = 0;   // index into Impl::code_paths
  std::size_t index = 0;  // in its code's rules
  model::Unit scope = model::Unit::sentence;
  model::SpeakerFilter speaker = model::SpeakerFilter::respondent;
  bool keywords = false;
  std::size_t all = 0;
  bool any = false;
  std::size_t near = 0;         // number of near terms
  std::size_t near_window = 0;  // `within` plus the words of the near terms
  std::optional<text::Regex> regex;
  bool has_terms = false;    // any condition on terms, positive or `not`
  bool term_driven = false;  // a positive term condition; otherwise the regex leads
  std::vector<TermIndex::Id> excluded;  // its `not` terms, sorted
  std::vector<std::pair<std::string, std::string>> where;  // case attributes it needs
};

std::string rule_place(const model::Code& code, std::size_t index) {
  const model::Rule& rule = code.rules[index];
  const std::string place = rule.line > 0 ? "rule at line " + std::to_string(rule.line)
                                          : "rule " + std::to_string(index + 1);
  return "code \"" + code.path + "\", " + place + ": ";
}

// A document's words, with the units they lie in.
struct Token {
  Span span;
  std::size_t first = 0;  // the word matchers it satisfies: ids[first, end)
  std::size_t end = 0;
  std::size_t sentence = kNone;
  std::size_t paragraph = kNone;
};

struct Occurrence {
  Id term = 0;
  std::size_t first = 0;  // word numbers in the document's admitted turns, inclusive
  std::size_t last = 0;
  Span span;  // from the first word's start to the last word's end
};

struct Event {
  Id rule = 0;
  std::size_t unit = 0;
  Use use = Use::keyword;
  Id slot = 0;
  std::size_t occurrence = 0;

  bool operator<(const Event& other) const {
    return std::tie(rule, unit, use, slot, occurrence) <
           std::tie(other.rule, other.unit, other.use, other.slot, other.occurrence);
  }
};

// A `not` term occurring inside a unit of a scope.
struct Exclusion {
  model::Unit scope = model::Unit::sentence;
  std::size_t unit = 0;
  Id term = 0;

  bool operator<(const Exclusion& other) const {
    return std::tie(scope, unit, term) < std::tie(other.scope, other.unit, other.term);
  }
};

struct Found {
  std::size_t code = 0;
  Span span;
  std::size_t rule = 0;
  std::vector<Span> hits;
};

// The unit of `units` (sentences or paragraphs, sorted) that contains `span`; `cursor`
// only moves forward, so spans must come in document order.
template <typename Unit>
std::size_t locate(const std::vector<Unit>& units, Span span, std::size_t& cursor) {
  while (cursor < units.size() && units[cursor].span.end <= span.start) ++cursor;
  return cursor < units.size() && units[cursor].span.contains(span) ? cursor : kNone;
}

// Whether one occurrence of every near term fits in `window` consecutive words.
// `slots[s]` holds the occurrences (first, last token) of term s in document order.
bool near_holds(const std::vector<std::vector<std::pair<std::size_t, std::size_t>>>& slots,
                std::size_t window) {
  std::vector<std::size_t> starts;
  for (const auto& slot : slots) {
    if (slot.empty()) return false;
    for (const auto& occurrence : slot) starts.push_back(occurrence.first);
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  // The best window starts where some occurrence starts; from there take, per term, the
  // first occurrence at or after that start (the one that ends soonest).
  std::vector<std::size_t> next(slots.size(), 0);
  for (const std::size_t start : starts) {
    std::size_t last = start;
    for (std::size_t s = 0; s < slots.size(); ++s) {
      while (next[s] < slots[s].size() && slots[s][next[s]].first < start) ++next[s];
      if (next[s] == slots[s].size()) return false;
      last = std::max(last, slots[s][next[s]].second);
    }
    if (last - start + 1 <= window) return true;
  }
  return false;
}

}  // namespace

struct Autocoder::Impl {
  explicit Impl(const std::string& language) : terms(language) {}
  std::vector<std::string> code_paths;
  std::vector<CompiledRule> rules;
  TermIndex terms;
  std::vector<std::vector<TermUse>> uses;  // term → the rules that use it, and how
  // `not` terms are not filed per rule (a frequent word such as "we" in the `not` of
  // dozens of rules made most of the events): each occurrence is noted once per scope,
  // and evaluate() looks up a rule's `not` terms in the unit it decides on.
  std::vector<bool> excluding;             // term → some rule has it in its `not`
  std::vector<model::Unit> exclusion_scopes;  // the scopes of the rules with a `not`
  bool reads_respondents = false;
  bool reads_interviewers = false;
  std::vector<Id> regex_led;  // the rules without a positive term: they have no events

  void add_rule(const model::Code& code, std::size_t code_index, std::size_t index);
  std::optional<Found> evaluate(Id rule_id, std::size_t unit, std::span<const Event> events,
                                const std::vector<Occurrence>& occurrences,
                                const std::vector<Exclusion>& exclusions,
                                const model::Document& document,
                                const text::CodePointIndex& index) const;
};

void Autocoder::Impl::add_rule(const model::Code& code, std::size_t code_index, std::size_t index) {
  const model::Rule& rule = code.rules[index];
  const std::string place = rule_place(code, index);
  const auto id = static_cast<Id>(rules.size());
  CompiledRule compiled;
  compiled.code = code_index;
  compiled.index = index;
  compiled.scope = rule.scope;
  compiled.speaker = rule.speaker;
  compiled.where = rule.where;
  auto use = [&](const std::string& term, Use how, std::size_t slot) {
    const Id t = terms.add(term, rule.stem, place);
    if (t >= uses.size()) uses.resize(t + 1);
    uses[t].push_back(TermUse{id, how, static_cast<Id>(slot)});
    return t;
  };
  for (const std::string& term : rule.keywords) use(term, Use::keyword, 0);
  for (std::size_t k = 0; k < rule.all.size(); ++k) use(rule.all[k], Use::all, k);
  for (const std::string& term : rule.any) use(term, Use::any, 0);
  for (const std::string& term : rule.not_terms) {
    const Id t = use(term, Use::exclude, 0);
    if (t >= excluding.size()) excluding.resize(t + 1, false);
    excluding[t] = true;
    compiled.excluded.push_back(t);
  }
  std::sort(compiled.excluded.begin(), compiled.excluded.end());
  if (!rule.not_terms.empty() &&
      std::find(exclusion_scopes.begin(), exclusion_scopes.end(), rule.scope) ==
          exclusion_scopes.end()) {
    exclusion_scopes.push_back(rule.scope);
  }
  compiled.keywords = !rule.keywords.empty();
  compiled.all = rule.all.size();
  compiled.any = !rule.any.empty();
  if (rule.near) {
    if (rule.near->terms.empty()) throw InputError(place + "`near` needs at least one term");
    if (rule.near->within < 0) throw InputError(place + "`near` needs `within` of 0 or more");
    compiled.near = rule.near->terms.size();
    compiled.near_window = static_cast<std::size_t>(rule.near->within);
    for (std::size_t k = 0; k < rule.near->terms.size(); ++k) {
      compiled.near_window += terms.words(use(rule.near->terms[k], Use::near, k)).size();
    }
  }
  if (rule.regex) {
    try {
      compiled.regex.emplace(*rule.regex, !rule.regex_case_sensitive);
    } catch (const InputError& error) {
      throw InputError(place + error.what());
    }
  }
  compiled.term_driven = compiled.keywords || compiled.all > 0 || compiled.any || compiled.near > 0;
  compiled.has_terms = compiled.term_driven || !rule.not_terms.empty();
  if (!compiled.term_driven && !compiled.regex) {
    throw InputError(place +
                     "the rule has no positive condition (keywords, all, any, near or regex)");
  }
  if (compiled.has_terms) {
    reads_respondents = reads_respondents || admits(rule.speaker, model::Role::respondent);
    reads_interviewers = reads_interviewers || admits(rule.speaker, model::Role::interviewer);
  }
  if (!compiled.term_driven) regex_led.push_back(id);
  rules.push_back(std::move(compiled));
}

std::optional<Found> Autocoder::Impl::evaluate(Id rule_id, std::size_t unit,
                                               std::span<const Event> events,
                                               const std::vector<Occurrence>& occurrences,
                                               const std::vector<Exclusion>& exclusions,
                                               const model::Document& document,
                                               const text::CodePointIndex& index) const {
  const CompiledRule& rule = rules[rule_id];
  if (!rule.excluded.empty()) {
    auto at = std::lower_bound(exclusions.begin(), exclusions.end(),
                               Exclusion{rule.scope, unit, 0});
    for (; at != exclusions.end() && at->scope == rule.scope && at->unit == unit; ++at) {
      if (std::binary_search(rule.excluded.begin(), rule.excluded.end(), at->term)) {
        return std::nullopt;
      }
    }
  }
  bool keyword = false;
  bool any = false;
  std::vector<bool> all(rule.all, false);
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> near(rule.near);
  Found found;
  for (const Event& event : events) {
    const Occurrence& occurrence = occurrences[event.occurrence];
    switch (event.use) {
      case Use::exclude:  // not filed as events (see Impl::excluding)
        return std::nullopt;
      case Use::keyword:
        keyword = true;
        break;
      case Use::all:
        all[event.slot] = true;
        break;
      case Use::any:
        any = true;
        break;
      case Use::near:
        near[event.slot].emplace_back(occurrence.first, occurrence.last);
        break;
    }
    found.hits.push_back(occurrence.span);
  }
  if (rule.keywords && !keyword) return std::nullopt;
  if (rule.any && !any) return std::nullopt;
  if (std::find(all.begin(), all.end(), false) != all.end()) return std::nullopt;
  if (rule.near > 0 && !near_holds(near, rule.near_window)) return std::nullopt;

  switch (rule.scope) {
    case model::Unit::sentence:
      found.span = document.sentences[unit].span;
      break;
    case model::Unit::paragraph:
      found.span = document.paragraphs[unit].span;
      break;
    case model::Unit::turn:
      found.span = document.turns[unit].span;
      break;
    case model::Unit::document:  // the codebook reader gives rules no other scopes
      return std::nullopt;
  }
  if (rule.regex) {
    std::vector<text::Regex::Match> matches;
    try {
      matches = rule.regex->find_all(index.slice(found.span));
    } catch (const InputError& e) {
      throw InputError(document.name + ": code \"" + code_paths[rule.code] + "\", rule " +
                       std::to_string(rule.index + 1) + ": " + e.what());
    }
    if (matches.empty()) return std::nullopt;
    for (const auto& match : matches) {
      found.hits.push_back(
          Span{found.span.start + match.whole.start, found.span.start + match.whole.end});
    }
  }
  found.code = rule.code;
  found.rule = rule.index;
  return found;
}

Autocoder::Autocoder(const model::Codebook& codebook, const std::vector<std::string>& only,
                     const std::string& language)
    : impl_(std::make_unique<Impl>(language)) {
  for (const std::string& path : only) {
    if (!codebook.find(path)) {
      throw InputError("unknown code \"" + path + "\": it is not in the codebook");
    }
  }
  for (const model::Code& code : codebook.codes) {
    if (code.rules.empty()) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), code.path) == only.end()) continue;
    if (!code.codable) {
      throw InputError(rule_place(code, 0) + "the code is not codable, so it cannot have rules");
    }
    impl_->code_paths.push_back(code.path);
    for (std::size_t r = 0; r < code.rules.size(); ++r) {
      impl_->add_rule(code, impl_->code_paths.size() - 1, r);
    }
  }
}

Autocoder::~Autocoder() = default;
Autocoder::Autocoder(Autocoder&&) noexcept = default;
Autocoder& Autocoder::operator=(Autocoder&&) noexcept = default;

std::size_t Autocoder::rule_count() const { return impl_->rules.size(); }

std::vector<AutoCoding> Autocoder::code(const model::Document& document,
                                        const TurnAttributes* attributes) const {
  const Impl& impl = *impl_;
  // A rule with `where` keeps away from a turn whose case has one of the attributes named
  // with another value; a case without the attribute is read, as nothing says it is not one.
  const auto reads_turn = [attributes](const CompiledRule& rule, std::size_t turn) {
    if (rule.where.empty() || !attributes || turn >= attributes->size() || !(*attributes)[turn]) {
      return true;
    }
    const std::map<std::string, std::string>& held = *(*attributes)[turn];
    for (const auto& [name, value] : rule.where) {
      const auto found = held.find(name);
      if (found != held.end() && found->second != value) return false;
    }
    return true;
  };
  const text::CodePointIndex index(document.text);
  const auto role_read = [&impl](model::Role role) {
    return role == model::Role::interviewer ? impl.reads_interviewers : impl.reads_respondents;
  };

  // Turn by turn, since no unit crosses a turn: the word pass over the turn's words, each
  // looked up once, then the terms that start at each word, phrases continued on the words
  // after it; then every rule decides on the turn's units. So what is held at a time (the
  // words, the occurrences and the events) is one turn's, however long the document;
  // `word_base` numbers the words across the document.
  std::vector<Token> tokens;
  std::size_t word_base = 0;
  std::vector<Id> ids;
  std::vector<Occurrence> occurrences;
  std::vector<Event> events;
  std::vector<Exclusion> exclusions;
  std::vector<Found> found;
  std::size_t sentence_cursor = 0;
  std::size_t paragraph_cursor = 0;
  // The paragraphs and sentences of each turn, as [first, end) ranges (units outside every
  // turn, such as a heading, belong to none). Units are in document order, so a turn's are
  // contiguous.
  const std::size_t turn_count = document.turns.size();
  std::vector<std::pair<std::size_t, std::size_t>> turn_paragraphs(turn_count, {0, 0});
  std::vector<std::pair<std::size_t, std::size_t>> turn_sentences(turn_count, {0, 0});
  const auto widen = [](std::pair<std::size_t, std::size_t>& range, std::size_t unit) {
    if (range.first == range.second) range.first = unit;
    range.second = unit + 1;
  };
  for (std::size_t p = 0; p < document.paragraphs.size(); ++p) {
    const std::size_t t = document.paragraphs[p].turn;
    if (t < turn_count) widen(turn_paragraphs[t], p);
  }
  for (std::size_t u = 0; u < document.sentences.size(); ++u) {
    const std::size_t p = document.sentences[u].paragraph;
    if (p >= document.paragraphs.size()) continue;
    const std::size_t t = document.paragraphs[p].turn;
    if (t < turn_count) widen(turn_sentences[t], u);
  }
  for (std::size_t t = 0; t < turn_count; ++t) {
    const model::Turn& turn = document.turns[t];
    occurrences.clear();
    events.clear();
    exclusions.clear();
    if (role_read(turn.role)) {
      word_base += tokens.size();
      tokens.clear();
      ids.clear();
      for (const text::Word& word : text::words(index.slice(turn.span))) {
        Token token;
        token.span = Span{turn.span.start + word.span.start, turn.span.start + word.span.end};
        token.first = ids.size();
        impl.terms.match(word.text, ids);
        token.end = ids.size();
        token.sentence = locate(document.sentences, token.span, sentence_cursor);
        token.paragraph = locate(document.paragraphs, token.span, paragraph_cursor);
        tokens.push_back(token);
      }
      const auto satisfies = [&](std::size_t token, Id matcher) {
        const auto begin = ids.begin() + static_cast<std::ptrdiff_t>(tokens[token].first);
        const auto end = ids.begin() + static_cast<std::ptrdiff_t>(tokens[token].end);
        return std::find(begin, end, matcher) != end;
      };
      for (std::size_t i = 0; i < tokens.size(); ++i) {
        for (std::size_t k = tokens[i].first; k < tokens[i].end; ++k) {
          for (const Id term : impl.terms.starting_with(ids[k])) {
            const std::vector<Id>& words = impl.terms.words(term);
            const std::size_t last = i + words.size() - 1;
            if (last >= tokens.size()) continue;
            bool whole = true;
            for (std::size_t w = 1; whole && w < words.size(); ++w) {
              whole = satisfies(i + w, words[w]);
            }
            if (!whole) continue;
            const std::size_t occurrence = occurrences.size();
            occurrences.push_back(Occurrence{term, word_base + i, word_base + last,
                                             Span{tokens[i].span.start, tokens[last].span.end}});
            if (term < impl.excluding.size() && impl.excluding[term]) {
              // The unit's role is the turn's: a rule that decides on the unit reads it.
              for (const model::Unit scope : impl.exclusion_scopes) {
                std::size_t unit = t;
                if (scope == model::Unit::sentence) {
                  unit = tokens[i].sentence == tokens[last].sentence ? tokens[i].sentence : kNone;
                } else if (scope == model::Unit::paragraph) {
                  unit =
                      tokens[i].paragraph == tokens[last].paragraph ? tokens[i].paragraph : kNone;
                }
                if (unit != kNone) exclusions.push_back(Exclusion{scope, unit, term});
              }
            }
            for (const TermUse& use : impl.uses[term]) {
              if (use.use == Use::exclude) continue;
              const CompiledRule& rule = impl.rules[use.rule];
              if (!admits(rule.speaker, turn.role) || !reads_turn(rule, t)) continue;
              std::size_t unit = t;
              if (rule.scope == model::Unit::sentence) {
                unit = tokens[i].sentence == tokens[last].sentence ? tokens[i].sentence : kNone;
              } else if (rule.scope == model::Unit::paragraph) {
                unit = tokens[i].paragraph == tokens[last].paragraph ? tokens[i].paragraph : kNone;
              }
              if (unit != kNone)
                events.push_back(Event{use.rule, unit, use.use, use.slot, occurrence});
            }
          }
        }
      }
      std::sort(events.begin(), events.end());
      std::sort(exclusions.begin(), exclusions.end());
    }

    // Each rule on each of the turn's units it has events in (events are sorted by rule,
    // then unit); a rule led by its regex, which has no events, on every unit of the turn.
    const std::span<const Event> all_events(events);
    for (std::size_t from = 0; from < events.size();) {
      std::size_t to = from;
      while (to < events.size() && events[to].rule == events[from].rule &&
             events[to].unit == events[from].unit) {
        ++to;
      }
      if (auto coded = impl.evaluate(events[from].rule, events[from].unit,
                                     all_events.subspan(from, to - from), occurrences, exclusions,
                                     document, index)) {
        found.push_back(std::move(*coded));
      }
      from = to;
    }
    for (const Id r : impl.regex_led) {
      const CompiledRule& rule = impl.rules[r];
      if (!admits(rule.speaker, turn.role) || !reads_turn(rule, t)) continue;
      const auto [first, last] = rule.scope == model::Unit::sentence    ? turn_sentences[t]
                                 : rule.scope == model::Unit::paragraph ? turn_paragraphs[t]
                                                                        : std::pair{t, t + 1};
      for (std::size_t unit = first; unit < last; ++unit) {
        if (auto coded = impl.evaluate(r, unit, {}, occurrences, exclusions, document, index)) {
          found.push_back(std::move(*coded));
        }
      }
    }
  }

  // One coding per code and unit: the first rule, every hit.
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    return std::tie(a.span.start, a.span.end, a.code, a.rule) <
           std::tie(b.span.start, b.span.end, b.code, b.rule);
  });
  std::vector<AutoCoding> codings;
  for (std::size_t i = 0; i < found.size();) {
    AutoCoding coding;
    coding.code_path = impl.code_paths[found[i].code];
    coding.span = found[i].span;
    coding.rule = found[i].rule;
    std::size_t j = i;
    for (; j < found.size() && found[j].code == found[i].code && found[j].span == found[i].span;
         ++j) {
      coding.hits.insert(coding.hits.end(), found[j].hits.begin(), found[j].hits.end());
    }
    std::sort(coding.hits.begin(), coding.hits.end(), [](const Span& a, const Span& b) {
      return std::tie(a.start, a.end) < std::tie(b.start, b.end);
    });
    coding.hits.erase(std::unique(coding.hits.begin(), coding.hits.end()), coding.hits.end());
    codings.push_back(std::move(coding));
    i = j;
  }
  return codings;
}

std::string rule_name(const model::Code& code, std::size_t rule) {
  return code.path + "#" + std::to_string(rule + 1);
}

std::string rules_hash(const model::Code& code) {
  // FNV-1a over a canonical listing of the rules: each field named, each list's items
  // separated by a byte that cannot occur in a term (0x1F), each rule closed by 0x1E.
  std::uint64_t hash = 14695981039346656037ULL;
  const auto add = [&](std::string_view bytes) {
    for (const char c : bytes) {
      hash ^= static_cast<unsigned char>(c);
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1F;
    hash *= 1099511628211ULL;
  };
  const auto add_list = [&](std::string_view name, const std::vector<std::string>& terms) {
    add(name);
    add(std::to_string(terms.size()));
    for (const std::string& term : terms) add(term);
  };
  for (const model::Rule& rule : code.rules) {
    add_list("keywords", rule.keywords);
    add_list("all", rule.all);
    add_list("any", rule.any);
    add_list("not", rule.not_terms);
    if (rule.near) {
      add_list("near", rule.near->terms);
      add(std::to_string(rule.near->within));
    }
    if (rule.regex) {
      add("regex");
      add(*rule.regex);
      add(rule.regex_case_sensitive ? "case" : "nocase");
    }
    add(to_string(rule.scope));
    add(to_string(rule.speaker));
    add(rule.stem ? "stem" : "nostem");
    if (!rule.where.empty()) {  // absent from the hash of rules without it, as before it was
      add("where");
      for (const auto& [name, value] : rule.where) add(name + "=" + value);
    }
    add("\x1E");
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text(16, '0');
  for (int i = 15; i >= 0; --i) {
    text[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    hash >>= 4;
  }
  return text;
}

}  // namespace inzicht::coding
