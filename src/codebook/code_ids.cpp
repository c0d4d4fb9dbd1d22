// Code ids: new GUIDs, and writing them back into a codebook file without disturbing the
// rest of it (comments, order and quoting are the researcher's, and show up in diffs).

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

#include "codebook/codebook_io.hpp"
#include "codebook/yaml_reader.hpp"
#include "base/error.hpp"

namespace inzicht::codebook {
namespace {

std::mt19937_64 seeded_engine() {
  std::random_device device;
  std::array<std::uint32_t, 8> seed{};
  for (auto& value : seed) value = device();
  std::seed_seq sequence(seed.begin(), seed.end());
  return std::mt19937_64(sequence);
}

struct Insertion {
  std::size_t byte = 0;
  std::string text;
};

// Byte offsets of the start of every line, plus the text's length.
std::vector<std::size_t> line_starts(const std::string& text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') starts.push_back(i + 1);
  }
  if (starts.back() != text.size()) starts.push_back(text.size());
  return starts;
}

std::size_t indentation(std::string_view line) {
  const std::size_t first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? line.size() : first;
}

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

std::string new_guid() {
  thread_local std::mt19937_64 engine = seeded_engine();
  std::array<std::uint8_t, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t random = engine();
    for (std::size_t k = 0; k < 8; ++k) {
      bytes[i + k] = static_cast<std::uint8_t>(random >> (8 * k));
    }
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<std::uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string guid;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) guid += '-';
    guid += kHex[bytes[i] >> 4];
    guid += kHex[bytes[i] & 0x0f];
  }
  return guid;
}

std::string add_missing_ids(const std::string& text, model::Codebook& codebook) {
  const ParsedYaml parsed = read_yaml(text, "codebook");
  const auto& codes = parsed.codebook.codes;
  const bool same =
      codes.size() == codebook.codes.size() &&
      std::equal(codes.begin(), codes.end(), codebook.codes.begin(),
                 [](const model::Code& a, const model::Code& b) { return a.path == b.path; });
  if (!same) throw InputError("add_missing_ids: the codebook was not read from this text");

  // yaml-cpp counts columns on the first line after a byte-order mark.
  const std::size_t bom = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  const std::vector<std::size_t> starts = line_starts(text);
  const auto line_text = [&](std::size_t line) {
    return std::string_view(text).substr(starts[line], starts[line + 1] - starts[line]);
  };
  std::vector<Insertion> insertions;
  std::vector<std::string> expected(codes.size());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const CodeSite& site = parsed.sites[i];
    if (site.has_id) continue;
    model::Code& code = codebook.codes[i];
    if (code.guid.empty()) code.guid = new_guid();
    expected[i] = code.guid;
    const auto line = static_cast<std::size_t>(site.name_line);
    const auto column = static_cast<std::size_t>(site.name_column);
    if (site.flow) {
      insertions.push_back(
          {starts[line] + column + (line == 0 ? bom : 0), "id: " + code.guid + ", "});
      continue;
    }
    // The name's value may run on over more-indented lines (a block scalar, a long plain
    // text): the id goes after them.
    std::size_t last = line;
    for (std::size_t next = line + 1; next + 1 < starts.size(); ++next) {
      const std::string_view candidate = line_text(next);
      if (is_blank(candidate)) continue;
      if (indentation(candidate) <= column) break;
      last = next;
    }
    const std::string_view last_text = line_text(last);
    const bool crlf = last_text.size() >= 2 && last_text.substr(last_text.size() - 2) == "\r\n";
    const std::string eol = crlf ? "\r\n" : "\n";
    std::string entry = std::string(column, ' ') + "id: " + code.guid;
    if (last_text.empty() || last_text.back() != '\n') {
      entry = eol + entry;  // the name ends the file without a newline
    } else {
      entry += eol;
    }
    insertions.push_back({starts[last + 1], entry});
  }
  if (insertions.empty()) return text;

  std::sort(insertions.begin(), insertions.end(),
            [](const Insertion& a, const Insertion& b) { return a.byte > b.byte; });
  std::string result = text;
  for (const Insertion& insertion : insertions) result.insert(insertion.byte, insertion.text);

  // Layouts the scan above does not foresee must not corrupt the researcher's file.
  const ParsedYaml check = read_yaml(result, "codebook");
  for (std::size_t i = 0; i < codes.size(); ++i) {
    const bool ok = check.codebook.codes.size() == codes.size() &&
                    check.codebook.codes[i].path == codes[i].path &&
                    (expected[i].empty() || check.codebook.codes[i].guid == expected[i]);
    if (!ok) {
      throw InputError("could not write the id of " + codes[i].path +
                       " into the codebook; add 'id: " + codebook.codes[i].guid +
                       "' under its name by hand");
    }
  }
  return result;
}

}  // namespace inzicht::codebook
