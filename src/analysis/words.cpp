#include "analysis/words.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "analysis/coding_data.hpp"
#include "base/error.hpp"
#include "coding/term_finder.hpp"
#include "text/text.hpp"

namespace inzicht::analysis {

namespace {

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kFormsShown = 5;

struct TurnView {
  std::size_t document = 0;  // index into CodingData::documents()
  const DocumentInfo& info;
  const std::string& case_name;
  std::size_t case_index = 0;
  std::size_t turn = 0;
  const model::Turn& spoken;
  std::string_view text;
};

// Calls `visit(const TurnView&)` for every selected turn in document order, until it
// returns false. Returns the number of documents read.
template <typename Visit>
std::int64_t for_each_turn(const store::Project& project, const TurnSelection& selection,
                           Visit visit) {
  const CodingData data(project);
  const std::vector<bool> admitted = data.cases_where(selection.where);
  std::unordered_set<std::string> names;
  for (const std::string& name : selection.speaker_names) names.insert(text::fold_text(name));
  std::map<std::string, std::string> speakers;  // folded → as written, of the turns read
  std::int64_t read = 0;
  for (std::size_t d = 0; d < data.documents().size(); ++d) {
    const std::vector<std::size_t>& cases = data.cases_of(d);
    if (std::none_of(cases.begin(), cases.end(), [&](std::size_t c) { return admitted[c]; })) {
      continue;
    }
    ++read;
    const DocumentInfo& info = data.documents()[d];
    const model::Document document = project.load_document(info.name);
    const text::CodePointIndex index(document.text);
    for (std::size_t t = 0; t < document.turns.size(); ++t) {
      const model::Turn& turn = document.turns[t];
      if (!admits(selection.speaker, turn.role)) continue;
      if (!names.empty()) {
        const std::string name = text::fold_text(turn.speaker);
        if (!turn.speaker.empty()) speakers.emplace(name, turn.speaker);
        if (!names.count(name)) continue;
      }
      const std::size_t case_index = data.case_of(d, turn.span);
      if (!admitted[case_index]) continue;
      const TurnView view{d, info, data.cases()[case_index].name, case_index,
                          t, turn, index.slice(turn.span)};
      if (!visit(view)) return read;
    }
  }
  // A name no turn has is a typo, not a speaker who said nothing.
  for (const std::string& name : selection.speaker_names) {
    if (speakers.count(text::fold_text(name))) continue;
    std::string known;
    for (const auto& [folded, written] : speakers) {
      if (known.size() > 200) {
        known += ", …";
        break;
      }
      known += (known.empty() ? "" : ", ") + written;
    }
    throw InputError("--speaker: no turn of a speaker named '" + name + "'" +
                     (known.empty() ? std::string(" (no turn names its speaker)")
                                    : " (speakers: " + known + ")"));
  }
  return read;
}

// Numbers, times and amounts are words to ICU but not to a word count.
bool has_letter(std::string_view folded) {
  return std::any_of(folded.begin(), folded.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
  });
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// The most frequent of `written`; on a tie the greater in byte order, which prefers
// "kosten" to "Kosten" and "ideeën" to "ideeen".
std::string most_frequent(const std::map<std::string, std::int64_t>& written) {
  const auto best = std::max_element(written.begin(), written.end(), [](auto& a, auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  return best == written.end() ? std::string() : best->first;
}

struct Form {
  std::int64_t count = 0;
  std::map<std::string, std::int64_t> written;
};

struct Entry {
  std::int64_t count = 0;
  std::int64_t documents = 0;
  std::size_t last_document = kNone;
  std::vector<std::size_t> cases;
  std::map<std::string, Form> forms;  // by folded word
};

}  // namespace

WordCounts word_frequencies(const store::Project& project, const WordOptions& options) {
  WordCounts counts;
  std::unordered_map<std::string, Entry> entries;
  std::unordered_map<std::string, std::string> folded_of;  // transcripts repeat their words
  std::unordered_map<std::string, std::string> stem_of;
  std::optional<text::Stemmer> stemmer;
  if (options.stem) stemmer.emplace(project.language());

  counts.documents = for_each_turn(project, options.turns, [&](const TurnView& turn) {
    ++counts.turns;
    for (const text::Word& word : text::words(turn.text)) {
      auto folded = folded_of.find(word.text);
      if (folded == folded_of.end()) {
        folded = folded_of.emplace(word.text, text::fold_word(word.text)).first;
      }
      const std::string& key_word = folded->second;
      if (!has_letter(key_word)) continue;
      ++counts.words_read;
      if (options.stopwords.count(key_word) || code_points(key_word) < options.min_length) {
        continue;
      }
      ++counts.counted;
      const std::string* key = &key_word;
      if (stemmer) {
        auto stem = stem_of.find(key_word);
        if (stem == stem_of.end()) stem = stem_of.emplace(key_word, stemmer->stem(key_word)).first;
        key = &stem->second;
      }
      Entry& entry = entries[*key];
      ++entry.count;
      if (entry.last_document != turn.document) {
        entry.last_document = turn.document;
        ++entry.documents;
      }
      if (entry.cases.empty() || entry.cases.back() != turn.case_index) {
        entry.cases.push_back(turn.case_index);
      }
      Form& form = entry.forms[key_word];
      ++form.count;
      ++form.written[word.text];
    }
    return true;
  });

  for (auto& [key, entry] : entries) {
    WordFrequency row;
    row.key = key;
    row.count = entry.count;
    row.documents = entry.documents;
    std::sort(entry.cases.begin(), entry.cases.end());
    row.cases = std::unique(entry.cases.begin(), entry.cases.end()) - entry.cases.begin();
    std::map<std::string, std::int64_t> written;
    for (const auto& [folded, form] : entry.forms) {
      written.insert(form.written.begin(), form.written.end());  // each belongs to one form
      if (options.stem) row.forms.emplace_back(most_frequent(form.written), form.count);
    }
    row.word = most_frequent(written);
    std::stable_sort(row.forms.begin(), row.forms.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    row.per_mille = counts.words_read == 0
                        ? 0
                        : std::round(static_cast<double>(row.count) * 1000 * 100 /
                                     static_cast<double>(counts.words_read)) /
                              100;
    counts.words.push_back(std::move(row));
  }
  counts.distinct = static_cast<std::int64_t>(counts.words.size());
  std::sort(counts.words.begin(), counts.words.end(),
            [](const WordFrequency& a, const WordFrequency& b) {
              return a.count != b.count ? a.count > b.count : a.key < b.key;
            });
  if (options.top > 0 && counts.words.size() > options.top) counts.words.resize(options.top);
  return counts;
}

table::Table words_table(const WordCounts& counts, bool stem) {
  table::Table table;
  table.columns =
      stem ? std::vector<std::string>{"stem",      "word",  "forms",    "count",
                                      "documents", "cases", "per_mille"}
           : std::vector<std::string>{"word", "count", "documents", "cases", "per_mille"};
  for (const WordFrequency& word : counts.words) {
    std::vector<table::Cell> row;
    if (stem) {
      std::string forms;
      for (std::size_t i = 0; i < word.forms.size() && i < kFormsShown; ++i) {
        forms += (i ? ", " : "") + word.forms[i].first + " (" +
                 std::to_string(word.forms[i].second) + ")";
      }
      if (word.forms.size() > kFormsShown) forms += ", …";
      row = {word.key, word.word, forms};
    } else {
      row = {word.word};
    }
    row.insert(row.end(), {word.count, word.documents, word.cases, word.per_mille});
    table.rows.push_back(std::move(row));
  }
  return table;
}

Concordance concordance(const store::Project& project, const std::string& term,
                        const KwicOptions& options) {
  const coding::TermFinder finder(term, !options.exact, project.language());
  Concordance result;
  std::size_t last_document = kNone;
  for_each_turn(project, options.turns, [&](const TurnView& turn) {
    for (const Span& match : finder.find(turn.text)) {
      if (options.limit > 0 && result.lines.size() == options.limit) {
        result.limited = true;
        return false;
      }
      if (turn.document != last_document) {
        last_document = turn.document;
        ++result.documents;
      }
      KwicLine line;
      line.document = turn.info.name;
      line.case_name = turn.case_name;
      line.turn = static_cast<std::int64_t>(turn.turn);
      line.speaker = turn.spoken.speaker;
      line.span = Span{turn.spoken.span.start + match.start, turn.spoken.span.start + match.end};
      line.kwic = text::keyword_in_context(turn.text, match.start, match.end, options.width);
      result.lines.push_back(std::move(line));
    }
    return true;
  });
  return result;
}

table::Table concordance_table(const Concordance& concordance) {
  table::Table table{
      {"document", "case", "turn", "speaker", "start", "end", "left", "match", "right"}, {}};
  for (const KwicLine& line : concordance.lines) {
    table.rows.push_back({line.document, line.case_name, line.turn, line.speaker, line.span.start,
                          line.span.end, line.kwic.left, line.kwic.match, line.kwic.right});
  }
  return table;
}

}  // namespace inzicht::analysis
