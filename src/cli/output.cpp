#include <cctype>
#include <filesystem>
#include <sstream>

#include "cli/context.hpp"
#include "base/error.hpp"
#include "base/files.hpp"
#include "table/xlsx.hpp"

namespace inzicht::cli {

table::Format OutputOptions::resolved() const {
  std::string name = format;
  if (name.empty()) {
    std::string extension = std::filesystem::path(path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name = extension == ".csv" || extension == ".json" || extension == ".md" || extension == ".xlsx"
               ? extension.substr(1)
               : "table";
  }
  const table::Format chosen = table::parse_format(name);
  if (chosen == table::Format::xlsx && path.empty()) {
    throw InputError(
        "--format xlsx writes a binary workbook, not text for a terminal: add -o FILE.xlsx");
  }
  return chosen;
}

void add_output_options(CLI::App& command, OutputOptions& options) {
  command
      .add_option("--format", options.format,
                  "Output format: table, csv, json, md or xlsx (default: from the -o file's "
                  "extension, else table; xlsx needs -o)")
      ->check(CLI::IsMember({"table", "csv", "json", "md", "xlsx"}));
  command.add_option("-o,--output", options.path, "Write to FILE instead of standard output");
  command.add_flag("--bom", options.bom, "Start CSV with a UTF-8 byte-order mark (for Excel)");
}

void emit(Context& context, const OutputOptions& options,
          const std::vector<table::Sheet>& sheets) {
  const table::Format format = options.resolved();
  if (format == table::Format::xlsx) {
    table::write_workbook(options.path, sheets);
    context.err << "Wrote " << options.path << '\n';
    return;
  }
  const auto write_to = [&](std::ostream& out) {
    if (options.bom && format == table::Format::csv) out << "\xEF\xBB\xBF";
    table::write(out, sheets, format);
  };
  // Rendered whole first: written cell by cell, std::cout's calls into stdio were a tenth
  // of `matrix` over 10,000 cases.
  std::ostringstream bytes;
  write_to(bytes);
  if (options.path.empty()) {
    context.out << bytes.view();
    return;
  }
  write_file_atomically(options.path, bytes.str());  // never half a table
  context.err << "Wrote " << options.path << '\n';
}

}  // namespace inzicht::cli
