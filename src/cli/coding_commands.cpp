#include "analysis/coding_data.hpp"
#include "base/error.hpp"
#include "cli/context.hpp"
#include "coding/coding.hpp"
#include "text/kwic.hpp"
#include "text/text.hpp"

namespace inzicht::cli {

namespace {

// The selector options shared by code and uncode.
struct SelectorOptions {
  std::string range;
  std::int64_t turn = -1;
  std::int64_t sentence = -1;
  std::string quote;

  bool any() const { return !range.empty() || turn >= 0 || sentence >= 0 || !quote.empty(); }
  coding::Selector selector() const {
    coding::Selector s;
    if (!range.empty()) s.range = coding::parse_range(range);
    if (turn >= 0) s.turn = static_cast<std::size_t>(turn);
    if (sentence >= 0) s.sentence = static_cast<std::size_t>(sentence);
    if (!quote.empty()) s.quote = quote;
    return s;
  }
};

void add_selector_options(CLI::App& command, SelectorOptions& options) {
  auto* range = command.add_option("--range", options.range, "START:END in code points");
  auto* turn = command.add_option("--turn", options.turn, "A whole turn, by number (show --turns)");
  auto* sentence =
      command.add_option("--sentence", options.sentence, "A whole sentence, by number");
  auto* quote = command.add_option("--quote", options.quote, "Exact text that occurs once");
  range->excludes(turn)->excludes(sentence)->excludes(quote);
  turn->excludes(sentence)->excludes(quote);
  sentence->excludes(quote);
}

std::string span_text(Span span) {
  return std::to_string(span.start) + ":" + std::to_string(span.end);
}

struct CodeOptions {
  std::string document;
  std::string code;
  SelectorOptions select;
  std::string coder;
  std::string memo;
};

void run_code(const CodeOptions& options, Context& context) {
  if (!options.select.any()) {
    throw InputError("say what to code: --range, --turn, --sentence or --quote");
  }
  store::Project project = context.open_project();
  const auto summary = project.resolve_document(options.document);
  const model::Document document = project.load_document(summary.name);
  const Span span = coding::select_span(document, options.select.selector());
  const std::string coder = Context::coder(
      options.coder.empty() ? std::nullopt : std::optional<std::string>(options.coder));
  const std::int64_t added = project.add_codings(
      {{summary.name, options.code, coder, span,
        options.memo.empty() ? std::nullopt : std::optional<std::string>(options.memo)}});
  const std::string words(text::CodePointIndex(document.text).slice(span));
  context.out << (added ? "Coded " : "Already coded (nothing changed): ") << summary.name << ' '
              << span_text(span) << " as " << options.code << " by " << coder << ": \""
              << (words.size() > 120 ? words.substr(0, 117) + "…" : words) << "\"\n";
}

struct UncodeOptions {
  std::vector<std::string> targets;
  SelectorOptions select;
  std::string coder;
};

void run_uncode(const UncodeOptions& options, Context& context) {
  store::Project project = context.open_project();
  std::int64_t removed = 0;
  if (options.select.any()) {
    if (options.targets.size() != 2) {
      throw InputError("with a selector, uncode takes DOC CODE (e.g. uncode L01 kosten --turn 3)");
    }
    const auto summary = project.resolve_document(options.targets[0]);
    const Span span =
        coding::select_span(project.load_document(summary.name), options.select.selector());
    store::CodingFilter filter;
    filter.documents = {summary.name};
    filter.coders = {Context::coder(
        options.coder.empty() ? std::nullopt : std::optional<std::string>(options.coder))};
    std::vector<std::int64_t> ids;
    for (const auto& coding : project.codings(filter)) {
      if (coding.code == options.targets[1] && coding.span == span) ids.push_back(coding.id);
    }
    if (ids.empty()) {
      throw NotFoundError("no coding of " + options.targets[1] + " at " + span_text(span) + " in " +
                          summary.name + " by " + filter.coders[0]);
    }
    removed = project.remove_codings(ids);
  } else {
    std::vector<std::int64_t> ids;
    for (const std::string& target : options.targets) {
      if (target.empty() || target.find_first_not_of("0123456789") != std::string::npos) {
        throw InputError("'" + target +
                         "' is not a coding id; to name a coding by place use "
                         "DOC CODE with --range, --turn, --sentence or --quote");
      }
      ids.push_back(std::stoll(target));
    }
    removed = project.remove_codings(ids);
    if (removed != static_cast<std::int64_t>(ids.size())) {
      context.err << "inzicht: " << ids.size() - static_cast<std::size_t>(removed)
                  << " of the ids named no coding\n";
      context.status = 1;
    }
  }
  context.out << "Removed " << removed << " coding(s)\n";
}

struct MemoOptions {
  std::string document;
  std::string code;
  std::string coding;
  std::string text;
  std::string coder;
  OutputOptions output;
};

std::pair<std::string, std::string> memo_target(const MemoOptions& options) {
  if (!options.document.empty()) return {"document", options.document};
  if (!options.code.empty()) return {"code", options.code};
  if (!options.coding.empty()) return {"coding", options.coding};
  return {};
}

void run_memo_add(const MemoOptions& options, Context& context) {
  store::Project project = context.open_project();
  auto [kind, target] = memo_target(options);
  if (kind.empty()) throw InputError("a memo needs --doc, --code or --coding");
  if (kind == "document") target = project.resolve_document(target).name;
  const std::string coder = Context::coder(
      options.coder.empty() ? std::nullopt : std::optional<std::string>(options.coder));
  const std::int64_t id = project.add_memo(kind, target, coder, options.text);
  context.out << "Memo " << id << " on " << kind << ' ' << target << " by " << coder << '\n';
}

void run_memo_list(const MemoOptions& options, Context& context) {
  const store::Project project = context.open_project_to_read();
  auto [kind, target] = memo_target(options);
  if (kind == "document") target = project.resolve_document(target).name;
  table::Table table{{"memo", "on", "target", "coder", "created", "text"}, {}};
  for (const auto& memo : project.memos(kind, target)) {
    table.rows.push_back(
        {memo.id, memo.target_kind, memo.target, memo.coder, memo.created, memo.text});
  }
  emit(context, options.output, {{"memos", std::move(table)}});
}

struct AutocodeCommandOptions {
  std::vector<std::string> codes;
  std::string coder = "auto";
  bool dry_run = false;
  bool replace = false;
  bool suggest = false;
  std::string format = "table";
};

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) out += (out.empty() ? "" : ", ") + word;
  return out;
}

void run_autocode(const AutocodeCommandOptions& options, Context& context) {
  store::Project project = context.open_project();
  coding::AutocodeOptions autocode{options.codes, options.coder, options.dry_run, options.replace,
                                   options.suggest};
  TerminalProgress progress(context.err);
  const auto result = coding::autocode(project, autocode, context.terminal ? &progress : nullptr);
  for (const std::string& name : result.unknown_attributes) {
    context.err << "inzicht: warning: rules keep to cases by '" << name
                << "' (where:), but no case has that attribute, so they read every case; "
                   "check the name, or set it (inzicht attributes import, import --group)\n";
  }
  const table::Format format = table::parse_format(options.format);
  if (options.dry_run) {
    table::Table table{
        {"document", "code", "start", "end", "rule", "words", "left", "match", "right"}, {}};
    for (const auto& hit : result.hits) {
      // The first hit, in context within its unit.
      const Span first = hit.hits.empty() ? hit.span : hit.hits.front();
      const text::Kwic kwic = text::keyword_in_context(hit.text, first.start - hit.span.start,
                                                           first.end - hit.span.start);
      table.rows.push_back({hit.document, hit.code_path, hit.span.start, hit.span.end, hit.rule,
                            joined(hit.words), kwic.left, kwic.match, kwic.right});
    }
    table::write(context.out, table, format);
    if (format == table::Format::table) {
      context.out << result.hits.size() << " unit(s) would be coded in " << result.documents
                  << " document(s); nothing was changed (--dry-run)\n";
    }
    return;
  }
  table::Table table{{"code", "units", options.suggest ? "suggested" : "added", "outdated"}, {}};
  std::int64_t added = 0;
  std::int64_t outdated = 0;
  for (const auto& [path, count] : result.added) {
    const auto units = result.units.find(path);
    const auto stale = result.outdated.find(path);
    const std::int64_t stale_count = stale == result.outdated.end() ? 0 : stale->second;
    table.rows.push_back({path, units == result.units.end() ? std::int64_t{0} : units->second,
                          count, stale_count});
    added += count;
    outdated += stale_count;
  }
  table::write(context.out, table, format);
  if (format == table::Format::table) {
    if (options.suggest) {
      context.out << "Proposed by rule in " << result.documents << " document(s): " << added
                  << " pending suggestion(s), replacing " << result.removed
                  << " pending ones; nothing coded (see: inzicht suggestions list)\n";
    } else {
      context.out << "Autocoded " << result.documents << " document(s) as coder "
                  << options.coder << ": " << added << " coding(s) added";
      if (options.replace) context.out << " after removing " << result.removed;
      context.out << '\n';
    }
    if (outdated > 0 && !options.suggest) {
      context.out << outdated << " coding(s) of coder " << options.coder
                  << " were made by an earlier version of their code's rules and are not made "
                     "by the current ones; inzicht autocode --replace redoes them\n";
    }
  }
}

struct CodingsImportOptions {
  std::vector<std::string> files;
  std::string coder;
};

void run_codings_import(const CodingsImportOptions& options, Context& context) {
  store::Project project = context.open_project();
  const std::string coder = Context::coder(
      options.coder.empty() ? std::nullopt : std::optional<std::string>(options.coder));
  const auto result = coding::import_codings(project, options.files, coder);
  context.out << "Read " << result.rows << " coding(s) as coder " << coder << "; " << result.added
              << " new\n";
}

struct SegmentsOptions {
  std::vector<std::string> codes;
  std::vector<std::string> coders;
  std::vector<std::string> where;
  std::vector<std::string> documents;
  int context = 0;
  bool explain = false;
  OutputOptions output;
};

void run_segments(const SegmentsOptions& options, Context& context) {
  options.output.resolved();  // refuses xlsx without -o before the work
  const store::Project project = context.open_project_to_read();
  store::CodingFilter filter;
  filter.code_paths = options.codes;
  filter.coders = options.coders;
  for (const std::string& document : options.documents) {
    filter.documents.push_back(project.resolve_document(document).name);
  }
  filter.where = parse_where(options.where);
  // Unknown codes, coders and attributes fail as they do in freq, with the same messages.
  analysis::CodingData(project).filter({filter.code_paths, filter.coders, filter.where});
  const auto segments = coding::segments(project, filter, options.context);
  table::Table table{
      {"coding", "document", "case", "speaker", "start", "end", "code", "coder", "memo", "text"},
      {}};
  if (options.explain) {
    table.columns.insert(table.columns.end() - 1, {"rule", "words", "rules_version"});
  }
  if (options.context > 0) {
    table.columns.insert(table.columns.end() - 1, "before");
    table.columns.push_back("after");
  }
  for (const auto& segment : segments) {
    const auto& c = segment.coding;
    std::vector<table::Cell> row = {c.id,
                                     c.document,
                                     c.case_name,
                                     segment.speaker,
                                     c.span.start,
                                     c.span.end,
                                     c.code,
                                     c.coder,
                                     c.memo ? table::Cell{*c.memo} : table::Cell{}};
    if (options.explain) {
      if (segment.origin) {
        row.emplace_back(segment.origin->rule);
        row.emplace_back(joined(segment.origin->words));
        row.emplace_back(segment.outdated ? "outdated" : "current");
      } else {
        row.insert(row.end(), 3, table::Cell{});
      }
    }
    if (options.context > 0) row.emplace_back(segment.before);
    row.emplace_back(segment.text);
    if (options.context > 0) row.emplace_back(segment.after);
    table.rows.push_back(std::move(row));
  }
  emit(context, options.output, {{"segments", std::move(table)}});
}

}  // namespace

void setup_coding(CLI::App& app, Context& context) {
  auto code = std::make_shared<CodeOptions>();
  CLI::App* code_command = app.add_subcommand("code", "Code a stretch of a document by hand");
  code_command->add_option("document", code->document, "Document name or file stem")->required();
  code_command->add_option("code", code->code, "Code path, e.g. drempels/tijdsgebrek")->required();
  add_selector_options(*code_command, code->select);
  code_command->add_option("--coder", code->coder,
                           "Coder (default: $INZICHT_CODER, then your user name)");
  code_command->add_option("--memo", code->memo, "A memo on the coding");
  code_command->callback([code, &context] { run_code(*code, context); });

  auto uncode = std::make_shared<UncodeOptions>();
  CLI::App* uncode_command = app.add_subcommand(
      "uncode", "Remove codings: by id (segments shows ids), or DOC CODE with a selector");
  uncode_command->add_option("targets", uncode->targets, "IDs, or DOC CODE")->required();
  add_selector_options(*uncode_command, uncode->select);
  uncode_command->add_option("--coder", uncode->coder, "Coder whose coding goes");
  uncode_command->callback([uncode, &context] { run_uncode(*uncode, context); });

  CLI::App* memo_group = app.add_subcommand("memo", "Memos on documents, codes and codings");
  memo_group->require_subcommand(1);
  auto memo = std::make_shared<MemoOptions>();
  CLI::App* memo_add = memo_group->add_subcommand("add", "Add a memo");
  memo_add->add_option("text", memo->text, "The memo")->required();
  for (CLI::App* command : {memo_add, memo_group->add_subcommand("list", "List memos")}) {
    auto* doc = command->add_option("--doc", memo->document, "On a document");
    auto* on_code = command->add_option("--code", memo->code, "On a code (path)");
    auto* on_coding = command->add_option("--coding", memo->coding, "On a coding (id)");
    doc->excludes(on_code)->excludes(on_coding);
    on_code->excludes(on_coding);
  }
  memo_add->add_option("--coder", memo->coder, "Author (default: $INZICHT_CODER, then user)");
  CLI::App* memo_list = memo_group->get_subcommand("list");
  add_output_options(*memo_list, memo->output);
  memo_add->callback([memo, &context] { run_memo_add(*memo, context); });
  memo_list->callback([memo, &context] { run_memo_list(*memo, context); });

  auto autocode = std::make_shared<AutocodeCommandOptions>();
  CLI::App* autocode_command =
      app.add_subcommand("autocode", "Code every document by the codebook's rules (idempotent)");
  autocode_command
      ->add_option("--code,--codes", autocode->codes,
                   "Only these codes and their children (a,b or repeated)")
      ->delimiter(',');
  autocode_command->add_option("--coder", autocode->coder, "Coder name")->default_str("auto");
  autocode_command->add_flag("--dry-run", autocode->dry_run,
                             "Show what would be coded, keyword in context; change nothing");
  autocode_command->add_flag("--replace", autocode->replace,
                             "First remove this coder's codings of the codes concerned");
  autocode_command->add_flag("--suggest", autocode->suggest,
                             "Propose the rules' codings as suggestions instead of coding");
  add_format_option(*autocode_command, autocode->format);
  autocode_command->callback([autocode, &context] { run_autocode(*autocode, context); });

  CLI::App* codings_group = app.add_subcommand("codings", "Codings kept in files");
  codings_group->require_subcommand(1);
  auto codings_import = std::make_shared<CodingsImportOptions>();
  CLI::App* codings_import_command = codings_group->add_subcommand(
      "import", "Add codings from CSV (document,code,quote or document,code,start,end)");
  codings_import_command->add_option("files", codings_import->files, "CSV files")->required();
  codings_import_command->add_option("--coder", codings_import->coder,
                                     "Coder (default: $INZICHT_CODER, then your user name)");
  codings_import_command->callback(
      [codings_import, &context] { run_codings_import(*codings_import, context); });

  auto segments = std::make_shared<SegmentsOptions>();
  CLI::App* segments_command =
      app.add_subcommand("segments", "Coded segments with document, case, speaker and text");
  segments_command
      ->add_option("--code,--codes", segments->codes,
                   "Codes, with their children (a,b or repeated)")
      ->delimiter(',');
  segments_command->add_option("--coder,--coders", segments->coders, "Coders (a,b or repeated)")
      ->delimiter(',');
  segments_command->add_option("--where", segments->where, "Case attribute, ATTR=VALUE");
  segments_command->add_option("--doc", segments->documents, "Documents");
  segments_command->add_option("--context", segments->context, "Sentences of context either side")
      ->check(CLI::NonNegativeNumber);
  segments_command->add_flag("--explain", segments->explain,
                             "For rule codings: the rule, the words it matched, and whether the "
                             "code's rules have changed since (rules_version current|outdated)");
  add_output_options(*segments_command, segments->output);
  segments_command->callback([segments, &context] { run_segments(*segments, context); });
}

}  // namespace inzicht::cli
