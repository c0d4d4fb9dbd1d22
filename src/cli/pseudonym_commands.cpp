// inzicht pseudonyms find|add|edit|list|apply|revert|status|passphrase

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cli/context.hpp"
#include "coding/pseudonym_candidates.hpp"
#include "coding/pseudonym_key.hpp"
#include "coding/pseudonymise.hpp"
#include "base/csv.hpp"
#include "base/error.hpp"
#include "base/files.hpp"

namespace inzicht::cli {

namespace {

// Reads a line from the terminal without echo; nullopt when there is no terminal.
std::optional<std::string> prompt_hidden(const std::string& prompt) {
  const int tty = ::open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (tty < 0) return std::nullopt;
  termios saved{};
  const bool is_terminal = ::tcgetattr(tty, &saved) == 0;
  if (!is_terminal) {
    ::close(tty);
    return std::nullopt;
  }
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;
  [[maybe_unused]] const auto w = ::write(tty, prompt.data(), prompt.size());
  ::tcsetattr(tty, TCSAFLUSH, &quiet);
  std::string line;
  char c = 0;
  while (::read(tty, &c, 1) == 1 && c != '\n') line.push_back(c);
  ::tcsetattr(tty, TCSAFLUSH, &saved);
  ::close(tty);
  return line;
}

// The passphrase of `path`: $INZICHT_PASSPHRASE, else asked on the terminal (twice when
// `confirm`). Throws InputError when neither is there.
std::string passphrase_for(const std::string& path, bool confirm,
                           const char* variable = "INZICHT_PASSPHRASE") {
  if (const char* given = std::getenv(variable); given != nullptr && *given != '\0') return given;
  const auto first = prompt_hidden("Passphrase for " + path + ": ");
  if (!first) {
    throw InputError(path + ": needs a passphrase: set " + std::string(variable) +
                     " or run on a terminal");
  }
  if (confirm) {
    const auto again = prompt_hidden("The same passphrase again: ");
    if (!again || *again != *first) throw InputError(path + ": the passphrases differ");
  }
  return *first;
}

coding::PseudonymKey load(const std::string& path) {
  return coding::load_key(path, [&path] { return passphrase_for(path, false); });
}

// A key must not be the project itself, nor its WAL: it is kept apart.
void check_apart(const Context& context, const std::string& key) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path project = fs::weakly_canonical(context.project_path(), ec);
  const fs::path file = fs::weakly_canonical(key, ec);
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (file == fs::path(project.string() + suffix)) {
      throw InputError(key + ": is the project file; keep the key in a file of its own");
    }
  }
}

struct FindOptions {
  std::vector<std::string> documents;
  std::string key;
  bool only_new = false;
  std::int64_t min_count = 1;
  OutputOptions output;
};

void run_find(const FindOptions& options, Context& context) {
  if (options.only_new && options.key.empty()) throw InputError("--new needs --key FILE");
  const store::Project project = context.open_project();
  std::vector<model::Document> documents;
  if (options.documents.empty()) {
    for (const auto& d : project.documents()) documents.push_back(project.load_document(d.name));
  } else {
    for (const auto& name : options.documents) {
      documents.push_back(project.load_document(project.resolve_document(name).name));
    }
  }
  std::optional<coding::PseudonymKey> key;
  if (!options.key.empty()) key = load(options.key);
  std::vector<std::string> columns = {"candidate", "category", "found as", "count", "documents"};
  if (key) columns.push_back("in key");
  columns.insert(columns.end(), {"first in", "context"});
  table::Table table{columns, {}};
  for (const auto& c : coding::find_candidates(documents)) {
    if (c.count < options.min_count && c.reasons.find("speaker") == std::string::npos) continue;
    const coding::PseudonymEntry* entry = key ? key->find(c.text) : nullptr;
    if (options.only_new && entry != nullptr) continue;
    std::vector<table::Cell> row = {c.text, std::string(coding::to_string(c.category)),
                                     c.reasons, c.count, c.documents};
    if (key) row.emplace_back(entry ? entry->pseudonym : std::string());
    row.emplace_back(c.document);
    row.emplace_back(c.context);
    table.rows.push_back(std::move(row));
  }
  emit(context, options.output, {{"candidates", std::move(table)}});
}

struct AddOptions {
  std::string from;
  std::vector<std::string> originals;
  std::string key;
  std::string category;
  std::string pseudonym;
  bool encrypt = false;
};

// Adds the rows of a candidates table (as `find --format csv` writes it, after the team
// deleted what is no name): columns `candidate` or `original`, optional `category` and
// `pseudonym`; rows of one pseudonym are spellings of one entity. Returns the rows added.
std::size_t add_from(coding::PseudonymKey& key, const std::string& path,
                     std::optional<coding::PseudonymCategory> category) {
  const auto rows = read_csv(read_file(path), path);
  if (rows.empty()) throw InputError(path + ": empty");
  const auto& header = rows.front().fields;
  auto column = [&](std::initializer_list<const char*> names) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < header.size(); ++i) {
      for (const char* name : names) {
        if (header[i] == name) return i;
      }
    }
    return std::nullopt;
  };
  const auto original = column({"candidate", "original"});
  if (!original) throw InputError(path + ":1: no column 'candidate' or 'original'");
  const auto category_column = column({"category"});
  const auto pseudonym_column = column({"pseudonym", "in key"});
  std::size_t added = 0;
  coding::PseudonymKey changed = key;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& fields = rows[r].fields;
    auto field = [&](std::optional<std::size_t> i) {
      return i && *i < fields.size() ? fields[*i] : std::string();
    };
    const std::string name = field(original);
    if (name.empty()) continue;
    try {
      std::optional<coding::PseudonymCategory> kind = category;
      if (!field(category_column).empty()) kind = coding::parse_category(field(category_column));
      const std::string pseudonym = field(pseudonym_column);
      const coding::PseudonymEntry* existing = changed.find(name);
      if (existing != nullptr && (pseudonym.empty() || existing->pseudonym == pseudonym)) {
        continue;  // in the key already
      }
      coding::add_pseudonym(changed, {name}, kind,
                            pseudonym.empty() ? std::nullopt : std::optional(pseudonym));
      ++added;
    } catch (const InputError& e) {
      throw InputError(path + ":" + std::to_string(rows[r].line) + ": " + e.what() +
                       "; nothing added");
    }
  }
  key = std::move(changed);
  return added;
}

void run_add(const AddOptions& options, Context& context) {
  check_apart(context, options.key);
  std::error_code ec;
  coding::PseudonymKey key;
  if (std::filesystem::exists(options.key, ec)) {
    key = load(options.key);
    if (options.encrypt && !key.lock) {
      throw InputError(options.key + ": --encrypt makes a new key; to lock this one use: "
                       "inzicht pseudonyms passphrase --key " + options.key);
    }
  } else {
    key = coding::new_key();
    if (options.encrypt) key.lock = coding::lock_with(passphrase_for(options.key, true));
  }
  const std::optional<coding::PseudonymCategory> category =
      options.category.empty() ? std::nullopt
                               : std::optional(coding::parse_category(options.category));
  if (!options.from.empty()) {
    const std::size_t added = add_from(key, options.from, category);
    coding::save_key(options.key, key);
    context.out << "added " << added << " entries from " << options.from << " to "
                << options.key << '\n';
    return;
  }
  if (options.originals.empty()) throw InputError("name an original spelling, or --from FILE");
  const coding::PseudonymEntry& entry = coding::add_pseudonym(
      key, options.originals, category,
      options.pseudonym.empty() ? std::nullopt : std::optional(options.pseudonym));
  const std::string pseudonym = entry.pseudonym;
  const std::string kind = coding::to_string(entry.category);
  coding::save_key(options.key, key);
  for (const auto& original : options.originals) {
    context.out << original << " → " << pseudonym << " (" << kind << ")\n";
  }
}

struct EditOptions {
  std::string name;
  std::string key;
  std::string category;
  std::string pseudonym;
  std::vector<std::string> add;
  std::vector<std::string> drop;
  bool remove = false;
};

void run_edit(const EditOptions& options, Context& context) {
  coding::PseudonymKey key = load(options.key);
  coding::PseudonymEntry* entry = key.find(options.name);
  if (entry == nullptr) {
    throw NotFoundError(options.key + ": no pseudonym or original '" + options.name +
                        "' (inzicht pseudonyms list shows them)");
  }
  if (options.remove) {
    const std::string pseudonym = entry->pseudonym;
    std::erase_if(key.entries,
                  [&](const coding::PseudonymEntry& e) { return e.pseudonym == pseudonym; });
    coding::save_key(options.key, key);
    context.out << "removed " << pseudonym << '\n';
    return;
  }
  if (!options.pseudonym.empty()) entry->pseudonym = options.pseudonym;
  if (!options.category.empty()) entry->category = coding::parse_category(options.category);
  for (const auto& spelling : options.drop) {
    const auto before = entry->originals.size();
    std::erase(entry->originals, spelling);
    if (entry->originals.size() == before) {
      throw NotFoundError("'" + spelling + "' is not a spelling of " + entry->pseudonym);
    }
  }
  const std::string pseudonym = entry->pseudonym;
  if (!options.add.empty()) {
    coding::add_pseudonym(key, options.add, std::nullopt, pseudonym);
  } else {
    coding::check_key(key);
  }
  coding::save_key(options.key, key);
  const coding::PseudonymEntry& edited = *key.find(pseudonym);
  context.out << pseudonym << " (" << coding::to_string(edited.category) << "):";
  for (const auto& original : edited.originals) context.out << " " << original;
  context.out << '\n';
}

struct KeyOptions {
  std::string key;
  OutputOptions output;
};

void run_list(const KeyOptions& options, Context& context) {
  const coding::PseudonymKey key = load(options.key);
  table::Table table{{"pseudonym", "category", "originals"}, {}};
  for (const auto& entry : key.entries) {
    std::string originals;
    for (const auto& original : entry.originals) {
      originals += (originals.empty() ? "" : " | ") + original;
    }
    table.rows.push_back({entry.pseudonym, std::string(coding::to_string(entry.category)),
                          originals});
  }
  emit(context, options.output, {{"pseudonyms", std::move(table)}});
}

struct ApplyOptions {
  std::string key;
  bool dry_run = false;
};

void print_run(Context& context, const coding::PseudonymRun& run, const char* verb) {
  context.out << verb << " " << run.replacements << " replacements in " << run.documents
              << " documents, " << run.fields << " other fields (speakers, names, memos, "
              << "attributes, code descriptions); " << run.codings_moved << " codings moved; key "
              << run.fingerprint << '\n';
}

void run_apply(const ApplyOptions& options, Context& context) {
  check_apart(context, options.key);
  store::Project project = context.open_project();
  coding::PseudonymKey key = load(options.key);
  const coding::PseudonymRun run =
      coding::apply_pseudonyms(project, key, options.key, options.dry_run);
  if (options.dry_run) {
    table::Table table{{"pseudonym", "replacements"}, {}};
    for (const auto& [pseudonym, count] : run.by_pseudonym) table.rows.push_back({pseudonym, count});
    table::write(context.out, table, table::Format::table);
    print_run(context, run, "Would make");
    return;
  }
  print_run(context, run, "Made");
  if (!run.vacuumed || !run.checkpointed) {
    context.err << "inzicht: warning: another program has " << project.path()
                << " open, so old text may remain in free pages or the WAL; close it and run "
                   "`inzicht pseudonyms status --clean`\n";
    context.status = 1;
  }
}

void run_revert(const ApplyOptions& options, Context& context) {
  check_apart(context, options.key);
  store::Project project = context.open_project();
  coding::PseudonymKey key = load(options.key);
  print_run(context, coding::revert_pseudonyms(project, key, options.key), "Restored");
}

struct StatusOptions {
  bool clean = false;
};

void run_status(const StatusOptions& options, Context& context) {
  store::Project project = context.open_project();
  if (options.clean) {
    const store::Scrub scrub = project.rewrite_participant_texts(
        [](const store::ParticipantTexts& texts) { return store::ParticipantRewrite{texts, {}}; },
        true);
    if (!scrub.vacuumed || !scrub.checkpointed) {
      throw InputError(project.path() + ": another program has the project open; close it and "
                       "try again");
    }
  }
  const coding::PseudonymStatus status = coding::pseudonym_status(project);
  if (!status.pseudonymised) {
    context.out << "not pseudonymised\n";
  } else {
    context.out << "pseudonymised at " << status.applied_at << " with key " << status.fingerprint
                << " (" << status.replacements << " replacements)\n";
  }
  if (options.clean) context.out << "cleaned: VACUUM, WAL checkpointed and truncated\n";
}

struct PassphraseOptions {
  std::string key;
  bool remove = false;
};

void run_passphrase(const PassphraseOptions& options, Context& context) {
  coding::PseudonymKey key = load(options.key);
  if (options.remove) {
    key.lock.reset();
  } else {
    key.lock =
        coding::lock_with(passphrase_for(options.key, true, "INZICHT_NEW_PASSPHRASE"));
  }
  coding::save_key(options.key, key);
  context.out << options.key << (key.lock ? ": encrypted with the new passphrase\n"
                                          : ": no longer encrypted\n");
}

}  // namespace

void setup_pseudonyms(CLI::App& app, Context& context) {
  CLI::App* group = app.add_subcommand(
      "pseudonyms", "Pseudonymise the project with a key kept apart from it, and restore it");
  group->require_subcommand(1);

  auto find = std::make_shared<FindOptions>();
  CLI::App* find_command = group->add_subcommand(
      "find", "Candidates for the key: speakers, names, organisations, places, e-mail, phone, "
              "dates, postcodes, with counts and context");
  find_command->add_option("--docs", find->documents, "Only these documents");
  find_command->add_option("--key", find->key, "Show which candidates the key has already");
  find_command->add_flag("--new", find->only_new, "Only candidates not in the key");
  find_command->add_option("--min-count", find->min_count, "Leave out rarer candidates")
      ->check(CLI::PositiveNumber);
  add_output_options(*find_command, find->output);
  find_command->callback([find, &context] { run_find(*find, context); });

  auto add = std::make_shared<AddOptions>();
  CLI::App* add_command = group->add_subcommand(
      "add", "Add spellings of one person, organisation, place … to the key (made if new)");
  add_command->add_option("original", add->originals, "Spellings as in the text");
  add_command->add_option("--from", add->from,
                          "Add every row of a CSV table (find --format csv, edited): columns "
                          "candidate or original, optional category and pseudonym");
  add_command->add_option("--key", add->key, "The key file")->required();
  add_command->add_option("--category", add->category,
                          "person (default), organisation, place, date or other");
  add_command->add_option("--as", add->pseudonym,
                          "The pseudonym (default [Persoon N], [School N], [Plaats N] …); an "
                          "existing one takes these spellings too");
  add_command->add_flag("--encrypt", add->encrypt,
                        "Encrypt a new key with a passphrase ($INZICHT_PASSPHRASE or asked)");
  add_command->callback([add, &context] { run_add(*add, context); });

  auto edit = std::make_shared<EditOptions>();
  CLI::App* edit_command =
      group->add_subcommand("edit", "Change an entry of the key, found by pseudonym or spelling");
  edit_command->add_option("name", edit->name, "Its pseudonym or one of its spellings")
      ->required();
  edit_command->add_option("--key", edit->key, "The key file")->required();
  edit_command->add_option("--as", edit->pseudonym, "A new pseudonym");
  edit_command->add_option("--category", edit->category, "A new category");
  edit_command->add_option("--spelling", edit->add, "Add a spelling (repeatable)");
  edit_command->add_option("--drop", edit->drop, "Remove a spelling (repeatable)");
  edit_command->add_flag("--remove", edit->remove, "Remove the whole entry");
  edit_command->callback([edit, &context] { run_edit(*edit, context); });

  auto list = std::make_shared<KeyOptions>();
  CLI::App* list_command = group->add_subcommand("list", "List the key's pseudonyms");
  list_command->add_option("--key", list->key, "The key file")->required();
  add_output_options(*list_command, list->output);
  list_command->callback([list, &context] { run_list(*list, context); });

  auto apply = std::make_shared<ApplyOptions>();
  CLI::App* apply_command = group->add_subcommand(
      "apply", "Replace every spelling in the key in every document, moving codings with it");
  apply_command->add_option("--key", apply->key, "The key file")->required();
  apply_command->add_flag("--dry-run", apply->dry_run, "Count what would be replaced");
  apply_command->callback([apply, &context] { run_apply(*apply, context); });

  auto revert = std::make_shared<ApplyOptions>();
  CLI::App* revert_command = group->add_subcommand(
      "revert", "Restore the original texts, names and codings with the key");
  revert_command->add_option("--key", revert->key, "The key file")->required();
  revert_command->callback([revert, &context] { run_revert(*revert, context); });

  auto status = std::make_shared<StatusOptions>();
  CLI::App* status_command =
      group->add_subcommand("status", "Whether the project is pseudonymised, and with which key");
  status_command->add_flag("--clean", status->clean,
                           "Also VACUUM and truncate the WAL, so no old text remains");
  status_command->callback([status, &context] { run_status(*status, context); });

  auto passphrase = std::make_shared<PassphraseOptions>();
  CLI::App* passphrase_command = group->add_subcommand(
      "passphrase", "Encrypt the key with a (new) passphrase ($INZICHT_NEW_PASSPHRASE or asked)");
  passphrase_command->add_option("--key", passphrase->key, "The key file")->required();
  passphrase_command->add_flag("--remove", passphrase->remove, "Store the key unencrypted");
  passphrase_command->callback([passphrase, &context] { run_passphrase(*passphrase, context); });
}

}  // namespace inzicht::cli
