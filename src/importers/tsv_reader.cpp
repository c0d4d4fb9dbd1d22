// read_tsv: Whisper's --output_format tsv: a header "start\tend\ttext" and one row per
// segment, times in integer milliseconds. A "speaker" column, as diarising wrappers add,
// names the speaker.

#include <charconv>
#include <string>
#include <vector>

#include "importers/transcript_readers.hpp"
#include "base/error.hpp"
#include "text/text.hpp"

namespace inzicht::importers {

namespace {

std::vector<std::string_view> split_tabs(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

std::optional<std::int64_t> milliseconds(std::string_view field) {
  const std::string s = trimmed(field);
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

Extracted read_tsv(std::string_view bytes, const std::string& source,
                   const std::optional<std::string>& encoding) {
  Extracted extracted;
  extracted.cues = true;
  extracted.speakers_given = true;
  const text::Decoded decoded = text::decode(bytes, source, encoding);
  extracted.encoding = decoded.encoding;
  const std::string content = text::normalize_newlines(decoded.utf8);
  std::size_t line_number = 0, start_col = 0, end_col = 0, text_col = 0;
  std::optional<std::size_t> speaker_col;
  bool header = false, speakers = false;
  std::size_t at = 0;
  while (at < content.size()) {
    std::size_t nl = content.find('\n', at);
    if (nl == std::string::npos) nl = content.size();
    const std::string_view row(content.data() + at, nl - at);
    at = nl + 1;
    ++line_number;
    if (trimmed(row).empty()) continue;
    const auto fields = split_tabs(row);
    const std::string where = source + ":" + std::to_string(line_number);
    if (!header) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        const std::string name = text::fold_text(trimmed(fields[i]));
        if (name == "start") start_col = i + 1;
        if (name == "end") end_col = i + 1;
        if (name == "text") text_col = i + 1;
        if (name == "speaker") speaker_col = i;
      }
      if (!start_col || !text_col) {
        throw InputError(where + ": not a Whisper TSV transcript: the header must name the "
                         "columns start, end and text, separated by tabs");
      }
      header = true;
      continue;
    }
    if (extracted.lines.size() >= kMaxLines) {
      throw InputError(where + ": more than " + std::to_string(kMaxLines) + " rows");
    }
    if (fields.size() < text_col) throw InputError(where + ": expected a text column");
    const auto start = milliseconds(fields[start_col - 1]);
    if (!start) throw InputError(where + ": start is not a whole number of milliseconds");
    Line line;
    line.time_ms = start;
    if (end_col && end_col <= fields.size()) line.end_ms = milliseconds(fields[end_col - 1]);
    // The text is the rest of the row: Whisper does not escape tabs in it.
    std::string words;
    for (std::size_t i = text_col - 1; i < fields.size(); ++i) {
      if (speaker_col && i == *speaker_col) continue;
      if (!words.empty()) words += ' ';
      words += trimmed(fields[i]);
    }
    line.text = trimmed(words);
    if (speaker_col && *speaker_col < fields.size()) {
      std::string speaker = trimmed(fields[*speaker_col]);
      if (!speaker.empty()) line.speaker = std::move(speaker);
      speakers = speakers || line.speaker.has_value();
    }
    if (!line.text.empty()) extracted.lines.push_back(std::move(line));
  }
  if (extracted.lines.empty()) throw InputError(source + ": no transcript rows found");
  extracted.layout = speakers ? "Whisper TSV with speakers" : "Whisper TSV without speakers";
  return extracted;
}

}  // namespace inzicht::importers
