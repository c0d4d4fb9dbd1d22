#pragma once
// What every command gets: where to write, and how to find the project.

#include <CLI/CLI.hpp>
#include <optional>
#include <ostream>
#include <string>

#include "base/progress.hpp"
#include "cli/cli.hpp"
#include "table/table.hpp"
#include "store/project.hpp"

namespace inzicht::cli {

struct Context {
  std::ostream& out;
  std::ostream& err;
  bool terminal = false;     // stderr is a terminal: show progress
  std::string project_flag;  // -p/--project as given, may be empty
  int status = 0;            // set to 1 by a command that failed in part

  // -p, then $INZICHT_PROJECT, then ./project.inzicht.
  std::string project_path() const;
  // Who codes: `flag` (--coder), else $INZICHT_CODER, else the operating-system user name.
  static std::string coder(const std::optional<std::string>& flag);
  store::Project open_project() const;
  // For commands that only read: no WAL switch, no migration (unless the schema is old).
  store::Project open_project_to_read() const;
};

// The conditions of `--where ATTR=VALUE` (repeatable): (attribute, value) pairs; an empty
// value means cases without the attribute. Throws InputError for one without a name or '='.
std::vector<std::pair<std::string, std::string>> parse_where(
    const std::vector<std::string>& conditions);

// Adds `--format` with the formats a listing offers.
void add_format_option(CLI::App& command, std::string& format, bool with_md = false);

// Where and how a listing writes its tables: `--format table|csv|json|md|xlsx`,
// `-o/--output FILE` (stdout by default), `--bom` (a UTF-8 byte-order mark before CSV, for
// Excel).
struct OutputOptions {
  std::string format;  // as given; empty when --format was not given
  std::string path;
  bool bom = false;

  // The format to write: --format, else the one -o's extension names (.csv, .json, .md,
  // .xlsx), else table. Throws InputError for xlsx without -o: a workbook is a binary file,
  // not for a terminal. `emit` calls it; a slow command calls it before its work as well.
  table::Format resolved() const;
};
void add_output_options(CLI::App& command, OutputOptions& options);
// Writes `sheets` as `options` say: to standard output, or to the file -o names (a
// workbook for xlsx). Throws InputError when the output file cannot be written.
void emit(Context& context, const OutputOptions& options, const std::vector<table::Sheet>& sheets);

// Every command, on `app` (run() and the study runner's check of a study file use it).
void setup_commands(CLI::App& app, Context& context);
void setup_run(CLI::App& app, Context& context);   // run STUDY.yaml
void setup_init(CLI::App& app, Context& context);  // init, language
void setup_import(CLI::App& app, Context& context);
void setup_attributes(CLI::App& app, Context& context);
void setup_listings(CLI::App& app, Context& context);  // docs, show, cases
void setup_search(CLI::App& app, Context& context);
void setup_codebook(CLI::App& app, Context& context);
void setup_coding(CLI::App& app, Context& context);    // code, uncode, memo, autocode, segments
void setup_analysis(CLI::App& app, Context& context);  // freq, matrix, cooccur
void setup_report(CLI::App& app, Context& context);
void setup_serve(CLI::App& app, Context& context, const Serve& serve);
void setup_query(CLI::App& app, Context& context);
void setup_agreement(CLI::App& app, Context& context);
void setup_words(CLI::App& app, Context& context);         // words, kwic
void setup_requirements(CLI::App& app, Context& context);  // requirements, review
void setup_personas(CLI::App& app, Context& context);      // cluster, personas, journey
void setup_qdpx(CLI::App& app, Context& context);          // qdpx import, qdpx export
void setup_pseudonyms(CLI::App& app, Context& context);
void setup_suggestions(CLI::App& app, Context& context);   // suggestions list|accept|reject

// A one-line progress indicator on a terminal's stderr.
class TerminalProgress : public Progress {
 public:
  explicit TerminalProgress(std::ostream& err) : err_(err) {}
  void step(std::size_t done, std::size_t total, const std::string& what) override {
    err_ << "\r\x1b[K[" << done + 1 << '/' << total << "] " << what << std::flush;
  }
  void finish() override { err_ << "\r\x1b[K" << std::flush; }

 private:
  std::ostream& err_;
};

}  // namespace inzicht::cli
