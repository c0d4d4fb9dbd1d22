#pragma once
// What a format reader hands to the document builder: the transcript as lines of text,
// before NFC normalisation and before speaker turns are recognised. One reader per format
// (txt_reader, docx_reader, odt_reader, subtitle_reader) turns bytes into this; the
// builder (document_builder.hpp) turns it into a model::Document.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "package/limits.hpp"

namespace inzicht::importers {

// One line of a transcript: valid UTF-8 without any '\n'.
struct Line {
  std::string text;
  // True where the source starts a new paragraph here (a new w:p or text:p, a line after
  // a blank line). A line break inside a paragraph gives a line with this false.
  bool starts_paragraph = true;
  // Set by readers whose format names the speaker itself (WebVTT `<v Name>` voices).
  std::optional<std::string> speaker;
  // Cue times of subtitle formats, in milliseconds from the start of the recording.
  std::optional<std::int64_t> time_ms;
  std::optional<std::int64_t> end_ms;
};

struct Extracted {
  std::vector<Line> lines;
  std::string encoding = "UTF-8";  // what the bytes were decoded from
  // True for subtitle formats (.srt, .vtt): every line is one cue, and consecutive cues of
  // one speaker are merged into one turn.
  bool cues = false;
};

// Limits against hostile files. Each breach is an InputError naming the file and limit.
// The limits of archives and XML are package/limits.hpp's.
inline constexpr std::uint64_t kMaxFileBytes = 256ull << 20;  // any input file
using package::kMaxZipEntries;
using package::kMaxZipEntryBytes;
using package::kMaxZipTotalBytes;
using package::kMaxXmlDepth;

}  // namespace inzicht::importers
