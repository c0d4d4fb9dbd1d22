#include "coding/coding.hpp"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "codebook/codebook_io.hpp"
#include "coding/autocoder.hpp"
#include "base/csv.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
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

std::string default_coder(const std::optional<std::string>& flag) {
  if (flag && !flag->empty()) return *flag;
  if (const char* env = std::getenv("INZICHT_CODER"); env && *env) return env;
  if (const passwd* user = getpwuid(geteuid()); user && user->pw_name && *user->pw_name) {
    return user->pw_name;
  }
  if (const char* env = std::getenv("USER"); env && *env) return env;
  return "unknown";
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
    const std::string with_ids = codebook::add_missing_ids(bytes, codebook);
    load.merge = project.merge_codebook(codebook, prune, codebook::new_guid);
    if (with_ids != bytes) {
      write_file_atomically(path, with_ids);
      load.ids_written = true;
    }
  } else if (extension == ".qdc") {
    model::Codebook codebook = codebook::parse_qdc(bytes, path);
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
    load.merge = project.merge_codebook(codebook, prune, codebook::new_guid);
  } else {
    throw InputError(path + ": a codebook is a .yaml/.yml file or a REFI-QDA .qdc file");
  }
  return load;
}

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
  const Autocoder autocoder(codebook, concerned);
  std::vector<store::NewCoding> codings;
  const auto documents = project.documents();
  for (std::size_t i = 0; i < documents.size(); ++i) {
    if (progress) progress->step(i, documents.size(), documents[i].name);
    const model::Document document = project.load_document(documents[i].name);
    const text::CodePointIndex index(document.text);
    for (AutoCoding& coding : autocoder.code(document)) {
      ++result.units[coding.code_path];
      if (options.dry_run) {
        result.hits.push_back({document.name, coding.code_path, coding.span, coding.hits,
                               std::string(index.slice(coding.span))});
      } else {
        codings.push_back(
            {document.name, coding.code_path, options.coder, coding.span, std::nullopt});
      }
    }
    ++result.documents;
  }
  if (progress) progress->finish();
  if (options.dry_run) return result;
  const auto before = project.coding_counts({options.coder});
  std::optional<store::CodingFilter> remove;
  std::int64_t before_total = 0;
  if (options.replace) {
    remove = store::CodingFilter{concerned, {options.coder}, {}, {}};
    for (const std::string& path : concerned) {
      if (before.count(path)) before_total += before.at(path);
    }
  }
  project.add_codings(codings, remove);
  const auto after = project.coding_counts({options.coder});
  for (const std::string& path : concerned) {
    const std::int64_t was = options.replace || !before.count(path) ? 0 : before.at(path);
    const std::int64_t now = after.count(path) ? after.at(path) : 0;
    result.added[path] = now - was;
  }
  result.removed = before_total;
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
    for (const std::string& problem : problems) message += "\n  " + problem;
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
  for (store::Coding& coding : project.codings(filter)) {
    if (!document || document->name != coding.document) {
      index.reset();
      document = project.load_document(coding.document);
      index.emplace(document->text);
    }
    Segment segment;
    for (const model::Turn& turn : document->turns) {
      if (turn.span.start <= coding.span.start && coding.span.start < turn.span.end) {
        segment.speaker = turn.speaker;
        segment.role = model::to_string(turn.role);
        break;
      }
    }
    segment.text = std::string(index->slice(coding.span));
    if (context_sentences > 0) {
      const auto& sentences = document->sentences;
      const auto n = static_cast<std::ptrdiff_t>(context_sentences);
      // Sentences wholly before the segment, and wholly after it.
      const auto first_after = std::find_if(sentences.begin(), sentences.end(), [&](const auto& s) {
        return s.span.start >= coding.span.end;
      });
      const auto first_overlap =
          std::find_if(sentences.begin(), sentences.end(),
                       [&](const auto& s) { return s.span.end > coding.span.start; });
      const auto from = first_overlap - std::min(n, first_overlap - sentences.begin());
      for (auto it = from; it != first_overlap; ++it) {
        segment.before += (segment.before.empty() ? "" : " ") + std::string(index->slice(it->span));
      }
      const auto to = first_after + std::min(n, sentences.end() - first_after);
      for (auto it = first_after; it != to; ++it) {
        segment.after += (segment.after.empty() ? "" : " ") + std::string(index->slice(it->span));
      }
    }
    segment.coding = std::move(coding);
    result.push_back(std::move(segment));
  }
  return result;
}

}  // namespace inzicht::coding
