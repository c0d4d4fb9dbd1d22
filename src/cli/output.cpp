#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/context.hpp"
#include "model/error.hpp"
#include "report/xlsx.hpp"

namespace inzicht::cli {

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path + ": cannot open for reading");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

report::Format OutputOptions::resolved() const {
  std::string name = format;
  if (name.empty()) {
    std::string extension = std::filesystem::path(path).extension().string();
    for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    name = extension == ".csv" || extension == ".json" || extension == ".md" || extension == ".xlsx"
               ? extension.substr(1)
               : "table";
  }
  const report::Format chosen = report::parse_format(name);
  if (chosen == report::Format::xlsx && path.empty()) {
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
          const std::vector<report::Sheet>& sheets) {
  const report::Format format = options.resolved();
  if (format == report::Format::xlsx) {
    report::write_workbook(options.path, sheets);
    context.err << "Wrote " << options.path << '\n';
    return;
  }
  const auto write_to = [&](std::ostream& out) {
    if (options.bom && format == report::Format::csv) out << "\xEF\xBB\xBF";
    report::write(out, sheets, format);
  };
  if (options.path.empty()) {
    write_to(context.out);
    return;
  }
  std::ofstream file(options.path, std::ios::binary | std::ios::trunc);
  if (!file) throw InputError(options.path + ": cannot write the output file");
  write_to(file);
  file.close();
  if (!file) throw InputError(options.path + ": writing the output file failed");
  context.err << "Wrote " << options.path << '\n';
}

}  // namespace inzicht::cli
