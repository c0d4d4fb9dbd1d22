#include <fstream>

#include "cli/context.hpp"
#include "model/error.hpp"

namespace inzicht::cli {

void add_output_options(CLI::App& command, OutputOptions& options) {
  command.add_option("--format", options.format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json", "md"}))
      ->default_str("table");
  command.add_option("-o,--output", options.path, "Write to FILE instead of standard output");
  command.add_flag("--bom", options.bom, "Start CSV with a UTF-8 byte-order mark (for Excel)");
}

void emit(Context& context, const OutputOptions& options,
          const std::vector<report::Sheet>& sheets) {
  const report::Format format = report::parse_format(options.format);
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
