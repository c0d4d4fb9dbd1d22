#include "coding/coding.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>

#include "base/csv.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "base/ordered_work.hpp"
#include "codebook/codebook_io.hpp"
#include "codebook/merge_plan.hpp"
#include "coding/autocoder.hpp"
#include "text/text.hpp"

namespace inzicht::coding {

namespace {

std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

std::string describe(const text::CodePointIndex& index, Span span) {
  const Offset left = std::max<Offset>(0, span.start - 25);
  const Offset right = std::min<Offset>(index.size(), span.end + 25);
  return "  " + std::to_string(span.start) + ":" + std::to_string(span.end) + "  …" +
         one_line(index.slice({left, span.start})) + "[" + one_line(index.slice(span)) + "]" +
         one_line(index.slice({span.end, right})) + "…\n";
}

}  // namespace

Span parse_range(const std::string& text) {
  const auto colon = text.find(':');
  const auto number = [&](const std::string& part) -> Offset {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos ||
        part.size() > 15) {
      throw InputError("--range '" + text + "': expected START:END in code points, e.g. 120:245");
    }
    return std::stoll(part);
  };
  if (colon == std::string::npos) number("");
  const Span span{number(text.substr(0, colon)), number(text.substr(colon + 1))};
  if (span.start >= span.end) {
    throw InputError("--range '" + text + "': the end must be after the start");
  }
  return span;
}

Span select_span(const model::Document& document, const Selector& selector) {
  if (selector.range) {
    if (selector.range->end > document.length) {
      throw InputError(document.name + ": --range " + std::to_string(selector.range->start) + ":" +
                       std::to_string(selector.range->end) + " goes past the end (" +
                       std::to_string(document.length) + " code points)");
    }
    return *selector.range;
  }
  if (selector.turn) {
    if (*selector.turn >= document.turns.size()) {
      throw InputError(document.name + " has turns 0 to " +
                       std::to_string(document.turns.size() - 1) + ", not " +
                       std::to_string(*selector.turn));
    }
    return document.turns[*selector.turn].span;
  }
  if (selector.sentence) {
    if (*selector.sentence >= document.sentences.size()) {
      throw InputError(document.name + " has sentences 0 to " +
                       std::to_string(document.sentences.size() - 1) + ", not " +
                       std::to_string(*selector.sentence));
    }
    return document.sentences[*selector.sentence].span;
  }
  if (!selector.quote) throw InputError("say what to code: --range, --turn, --sentence or --quote");
  const std::string quote = text::to_nfc(*selector.quote);
  if (quote.empty()) throw InputError("--quote is empty");
  const text::CodePointIndex index(document.text);
  const Offset length = text::count_code_points(quote);
  std::vector<Span> found;
  for (auto at = document.text.find(quote); at != std::string::npos;
       at = document.text.find(quote, at + 1)) {
    const Offset start = index.offset_at_byte(at);
    found.push_back({start, start + length});
  }
  if (found.size() == 1) return found.front();
  std::string message;
  if (found.size() > 1) {
    message = document.name + ": the quote occurs " + std::to_string(found.size()) +
              " times; make it longer, or use --range with one of:\n";
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < found.size() && i < kShown; ++i) {
      message += describe(index, found[i]);
    }
    if (found.size() > kShown) {
      message += "  … and " + std::to_string(found.size() - kShown) + " more\n";
    }
  } else {
    // Not found as written: offer what differs only in case or accents.
    const text::Folded folded = text::fold(document.text);
    const std::string needle = text::fold_text(quote);
    const text::CodePointIndex folded_index(folded.text);
    const Offset needle_length = text::count_code_points(needle);
    for (auto at = folded.text.find(needle); at != std::string::npos && found.size() < 10;
         at = folded.text.find(needle, at + 1)) {
      const Offset start = folded_index.offset_at_byte(at);
      found.push_back({folded.origin[static_cast<std::size_t>(start)],
                       folded.origin[static_cast<std::size_t>(start + needle_length)]});
    }
    message = document.name + ": the quote is not in the text as written";
    if (found.empty()) {
      message += " (nor when case and accents are ignored)";
    } else {
      message += "; these differ only in case or accents:\n";
      for (const Span& span : found) message += describe(index, span);
    }
  }
  if (!message.empty() && message.back() == '\n') message.pop_back();
  throw InputError(message);
}

model::CodebookMerge merge_codebook(store::Project& project, const model::Codebook& codebook,
                                    bool prune, std::string (*new_guid)()) {
  return project.merge_codebook(codebook, [&](const std::vector<model::StoredCode>& stored) {
    return codebook::plan_merge(stored, codebook, prune, new_guid ? new_guid : codebook::new_guid);
  });
}

CodebookLoad load_codebook(store::Project& project, const std::string& path, bool prune) {
  std::string extension = std::filesystem::path(path).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::string bytes = read_file(path);
  const model::Codebook current = project.codebook();
  CodebookLoad load;
  if (extension == ".yaml" || extension == ".yml") {
    model::Codebook codebook = codebook::parse_yaml(bytes, path);
    for (model::Code& code : codebook.codes) {
      if (code.guid.empty()) {
        if (const model::Code* known = current.find(code.path)) code.guid = known->guid;
      }
    }
    const std::string with_ids = codebook::add_missing_ids(bytes, codebook, path);
    load.merge = merge_codebook(project, codebook, prune);
    if (with_ids != bytes) {
      write_file_atomically(path, with_ids);
      load.ids_written = true;
    }
  } else if (extension == ".qdc") {
    return load_exchanged_codebook(project, codebook::parse_qdc(bytes, path), prune);
  } else {
    throw InputError(path +
                     ": a codebook is a .yaml/.yml file, a REFI-QDA .qdc file or the codebook "
                     "of a REFI-QDA .qde/.qdpx project");
  }
  return load;
}

CodebookLoad load_exchanged_codebook(store::Project& project, model::Codebook codebook,
                                     bool prune) {
  const model::Codebook current = project.codebook();
  std::map<std::string, const model::Code*> by_guid;
  for (const model::Code& code : current.codes) by_guid[code.guid] = &code;
  for (model::Code& code : codebook.codes) {
    const model::Code* known =
        by_guid.count(code.guid) ? by_guid[code.guid] : current.find(code.path);
    if (known) {
      code.rules = known->rules;
      code.fields = known->fields;
    }
  }
  CodebookLoad load;
  load.merge = merge_codebook(project, codebook, prune);
  return load;
}


namespace {

// The text of each hit once, in order of first appearance.
std::vector<std::string> hit_words(const text::CodePointIndex& index, const std::vector<Span>& hits) {
  std::vector<std::string> words;
  for (const Span& hit : hits) {
    std::string word(index.slice(hit));
    std::replace(word.begin(), word.end(), '\n', ' ');
    if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(word);
  }
  return words;
}

// Whether a rule of `concerned` reads only the turns of some cases (`where`).
bool rules_need_cases(const model::Codebook& codebook, const std::vector<std::string>& concerned) {
  for (const std::string& path : concerned) {
    for (const model::Rule& rule : codebook.find(path)->rules) {
      if (!rule.where.empty()) return true;
    }
  }
  return false;
}

// The case attributes of each turn, for rules with `where`: a turn belongs to its
// document's case, or to a case of its own (import --case-per-speaker). Read once, shared
// read-only by the worker threads.
class TurnCases {
 public:
  TurnCases() = default;  // inactive: no rule needs cases
  TurnCases(const store::Project& project, const std::vector<store::DocumentSummary>& documents)
      : active_(true) {
    std::map<std::string, std::int64_t> id_of_case;
    for (const store::CaseRow& row : project.case_rows()) {
      std::map<std::string, std::string>& texts = attributes_[row.id];
      for (const auto& [name, value] : row.attributes) texts[name] = store::to_string(value);
      id_of_case[row.name] = row.id;
    }
    std::map<std::int64_t, Cases*> by_id;
    for (const store::DocumentSummary& document : documents) {
      Cases& cases = documents_[document.name];
      if (const auto found = id_of_case.find(document.case_name); found != id_of_case.end()) {
        cases.own = found->second;
      }
      by_id[document.id] = &cases;
    }
    for (const store::TurnCaseRow& row : project.turn_case_rows()) {
      if (const auto found = by_id.find(row.document_id); found != by_id.end()) {
        found->second->turns[row.span.start] = row.case_id;
      }
    }
  }

  bool active() const { return active_; }

  // Whether some case has attribute `name`.
  bool known(const std::string& name) const {
    for (const auto& [id, held] : attributes_) {
      if (held.count(name)) return true;
    }
    return false;
  }

  Autocoder::TurnAttributes of(const model::Document& document) const {
    const auto cases = documents_.find(document.name);
    if (!active_ || cases == documents_.end()) return {};
    Autocoder::TurnAttributes out(document.turns.size(), nullptr);
    for (std::size_t t = 0; t < document.turns.size(); ++t) {
      const auto own = cases->second.turns.find(document.turns[t].span.start);
      const std::optional<std::int64_t> case_id =
          own != cases->second.turns.end() ? own->second : cases->second.own;
      if (!case_id) continue;
      if (const auto found = attributes_.find(*case_id); found != attributes_.end()) {
        out[t] = &found->second;
      }
    }
    return out;
  }

 private:
  struct Cases {
    std::optional<std::int64_t> own;       // the document's case
    std::map<Offset, std::int64_t> turns;  // turn start → its own case (--case-per-speaker)
  };
  bool active_ = false;
  std::map<std::int64_t, std::map<std::string, std::string>> attributes_;  // by case id
  std::map<std::string, Cases> documents_;                                 // by name
};

// What the rules found in a unit, with the names and words kept of it.
struct Coded {
  AutoCoding coding;
  std::string rule;                // rule_name()
  std::vector<std::string> words;  // hit_words()
  std::string text;                // the unit's text, for a dry run
};

// Per code of `concerned`: `coder`'s codings whose rules hash is not the code's current one.
std::map<std::string, std::int64_t> count_outdated(const store::Project& project,
                                                   const model::Codebook& codebook,
                                                   const std::vector<std::string>& concerned,
                                                   const std::string& coder) {
  std::map<std::string, std::int64_t> outdated;
  const auto hashes = project.rules_hashes(coder);
  for (const std::string& path : concerned) {
    const auto found = hashes.find(path);
    if (found == hashes.end()) continue;
    const std::string current = rules_hash(*codebook.find(path));
    for (const auto& [hash, count] : found->second) {
      if (hash != current) outdated[path] += count;
    }
  }
  return outdated;
}

}  // namespace

AutocodeResult autocode(store::Project& project, const AutocodeOptions& options,
                        Progress* progress) {
  const model::Codebook codebook = project.codebook();
  std::vector<std::string> concerned;
  for (const std::string& wanted : options.codes) {
    if (!codebook.find(wanted)) throw NotFoundError("no code '" + wanted + "' in the codebook");
  }
  for (const model::Code& code : codebook.codes) {
    if (code.rules.empty()) continue;
    bool wanted = options.codes.empty();
    for (const std::string& path : options.codes) {
      wanted = wanted || code.path == path || code.path.rfind(path + "/", 0) == 0;
    }
    if (wanted) concerned.push_back(code.path);
  }
  AutocodeResult result;
  if (concerned.empty()) {
    throw InputError(options.codes.empty()
                         ? "no code in the codebook has rules (see docs/codebook-format.md)"
                         : "none of the codes named has rules");
  }
  if (options.suggest && options.replace) {
    throw InputError("--suggest replaces the pending rule suggestions by itself; --replace is for codings");
  }
  std::map<std::string, std::string> hash_of;
  for (const std::string& path : concerned) hash_of[path] = rules_hash(*codebook.find(path));
  // Units coded with a code by anyone are not suggested for it again.
  std::map<std::pair<std::string, std::string>, std::vector<Span>> coded_before;  // (doc, code)
  if (options.suggest) {
    for (const store::Coding& c : project.codings(store::CodingFilter{concerned, {}, {}, {}})) {
      coded_before[{c.document, c.code}].push_back(c.span);
    }
  }
  const Autocoder autocoder(codebook, concerned, project.language());

  std::vector<store::NewCoding> codings;
  std::vector<store::CodingOrigin> origins;
  std::vector<store::NewSuggestion> suggestions;
  std::optional<store::CodingFilter> remove;
  if (options.replace) remove = store::CodingFilter{concerned, {options.coder}, {}, {}};
  std::optional<store::Project::CodingWriter> writer;
  // The codings made so far to the store, in the one transaction that commits at the end.
  const auto write_held = [&] {
    if (!writer) writer.emplace(project, remove);
    writer->add(codings, &origins);
    codings.clear();
    origins.clear();
  };
  const auto documents = project.documents();
  const TurnCases turn_cases =
      rules_need_cases(codebook, concerned) ? TurnCases(project, documents) : TurnCases();
  if (turn_cases.active()) {
    std::set<std::string> named;
    for (const std::string& path : concerned) {
      for (const model::Rule& rule : codebook.find(path)->rules) {
        for (const auto& [name, value] : rule.where) named.insert(name);
      }
    }
    for (const std::string& name : named) {
      if (!turn_cases.known(name)) result.unknown_attributes.push_back(name);
    }
  }
  // The rules run on worker threads, document by document, while this thread reads the
  // next documents from the project; what they found is taken in document order.
  const auto code_document = [&](const model::Document& document) {
    const text::CodePointIndex index(document.text);
    const Autocoder::TurnAttributes attributes = turn_cases.of(document);
    std::vector<AutoCoding> found =
        autocoder.code(document, turn_cases.active() ? &attributes : nullptr);
    std::vector<Coded> coded;
    coded.reserve(found.size());
    for (AutoCoding& coding : found) {
      Coded one;
      one.rule = rule_name(*codebook.find(coding.code_path), coding.rule);
      one.words = hit_words(index, coding.hits);
      if (options.dry_run) one.text = index.slice(coding.span);
      one.coding = std::move(coding);
      coded.push_back(std::move(one));
    }
    return coded;
  };
  OrderedWork<model::Document, std::vector<Coded>> work(
      code_document, worker_threads(options.threads, documents.size()));
  std::size_t next = 0;  // the next document to read
  for (std::size_t i = 0; i < documents.size(); ++i) {
    while (next < documents.size() && next < i + work.ahead()) {
      work.push(project.load_document(documents[next++].name));
    }
    if (progress) progress->step(i, documents.size(), documents[i].name);
    const std::string& name = documents[i].name;
    for (Coded& coded : work.take()) {
      AutoCoding& coding = coded.coding;
      ++result.units[coding.code_path];
      std::string rule = std::move(coded.rule);
      std::vector<std::string> words = std::move(coded.words);
      if (options.dry_run) {
        result.hits.push_back({name, coding.code_path, coding.span, coding.hits,
                               std::move(coded.text), std::move(rule), std::move(words)});
      } else if (options.suggest) {
        bool taken = false;
        const auto spans = coded_before.find({name, coding.code_path});
        if (spans != coded_before.end()) {
          for (const Span& span : spans->second) {
            taken = taken || (span.start < coding.span.end && coding.span.start < span.end);
          }
        }
        if (!taken) {
          suggestions.push_back({name, coding.code_path, coding.span, 1.0, "rule",
                                 std::move(rule), std::move(words)});
        }
      } else {
        codings.push_back({name, coding.code_path, options.coder, coding.span, std::nullopt});
        origins.push_back({std::move(rule), std::move(words), hash_of[coding.code_path]});
      }
    }
    ++result.documents;
    // Past `held_codings` (100,000 are about 70 MB), the codings go to the store as they
    // come, in the one transaction that commits at the end; below it, the write lock is
    // taken only for that last write.
    if (!options.dry_run && !options.suggest &&
        (writer || codings.size() >= options.held_codings)) {
      write_held();
    }
  }
  if (progress) progress->finish();
  if (options.dry_run) {
    result.outdated = count_outdated(project, codebook, concerned, options.coder);
    return result;
  }
  if (options.suggest) {
    std::map<std::string, std::int64_t> before;
    for (const store::Suggestion& s :
         project.suggestions({{}, concerned, {}, "rule", store::SuggestionState::pending, {}})) {
      ++before[s.code_path];
    }
    project.add_suggestions(suggestions, "rule", concerned);
    std::map<std::string, std::int64_t> after;
    for (const store::Suggestion& s :
         project.suggestions({{}, concerned, {}, "rule", store::SuggestionState::pending, {}})) {
      ++after[s.code_path];
    }
    for (const std::string& path : concerned) result.added[path] = after[path];
    for (const auto& [path, count] : before) result.removed += count;
    return result;
  }
  // Counted inside the store's transaction: a count before and after would also count
  // what another run added meanwhile.
  write_held();
  writer->commit();
  result.removed = writer->removed();
  for (const std::string& path : concerned) {
    const auto found = writer->added_per_code().find(path);
    result.added[path] = found == writer->added_per_code().end() ? 0 : found->second;
  }
  result.outdated = count_outdated(project, codebook, concerned, options.coder);
  return result;
}

CodingsImport import_codings(store::Project& project, const std::vector<std::string>& files,
                             const std::string& coder) {
  std::vector<store::NewCoding> codings;
  std::vector<std::string> problems;
  std::map<std::string, model::Document> documents;  // by the name given in the file
  const model::Codebook codebook = project.codebook();
  for (const std::string& file : files) {
    const auto rows = read_csv(read_file(file), file);
    if (rows.empty()) throw InputError(file + ": empty; expected a header document,code,quote");
    std::map<std::string, std::size_t> column;
    for (std::size_t i = 0; i < rows[0].fields.size(); ++i) column[rows[0].fields[i]] = i;
    const bool by_quote = column.count("quote") > 0;
    if (!column.count("document") || !column.count("code") ||
        (!by_quote && (!column.count("start") || !column.count("end")))) {
      throw InputError(file + ":1: the header needs document, code and quote (or start, end)");
    }
    for (std::size_t r = 1; r < rows.size(); ++r) {
      const auto& row = rows[r];
      const std::string where = file + ":" + std::to_string(row.line) + ": ";
      if (row.fields.size() != rows[0].fields.size()) {
        problems.push_back(where + std::to_string(row.fields.size()) + " fields, the header has " +
                           std::to_string(rows[0].fields.size()));
        continue;
      }
      const auto field = [&](const char* name) { return row.fields[column.at(name)]; };
      try {
        const std::string name = field("document");
        auto document = documents.find(name);
        if (document == documents.end()) {
          const std::string stored = project.resolve_document(name).name;
          document = documents.emplace(name, project.load_document(stored)).first;
        }
        const model::Code* code = codebook.find(field("code"));
        if (!code) throw NotFoundError("no code '" + field("code") + "' in the codebook");
        Selector selector;
        if (by_quote) {
          selector.quote = field("quote");
        } else {
          selector.range = parse_range(field("start") + ":" + field("end"));
        }
        std::optional<std::string> memo;
        if (column.count("memo") && !field("memo").empty()) memo = field("memo");
        codings.push_back({document->second.name, code->path, coder,
                           select_span(document->second, selector), memo});
      } catch (const Error& e) {
        std::string message = e.what();
        message = message.substr(0, message.find('\n'));
        problems.push_back(where + message);
      }
    }
  }
  if (!problems.empty()) {
    std::string message =
        std::to_string(problems.size()) + " row(s) cannot be placed; nothing added:";
    // The first fifty are enough to see what is wrong; a million lines are not.
    constexpr std::size_t kShown = 50;
    for (std::size_t i = 0; i < problems.size() && i < kShown; ++i) message += "\n  " + problems[i];
    if (problems.size() > kShown) {
      message += "\n  … and " + std::to_string(problems.size() - kShown) + " more";
    }
    throw InputError(message);
  }
  CodingsImport result;
  result.rows = static_cast<std::int64_t>(codings.size());
  result.added = project.add_codings(codings);
  return result;
}

std::vector<Segment> segments(const store::Project& project, const store::CodingFilter& filter,
                              int context_sentences) {
  std::vector<Segment> result;
  std::optional<model::Document> document;
  std::optional<text::CodePointIndex> index;
  std::vector<store::Coding> codings = project.codings(filter);
  std::vector<std::int64_t> ids;
  for (const store::Coding& coding : codings) ids.push_back(coding.id);
  const auto origins = project.coding_origins(ids);
  const model::Codebook codebook = project.codebook();
  std::map<std::string, std::string> hash_of;  // code path → its rules' current hash
  for (store::Coding& coding : codings) {
    if (!document || document->name != coding.document) {
      index.reset();
      document = project.load_document(coding.document);
      index.emplace(document->text);
    }
    Segment segment;
    // Turns and sentences are in order and do not overlap: found by bisection, since a
    // long transcript has hundreds of thousands of each and as many codings.
    const auto& turns = document->turns;
    const auto after_start = std::partition_point(
        turns.begin(), turns.end(),
        [&](const model::Turn& turn) { return turn.span.start <= coding.span.start; });
    if (after_start != turns.begin()) {
      const model::Turn& turn = *std::prev(after_start);
      if (coding.span.start < turn.span.end) {
        segment.speaker = turn.speaker;
        segment.role = model::to_string(turn.role);
      }
    }
    segment.text = std::string(index->slice(coding.span));
    if (context_sentences > 0) {
      const auto& sentences = document->sentences;
      const auto n = static_cast<std::ptrdiff_t>(context_sentences);
      // Sentences wholly before the segment, and wholly after it.
      const auto first_after = std::partition_point(
          sentences.begin(), sentences.end(),
          [&](const model::Sentence& s) { return s.span.start < coding.span.end; });
      const auto first_overlap = std::partition_point(
          sentences.begin(), sentences.end(),
          [&](const model::Sentence& s) { return s.span.end <= coding.span.start; });
      const auto from = first_overlap - std::min(n, first_overlap - sentences.begin());
      for (auto it = from; it != first_overlap; ++it) {
        segment.before += (segment.before.empty() ? "" : " ") + std::string(index->slice(it->span));
      }
      const auto to = first_after + std::min(n, sentences.end() - first_after);
      for (auto it = first_after; it != to; ++it) {
        segment.after += (segment.after.empty() ? "" : " ") + std::string(index->slice(it->span));
      }
    }
    if (const auto origin = origins.find(coding.id); origin != origins.end()) {
      segment.origin = origin->second;
      auto hash = hash_of.find(coding.code);
      if (hash == hash_of.end()) {
        const model::Code* code = codebook.find(coding.code);
        hash = hash_of.emplace(coding.code, code ? rules_hash(*code) : "").first;
      }
      segment.outdated = origin->second.rules_hash != hash->second;
    }
    segment.coding = std::move(coding);
    result.push_back(std::move(segment));
  }
  return result;
}

}  // namespace inzicht::coding
